"""`rl init`: the knowledge base, and rl's templates to edit."""

from typing import Annotated

import typer

from readinglist.cli import library, state
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
    """Create the knowledge base and copy rl's default templates into ./templates/ to edit."""
    from readinglist.project import copy_default_templates

    library(ctx)  # creates data/papers.sqlite (or --db) and says so when it is new
    message(f"Knowledge base: {state(ctx).db_path}")
    for path, copied in copy_default_templates(force=force):
        message(f"Wrote {path}" if copied else f"Kept {path} (exists; --force overwrites it)")
