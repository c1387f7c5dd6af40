"""What a user would notice changing: the knowledge base's rows and the files of a folder.

Tests of failures take a picture before and after and insist they are equal.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

TABLES = ("papers", "notes", "categories")


def rows(db_file: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a user's data lives in (and pdf_texts, once it exists)."""
    if not db_file.exists():
        return {}
    conn = sqlite3.connect(db_file)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in (*TABLES, "pdf_texts")
            if t in tables
        }
    finally:
        conn.close()


def files(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones too: a left-over temporary file counts) by its
    path relative to `folder`, with a hash of its bytes. The knowledge base file is compared
    by its rows instead, and `cache/` (the time of the last arXiv request) is no user data."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "kb.sqlite" not in p.name and p.relative_to(folder).parts[0] != "cache"
    }


def state(db_file: Path, folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
    return rows(db_file), files(folder)
