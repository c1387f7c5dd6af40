"""The `rl` Typer application: global options, error handling, and the command modules."""

import os
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from readinglist import __version__
from readinglist.commands import categories, papers, pdf, readme, resolve
from readinglist.commands.options import AppState
from readinglist.db import DEFAULT_DB
from readinglist.errors import RLError
from readinglist.output import error


class RLGroup(TyperGroup):
    """Turns an RLError raised anywhere below into `Error: ...` and exit code 1.

    Done here rather than in main() so CliRunner tests see exactly what a user sees.
    RL_DEBUG=1 lets the traceback through.
    """

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


app.add_typer(papers.app)
app.add_typer(readme.app)
app.add_typer(resolve.app)
app.add_typer(pdf.app)
app.add_typer(categories.app, name="cat")


def main() -> None:
    app()
