"""Where paper metadata comes from, behind one small interface.

The resolver asks every source the same two questions; arXiv answers them today, and a local
arXiv metadata snapshot, Semantic Scholar or Crossref can sit beside it later by implementing
MetadataSource. cache.CachedSource wraps any source with the knowledge base's cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from readinglist.records import PaperRecord

if TYPE_CHECKING:
    from readinglist.arxiv_api import ArxivClient


class MetadataSource(Protocol):
    name: str  # short and stable: it prefixes cache keys

    def lookup_id(self, identifier: str) -> PaperRecord | None:
        """The paper with this identifier (an arXiv id, possibly versioned), or None."""
        ...

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        """Papers whose title may be `title` (plain words, as cleaned by the resolver), at most
        `limit`, in the source's own order. Raises NetworkError when the source is unreachable."""
        ...


class ArxivSource:
    """The arXiv API, through arxiv_api.ArxivClient (settings from RL_ARXIV_* variables)."""

    name = "arxiv"

    def __init__(self, client: ArxivClient | None = None) -> None:
        self._client = client

    @property
    def client(self) -> ArxivClient:
        if self._client is None:
            from readinglist.arxiv_api import ArxivClient

            self._client = ArxivClient()
        return self._client

    def lookup_id(self, identifier: str) -> PaperRecord | None:
        from readinglist.identifiers import parse_arxiv_id

        ident = parse_arxiv_id(identifier)
        if ident is None:
            return None
        for record in self.client.fetch_ids([str(ident)]):
            if record.arxiv_id == ident.id:
                return record
        return None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        from readinglist.resolve import arxiv_title_query

        query = arxiv_title_query(title)
        return self.client.search(query, max_results=limit) if query else []
