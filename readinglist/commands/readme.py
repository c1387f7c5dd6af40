"""The reading list as the user keeps it: import-readme, render, init.

jinja2 and markdown_it are imported inside the commands: `rl --help` and `rl list` load
this module too and must stay fast.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from readinglist.commands.options import JsonOpt, conn, state
from readinglist.commands.resolve import (
    Results,
    is_interactive,
    report_results,
    resolve_with_progress,
    results_json,
)
from readinglist.errors import InvalidInput
from readinglist.output import message, print_json

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

    A row with \\[Note] right below the paper it names becomes a note on that paper.

    Unknown headings become new categories. Importing again adds only new rows.

    With --resolve, each new paper is then looked up on arXiv, one failure never stopping the rest.

    Unsure ones stay unresolved with their candidates (at a terminal, you pick).

    If arXiv cannot be reached, the papers stay imported, unresolved: rl resolve --all retries.
    """
    from readinglist import readme_import as core
    from readinglist.markers import read_text

    sections = core.parse_reading_list(read_text(file))
    db = conn(ctx)
    new = core.new_headings(db, sections)
    if new and is_interactive(no_input):
        listed = ", ".join(f"'{h}'" for h in new)
        if not typer.confirm(f"Create new categories for {listed}?", default=True):
            message("Nothing imported.")
            raise typer.Exit(1)
    result = core.import_reading_list(db, sections, status=status)
    for slug in result.categories_created:
        message(f"New category: {slug}")
    notes = f" and {result.notes_added} note(s)" if result.notes_added else ""
    message(
        f"Imported {len(result.added)} paper(s){notes} from {file}; "
        f"{len(result.existing)} already stored."
    )
    resolved: Results = []
    failed = 0
    if resolve and result.added:
        resolved = resolve_with_progress(db, result.added, interactive=is_interactive(no_input))
        failed = report_results(resolved, of="imported")["failed"]
    elif resolve:
        message("No new papers to resolve.")
    if json_:
        imported: dict[str, Any] = {
            "added": result.added,
            "existing": result.existing,
            "notes_added": result.notes_added,
            "categories_created": result.categories_created,
        }
        if resolve:
            # The new papers as stored after resolving, each with "error" when it failed.
            imported["papers"] = results_json(db, resolved)
        print_json(imported)
    if failed:
        message(
            f"The {failed} paper(s) that could not be resolved are imported, unresolved: "
            "nothing is lost. Resolve them later with: rl resolve --all"
        )
        raise typer.Exit(1)


@app.command()
def render(
    ctx: typer.Context,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            show_default=False,
            help="Template file, or a name looked up in ./templates/ then in rl's defaults "
            "(default: README.md.j2).",
        ),
    ] = None,
    in_place: Annotated[
        Path | None,
        typer.Option(
            "--in-place",
            dir_okay=False,
            help="Replace only the lines between <!-- rl:start --> and <!-- rl:end --> in "
            "this file (written only when it changes).",
        ),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            dir_okay=False,
            help="Exit 1 with a diff when this file is stale (its marked block, or the whole "
            "file when it has no markers).",
        ),
    ] = None,
) -> None:
    """Print your profile README, rendered from the knowledge base.

    Never reads README.md, so `rl render > README.md` is safe.
    """
    from readinglist import markers
    from readinglist import render as core

    if in_place is not None and check is not None:
        raise InvalidInput("use either --in-place or --check, not both.")
    target = in_place or check
    current = markers.read_text(target) if target is not None else None
    text = core.render(conn(ctx), template)
    warning = core.size_warning(text)
    if warning:
        message(f"Warning: {warning}")
    if in_place is not None and current is not None:
        updated = markers.splice(current, text, str(in_place))
        if updated == current:
            message(f"{in_place} is up to date.")
        else:
            markers.replace_file(in_place, updated)
            message(f"Updated {in_place}.")
        return
    if check is not None and current is not None:
        expected = markers.expected_content(current, text, str(check))
        if expected == current:
            message(f"{check} is up to date.")
            return
        _write_stdout(markers.unified_diff(current, expected, str(check)))
        chosen = f" --template {template}" if template else ""
        if markers.has_markers(current):
            how = f"rl render{chosen} --in-place {check}"
        else:
            how = f"rl render{chosen} > {check}"
        message(f"{check} is stale; update it with: {how}")
        raise typer.Exit(1)
    _write_stdout(text)


@app.command()
def init(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite templates already in ./templates/.")
    ] = False,
) -> None:
    """Create the knowledge base and copy rl's default templates into ./templates/ to edit."""
    from readinglist.project import copy_default_templates

    conn(ctx)  # creates data/papers.sqlite (or --db) and says so when it is new
    message(f"Knowledge base: {state(ctx).db_path}")
    for path, copied in copy_default_templates(force=force):
        message(f"Wrote {path}" if copied else f"Kept {path} (exists; --force overwrites it)")


def _write_stdout(text: str) -> None:
    # Bytes, so the output is UTF-8 with \n line ends whatever the platform or locale.
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
