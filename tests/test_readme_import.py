"""rl import-readme: the user's reading-list table into the knowledge base."""

import sqlite3
from pathlib import Path

import pytest
import typer.testing

from readinglist.library import open_library

FIXTURES = Path(__file__).parent / "fixtures"
PROFILE = FIXTURES / "profile-README.md"
# A knowledge base to import into (only rl init and rl add make one).
pytestmark = pytest.mark.usefixtures("kb")


def table_rows(markdown: str) -> list[str]:
    """The test's own reading of a one-column table: each row line without its outer pipes."""
    return [
        line.strip()[1:-1].strip()
        for line in markdown.splitlines()
        if line.startswith("|") and not line.startswith("|:")
    ]


def write(tmp: Path, text: str, name: str = "README.md") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def dump(db_file: Path) -> list[str]:
    conn = sqlite3.connect(db_file)
    return [line for line in conn.iterdump() if "_sqlite_migrations" not in line]


def test_the_profile_imports_every_row_as_written(rl, db_file):
    r = rl("import-readme", str(PROFILE), "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["notes_added"] == 1
    assert r.json()["categories_created"] == []
    papers = rl("list", "--json").json()
    assert len(r.json()["added"]) == len(papers) == 24
    cats = [c["heading"] for c in rl("cat", "list", "--json").json()]
    assert cats == ["Survey", "Dialogue system", "LLMs", "Reinforcement learning", "other"]

    # Every row of the table, in order and byte for byte: the paper labels, with the note's
    # label right after its paper, and the bold rows as category headings.
    rows = table_rows(PROFILE.read_text(encoding="utf-8"))
    rebuilt = []
    heading = None
    for p in papers:
        cat_heading = cats[["survey", "dialogue", "llm", "rl", "other"].index(p["category"])]
        if cat_heading != heading:
            heading = cat_heading
            rebuilt.append(heading if not rebuilt else f"**{heading}**")
        rebuilt.append(p["label"])
        rebuilt.extend(n["label"] for n in p["notes"] if n["label"])
    assert rebuilt == rows


def test_the_note_row_is_a_note_on_the_paper_above_it(rl):
    rl("import-readme", str(PROFILE))
    paper = rl("show", "Personalizing Dialogue Agents", "--json").json()
    assert (
        paper["label"] == "(2018b)Personalizing Dialogue Agents I have a dog, do you have pets too"
    )
    assert [n["label"] for n in paper["notes"]] == [
        r"(2018b) \[Note\] Personalizing Dialogue Agents I have a dog, do you have pets too"
    ]
    assert paper["status"] == "read"
    assert paper["resolution"] == "unresolved"


def test_importing_again_adds_nothing(rl, db_file):
    rl("import-readme", str(PROFILE))
    before = dump(db_file)
    r = rl("import-readme", str(PROFILE), "--json")
    assert r.exit_code == 0
    assert r.json()["added"] == []
    assert len(r.json()["existing"]) == 24
    assert r.json()["notes_added"] == 0
    assert dump(db_file) == before
    r = rl("import-readme", str(PROFILE))
    assert "Imported 0 paper(s) from" in r.stderr
    assert "24 already stored" in r.stderr


def test_a_resolved_paper_is_still_recognised_by_its_label(rl, kb):
    rl("import-readme", str(PROFILE))
    paper = kb.find_paper("Attention Is All You Need")
    kb.update_paper(paper.id, {"title": "Attention Is All You Need!", "arxiv_id": "1706.03762"})
    assert rl("import-readme", str(PROFILE), "--json").json()["added"] == []


def test_unknown_headings_become_categories_in_table_order(rl, isolated):
    readme = write(
        isolated,
        "|Survey|\n|:---:|\n|A survey|\n|**Vision**|\n|Seeing things|\n"
        "| **Dialogue system** |\n|Talking|\n",
    )
    r = rl("import-readme", str(readme), "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["categories_created"] == ["vision"]
    slugs = [c["slug"] for c in rl("cat", "list", "--json").json()]
    assert slugs == ["survey", "vision", "dialogue", "llm", "rl", "other"]
    assert rl("show", "Seeing things", "--json").json()["category"] == "vision"


def test_new_categories_are_announced(rl, isolated):
    readme = write(isolated, "|Robotics|\n|---|\n|Walking robots|\n")
    r = rl("import-readme", str(readme))
    assert r.exit_code == 0
    assert "New category: robotics" in r.stderr
    assert "Imported 1 paper(s) from" in r.stderr


def test_at_a_terminal_new_categories_are_asked_for(rl, isolated, db_file, monkeypatch):
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    readme = write(isolated, "|Robotics|\n|---|\n|Walking robots|\n")
    r = rl("import-readme", str(readme), input="n\n")
    assert r.exit_code == 1
    assert "Create new categories for 'Robotics'?" in r.stdout
    assert "Nothing imported." in r.stderr
    assert rl("list", "--json").json() == []
    r = rl("import-readme", str(readme), "--no-input")
    assert r.exit_code == 0
    assert "Create new categories" not in r.stdout
    assert [p["label"] for p in rl("list", "--json").json()] == ["Walking robots"]


def test_cells_are_kept_byte_for_byte(rl, isolated):
    cells = [
        r"A \| B: pipes stay escaped",
        r"C \\| D: an escaped backslash before a pipe",
        r"*Emphasis*, `code` and [a link](https://example.org) \[brackets\]",
        "Two  spaces   inside &amp; an entity",
        "<b>html</b> & less < more",
    ]
    readme = write(isolated, "|other|\n|---|\n" + "".join(f"| {c} |\n" for c in cells))
    assert rl("import-readme", str(readme)).exit_code == 0
    papers = rl("list", "--json").json()
    assert [p["label"] for p in papers] == cells
    # The title is the text a reader sees, until the paper is resolved on arXiv.
    assert [p["title"] for p in papers] == [
        "A | B: pipes stay escaped",
        "C | D: an escaped backslash before a pipe",  # GitHub shows it so, too
        "Emphasis, code and a link [brackets]",
        "Two spaces inside & an entity",
        "html & less < more",
    ]


def test_a_new_row_in_an_imported_table_keeps_its_place(rl, isolated):
    readme = write(isolated, "|other|\n|---|\n|First paper|\n|Third paper|\n")
    rl("import-readme", str(readme))
    write(isolated, "|other|\n|---|\n|First paper|\n|Second paper|\n|Third paper|\n")
    r = rl("import-readme", str(readme), "--json")
    assert len(r.json()["added"]) == 1
    labels = [p["label"] for p in rl("list", "--json").json()]
    assert labels == ["First paper", "Second paper", "Third paper"]


def test_a_note_row_that_names_another_paper_is_a_paper(rl, isolated):
    readme = write(isolated, "|other|\n|---|\n|(2015)A model|\n|(2016) [Note] Another model|\n")
    r = rl("import-readme", str(readme), "--json")
    assert r.json()["notes_added"] == 0
    labels = [p["label"] for p in rl("list", "--json").json()]
    assert labels == ["(2015)A model", "(2016) [Note] Another model"]


def test_only_one_column_tables_are_reading_lists(rl, isolated):
    readme = write(
        isolated,
        "# Me\n\n| tool | use |\n|---|---|\n| rl | papers |\n\n"
        "Some text.\n\n|Survey|\n|---|\n|A survey|\n",
    )
    assert rl("import-readme", str(readme)).exit_code == 0
    assert [p["label"] for p in rl("list", "--json").json()] == ["A survey"]


def test_an_empty_header_cell_is_an_error_naming_its_line(rl, isolated, db_file):
    readme = write(isolated, "# Me\n\n| |\n|---|\n| Lonely |\n")
    r = rl("import-readme", str(readme))
    assert r.exit_code == 1
    assert "Error: line 3: the table's header cell is empty" in r.stderr
    assert rl("list", "--json").json() == []


def test_a_file_without_a_reading_list_is_refused_and_nothing_is_stored(rl, isolated, db_file):
    readme = write(isolated, "# Just a heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    r = rl("import-readme", str(readme))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no reading-list table found: expected a one-column")
    assert rl("list", "--json").json() == []


def test_importing_makes_the_knowledge_base_as_adding_does(rl, isolated, monkeypatch):
    monkeypatch.delenv("RL_DB")
    readme = write(isolated, "|Survey|\n|:-:|\n|Memory Networks|\n")
    r = rl("import-readme", str(readme))
    assert r.exit_code == 0, r.stderr
    made = isolated / "data" / "papers.sqlite"
    assert f"Created a new knowledge base at {made.relative_to(isolated)}" in r.stderr
    assert rl("list", "--json").json()[0]["title"] == "Memory Networks"


def test_a_readme_that_cannot_be_read_makes_no_knowledge_base(rl, isolated, monkeypatch):
    monkeypatch.delenv("RL_DB")
    r = rl("import-readme", str(isolated / "nope.md"))
    assert r.exit_code == 1 and not (isolated / "data").exists()


def test_a_missing_file_is_an_error(rl, isolated):
    r = rl("import-readme", str(isolated / "nope.md"))
    assert r.exit_code == 1
    assert "nope.md does not exist." in r.stderr


def test_import_returns_the_ids_it_added_in_table_order(kb):
    from readinglist.readme_import import import_reading_list, parse_reading_list

    sections = parse_reading_list(PROFILE.read_text(encoding="utf-8"))
    result = import_reading_list(kb, sections)
    labels = [kb.paper(i).label for i in result.added]
    assert labels == [r.label for s in sections for r in s.rows if not r.is_note]


@pytest.mark.parametrize("status", ["to-read", "reading"])
def test_status_of_imported_papers(rl, status):
    rl("import-readme", str(PROFILE), "--status", status)
    assert {p["status"] for p in rl("list", "--json").json()} == {status}


def test_an_unknown_status_is_refused_before_anything_is_written(rl, db_file):
    r = rl("import-readme", str(PROFILE), "--status", "skimmed")
    assert r.exit_code == 1
    assert "unknown status 'skimmed'" in r.stderr
    assert open_library(db_file).papers() == []


def test_cells_past_the_one_column_are_not_imported_as_github_does_not_show_them(rl, isolated):
    from gfm import tables

    text = "|other|\n|---|\n|A paper| a stray cell |\n"
    assert tables(text) == [[["other"], ["A paper"]]]
    rl("import-readme", str(write(isolated, text)))
    assert [p["label"] for p in rl("list", "--json").json()] == ["A paper"]
