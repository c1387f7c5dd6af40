"""`rl stats`: counts of the knowledge base."""

import typer

from readinglist.cli import JsonOpt, library
from readinglist.cli._output import data, print_json, stdout_console

PANEL = "Papers"
app = typer.Typer()


@app.command()
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Counts by category, status and resolution."""
    kb = library(ctx)
    figures = kb.stats()
    if json_:
        print_json(figures)
        return
    from rich.table import Table

    headings = {c.slug: c.heading for c in kb.categories()}
    table = Table(
        title=f"{figures['papers']} papers, {figures['notes']} notes", title_justify="left"
    )
    table.add_column("")
    table.add_column("papers", justify="right")
    for slug, n in figures["by_category"].items():
        table.add_row(data(headings[slug]), str(n))
    table.add_section()
    for name in ("by_status", "by_resolution"):
        for key, n in figures[name].items():
            table.add_row(key, str(n))
    table.add_section()
    table.add_row("with abstract", str(figures["with_abstract"]))
    table.add_row("with arXiv id", str(figures["with_arxiv_id"]))
    table.add_row("with PDF", str(figures["with_pdf"]))
    stdout_console().print(table)
