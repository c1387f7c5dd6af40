"""`rl init`: the knowledge base, and rl's templates to edit."""

from typing import Annotated

import typer

from readinglist.cli import DEFAULT_DB, library, state
from readinglist.cli._output import message

PANEL = "Your README"
app = typer.Typer()


@app.command()
def init(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite templates already in ./templates/.")
    ] = False,
) -> None:
    """Create the knowledge base and copy rl's default templates into ./templates/ to edit.

    The knowledge base goes to data/papers.sqlite in this folder (or where --db says), as git
    init makes .git here: other commands find it from this folder and every folder below.
    """
    from readinglist.project import copy_default_templates

    here = state(ctx)
    if here.given is None:
        here.given = DEFAULT_DB  # here, not a knowledge base found above or the default
    kb = library(ctx, create=True)  # says so when it is new
    message(f"Knowledge base: {kb.path}")
    for path, copied in copy_default_templates(force=force):
        message(f"Wrote {path}" if copied else f"Kept {path} (exists; --force overwrites it)")
