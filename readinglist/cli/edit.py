"""`rl edit`: change a paper's stored fields."""

import sys
from typing import Annotated

import typer

from readinglist.cli import (
    AuthorsOpt,
    CatOpt,
    DoiOpt,
    JsonOpt,
    LabelOpt,
    RefArg,
    UrlOpt,
    VenueOpt,
    YearOpt,
    given_fields,
    library,
)
from readinglist.cli._output import message, paper_json, print_json
from readinglist.errors import InvalidInput

PANEL = "Papers"
app = typer.Typer()


@app.command()
def edit(
    ctx: typer.Context,
    ref: RefArg,
    title: Annotated[str | None, typer.Option(help="Canonical title.")] = None,
    label: LabelOpt = None,
    cat: CatOpt = None,
    position: Annotated[
        int | None,
        typer.Option(min=1, help="Move to this place (1 = first) within its category."),
    ] = None,
    year: YearOpt = None,
    authors: AuthorsOpt = None,
    venue: VenueOpt = None,
    url: UrlOpt = None,
    doi: DoiOpt = None,
    abstract: Annotated[str | None, typer.Option(help="Abstract text (source: manual).")] = None,
    arxiv_id: Annotated[str | None, typer.Option("--arxiv-id", help="arXiv id.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Change stored fields of a paper. Only the options you give change.

    With no options, $EDITOR opens on the paper's fields (papis edit, git commit); without a
    terminal, the fields are read from standard input: echo "year: 2015" | rl edit REF.
    """
    kb = library(ctx)
    paper = kb.find_paper(ref)
    changes = given_fields(
        title=title, label=label, category=cat, year=year, authors=authors,
        venue=venue, url=url, doi=doi, abstract=abstract, arxiv_id=arxiv_id,
    )  # fmt: skip
    if not changes and position is None:
        from readinglist.cli._editor import changed_fields, edit_text, fields_text

        in_editor = sys.stdin.isatty()
        if in_editor:
            written = edit_text(fields_text(paper), ".txt", instead=f"rl edit {ref} --year ...")
        else:
            written = sys.stdin.read()
        try:
            changes = changed_fields(paper, written)
        except InvalidInput as e:
            if in_editor:
                e.message += _kept(written, paper.id)
            raise
        if not changes:
            message(f"Nothing changed in #{paper.id} {paper.label}.")
            if json_:
                print_json(paper_json(paper))
            return
    if changes.get("abstract") is not None:
        changes["abstract_source"] = "manual"
    with kb.transaction():
        paper = kb.update_paper(paper.id, changes)
        if position is not None:
            paper = kb.move_paper(paper.id, position)
    if json_:
        print_json(paper_json(paper))
    else:
        message(f"Updated #{paper.id} {paper.label}.")


def _kept(written: str, paper_id: int) -> str:
    """Keep what the user wrote in their editor, so that a mistake costs them nothing (the
    message tells them where it is and how to apply it once fixed)."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f"rl-edit-{paper_id}-", suffix=".txt")
    with open(handle, "w", encoding="utf-8") as out:
        out.write(written)
    return f" What you wrote is kept in {name}: fix it there, then: rl edit {paper_id} < {name}"
