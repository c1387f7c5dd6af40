"""A knowledge base with damaged pages (random bytes over a page, as a bad disk or a torn
copy leaves it), and one that cannot be written: a clear error naming the file, never a
traceback; `rl doctor` says what is damaged and how to recover; `--recover` saves every row
still readable; the damaged file is never changed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.library import open_library

PAPERS = 300  # enough for the papers table to span many pages


@pytest.fixture
def full_kb(db_file: Path) -> Path:
    kb = open_library(db_file)
    rng = random.Random(7)
    words = ["memory", "network", "dialogue", "reward", "policy", "vision", "language"]
    for i in range(PAPERS):
        abstract = " ".join(rng.choice(words) for _ in range(80))
        kb.add_paper(
            {"title": f"Paper {i:04d} on {words[i % len(words)]}", "category": "other",
             "abstract": abstract, "year": 2000 + i % 25},
            note=f"note {i}" if i % 3 == 0 else None,
        )  # fmt: skip
    kb.close()
    _checkpoint(db_file)
    return db_file


def _checkpoint(db_file: Path) -> None:
    """Move everything into the main file, where the damage will be written."""
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _pages(db_file: Path, table: str, kind: str) -> list[int]:
    conn = sqlite3.connect(db_file)
    try:
        rows = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno",
            (table, kind),
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def _damage(db_file: Path, page: int) -> None:
    page_size = 4096
    with db_file.open("r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(random.Random(page).randbytes(page_size))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "args",
    [["list"], ["render"], ["search", "memory"], ["show", "1"], ["stats"],
     ["edit", "1", "--year", "2001"], ["export", "--format", "jsonl"],
     ["add", "A New Paper", "--cat", "other", "--offline"], ["note", "1", "text"],
     ["rm", "1", "--yes"]],
)  # fmt: skip
def test_a_damaged_page_is_a_clear_error_and_nothing_changes(rl, full_kb, args):
    _damage(full_kb, _pages(full_kb, "papers", "internal")[0])
    before = _digest(full_kb)
    r = rl(*args)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: the knowledge base {full_kb} is damaged")
    assert "rl doctor" in r.stderr and "Traceback" not in r.stderr
    assert _digest(full_kb) == before


def test_doctor_names_the_damage_and_the_ways_back(rl, full_kb):
    _damage(full_kb, _pages(full_kb, "papers", "leaf")[3])
    before = _digest(full_kb)
    r = rl("doctor")
    assert r.exit_code == 1
    assert "FAIL  sqlite" in r.stdout
    assert f"rl --db {full_kb} doctor --recover" in r.stdout
    assert '".recover"' in r.stdout and "backup" in r.stdout
    assert _digest(full_kb) == before
    checks = rl("doctor", "--json").json()
    assert checks["ok"] is False
    assert {c["name"]: c["ok"] for c in checks["checks"]}["sqlite"] is False


def test_doctor_mentions_the_json_lines_twin_when_there_is_one(rl, full_kb):
    twin = full_kb.with_suffix(".jsonl")
    twin.write_text("")
    _damage(full_kb, _pages(full_kb, "papers", "leaf")[0])
    assert f"import {twin}" in rl("doctor").stdout


def test_recover_saves_every_row_outside_the_damaged_page(rl, full_kb, tmp_path):
    original = rl("list", "--json").json()
    leaf = _pages(full_kb, "papers", "leaf")[5]
    conn = sqlite3.connect(full_kb)
    on_leaf = len(conn.execute("SELECT * FROM dbstat WHERE pageno = ?", (leaf,)).fetchall())
    conn.close()
    assert on_leaf
    _damage(full_kb, leaf)
    before = _digest(full_kb)

    new = tmp_path / "recovered.sqlite"
    r = rl("doctor", "--recover", str(new))
    assert r.exit_code == 0, r.stderr
    assert f"into {new}" in r.stderr and "some pages could not be read" in r.stderr
    assert _digest(full_kb) == before

    assert rl("--db", str(new), "doctor").exit_code == 0
    recovered = rl("--db", str(new), "list", "--json").json()
    by_id = {p["id"]: p for p in original}
    # Only the rows of the one damaged page are gone, and what came back is unchanged.
    assert PAPERS - 40 < len(recovered) < PAPERS
    assert all(by_id[p["id"]] == p for p in recovered)
    hits = rl("--db", str(new), "search", "memory", "--json").json()
    assert hits and {h["id"] for h in hits} <= {p["id"] for p in recovered}
    # Notes of lost papers are left out, those of kept papers kept.
    kept = [p for p in recovered if p["id"] % 3 == 1]  # the note went to every third
    assert kept and all(rl("--db", str(new), "show", str(p["id"]), "--json").json()["notes"]
                        for p in kept)  # fmt: skip
    # New papers get new ids, never one of a lost paper.
    rl("--db", str(new), "add", "Added After Recovery", "--cat", "other", "--offline")
    newest = rl("--db", str(new), "show", "Added After Recovery", "--json").json()
    assert newest["id"] == PAPERS + 1


def test_recover_keeps_papers_whose_category_was_lost(rl, full_kb, tmp_path):
    _damage(full_kb, _pages(full_kb, "categories", "leaf")[0])
    new = tmp_path / "recovered.sqlite"
    r = rl("doctor", "--recover", str(new))
    assert r.exit_code == 0, r.stderr
    assert "categories: 1 made again" in r.stderr
    assert len(rl("--db", str(new), "list", "--json").json()) == PAPERS


def test_recover_never_overwrites_a_file(rl, full_kb, tmp_path):
    _damage(full_kb, _pages(full_kb, "papers", "leaf")[0])
    existing = tmp_path / "mine.sqlite"
    existing.write_text("my own file")
    r = rl("doctor", "--recover", str(existing))
    assert r.exit_code == 1 and "already exists" in r.stderr
    assert existing.read_text() == "my own file"


def test_a_damaged_schema_is_reported_by_doctor(rl, full_kb):
    with full_kb.open("r+b") as f:  # page 1 past the 100-byte file header: the schema
        f.seek(100)
        f.write(random.Random(1).randbytes(3996))
    r = rl("doctor")
    assert r.exit_code == 1
    assert "FAIL  sqlite" in r.stdout and "recover" in r.stdout
    r = rl("list")
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and str(full_kb) in r.stderr
    r = rl("doctor", "--recover", str(full_kb.with_name("new.sqlite")))
    assert r.exit_code == 1 and '".recover"' in r.stderr


# -- read-only ------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` read-only as a user meets it: by permissions, or (for root, whom
    permissions do not stop) a read-only bind mount."""
    files = [folder, *folder.iterdir()]
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in files}
        for p in files:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode:
        pytest.skip("running as root without mount: no way to make a folder read-only")
    try:
        subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True
        )
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_knowledge_base_can_be_read_but_not_written(rl, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "kb.sqlite"
    kb = open_library(db)
    kb.add_paper({"title": "Memory Networks", "category": "other", "abstract": "memory"})
    kb.close()
    _checkpoint(db)
    rendered = rl("--db", str(db), "render").stdout
    with read_only(folder):
        for args in (["list"], ["search", "memory"], ["show", "1"], ["stats"]):
            r = rl("--db", str(db), *args)
            assert r.exit_code == 0, (args, r.stderr)
        assert rl("--db", str(db), "render").stdout == rendered
        r = rl("--db", str(db), "doctor")
        assert r.exit_code == 0, r.stdout
        assert "read-only" in r.stdout
        r = rl("--db", str(db), "add", "Another Paper", "--cat", "other", "--offline")
        assert r.exit_code == 1
        assert "could not be written" in r.stderr and "Nothing was changed" in r.stderr
    assert [p["title"] for p in rl("--db", str(db), "list", "--json").json()] == ["Memory Networks"]
