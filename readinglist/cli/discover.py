"""`rl discover`: ranked search over the local arXiv mirror, and filing what you find."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.cli import JsonOpt, QueryCommand, library, state
from readinglist.cli._output import message, print_json, report
from readinglist.errors import InvalidInput

if TYPE_CHECKING:
    from readinglist.discover import Discovery, Found

PANEL = "Search"
app = typer.Typer()


@app.command(cls=QueryCommand)
def discover(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY", help="Words to look for (as in rl search).", show_default=False
        ),
    ],
    since: Annotated[
        int | None, typer.Option("--since", metavar="YEAR", help="Only papers from YEAR on.")
    ] = None,
    cat: Annotated[
        list[str] | None,
        typer.Option(
            "--cat",
            "-c",
            metavar="CAT",
            help="Only papers in this arXiv category or archive (cs.CL, cs, hep-th); "
            "repeat for several.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.")] = 20,
    add: Annotated[
        list[int] | None,
        typer.Option(
            "--add",
            metavar="N",
            help="File result N in your knowledge base (repeatable), in --to.",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="CATEGORY",
            help="Your category for --add (default: rl config category, else other).",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", "-s", help="Reading status for --add: to-read, reading or read."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --add: file it even if it looks like a stored paper."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Find papers in the local arXiv mirror (rl mirror add), best first.

    QUERY is read as in rl search: words are ANDed and stemmed, "quoted words" are a phrase,
    memor* a prefix, -word excludes, a OR b, title: author: abstract: one field.

    Ranking: relevance times recency. Relevance is BM25 with k1 = 0: each word of the query
    counts its IDF (rarer words weigh more), ten times over when it is in the title, twice
    when only in the abstract or authors. Recency is 1 + 24 / (24 + age in months): a paper
    of this month counts twice, one two years old 1.5 times, one eight years old 1.2 times.
    A query matching more than 10,000 papers is ranked over its 10,000 newest (--since,
    --cat or one more word ranks them all).

    Papers already in your knowledge base are marked with their id. --add N --to CATEGORY
    files result N, as rl add ARXIV_ID --cat CATEGORY would, from the mirror.

    Example: rl discover "memory networks" --since 2020 --cat cs.CL --add 1 --to dialogue
    """
    from readinglist.discover import add_found
    from readinglist.discover import discover as run
    from readinglist.mirror import open_mirror
    from readinglist.sources import mirror_file

    if add and not to:
        from readinglist.config import read_config

        to = read_config().get("category") or "other"
        message(f"No --to given: adding to {to} (set your default: rl config category SLUG).")
    # Without --add nothing is written: a knowledge base that does not exist is not created.
    kb = library(ctx, create=True) if add or state(ctx).path().exists() else None
    mirror = open_mirror(mirror_file(state(ctx).path().parent), readonly=True)
    ctx.call_on_close(mirror.close)
    text = " ".join(query)
    found = run(mirror, kb, text, since=since, categories=cat or (), limit=limit)
    for n in add or ():
        if not 1 <= n <= len(found.results):
            raise InvalidInput(f"--add {n}: there are {len(found.results)} results; give a "
                               f"number from 1 to {len(found.results)}.")  # fmt: skip
    for n in add or ():
        assert kb is not None
        fields = {"category": to, "status": status}
        outcome = add_found(kb, found.results[n - 1], {k: v for k, v in fields.items() if v},
                            force=force)  # fmt: skip
        report(outcome, added=True)
    if add:
        found = run(mirror, kb, text, since=since, categories=cat or (), limit=limit)
    if json_:
        print_json([_json(f) for f in found.results])
    elif found.results:
        _print_table(found)
    else:
        message(f"No paper of the mirror matches '{text}'.")
    if found.ranked_from:
        from readinglist.discover import BUDGET

        message(f"More papers match than are ranked: these are the best of the newest "
                f"{BUDGET:,}, from {found.ranked_from} on. Narrow it with --since, --cat or "
                "another word to rank them all.")  # fmt: skip


def _json(found: Found) -> dict[str, Any]:
    r = found.record
    return {"rank": found.rank, "arxiv_id": r.arxiv_id, "title": r.title,
            "authors": list(r.authors), "year": r.year, "categories": list(r.categories),
            "score": round(found.score, 3), "in_knowledge_base": found.paper_id,
            "url": r.url, "abstract": r.abstract}  # fmt: skip


def _print_table(found: Discovery) -> None:
    from readinglist.cli._terminal import DIM, RESET, Column, format_table, use_colour

    rows = []
    for f in found.results:
        r = f.record
        authors = (r.authors[0] + (" et al." if len(r.authors) > 1 else "")) if r.authors else ""
        stored = f"#{f.paper_id}" if f.paper_id is not None else ""
        rows.append([str(f.rank), r.arxiv_id or "", str(r.year or ""), r.title, authors,
                     r.categories[0] if r.categories else "", stored])  # fmt: skip
    columns = [Column("N", align_right=True), Column("arXiv"), Column("year"),
               Column("title", share=3), Column("authors", share=1), Column("category"),
               Column("yours")]  # fmt: skip
    lines = format_table(columns, rows).splitlines()
    if use_colour():
        lines[0] = DIM + lines[0] + RESET
    print("\n".join(lines))
