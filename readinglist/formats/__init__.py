"""The file formats papers go out in and come in from: one module each, registered here.

A format module defines FORMAT, a `Format`: the name `rl export --format` takes, the file
suffixes it is recognised by, `write` (the papers of an `Export` -> text) when rl exports it
and `read` (text -> a `Reading`) when rl imports it. Adding a format is a module and one
line in FORMATS; `exporting`, `importing` and the commands find it through this registry.

Format modules are pure (text in, text out); the heavy libraries they use (bibtexparser,
pylatexenc) are imported inside their functions, so the registry itself costs nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readinglist.errors import InvalidInput

if TYPE_CHECKING:
    from readinglist.library import Category, Paper

# name -> the module holding its Format (as FORMAT, or the attribute after ":").
FORMATS: dict[str, str] = {
    "bibtex": "readinglist.formats.bibtex:BIBTEX",
    "biblatex": "readinglist.formats.bibtex:BIBLATEX",
    "csl-json": "readinglist.formats.csl_json",
    "jsonl": "readinglist.formats.jsonl",
    "csv": "readinglist.formats.csv_table",
    "markdown": "readinglist.formats.markdown",
}
# Those rl reads too (the others it only writes), named here so that `rl import --help` lists
# them without importing every format's module (a test checks them against `imported()`).
READ = ("bibtex", "biblatex", "csl-json", "jsonl")


@dataclass
class Export:
    """What a writer gets: the papers in the order to write them, every category (in the
    user's order), and the citation key of each paper that has one."""

    papers: list[Paper]
    categories: list[Category]
    keys: dict[int, str] = field(default_factory=dict)


@dataclass
class Entry:
    """One paper read from a file, as paper fields (library.FIELDS names; `ids` for every
    identifier), with what rl's own export also carries."""

    line: int  # where the entry starts in the file, 1-based
    fields: dict[str, Any]
    citation_key: str | None = None
    notes: list[tuple[int | None, str, str, str | None]] = field(default_factory=list)
    paper_id: int | None = None  # rl's id, from rl's own export
    position: int | None = None  # its place in its category, likewise
    added_at: str | None = None


@dataclass
class Reading:
    """What a reader found in a file: the entries, the problems with entries it skipped
    (line, what is wrong), and, from rl's own export, the categories (slug, heading) in
    order."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    categories: list[tuple[str, str]] | None = None


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffixes: tuple[str, ...]
    write: Callable[[Export], str] | None = None
    read: Callable[[str], Reading] | None = None
    # Its entries are cited by key (BibTeX, CSL JSON): papers get one before it is written.
    cites_by_key: bool = False


def get(name: str) -> Format:
    """The format called `name`; an unknown name lists the known ones."""
    target = FORMATS.get(name)
    if target is None:
        raise InvalidInput(f"unknown format '{name}'. Use one of: {', '.join(FORMATS)}.")
    module_name, _, attribute = target.partition(":")
    found: Format = getattr(importlib.import_module(module_name), attribute or "FORMAT")
    return found


def exported() -> list[str]:
    return [name for name in FORMATS if get(name).write is not None]


def imported() -> list[str]:
    return [name for name in FORMATS if get(name).read is not None]


def by_suffix(filename: str, *, reading: bool) -> Format | None:
    """The format a file name's suffix says (`refs.bib`: bibtex), among those rl can read
    (`reading`) or write; None when it says none."""
    lowered = filename.lower()
    for name in FORMATS:
        found = get(name)
        able = found.read if reading else found.write
        if able is not None and any(lowered.endswith(s) for s in found.suffixes):
            return found
    return None
