"""`rl doctor`: check the knowledge base, rebuild the search index."""

from typing import Annotated

import typer

from readinglist.cli import JsonOpt, library
from readinglist.cli._output import message, print_json

PANEL = "Knowledge base"
app = typer.Typer()


@app.command()
def doctor(
    ctx: typer.Context,
    reindex: Annotated[
        bool, typer.Option("--reindex", help="Rebuild the search index from the papers first.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Check the knowledge base: migrations, SQLite integrity, search index, PDF files.

    Exits 1 when something is wrong, naming the fix.
    """
    from readinglist import doctor as core

    kb = library(ctx)
    if reindex:
        n = kb.rebuild_search_index()
        message(f"Rebuilt the search index: {n} papers.")
    checks = core.diagnose(kb)
    if json_:
        print_json(core.as_json(checks))
    else:
        for check in checks:
            mark = "ok" if check.ok else "FAIL"
            print(f"{mark:<4}  {check.name}: {check.summary}")
            for problem in check.problems:
                print(f"      {problem}")
            if check.fix:
                print(f"      fix: {check.fix}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)
