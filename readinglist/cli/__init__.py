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

import builtins
import importlib
import inspect
import os
import re
import sqlite3
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.core import ParameterSource
from typer._click.exceptions import (
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from readinglist import __version__
from readinglist.cli._output import error, message
from readinglist.errors import NotFound, RLError

if TYPE_CHECKING:
    from readinglist.adding import Chooser
    from readinglist.config import Location
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

        short = name.replace("-", "_")
        module = importlib.import_module(f"{__name__}.{short}")
        if hasattr(builtins, short):
            # Importing readinglist.cli.list (.open) binds `list` (`open`) in this package,
            # hiding the builtin from the code of this module: unbind it.
            globals().pop(short, None)
        group = get_group(module.app)
        # A module with one command is that command; one with several is a group (rl cat).
        command = next(iter(group.commands.values())) if len(group.commands) == 1 else group
        command.name = name
        command.rich_help_panel = getattr(module, "PANEL", None)  # type: ignore[attr-defined]
        _prepare_help(command)
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


def _prepare_help(command: Any) -> None:
    """Join the lines of each help paragraph, so the terminal's width decides where lines
    break (typer keeps a docstring's own line breaks in every paragraph but the first), and
    escape "[" everywhere: typer reads help as rich markup, where "[default: SLUG]" is a
    style tag and would vanish."""
    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = _literal("\n\n".join(" ".join(p.split("\n")) for p in paragraphs))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _literal(param.help)
    for sub in getattr(command, "commands", {}).values():
        _prepare_help(sub)


def _literal(text: str) -> str:
    """`text` as rich markup that shows exactly `text`."""
    return text.replace("[", "\\[")


def _name_what_options_take() -> None:
    """Help names what an option takes as git and gh do (--cat CAT), where typer prints the
    Python type (<str>); nothing beside a flag, which takes no value (typer: <bool>), nor
    beside an argument, whose name says it (typer: QUERY <list[str]>)."""
    from typer.core import TyperArgument, TyperOption

    python_type = TyperOption.display_type_rich

    def option_takes(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        if self.metavar or getattr(self.type_descriptor, "is_choice", False):
            return python_type(self, ctx)  # a name we gave, or the choices
        return max(self.opts, key=len).lstrip("-").replace("-", "_").upper()  # --format FORMAT

    TyperOption.display_type_rich = option_takes  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


_name_what_options_take()


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

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as e:  # rl --bogus
            _usage_error(e)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as e:  # a subcommand's arguments: rl edit 1 --year abc
            _usage_error(e)
        except BrokenPipeError:
            # The reader went away (rl list | head -1) with what it wanted: stop quietly, as
            # git does, with nothing more written to the closed pipe (not even at exit).
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
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
        except sqlite3.DatabaseError as e:
            if os.environ.get("RL_DEBUG"):
                raise
            # Damaged pages: SQLite reads what it can and stops at the first bad one.
            where = ctx.obj.path() if isinstance(ctx.obj, AppState) else "in use"
            error(
                f"the knowledge base {where} is damaged ({e}); nothing was changed. "
                "rl doctor says what can be read and how to recover the rest."
            )
            raise typer.Exit(1) from None


# What a command line's values should have been, by the checker that refused them.
_EXPECTED = {"int_parsing": "a whole number", "int_from_float": "a whole number",
             "float_parsing": "a number", "bool_parsing": "true or false"}  # fmt: skip


def _usage_error(e: UsageError) -> NoReturn:
    """A command line rl cannot read, as the one line every error is: `Error: ...`, exit 1
    (click would print the usage and a box, and exit 2). NoArgsIsHelpError is help, not an
    error: it goes on to be shown as such."""
    if isinstance(e, NoArgsIsHelpError) or os.environ.get("RL_DEBUG"):
        raise e
    text = e.format_message()
    if isinstance(e, BadParameter) and not isinstance(e, MissingParameter) and e.param:
        name = max(e.param.opts, key=len) if e.param.param_type_name == "option" else None
        name = name or (e.param.metavar or e.param.name or "a value").upper()
        # typer checks values with pydantic, whose error names the kind of value and the input
        problems: list[Any] = getattr(e.__cause__, "errors", list)()
        if problems and problems[0].get("type") in _EXPECTED:
            text = f"{name} takes {_EXPECTED[problems[0]['type']]}, not {problems[0]['input']!r}"
        else:
            text = f"{name}: {e.message[:1].lower()}{e.message[1:]}"
    if not text[:2].isupper():  # "Got unexpected..." reads on after "Error: "; "POSITION" stays
        text = text[:1].lower() + text[1:]
    where = f" See: {e.ctx.command_path} --help." if e.ctx is not None else ""
    text = text if text.endswith((".", "?", "!")) else text + "."
    error(" ".join(f"{text}{where}".split()))
    raise typer.Exit(1)


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
    """Set by the root callback; a command opens the knowledge base only when it needs it.

    The knowledge base is found as git finds .git (see readinglist.config): the path given,
    else data/papers.sqlite here or in the nearest folder above, else the user's default.
    Only rl init, rl add and the imports create one."""

    given: Path | None  # --db or $RL_DB
    given_by: str = "--db"  # how it was given, for messages: "--db" or "RL_DB"
    _library: Library | None = field(default=None, repr=False)

    def location(self) -> Location | None:
        """Where the knowledge base is (which may not exist yet), or None: none anywhere."""
        from readinglist.config import locate

        return locate(self.given, Path.cwd())

    def library(self, *, create: bool = False) -> Library:
        """The knowledge base, opened; `create` (rl add, rl init) makes a missing one, where it
        was given or is the default, else in data/ here, and says so."""
        if self._library is None:
            from readinglist.library import open_library
            from readinglist.sources import knowledge_base_folder

            found, path = self._find()
            if not create and not path.exists():
                raise NotFound(self._missing(found))
            self._library = open_library(path, create=create)
            # The sources look for a local arXiv mirror beside the knowledge base.
            knowledge_base_folder.set(path.expanduser().parent)
            if self._library.created:
                message(f"Created a new knowledge base at {path}")
        return self._library

    def path(self) -> Path:
        """The knowledge base's file, whether or not it exists."""
        return self._library.path if self._library is not None else self._find()[1]

    def _find(self) -> tuple[Location | None, Path]:
        # Given (the everyday case of scripts): no search, no settings read.
        found = None if self.given is not None else self.location()
        return found, self.given or (found.path if found is not None else DEFAULT_DB)

    def close(self) -> None:
        """Close the knowledge base when the command ends (a script running several commands
        in one process must not pile up connections)."""
        if self._library is not None:
            self._library.close()
            self._library = None

    def _missing(self, found: Location | None) -> str:
        if self.given is not None:
            return (
                f"no knowledge base at {self.given} (from {self.given_by}). Create it with: "
                f"rl --db {self.given} init; or check the path"
            )
        if found is None:
            return (
                f"no knowledge base here: no {DEFAULT_DB} in {Path.cwd()} or a folder above it, "
                "and no default set. Create one here with: rl init (or: rl add TITLE); or use "
                "one elsewhere with --db PATH, or make it your default: rl config db PATH"
            )
        return (
            f"your default knowledge base {found.path} (rl config db) does not exist. "
            f"Create it with: rl --db {found.path} init; or set another: rl config db PATH"
        )


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    assert isinstance(root.obj, AppState), "the root callback sets AppState"
    return root.obj


def library(ctx: typer.Context, *, create: bool = False) -> Library:
    """The knowledge base this run works on (--db, else $RL_DB, else data/papers.sqlite here or
    above, else the default in rl config). Only `create` makes a missing one."""
    return state(ctx).library(create=create)


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
            help=f"Knowledge base file (default: {DEFAULT_DB} in this folder or the nearest "
            "folder above that has one, else your default: rl config db PATH).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    given_by = "RL_DB" if ctx.get_parameter_source("db") == ParameterSource.ENVIRONMENT else "--db"
    ctx.obj = AppState(db if db is not None and str(db) else None, given_by)
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    app()


# -- what commands share ---------------------------------------------------------------------


class QueryCommand(TyperCommand):
    """A command line whose words are a query: `-word` is an exclusion wherever it stands,
    never an option (click would read `-consistency` as `-c onsistency`). Only the command's
    own options, spelt in full (`-c llm`, `--cat=llm`), are options; an unknown `--option`
    is still an error."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value = {
            name: not getattr(param, "is_flag", False)
            for param in self.get_params(ctx)
            if param.param_type_name == "option"
            for name in (*param.opts, *param.secondary_opts)
        }
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            name = arg.split("=", 1)[0]
            if arg == "--":
                words.extend(rest)
            elif name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg:
                    value = next(rest, None)
                    if value is None:  # the last word: click says it needs a value
                        return super().parse_args(ctx, options)
                    options.append(value)
            elif arg.startswith("--") and len(arg) > 2:
                options.append(arg)  # a misspelt option: click says so
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


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


# -- shell completion (rl --install-completion): it runs at every TAB, so it must be cheap ----


def _open_for_completion(ctx: typer.Context) -> Library | None:
    """The knowledge base this command line would use, opened to read: never created, never
    migrated. None when there is none, or when anything goes wrong (completion never fails)."""
    try:
        from readinglist.config import locate
        from readinglist.library import open_library

        given = ctx.find_root().params.get("db")
        found = locate(given or None, Path.cwd())
        if found is None or not found.path.is_file():
            return None
        return open_library(found.path, create=False, migrate=False)
    except Exception:  # a broken file or settings: no completions, never a traceback at TAB
        return None


def complete_paper(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Paper ids, each with its label as help, newest first."""
    kb = _open_for_completion(ctx)
    if kb is None:
        return []
    try:
        return kb.paper_completions(incomplete.lstrip("#"))
    except sqlite3.Error:
        return []
    finally:
        kb.close()


def complete_category(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Category slugs, each with its heading as help."""
    kb = _open_for_completion(ctx)
    if kb is None:
        return []
    try:
        return kb.category_completions(incomplete)
    except sqlite3.Error:
        return []
    finally:
        kb.close()


def complete_status(incomplete: str) -> list[str]:
    return [s for s in ("to-read", "reading", "read") if s.startswith(incomplete)]


_REF_HELP = "Paper id, arXiv id, or a fragment of its title."
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts) instead of text.")]
RefArg = Annotated[
    str,
    typer.Argument(
        metavar="REF", help=_REF_HELP, show_default=False, autocompletion=complete_paper
    ),
]
# For commands where REF may be left out (`rl resolve --all`, `rl pdf --all --download`).
OptionalRefArg = Annotated[
    str | None,
    typer.Argument(
        metavar="REF", help=_REF_HELP, show_default=False, autocompletion=complete_paper
    ),
]
CatOpt = Annotated[
    str | None,
    typer.Option(
        "--cat",
        "-c",
        help="Category slug or heading (see: rl cat list).",
        autocompletion=complete_category,
    ),
]
StatusOpt = Annotated[
    str | None,
    typer.Option(
        "--status", "-s", help="to-read, reading or read.", autocompletion=complete_status
    ),
]
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
    typer.Option(
        help="The text as it appears in your table, e.g. '(2015)A Neural ...': your Markdown, "
        "kept as written."
    ),
]
YearOpt = Annotated[int | None, typer.Option(help="Publication year.")]
AuthorsOpt = Annotated[str | None, typer.Option(help="Authors in order: 'A. One, B. Two'.")]
VenueOpt = Annotated[str | None, typer.Option(help="Venue or journal reference.")]


def _web_address(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise typer.BadParameter(f"{value!r} is not a web address (http:// or https://...).")
    return value.strip()


def _doi(value: str) -> str:
    from readinglist.identifiers import parse_doi

    doi = parse_doi(value.strip())
    if doi is None:
        raise typer.BadParameter(f"{value!r} is not a DOI (e.g. 10.3115/1073083.1073135).")
    return doi


UrlOpt = Annotated[
    str | None, typer.Option(parser=_web_address, help="Where the paper lives on the web.")
]
DoiOpt = Annotated[str | None, typer.Option(parser=_doi, help="DOI, e.g. 10.3115/1073083.1073135.")]
