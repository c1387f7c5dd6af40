"""Semantic Scholar's Academic Graph API as a metadata source.

- A title: `/paper/search/match` gives S2's single best match; when it has none, or its title
  is not the one asked for, `/paper/search` gives the candidates around it. Whatever S2 ranks
  first, the matcher decides (S2's matchScore is never trusted).
- An identifier: `/paper/{DOI:x | ACL:x | ARXIV:x | id}`.
- No match has two shapes (both recorded): 404 `{"error": "Title match not found"}` and
  200 `{"data": []}`; an unknown id is 404.

Settings: RL_S2_URL (default the public Graph API), RL_S2_DELAY (seconds between requests,
default 1: the shared unauthenticated pool, and a free key's limit), RL_S2_TIMEOUT; a key in
RL_S2_API_KEY is sent as x-api-key.
"""

from __future__ import annotations

import os
from typing import Any

from readinglist.identifiers import PaperId, parse_arxiv_id
from readinglist.matching import normalise_title
from readinglist.sources import PaperRecord
from readinglist.sources.http import Settings, WebClient

DEFAULT_URL = "https://api.semanticscholar.org/graph/v1"
FIELDS = "title,authors,year,venue,journal,externalIds,abstract,publicationDate,url"
# /paper/search answers at most 100 a page.
MAX_RESULTS = 100
# How S2 names the ids it knows, and the schemes rl keeps them under.
_ID_SCHEMES = {"ACL": "acl", "DBLP": "dblp", "PubMed": "pubmed"}
_LOOKUP_PREFIX = {"doi": "DOI:", "acl": "ACL:", "arxiv": "ARXIV:", "s2": ""}


class SemanticScholarSource:
    name = "s2"
    _client: WebClient | None = None

    @property
    def client(self) -> WebClient:
        if self._client is None:
            settings = Settings.from_env("RL_S2", url=DEFAULT_URL, delay=1.0, timeout=15.0)
            key = os.environ.get("RL_S2_API_KEY", "").strip()
            headers = {"x-api-key": key} if key else None
            self._client = WebClient(settings, "Semantic Scholar", headers=headers)
        return self._client

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        if ident.scheme not in _LOOKUP_PREFIX:
            return None
        value = ident.value
        if ident.scheme == "arxiv":
            arxiv = parse_arxiv_id(value)
            value = arxiv.id if arxiv else value
        url = f"{self.client.settings.url}/paper/{_LOOKUP_PREFIX[ident.scheme]}{value}"
        data = self.client.get_json(url, {"fields": FIELDS}, what=f"the paper {ident}")
        return _record(data) if isinstance(data, dict) and data.get("paperId") else None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        base = self.client.settings.url
        query = {"query": title, "fields": FIELDS}
        found = self.client.get_json(f"{base}/paper/search/match", query,
                                     what=f"the title '{title}'")  # fmt: skip
        records = [_record(d) for d in _data(found) if d.get("paperId")]
        if records and normalise_title(records[0].title) == normalise_title(title):
            return records
        # No match, or one with another title: the candidates around it, for the matcher.
        page = {**query, "limit": min(limit, MAX_RESULTS)}
        more = self.client.get_json(f"{base}/paper/search", page, what=f"the title '{title}'")
        seen = {r.source_id for r in records}
        records += [_record(d) for d in _data(more) if d.get("paperId") not in seen]
        return records[:limit]


def _data(answer: Any) -> list[dict[str, Any]]:
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        return []
    return [d for d in answer["data"] if isinstance(d, dict)]


def _record(paper: dict[str, Any]) -> PaperRecord:
    external = paper.get("externalIds") or {}
    arxiv = parse_arxiv_id(str(external["ArXiv"])) if external.get("ArXiv") else None
    doi = external.get("DOI")
    if doi and arxiv and str(doi).lower().startswith("10.48550/arxiv."):
        doi = None  # arXiv's own DOI names the arXiv paper, already kept as arxiv_id
    journal = paper.get("journal") or {}
    venue = paper.get("venue") or journal.get("name") or None
    ids = [("s2", str(paper["paperId"]))]
    ids += [(scheme, str(external[key])) for key, scheme in _ID_SCHEMES.items()
            if external.get(key)]  # fmt: skip
    url = paper.get("url")
    if external.get("ACL"):
        url = f"https://aclanthology.org/{external['ACL']}"
    date = paper.get("publicationDate")
    return PaperRecord(
        title=" ".join(str(paper.get("title") or "").split()),
        source="s2",
        source_id=str(paper["paperId"]),
        arxiv_id=arxiv.id if arxiv else None,
        authors=tuple(str(a.get("name")) for a in paper.get("authors") or [] if a.get("name")),
        year=paper.get("year") if isinstance(paper.get("year"), int) else None,
        abstract=" ".join(str(paper["abstract"]).split()) if paper.get("abstract") else None,
        published=f"{date}T00:00:00+00:00" if date else None,
        doi=str(doi) if doi else None,
        venue=" ".join(str(venue).split()) if venue and venue != "ArXiv" else None,
        pages=str(journal["pages"]).strip() if journal.get("pages") else None,
        url=str(url) if url else None,
        ids=tuple(ids),
    )
