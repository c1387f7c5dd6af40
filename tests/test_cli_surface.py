"""What every command offers: help text, and start-up that imports nothing heavy."""

import json
import subprocess
import sys

import pytest
import typer

from readinglist.cli import app


def all_commands(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if hasattr(cmd, "commands"):
            yield from all_commands(cmd, (*prefix, name))


def test_every_command_has_help(rl):
    commands = list(all_commands())
    assert len(commands) >= 13
    for path, cmd in commands:
        assert cmd.help, f"rl {' '.join(path)} has no help text"
        r = rl(*path, "--help")
        assert r.exit_code == 0, path
        assert "Usage:" in r.stdout


HEAVY = ["arxiv", "pymupdf", "fitz", "jinja2", "requests"]


@pytest.mark.parametrize(
    "args",
    [["--help"], ["list"], ["list", "--json"], ["show", "1"], ["show", "1", "--json"]],
)
def test_read_commands_import_nothing_heavy(args, db_file):
    from readinglist.library import open_library

    open_library(db_file).add_paper({"title": "A paper", "category": "other"})
    code = (
        "import sys, json\n"
        "from readinglist.cli import app\n"
        f"sys.argv = ['rl', '--db', {str(db_file)!r}, *{args!r}]\n"
        "try:\n    app()\n"
        "except SystemExit as e:\n    code = e.code\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == [], f"rl {' '.join(args)} imported {loaded}"


def test_module_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("rl ")


def test_no_arguments_shows_help(rl):
    r = rl()
    assert "Usage: rl" in r.stdout
    assert "Add a paper to CATEGORY" in r.stdout


def test_readme_command_reference_matches_the_commands():
    """README.md's command table is generated from the commands; regenerate it with
    `python scripts/command_reference.py --write` after changing a command."""
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "command_reference.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_help_paragraphs_follow_the_terminal_width(rl):
    """A docstring's own line breaks do not show: a wide terminal gets whole sentences."""
    r = rl("add", "--help")
    assert "stores it unresolved with the candidates. Given a PDF file, rl looks up" in r.stdout
