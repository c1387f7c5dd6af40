"""`rl note`: a note on a paper."""

import sys
from typing import Annotated

import typer

from readinglist.cli import JsonOpt, RefArg, library
from readinglist.cli._output import message, print_json

PANEL = "Papers"
app = typer.Typer()


@app.command()
def note(
    ctx: typer.Context,
    ref: RefArg,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT", help="Markdown text; without it, standard input or $EDITOR."
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Add a timestamped note (Markdown) to a paper.

    Without TEXT, the note is read from standard input when it is not a terminal
    (echo "..." | rl note REF), else $EDITOR opens. TEXT - reads standard input too.
    """
    kb = library(ctx)
    paper = kb.find_paper(ref)
    if text == "-" or (text is None and not sys.stdin.isatty()):
        text = sys.stdin.read()
    elif text is None:
        from readinglist.cli._editor import edit_text

        written = edit_text(
            f"\n# Note on: {paper.title}\n# Lines starting with '# ' are dropped.\n"
        )
        text = "\n".join(ln for ln in written.splitlines() if not ln.startswith("# "))
    saved = kb.add_note(paper.id, text or "")
    if json_:
        print_json(saved.as_dict())
    else:
        message(f"Noted on #{paper.id} {paper.label}.")
