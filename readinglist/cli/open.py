"""`rl open`: a paper's PDF, or its page on the web, in the browser."""

from typing import Annotated

import typer

from readinglist.cli import RefArg, library
from readinglist.cli._output import message
from readinglist.errors import NotFound, RLError

PANEL = "Papers"
app = typer.Typer()


@app.command("open")
def open_(
    ctx: typer.Context,
    ref: RefArg,
    print_: Annotated[
        bool, typer.Option("--print", help="Print where it is (a file or a URL); open nothing.")
    ] = False,
) -> None:
    """Open a paper's PDF if one is attached, else its page (arXiv, DOI, URL), in the browser.

    Example: zathura "$(rl open 12 --print)"
    """
    from readinglist.render import where_to_read

    kb = library(ctx)
    paper = kb.find_paper(ref)
    where = where_to_read(paper, kb.folder)
    if where is None:
        raise NotFound(
            f"#{paper.id} {paper.label} has no PDF and no link. Attach its PDF (rl pdf "
            f"{paper.id} FILE) or give its page (rl edit {paper.id} --url URL)."
        )
    if print_:
        print(where)
        return
    import webbrowser

    target = where if "://" in where else _file_url(where)
    if not webbrowser.open(target):
        raise RLError(f"no browser could be started (set $BROWSER); #{paper.id} is at {where}")
    message(f"Opened #{paper.id} {paper.label}: {where}")


def _file_url(path: str) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri()
