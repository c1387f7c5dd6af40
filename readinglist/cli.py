"""The `rl` Typer application: global options, error handling, and the command modules."""

from __future__ import annotations

import importlib
import inspect
import os
import sqlite3
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from readinglist import __version__
from readinglist.commands.options import AppState
from readinglist.db import DEFAULT_DB
from readinglist.errors import RLError
from readinglist.output import error

# Every command of `rl`, in `rl --help` order, and the module of readinglist.commands that
# defines it (its `app`). A module is imported, and its commands built, only when one of them
# runs or the help lists them: `rl search` would otherwise pay to import and build every
# command there is (see BENCHMARKS.md, "Search"). Names in SUB_APPS are a module's whole app
# as a command group (`rl cat list`); the others are commands merged into the root.
COMMANDS: dict[str, str] = {
    "add": "papers",
    "list": "papers",
    "show": "papers",
    "edit": "papers",
    "rm": "papers",
    "note": "papers",
    "status": "papers",
    "stats": "papers",
    "resolve": "resolve",
    "search": "search",
    "import-readme": "readme",
    "render": "readme",
    "init": "readme",
    "extract": "pdf",
    "pdf": "pdf",
    "doctor": "search",
    "cat": "categories",
}
SUB_APPS = {"cat"}


class LazyCommands(MutableMapping[str, Any]):
    """The root group's command table: holds every name in COMMANDS from the start, and
    builds a command the first time it is looked up. Typer and click only ever reach
    commands through this mapping (dispatch, help, "did you mean"), so laziness shows
    nowhere else."""

    def __init__(self, loaded: MutableMapping[str, Any]) -> None:
        self._loaded = dict(loaded)

    def _load(self, name: str) -> None:
        from typer.main import get_group

        module_name = COMMANDS[name]
        module = importlib.import_module(f"readinglist.commands.{module_name}")
        group = get_group(module.app)
        _reflow_help(group)
        for other, owner in COMMANDS.items():
            if owner != module_name or other in self._loaded:
                continue
            if other in SUB_APPS:
                group.name = other
                self._loaded[other] = group
            else:
                self._loaded[other] = group.commands[other]

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded and name in COMMANDS:
            self._load(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._loaded)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded


def _reflow_help(command: Any) -> None:
    """Join the lines of each help paragraph, so the terminal's width decides where lines
    break (typer keeps a docstring's own line breaks in every paragraph but the first)."""
    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)
    for sub in getattr(command, "commands", {}).values():
        _reflow_help(sub)


class RLGroup(TyperGroup):
    """The root command group: lazy commands (LazyCommands), and error handling.

    Turns an RLError raised anywhere below into `Error: ...` and exit code 1. Done here
    rather than in main() so CliRunner tests see exactly what a user sees. RL_DEBUG=1 lets
    the traceback through.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RLError as e:
            if os.environ.get("RL_DEBUG"):
                raise
            error(e.message, e.details)
            raise typer.Exit(e.exit_code) from None
        except sqlite3.OperationalError as e:
            if os.environ.get("RL_DEBUG"):
                raise
            # "database is locked" after the busy timeout, a read-only file, a full disk...
            error(f"the knowledge base could not be written: {e}. Nothing was changed.")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=RLGroup,
    name="rl",
    help="Track the papers you read: resolve them on arXiv, search them, render your README.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"rl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="RL_DB",
            help=f"Knowledge base file (default: {DEFAULT_DB} under the current directory).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = AppState(db if db is not None else DEFAULT_DB)


def main() -> None:
    app()
