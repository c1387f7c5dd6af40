"""`rl doctor`: check the knowledge base, rebuild the search index, recover a damaged one."""

from pathlib import Path
from typing import Annotated

import typer

from readinglist.cli import JsonOpt, library, state
from readinglist.cli._output import message, print_json, visible
from readinglist.errors import DatabaseError

PANEL = "Knowledge base"
app = typer.Typer()


@app.command()
def doctor(
    ctx: typer.Context,
    reindex: Annotated[
        bool, typer.Option("--reindex", help="Rebuild the search index from the papers first.")
    ] = False,
    recover: Annotated[
        Path | None,
        typer.Option(
            "--recover",
            metavar="NEW",
            help="Copy every paper, note and category that can still be read from a damaged "
            "knowledge base into the new file NEW. The damaged file is not changed.",
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Check the knowledge base: migrations, SQLite integrity, search index, PDF files.

    Exits 1 when something is wrong, naming the fix. When the file is damaged (a disk or copy
    error), --recover NEW saves what can still be read.
    """
    from readinglist import doctor as core

    if recover is not None:
        _recover(state(ctx).path(), recover, json_)
        return
    try:
        kb = library(ctx)
    except DatabaseError as e:
        if not state(ctx).path().is_file():
            raise
        checks = core.unopenable(state(ctx).path(), e.message)
    else:
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
                print(visible(f"      {problem}"))  # names papers by their labels
            if check.fix:
                print(f"      fix: {check.fix}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def _recover(damaged: Path, into: Path, json_: bool) -> None:
    from dataclasses import asdict

    from readinglist.library import salvage

    if not damaged.is_file():
        raise DatabaseError(f"{damaged} does not exist; there is nothing to recover.")
    report = salvage(damaged, into)
    if json_:
        print_json({"into": str(into), **asdict(report)})
        return
    message(f"Recovered {report.papers} papers into {into}.")
    for table, n in report.rows.items():
        lost = " (some pages could not be read)" if table in report.damaged else ""
        message(f"  {table}: {n} rows{lost}")
    for table, n in report.remade.items():
        if n:
            message(f"  {table}: {n} made again from the papers that name them")
    for table, n in report.dropped.items():
        message(f"  {table}: {n} rows left out: they belong to rows that could not be read")
    message(f"Check it with rl --db {into} list; then use it with --db, or move it over {damaged}.")
