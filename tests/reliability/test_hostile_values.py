"""Values no one should type, typed: each is a one-line error or harmless, never a
traceback, and nothing changes."""

from __future__ import annotations

import pytest
from kb_state import state

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "args",
    [
        ["show", HUGE], ["rm", HUGE, "--yes"], ["note", HUGE, "text"],
        ["edit", HUGE, "--year", "2000"], ["status", HUGE, "read"], ["resolve", HUGE],
        ["resolve", "1", "--pick", HUGE], ["pdf", HUGE, "--download"], ["show", "#" + HUGE],
        ["search", "paper", "--year", HUGE], ["edit", "1", "--year", HUGE],
    ],
)  # fmt: skip
def test_huge_numbers_are_errors_not_tracebacks(rl, db_file, isolated, args):
    rl("add", "A Paper", "--cat", "other", "--offline")
    before = state(db_file, isolated)
    r = rl(*args)
    assert r.exit_code == 1, r.stdout
    assert r.stderr.count("\n") <= 2 and "Error: " in r.stderr
    assert state(db_file, isolated) == before


@pytest.mark.parametrize(
    "args",
    [["search", "paper", "--limit", HUGE], ["edit", "1", "--position", HUGE],
     ["cat", "add", "big", "--position", HUGE]],
)  # fmt: skip
def test_huge_limits_and_positions_are_taken_as_far_as_they_go(rl, args):
    rl("add", "A Paper", "--cat", "other", "--offline")
    r = rl(*args)
    assert r.exit_code == 0, r.stderr


def test_a_huge_negative_position_is_one_error_line(rl):
    rl("add", "A Paper", "--cat", "other", "--offline")
    r = rl("edit", "1", "--position", "-" + HUGE)
    assert r.exit_code == 1 and r.stderr == (
        "Error: --position: input should be greater than or equal to 1. See: rl edit --help.\n"
    )
