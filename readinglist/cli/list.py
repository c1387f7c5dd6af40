"""`rl list`: the papers, grouped by category."""

import typer

from readinglist.cli import CatOpt, JsonOpt, StatusOpt, library
from readinglist.cli._output import paper_json, print_json, print_paper_list

PANEL = "Papers"
app = typer.Typer()


@app.command("list")
def list_(
    ctx: typer.Context, cat: CatOpt = None, status: StatusOpt = None, json_: JsonOpt = False
) -> None:
    """List papers grouped by category, in your order."""
    kb = library(ctx)
    found = kb.papers(category=cat, status=status)
    if json_:
        print_json([paper_json(p) for p in found])
    else:
        print_paper_list(found, kb.categories())
