"""Where paper metadata comes from: the record every source returns, the protocol a source
implements, and the registry that knows which sources there are and in which order to ask.

A source is one module of this package. It fetches and returns PaperRecords and never
touches the knowledge base (the pipeline in readinglist.adding caches its answers through
the Library). To add one: write the module with a class implementing MetadataSource, and
register it in SOURCES below; nothing else changes.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from readinglist.errors import InvalidInput

if TYPE_CHECKING:
    from readinglist.identifiers import PaperId

# Every source, by name, in the default order of asking (arXiv first: it is the reference
# for what it has): the class ("module:Class") and the identifier schemes it looks up. The
# local arXiv mirror is asked before all of them, once its file exists (make_sources).
SOURCES: dict[str, tuple[str, frozenset[str]]] = {
    "arxiv": ("readinglist.sources.arxiv:ArxivSource", frozenset({"arxiv"})),
    "s2": ("readinglist.sources.s2:SemanticScholarSource",
           frozenset({"s2", "doi", "acl", "arxiv"})),
    "crossref": ("readinglist.sources.crossref:CrossrefSource", frozenset({"doi"})),
    "dblp": ("readinglist.sources.dblp:DblpSource", frozenset()),
    "mirror": ("readinglist.sources.mirror:MirrorSource", frozenset({"arxiv"})),
}  # fmt: skip


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
    pages: str | None = None
    # Where each field came from, when not all from `source` (a record merged from two).
    field_sources: tuple[tuple[str, str], ...] = ()

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
        for key in ("ids", "field_sources"):
            values[key] = tuple(tuple(pair) for pair in values.get(key) or ())
        return cls(**values)


class MetadataSource(Protocol):
    name: str  # short and stable: it keys the cache and fills papers.metadata_source

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        """The paper with this identifier, or None when the source does not know it. Raises
        NetworkError when the source cannot be asked."""
        ...

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        """Papers whose title may be `title` (plain words, as the user wrote them), at most
        `limit`, in the source's own order. Raises NetworkError when the source cannot be
        asked."""
        ...


class SourceRef:
    """One source of the chain, as the pipeline sees it: its name, the identifier schemes it
    looks up, whether its answers may be reused for a day, and the source itself, imported
    and built when first asked (an add that arXiv settles loads no other source)."""

    def __init__(
        self,
        name: str,
        schemes: frozenset[str],
        *,
        target: str | None = None,
        source: MetadataSource | None = None,
        cacheable: bool = True,
    ) -> None:
        self.name = name
        self.schemes = schemes
        self.cacheable = cacheable
        self._target = target
        self._source = source

    def get(self) -> MetadataSource:
        if self._source is None:
            assert self._target is not None
            module, _, cls = self._target.partition(":")
            self._source = getattr(importlib.import_module(module), cls)()
        return self._source


# -- the local arXiv mirror: where it is ------------------------------------------------------

MIRROR_FILE = "arxiv-mirror.sqlite"
# The folder of the knowledge base this run works on, where the mirror is looked for. The
# face sets it when it opens the knowledge base (the pipeline makes its sources without
# being told where that is); unset, data/ under the current directory, as for --db.
knowledge_base_folder: ContextVar[Path | None] = ContextVar("knowledge_base_folder", default=None)


def mirror_file(folder: Path | None = None) -> Path:
    """The local arXiv mirror's file: RL_MIRROR, else MIRROR_FILE beside the knowledge base."""
    chosen = os.environ.get("RL_MIRROR", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return (folder or knowledge_base_folder.get() or Path("data")) / MIRROR_FILE


def make_sources(names: Sequence[str] | None = None) -> list[SourceRef]:
    """The sources to ask, in order: `names`, else RL_SOURCES (comma-separated), else every
    registered source (the mirror first, when its file exists). Make them once per command
    run: each spaces its requests apart."""
    where = ""
    if names is None:
        chosen = os.environ.get("RL_SOURCES", "").strip()
        names = [n.strip() for n in chosen.split(",") if n.strip()]
        where = " in RL_SOURCES" if chosen else ""
        if not chosen:
            names = ["mirror"] if mirror_file().exists() else []
            names += [n for n in SOURCES if n != "mirror"]
    refs = []
    for name in names:
        if name not in SOURCES:
            raise InvalidInput(
                f"unknown source '{name}'{where}. Known sources: {', '.join(SOURCES)}."
            )
        target, schemes = SOURCES[name]
        # The mirror answers from a file on this machine: caching its answers would copy it.
        refs.append(SourceRef(name, schemes, target=target, cacheable=name != "mirror"))
    return refs
