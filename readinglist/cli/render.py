"""`rl render`: the README, rendered from the knowledge base."""

from pathlib import Path
from typing import Annotated

import typer

from readinglist.cli import library
from readinglist.cli._output import message, write_text
from readinglist.errors import InvalidInput

PANEL = "Your README"
app = typer.Typer()


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
            "(default: README.md.j2; for the block between markers, reading-list.md.j2).",
        ),
    ] = None,
    in_place: Annotated[
        Path | None,
        typer.Option(
            "--in-place",
            metavar="FILE",
            dir_okay=False,
            help="Replace only the lines between <!-- rl:start --> and <!-- rl:end --> in "
            "this file (written only when it changes).",
        ),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            metavar="FILE",
            dir_okay=False,
            help="Exit 1 with a diff when this file is stale (its marked block, or the whole "
            "file when it has no markers).",
        ),
    ] = None,
) -> None:
    """Print your profile README, rendered from the knowledge base.

    Never reads README.md, so `rl render > README.md` is safe.

    With --in-place (or --check on a file with markers) only the reading list is rendered
    (reading-list.md.j2), between the markers of your own page.
    """
    from readinglist import markers
    from readinglist import render as core
    from readinglist.files import replace_file

    if in_place is not None and check is not None:
        raise InvalidInput("use either --in-place or --check, not both.")
    target = in_place or check
    current = markers.read_text(target) if target is not None else None
    chosen = template
    if chosen is None and current is not None and markers.has_markers(current):
        # Between the markers of the user's own page goes the list, not a whole profile.
        chosen = core.BLOCK_TEMPLATE
    text = core.render(library(ctx), chosen)
    warning = core.size_warning(text)
    if warning:
        message(f"Warning: {warning}")
    if in_place is not None and current is not None:
        updated = markers.splice(current, text, str(in_place))
        if updated == current:
            message(f"{in_place} is up to date.")
        else:
            replace_file(in_place, updated)
            message(f"Updated {in_place}.")
        return
    if check is not None and current is not None:
        expected = markers.expected_content(current, text, str(check))
        if expected == current:
            message(f"{check} is up to date.")
            return
        write_text(markers.unified_diff(current, expected, str(check)))
        given = f" --template {template}" if template else ""
        if markers.has_markers(current):
            how = f"rl render{given} --in-place {check}"
        else:
            how = f"rl render{given} > {check}"
        message(f"{check} is stale; update it with: {how}")
        raise typer.Exit(1)
    write_text(text)
