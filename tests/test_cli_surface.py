"""What every command offers: help text, and start-up that imports nothing heavy."""

import json
import re
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
    assert "Add a paper: by title, arXiv id or URL" in r.stdout


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


def _help_sources(cmd):
    """The help texts a command's --help shows: its own and each parameter's."""
    texts = [cmd.help or ""]
    texts += [getattr(p, "help", None) or "" for p in cmd.params]
    return texts


def test_every_help_shows_its_bracketed_text_and_no_orphaned_full_stop(rl):
    """Help is rendered as rich markup, where "[default: SLUG]" reads as a style tag and
    vanishes, leaving "Heading shown in the README ."."""
    checked = 0
    for path, cmd in [((), typer.main.get_command(app)), *all_commands()]:
        r = rl(*path, "--help", env={"COLUMNS": "250"})
        assert r.exit_code == 0, path
        shown = " ".join(r.stdout.replace("│", " ").split())
        stray = re.search(r".{30} \.(?=\s|$)", shown)
        assert stray is None, f"rl {' '.join(path)} --help: ...{stray and stray[0]}"
        for text in _help_sources(cmd):
            for bracketed in re.findall(r"\[[^\]]*\]", " ".join(text.split())):
                checked += 1
                assert bracketed in shown, f"rl {' '.join(path)} --help lost {bracketed}"
    assert checked >= 3


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["stats"], ["stats", "--json"]])
def test_listing_and_counting_load_no_rich(args, db_file):
    """rich costs a tenth of a second to load and 0.4 ms a row to draw a table: rl list and
    rl stats print plain text (see BENCHMARKS.md, "Large lists")."""
    from readinglist.library import open_library

    open_library(db_file).add_paper({"title": "A paper", "category": "other"})
    code = (
        "import sys, json\n"
        "from readinglist.cli import app\n"
        f"sys.argv = ['rl', '--db', {str(db_file)!r}, *{args!r}]\n"
        "try:\n    app()\n"
        "except SystemExit as e:\n    code = e.code\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "A paper" in done.stdout or "1 papers" in done.stdout or '"papers": 1' in done.stdout
    assert "rich" not in json.loads(done.stderr.strip().splitlines()[-1])
