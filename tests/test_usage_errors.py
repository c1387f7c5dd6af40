"""A command line rl cannot read is one line, `Error: ...`, with exit code 1, whatever the
command and whatever kind of value was wrong (click's own form is a usage line, a box and
exit code 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from readinglist.cli import app


def commands(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def required_arguments(cmd):
    return ["1" for p in cmd.params if p.param_type_name == "argument" and p.required]


def bad_lines(tmp: Path):
    """(what is wrong, command line) for every option of every command, by its type."""
    folder = tmp / "a-folder"
    folder.mkdir(exist_ok=True)
    for path, cmd in commands():
        args = [*path, *required_arguments(cmd)]
        yield "unknown option", [*args, "--no-such-option"]
        for p in cmd.params:
            if p.param_type_name != "option" or p.name == "help":
                continue
            kind = p.type_descriptor
            flag = max(p.opts, key=len)
            if getattr(p, "is_flag", False):
                yield f"{flag}: a flag given a value", [*args, f"{flag}=yes"]
            elif kind.annotation is int:
                yield f"{flag}: not a whole number", [*args, flag, "abc"]
                yield f"{flag}: a fraction", [*args, flag, "2.5"]
            elif kind.is_path:
                yield f"{flag}: a folder for a file", [*args, flag, str(folder)]
            else:
                yield f"{flag}: no value", [*args, flag]
        if required_arguments(cmd):
            yield "missing argument", list(path)


def test_every_kind_of_bad_value_is_one_error_line_with_exit_1(rl, tmp_path):
    seen = set()
    for what, line in bad_lines(tmp_path):
        r = rl(*line)
        shown = f"rl {' '.join(line)} ({what}): exit {r.exit_code}\n{r.stderr}"
        assert r.exit_code == 1, shown
        assert r.stdout == "", shown
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), shown
        assert "Traceback" not in r.stderr and "╭" not in r.stderr, shown
        seen.add(what.split(": ")[-1])
    assert {"unknown option", "a flag given a value", "not a whole number", "a fraction",
            "a folder for a file", "no value", "missing argument"} <= seen  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (["edit", "1", "--year", "abc"],
         "Error: --year takes a whole number, not 'abc'. See: rl edit --help."),
        (["search", "memory", "--limit", "ten"],
         "Error: --limit takes a whole number, not 'ten'. See: rl search --help."),
        (["cat", "add"], "Error: missing argument 'SLUG'. See: rl cat add --help."),
        (["cat", "move", "other", "abc"],
         "Error: POSITION takes a whole number, not 'abc'. See: rl cat move --help."),
        (["--bogus"], "Error: no such option: --bogus. See: rl --help."),
        (["lst"], "Error: no such command 'lst'. Did you mean 'list'? See: rl --help."),
    ],
)  # fmt: skip
def test_a_bad_value_says_what_was_expected_and_where_to_look(rl, line, expected):
    r = rl(*line)
    assert (r.exit_code, r.stderr) == (1, expected + "\n")


def test_a_bad_value_changes_nothing(rl):
    assert rl("add", "A Paper", "--cat", "other", "--offline").exit_code == 0
    r = rl("edit", "1", "--year", "abc", "--title", "Another")
    assert r.exit_code == 1
    assert rl("show", "1", "--json").json()["title"] == "A Paper"
