"""`rl import-readme`: bring in the reading list of a Markdown README, in whatever shape it is
kept."""

from pathlib import Path
from typing import Annotated, Any

import typer

from readinglist.cli import JsonOpt, is_interactive, library, state
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
            help="A Markdown file with your reading list, e.g. README.md.",
            show_default=False,
            dir_okay=False,
        ),
    ],
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve",
            help="Then look every newly imported paper up (by its id when the list gives one).",
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
        str,
        typer.Option(
            "--status", "-s", help="Status of papers the list marks neither read nor to read."
        ),
    ] = "read",
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show the groups, their first rows and what is skipped and why; write nothing.",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import the reading list of a Markdown README.

    Lists, checkbox lists, numbered citations, tables with a title column, linked titles on
    their own lines, and the one-column table of your profile README (its header cell and
    bold rows name the groups; each row is kept exactly as its label).

    Groups (headings, bold rows) become categories in their order; links give arXiv ids,
    DOIs and URLs; [x] / [ ], ✅ and sections such as "To read" give the status.

    Badges, tables of contents, blog posts, videos, code and notes are skipped. A row with
    [Note] right below the paper it names becomes a note on that paper.

    Importing again adds only new entries, each in its place. --dry-run shows what would
    happen.

    With --resolve, each new paper is then looked up (arXiv first, many a request), one
    failure never stopping the rest; run it again after an interruption to go on.

    If the sources cannot be reached, the papers stay imported, unresolved: rl resolve --all
    retries.
    """
    from readinglist import readme as core
    from readinglist.markers import read_text

    reading = core.read_readme(read_text(file))
    if dry_run:
        _dry_run(ctx, reading, file, status, json_)
        return
    kb = library(ctx, create=True)  # importing is adding, as rl add does
    new = core.new_headings(kb, reading.sections)
    if new and is_interactive(no_input):
        listed = ", ".join(f"'{h}'" for h in new)
        from readinglist.cli._prompts import confirm

        if not confirm(f"Create new categories for {listed}?", default=True):
            message("Nothing imported.")
            raise typer.Exit(1)
    from readinglist.cli._output import import_json, report_import
    from readinglist.cli._progress import BarAfterASecond

    try:
        with BarAfterASecond("Importing") as bar:
            result = core.import_reading_list(kb, reading.sections, status=status,
                                              progress=bar.update)  # fmt: skip
    except KeyboardInterrupt:
        # The import is one transaction: nothing of it was kept, not even its categories.
        message(f"Interrupted: nothing was imported, no category was made; the knowledge base "
                f"is as it was. Run the same command again to import {file}.")  # fmt: skip
        raise typer.Exit(130) from None
    # Only now, with the import committed, are its new categories there to be named.
    report_import(result, reading, file)
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
        imported = import_json(result, reading)
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


def _dry_run(ctx: typer.Context, reading: Any, file: Path, status: str, json_: bool) -> None:
    """Work the import out against the knowledge base (or, when there is none yet, a new
    one made aside) and undo it."""
    import tempfile

    from readinglist import readme as core
    from readinglist.cli._output import import_json, print_import_plan
    from readinglist.library import open_library

    db_path = state(ctx).path()
    with tempfile.TemporaryDirectory(prefix="rl-dry-run-") as folder:
        kb = library(ctx) if db_path.exists() else open_library(Path(folder) / "new.sqlite")
        try:
            result = core.import_reading_list(kb, reading.sections, status=status, dry_run=True)
        finally:
            if not db_path.exists():
                kb.close()
    if json_:
        print_json(import_json(result, reading))
    else:
        print_import_plan(result, reading, file)
