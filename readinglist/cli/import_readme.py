"""`rl import-readme`: bring in the reading-list table of a Markdown README."""

from pathlib import Path
from typing import Annotated, Any

import typer

from readinglist.cli import JsonOpt, is_interactive, library
from readinglist.cli._output import message, print_json

PANEL = "Your README"
app = typer.Typer()


@app.command("import-readme")
def import_readme(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A Markdown file with your reading-list table, e.g. README.md.",
            show_default=False,
            dir_okay=False,
        ),
    ],
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve",
            help="Then look every newly imported paper up on arXiv, as rl resolve --all does.",
        ),
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Never ask (new categories; which candidate is right): for scripts and CI.",
        ),
    ] = False,
    status: Annotated[
        str, typer.Option("--status", "-s", help="Status of the imported papers.")
    ] = "read",
    json_: JsonOpt = False,
) -> None:
    """Import the reading-list table of a Markdown README.

    The header cell names the first category; a bold row (| **LLMs** |) starts the next.

    Every other row is a paper, its text kept exactly as its label.

    A row with [Note] right below the paper it names becomes a note on that paper.

    Unknown headings become new categories. Importing again adds only new rows.

    With --resolve, each new paper is then looked up (arXiv first, many a request), one
    failure never stopping the rest; run it again after an interruption to go on.

    Unsure ones stay unresolved with their candidates (at a terminal, you pick).

    If arXiv cannot be reached, the papers stay imported, unresolved: rl resolve --all retries.
    """
    from readinglist import readme_import as core
    from readinglist.markers import read_text

    sections = core.parse_reading_list(read_text(file))
    kb = library(ctx, create=True)  # importing is adding, as rl add does
    new = core.new_headings(kb, sections)
    if new and is_interactive(no_input):
        listed = ", ".join(f"'{h}'" for h in new)
        if not typer.confirm(f"Create new categories for {listed}?", default=True):
            message("Nothing imported.")
            raise typer.Exit(1)
    result = core.import_reading_list(kb, sections, status=status)
    for slug in result.categories_created:
        message(f"New category: {slug}")
    notes = f" and {result.notes_added} note(s)" if result.notes_added else ""
    message(
        f"Imported {len(result.added)} paper(s){notes} from {file}; "
        f"{len(result.existing)} already stored."
    )
    resolved: list[tuple[int, Any]] = []
    failed = 0
    # The new papers, and those of this file a run stopped before (Ctrl-C, arXiv down):
    # running the same command again goes on where it stopped.
    waiting = [i for i in sorted(result.added + result.existing)
               if (p := kb.paper(i)).resolution == "unresolved" and not p.candidates]  # fmt: skip
    if resolve and waiting:
        from readinglist.cli._output import report_results
        from readinglist.cli.resolve import resolve_with_progress

        resolved = resolve_with_progress(kb, waiting, interactive=is_interactive(no_input))
        failed = report_results(resolved, of="imported")["failed"]
    elif resolve:
        message("No papers to resolve.")
    if json_:
        imported: dict[str, Any] = {
            "added": result.added,
            "existing": result.existing,
            "notes_added": result.notes_added,
            "categories_created": result.categories_created,
        }
        if resolve:
            # The new papers as stored after resolving, each with "error" when it failed.
            from readinglist.cli._output import results_json

            imported["papers"] = results_json(kb, resolved)
        print_json(imported)
    if failed:
        message(
            f"The {failed} paper(s) that could not be resolved are imported, unresolved: "
            "nothing is lost. Resolve them later with: rl resolve --all"
        )
        raise typer.Exit(1)
