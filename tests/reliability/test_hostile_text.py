"""Text that would command a terminal or rich: titles, labels, notes and headings holding
escape sequences or rich markup are shown as text by every command that prints them, and
stored exactly as typed."""

from __future__ import annotations

import pytest

ESCAPES = {
    "retitle": "Retitled \x1b]0;pwned\x07 Paper",
    "clear": "Cleared \x1b[2J\x1b[H Paper",
    "colour": "Coloured \x1b[31mred\x1b[0m Paper",
    "c1 csi": "Eight Bit \x9b31m Paper",
    "bidi": "Reversed \u202eepyt Paper",
}
MARKUP = {
    "brackets": "Matrix [i] and [j] indices",
    "link": "[link=https://evil.example]Click me[/link] Paper",
    "closing tag": "A Paper with [/] in it",
    "style": "[bold red]Loud[/bold red] Paper",
}
OBEYED = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def _shown(text: str) -> None:
    assert not any(c in text for c in OBEYED), repr(text)


@pytest.mark.parametrize("title", ESCAPES.values(), ids=ESCAPES.keys())
def test_escape_sequences_are_shown_not_obeyed(rl, title):
    added = rl("add", title, "--cat", "other", "--offline", "--note", f"note: {title}")
    assert added.exit_code == 0, added.stderr
    _shown(added.stderr)
    assert "Paper" in added.stderr
    for args in (["list"], ["show", "1"], ["search", "paper"], ["stats"], ["doctor"]):
        r = rl(*args)
        assert r.exit_code == 0, (args, r.stderr)
        _shown(r.stdout + r.stderr)
    assert "␛" in rl("list").stdout or "<U+" in rl("list").stdout
    # Stored as typed; JSON carries it exactly (escaped, as JSON does).
    stored = rl("show", "1", "--json")
    _shown(stored.stdout)
    assert stored.json()["title"] == title
    assert stored.json()["notes"][0]["text"] == f"note: {title}"


def test_a_note_that_overwrites_its_line_is_shown(rl):
    rl("add", "A Paper", "--cat", "other", "--offline", "--note", "Fine\rEvil\x1b[1A")
    r = rl("show", "1")
    _shown(r.stdout)
    assert "Fine␍Evil␛[1A" in r.stdout
    assert rl("show", "1", "--json").json()["notes"][0]["text"] == "Fine\rEvil\x1b[1A"


def test_an_error_naming_hostile_input_shows_it(rl):
    rl("add", "A Paper", "--cat", "other", "--offline")
    r = rl("show", "no such \x1b[2J paper")
    assert r.exit_code == 1
    _shown(r.stderr)
    assert r.stderr.startswith("Error: ") and "␛[2J" in r.stderr


@pytest.mark.parametrize("title", MARKUP.values(), ids=MARKUP.keys())
def test_markup_in_data_is_text(rl, title):
    assert rl("add", title, "--cat", "other", "--offline").exit_code == 0
    listed = rl("list")
    assert listed.exit_code == 0, listed.stderr
    shown = rl("show", "1")
    assert shown.exit_code == 0, shown.stderr
    # rich folds long cells over lines; the words and brackets are all there, in order.
    for out in (listed.stdout, shown.stdout):
        words = " ".join(out.replace("│", " ").split())
        assert " ".join(title.split()) in words or all(w in words for w in title.split())
        assert "\x1b]8;" not in out  # no live hyperlink
    assert rl("show", "1", "--json").json()["title"] == title


def test_a_category_heading_with_markup_is_text(rl):
    rl("add", "Some Paper", "--cat", "other", "--offline")
    assert rl("cat", "add", "odd", "[bold]Odd[/] [x] things").exit_code == 0
    rl("edit", "1", "--cat", "odd")
    for args in (["list"], ["cat", "list"], ["stats"]):
        r = rl(*args)
        assert r.exit_code == 0, (args, r.stderr)
        assert "[bold]Odd[/] [x] things" in r.stdout


def test_progress_names_with_markup_do_not_break_a_batch(rl, arxiv_server):
    rl("add", "A Paper with [/] in it", "--cat", "other", "--offline")
    r = rl("resolve", "--all", "--no-input")
    assert "MarkupError" not in r.stderr and "Traceback" not in r.stderr
    assert r.exit_code in (0, 1), r.stderr


def test_the_spinner_on_a_terminal_shows_a_hostile_title(arxiv_server, db_file):
    """The spinner names the paper it looks up; on a real terminal, where escapes would act."""
    from test_resolve_cli import run_with_terminal_stderr

    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "RL_ARXIV_DELAY": "1",
           "COLUMNS": "200"}  # fmt: skip
    # Not on arXiv: several searches a second apart, the spinner turning between them.
    code, shown = run_with_terminal_stderr(["add", ESCAPES["retitle"], "--cat", "other"], env)
    assert code == 0, shown
    assert "Looking up Retitled ␛]0;pwned␇ Paper" in shown  # the spinner, its title shown
    assert "\x1b]0;pwned" not in shown and "\x07" not in shown


def test_a_question_naming_a_hostile_title_shows_it(rl):
    rl("add", ESCAPES["clear"], "--cat", "other", "--offline")
    r = rl("rm", "1", input="n\n")
    assert r.exit_code == 1 and "Delete #1 Cleared ␛[2J␛[H Paper?" in r.stderr
    _shown(r.stderr)
