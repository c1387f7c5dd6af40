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
        from readinglist.cli._prompts import confirm

        answer = confirm(f"Delete #{paper.id} {paper.label}?")
        if not answer:
            no_answer = "" if answer is False else " (no answer: --yes deletes without asking)"
            message(f"Nothing deleted{no_answer}.")
            raise typer.Exit(1)
    kb.delete_paper(paper.id)
    message(f"Deleted #{paper.id} {paper.label}.")
