"""`rl list` at any size: written as it is read (a pager or the first screenful on a terminal,
every line into a pipe), and `rl list --json` paper by paper, the same JSON as `rl show`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# The user's categories (survey, dialogue, llm, rl, other), as the shipped knowledge base has
# them: a new one has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")


@pytest.fixture
def varied(kb):
    """Papers with every kind of field: notes (one a table row), ids of all schemes,
    candidates, lists, plain-text and Markdown labels, no year, unicode."""
    kb.add_paper({"title": "Attention Is All You Need", "arxiv_id": "1706.03762v7",
                  "category": "llm", "status": "read", "year": 2017,
                  "authors": ["Ashish Vaswani", "Noam Shazeer"], "doi": "10.48550/x",
                  "arxiv_categories": ["cs.CL", "cs.LG"], "abstract": "The Transformer.",
                  "ids": {"s2": "abc123", "dblp": "conf/nips/Vaswani17"}})  # fmt: skip
    kb.add_paper({"title": "Ünïcödé — 中文 \"quotes\" \\ back", "category": "llm",
                  "label": "(2015) *Markdown* \\[Note\\]", "status": "reading",
                  "candidates": [{"source": "arxiv", "id": "1", "arxiv_id": "1",
                                  "title": "T", "score": 0.9}],
                  "resolution": "unresolved"})  # fmt: skip
    third = kb.add_paper({"title": "Third", "category": "rl", "status": "to-read"}).id
    kb.add_note(third, "first *note*")
    kb.add_note(third, "a row", label="(x) \\[Note\\] Third")
    return kb


def test_the_json_list_is_what_show_gives_for_each_paper(rl, varied):
    listed = rl("list", "--json").json()
    assert [p["id"] for p in listed] == [1, 2, 3]
    for paper in listed:
        shown = rl("show", str(paper["id"]), "--json").json()
        assert paper == shown
        assert list(paper) == list(shown)  # the same keys, in the same order
    assert [p["id"] for p in rl("list", "--json", "--status", "reading").json()] == [2]
    assert [p["id"] for p in rl("list", "--json", "--cat", "rl").json()] == [3]
    assert rl("list", "--json", "--cat", "survey").json() == []


def test_into_a_pipe_every_paper_is_a_line_under_its_category(rl, varied):
    r = rl("list")
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [
        "LLMs (2)",
        "  1  2017  read     1706.03762  Attention Is All You Need",
        "  2        reading  ?           (2015) *Markdown* \\[Note\\]",
        "",
        "Reinforcement learning (1)",
        "  3        to-read              Third",
    ]
    assert "\x1b" not in r.stdout


def in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """rl with a terminal as stdout and stderr (24 x 80 unless env says otherwise)."""
    import pty

    controller, terminal = pty.openpty()
    done = subprocess.Popen(
        [sys.executable, "-m", "readinglist", *args], stdin=subprocess.DEVNULL,
        stdout=terminal, stderr=terminal, env={**os.environ, **env},
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return done.wait(timeout=60), shown.decode().replace("\r\n", "\n")


def many(kb, n: int) -> None:
    for i in range(n):
        kb.add_paper({"title": f"Paper number {i + 1} " + "with a long title " * 6,
                      "category": "other", "status": "read"})  # fmt: skip


def test_on_a_terminal_without_a_pager_the_first_screenful_and_a_count(kb, db_file):
    many(kb, 40)
    env = {"RL_DB": str(db_file), "PAGER": "", "LINES": "12", "COLUMNS": "60", "NO_COLOR": "1"}
    code, shown = in_terminal(["list"], env)
    assert code == 0, shown
    lines = shown.splitlines()
    assert lines[0] == "other (40)"
    assert len(lines) == 11 and all(len(line) == 60 for line in lines[1:-1])
    assert lines[1].startswith("   1        read        Paper number 1 with a long") and (
        lines[1].endswith("…")
    )
    assert lines[-1] == ("… and 31 more papers. All of them: rl list | less; fewer: --cat "
                         "CATEGORY, --status STATUS.")  # fmt: skip


def test_on_a_terminal_the_list_goes_through_the_pager(kb, db_file, isolated):
    many(kb, 40)
    paged = isolated / "paged.txt"
    env = {"RL_DB": str(db_file), "PAGER": f"cat > {paged}", "NO_COLOR": "1"}
    code, shown = in_terminal(["list"], env)
    assert code == 0, shown
    assert shown == ""
    lines = paged.read_text().splitlines()
    assert len(lines) == 41 and lines[-1].startswith("  40  ")


def test_a_pager_that_quits_early_ends_the_list_quietly(kb, db_file):
    many(kb, 2000)
    code, shown = in_terminal(["list"], {"RL_DB": str(db_file), "PAGER": "head -3"})
    assert code == 0
    assert len(shown.splitlines()) == 3 and "Error" not in shown and "Traceback" not in shown


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--json"], ["search", "paper"], ["export", "--format", "jsonl"]]
)
def test_a_pipe_closed_early_ends_quietly(kb, db_file, args):
    """`rl list | head -1`: the reader has what it wanted; no traceback, no failure."""
    many(kb, 2000)  # more than a pipe holds, so rl is still writing when the reader goes
    done = subprocess.Popen(
        [sys.executable, "-m", "readinglist", *args], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "RL_DB": str(db_file)},
    )  # fmt: skip
    assert done.stdout is not None and done.stderr is not None
    assert done.stdout.readline()
    done.stdout.close()
    err = done.stderr.read().decode()
    assert done.wait(timeout=60) == 0, err
    assert err == ""


def test_on_a_terminal_the_json_is_indented(varied, db_file, rl):
    code, shown = in_terminal(["list", "--json"], {"RL_DB": str(db_file)})
    assert code == 0
    import json

    assert json.loads(shown) == rl("list", "--json").json()
    assert shown.startswith('[\n  {\n    "id": 1,\n')
