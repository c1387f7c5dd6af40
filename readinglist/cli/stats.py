"""`rl stats`: counts of the knowledge base."""

import typer

from readinglist.cli import JsonOpt, library
from readinglist.cli._output import print_json, print_stats

PANEL = "Papers"
app = typer.Typer()


@app.command()
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Counts by category, status and resolution."""
    kb = library(ctx)
    figures = kb.stats()
    if json_:
        print_json(figures)
    else:
        print_stats(figures, {c.slug: c.heading for c in kb.categories()})
