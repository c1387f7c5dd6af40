"""arXiv as a metadata source: the arXiv API, and PDFs from arxiv.org. The only module that
imports `arxiv` (arxiv.py).

Fetching only: functions here return plain PaperRecords (or PDF bytes) and never touch the
knowledge base (caching and storing live elsewhere).

arxiv 4.0.2's Client sends requests without a timeout, retries immediately (no backoff), and
spaces requests only within one Client. So we hand it a requests.Session of our own that puts
a timeout on every request, waits its turn (one request at a time, RL_ARXIV_DELAY apart, across
every rl process on the machine: see sources.http), and checks that a 200 answer really is
an Atom feed; we run the Client with num_retries=0 and retry ourselves, with backoff, on
429/5xx and on connection errors and timeouts.

PDFs come through the same session (`fetch_pdf`), so a run that looks papers up and downloads
their PDFs keeps to one request at a time, RL_ARXIV_DELAY apart, with the same retries.

Settings come from the environment: RL_ARXIV_URL (a mirror, or a local server in tests),
RL_ARXIV_DELAY (seconds between requests, default 3: arXiv's terms of use),
RL_ARXIV_TIMEOUT (seconds to wait for an answer, default 15) and RL_ARXIV_PDF_MAX_MB (the
largest PDF we download, default 50).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin, urlsplit

from readinglist import __version__
from readinglist.errors import InvalidInput
from readinglist.identifiers import PaperId, parse_arxiv_id
from readinglist.matching import SMALL_WORDS, normalise_title
from readinglist.sources import PaperRecord
from readinglist.sources.http import (
    RETRY_STATUSES,
    BadResponse,
    Settings,
    Transient,
    Unavailable,
    WebClient,
    parse_retry_after,
)

if TYPE_CHECKING:
    import arxiv

DEFAULT_URL = "https://export.arxiv.org/api/query"
DEFAULT_DELAY = 3.0
DEFAULT_TIMEOUT = 15.0
DEFAULT_PDF_MAX_MB = 50.0
# arXiv serves PDFs directly; a short chain covers a mirror's http -> https hop.
MAX_REDIRECTS = 3
_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
_ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"


# arXiv could not be reached, or did not answer in time, after every try.
ArxivUnavailable = Unavailable
# arXiv answered, but not with a usable feed (HTTP 4xx, malformed XML, an error entry).
ArxivBadResponse = BadResponse


class ArxivSettings(Settings):
    """RL_ARXIV_URL, RL_ARXIV_DELAY, RL_ARXIV_TIMEOUT and RL_ARXIV_PDF_MAX_MB (the dataclass
    Settings, with arXiv's defaults)."""

    env_prefix = "RL_ARXIV"
    env_defaults: ClassVar[dict[str, Any]] = {
        "url": DEFAULT_URL,
        "delay": DEFAULT_DELAY,
        "timeout": DEFAULT_TIMEOUT,
        "pdf_max_mb": DEFAULT_PDF_MAX_MB,
    }


# Words arXiv's query syntax reads as operators, whatever their case.
QUERY_OPERATORS = frozenset({"and", "or", "not", "andnot"})
MAX_QUERY_WORDS = 12


def title_query(title: str) -> str:
    """An arXiv search query for papers whose title has all the title's significant words.

    Only words survive, so nothing the user typed can act as query syntax (`:` fields, `-`,
    `?` and `*` wildcards, quotes, AND/OR/NOT). Hyphenated words are split, which is also how
    arXiv indexes them. $math$ is dropped: arXiv indexes its TeX source unpredictably.
    """
    text = re.sub(r"\$[^$]*\$", " ", title)
    words: list[str] = []
    for word in normalise_title(text).split():
        if word in SMALL_WORDS or word in QUERY_OPERATORS or (len(word) == 1 and word.isalpha()):
            continue
        if word not in words:
            words.append(word)
    if not words:
        # A title of small words only ("To Be or Not to Be"): inside quotes they are literal.
        phrase = normalise_title(text)
        return f'ti:"{phrase}"' if phrase else ""
    return " AND ".join(f"ti:{w}" for w in words[:MAX_QUERY_WORDS])


class ArxivSource:
    """arXiv as a MetadataSource (settings from the RL_ARXIV_* variables)."""

    name = "arxiv"
    _client: ArxivClient | None = None

    @property
    def client(self) -> ArxivClient:
        # Made at the first request, so that a source only listed costs nothing.
        if self._client is None:
            self._client = ArxivClient()
        return self._client

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        arxiv = parse_arxiv_id(ident.value) if ident.scheme == "arxiv" else None
        if arxiv is None:
            return None
        for record in self.client.fetch_ids([str(arxiv)]):
            if record.arxiv_id == arxiv.id:
                return record
        return None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        query = title_query(title)
        return self.client.search(query, max_results=limit) if query else []

    # -- many papers at once: one request where arXiv's terms would ask for many -----------

    def lookup_many(self, idents: Sequence[PaperId]) -> dict[PaperId, PaperRecord | None]:
        """The papers of many arXiv ids in one request (arXiv takes up to IDS_PER_REQUEST):
        each id with its record, or None when arXiv does not know it."""
        wanted = {ident: parse_arxiv_id(ident.value) for ident in idents}
        versioned = [str(a) for a in wanted.values() if a is not None]
        found = {r.arxiv_id: r for r in self.client.fetch_ids(versioned)} if versioned else {}
        return {ident: found.get(a.id) if a else None for ident, a in wanted.items()}

    def search_titles(self, titles: Sequence[str], limit: int) -> dict[str, list[PaperRecord]]:
        """What `search_title` would answer for each title, from one request: the titles'
        queries ORed. A title's share is the records its own query would have matched (every
        significant word in the title, as arXiv's stemming finds it). Raises Incomplete when
        arXiv has more results than one page holds, since a title's best match could then be
        missing (ask for those titles one at a time)."""
        queries = {title: title_query(title) for title in titles}
        asked = [f"({q})" for q in dict.fromkeys(queries.values()) if q]
        if not asked:
            return {title: [] for title in titles}
        if len(asked) == 1:  # one query after all: exactly what search_title asks
            records = self.client.search(asked[0][1:-1], max_results=limit)
            return {title: records if query else [] for title, query in queries.items()}
        size = min(limit * len(asked), MAX_RESULTS_PER_REQUEST)
        records = self.client.search(" OR ".join(asked), max_results=size)
        if len(records) >= size:
            raise Incomplete(f"{len(asked)} titles found {size} or more papers")
        return {title: [r for r in records if _covers(r.title, query)][:limit]
                for title, query in queries.items()}  # fmt: skip


class Incomplete(Exception):
    """A combined search found more papers than one answer holds."""


# arXiv takes up to 2,000 results a request, but an answer that long takes a while to send.
MAX_RESULTS_PER_REQUEST = 1000
IDS_PER_REQUEST = 100
_QUERY_WORD = re.compile(r"ti:(\w+)")
_SUFFIX = re.compile(r"(?:ations?|ings?|ies|ied|ers?|ed|es|s|ly)$")


def _stem(word: str) -> str:
    """A light stand-in for arXiv's stemming: enough to say whether a title has a word."""
    stemmed = _SUFFIX.sub("", word)
    return stemmed if len(stemmed) >= 3 else word


def _covers(title: str, query: str) -> bool:
    """Whether arXiv's answer to `query` (ti:a AND ti:b ...) would include `title`."""
    have = {_stem(w) for w in normalise_title(title).split()}
    if query.startswith('ti:"'):
        return all(_stem(w) in have for w in query[4:-1].split())
    return all(_stem(w) in have for w in _QUERY_WORD.findall(query))


class ArxivClient:
    """Talks to the arXiv API politely. Keep one per run: it spaces all its requests apart.

    After arXiv proved unreachable (every try failed), further calls fail at once with the same
    error instead of waiting through the retries again, so `rl resolve --all` over many papers
    ends quickly when the network is down.
    """

    def __init__(self, settings: ArxivSettings | None = None) -> None:
        import arxiv

        agent = f"rl/{__version__} (arxiv.py/{arxiv.__version__})"
        self.web = (
            WebClient(settings, "arXiv", user_agent=agent, check=_check_feed)
            if settings is not None
            else WebClient.from_env(ArxivSettings, "arXiv", user_agent=agent, check=_check_feed)
        )
        self.settings = self.web.settings

    def fetch_ids(self, ids: Sequence[str]) -> list[PaperRecord]:
        """Records for arXiv ids (with or without version), in the order arXiv returns them.

        Ids arXiv does not know are simply missing from the result.
        """
        import arxiv

        if not ids:
            return []
        search = arxiv.Search(id_list=list(ids), max_results=len(ids))
        return self._fetch(search, len(ids), what=f"arXiv id {', '.join(ids)}")

    def search(self, query: str, max_results: int = 25) -> list[PaperRecord]:
        """Records for an arXiv search query (arXiv's syntax, e.g. `ti:memory AND ti:networks`),
        in arXiv's relevance order. One request for up to `max_results` results."""
        import arxiv

        search = arxiv.Search(query=query, max_results=max_results)
        return self._fetch(search, max_results, what=f"the search {query}")

    def pdf_url(self, arxiv_id: str) -> str:
        """Where the PDF of `arxiv_id` (with or without version) is: /pdf/ID on the API's host.
        By default that is export.arxiv.org, the host arXiv asks programs to use; a mirror or
        the local test server set through RL_ARXIV_URL serves its own."""
        api = urlsplit(self.settings.url)
        return f"{api.scheme}://{api.netloc}/pdf/{arxiv_id}"

    def fetch_pdf(self, arxiv_id: str) -> bytes:
        """The PDF of an arXiv paper (`1706.03762` for the latest version, `1706.03762v5` for
        that one), checked to be a PDF and at most RL_ARXIV_PDF_MAX_MB, as bytes.

        Only arxiv.org hosts over https are asked (and the RL_ARXIV_URL host), redirects
        included. Same spacing, timeout and retries as the API requests."""

        ident = parse_arxiv_id(arxiv_id)
        if ident is None:
            raise InvalidInput(f"'{arxiv_id}' is not an arXiv id (e.g. 1706.03762).")
        session = self.web.session
        what = f"the PDF of arXiv {ident}"

        def attempt() -> bytes:
            response, url = self._get_pdf(session, self.pdf_url(str(ident)), what)
            with response:
                status = response.status_code
                if status == 200:
                    return _read_pdf(response, self.settings, what, url)
                if status not in RETRY_STATUSES:
                    raise ArxivBadResponse(_refusal(status, what, url))
                raise Transient(
                    f"arXiv is busy (HTTP {status})",
                    retry_after=parse_retry_after(response.headers.get("Retry-After")),
                )

        return self.web.with_retries(attempt, unreachable=f"cannot download {what}")

    # -- internals -------------------------------------------------------------------------

    def _get_pdf(self, session: Any, url: str, what: str) -> tuple[Any, str]:
        """The response for `url`, redirects followed one by one so that every hop is checked
        before it is asked (requests would follow them to any host)."""
        for _ in range(MAX_REDIRECTS + 1):
            self._check_pdf_url(url, what)
            response = session.get(url, stream=True, allow_redirects=False, check=False)
            if not response.is_redirect:
                return response, url
            location = response.headers.get("Location", "")
            response.close()
            url = urljoin(url, location)
        raise ArxivBadResponse(
            f"arXiv redirected {what} more than {MAX_REDIRECTS} times. Try again later."
        )

    def _check_pdf_url(self, url: str, what: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        on_arxiv = parts.scheme == "https" and (host == "arxiv.org" or host.endswith(".arxiv.org"))
        api = urlsplit(self.settings.url)
        configured = (parts.scheme, parts.netloc.lower()) == (api.scheme, api.netloc.lower())
        if not (on_arxiv or configured):
            raise ArxivBadResponse(
                f"refusing to download {what} from {url}: PDFs are fetched only from arxiv.org "
                f"over https (or from the RL_ARXIV_URL host, {api.netloc}). Download it yourself "
                "and attach it with: rl pdf REF FILE"
            )

    def _fetch(self, search: arxiv.Search, page_size: int, what: str) -> list[PaperRecord]:
        import arxiv

        session = self.web.session
        client = arxiv.Client(page_size=page_size, delay_seconds=0, num_retries=0)
        client._session = session  # our timeout, spacing and feed check (see module doc)
        separator = "&" if "?" in self.settings.url else "?"
        client.query_url_format = self.settings.url + separator + "{}"

        def attempt() -> list[PaperRecord]:
            try:
                return [r for r in (_record(res) for res in client.results(search)) if r]
            except arxiv.HTTPError as e:
                if e.status not in RETRY_STATUSES:
                    last = session.last_response
                    detail = (_error_summary(last.content) if last is not None else None) or ""
                    raise ArxivBadResponse(
                        f"arXiv refused {what} (HTTP {e.status}{': ' + detail if detail else ''})."
                        " Check the id or title; if it looks right, try again later."
                    ) from None
                raise Transient(
                    f"arXiv is busy (HTTP {e.status})", retry_after=session.retry_after()
                ) from None
            except _MalformedFeed as e:
                raise ArxivBadResponse(
                    f"arXiv's answer to {what} was not a valid feed ({e}). Try again later; "
                    "if it persists, check RL_ARXIV_URL."
                ) from None
            except arxiv.UnexpectedEmptyPageError:
                raise Transient(
                    "arXiv returned an empty page in the middle of the results"
                ) from None

        return self.web.with_retries(attempt, unreachable=f"cannot connect to {self.settings.url}")


class _MalformedFeed(Exception):
    """A 200 answer that is not an arXiv Atom feed. Raised from inside our session so that
    arxiv's client (which would read an unparseable page as "no results") never sees it."""


def _read_pdf(response: Any, settings: Settings, what: str, url: str) -> bytes:
    """The body of a 200 answer, read in chunks and abandoned as soon as it is over the size
    limit or plainly not a PDF (arXiv answers some PDF URLs with an HTML page)."""
    max_bytes = settings.pdf_max_bytes
    too_large = ArxivBadResponse(
        f"{what} is larger than {settings.pdf_max_mb:g} MB (RL_ARXIV_PDF_MAX_MB), so it was not "
        "downloaded. Download it yourself and attach it with: rl pdf REF FILE"
    )
    declared = (response.headers.get("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    seconds = settings.timeout * PDF_TIMEOUTS
    deadline = time.monotonic() + seconds
    data = bytearray()
    checked = False
    while True:
        # read1: what one read of the socket brings, so that a trickle meets the clock.
        chunk = response.raw.read1(64 * 1024, decode_content=True)
        if not chunk:
            break
        if time.monotonic() > deadline:
            raise ArxivBadResponse(
                f"{what} came too slowly: it was not whole after {seconds:g} s, and was "
                "abandoned. Try again later, or download it yourself and attach it with: "
                "rl pdf REF FILE"
            )
        data += chunk
        if len(data) > max_bytes:
            raise too_large
        if not checked and len(data) >= _PDF_MAGIC_WINDOW:
            _check_pdf(bytes(data[:_PDF_MAGIC_WINDOW]), response, what, url)
            checked = True
    _check_pdf(bytes(data[:_PDF_MAGIC_WINDOW]), response, what, url)
    return bytes(data)


# A PDF may take this many times the API's timeout (RL_ARXIV_TIMEOUT) to arrive whole.
PDF_TIMEOUTS = 10

# Readers accept junk before "%PDF-" within the first KB; so do we (as readinglist.pdf does).
_PDF_MAGIC_WINDOW = 1024


def _check_pdf(data: bytes, response: Any, what: str, url: str) -> None:
    if b"%PDF-" in data[:_PDF_MAGIC_WINDOW]:
        return
    kind = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    got = "a web page" if "html" in kind or data.lstrip()[:1] == b"<" else "something else"
    if not data:
        got = "an empty answer"
    raise ArxivBadResponse(
        f"arXiv sent {got}{f' ({kind})' if kind else ''} instead of {what}: it may not be "
        f"available yet. Try again later, or open {url} in a browser, save the PDF and attach "
        "it with: rl pdf REF FILE"
    )


def _refusal(status: int, what: str, url: str) -> str:
    if status == 404:
        return (
            f"arXiv does not have {what} (HTTP 404 for {url}). Check the paper's arXiv id "
            "(rl show REF); if it is right, the PDF may have been withdrawn."
        )
    return f"arXiv refused {what} (HTTP {status} for {url}). Try again later."


def _check_feed(response: Any) -> None:
    from xml.etree import ElementTree

    content = response.content
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as e:
        raise _MalformedFeed(f"malformed XML: {e}") from None
    if root.tag != _ATOM_FEED:
        raise _MalformedFeed(f"expected an Atom feed, got <{root.tag}>")
    summary = _error_summary(content, root)
    if summary is not None:
        raise _MalformedFeed(f"arXiv reported an error: {summary}")


def _error_summary(content: bytes, root: Any = None) -> str | None:
    """The text of arXiv's error entry (id .../api/errors#...), if the feed is one."""
    from xml.etree import ElementTree

    if root is None:
        try:
            root = ElementTree.fromstring(content)
        except ElementTree.ParseError:
            return None
    ns = "{http://www.w3.org/2005/Atom}"
    for entry in root.iter(_ATOM_ENTRY):
        if "/api/errors" in (entry.findtext(f"{ns}id") or ""):
            return " ".join((entry.findtext(f"{ns}summary") or "error").split())
    return None


def _record(result: arxiv.Result) -> PaperRecord | None:
    # arXiv names each entry by its versioned id in a fixed form (abs/ID then vN).
    found = _ENTRY_ID.search(result.entry_id)
    if found is None:
        return None
    arxiv_id, version = found["id"], int(found["version"]) if found["version"] else None
    categories = [result.primary_category] if result.primary_category else []
    categories += [c for c in result.categories if c not in categories]
    return PaperRecord(
        source="arxiv",
        source_id=arxiv_id,
        arxiv_id=arxiv_id,
        version=version,
        title=" ".join(result.title.split()),
        authors=tuple(a.name for a in result.authors),
        year=result.published.year,
        abstract=" ".join(result.summary.split()) or None,
        published=result.published.isoformat(timespec="seconds"),
        updated=result.updated.isoformat(timespec="seconds"),
        categories=tuple(categories),
        doi=result.doi or None,
        venue=" ".join(result.journal_ref.split()) if result.journal_ref else None,
        comment=" ".join(result.comment.split()) if result.comment else None,
        pdf_url=_https(result.pdf_url),
        url=f"https://arxiv.org/abs/{arxiv_id}",
    )


_ENTRY_ID = re.compile(r"/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")


def _https(url: str | None) -> str | None:
    if url and url.startswith("http://arxiv.org/"):
        return "https://" + url[len("http://") :]
    return url
