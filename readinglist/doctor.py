"""`rl doctor`: is the knowledge base sound? Schema, SQLite integrity, the search index, and
the files papers point at. Returns findings; printing is the command's job."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from readinglist import db as kb
from readinglist.search_index import check_search_index, create_search_index


@dataclass
class Check:
    name: str
    ok: bool
    summary: str
    problems: list[str] = field(default_factory=list)
    fix: str | None = None  # the command that repairs it, when there is one


def diagnose(conn: sqlite3.Connection, db_path: Path) -> list[Check]:
    return [
        _check_schema(conn),
        _check_sqlite(conn),
        _check_search_index(conn),
        _check_files(conn, db_path),
    ]


def reindex(conn: sqlite3.Connection) -> int:
    """Rebuild the search index (table, triggers, contents); returns the papers indexed."""
    with conn:
        create_search_index(conn)
    return int(conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])


def as_json(checks: list[Check]) -> dict[str, Any]:
    return {"ok": all(c.ok for c in checks), "checks": [asdict(c) for c in checks]}


def _check_schema(conn: sqlite3.Connection) -> Check:
    from readinglist.migrations import migrations

    version = conn.execute("PRAGMA user_version").fetchone()[0]
    database = kb.as_sqlite_utils(conn)
    applied = [m.name for m in migrations.applied(database)]
    pending = [m.name for m in migrations.pending(database)]
    problems = [f"migration {name} has not been applied" for name in pending]
    if version != kb.SCHEMA_VERSION:
        problems.append(f"schema version is {version}, this rl expects {kb.SCHEMA_VERSION}")
    return Check(
        "migrations",
        not problems,
        f"{len(applied)} applied ({', '.join(applied)}), schema version {version}",
        problems,
    )


def _check_sqlite(conn: sqlite3.Connection) -> Check:
    problems = [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
    for row in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{row[0]} row {row[1]} points at a missing {row[2]} row")
    return Check("sqlite", not problems, "integrity and foreign keys", problems)


def _check_search_index(conn: sqlite3.Connection) -> Check:
    health = check_search_index(conn)
    return Check(
        "search index",
        health.ok,
        f"{health.indexed} of {health.papers} papers indexed",
        health.problems,
        None if health.ok else "rl doctor --reindex",
    )


def _check_files(conn: sqlite3.Connection, db_path: Path) -> Check:
    """Every pdf_path must exist. A relative path may be relative to the knowledge base's
    folder or to the current directory (where rl runs, e.g. the repository root)."""
    problems = []
    rows = conn.execute(
        "SELECT id, label, pdf_path FROM papers WHERE pdf_path IS NOT NULL AND pdf_path != '' "
        "ORDER BY id"
    ).fetchall()
    for row in rows:
        path = Path(row["pdf_path"]).expanduser()
        candidates = [path] if path.is_absolute() else [db_path.parent / path, Path.cwd() / path]
        if not any(p.is_file() for p in candidates):
            problems.append(f"#{row['id']} {row['label']}: PDF {row['pdf_path']} does not exist")
    fix = "rl pdf REF FILE to attach the PDF again" if problems else None
    return Check("files", not problems, f"{len(rows)} referenced PDF(s)", problems, fix)
