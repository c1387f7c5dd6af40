"""`rl search` (full-text search) and `rl doctor` (check the knowledge base, rebuild the index)."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from readinglist.commands.options import CatOpt, JsonOpt, StatusOpt, conn, state
from readinglist.output import message, print_json

app = typer.Typer()


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY", help="Words to look for (see the rules above).", show_default=False
        ),
    ],
    cat: CatOpt = None,
    status: StatusOpt = None,
    year: Annotated[int | None, typer.Option("--year", help="Only papers of this year.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.")] = 20,
    raw: Annotated[
        bool, typer.Option("--raw", help="Pass QUERY to SQLite FTS5 as it is (its syntax).")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Full-text search over titles, labels, authors, abstracts, notes and PDF text.

    Words are ANDed and stemmed (memory finds memories); "quoted words" are a phrase;
    memor* is a prefix; -word or NOT word excludes (put a leading -word after --:
    rl search -- -vision transformer); a OR b matches either; title:word (or label,
    author, abstract, note, pdf) searches one field. Other punctuation is just text.
    Best matches first: title, then authors, then abstract and notes, then PDF text.
    In --json the snippet marks matched words as **word**.
    """
    from readinglist import search as core

    db = conn(ctx)
    text = " ".join(query)
    filters: dict[str, Any] = {"category": cat, "status": status, "year": year}
    results = core.search(db, text, limit=limit, raw=raw, **filters)
    if json_:
        from readinglist.output import marked_to_markdown

        keys = ("id", "title", "year", "category", "status", "score", "field")
        print_json([{k: r[k] for k in keys} | {"snippet": marked_to_markdown(r["snippet"])}
                    for r in results])  # fmt: skip
    elif results:
        from readinglist.output import print_search_results

        print_search_results(results)
    if not results:
        _explain_no_results(db, text, raw, filters)


def _explain_no_results(
    db: sqlite3.Connection, text: str, raw: bool, filters: dict[str, Any]
) -> None:
    from readinglist import search as core

    message(f"No papers match '{text}'.")
    if raw:
        return
    found = core.suggest(db, text, **filters)
    if not found.papers:
        return
    if found.corrected:
        message(f"Did you mean: rl search {found.corrected}")
    message("Near titles:")
    for p in found.papers:
        year = f" ({p['year']})" if p["year"] else ""
        message(f"  #{p['id']}  {p['title']}{year}  [{p['category']}]")


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

    db = conn(ctx)
    if reindex:
        n = core.reindex(db)
        message(f"Rebuilt the search index: {n} papers.")
    checks = core.diagnose(db, state(ctx).db_path)
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
