"""Crossref's REST API as a metadata source: DOIs, and titles by bibliographic query.

Crossref never answers "no match": its top hit for a title it lacks is another paper (seen
for "Attention is All you Need"), so every hit goes to the matcher, which takes nothing
without the title test. It holds no arXiv records (arXiv's DOIs are DataCite's).

Settings: RL_CROSSREF_URL (default https://api.crossref.org), RL_CROSSREF_DELAY (default 1 s:
the public pool allows one list request a second), RL_CROSSREF_TIMEOUT; a contact address in
RL_MAILTO puts requests in the polite pool (as `mailto=` and in the user agent).
"""

from __future__ import annotations

import html
import os
import re
from typing import Any
from urllib.parse import quote

from readinglist import __version__
from readinglist.identifiers import PaperId
from readinglist.sources import PaperRecord
from readinglist.sources.http import Settings, WebClient

DEFAULT_URL = "https://api.crossref.org"
# Crossref's own advice: ask for what you use.
SELECT = "DOI,title,subtitle,author,issued,container-title,event,page,abstract,URL,type"
MAX_ROWS = 20
_TAG = re.compile(r"<[^>]+>")


class CrossrefSource:
    name = "crossref"
    _client: WebClient | None = None

    @property
    def client(self) -> WebClient:
        if self._client is None:
            settings = Settings.from_env("RL_CROSSREF", url=DEFAULT_URL, delay=1.0, timeout=15.0)
            self._client = WebClient(settings, "Crossref", user_agent=_user_agent())
        return self._client

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        if ident.scheme != "doi":
            return None
        url = f"{self.client.settings.url}/works/{quote(ident.value, safe='/:;()')}"
        data = self.client.get_json(url, _polite({}), what=f"the DOI {ident.value}")
        message = data.get("message") if isinstance(data, dict) else None
        return _record(message) if isinstance(message, dict) else None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        params = _polite({"query.bibliographic": title, "rows": min(limit, MAX_ROWS),
                          "select": SELECT})  # fmt: skip
        data = self.client.get_json(f"{self.client.settings.url}/works", params,
                                    what=f"the title '{title}'")  # fmt: skip
        message = data.get("message") if isinstance(data, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        return [_record(i) for i in items or [] if isinstance(i, dict) and i.get("title")]


def _mailto() -> str:
    return os.environ.get("RL_MAILTO", "").strip()


def _polite(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "mailto": _mailto()} if _mailto() else params


def _user_agent() -> str:
    contact = f"; mailto:{_mailto()}" if _mailto() else ""
    return f"rl/{__version__} (reading-list tool{contact})"


def _first(value: Any) -> str | None:
    """Crossref gives titles, subtitles and container titles as lists."""
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if value else None


def _record(work: dict[str, Any]) -> PaperRecord:
    title = _first(work.get("title")) or ""
    subtitle = _first(work.get("subtitle"))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    authors = []
    for person in work.get("author") or []:
        name = " ".join(p for p in (person.get("given"), person.get("family")) if p)
        authors.append(name or str(person.get("name") or ""))
    parts = ((work.get("issued") or {}).get("date-parts") or [[None]])[0]
    year = parts[0] if parts and isinstance(parts[0], int) else None
    venue = _first(work.get("container-title")) or _first((work.get("event") or {}).get("name"))
    abstract = work.get("abstract")
    if abstract:  # JATS XML: <jats:p>...</jats:p>
        abstract = " ".join(html.unescape(_TAG.sub(" ", str(abstract))).split()) or None
    doi = str(work["DOI"]) if work.get("DOI") else None
    return PaperRecord(
        title=title,
        source="crossref",
        source_id=doi,
        authors=tuple(a for a in authors if a),
        year=year,
        abstract=abstract or None,
        published=f"{year:04d}-01-01T00:00:00+00:00" if year else None,
        doi=doi,
        venue=venue,
        pages=str(work["page"]) if work.get("page") else None,
        url=f"https://doi.org/{doi}" if doi else None,
    )
