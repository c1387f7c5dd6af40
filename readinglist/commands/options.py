"""Shared option types and the per-invocation state every command reads."""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from readinglist.db import open_db


@dataclass
class AppState:
    """Set by the root callback; a command opens the database only when it needs it."""

    db_path: Path
    _conn: sqlite3.Connection | None = field(default=None, repr=False)

    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = open_db(self.db_path)
        return self._conn


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    assert isinstance(root.obj, AppState), "the root callback sets AppState"
    return root.obj


def conn(ctx: typer.Context) -> sqlite3.Connection:
    return state(ctx).conn()


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
RefArg = Annotated[
    str,
    typer.Argument(
        metavar="REF", help="Paper id, arXiv id, or a fragment of its title.", show_default=False
    ),
]
# For commands where REF may be left out (`rl resolve --all`, `rl pdf --all --download`).
OptionalRefArg = Annotated[
    str | None,
    typer.Argument(
        metavar="REF", help="Paper id, arXiv id, or a fragment of its title.", show_default=False
    ),
]
CatOpt = Annotated[
    str | None, typer.Option("--cat", "-c", help="Category slug or heading (see: rl cat list).")
]
StatusOpt = Annotated[str | None, typer.Option("--status", "-s", help="to-read, reading or read.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
