"""rl import-readme: a README's reading list into the knowledge base, in place, once, in one
transaction; --dry-run says what would happen."""

import shutil
import sqlite3
from pathlib import Path

import pytest
import typer.testing

from readinglist.library import open_library

FIXTURES = Path(__file__).parent / "fixtures"
PROFILE = FIXTURES / "profile-README.md"
LATER = FIXTURES / "profile-README-later.md"  # the profile with one more paper under LLMs
READMES = FIXTURES / "readmes"
ROOT = Path(__file__).resolve().parent.parent


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


@pytest.mark.usefixtures("profile_categories")
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


@pytest.mark.usefixtures("profile_categories")
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


@pytest.mark.usefixtures("profile_categories")
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


@pytest.mark.usefixtures("profile_categories")
def test_a_resolved_paper_is_still_recognised_by_its_label(rl, kb):
    rl("import-readme", str(PROFILE))
    paper = kb.find_paper("Attention Is All You Need")
    kb.update_paper(paper.id, {"title": "Attention Is All You Need!", "arxiv_id": "1706.03762"})
    assert rl("import-readme", str(PROFILE), "--json").json()["added"] == []


@pytest.mark.usefixtures("profile_categories")
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
    assert "Create new categories for 'Robotics'?" in r.stderr  # asked where messages go
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
    assert not db_file.exists()  # read first: nothing is made for a file that fails


def test_a_file_without_a_reading_list_is_refused_and_nothing_is_stored(rl, isolated, db_file):
    readme = write(isolated, "# Just a heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    r = rl("import-readme", str(readme))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no reading list found. Looked for: a one-column table")
    assert "Skipped: 1 a table without a title column." in r.stderr
    assert not db_file.exists()


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


@pytest.mark.usefixtures("profile_categories")
def test_import_returns_the_ids_it_added_in_table_order(kb):
    from readinglist.readme import import_reading_list, parse_reading_list

    sections = parse_reading_list(PROFILE.read_text(encoding="utf-8"))
    result = import_reading_list(kb, sections)
    labels = [kb.paper(i).label for i in result.added]
    assert labels == [r.label for s in sections for r in s.rows if not r.is_note]


@pytest.mark.parametrize("status", ["to-read", "reading"])
def test_status_of_papers_the_list_does_not_mark(rl, isolated, status):
    readme = write(isolated, "|other|\n|---|\n|A paper|\n")
    rl("import-readme", str(readme), "--status", status)
    assert {p["status"] for p in rl("list", "--json").json()} == {status}


def test_a_table_whose_status_column_is_left_blank_gets_the_status_given(rl, isolated):
    readme = write(
        isolated,
        "## Language\n\n| ✅ | Paper |\n| --- | --- |\n"
        "|  | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) |\n"
        "|  | [Layer Normalization](https://arxiv.org/abs/1607.06450) |\n",
    )
    r = rl("import-readme", str(readme), "--no-input", "--status", "reading")
    assert r.exit_code == 0, r.stderr
    assert [p["status"] for p in rl("list", "--json").json()] == ["reading", "reading"]


def test_the_lists_own_marks_decide_the_status(rl):
    # "## Have read:" above the user's table; [x], [ ] and sections such as "Want to Read"
    # in other lists. --status is for what the list does not say.
    rl("import-readme", str(PROFILE), "--status", "to-read", "--no-input")
    rl("import-readme", str(READMES / "checkboxes.md"), "--status", "reading", "--no-input")
    rl("import-readme", str(READMES / "status-sections.md"), "--status", "reading", "--no-input")
    papers = {p["title"]: p["status"] for p in rl("list", "--json").json()}
    assert papers["(GPT2)language models are unsupervised multitask learners"] == "read"
    assert (
        papers["Perceptual Losses for Real-Time Style Transfer and Super-Resolution"] == "to-read"
    )
    assert papers["Neural Style Transfer: A Review"] == "read"
    assert papers["Proximal Policy Optimization Algorithms"] == "reading"
    assert (
        papers["Stable Adversarial Training with Gradient Penalties on Mixed Samples"] == "to-read"
    )


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


# -- other shapes, into a new knowledge base ---------------------------------------------------


def slugs(rl) -> list[str]:
    return [c["slug"] for c in rl("cat", "list", "--json").json()]


def test_a_new_knowledge_base_gets_the_readmes_groups_in_their_order(rl):
    r = rl("import-readme", str(READMES / "status-sections.md"), "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["categories_created"] == ["read", "reading", "want-to-read"]
    assert slugs(rl) == ["read", "reading", "want-to-read", "other"]
    r = rl("import-readme", str(READMES / "other-languages.md"), "--no-input", "--json")
    assert r.json()["categories_created"] == ["计算机视觉-cnn", "自然语言处理", "論文リスト"]
    assert slugs(rl) == ["计算机视觉-cnn", "自然语言处理", "論文リスト", "read", "reading",
                         "want-to-read", "other"]  # fmt: skip
    alexnet = rl("show", "AlexNet", "--json").json()
    assert (alexnet["category"], alexnet["status"], alexnet["year"]) == (
        "计算机视觉-cnn",
        "read",
        2012,
    )
    assert [n["text"] for n in alexnet["notes"]] == ["简介: 深度学习热潮的奠基作"]


def test_what_an_entry_says_is_stored(rl):
    rl("import-readme", str(READMES / "status-sections.md"), "--no-input")
    attention = rl("show", "Attention Is All You Need", "--json").json()
    assert attention["label"] == (
        "[Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) by Ashish Vaswani "
        "et. al - NIPS 2017 - [NLP]"
    )
    assert (attention["arxiv_id"], attention["authors"], attention["venue"], attention["year"]) == (
        "1706.03762",
        ["Ashish Vaswani"],
        "NIPS",
        2017,
    )
    assert (attention["resolution"], attention["status"]) == ("unresolved", "read")
    assert (
        "[the recurrent baseline](https://arxiv.org/abs/1409.3215)" in attention["notes"][0]["text"]
    )
    memory = rl("show", "Memory Networks", "--json").json()
    assert (memory["arxiv_id"], memory["version"]) == ("1410.3916", 11)
    bleu = rl("show", "BLEU", "--json").json()
    assert bleu["url"] == "https://aclanthology.org/P02-1040.pdf"
    assert {k: v for k, v in bleu["ids"].items() if v} == {"acl": "P02-1040"}


def test_a_paper_listed_twice_is_stored_once_where_first_listed(rl):
    r = rl("import-readme", str(READMES / "linked-lines.md"), "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    assert len(r.json()["added"]) == 6
    assert r.json()["repeated"] == [{
        "line": 21, "title": "A Persona-Based Neural Conversation Model", "first_line": 12,
        "category": "dialogue",
    }]  # fmt: skip
    assert "1 paper(s) listed twice are stored once, where first listed" in r.stderr
    assert [p["title"] for p in rl("list", "--cat", "memory", "--json").json()] == [
        "End-To-End Memory Networks",
        "Hybrid computing using a neural network with dynamic external memory",
    ]
    # Listed a second time with the arXiv id the first listing lacked: the paper gets it.
    rl("import-readme", str(READMES / "checkboxes.md"), "--no-input")
    wavenet = rl("show", "WaveNet", "--json").json()
    assert wavenet["arxiv_id"] == "1609.03499"
    assert wavenet["url"] == "https://github.com/someone/papers/blob/master/speech/wavenet.pdf"


def test_importing_any_shape_again_adds_nothing(rl, db_file):
    for name in sorted(p.name for p in READMES.glob("*.md") if p.name != "nothing.md"):
        assert rl("import-readme", str(READMES / name), "--no-input").exit_code == 0, name
    before = dump(db_file)
    for name in sorted(p.name for p in READMES.glob("*.md") if p.name != "nothing.md"):
        r = rl("import-readme", str(READMES / name), "--no-input", "--json")
        assert r.json()["added"] == [], name
    assert dump(db_file) == before


def test_non_papers_are_said_to_be_skipped(rl):
    r = rl("import-readme", str(READMES / "tables.md"), "--no-input")
    assert r.exit_code == 0, r.stderr
    assert "Imported 3 paper(s)" in r.stderr
    assert "Skipped 5 entries that are no papers (see: rl import-readme" in r.stderr
    titles = {p["title"] for p in rl("list", "--json").json()}
    assert not titles & {"The Chinese Room Argument", "Spinning Up in Deep RL",
                         "CS234: Reinforcement Learning"}  # fmt: skip


# -- the user's later README -------------------------------------------------------------------


@pytest.fixture
def shipped(isolated) -> Path:
    copy = isolated / "shipped.sqlite"
    shutil.copyfile(ROOT / "data" / "papers.sqlite", copy)
    return copy


def test_the_later_readme_adds_exactly_its_new_paper_in_place(rl, shipped):
    r = rl("--db", str(shipped), "import-readme", str(LATER), "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    assert len(r.json()["added"]) == 1 and r.json()["categories_created"] == []
    llms = [p["label"] for p in rl("--db", str(shipped), "list", "--cat", "llm", "--json").json()]
    assert llms == [
        "(2018 Radford)Improving Language Understanding by Generative Pre-Training",
        "(GPT2)language models are unsupervised multitask learners",
        "GPT3 Language Models are Few-Shot Learners",
        "(instructGPT)Training language models to follow instructions with human feedback",
        "(LLaMA)LLaMA: Open and Efficient Foundation Language Models",
    ]
    # The user's template renders the later README byte for byte.
    template = str(ROOT / "templates" / "README.md.j2")
    rendered = rl("--db", str(shipped), "render", "--template", template)
    assert rendered.stdout.encode("utf-8") == LATER.read_bytes()


def test_a_row_added_at_the_top_of_a_group_goes_first(rl, isolated):
    readme = write(isolated, "|other|\n|---|\n|Second paper|\n|Third paper|\n")
    rl("import-readme", str(readme))
    write(isolated, "|other|\n|---|\n|First paper|\n|Second paper|\n|Third paper|\n")
    rl("import-readme", str(readme))
    labels = [p["label"] for p in rl("list", "--json").json()]
    assert labels == ["First paper", "Second paper", "Third paper"]


# -- --dry-run -----------------------------------------------------------------------------------


def test_dry_run_shows_groups_first_rows_and_skips_and_writes_nothing(rl, db_file):
    r = rl("import-readme", str(READMES / "linked-lines.md"), "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert not db_file.exists()  # not even a new knowledge base
    out = r.stdout
    assert "7 paper(s) in 3 group(s); 6 new, 0 already stored. Nothing was written" in out
    assert "Dialogue  (new category 'dialogue', 3 paper(s))" in out
    assert "line 10    (--status)  A Neural Conversational Model  arXiv:1506.05869" in out
    assert "Listed twice, stored once (in the group that lists it first):" in out
    assert "line 21    A Persona-Based Neural Conversation Model  (same paper as line 12" in out
    assert "line 18    a blog post: Chatbot tricks" in out
    assert "line 5     in the section 'Table of Contents': Dialogue" in out


def test_dry_run_against_a_knowledge_base_changes_nothing(rl, db_file):
    rl("import-readme", str(PROFILE), "--no-input")
    before = dump(db_file)
    r = rl("import-readme", str(LATER), "--dry-run", "--json")
    assert r.exit_code == 0, r.stderr
    plan = r.json()
    assert plan["dry_run"] is True and plan["added"] == [] and len(plan["existing"]) == 24
    llms = next(s for s in plan["sections"] if s["heading"] == "LLMs")
    assert [row["action"] for row in llms["rows"]] == ["stored"] * 4 + ["new"]
    assert dump(db_file) == before


# -- one transaction, fast -------------------------------------------------------------------


def test_an_interrupted_import_leaves_the_knowledge_base_as_it_was(kb, isolated):
    from readinglist.readme import import_reading_list, read_readme

    rows = "".join(
        f"- [Paper number {i}](https://arxiv.org/abs/2101.{i:05d})\n" for i in range(500)
    )
    reading = read_readme(f"## Read\n\n{rows}")

    def interrupt(done: int, total: int) -> None:
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_reading_list(kb, reading.sections, progress=interrupt)
    assert kb.papers() == []
    assert [c.slug for c in kb.categories()] == ["other"]


def test_a_long_import_shows_a_progress_bar(rl, isolated, monkeypatch):
    import time

    rows = "".join(
        f"- [Paper number {i}](https://arxiv.org/abs/2101.{i:05d})\n" for i in range(450)
    )
    readme = write(isolated, f"## Read\n\n{rows}")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # stderr as a terminal, to rich: bars are drawn
    assert "Importing" not in rl("import-readme", str(readme)).stderr  # quick: no bar
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))  # a second a call
    write(isolated, f"## Read\n\n{rows}- [One more](https://arxiv.org/abs/2102.00001)\n")
    r = rl("import-readme", str(readme))
    assert r.exit_code == 0, r.stderr
    assert "Importing" in r.stderr


def test_an_interrupted_import_names_no_category_it_did_not_keep(rl, isolated, monkeypatch):
    import time

    def papers(month: int) -> str:
        return "".join(
            f"- [Paper number {i}](https://arxiv.org/abs/21{month:02d}.{i:05d})\n"
            for i in range(300)
        )

    readme = write(isolated, f"## Vision\n\n{papers(1)}\n## Language\n\n{papers(2)}")
    calls: list[int] = []

    def ctrl_c_at_the_first_progress() -> float:  # the bar asks the clock as rows go by
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return 0.0

    monkeypatch.setattr(time, "monotonic", ctrl_c_at_the_first_progress)
    r = rl("import-readme", str(readme), "--no-input")
    assert r.exit_code == 130
    assert "New category" not in r.stderr
    assert "Interrupted: nothing was imported, no category was made" in r.stderr
    assert [c["slug"] for c in rl("cat", "list", "--json").json()] == ["other"]
    assert rl("list", "--json").json() == []


def test_details_on_sub_items_are_stored_with_the_paper(rl):
    rl("import-readme", str(READMES / "emphasised-titles.md"), "--no-input")
    paper = rl("show", "Batch Normalization", "--json").json()
    assert (paper["authors"], paper["venue"], paper["year"]) == (
        ["Sergey Ioffe", "Christian Szegedy"],
        "ICML",
        2015,
    )
    assert paper["category"] == "optimisation"
    assert [n["text"] for n in paper["notes"]] == ["- Sergey Ioffe, Christian Szegedy\n- ICML 2015"]
    slugs = [c["slug"] for c in rl("cat", "list", "--json").json()]
    assert "sequence-to-sequence-learning-with-neural-networks" not in slugs


def test_a_bare_arxiv_link_gets_its_title_from_arxiv_with_resolve(rl, isolated, arxiv_server):
    readme = write(isolated, "## Papers\n\n- https://arxiv.org/abs/1706.03762\n")
    r = rl("import-readme", str(readme), "--no-input", "--resolve", "--json")
    assert r.exit_code == 0, r.stderr
    [paper] = r.json()["papers"]
    assert (paper["arxiv_id"], paper["title"], paper["label"]) == (
        "1706.03762",
        "Attention Is All You Need",
        "Attention Is All You Need",
    )
    assert arxiv_server.unmatched == []  # asked by its id: no title search
