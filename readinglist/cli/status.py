"""`rl status`: a paper's reading status."""

from typing import Annotated

import typer

from readinglist.cli import JsonOpt, RefArg, complete_status, library
from readinglist.cli._output import message, paper_json, print_json

PANEL = "Papers"
app = typer.Typer()


@app.command()
def status(
    ctx: typer.Context,
    ref: RefArg,
    new_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS", help="read, reading or to-read.", autocompletion=complete_status
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Set a paper's reading status (read records when)."""
    kb = library(ctx)
    paper = kb.update_paper(kb.find_paper(ref).id, {"status": new_status})
    if json_:
        print_json(paper_json(paper))
    else:
        message(f"#{paper.id} {paper.label}: {paper.status}.")
