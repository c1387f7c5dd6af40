"""The README's command reference, generated from the commands themselves.

    python scripts/command_reference.py            # print the reference
    python scripts/command_reference.py --write    # rewrite it in README.md
    python scripts/command_reference.py --check    # exit 1 when README.md is stale

It lies between `<!-- commands:start -->` and `<!-- commands:end -->` in README.md: one row per
command with its arguments and the first line of its --help.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from readinglist.cli import app
from readinglist.errors import InvalidInput
from readinglist.markers import splice

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- commands:start -->", "<!-- commands:end -->"


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command, in `rl --help` order."""
    import click

    for name in group.list_commands(click.Context(group)):
        command = group.commands[name]
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def _arguments(command: Any) -> str:
    words = []
    for param in command.params:
        if param.param_type_name != "argument":
            continue
        word = (param.metavar or param.name).upper() + ("..." if param.nargs == -1 else "")
        words.append(word if param.required else f"[{word}]")
    return " ".join(words)


def _options(command: Any) -> str:
    names = [
        max(param.opts, key=len)
        for param in command.params
        if param.param_type_name == "option" and not param.hidden
    ]
    return " ".join(f"`{name}`" for name in names)


def reference() -> str:
    root = typer.main.get_command(app)
    rows = ["| command | what it does | options |", "|---|---|---|"]
    for path, command in _commands(root):
        summary = (command.help or "").strip().splitlines()[0]
        usage = " ".join(["rl", *path, _arguments(command)]).strip()
        rows.append(f"| `{usage}` | {summary} | {_options(command)} |")
    return "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the reference in README.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when README.md is stale")
    args = parser.parse_args()
    table = reference()
    if not (args.write or args.check):
        sys.stdout.write(table)
        return 0
    current = README.read_text(encoding="utf-8")
    try:
        updated = splice(current, table, "README.md", start=START, end=END)
    except InvalidInput as e:
        print(f"Error: {e.message}", file=sys.stderr)
        return 1
    if args.check:
        if updated != current:
            print("README.md's command reference is stale: run "
                  "python scripts/command_reference.py --write", file=sys.stderr)  # fmt: skip
            return 1
        return 0
    if updated != current:
        README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
