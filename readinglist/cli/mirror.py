"""`rl mirror ...`: a local copy of arXiv's metadata for whole categories, harvested through
arXiv's OAI-PMH interface: titles in them resolve with no request, `rl discover` searches it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readinglist.cli import JsonOpt, state
from readinglist.cli._output import message, print_json, shown_path

if TYPE_CHECKING:
    from readinglist.harvest import SetReport
    from readinglist.mirror import Mirror

PANEL = "Search"
app = typer.Typer(
    help="A local arXiv mirror of the categories you read: titles in them resolve without "
    "asking arXiv, and rl discover searches them."
)

CategoriesArg = Annotated[
    list[str],
    typer.Argument(
        metavar="CATS",
        help="arXiv categories, e.g. cs.CL cs.LG stat.ML hep-th.",
        show_default=False,
    ),
]


def mirror_path(ctx: typer.Context) -> Path:
    """RL_MIRROR, else arxiv-mirror.sqlite beside the knowledge base (--db, RL_DB)."""
    from readinglist.sources import mirror_file

    return mirror_file(state(ctx).path().parent)


@app.command()
def add(
    ctx: typer.Context,
    categories: CategoriesArg,
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="OAI-PMH metadata format: arXiv (authors one by one) "
            "or arXivRaw (with every version's date).",
        ),
    ] = "arXiv",
    json_: JsonOpt = False,
) -> None:
    """Harvest arXiv categories into the mirror (created beside the knowledge base).

    Asks arXiv's OAI-PMH interface (RL_OAI_URL) for every record of each category, a page
    of about 1,000 at a time, 3 seconds apart (RL_OAI_DELAY): cs.CL alone is about 100
    pages. Ctrl-C keeps every page stored; rl mirror update continues. A category already
    mirrored is brought up to date.

    Example: rl mirror add cs.CL cs.LG
    """
    from readinglist.harvest import add_categories

    mirror, specs = add_categories(mirror_path(ctx), categories, format_)
    ctx.call_on_close(mirror.close)
    _run(mirror, specs, json_)


@app.command()
def update(
    ctx: typer.Context,
    categories: Annotated[
        list[str] | None,
        typer.Argument(metavar="CATS", help="Only these mirrored categories.", show_default=False),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Fetch what changed in the mirrored categories since their last harvest.

    A harvest that was interrupted continues from its next page.
    """
    from readinglist.mirror import open_mirror
    from readinglist.sources.oai import set_spec

    mirror = open_mirror(mirror_path(ctx))
    ctx.call_on_close(mirror.close)
    specs = [set_spec(c) for c in categories] if categories else None
    _run(mirror, specs, json_)


@app.command()
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The mirror's file and categories: records, last harvest, unfinished harvests."""
    from readinglist.mirror import open_mirror

    path = mirror_path(ctx)
    mirror = open_mirror(path, readonly=True)
    ctx.call_on_close(mirror.close)
    counts = mirror.counts()
    sets = mirror.harvested_sets()
    size = path.stat().st_size
    if json_:
        print_json({
            "path": str(path), "bytes": size, "records": counts["records"],
            "newest": mirror.newest(),
            "categories": [{"category": s.category, "set": s.spec, "records": counts[s.spec],
                            "format": s.metadata_prefix, "harvested_from": s.next_from,
                            "completed_at": s.completed_at,
                            "unfinished": {"pages": s.pending_pages,
                                           "records": s.pending_records,
                                           "of": s.list_size} if s.under_way else None}
                           for s in sets],
        })  # fmt: skip
        return
    print(f"{shown_path(path)}: {counts['records']:,} records, {size / 1e6:,.1f} MB"
          + (f", newest {mirror.newest()}" if counts["records"] else ""))  # fmt: skip
    for s in sets:
        when = f"up to date as of {s.next_from}" if s.next_from else "never completed"
        line = f"  {s.category:<12} {counts[s.spec]:>9,} records  {when}"
        if s.under_way:
            of = f" of {s.list_size:,}" if s.list_size else ""
            line += (f"; a harvest stopped after {s.pending_records:,}{of} records "
                     "(rl mirror update continues it)")  # fmt: skip
        print(line)


def _run(mirror: Mirror, specs: list[str] | None, json_: bool) -> None:
    """Harvest under progress bars and report what each category got."""
    from readinglist.cli._progress import progress_bars
    from readinglist.harvest import Progress, harvest

    with progress_bars("Harvesting") as update:

        def show(p: Progress) -> None:
            update(p.category, p.records, p.list_size)

        reports = harvest(mirror, specs, progress=show)
    for report in reports:
        message(_summary(report))
    if json_:
        print_json([{"category": r.category, "set": r.spec, "from": r.since, "pages": r.pages,
                     "records": r.records, "deleted": r.deleted, "continued": r.continued,
                     "restarted": r.restarted} for r in reports])  # fmt: skip


def _summary(report: SetReport) -> str:
    what = "everything" if report.since is None else f"changes since {report.since}"
    how = " (continued an interrupted harvest)" if report.continued else ""
    if report.restarted:
        how = " (its interrupted harvest had expired: started again)"
    gone = f", {report.deleted:,} withdrawn" if report.deleted else ""
    return (f"{report.category}: {report.records:,} records stored{gone}, {report.pages} "
            f"page(s), {what}{how}.")  # fmt: skip
