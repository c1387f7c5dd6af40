"""`rl search`: full-text search. It must start instantly: no rich, nothing heavy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.cli import CatOpt, JsonOpt, QueryCommand, StatusOpt, library
from readinglist.cli._output import message, print_json

if TYPE_CHECKING:
    from readinglist.library import Library

PANEL = "Search"
app = typer.Typer()


@app.command(cls=QueryCommand)
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
    memor* is a prefix; -word or NOT word excludes, anywhere in the query (rl search
    transformer -vision); a OR b matches either; title:word (or label,
    author, abstract, note, pdf) searches one field. Other punctuation is just text.
    Best matches first: title, then authors, then abstract and notes, then PDF text.
    In --json the snippet marks matched words as **word**.
    """
    from readinglist import search as core

    kb = library(ctx)
    text = " ".join(query)
    filters: dict[str, Any] = {"category": cat, "status": status, "year": year}
    results = core.search(kb, text, limit=limit, raw=raw, **filters)
    if json_:
        from readinglist.cli._output import marked_to_markdown

        keys = ("id", "title", "year", "category", "status", "score", "field")
        print_json([{k: r[k] for k in keys} | {"snippet": marked_to_markdown(r["snippet"])}
                    for r in results])  # fmt: skip
    elif results:
        from readinglist.cli._output import print_search_results

        print_search_results(results)
    if not results:
        _explain_no_results(kb, text, raw, filters)


def _explain_no_results(kb: Library, text: str, raw: bool, filters: dict[str, Any]) -> None:
    from readinglist import search as core

    message(f"No papers match '{text}'.")
    if raw:
        return
    found = core.suggest(kb, text, **filters)
    if not found.papers:
        return
    if found.corrected:
        message(f"Did you mean: rl search {found.corrected}")
    message("Near titles:")
    for p in found.papers:
        year = f" ({p['year']})" if p["year"] else ""
        message(f"  #{p['id']}  {p['title']}{year}  [{p['category']}]")
