"""`rl list`: the papers, grouped by category."""

import typer

from readinglist.cli import CatOpt, JsonOpt, StatusOpt, library
from readinglist.cli._output import print_paper_list, print_papers_json

PANEL = "Papers"
app = typer.Typer()


@app.command("list")
def list_(
    ctx: typer.Context, cat: CatOpt = None, status: StatusOpt = None, json_: JsonOpt = False
) -> None:
    """List papers grouped by category, in your order.

    On a terminal the list goes through your pager ($RL_PAGER, $PAGER, less); with none, the
    first screenful is shown with how many more there are.
    """
    kb = library(ctx)
    if json_:
        print_papers_json(kb, cat, status)
    else:
        print_paper_list(kb, cat, status)
