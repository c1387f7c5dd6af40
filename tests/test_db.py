"""Opening, locating and migrating the knowledge base."""

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from readinglist.errors import DatabaseError
from readinglist.library import SCHEMA_VERSION, open_library
from readinglist.migrations import migrations


def test_schema_version_matches_the_migrations(db_file):
    conn = open_library(db_file).conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied == [m.name for m in migrations._migrations]
    assert len(applied) == SCHEMA_VERSION


def test_wal_mode_and_foreign_keys(db_file):
    conn = open_library(db_file).conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_default_location_is_data_under_the_current_directory(rl, isolated, monkeypatch):
    monkeypatch.delenv("RL_DB")
    r = rl("add", "A Paper", "--cat", "other", "--offline")
    assert r.exit_code == 0
    assert "Created a new knowledge base at data/papers.sqlite" in r.stderr
    assert (isolated / "data" / "papers.sqlite").exists()
    r = rl("list", "--json")
    assert "Created" not in r.stderr and len(r.json()) == 1


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(rl, isolated):
    notes = isolated / "notes.txt"
    notes.write_text("my precious notes\n")
    r = rl("--db", str(notes), "add", "X", "--cat", "other", "--offline")
    assert r.exit_code == 1
    assert f"Error: {notes} is not a SQLite database; refusing to touch it." in r.stderr
    assert notes.read_text() == "my precious notes\n"


def test_a_foreign_sqlite_database_is_refused_and_untouched(rl, isolated):
    other = isolated / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE mine (x)")
    c.commit()
    c.close()
    before = other.read_bytes()
    r = rl("--db", str(other), "list")
    assert r.exit_code == 1
    assert "is a SQLite database but not an rl knowledge base" in r.stderr
    assert other.read_bytes() == before


def test_a_directory_is_refused(rl, isolated):
    r = rl("--db", str(isolated), "list")
    assert r.exit_code == 1  # a usage error, like any invalid option value
    assert r.stderr.startswith("Error: --db: file ") and "is a directory" in r.stderr


def test_a_newer_schema_is_refused(db_file):
    conn = open_library(db_file).conn
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DatabaseError, match="written by a newer version of rl"):
        open_library(db_file)


def test_pending_migrations_are_applied_on_open(db_file):
    # An older rl's database: every migration but the last applied, user_version to match.
    from sqlite_utils import Database

    last = migrations._migrations[-1].name
    older = Database(db_file)
    migrations.apply(older, stop_before=last)
    older.execute(f"PRAGMA user_version = {len(migrations._migrations) - 1}")
    older.close()
    conn = open_library(db_file).conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied[-1] == last


def test_concurrent_writers_wait_for_each_other(db_file):
    open_library(db_file).close()
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            kb = open_library(db_file)
            for i in range(20):
                kb.add_paper({"title": f"paper {n}-{i}", "category": "other"})
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count = sqlite3.connect(db_file).execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    assert count == 80


def test_concurrent_rl_processes(db_file):
    open_library(db_file).close()
    code = (
        "import sys; from readinglist.cli import app; "
        "sys.argv = ['rl', '--db', sys.argv[1], 'add', sys.argv[2], '--cat', 'other', "
        "'--offline']; app()"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db_file), f"paper {i}"]) for i in range(4)
    ]
    assert [p.wait() for p in procs] == [0, 0, 0, 0]
    count = sqlite3.connect(db_file).execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    assert count == 4


def test_labels_stored_before_label_formats_stay_markdown_as_written(db_file):
    """Labels of a knowledge base from before (schema 5) were rendered as written; they still
    are, whatever they were made from."""
    import shutil

    shutil.copyfile(Path(__file__).parent / "fixtures" / "kb-schema5.sqlite", db_file)
    kb = open_library(db_file)
    assert [(p.label, p.label_format) for p in kb.papers()] == [
        ("Dialogue Generation", "markdown"), ("(2017)PPO", "markdown")
    ]  # fmt: skip
    assert kb.add_paper({"title": "Typed *title*", "category": "rl"}).label_format == "text"
    assert kb.update_paper(3, {"label": "Given *label*"}).label_format == "markdown"
