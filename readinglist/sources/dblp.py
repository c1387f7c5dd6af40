"""dblp's publication search as a metadata source (titles only: it has no abstracts and no
look-up by DOI).

Traps seen in its answers: everything is a string; a paper with one author has `author` as
an object, not a list; titles end in "."; names carry homonym numbers ("Wei Chen 0070"); with
no hits there is no `hit` key at all. Preprints are CoRR records whose `ee` is an arxiv.org
link: their arXiv id is kept, and the pipeline resolves them through arXiv.

Settings: RL_DBLP_URL (default https://dblp.org/search/publ/api), RL_DBLP_DELAY (default
1 s: dblp asks for a second or two between requests), RL_DBLP_TIMEOUT.
"""

from __future__ import annotations

import re
from typing import Any

from readinglist.identifiers import PaperId, find_arxiv_ids, parse_doi
from readinglist.matching import normalise_title
from readinglist.sources import PaperRecord
from readinglist.sources.http import Settings, WebClient

DEFAULT_URL = "https://dblp.org/search/publ/api"
MAX_HITS = 30
# dblp ANDs the words it is given, each as a prefix; a dozen is plenty to find a title.
MAX_WORDS = 12
_HOMONYM = re.compile(r"\s+\d{4}$")


class DblpSource:
    name = "dblp"
    _client: WebClient | None = None

    @property
    def client(self) -> WebClient:
        if self._client is None:
            settings = Settings.from_env("RL_DBLP", url=DEFAULT_URL, delay=1.0, timeout=15.0)
            self._client = WebClient(settings, "dblp")
        return self._client

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        return None  # the search API looks up no ids

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        words = normalise_title(title).split()[:MAX_WORDS]
        if not words:
            return []
        params = {"q": " ".join(words), "format": "json", "h": min(limit, MAX_HITS)}
        data = self.client.get_json(self.client.settings.url, params,
                                    what=f"the title '{title}'")  # fmt: skip
        hits = (((data or {}).get("result") or {}).get("hits") or {}).get("hit") or []
        if isinstance(hits, dict):
            hits = [hits]
        return [_record(h["info"]) for h in hits
                if isinstance(h, dict) and isinstance(h.get("info"), dict)
                and h["info"].get("title")]  # fmt: skip


def _record(info: dict[str, Any]) -> PaperRecord:
    people = (info.get("authors") or {}).get("author") or []
    if isinstance(people, dict):
        people = [people]
    authors = tuple(_HOMONYM.sub("", str(p.get("text", ""))) for p in people if p.get("text"))
    title = " ".join(str(info["title"]).split())
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    year = int(info["year"]) if str(info.get("year", "")).isdigit() else None
    link = str(info.get("ee") or "")
    arxiv = find_arxiv_ids(link)
    doi = parse_doi(str(info["doi"])) if info.get("doi") else None
    venue = str(info.get("venue") or "") or None
    return PaperRecord(
        title=title,
        source="dblp",
        source_id=str(info.get("key")) if info.get("key") else None,
        arxiv_id=arxiv[0].id if arxiv else None,
        authors=authors,
        year=year,
        published=f"{year:04d}-01-01T00:00:00+00:00" if year else None,
        doi=doi,
        venue=None if venue == "CoRR" else venue,
        pages=str(info["pages"]) if info.get("pages") else None,
        url=link or (str(info["url"]) if info.get("url") else None),
        ids=(("dblp", str(info["key"])),) if info.get("key") else (),
    )
