"""`rl doctor`: is the knowledge base sound? Schema, SQLite integrity, the search index, and
the files papers point at. Returns findings; printing is the face's job."""

from __future__ import annotations

import shlex
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.library import SCHEMA_VERSION

if TYPE_CHECKING:
    from readinglist.library import Library


@dataclass
class Check:
    name: str
    ok: bool
    summary: str
    problems: list[str] = field(default_factory=list)
    fix: str | None = None  # the command that repairs it, when there is one


def diagnose(library: Library) -> list[Check]:
    checks = []
    for name, check in [
        ("migrations", _check_schema),
        ("sqlite", _check_sqlite),
        ("search index", _check_search_index),
        ("files", _check_files),
        ("unfinished PDF copies", _check_leftovers),
    ]:
        try:
            checks.append(check(library))
        except sqlite3.DatabaseError as e:
            # A damaged page stops the check that reads it; the others still run.
            checks.append(Check(name, False, f"could not be read: {e}", [], recovery(library.path)))
    return checks


def unopenable(path: Path, reason: str) -> list[Check]:
    """The findings when the knowledge base cannot even be opened."""
    return [Check("sqlite", False, "the file cannot be opened", [reason], recovery(path))]


def recovery(path: Path) -> str:
    """How to get a damaged knowledge base's papers back, best first."""
    new = path.with_name(f"{path.stem}-recovered{path.suffix}")
    ways = [f"rl --db {path} doctor --recover {new} (copies every row still readable)"]
    twin = path.with_suffix(".jsonl")
    if twin.is_file():
        ways.append(f"rl --db {new} import {twin} (your JSON Lines copy)")
    ways.append(f'sqlite3 {path} ".recover" | sqlite3 {new} (SQLite\'s own recovery)')
    ways.append("or put back a backup of the file")
    return "; or ".join(ways[:-1]) + "; " + ways[-1]


def as_json(checks: list[Check]) -> dict[str, Any]:
    return {"ok": all(c.ok for c in checks), "checks": [asdict(c) for c in checks]}


def _check_schema(library: Library) -> Check:
    version = library.schema_version()
    applied, pending = library.migrations()
    problems = [f"migration {name} has not been applied" for name in pending]
    if version != SCHEMA_VERSION:
        problems.append(f"schema version is {version}, this rl expects {SCHEMA_VERSION}")
    return Check(
        "migrations",
        not problems,
        f"{len(applied)} applied ({', '.join(applied)}), schema version {version}",
        problems,
    )


def _check_sqlite(library: Library) -> Check:
    problems = library.integrity_problems()
    fix = recovery(library.path) if problems else None
    return Check("sqlite", not problems, "integrity and foreign keys", problems, fix)


def _check_search_index(library: Library) -> Check:
    health = library.check_search_index()
    return Check(
        "search index",
        health.ok,
        f"{health.indexed} of {health.papers} papers indexed"
        + (" (read-only: compared row by row only)" if health.read_only else ""),
        health.problems,
        None if health.ok else "rl doctor --reindex",
    )


def _check_files(library: Library) -> Check:
    """Every pdf_path must exist. A relative path may be relative to the knowledge base's
    folder or to the current directory (where rl runs, e.g. the repository root)."""
    problems = []
    stored = library.pdf_paths()
    for paper_id, label, pdf_path in stored:
        path = Path(pdf_path).expanduser()
        candidates = [path] if path.is_absolute() else [library.folder / path, Path.cwd() / path]
        if not any(p.is_file() for p in candidates):
            problems.append(f"#{paper_id} {label}: PDF {pdf_path} does not exist")
    fix = "rl pdf REF FILE to attach the PDF again" if problems else None
    return Check("files", not problems, f"{len(stored)} referenced PDF(s)", problems, fix)


def _check_leftovers(library: Library) -> Check:
    """Copies of PDFs a killed rl left unfinished in pdfs/ (the next rl that puts a PDF there
    removes them too)."""
    from readinglist.attach import leftover_files, pdf_folder

    folder = pdf_folder(library)
    found = []
    for path in leftover_files(folder):
        try:
            found.append((path, path.stat().st_size))
        except OSError:  # removed meanwhile
            continue
    if not found:
        return Check("unfinished PDF copies", True, f"none in {folder}")
    total = sum(size for _, size in found)
    return Check(
        "unfinished PDF copies",
        False,
        f"{len(found)} left in {folder} by an rl that was stopped ({_size(total)})",
        [f"{path.name}: {_size(size)}" for path, size in found],
        "rm -f -- " + " ".join(shlex.quote(str(path)) for path, _ in found),
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} KB" if n >= 1000 else f"{n} B"
