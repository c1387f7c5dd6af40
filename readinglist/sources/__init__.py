"""Where paper metadata comes from: the record every source returns, the protocol a source
implements, and the registry that knows which sources there are and in which order to ask.

A source is one module of this package. It fetches and returns PaperRecords and never
touches the knowledge base (the pipeline in readinglist.adding caches its answers through
the Library). To add one: write the module with a class implementing MetadataSource, and
register it in SOURCES below; nothing else changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from readinglist.errors import InvalidInput
from readinglist.identifiers import PaperId

# Every source, by name, in the order they are asked: name -> "module:class".
SOURCES: dict[str, str] = {
    "arxiv": "readinglist.sources.arxiv:ArxivSource",
}


class PaperRecord(NamedTuple):
    """What a source knows about one paper. Plain data; no I/O.

    A NamedTuple rather than a dataclass: sources build thousands of these per search (and a
    local mirror millions), and a tuple is built several times faster."""

    title: str
    source: str  # the MetadataSource's name
    source_id: str | None = None  # the source's own id for the paper (arXiv: its arXiv id)
    arxiv_id: str | None = None  # without version
    version: int | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    abstract: str | None = None
    published: str | None = None  # ISO 8601, UTC
    updated: str | None = None
    categories: tuple[str, ...] = ()  # arXiv categories, primary first
    doi: str | None = None
    venue: str | None = None  # journal or conference; arXiv's journal_ref
    comment: str | None = None
    pdf_url: str | None = None
    url: str | None = None
    ids: tuple[tuple[str, str], ...] = ()  # other ids it gives: (scheme, value), e.g. ("s2", ...)

    @property
    def versioned_id(self) -> str | None:
        if self.arxiv_id is None:
            return None
        return self.arxiv_id if self.version is None else f"{self.arxiv_id}v{self.version}"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperRecord:
        """The record `_asdict()` gave, from JSON. Keys this version does not know (a cache
        written by another rl) are ignored."""
        values = {k: v for k, v in data.items() if k in cls._fields}
        for key in ("authors", "categories"):
            values[key] = tuple(values.get(key) or ())
        values["ids"] = tuple(tuple(pair) for pair in values.get("ids") or ())
        return cls(**values)


class MetadataSource(Protocol):
    name: str  # short and stable: it keys the cache and fills papers.metadata_source
    schemes: frozenset[str]  # the identifier schemes lookup() understands
    cacheable: bool  # whether its answers may be reused for a day

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        """The paper with this identifier, or None when the source does not know it. Raises
        NetworkError when the source cannot be asked."""
        ...

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        """Papers whose title may be `title` (plain words, as the user wrote them), at most
        `limit`, in the source's own order. Raises NetworkError when the source cannot be
        asked."""
        ...


def make_sources(names: Sequence[str] | None = None) -> list[MetadataSource]:
    """The sources to ask, in order: `names`, or every registered source. Build them once per
    command run: each spaces all of that run's requests apart."""
    chosen = list(names) if names is not None else list(SOURCES)
    made: list[MetadataSource] = []
    for name in chosen:
        if name not in SOURCES:
            raise InvalidInput(f"unknown source '{name}'. Known sources: {', '.join(SOURCES)}.")
        module, _, cls = SOURCES[name].partition(":")
        made.append(getattr(importlib.import_module(module), cls)())
    return made
