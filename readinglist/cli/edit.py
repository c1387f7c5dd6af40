"""`rl edit`: change a paper's stored fields."""

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
        int | None, typer.Option(help="Move to this place (1 = first) within its category.")
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
    """Change stored fields of a paper. Only the options you give change."""
    kb = library(ctx)
    paper = kb.find_paper(ref)
    changes = given_fields(
        title=title, label=label, category=cat, year=year, authors=authors,
        venue=venue, url=url, doi=doi, abstract=abstract, arxiv_id=arxiv_id,
    )  # fmt: skip
    if abstract is not None:
        changes["abstract_source"] = "manual"
    if not changes and position is None:
        raise InvalidInput("nothing to change: give at least one option (see rl edit --help).")
    with kb.transaction():
        paper = kb.update_paper(paper.id, changes)
        if position is not None:
            paper = kb.move_paper(paper.id, position)
    if json_:
        print_json(paper_json(paper))
    else:
        message(f"Updated #{paper.id} {paper.label}.")
