"""`rl import`: the papers of a file (.bib, CSL JSON, rl's own JSON Lines) into the
knowledge base, in one transaction.

read the file (its format by --format, else its suffix, else its first characters) ->
for each entry: skip what the reader could not read (reported with its line), report a
duplicate of a stored paper or of an entry above it in the same file (the same arXiv id or
DOI; or the same normalised title, unless their DOIs, arXiv ids, years or authors tell them
apart), store the rest -> one commit (or, for a dry run, one rollback: the report
is exactly what the import would have done).

Entries of other tools' files go into the category given, stored as they are written
(resolution "manual", their format as metadata source); `rl import --resolve` then looks
them up. rl's own JSON Lines carries everything: into a knowledge base with no papers it
brings back the categories in their order, the papers with their ids and places, their
notes, ids and citation keys, so exporting again gives the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from readinglist import formats
from readinglist.errors import InvalidInput, NotFound, RLError
from readinglist.formats.citekeys import ascii_word, is_citable, surname
from readinglist.identifiers import parse_arxiv_id
from readinglist.library import check_status
from readinglist.matching import normalise_title

if TYPE_CHECKING:
    from readinglist.formats import Entry, Reading
    from readinglist.library import Library

T = TypeVar("T")
R = TypeVar("R")
# How the entries are worked through: the face passes its progress loop; the default is a
# plain loop. Like the face's, it returns each item with its result or the RLError that
# stopped it.
Each = Callable[[Sequence[T], Callable[[T], R]], list[tuple[T, R | RLError]]]
DEFAULT_STATUS = "to-read"


@dataclass
class ImportReport:
    format: str
    entries: int = 0  # entries read from the file
    added: list[int] = field(default_factory=list)  # ids of the papers stored, in file order
    # (line, title, what it repeats: "#12" for a stored paper, "#12 (line 40)" for an entry
    # above in the file)
    duplicates: list[tuple[int, str, str]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # entries skipped: (line, why)
    # (line, the key in the file, the key stored): another paper already had the key.
    keys_changed: list[tuple[int, str, str]] = field(default_factory=list)
    # (line, the key in the file): a key nothing can cite by ("key with space"), not kept.
    keys_refused: list[tuple[int, str]] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    repeats: list[int] = field(default_factory=list)  # stored papers the file lists again
    kept_ids: bool = False  # rl's own export: the papers kept the ids they had
    dry_run: bool = False


class _DryRun(Exception):
    """Raised inside the import's transaction to roll it back."""


def read_file(path: Path, format_name: str | None = None) -> tuple[formats.Format, Reading]:
    """The file's format and what its reader found in it."""
    text = _read_text(path)
    chosen = _choose_format(format_name, path, text)
    assert chosen.read is not None
    reading = chosen.read(text)
    if not (reading.entries or reading.problems or reading.categories):
        raise InvalidInput(
            f"no entries found in {path}: nothing to import. Is it a {chosen.name} file?"
        )
    return chosen, reading


def import_file(
    library: Library,
    path: Path,
    *,
    format_name: str | None = None,
    category: str | None = None,
    status: str | None = None,
    dry_run: bool = False,
    each: Each[Entry, Any] | None = None,
) -> ImportReport:
    """Import the papers of the file at `path` (see the module docstring)."""
    chosen, reading = read_file(path, format_name)
    return import_reading(library, chosen, reading, category=category, status=status,
                          dry_run=dry_run, each=each)  # fmt: skip


def import_reading(
    library: Library,
    chosen: formats.Format,
    reading: Reading,
    *,
    category: str | None = None,
    status: str | None = None,
    dry_run: bool = False,
    each: Each[Entry, Any] | None = None,
    to_resolve: bool = False,
) -> ImportReport:
    """Import `reading` (see the module docstring). `to_resolve`: the papers of another
    tool's file are stored unresolved, to be looked up next (rl import --resolve), so that an
    interrupted lookup is taken up again by running the import again or rl resolve --all."""
    own = reading.categories is not None  # rl's own export
    if status is not None:
        check_status(status)
    if category is not None:
        category = library.category(category).slug
    elif not own:
        slugs = ", ".join(c.slug for c in library.categories())
        raise InvalidInput(
            f"give the category to import the papers into: --cat CATEGORY (one of: {slugs})."
        )
    report = ImportReport(format=chosen.name, entries=len(reading.entries),
                          problems=list(reading.problems), dry_run=dry_run)  # fmt: skip
    try:
        with library.transaction():
            _store(library, chosen, reading, report, category, status, each or _each_plainly,
                   to_resolve)  # fmt: skip
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    report.problems.sort()
    return report


def _store(
    library: Library,
    chosen: formats.Format,
    reading: Reading,
    report: ImportReport,
    category: str | None,
    status: str | None,
    each: Each[Entry, Any],
    to_resolve: bool = False,
) -> None:
    own = reading.categories is not None
    seen = _Identities(library)
    if own and category is None:
        report.categories_created = _adopt_categories(library, reading, empty=not seen.known)
    highest_paper, highest_note = library.highest_ids()
    report.kept_ids = own and _ids_are_free(reading.entries, highest_paper, highest_note)
    offsets = library.last_positions()

    def store(entry: Entry) -> int | None:
        fields = dict(entry.fields)
        if category is not None:
            fields["category"] = category
        elif not fields.get("category"):  # a hand-edited line of rl's own export
            raise InvalidInput('it names no "category"; give it one, or import with --cat.')
        if status is not None:
            fields["status"] = status
        if not own:
            fields.setdefault("status", DEFAULT_STATUS)
            fields.update(resolution="unresolved" if to_resolve else "manual",
                          metadata_source=chosen.name)  # fmt: skip
            if fields.get("abstract"):
                fields["abstract_source"] = chosen.name
        identity, title_key = seen.of(fields)
        repeated = seen.find(identity, title_key)
        if repeated is not None:
            report.duplicates.append((entry.line, str(fields.get("title") or ""), repeated.name))
            # A paper stored before; one stored from a line above is among those added (and
            # is gone after a dry run).
            if repeated.line is None:
                report.repeats.append(repeated.paper_id)
            return None
        wanted_key = entry.citation_key
        if wanted_key and not is_citable(wanted_key):
            report.keys_refused.append((entry.line, wanted_key))
            wanted_key = None
        position = None
        if own and category is None and entry.position is not None:
            position = offsets.get(str(fields.get("category")), 0) + entry.position
        notes = entry.notes if report.kept_ids else [(None, *n[1:]) for n in entry.notes]
        paper_id, key = library.insert_imported(
            fields,
            paper_id=entry.paper_id if report.kept_ids else None,
            position=position,
            added_at=entry.added_at,
            notes=notes,
            citation_key=wanted_key,
        )
        if wanted_key and key != wanted_key:
            report.keys_changed.append((entry.line, wanted_key, str(key)))
        if not own:
            # Within one file of another tool, a second entry for a paper is a duplicate
            # too; rl's own export holds what the knowledge base held, duplicates and all.
            identity.paper_id, identity.line = paper_id, entry.line
            seen.add(identity, title_key)
        report.added.append(paper_id)
        return paper_id

    with library.bulk_insert():
        results = each(reading.entries, store)
    for entry, result in results:
        if isinstance(result, RLError):
            report.problems.append((entry.line, f"{result.message} Skipped."))


def _adopt_categories(library: Library, reading: Reading, *, empty: bool) -> list[str]:
    """Bring in the categories of rl's own export. A knowledge base with no papers takes
    them as they are, order and headings (`empty`); another one gets those it lacks, each
    placed after the category above it in the file. Returns the slugs created."""
    assert reading.categories is not None
    wanted = list(reading.categories)
    for entry in reading.entries:  # a hand-edited file may name a category it does not list
        slug = str(entry.fields.get("category") or "")
        if slug and slug not in {s for s, _ in wanted}:
            wanted.append((slug, slug))
    existing = [c.slug for c in library.categories()]
    if empty and wanted:
        library.replace_categories(wanted)
        return [slug for slug, _ in wanted if slug not in existing]
    created = []
    previous: str | None = None
    for slug, heading in wanted:
        if library.find_category(slug) is None:
            order = [c.slug for c in library.categories()]
            position = order.index(previous) + 2 if previous in order else None
            library.add_category(slug, heading, position)
            created.append(slug)
        previous = slug
    return created


def _ids_are_free(entries: Sequence[Entry], highest_paper: int, highest_note: int) -> bool:
    """Whether every paper and note of rl's own export can keep its id: none was ever
    given in this knowledge base (paper ids are never given twice) and none repeats."""
    papers = [e.paper_id for e in entries]
    notes = [n[0] for e in entries for n in e.notes]
    return (
        all(p is not None and p > highest_paper for p in papers)
        and len(set(papers)) == len(papers)
        and all(n is not None and n > highest_note for n in notes)
        and len(set(notes)) == len(notes)
    )


@dataclass
class _Known:
    """A paper an entry may repeat: what tells two papers apart, and what to call it in a
    report ("#12" for a stored paper, "#12 (line 40)" for an entry above in the file)."""

    arxiv: str | None
    doi: str | None
    year: int | None
    authors: list[str]
    paper_id: int = 0
    line: int | None = None  # the line of the file it was stored from; None: stored before

    @property
    def name(self) -> str:
        return f"#{self.paper_id}" + (f" (line {self.line})" if self.line is not None else "")

    def contradicts(self, other: _Known) -> bool:
        """Whether two papers of the same title are told apart by what both have: their
        DOIs, arXiv ids or years differ, or their authors share no surname (LeCun's "Deep
        learning" in Nature is not Goodfellow's book, two "Editorial"s are two papers)."""
        return (
            _differ(self.doi, other.doi)
            or _differ(self.arxiv, other.arxiv)
            or _differ(self.year, other.year)
            or bool(self.authors and other.authors
                    and not _surnames(self.authors) & _surnames(other.authors))
        )  # fmt: skip


def _differ(a: object, b: object) -> bool:
    return a is not None and b is not None and a != b


def _surnames(authors: list[str]) -> set[str]:
    return {ascii_word(surname(name)) or name.casefold() for name in authors}


class _Identities:
    """What makes two papers the same: the same arXiv id or DOI (any case); or the same
    normalised title, when nothing else they both have tells them apart (_Known.contradicts)."""

    def __init__(self, library: Library) -> None:
        self.by_arxiv: dict[str, _Known] = {}
        self.by_doi: dict[str, _Known] = {}
        self.by_title: dict[str, list[_Known]] = {}
        rows = library.paper_identities()
        self.known = bool(rows)
        for paper_id, arxiv_id, doi, title_key, year, authors in rows:
            known = _Known(arxiv_id or None, (doi or "").lower() or None, year, authors,
                           paper_id)  # fmt: skip
            self.add(known, title_key)

    @staticmethod
    def of(fields: dict[str, Any]) -> tuple[_Known, str]:
        """The paper of `fields` as a _Known with no id yet, and its normalised title."""
        parsed = parse_arxiv_id(str(fields.get("arxiv_id") or ""))
        ids = fields.get("ids") or {}
        arxiv = parsed.id if parsed else None
        if arxiv is None and ids.get("arxiv"):
            parsed = parse_arxiv_id(str(ids["arxiv"]))
            arxiv = parsed.id if parsed else None
        doi = str(fields.get("doi") or ids.get("doi") or "").lower() or None
        year = fields.get("year")
        authors = [str(a) for a in fields.get("authors") or []]
        known = _Known(arxiv, doi, year if isinstance(year, int) else None, authors)
        return known, normalise_title(str(fields.get("title") or ""))

    def find(self, paper: _Known, title_key: str) -> _Known | None:
        """The known paper that `paper` repeats, or None."""
        same = (paper.arxiv and self.by_arxiv.get(paper.arxiv)) or (
            paper.doi and self.by_doi.get(paper.doi)
        )
        if same:
            return same
        for known in self.by_title.get(title_key, []) if title_key else []:
            if not known.contradicts(paper):
                return known
        return None

    def add(self, known: _Known, title_key: str) -> None:
        if known.arxiv:
            self.by_arxiv.setdefault(known.arxiv, known)
        if known.doi:
            self.by_doi.setdefault(known.doi, known)
        if title_key:
            self.by_title.setdefault(title_key, []).append(known)


def _each_plainly(items: Sequence[T], work: Callable[[T], R]) -> list[tuple[T, R | RLError]]:
    results: list[tuple[T, R | RLError]] = []
    for item in items:
        try:
            results.append((item, work(item)))
        except RLError as e:
            results.append((item, e))
    return results


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise NotFound(f"{path} does not exist.") from e
    except IsADirectoryError as e:
        raise InvalidInput(f"{path} is a directory; give a .bib, .json or .jsonl file.") from e
    except OSError as e:
        raise InvalidInput(f"cannot read {path}: {e.strerror}.") from e
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is no part of the first entry
    except UnicodeDecodeError as e:
        raise InvalidInput(
            f"{path} is not UTF-8 text (byte {e.start}); save it as UTF-8 and import again."
        ) from e


def _one_csl_item(text: str) -> bool:
    """Whether a file starting with "{" is one CSL JSON item (doi.org's answer, saved
    without a suffix) rather than rl's JSON Lines, whose lines each have a "type" of rl's."""
    import json

    try:
        data = json.loads(text)
    except ValueError:  # JSON Lines of more than one line is no one JSON value
        return False
    return isinstance(data, dict) and data.get("type") not in ("paper", "category")


def _choose_format(name: str | None, path: Path, text: str) -> formats.Format:
    readable = ", ".join(formats.imported())
    if name is not None:
        chosen = formats.get(name)
        if chosen.read is None:
            raise InvalidInput(f"rl writes {name} but cannot read it. Import formats: {readable}.")
        return chosen
    by_suffix = formats.by_suffix(path.name, reading=True)
    if by_suffix is not None:
        return by_suffix
    start = text.lstrip()[:1]
    sniffed = {"@": "bibtex", "%": "bibtex", "[": "csl-json", "{": "jsonl"}.get(start)
    if sniffed == "jsonl" and _one_csl_item(text):
        sniffed = "csl-json"
    if sniffed is None:
        raise InvalidInput(
            f"cannot tell the format of {path}: name it .bib, .json or .jsonl, or give "
            f"--format (one of: {readable})."
        )
    return formats.get(sniffed)
