"""The everyday commands, through the CLI as a user types them."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")


def add(rl, title, cat="other", *extra):
    r = rl("add", title, "--cat", cat, "--offline", *extra)
    assert r.exit_code == 0, r.stderr
    return r


def test_offline_add_stores_exactly_what_is_given(rl):
    r = rl(
        "add", "(2015)A Neural Conversational Model", "--cat", "Dialogue system", "--offline",
        "--label", "(2015)A Neural Conversational Model", "--year", "2015",
        "--authors", "Oriol Vinyals, Quoc Le", "--venue", "ICML DL workshop",
        "--url", "https://example.org/ncm", "--doi", "https://doi.org/10.5555/xyz",
        "--status", "reading", "--note", "Seq2seq *baseline*", "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert paper["title"] == "(2015)A Neural Conversational Model"
    assert paper["label"] == "(2015)A Neural Conversational Model"
    assert paper["authors"] == ["Oriol Vinyals", "Quoc Le"]
    assert paper["year"] == 2015
    assert paper["category"] == "dialogue"
    assert paper["status"] == "reading"
    assert paper["resolution"] == "manual"
    assert paper["arxiv_id"] is None
    assert paper["venue"] == "ICML DL workshop"
    assert paper["doi"] == "10.5555/xyz"  # the DOI of a doi.org link
    assert [n["text"] for n in paper["notes"]] == ["Seq2seq *baseline*"]
    for key in ("id", "abstract"):
        assert key in paper


def test_label_defaults_to_title_and_add_reports_on_stderr(rl):
    r = add(rl, "Proximal Policy Optimization Algorithms", "rl")
    assert "Added #1 Proximal Policy Optimization Algorithms to rl" in r.stderr
    assert r.stdout == ""
    shown = rl("show", "1", "--json").json()
    assert shown["label"] == "Proximal Policy Optimization Algorithms"


def test_duplicate_title_is_refused_naming_the_existing_entry(rl):
    add(rl, "Attention Is All You Need")
    r = rl("add", "attention is all you need!", "--cat", "llm", "--offline")
    assert r.exit_code == 1
    assert "Error: already stored as #1 'Attention Is All You Need' (other)" in r.stderr
    assert "--force" in r.stderr
    assert len(rl("list", "--json").json()) == 1
    r = rl("add", "attention is all you need!", "--cat", "llm", "--offline", "--force")
    assert r.exit_code == 0
    assert len(rl("list", "--json").json()) == 2


def test_duplicate_arxiv_id_is_refused(rl, kb):
    kb.add_paper({"title": "Attention Is All You Need", "arxiv_id": "1706.03762v7",
                  "category": "other"})  # fmt: skip
    with pytest.raises(Exception, match="already stored as #1"):
        kb.add_paper({"title": "Different words", "arxiv_id": "1706.03762", "category": "llm"})
    assert rl("show", "1706.03762", "--json").json()["version"] == 7


def test_unknown_category_lists_the_valid_ones(rl):
    r = rl("add", "Some Paper", "--cat", "vision", "--offline")
    assert r.exit_code == 1
    assert "Error: unknown category 'vision'. Valid categories: " in r.stderr
    assert "survey, dialogue, llm, rl, other" in r.stderr
    assert "Traceback" not in r.stderr
    assert rl("list", "--json").json() == []


def test_list_groups_by_category_in_order_and_filters(rl):
    add(rl, "Paper in other", "other")
    add(rl, "Paper in survey", "survey")
    add(rl, "Second survey paper", "survey", "--status", "to-read")
    titles = [p["title"] for p in rl("list", "--json").json()]
    assert titles == ["Paper in survey", "Second survey paper", "Paper in other"]
    assert [p["title"] for p in rl("list", "--cat", "survey", "--json").json()] == titles[:2]
    assert [p["title"] for p in rl("list", "--status", "to-read", "--json").json()] == [
        "Second survey paper"
    ]
    table = rl("list").stdout
    assert table.index("Survey (2)") < table.index("other (1)")
    assert "Paper in other" in table


def test_list_rejects_unknown_status(kb, rl):
    r = rl("list", "--status", "done")
    assert r.exit_code == 1
    assert "Error: unknown status 'done'. Use one of: to-read, reading, read." in r.stderr


def test_show_by_id_arxiv_id_and_fragment(rl, kb):
    kb.add_paper({"title": "Attention Is All You Need", "arxiv_id": "1706.03762",
                  "category": "other", "abstract": "The dominant sequence models"})  # fmt: skip
    for ref in ("1", "#1", "1706.03762", "arXiv:1706.03762v5",
                "https://arxiv.org/abs/1706.03762", "all you NEED"):  # fmt: skip
        r = rl("show", ref, "--json")
        assert r.exit_code == 0, (ref, r.stderr)
        assert r.json()["title"] == "Attention Is All You Need"
    human = rl("show", "attention").stdout
    assert "Attention Is All You Need" in human
    assert "The dominant sequence models" in human


def test_ambiguous_fragment_lists_matches_instead_of_guessing(rl):
    add(rl, "End-To-End Memory Networks")
    add(rl, "Memory Networks for dialogue")
    r = rl("show", "memory networks")
    assert r.exit_code == 1
    assert "Error: 'memory networks' matches 2 papers" in r.stderr
    assert "#1  End-To-End Memory Networks" in r.stderr
    assert "#2  Memory Networks for dialogue" in r.stderr


def test_exact_title_wins_over_longer_titles_containing_it(rl):
    add(rl, "End-To-End Memory Networks")
    add(rl, "Memory Networks")
    assert rl("show", "Memory Networks", "--json").json()["id"] == 2


def test_missing_ref_says_what_to_do(kb, rl):
    r = rl("show", "nothing like this")
    assert r.exit_code == 1
    assert "Error: no paper matches 'nothing like this'" in r.stderr
    r = rl("show", "42")
    assert "Error: no paper with id 42" in r.stderr
    r = rl("show", "1706.03762")
    assert "Error: no stored paper has arXiv id 1706.03762" in r.stderr


def test_edit_changes_only_given_fields(rl):
    add(rl, "A paper", "other", "--year", "2019")
    r = rl("edit", "1", "--title", "A Better Title", "--authors", "X Y; Z W", "--json")
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert paper["title"] == "A Better Title"
    assert paper["authors"] == ["X Y", "Z W"]
    assert paper["year"] == 2019
    r = rl("edit", "1", "--abstract", "We show things.", "--json")
    assert r.json()["abstract_source"] == "manual"


def test_a_label_rl_made_follows_the_title_and_the_users_own_stays(rl):
    add(rl, "(2017)Atention Is All You Need", "other")  # a typo, typed: rl made the label
    r = rl("edit", "1", "--title", "Attention Is All You Need")
    assert r.stderr == "Updated #1 (2017)Attention Is All You Need.\n"  # the prefix kept
    add(rl, "Whatever", "other", "--label", "**The** transformer paper")
    assert rl("edit", "2", "--title", "Attention Is All You Need II").exit_code == 0
    labels = [p["label"] for p in rl("list", "--json").json()]
    assert labels == ["(2017)Attention Is All You Need", "**The** transformer paper"]


def test_edit_category_moves_paper_last_and_position_reorders(rl):
    add(rl, "One", "survey")
    add(rl, "Two", "survey")
    add(rl, "Three", "other")
    rl("edit", "Three", "--cat", "survey")
    assert [p["title"] for p in rl("list", "--json").json()] == ["One", "Two", "Three"]
    rl("edit", "Three", "--position", "1")
    assert [p["title"] for p in rl("list", "--json").json()] == ["Three", "One", "Two"]


def test_edit_bad_values_are_errors(rl):
    add(rl, "A paper")
    r = rl("edit", "1", input="")  # no options, nothing on standard input
    assert r.exit_code == 0 and "Nothing changed in #1 A paper." in r.stderr
    r = rl("edit", "1", "--arxiv-id", "not-an-id")
    assert r.exit_code == 1 and "Error: 'not-an-id' is not an arXiv id" in r.stderr
    r = rl("edit", "1", "--year", "99")
    assert r.exit_code == 1 and "Error: year 99 is not a four-digit year" in r.stderr
    r = rl("edit", "1", "--title", "   ")
    assert r.exit_code == 1 and "Error: the title cannot be empty" in r.stderr
    for option, value in (("--doi", "foo"), ("--url", "foo"), ("--position", "0")):
        r = rl("edit", "1", option, value)
        assert r.exit_code == 1 and r.stderr.startswith(f"Error: {option}: "), r.stderr
    assert "'foo' is not a DOI" in rl("add", "B", "--cat", "other", "--doi", "foo").stderr
    assert "'foo' is not a web address" in rl("add", "B", "--cat", "other", "--url", "foo").stderr
    [paper] = rl("list", "--json").json()
    assert (paper["title"], paper["doi"], paper["url"]) == ("A paper", None, None)


def test_rm_asks_and_yes_skips(rl):
    add(rl, "Doomed paper")
    r = rl("rm", "1", input="n\n")
    assert r.exit_code == 1 and "Delete #1 Doomed paper?" in r.stderr  # asked on stderr
    assert r.stderr.endswith("Nothing deleted.\n")
    # No answer at all (no terminal, nothing piped; or Ctrl-D): nothing deleted, and why.
    r = rl("rm", "1")
    assert r.exit_code == 1 and "Aborted" not in r.stderr
    assert r.stderr.endswith("Nothing deleted (no answer: --yes deletes without asking).\n")
    assert len(rl("list", "--json").json()) == 1
    r = rl("rm", "1", input="y\n")
    assert r.exit_code == 0
    assert rl("list", "--json").json() == []
    add(rl, "Another")
    r = rl("rm", "Another", "--yes")
    assert r.exit_code == 0 and "Deleted #2 Another" in r.stderr


def test_rm_deletes_notes_with_the_paper(rl, db_file):
    add(rl, "Paper", "other", "--note", "first")
    rl("rm", "1", "--yes")
    assert sqlite3.connect(db_file).execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def fake_editor(folder: Path, change: str) -> str:
    """An $EDITOR that runs `change` (Python, on `text`) over the file it is given."""
    editor = folder / "fake-editor"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\np = sys.argv[1]\ntext = open(p).read()\n"
        f"{change}\nopen(p, 'w').write(text)\n"
    )
    editor.chmod(0o755)
    return str(editor)


def in_terminal(db_file: Path, args: list[str], editor: str) -> tuple[int, str]:
    """rl with a terminal for standard input, as when a person types the command."""
    from test_resolve_cli import run_in_terminal

    return run_in_terminal(args, "", {"RL_DB": str(db_file), "EDITOR": editor, "VISUAL": ""})


def test_note_with_text_with_editor_and_from_a_pipe(rl, db_file, tmp_path):
    add(rl, "Paper")
    r = rl("note", "1", "Great **paper**")
    assert r.exit_code == 0
    editor = fake_editor(tmp_path, "text = 'From the editor\\n' + text")
    code, err = in_terminal(db_file, ["note", "1"], editor)
    assert code == 0, err
    # Not a terminal: the note is what comes down the pipe (vi would take it as keystrokes).
    r = rl("note", "1", input="From a *pipe*\n")
    assert r.exit_code == 0, r.stderr
    r = rl("note", "1", "-", input="And from -\n")
    notes = rl("show", "1", "--json").json()["notes"]
    assert [n["text"] for n in notes] == [
        "Great **paper**", "From the editor", "From a *pipe*", "And from -"
    ]  # fmt: skip
    assert all(n["created_at"] for n in notes)


def test_note_left_empty_saves_nothing(rl, db_file):
    add(rl, "Paper")
    code, err = in_terminal(db_file, ["note", "1"], "true")  # leaves only the comments
    assert code == 1
    assert "Error: the note is empty; nothing was saved." in err
    r = rl("note", "1", "   ")
    assert r.exit_code == 1
    r = rl("note", "1", input="")  # an empty pipe
    assert r.exit_code == 1 and "Error: the note is empty" in r.stderr
    assert rl("show", "1", "--json").json()["notes"] == []


def test_note_with_missing_editor_is_a_clear_error(rl, db_file):
    add(rl, "Paper")
    code, err = in_terminal(db_file, ["note", "1"], "no-such-editor-xyz")
    assert code == 1
    assert "Error: cannot start the editor 'no-such-editor-xyz'" in err


def test_edit_with_no_options_opens_the_editor_on_the_fields(rl, db_file, tmp_path):
    add(rl, "Attention Is All You Need", "other", "--year", "2016", "--status", "reading")
    change = ("text = text.replace('year: 2016', 'year: 2017')"
              ".replace('venue: ', 'venue: NeurIPS')"
              ".replace('abstract:', 'abstract:\\nThe Transformer.\\nTwo lines.')")  # fmt: skip
    code, err = in_terminal(db_file, ["edit", "1"], fake_editor(tmp_path, change))
    assert code == 0, err
    paper = rl("show", "1", "--json").json()
    assert (paper["year"], paper["venue"]) == (2017, "NeurIPS")
    assert paper["abstract"] == "The Transformer.\nTwo lines."
    assert paper["abstract_source"] == "manual"
    assert (paper["title"], paper["status"], paper["label_format"]) == (
        "Attention Is All You Need", "reading", "text"
    )  # fmt: skip
    # Saved as it was: nothing changes.
    code, err = in_terminal(db_file, ["edit", "1"], "true")
    assert code == 0 and "Nothing changed in #1" in err


def test_a_mistake_in_the_editor_keeps_what_was_written(rl, db_file, tmp_path):
    add(rl, "Paper")
    change = ("text = text.replace('year: ', 'year: 20x5')"
              ".replace('abstract:', 'abstract:\\nA long abstract typed by hand.')")  # fmt: skip
    code, err = in_terminal(db_file, ["edit", "1"], fake_editor(tmp_path, change))
    assert code == 1 and "year '20x5' is not a year. Nothing was changed." in err
    kept = Path(" ".join(err.split()).split("is kept in ")[1].split(":")[0])
    assert "A long abstract typed by hand." in kept.read_text()
    # Fixed, it goes in as the message says.
    kept.write_text(kept.read_text().replace("20x5", "2015"))
    r = rl("edit", "1", "--json", input=kept.read_text())
    assert (r.json()["year"], r.json()["abstract"]) == (2015, "A long abstract typed by hand.")
    kept.unlink()


def test_edit_reads_fields_from_a_pipe(rl):
    add(rl, "Paper", "other", "--venue", "Somewhere")
    r = rl("edit", "1", "--json", input="year: 2015\nvenue:\nauthors: A. One, B. Two\n")
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert (paper["year"], paper["venue"], paper["authors"]) == (2015, None, ["A. One", "B. Two"])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("year: abc\n", "Error: line 1: year 'abc' is not a year. Nothing was changed."),
        ("colour: red\n", "Error: line 1: 'colour: red' is not 'field: value' for a field"),
        ("title:\n", "Error: the title cannot be empty."),
        ("status: done\n", "Error: unknown status 'done'."),
    ],
)
def test_edit_from_text_refuses_bad_fields_and_changes_nothing(rl, text, error):
    add(rl, "Paper")
    before = rl("show", "1", "--json").json()
    r = rl("edit", "1", input=text)
    assert r.exit_code == 1 and r.stderr.startswith(error), r.stderr
    assert rl("show", "1", "--json").json() == before


def test_status_records_when_read(rl):
    add(rl, "Paper", "other", "--status", "to-read")
    paper = rl("status", "1", "read", "--json").json()
    assert paper["status"] == "read" and paper["read_at"]
    paper = rl("status", "1", "reading", "--json").json()
    assert paper["status"] == "reading" and paper["read_at"] is None
    r = rl("status", "1", "finished")
    assert r.exit_code == 1 and "Error: unknown status 'finished'" in r.stderr


def test_stats_counts(rl):
    add(rl, "One", "survey")
    add(rl, "Two", "other", "--status", "to-read", "--note", "hmm")
    figures = rl("stats", "--json").json()
    assert figures["papers"] == 2
    assert figures["notes"] == 1
    assert figures["by_category"] == {"survey": 1, "dialogue": 0, "llm": 0, "rl": 0, "other": 1}
    assert figures["by_status"] == {"to-read": 1, "reading": 0, "read": 1}
    assert figures["by_resolution"]["manual"] == 2
    assert "2 papers, 1 notes" in rl("stats").stdout


def test_titles_are_kept_on_one_line(rl):
    r = rl("add", "A title\nwith a newline", "--cat", "other", "--offline", "--json")
    assert r.json()["title"] == "A title with a newline"


def test_empty_title_is_refused(rl):
    r = rl("add", "  ", "--cat", "other", "--offline")
    assert r.exit_code == 1 and "Error: the title is empty." in r.stderr


@pytest.mark.parametrize("title", [":::", '"', "? * !"])
def test_a_title_without_words_is_refused(rl, title):
    for mode in ("--offline", "--no-input"):
        r = rl("add", title, "--cat", "other", mode)
        assert r.exit_code == 1
        assert f"Error: '{title}' is not a title: it has no letters or digits." in r.stderr
    assert rl("list", "--json").json() == []
    rl("add", "Real title", "--cat", "other", "--offline")
    r = rl("edit", "1", "--title", title)
    assert r.exit_code == 1 and "is not a title" in r.stderr


def test_debug_shows_the_traceback(rl):
    with pytest.raises(Exception, match="unknown category"):
        rl("add", "X", "--cat", "nope", "--offline", env={"RL_DEBUG": "1"})


def test_db_option_beats_environment(rl, kb, tmp_path: Path):
    other = tmp_path / "elsewhere" / "other.sqlite"
    r = rl("--db", str(other), "add", "Paper", "--cat", "other", "--offline")
    assert r.exit_code == 0
    assert f"Created a new knowledge base at {other}" in r.stderr
    assert rl("list", "--json").json() == []
    assert len(rl("--db", str(other), "list", "--json").json()) == 1


@pytest.mark.parametrize("extra", [["--offline"], []], ids=["offline", "looked-up"])
def test_a_blank_note_stores_nothing(rl, extra):
    """The note is checked with everything else before anything is stored (or asked)."""
    r = rl("add", "Some Paper Title", "--cat", "other", "--note", "   ", *extra)
    assert r.exit_code == 1
    assert "Error: the note is empty; nothing was saved." in r.stderr
    assert rl("list", "--json").json() == []


def test_a_paper_and_its_first_note_are_stored_together_or_not_at_all(kb):
    with pytest.raises(Exception, match="the note is empty"):
        kb.add_paper({"title": "Some Paper Title", "category": "other"}, note=" \n ")
    assert kb.papers() == [] and kb.stats()["notes"] == 0
    paper = kb.add_paper({"title": "Some Paper Title", "category": "other"}, note=" kept ")
    assert [n.text for n in paper.notes] == ["kept"]


def test_an_arxiv_id_two_papers_have_lists_them(rl, kb):
    kb.add_paper({"title": "Attention Is All You Need", "arxiv_id": "1706.03762",
                  "category": "other"})  # fmt: skip
    kb.add_paper({"title": "Transformer (again)", "arxiv_id": "1706.03762v5",
                  "category": "llm"}, force=True)  # fmt: skip
    r = rl("show", "1706.03762")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "Error: 2 papers have arXiv id 1706.03762; use one of their ids:",
        "  #1  Attention Is All You Need  (other)",
        "  #2  Transformer (again)  (llm)",
    ]
    assert rl("show", "2", "--json").json()["title"] == "Transformer (again)"
