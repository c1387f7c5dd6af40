"""Store what a README's reading list holds: its groups as categories (their names and
order), its entries as papers (in place, with what the entry says about them), in one
transaction.

An entry is already stored when a paper has exactly its label, or the same arXiv id, DOI or
normalised title: importing the same README again adds nothing, and a later version of it
adds only its new entries, each right after the entry above it. A paper listed twice (in
two groups) is stored once, where it first appears; the result says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readinglist.identifiers import read_identifier
from readinglist.library import check_status
from readinglist.matching import normalise_title

if TYPE_CHECKING:
    from readinglist.library import Library
    from readinglist.readme.reader import Row, Section

# How often the progress callback hears of the rows done.
PROGRESS_EVERY = 200
# Long headings ("1.3 ImageNet Evolution (Deep Learning broke out from here)") make
# unwieldy slugs; the heading itself is kept whole.
MAX_SLUG = 48

Progress = Callable[[int, int], None]
_VERSION = re.compile(r"v\d+$")

NEW, STORED, REPEATED, NOTE = "new", "stored", "repeated", "note"


@dataclass
class Placed:
    """What became of one row."""

    row: Row
    action: str  # NEW, STORED (the paper was stored before), REPEATED (listed above), NOTE
    paper_id: int  # meaningless after a dry run
    first: Row | None = None  # for REPEATED: the row that listed the paper first
    category: str = ""  # the slug of the category the paper is in


@dataclass
class SectionResult:
    heading: str
    category: str  # slug
    created: bool
    rows: list[Placed] = field(default_factory=list)


@dataclass
class ImportResult:
    added: list[int] = field(default_factory=list)  # ids of the papers added, in README order
    existing: list[int] = field(default_factory=list)  # ids of rows already stored
    notes_added: int = 0
    categories_created: list[str] = field(default_factory=list)  # slugs
    sections: list[SectionResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def repeated(self) -> list[Placed]:
        return [p for s in self.sections for p in s.rows if p.action == REPEATED]


class _DryRun(Exception):
    """Raised inside the import's transaction to undo everything it wrote."""


def new_headings(library: Library, sections: Sequence[Section]) -> list[str]:
    """Headings that name no stored category: importing creates a category for each."""
    unknown: list[str] = []
    for section in sections:
        if library.find_category(section.heading) is None and section.heading not in unknown:
            unknown.append(section.heading)
    return unknown


def import_reading_list(
    library: Library,
    sections: Sequence[Section],
    *,
    status: str = "read",
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Store the papers and notes of `sections` that are not stored yet, in one transaction
    (`dry_run`: work it all out, then undo it). `status` is for entries whose list gives
    none. New papers keep the README's order: each goes right after the row above it."""
    check_status(status)
    result = ImportResult(dry_run=dry_run)
    try:
        with library.transaction():
            _Import(library, status, progress, result).run(sections)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


class _Import:
    def __init__(
        self, library: Library, status: str, progress: Progress | None, result: ImportResult
    ) -> None:
        self.library = library
        self.status = status
        self.progress = progress
        self.result = result
        self.by_key: dict[str, tuple[int, Row, str]] = {}  # key -> paper, first row, category
        self.listed: dict[int, tuple[int, Row, str]] = {}  # the papers of rows seen so far
        self.positions: dict[str, int] = {}  # category -> where its next new paper goes
        self.added: dict[int, dict[str, str]] = {}  # papers this import adds -> their ids
        self.done = 0

    def run(self, sections: Sequence[Section]) -> None:
        rows = [r for s in sections for r in s.rows if not r.is_note]
        self.total = sum(len(s.rows) for s in sections)
        self.by_label = self.library.paper_ids_with_labels([r.label for r in rows])
        previous: str | None = None
        for section in sections:
            found = self.library.find_category(section.heading)
            if found is None:
                category = _create_category(self.library, section.heading, after=previous)
                self.result.categories_created.append(category)
            else:
                category = found.slug
            previous = category
            report = SectionResult(section.heading, category, found is None)
            self.result.sections.append(report)
            self._section(section, category, report)
        if self.progress is not None:
            self.progress(self.total, self.total)

    def _section(self, section: Section, category: str, report: SectionResult) -> None:
        sequence: list[int] = []  # the section's papers, in README order
        new: set[int] = set()
        above: int | None = None  # the paper of the last paper row
        for row in section.rows:
            self._tick()
            if row.is_note:
                if above is not None:
                    added = _add_note_row(self.library, above, row)
                    self.result.notes_added += added
                    report.rows.append(Placed(row, NOTE, above, category=category))
                continue
            placed = self._row(row, category)
            report.rows.append(placed)
            if placed.action == NEW:
                self.result.added.append(placed.paper_id)
                new.add(placed.paper_id)
            elif placed.action == STORED:
                self.result.existing.append(placed.paper_id)
            if placed.category == category:
                sequence.append(placed.paper_id)
            above = placed.paper_id
        if new:
            _keep_readme_order(self.library, category, sequence, new)

    def _row(self, row: Row, category: str) -> Placed:
        stored = self.by_label.get(row.label)
        values = _key_values(row)
        keys = _keys(*values)
        if stored is not None and stored in self.listed:
            paper_id, first, where = self.listed[stored]
            return Placed(row, REPEATED, paper_id, first, where)
        if stored is None:
            for key in keys:
                if key in self.by_key:
                    paper_id, first, where = self.by_key[key]
                    self._complete(paper_id, row, values, keys)
                    return Placed(row, REPEATED, paper_id, first, where)
            stored = self.library.paper_id_with_keys(*values)
        if stored is not None:
            where = self.library.category_of(stored)
            self._remember(keys, stored, row, where)
            return Placed(row, STORED, stored, category=where)
        position = self.positions.get(category) or self.library.next_position(category)
        self.positions[category] = position + 1
        paper_id = self.library.add_imported_paper(self._fields(row, category), position,
                                                   note=row.note)  # fmt: skip
        self.by_label[row.label] = paper_id
        self.added[paper_id] = {
            c: v for c, v in (("arxiv_id", row.arxiv_id), ("doi", row.doi)) if v
        }
        self._remember(keys, paper_id, row, category)
        return Placed(row, NEW, paper_id, category=category)

    def _complete(
        self,
        paper_id: int,
        row: Row,
        values: tuple[str | None, str | None, str | None],
        keys: list[str],
    ) -> None:
        """A paper this import adds, listed again with an id its first listing lacks (a PDF
        link first, the arXiv link further down), gets that id too."""
        if paper_id not in self.added:
            return
        arxiv_id, doi, _ = values
        changes: dict[str, str] = {}
        for scheme, value, column in (("arxiv", arxiv_id, "arxiv_id"), ("doi", doi, "doi")):
            key = f"{scheme}:{value.lower() if scheme == 'doi' and value else value}"
            if value and key not in self.by_key and column not in self.added[paper_id]:
                taken = self.library.paper_id_with_keys(
                    value if scheme == "arxiv" else None, value if scheme == "doi" else None, None
                )
                if taken is None:
                    changes[column] = getattr(row, column)
        if changes:
            self.library.update_paper(paper_id, changes)
            self.added[paper_id].update(changes)
            first = self.listed[paper_id]
            for key in keys:
                self.by_key.setdefault(key, first)

    def _fields(self, row: Row, category: str) -> dict[str, Any]:
        # The title is the entry's until the paper is resolved.
        fields: dict[str, Any] = {
            "title": row.title or row.text,
            "label": row.label,
            "category": category,
            "status": row.status or self.status,
            "resolution": "unresolved",
            "metadata_source": "manual",
        }
        optional = {"authors": row.authors, "year": row.year, "venue": row.venue,
                    "arxiv_id": row.arxiv_id, "doi": row.doi, "url": row.url,
                    "ids": row.ids}  # fmt: skip
        fields.update({k: v for k, v in optional.items() if v})
        return fields

    def _remember(self, keys: list[str], paper_id: int, row: Row, category: str) -> None:
        self.listed.setdefault(paper_id, (paper_id, row, category))
        for key in keys:
            self.by_key.setdefault(key, (paper_id, row, category))

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, self.total)


def _key_values(row: Row) -> tuple[str | None, str | None, str | None]:
    """The row's arXiv id (without its version, as papers store it), DOI and title key."""
    ident = read_identifier(row.arxiv_id) if row.arxiv_id else None
    arxiv_id = _VERSION.sub("", ident.value) if ident and ident.scheme == "arxiv" else None
    return arxiv_id, row.doi, normalise_title(row.title or row.text) or None


def _keys(arxiv_id: str | None, doi: str | None, title_key: str | None) -> list[str]:
    keys = [f"arxiv:{arxiv_id}"] if arxiv_id else []
    keys += [f"doi:{doi.lower()}"] if doi else []
    keys += [f"title:{title_key}"] if title_key else []
    return keys


def _keep_readme_order(library: Library, category: str, sequence: list[int], new: set[int]) -> None:
    """New papers were stored at the end of their category; put each right after the paper
    above it in the README (or, for a section's first row, before the one below it)."""
    order = library.paper_order(category)
    index = {paper_id: i for i, paper_id in enumerate(order)}
    in_place = True
    for i, paper_id in enumerate(sequence):
        if paper_id not in new:
            continue
        if i > 0:
            in_place = index[paper_id] == index[sequence[i - 1]] + 1
        elif len(sequence) > 1:
            in_place = index[paper_id] + 1 == index[sequence[1]] or sequence[1] in new
        if not in_place:
            break
    if in_place:
        return
    for i, paper_id in enumerate(sequence):
        if paper_id not in new:
            continue
        order.remove(paper_id)
        if i > 0:
            order.insert(order.index(sequence[i - 1]) + 1, paper_id)
        else:
            below = next((p for p in sequence[1:] if p not in new), None)
            order.insert(order.index(below) if below is not None else len(order), paper_id)
    library.set_paper_order(category, order)


def slugify(text: str) -> str:
    """A category slug from a heading: lower-case words joined by '-', in any script
    ("计算机视觉 - CNN" -> "计算机视觉-cnn")."""
    slug = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug or "category"


def _create_category(library: Library, heading: str, after: str | None) -> str:
    """A category for an unknown heading, right after the section above it in the README
    (the README's first one goes first)."""
    order = library.category_slugs()
    base = slugify(heading)
    slug, n = base, 2
    while slug in order:
        slug, n = f"{base}-{n}", n + 1
    position = order.index(after) + 2 if after is not None else 1
    return library.add_category(slug, heading, position).slug


def _add_note_row(library: Library, paper_id: int, row: Row) -> int:
    """1 when the note row was added, 0 when the paper already has it."""
    if library.has_note_row(paper_id, row.label):
        return 0
    library.add_note(paper_id, row.label, label=row.label)
    return 1
