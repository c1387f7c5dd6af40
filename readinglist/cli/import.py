"""`rl import`: papers from a .bib file, CSL JSON or rl's own JSON Lines.

The file is named import.py after the command; Python cannot `import` it by that name, but
the command registry loads modules with importlib, which can.
"""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.cli import CatOpt, JsonOpt, StatusOpt, is_interactive, library, state
from readinglist.cli._output import message, print_json
from readinglist.formats import READ

if TYPE_CHECKING:
    from readinglist.importing import ImportReport
    from readinglist.library import Library

PANEL = "Knowledge base"
app = typer.Typer()
# Lines of duplicates and skipped entries shown; --json lists them all.
SHOWN = 10


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A .bib file (Zotero, Better BibTeX, Mendeley, Google Scholar, papis, pubs), "
            "CSL JSON (.json: Zotero's export, or doi.org's for one DOI) or rl's JSON Lines "
            "(.jsonl).",
            show_default=False,
        ),
    ],
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join(READ)} (default: from FILE's suffix, else its text).",
            show_default=False,
        ),
    ] = None,
    cat: CatOpt = None,
    status: StatusOpt = None,
    resolve: Annotated[
        bool,
        typer.Option("--resolve", help="Then look every imported paper up, as rl resolve does."),
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="With --resolve: never ask which candidate.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be imported; store nothing.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import papers from a .bib file, CSL JSON or rl's own JSON Lines.

    Papers of a .bib or CSL JSON file go into --cat (default: your rl config category,
    else other), as to-read unless --status, with their authors, year, venue, abstract,
    arXiv id and DOI, and their citation keys.

    A paper already stored (same arXiv id or DOI; or same title, unless DOIs, years or
    authors differ) is reported, not added again; so is an entry that cannot be read,
    with its line. The rest is imported, in one transaction.

    A JSON Lines export of rl brings back categories, notes, ids and keys as they were.
    """
    from readinglist import importing

    chosen, reading = importing.read_file(file, format_)
    if cat is None and reading.categories is None:  # rl's own export keeps its categories
        from readinglist.config import read_config

        cat = read_config().get("category") or "other"
        message(f"No --cat given: importing into {cat} (set your default: rl config category "
                "SLUG).")  # fmt: skip
    kb = _knowledge_base(ctx, dry_run=dry_run)
    report = importing.import_reading(kb, chosen, reading, category=cat, status=status,
                                      dry_run=dry_run, each=_progress_loop(),
                                      to_resolve=resolve)  # fmt: skip
    _report(report, file)
    resolved: list[tuple[int, Any]] = []
    failed = 0
    if resolve and not dry_run:
        from readinglist.cli._output import report_results
        from readinglist.cli.resolve import resolve_with_progress

        # The new papers, and those of the file an earlier run left unresolved (stopped).
        pending = [*report.added, *(i for i in dict.fromkeys(report.repeats)
                                    if kb.paper(i).resolution == "unresolved")]  # fmt: skip
        if pending:
            resolved = resolve_with_progress(kb, pending, interactive=is_interactive(no_input))
            failed = report_results(resolved, of="imported")["failed"]
    if json_:
        data = _report_json(report)
        if resolve and not dry_run:
            from readinglist.cli._output import results_json

            data["papers"] = results_json(kb, resolved)
        print_json(data)
    if failed:
        message(
            f"The {failed} paper(s) that could not be resolved are imported as they were in "
            f"{file}, unresolved: nothing is lost. Resolve them later with: rl resolve --all "
            "(or this command again)"
        )
    if failed or (report.problems and not report.entries):
        raise typer.Exit(1)


def _knowledge_base(ctx: typer.Context, *, dry_run: bool) -> "Library":
    """Importing is adding: a missing knowledge base is made (as rl add does), once the file
    has been read. A dry run makes none: it imports into a new one in a temporary folder,
    thrown away after, so that it reports what the import would do to the one it would make."""
    if not dry_run or state(ctx).path().exists():
        return library(ctx, create=not dry_run)
    import tempfile

    from readinglist.library import open_library

    folder = tempfile.TemporaryDirectory(prefix="rl-dry-run-")
    ctx.call_on_close(folder.cleanup)
    kb = open_library(Path(folder.name) / "papers.sqlite")
    ctx.call_on_close(kb.close)  # before the folder goes: the last registered runs first
    return kb


def _progress_loop() -> Callable[[Sequence[Any], Callable[[Any], Any]], list[Any]]:
    from readinglist.cli._progress import each_with_progress

    def loop(items: Sequence[Any], work: Callable[[Any], Any]) -> list[Any]:
        return each_with_progress(items, work, label="Importing")

    return loop


def _report(report: "ImportReport", file: Path) -> None:
    for slug in report.categories_created:
        message(f"New category: {slug}")
    for line, title, stored in report.duplicates[:SHOWN]:
        message(f"line {line}: already stored as {stored}, not added again: {title}")
    _more(report.duplicates, "duplicate(s)")
    for line, reason in report.problems[:SHOWN]:
        message(f"line {line}: {reason}")
    _more(report.problems, "entr(y/ies) skipped")
    for line, wanted, given in report.keys_changed[:SHOWN]:
        message(f"line {line}: another paper is cited as '{wanted}'; this one is '{given}'.")
    _more(report.keys_changed, "key(s) changed")
    for line, wanted in report.keys_refused[:SHOWN]:
        message(f"line {line}: '{wanted}' cannot be a citation key (it has a space, comma, "
                "brace or quote); this paper is given one when it is exported.")  # fmt: skip
    _more(report.keys_refused, "key(s) refused")
    verb = "Would import" if report.dry_run else "Imported"
    message(
        f"{verb} {len(report.added)} paper(s) from {file} ({report.format}); "
        f"{len(report.duplicates)} already stored, {len(report.problems)} skipped."
        + (" Dry run: nothing was stored." if report.dry_run else "")
    )


def _more(items: Sequence[Any], what: str) -> None:
    if len(items) > SHOWN:
        message(f"... and {len(items) - SHOWN} more {what} (see them all with --json).")


def _report_json(report: "ImportReport") -> dict[str, Any]:
    return {
        "format": report.format,
        "entries": report.entries,
        "added": report.added,
        "duplicates": [{"line": line, "title": title, "stored_as": stored}
                       for line, title, stored in report.duplicates],
        "skipped": [{"line": line, "reason": reason} for line, reason in report.problems],
        "keys_changed": [{"line": line, "key": wanted, "stored_as": given}
                         for line, wanted, given in report.keys_changed],
        "keys_refused": [{"line": line, "key": wanted} for line, wanted in report.keys_refused],
        "categories_created": report.categories_created,
        "kept_ids": report.kept_ids,
        "dry_run": report.dry_run,
    }  # fmt: skip
