"""arXiv's OAI-PMH interface: pages of metadata records for a set (a category), in the
`arXiv` or `arXivRaw` format. Fetching only: pages in, OaiRecords out; the mirror
(readinglist.mirror) stores them, readinglist.harvest runs the loop.

What arXiv's documentation (info.arxiv.org/help/oa) asks of harvesters, and how it is met:

- the base URL is https://oaipmh.arxiv.org/oai (the old http://export.arxiv.org/oai2
  redirects there); RL_OAI_URL points elsewhere (a local server in tests);
- one request at a time, 3 seconds apart, like arXiv's other APIs (RL_OAI_DELAY), through
  sources.http's polite session, which spaces requests across every rl process;
- flow control is "503 Retry-After": the WebClient waits as long as the server asks (up to
  a minute) and tries again; a longer wait, or three failed tries, stops the harvest, which
  the mirror can continue from its last complete page;
- resumption tokens page through a list (about 1,000 records a page); they expire, so an
  old one is answered with badResumptionToken (ExpiredToken here) and the list is asked again;
- sets: the current interface names a category `group:archive:CATEGORY` (cs.CL is
  `cs:cs:CL`, astro-ph.GA is `physics:astro-ph:GA`) and a whole archive `cs` or
  `physics:hep-th`; `set_spec()` turns what users type into that. Whole archives such as
  `cs` are large enough that the server may time out: name categories.

Records carry arXiv's own metadata, so they are PaperRecords with source "arxiv".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple

from readinglist.errors import InvalidInput
from readinglist.identifiers import parse_arxiv_id
from readinglist.sources import PaperRecord
from readinglist.sources.http import (
    RETRY_STATUSES,
    BadResponse,
    Settings,
    Transient,
    WebClient,
)

DEFAULT_URL = "https://oaipmh.arxiv.org/oai"
# arXiv's terms of use for its APIs: no more than one request every three seconds.
DEFAULT_DELAY = 3.0
# A page of 1,000 records is 1-3 MB that the server assembles first: slower than a search.
DEFAULT_TIMEOUT = 60.0
FORMATS = ("arXiv", "arXivRaw")
DEFAULT_FORMAT = "arXiv"  # authors come as separate names; arXivRaw adds version dates

_OAI = "{http://www.openarchives.org/OAI/2.0/}"

# arXiv's archives by group, for set specs (arxiv.org/category_taxonomy). The physics group
# holds several archives; every other group is one archive of the same name.
PHYSICS_ARCHIVES = frozenset(
    ("astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph",
     "nlin", "nucl-ex", "nucl-th", "physics", "quant-ph")
)  # fmt: skip
OTHER_ARCHIVES = frozenset(("cs", "econ", "eess", "math", "q-bio", "q-fin", "stat"))
_CATEGORY = re.compile(r"^(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.(?P<sub>[A-Za-z-]+))?$")


class ExpiredToken(Exception):
    """The server no longer accepts a resumption token (badResumptionToken)."""


class OaiRecord(NamedTuple):
    """One record of a list: an arXiv paper's metadata, or the notice that it was deleted."""

    arxiv_id: str
    datestamp: str  # when the record last changed (YYYY-MM-DD)
    record: PaperRecord | None  # None when deleted
    sets: tuple[str, ...] = ()


class OaiPage(NamedTuple):
    """One answer to ListRecords."""

    records: list[OaiRecord]
    token: str | None  # asks for the next page; None: this was the last one
    list_size: int | None  # records in the whole list, when the server says
    cursor: int | None  # records before this page, when the server says
    response_date: str  # the server's clock (UTC), YYYY-MM-DD
    skipped: int = 0  # records whose id or title could not be read


class OaiSettings(Settings):
    """RL_OAI_URL, RL_OAI_DELAY and RL_OAI_TIMEOUT (the dataclass Settings, with arXiv's
    OAI-PMH defaults)."""

    @classmethod
    def from_env(cls, prefix: str = "RL_OAI", **defaults: Any) -> OaiSettings:
        return super().from_env(prefix, url=DEFAULT_URL, delay=DEFAULT_DELAY,
                                timeout=DEFAULT_TIMEOUT)  # fmt: skip


def set_spec(category: str) -> str:
    """The OAI set of an arXiv category or archive as users write it: cs.CL -> cs:cs:CL,
    astro-ph.GA -> physics:astro-ph:GA, hep-th -> physics:hep-th, cs -> cs. A set spec
    (anything with a colon) is taken as it is."""
    text = category.strip()
    if ":" in text and all(text.split(":")):
        return text
    m = _CATEGORY.match(text)
    archive, sub = (m["archive"], m["sub"]) if m else ("", None)
    if archive in PHYSICS_ARCHIVES:
        return f"physics:{archive}" + (f":{sub}" if sub else "")
    if archive in OTHER_ARCHIVES:
        return f"{archive}:{archive}:{sub}" if sub else archive
    raise InvalidInput(
        f"'{category}' is not an arXiv category. Give one such as cs.CL, cs.LG, stat.ML, "
        "math.AG, astro-ph.GA or hep-th (see arxiv.org/category_taxonomy)."
    )


def category_of(spec: str) -> str:
    """The category a set spec stands for, as users write it: cs:cs:CL -> cs.CL."""
    parts = spec.split(":")
    if len(parts) == 3:
        return f"{parts[1]}.{parts[2]}"
    return parts[-1]


class OaiClient:
    """Talks to an OAI-PMH interface politely. Keep one per run (see sources.http)."""

    def __init__(self, settings: OaiSettings | None = None) -> None:
        self.settings = settings or OaiSettings.from_env()
        self.web = WebClient(self.settings, "arXiv's OAI-PMH interface")

    def list_records(
        self,
        *,
        spec: str | None = None,
        metadata_prefix: str = DEFAULT_FORMAT,
        since: str | None = None,
        token: str | None = None,
    ) -> OaiPage:
        """One page of ListRecords: the first of a list (set `spec`, records changed from
        `since`, a YYYY-MM-DD date) or the one `token` asks for. Raises ExpiredToken for a
        token the server no longer knows, BadResponse for an answer that is not usable,
        Unavailable when the server cannot be reached."""
        if metadata_prefix not in FORMATS:
            raise InvalidInput(f"the metadata format must be one of {', '.join(FORMATS)}.")
        params: dict[str, str] = {"verb": "ListRecords"}
        if token is not None:
            params["resumptionToken"] = token
        else:
            params["metadataPrefix"] = metadata_prefix
            if spec:
                params["set"] = spec
            if since:
                params["from"] = since
        what = f"the records of {spec}" if spec else "a page of records"

        def attempt() -> OaiPage:
            response = self.web.session.get(self.settings.url, params=params)
            status = response.status_code
            if status in RETRY_STATUSES:
                raise Transient(f"{self.web.name} is busy (HTTP {status})",
                                retry_after=self.web.session.retry_after())  # fmt: skip
            if status != 200:
                raise BadResponse(
                    f"{self.web.name} refused {what} (HTTP {status}). Check RL_OAI_URL; if it "
                    "is right, try again later."
                )
            return parse_page(response.content, what=what)

        return self.web.with_retries(attempt, unreachable=f"cannot connect to {self.settings.url}")


# -- reading an answer -------------------------------------------------------------------------


def parse_page(content: bytes, *, what: str = "a page of records") -> OaiPage:
    """An OAI-PMH ListRecords answer, read. noRecordsMatch is an empty last page."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as e:
        raise BadResponse(
            f"the answer to {what} was not valid XML ({e}). Try again later; if it persists, "
            "check RL_OAI_URL."
        ) from None
    if root.tag != f"{_OAI}OAI-PMH":
        raise BadResponse(
            f"the answer to {what} was not an OAI-PMH response (<{_local(root.tag)}>). Check "
            "RL_OAI_URL."
        )
    response_date = (root.findtext(f"{_OAI}responseDate") or "")[:10]
    error = root.find(f"{_OAI}error")
    if error is not None:
        code = error.get("code", "")
        text = " ".join((error.text or "").split())
        if code == "noRecordsMatch":
            return OaiPage([], None, 0, 0, response_date)
        if code == "badResumptionToken":
            raise ExpiredToken(text)
        raise BadResponse(f"the OAI-PMH server refused {what}: {code}: {text}")
    listing = root.find(f"{_OAI}ListRecords")
    if listing is None:
        raise BadResponse(f"the answer to {what} holds no ListRecords. Check RL_OAI_URL.")
    records: list[OaiRecord] = []
    skipped = 0
    for element in listing.iterfind(f"{_OAI}record"):
        found = _read_record(element)
        if found is None:
            skipped += 1
        else:
            records.append(found)
    token, size, cursor = None, None, None
    resumption = listing.find(f"{_OAI}resumptionToken")
    if resumption is not None:
        # The last page of a list carries an empty token (or none at all).
        token = (resumption.text or "").strip() or None
        size = _int(resumption.get("completeListSize"))
        cursor = _int(resumption.get("cursor"))
    return OaiPage(records, token, size, cursor, response_date, skipped)


def _read_record(element: Any) -> OaiRecord | None:
    header = element.find(f"{_OAI}header")
    if header is None:
        return None
    identifier = (header.findtext(f"{_OAI}identifier") or "").strip()
    parsed = parse_arxiv_id(identifier.rsplit(":", 1)[-1]) if identifier else None
    if parsed is None:
        return None
    datestamp = (header.findtext(f"{_OAI}datestamp") or "").strip()
    sets = tuple((s.text or "").strip() for s in header.iterfind(f"{_OAI}setSpec"))
    if header.get("status") == "deleted":
        return OaiRecord(parsed.id, datestamp, None, sets)
    metadata = element.find(f"{_OAI}metadata")
    body = next(iter(metadata), None) if metadata is not None else None
    if body is None:
        return None
    # Repeated elements (arXivRaw's <version>) are read by iter_versions; the rest are single.
    fields = {_local(child.tag): child for child in body}
    kind = _local(body.tag)
    if kind == "arXivRaw":
        record = _arxiv_raw(parsed.id, fields, list(iter_versions(body)))
    elif kind == "arXiv":
        record = _arxiv(parsed.id, fields)
    else:
        return None  # another format (oai_dc): not what was asked for
    if record is None:
        return None
    return OaiRecord(parsed.id, datestamp, record, sets)


def _arxiv(arxiv_id: str, fields: dict[str, Any]) -> PaperRecord | None:
    """The `arXiv` format: authors as keyname and forenames, created and updated dates."""
    names = []
    authors = fields.get("authors")
    for author in authors if authors is not None else ():
        parts = {_local(part.tag): _text(part) for part in author}
        name = " ".join(p for p in (parts.get("forenames"), parts.get("keyname"),
                                    parts.get("suffix")) if p)  # fmt: skip
        if name:
            names.append(name)
    created = _text(fields.get("created"))
    updated = _text(fields.get("updated")) or created
    return _record(arxiv_id, fields, tuple(names), None, created, updated)


def _arxiv_raw(
    arxiv_id: str, fields: dict[str, Any], versions: list[tuple[int, str]]
) -> PaperRecord | None:
    """The `arXivRaw` format: authors as one line, every version with its date."""
    version, published, updated = None, None, None
    if versions:
        version, published, updated = versions[-1][0], versions[0][1], versions[-1][1]
    authors = split_authors(_text(fields.get("authors")))
    return _record(arxiv_id, fields, authors, version, published, updated)


def _record(
    arxiv_id: str,
    fields: dict[str, Any],
    authors: tuple[str, ...],
    version: int | None,
    published: str | None,
    updated: str | None,
) -> PaperRecord | None:
    title = _text(fields.get("title"))
    if not title:
        return None
    categories = tuple(_text(fields.get("categories")).split())
    dois = _text(fields.get("doi")).split()
    year = int(published[:4]) if published and published[:4].isdigit() else None
    return PaperRecord(
        title=title,
        source="arxiv",
        source_id=arxiv_id,
        arxiv_id=arxiv_id,
        version=version,
        authors=authors,
        year=year,
        abstract=_text(fields.get("abstract")) or None,
        published=published or None,
        updated=updated or None,
        categories=categories,
        doi=dois[0] if dois else None,
        venue=_text(fields.get("journal-ref")) or None,
        comment=_text(fields.get("comments")) or None,
        url=f"https://arxiv.org/abs/{arxiv_id}",
    )


def split_authors(line: str) -> tuple[str, ...]:
    """arXivRaw's author line as names: "A. One, B. Two (MIT), and C. Three" -> three names.
    Affiliations in parentheses, however nested, are dropped."""
    depth, kept = 0, []
    for ch in line:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(ch)
    text = " ".join("".join(kept).split())
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text)
    return tuple(p.strip() for p in parts if p.strip())


def _text(element: Any) -> str:
    """An element's text on one line (arXiv folds titles and abstracts at 79 columns)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def iter_versions(body: Any) -> Iterator[tuple[int, str]]:
    """(number, ISO date) of each <version version="vN"><date>RFC 822</date> of arXivRaw."""
    for child in body:
        if _local(child.tag) != "version":
            continue
        number = _int((child.get("version") or "").lstrip("v"))
        date = next((_text(d) for d in child if _local(d.tag) == "date"), "")
        try:
            when = parsedate_to_datetime(date).astimezone(UTC)
        except (TypeError, ValueError):
            continue
        if number is not None:
            yield number, when.isoformat(timespec="seconds")
