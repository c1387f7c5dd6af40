"""The search index: migration, triggers keeping it in sync, rl doctor, and the start-up cost
of rl search."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.library import SCHEMA_VERSION, Library, open_library
from readinglist.migrations import migrations
from readinglist.search import search


def ids(kb: Library, query: str) -> list[int]:
    return sorted(r["id"] for r in search(kb, query))


def in_sync(kb: Library) -> bool:
    health = kb.check_search_index()
    assert health.problems == []
    return health.indexed == health.papers


def test_schema_version_counts_the_migrations(kb):
    assert len(kb.migrations()[0]) == SCHEMA_VERSION
    assert kb.schema_version() == SCHEMA_VERSION


def test_tokenizer_and_columns(kb):
    conn = kb.conn
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'papers_fts'").fetchone()[0]
    assert "tokenize = 'porter unicode61 remove_diacritics 2'" in sql
    columns = [r[1] for r in conn.execute("PRAGMA table_info(papers_fts)")]
    assert columns == ["title", "label", "authors", "abstract", "notes", "pdf_text"]
    pdf_columns = [r[1] for r in conn.execute("PRAGMA table_info(pdf_texts)")]
    assert pdf_columns == ["paper_id", "text", "pages", "extracted_at"]


def test_migration_indexes_papers_already_stored(db_file):
    """A knowledge base made before the index existed gets every paper and note indexed."""
    from sqlite_utils import Database

    database = Database(db_file)
    migrations.apply(database, stop_before="m003_search_index")
    conn = database.conn
    conn.execute("PRAGMA user_version = 2")
    # Written as an older rl did: today's papers.add_note knows columns added after m003.
    with conn:
        paper = conn.execute(
            "INSERT INTO papers (title, title_key, label, category, position, added_at) "
            "VALUES ('Memory Networks', 'memory networks', 'Memory Networks', 'other', 1, '')"
        ).lastrowid
        conn.execute(
            "INSERT INTO notes (paper_id, created_at, body) VALUES (?, '', ?)",
            (paper, "Read twice; the zebra example is good."),
        )
    conn.close()
    kb = open_library(db_file)
    assert kb.schema_version() == SCHEMA_VERSION
    assert ids(kb, "zebra") == [paper]
    assert in_sync(kb)


# A knowledge base as rl wrote it at schema 5 (commit 8d87147, before the prefix index):
# "Dialogue Generation" (read, a note) in dialogue, "(2017)PPO" (to-read) in rl.
SCHEMA_5 = Path(__file__).parent / "fixtures" / "kb-schema5.sqlite"


def test_migration_adds_the_prefix_index_to_papers_already_stored(db_file):
    shutil.copyfile(SCHEMA_5, db_file)
    before = sqlite3.connect(db_file)
    tables = {r[0] for r in before.execute("SELECT name FROM sqlite_master")}
    assert "papers_words" not in tables and before.execute("PRAGMA user_version").fetchone() == (5,)
    before.close()
    kb = open_library(db_file)
    assert kb.schema_version() == SCHEMA_VERSION
    assert ids(kb, "generat*") == [1] and ids(kb, "conversati*") == [1] and in_sync(kb)
    kb.add_note(2, "about optimizers")
    assert ids(kb, "optimiz*") == [2] and in_sync(kb)


@pytest.mark.usefixtures("profile_categories")
def test_triggers_follow_every_write_through_the_cli(rl, db_file):
    assert rl("add", "Memory Networks", "--cat", "other", "--offline").exit_code == 0
    kb = open_library(db_file)
    assert ids(kb, "memory") == [1] and in_sync(kb)

    rl("edit", "1", "--title", "Neural Turing Machines", "--abstract", "external tape")
    assert ids(kb, "memory") == []  # the label rl made follows the title
    assert ids(kb, "turing") == [1] and ids(kb, "tape") == [1] and in_sync(kb)
    rl("edit", "1", "--label", "(2014)NTM")
    assert ids(kb, "memory") == [] and ids(kb, "ntm") == [1] and in_sync(kb)
    assert ids(kb, "memor*") == [] and ids(kb, "turin*") == [1]

    rl("note", "1", "Compare with the zebra paper.")
    rl("note", "1", "Second thoughts on giraffes.")
    assert ids(kb, "zebra") == [1] and ids(kb, "giraffes") == [1] and in_sync(kb)

    rl("status", "1", "reading")
    rl("edit", "1", "--cat", "rl")
    assert ids(kb, "zebra") == [1] and in_sync(kb)

    rl("add", "Another Paper", "--cat", "rl", "--offline", "--note", "zebra again")
    assert ids(kb, "zebra") == [1, 2] and in_sync(kb)

    assert rl("rm", "1", "--yes").exit_code == 0
    assert ids(kb, "zebra") == [2] and ids(kb, "turing") == [] and ids(kb, "zebr*") == [2]
    assert kb.conn.execute("SELECT COUNT(*) FROM papers_fts").fetchone()[0] == 1
    assert in_sync(kb)


def test_triggers_follow_notes_and_pdf_text_changed_directly(kb):
    paper = kb.add_paper({"title": "A Paper", "category": "other"}).id
    other = kb.add_paper({"title": "B Paper", "category": "other"}).id
    conn = kb.conn
    with conn:
        conn.execute(
            "INSERT INTO pdf_texts (paper_id, text, pages) VALUES (?, 'full text about okapis', 9)",
            (paper,),
        )
    assert ids(kb, "okapi") == [paper] and in_sync(kb)
    with conn:
        conn.execute("UPDATE pdf_texts SET text = 'now about lemurs' WHERE paper_id = ?", (paper,))
    assert ids(kb, "okapi") == [] and ids(kb, "lemurs") == [paper] and in_sync(kb)
    with conn:
        conn.execute("UPDATE pdf_texts SET paper_id = ? WHERE paper_id = ?", (other, paper))
    assert ids(kb, "lemurs") == [other] and in_sync(kb)
    with conn:
        conn.execute("DELETE FROM pdf_texts")
    assert ids(kb, "lemurs") == [] and in_sync(kb)

    note = kb.add_note(paper, "about capybaras").as_dict()
    with conn:
        conn.execute("UPDATE notes SET body = 'about tapirs' WHERE id = ?", (note["id"],))
    assert ids(kb, "capybaras") == [] and ids(kb, "tapirs") == [paper] and in_sync(kb)
    with conn:
        conn.execute("UPDATE notes SET paper_id = ? WHERE id = ?", (other, note["id"]))
    assert ids(kb, "tapirs") == [other] and in_sync(kb)
    with conn:
        conn.execute("DELETE FROM notes")
    assert ids(kb, "tapirs") == [] and in_sync(kb)


def test_reordering_does_not_touch_the_index(kb):
    for title in ("One", "Two", "Three"):
        kb.add_paper({"title": title, "category": "other"})
    before = kb.conn.total_changes
    kb.move_paper(3, 1)
    # Three position updates and nothing else: the index triggers did not fire.
    assert kb.conn.total_changes - before == 3
    assert in_sync(kb)


def test_doctor_on_a_healthy_knowledge_base(rl, db_file):
    rl("add", "Memory Networks", "--cat", "other", "--offline")
    r = rl("doctor")
    assert r.exit_code == 0, r.stdout
    names = [m.name for m in migrations._migrations]
    assert r.stdout.splitlines() == [
        f"ok    migrations: {len(names)} applied ({', '.join(names)}), "
        f"schema version {SCHEMA_VERSION}",
        "ok    sqlite: integrity and foreign keys",
        "ok    search index: 1 of 1 papers indexed",
        "ok    files: 0 referenced PDF(s)",
        f"ok    unfinished PDF copies: none in {db_file.parent / 'pdfs'}",
    ]
    data = rl("doctor", "--json").json()
    assert data["ok"] is True
    assert [c["name"] for c in data["checks"]] == [
        "migrations",
        "sqlite",
        "search index",
        "files",
        "unfinished PDF copies",
    ]


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ("DELETE FROM papers_fts WHERE rowid = 1", "1 paper(s) not in the search index: #1"),
        (
            "UPDATE papers_fts SET title = 'stale' WHERE rowid = 2",
            "1 paper(s) indexed with outdated text: #2",
        ),
        (
            "INSERT INTO papers_fts (rowid, title) VALUES (99, 'ghost')",
            "1 paper(s) deleted but still in the search index: #99",
        ),
        (
            "DROP TRIGGER papers_fts_note_insert",
            "1 of the triggers that keep the search index in sync are missing "
            "(papers_fts_note_insert)",
        ),
        ("DROP TABLE papers_fts", "the search index is missing"),
        ("DROP TABLE papers_words", "the search index of prefixes is missing"),
        (
            "INSERT INTO papers_words (rowid, title) VALUES (1, 'ghost')",
            "1 paper(s) indexed otherwise in the index of prefixes: #1",
        ),
    ],
)
def test_doctor_finds_an_index_out_of_sync_and_reindex_fixes_it(rl, db_file, damage, problem):
    rl("add", "Memory Networks", "--cat", "other", "--offline")
    rl("add", "Neural Turing Machines", "--cat", "other", "--offline")
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute(damage)
    conn.close()
    r = rl("doctor")
    assert r.exit_code == 1
    assert "FAIL  search index" in r.stdout
    assert f"      {problem}" in r.stdout.splitlines()
    assert "      fix: rl doctor --reindex" in r.stdout
    r = rl("doctor", "--reindex")
    assert r.exit_code == 0, r.stdout
    assert r.stderr == "Rebuilt the search index: 2 papers.\n"
    assert "ok    search index: 2 of 2 papers indexed" in r.stdout
    assert [p["title"] for p in rl("search", "memory", "--json").json()] == ["Memory Networks"]
    rl("note", "2", "zebra")  # the triggers are back too
    assert [p["id"] for p in rl("search", "zebra", "--json").json()] == [2]


def test_search_without_an_index_says_how_to_fix_it(rl, db_file):
    rl("add", "Memory Networks", "--cat", "other", "--offline")
    conn = sqlite3.connect(db_file)
    conn.execute("DROP TABLE papers_fts")
    conn.close()
    r = rl("search", "memory")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: the search index is missing. Rebuild it with: rl doctor --reindex\n"
    )


def test_doctor_reports_missing_pdf_files(rl, db_file, isolated):
    rl("add", "Memory Networks", "--cat", "other", "--offline")
    rl("add", "Neural Turing Machines", "--cat", "other", "--offline")
    (isolated / "pdfs").mkdir()
    (isolated / "pdfs" / "ntm.pdf").write_bytes(b"%PDF-1.4")
    conn = open_library(db_file).conn
    with conn:
        conn.execute("UPDATE papers SET pdf_path = 'pdfs/gone.pdf' WHERE id = 1")
        conn.execute("UPDATE papers SET pdf_path = 'pdfs/ntm.pdf' WHERE id = 2")
    r = rl("doctor")
    assert r.exit_code == 1
    assert "FAIL  files: 2 referenced PDF(s)" in r.stdout
    assert "      #1 Memory Networks: PDF pdfs/gone.pdf does not exist" in r.stdout
    assert "ntm.pdf" not in r.stdout
    check = rl("doctor", "--json").json()["checks"][3]
    assert check["ok"] is False and check["problems"] == [
        "#1 Memory Networks: PDF pdfs/gone.pdf does not exist"
    ]


HEAVY = ("arxiv", "fitz", "pymupdf", "jinja2", "requests", "sqlite_utils", "numpy", "rapidfuzz")


@pytest.mark.parametrize("extra", [[], ["--json"], ["--cat", "other", "--year", "2014"]])
def test_rl_search_imports_nothing_heavy(db_file, extra):
    kb = open_library(db_file)  # migrated here: migrating is the one thing that needs sqlite-utils
    kb.add_paper({"title": "Memory Networks", "category": "other", "year": 2014})
    kb.close()
    code = (
        "import sys, json\n"
        "from readinglist.cli import main\n"
        f"sys.argv = ['rl', '--db', {str(db_file)!r}, 'search', 'memory', *{extra!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Memory Networks" in result.stdout
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    loaded = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    assert loaded == []
    assert "rich" not in {m.split(".")[0] for m in modules}
    # Only the search command's module was loaded, not every command of rl.
    assert "readinglist.cli.add" not in modules


def test_help_lists_every_command_with_its_help(rl):
    from readinglist.cli import command_names

    r = rl("--help")
    assert r.exit_code == 0
    for name in command_names():
        line = next(ln for ln in r.stdout.splitlines() if ln.strip("│ ").startswith(name + " "))
        assert len(line.strip("│ ").split()) > 1, f"{name} has no help text"


def test_every_command_module_is_a_command_of_its_name():
    """A module of readinglist/cli/ is the command named after its file: adding the file is
    all it takes, and rl --help shows it in one of the help panels."""
    import importlib

    from typer.main import get_group

    from readinglist.cli import PANELS, app, command_names

    names = command_names()
    assert "add" in names and "import-readme" in names and "cat" in names
    root = get_group(app)
    for name in names:
        module = importlib.import_module(f"readinglist.cli.{name.replace('-', '_')}")
        assert module.PANEL in PANELS, name
        assert get_group(module.app).commands, name
        assert root.commands[name].name == name
