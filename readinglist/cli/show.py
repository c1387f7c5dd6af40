"""`rl show`: everything stored about one paper."""

import typer

from readinglist.cli import JsonOpt, RefArg, library
from readinglist.cli._output import paper_json, print_json, print_paper

PANEL = "Papers"
app = typer.Typer()


@app.command()
def show(ctx: typer.Context, ref: RefArg, json_: JsonOpt = False) -> None:
    """Show everything stored about a paper, with its notes."""
    kb = library(ctx)
    paper = kb.find_paper(ref)
    if json_:
        print_json(paper_json(paper))
    else:
        print_paper(paper, kb.category(paper.category).heading)
