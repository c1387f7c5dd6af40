"""`rl export`: papers out as BibTeX, biblatex, CSL JSON, JSON Lines, CSV or Markdown."""

from pathlib import Path
from typing import Annotated

import typer

from readinglist.cli import CatOpt, StatusOpt, library
from readinglist.cli._output import message, write_text
from readinglist.formats import FORMATS

PANEL = "Knowledge base"
app = typer.Typer()


@app.command()
def export(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="REF",
            help="Only these papers (ids, arXiv ids or title fragments).",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join(FORMATS)} (default: the -o file's suffix, else bibtex).",
            show_default=False,
        ),
    ] = None,
    cat: CatOpt = None,
    status: StatusOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE, not stdout."
        ),
    ] = None,
) -> None:
    """Export papers as BibTeX, biblatex, CSL JSON, JSON Lines, CSV or Markdown.

    All papers, or those of --cat and --status, or the REFs given; in your order.

    BibTeX, biblatex and CSL JSON cite each paper by a key (vaswani2017attention) that is
    given once and then never changes.

    JSON Lines holds everything (categories, notes, ids, keys): rl import brings it back.
    """
    from readinglist import exporting

    kb = library(ctx)
    chosen = exporting.choose_format(format_, output)
    if output is not None:
        exporting.check_output(output)
    text, count = exporting.export(kb, chosen, refs=refs or [], category=cat, status=status)
    if output is None:
        write_text(text)
        return
    exporting.write_file(output, text)
    message(f"Exported {count} paper(s) as {chosen.name} to {output}.")
