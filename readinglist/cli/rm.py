"""`rl rm`: delete a paper."""

import typer

from readinglist.cli import RefArg, YesOpt, library
from readinglist.cli._output import message

PANEL = "Papers"
app = typer.Typer()


@app.command()
def rm(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Delete a paper and its notes (asks first)."""
    kb = library(ctx)
    paper = kb.find_paper(ref)
    if not yes:
        from readinglist.cli._prompts import confirm_deletion

        confirm_deletion(f"Delete #{paper.id} {paper.label}?")
    kb.delete_paper(paper.id)
    message(f"Deleted #{paper.id} {paper.label}.")
