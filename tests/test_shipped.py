"""The shipped knowledge base and template reproduce the user's profile README byte for byte.

The committed data/papers.sqlite is only ever read through a copy: no test may change it.
"""

import hashlib
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from gfm import parse, tables

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "tests" / "fixtures" / "profile-README.md"
FACTS = ROOT / "data" / "reading-list-facts.json"
SHIPPED_DB = ROOT / "data" / "papers.sqlite"
SHIPPED_TEMPLATE = ROOT / "templates" / "README.md.j2"


def load_build_script():
    spec = importlib.util.spec_from_file_location(
        "build_shipped_db", ROOT / "scripts" / "build_shipped_db.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_db(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "papers.sqlite"
    load_build_script().build(out)
    return out


@pytest.fixture
def shipped_copy(isolated) -> Path:
    copy = isolated / "shipped.sqlite"
    shutil.copyfile(SHIPPED_DB, copy)
    return copy


def content(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_the_build_reproduces_the_profile_readme(rl, built_db):
    r = rl("--db", str(built_db), "render", "--template", str(SHIPPED_TEMPLATE))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.encode("utf-8") == PROFILE.read_bytes()


def test_the_committed_knowledge_base_reproduces_the_profile_readme(rl, shipped_copy):
    r = rl("--db", str(shipped_copy), "render", "--template", str(SHIPPED_TEMPLATE))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.encode("utf-8") == PROFILE.read_bytes()


def test_a_fresh_clone_renders_the_profile_and_leaves_the_knowledge_base_alone(isolated):
    clone = isolated / "clone"
    (clone / "data").mkdir(parents=True)
    shutil.copyfile(SHIPPED_DB, clone / "data" / "papers.sqlite")
    shutil.copytree(ROOT / "templates", clone / "templates")
    before = hashlib.sha256((clone / "data" / "papers.sqlite").read_bytes()).hexdigest()
    env = {k: v for k, v in os.environ.items() if k != "RL_DB"}
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "render"], cwd=clone, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == PROFILE.read_bytes()
    assert done.stderr == b""
    after = hashlib.sha256((clone / "data" / "papers.sqlite").read_bytes()).hexdigest()
    assert after == before
    assert sorted(p.name for p in (clone / "data").iterdir()) == ["papers.sqlite"]


def test_exporting_the_shipped_list_changes_nothing_in_it(rl, shipped_copy):
    """Every paper has its citation key already: `rl export` in a clone leaves git clean."""
    before = content(shipped_copy)
    for kind in ("bibtex", "csl-json", "biblatex"):
        r = rl("--db", str(shipped_copy), "export", "--format", kind)
        assert r.exit_code == 0, r.stderr
    assert content(shipped_copy) == before


def test_the_committed_knowledge_base_is_what_the_build_script_makes(built_db):
    # Rebuild with: python scripts/build_shipped_db.py
    assert content(SHIPPED_DB) == content(built_db)


def test_the_build_is_deterministic(built_db, isolated):
    again = isolated / "again.sqlite"
    load_build_script().build(again)
    assert again.read_bytes() == built_db.read_bytes()


def test_facts_are_attached_to_the_rows_they_describe(rl, built_db):
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    papers = {p["label"]: p for p in rl("--db", str(built_db), "list", "--json").json()}
    assert len(papers) == len(facts)
    for fact in facts:
        paper = papers[fact["as_written"]]
        assert paper["title"] == fact["title"]
        assert paper["arxiv_id"] == fact["arxiv_id"]
        assert paper["year"] == fact["year"]
        assert paper["authors"][0] == fact["first_author"]
        acl = paper["ids"]["acl"]
        if acl is not None and not fact["arxiv_id"]:
            # The ACL Anthology's own metadata: every author, its venue, pages and DOI.
            assert paper["resolution"] == "resolved" and paper["metadata_source"] == "acl"
            assert acl in fact["venue"] and paper["pages"] and len(paper["authors"]) > 1
            assert paper["venue"].startswith("Proceedings of the")
        else:
            assert paper["authors"] == [fact["first_author"]]
            assert paper["venue"] == fact["venue"]
            assert paper["resolution"] == ("resolved" if fact["arxiv_id"] else "not-found")


def test_the_profile_table_is_one_table_with_one_cell_per_row(rl, built_db):
    out = rl("--db", str(built_db), "render", "--template", str(SHIPPED_TEMPLATE)).stdout
    [table] = tables(out)
    assert {len(row) for row in table} == {1}
    papers = rl("--db", str(built_db), "list", "--json").json()
    notes = sum(1 for p in papers for n in p["notes"] if n["label"])
    categories = len({p["category"] for p in papers})
    assert len(table) == len(papers) + notes + categories


def test_the_rich_list_links_every_title(rl, built_db):
    out = rl("--db", str(built_db), "render", "--template", "reading-list.md.j2").stdout
    found = parse(out)
    papers = rl("--db", str(built_db), "list", "--json").json()
    rows = [row for table in found.tables for row in table[1:]]
    links = [row[0] for table in found.links for row in table[1:]]
    assert [r[0] for r in rows] == [p["title"] for p in papers]
    assert [r[2] for r in rows] == [str(p["year"]) for p in papers]
    for paper, link in zip(papers, links, strict=True):
        if paper["arxiv_id"]:
            assert link == f"https://arxiv.org/abs/{paper['arxiv_id']}"
        elif paper["doi"]:
            assert link == f"https://doi.org/{paper['doi']}"
    # The facts name a DOI or an ACL Anthology page for every paper not on arXiv but the
    # two OpenAI reports.
    assert links.count(None) == 2
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    survey = sum(p["category"] == "survey" for p in papers)
    assert headings[0] == f"### Survey ({survey})"


def test_the_readme_reading_list_block_is_current(rl, shipped_copy):
    # CI re-renders it on push; this catches a stale block before that.
    r = rl(
        "--db", str(shipped_copy), "render", "--template", "reading-list.md.j2",
        "--check", str(ROOT / "README.md"),
    )  # fmt: skip
    assert r.exit_code == 0, r.stdout + r.stderr
