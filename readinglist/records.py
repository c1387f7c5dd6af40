"""The plain record every metadata source returns: what a source knows about one paper.

Sources (arXiv today; a local snapshot, Semantic Scholar or Crossref later) fill it in; the
resolver scores it; storing turns it into paper fields. No I/O here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PaperRecord:
    title: str
    source: str
    arxiv_id: str | None = None  # without version
    version: int | None = None
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    published: str | None = None  # ISO 8601, UTC
    updated: str | None = None
    categories: tuple[str, ...] = field(default=())  # primary first
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    pdf_url: str | None = None
    url: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.published[:4]) if self.published else None

    @property
    def versioned_id(self) -> str | None:
        if self.arxiv_id is None:
            return None
        return self.arxiv_id if self.version is None else f"{self.arxiv_id}v{self.version}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["categories"] = list(self.categories)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperRecord:
        values = dict(data)
        values["authors"] = tuple(values.get("authors") or ())
        values["categories"] = tuple(values.get("categories") or ())
        return cls(**values)
