"""`rl cat ...`: the user's categories (slug, heading, order)."""

from typing import Annotated

import typer

from readinglist.cli import JsonOpt, YesOpt, complete_category, library
from readinglist.cli._output import data, message, print_json, stdout_console

PANEL = "Knowledge base"
app = typer.Typer(help="List and change categories: the groups of your reading list.")

SlugArg = Annotated[
    str,
    typer.Argument(
        metavar="REF",
        help="Category slug or heading.",
        show_default=False,
        autocompletion=complete_category,
    ),
]


@app.command("list")
def list_(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Categories in display order, with how many papers each holds."""
    cats = library(ctx).categories()
    if json_:
        print_json([{"slug": c.slug, "heading": c.heading, "position": c.position,
                     "papers": c.papers} for c in cats])  # fmt: skip
        return
    from rich.table import Table

    table = Table()
    for col in ("#", "slug", "heading", "papers"):
        table.add_column(col, justify="right" if col in ("#", "papers") else "left")
    for i, c in enumerate(cats, 1):
        table.add_row(str(i), data(c.slug), data(c.heading), str(c.papers))
    stdout_console().print(table)


@app.command()
def add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="Short name, e.g. 'vision'.")],
    heading: Annotated[
        str | None,
        typer.Argument(metavar="HEADING", help="Heading shown in the README [default: SLUG]."),
    ] = None,
    position: Annotated[
        int | None, typer.Option(min=1, help="Place in the order, 1 = first [default: last].")
    ] = None,
) -> None:
    """Create a category."""
    cat = library(ctx).add_category(slug, heading, position)
    message(f"Added category {cat.slug} '{cat.heading}'.")


@app.command()
def rename(
    ctx: typer.Context,
    ref: SlugArg,
    heading: Annotated[str | None, typer.Argument(metavar="HEADING", help="New heading.")] = None,
    slug: Annotated[str | None, typer.Option(help="New slug; its papers follow.")] = None,
) -> None:
    """Change a category's heading (and, with --slug, its slug)."""
    cat = library(ctx).rename_category(ref, heading=heading, slug=slug)
    message(f"Category {cat.slug} is now '{cat.heading}'.")


@app.command()
def move(
    ctx: typer.Context,
    ref: SlugArg,
    position: Annotated[
        int,
        typer.Argument(metavar="POSITION", min=1, help="New place in the order, 1 = first."),
    ],
) -> None:
    """Move a category to another place in the order."""
    cats = library(ctx).move_category(ref, position)
    message("Order: " + ", ".join(c.slug for c in cats))


@app.command()
def rm(
    ctx: typer.Context,
    ref: SlugArg,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Move its papers to this category first.",
            autocompletion=complete_category,
        ),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """Delete a category. One that holds papers needs --to OTHER."""
    kb = library(ctx)
    cat = kb.category(ref)
    # Only an empty category can go without --to: remove_category says so before we ask.
    ask = to is None and not yes and cat.papers == 0
    if ask:
        from readinglist.cli._prompts import confirm_deletion

        confirm_deletion(f"Delete category {cat.slug}?")
    moved = kb.remove_category(ref, to=to)
    suffix = f"; {moved} paper(s) moved to {to}" if moved else ""
    message(f"Deleted category {cat.slug}{suffix}.")
