"""The `rl` command line: the root app, its global options and error handling, the option
types and helpers commands share, and the registry of commands.

Commands register themselves by being here: every module of this package whose name does
not start with "_" is one command, named after its file (`import_readme.py` is
`rl import-readme`). It defines `app`, a typer.Typer holding that one command (or several,
for a group such as `rl cat`), and PANEL, the group `rl --help` lists it in. A module is
imported, and its command built, only when it runs or `rl --help` lists it, so `rl search`
pays for nothing else (see BENCHMARKS.md, "Search"). The modules starting with "_" hold what
commands share: _output (what the user sees), _prompts (what rl asks), _progress (the
progress bar over many items), _terminal and _editor.

Commands are thin: they parse, call one function of the core, and print through _output.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sqlite3
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from readinglist import __version__
from readinglist.cli._output import error, message
from readinglist.errors import RLError

if TYPE_CHECKING:
    from readinglist.adding import Chooser
    from readinglist.library import Library

DEFAULT_DB = Path("data") / "papers.sqlite"
# `rl --help` shows the commands in these groups, in this order; a command's module names its
# group as PANEL.
PANELS = ("Papers", "Search", "Your README", "PDFs", "Knowledge base")


def command_names() -> list[str]:
    """Every command, from the file names of this package (nothing is imported)."""
    folder = Path(__file__).parent
    return sorted(
        p.stem.replace("_", "-") for p in folder.glob("*.py") if not p.stem.startswith("_")
    )


class LazyCommands(MutableMapping[str, Any]):
    """The root group's command table: holds every command name from the start, and builds a
    command the first time it is looked up. Typer and click only ever reach commands through
    this mapping (dispatch, help, "did you mean"), so laziness shows nowhere else."""

    def __init__(self, loaded: MutableMapping[str, Any]) -> None:
        self._names = command_names()
        self._loaded = dict(loaded)

    def _load(self, name: str) -> None:
        from typer.main import get_group

        module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
        group = get_group(module.app)
        # A module with one command is that command; one with several is a group (rl cat).
        command = next(iter(group.commands.values())) if len(group.commands) == 1 else group
        command.name = name
        command.rich_help_panel = getattr(module, "PANEL", None)  # type: ignore[attr-defined]
        _reflow_help(command)
        self._loaded[name] = command

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded and name in self._names:
            self._load(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._names
        yield from (name for name in self._loaded if name not in self._names)

    def __len__(self) -> int:
        return len(self._names) + sum(name not in self._names for name in self._loaded)

    def __contains__(self, name: object) -> bool:
        return name in self._names or name in self._loaded


def _reflow_help(command: Any) -> None:
    """Join the lines of each help paragraph, so the terminal's width decides where lines
    break (typer keeps a docstring's own line breaks in every paragraph but the first)."""
    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)
    for sub in getattr(command, "commands", {}).values():
        _reflow_help(sub)


class RLGroup(TyperGroup):
    """The root command group: lazy commands (LazyCommands), help in PANELS order, and error
    handling.

    Turns an RLError raised anywhere below into `Error: ...` and exit code 1. Done here
    rather than in main() so CliRunner tests see exactly what a user sees. RL_DEBUG=1 lets
    the traceback through.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        def place(name: str) -> tuple[int, str]:
            panel = getattr(self.commands[name], "rich_help_panel", None)
            return (PANELS.index(panel) if panel in PANELS else len(PANELS), name)

        return sorted(self.commands, key=place)

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


@dataclass
class AppState:
    """Set by the root callback; a command opens the knowledge base only when it needs it."""

    db_path: Path
    _library: Library | None = field(default=None, repr=False)

    def library(self) -> Library:
        if self._library is None:
            from readinglist.library import open_library
            from readinglist.sources import knowledge_base_folder

            self._library = open_library(self.db_path)
            # The sources look for a local arXiv mirror beside the knowledge base.
            knowledge_base_folder.set(self._library.folder)
            if self._library.created:
                message(f"Created a new knowledge base at {self.db_path}")
        return self._library


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    assert isinstance(root.obj, AppState), "the root callback sets AppState"
    return root.obj


def library(ctx: typer.Context) -> Library:
    """The knowledge base this run works on (--db, else $RL_DB, else data/papers.sqlite)."""
    return state(ctx).library()


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


# -- what commands share ---------------------------------------------------------------------


def parse_authors(text: str) -> list[str]:
    """'A. Vaswani, N. Shazeer; N. Parmar' -> three names. Also accepts ' and '."""
    parts = re.split(r"\s*[;,]\s*|\s+and\s+", text.strip())
    return [p for p in (part.strip() for part in parts) if p]


def chooser(no_input: bool) -> Chooser | None:
    """Who settles an unsure match: the user at a terminal, or nobody (scripts and pipes
    get unsure papers stored unresolved with their candidates)."""
    if not is_interactive(no_input):
        return None
    from readinglist.cli._prompts import ask_which

    return ask_which


def is_interactive(no_input: bool) -> bool:
    """Ask only a person at a terminal."""
    return not no_input and sys.stdin.isatty()


def given_fields(**values: object) -> dict[str, object]:
    """Options the user actually gave, as paper fields (authors split into names)."""
    fields = {k: v for k, v in values.items() if v is not None}
    if isinstance(fields.get("authors"), str):
        fields["authors"] = parse_authors(str(fields["authors"]))
    return fields


_REF_HELP = "Paper id, arXiv id, or a fragment of its title."
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
RefArg = Annotated[str, typer.Argument(metavar="REF", help=_REF_HELP, show_default=False)]
# For commands where REF may be left out (`rl resolve --all`, `rl pdf --all --download`).
OptionalRefArg = Annotated[
    str | None, typer.Argument(metavar="REF", help=_REF_HELP, show_default=False)
]
CatOpt = Annotated[
    str | None, typer.Option("--cat", "-c", help="Category slug or heading (see: rl cat list).")
]
StatusOpt = Annotated[str | None, typer.Option("--status", "-s", help="to-read, reading or read.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
NoInputOpt = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never ask which candidate is right: leave unsure papers unresolved "
        "(the default without a terminal).",
    ),
]
LabelOpt = Annotated[
    str | None,
    typer.Option(help="The text as it appears in your table, e.g. '(2015)A Neural ...'."),
]
YearOpt = Annotated[int | None, typer.Option(help="Publication year.")]
AuthorsOpt = Annotated[str | None, typer.Option(help="Authors in order: 'A. One, B. Two'.")]
VenueOpt = Annotated[str | None, typer.Option(help="Venue or journal reference.")]
UrlOpt = Annotated[str | None, typer.Option(help="Where the paper lives on the web.")]
DoiOpt = Annotated[str | None, typer.Option(help="DOI, e.g. 10.3115/1073083.1073135.")]
