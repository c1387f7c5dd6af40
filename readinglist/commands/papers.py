"""Everyday commands on papers: add, list, show, edit, rm, note, status, stats."""

from pathlib import Path
from typing import Annotated

import typer

from readinglist import papers as core
from readinglist.categories import get_category, list_categories
from readinglist.commands.options import CatOpt, JsonOpt, RefArg, StatusOpt, YesOpt, conn
from readinglist.commands.resolve import NoInputOpt, chooser, report
from readinglist.errors import InvalidInput
from readinglist.identifiers import parse_arxiv_id
from readinglist.output import (
    message,
    paper_json,
    print_json,
    print_paper,
    print_paper_list,
)

app = typer.Typer()

LabelOpt = Annotated[
    str | None,
    typer.Option(help="The text as it appears in your table, e.g. '(2015)A Neural ...'."),
]
YearOpt = Annotated[int | None, typer.Option(help="Publication year.")]
AuthorsOpt = Annotated[str | None, typer.Option(help="Authors in order: 'A. One, B. Two'.")]
VenueOpt = Annotated[str | None, typer.Option(help="Venue or journal reference.")]
UrlOpt = Annotated[str | None, typer.Option(help="Where the paper lives on the web.")]
DoiOpt = Annotated[str | None, typer.Option(help="DOI, e.g. 10.3115/1073083.1073135.")]


def _fields(**values: object) -> dict[str, object]:
    """Options the user actually gave, renamed to paper fields."""
    fields = {k: v for k, v in values.items() if v is not None}
    if isinstance(fields.get("authors"), str):
        fields["authors"] = core.parse_authors(str(fields["authors"]))
    return fields


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[
        str,
        typer.Argument(
            metavar="TITLE",
            help="Paper title, arXiv id (any form), arxiv.org URL, or a PDF file of the paper.",
        ),
    ],
    cat: Annotated[str, typer.Option("--cat", "-c", help="Category slug or heading.")],
    label: LabelOpt = None,
    status: Annotated[
        str, typer.Option("--status", "-s", help="to-read, reading or read.")
    ] = "read",
    note: Annotated[str | None, typer.Option(help="A first note (Markdown).")] = None,
    year: YearOpt = None,
    authors: AuthorsOpt = None,
    venue: VenueOpt = None,
    url: UrlOpt = None,
    doi: DoiOpt = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Store exactly what is given; do not look it up.")
    ] = False,
    no_input: NoInputOpt = False,
    force: Annotated[
        bool, typer.Option("--force", help="Add even if it looks like a stored paper.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Add a paper to CATEGORY: by title, arXiv id or URL, or from its PDF (FILE.pdf).

    The paper is looked up on arXiv and stored with its metadata; what you typed is its label.

    When unsure, rl asks (in a terminal) or stores it unresolved with the candidates. Given a
    PDF file, rl looks up the arXiv id or the title it prints, keeps what the PDF says when
    arXiv has no match, and attaches the PDF (see rl pdf).

    Example: rl add "Attention Is All You Need" --cat other
    """
    db = conn(ctx)
    fields = _fields(
        title=title, label=label, category=cat, status=status, year=year,
        authors=authors, venue=venue, url=url, doi=doi,
    )  # fmt: skip
    if not title.strip():
        raise InvalidInput("the title is empty.")
    pdf = _pdf_argument(title)
    outcome = None  # what resolving did; None when nothing was looked up (--offline)
    if pdf is not None:
        from readinglist.attach import add_from_pdf

        del fields["title"]
        added = add_from_pdf(
            db, pdf, fields, choose=chooser(no_input), force=force, offline=offline
        )
        paper_id = added.outcome.paper["id"]
        outcome = None if offline else added.outcome
    elif offline:
        fields["resolution"] = "manual"
        paper_id = core.add_paper(db, fields, force=force)
    else:
        from readinglist.resolution import add_resolved

        del fields["title"]
        outcome = add_resolved(db, title, fields, choose=chooser(no_input), force=force)
        paper_id = outcome.paper["id"]
    if note:
        core.add_note(db, paper_id, note)
    paper = core.get_paper(db, paper_id)
    if outcome is None:
        source = " from its PDF" if pdf is not None else ""
        message(f"Added #{paper_id} {paper['label']} to {paper['category']}{source}.")
    else:
        report(outcome, added=True)
    if pdf is not None:
        from readinglist.commands.pdf import report_attached

        report_attached(added.attached)
    if json_:
        print_json(paper_json(paper))


def _pdf_argument(text: str) -> Path | None:
    """The PDF file `rl add` was given instead of a title: an existing .pdf file, or a .pdf
    name that is not an arXiv id (1706.03762.pdf is one, unless such a file exists)."""
    if not text.strip().lower().endswith(".pdf"):
        return None
    path = Path(text).expanduser()
    if path.is_file() or parse_arxiv_id(text) is None:
        return path
    return None


@app.command("list")
def list_(
    ctx: typer.Context, cat: CatOpt = None, status: StatusOpt = None, json_: JsonOpt = False
) -> None:
    """List papers grouped by category, in your order."""
    db = conn(ctx)
    found = core.list_papers(db, category=cat, status=status)
    if json_:
        print_json([paper_json(p) for p in found])
    else:
        print_paper_list(found, list_categories(db))


@app.command()
def show(ctx: typer.Context, ref: RefArg, json_: JsonOpt = False) -> None:
    """Show everything stored about a paper, with its notes."""
    db = conn(ctx)
    paper = core.find_paper(db, ref)
    if json_:
        print_json(paper_json(paper))
    else:
        print_paper(paper, get_category(db, paper["category"])["heading"])


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
    db = conn(ctx)
    paper = core.find_paper(db, ref)
    changes = _fields(
        title=title, label=label, category=cat, year=year, authors=authors,
        venue=venue, url=url, doi=doi, abstract=abstract, arxiv_id=arxiv_id,
    )  # fmt: skip
    if abstract is not None:
        changes["abstract_source"] = "manual"
    if not changes and position is None:
        raise InvalidInput("nothing to change: give at least one option (see rl edit --help).")
    paper = core.update_paper(db, paper["id"], changes)
    if position is not None:
        paper = core.move_paper(db, paper["id"], position)
    if json_:
        print_json(paper_json(paper))
    else:
        message(f"Updated #{paper['id']} {paper['label']}.")


@app.command()
def rm(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Delete a paper and its notes (asks first)."""
    db = conn(ctx)
    paper = core.find_paper(db, ref)
    if not yes and not typer.confirm(f"Delete #{paper['id']} {paper['label']}?"):
        message("Nothing deleted.")
        raise typer.Exit(1)
    core.delete_paper(db, paper["id"])
    message(f"Deleted #{paper['id']} {paper['label']}.")


@app.command()
def note(
    ctx: typer.Context,
    ref: RefArg,
    text: Annotated[
        str | None, typer.Argument(metavar="TEXT", help="Markdown text; without it, $EDITOR opens.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Add a timestamped note (Markdown) to a paper."""
    db = conn(ctx)
    paper = core.find_paper(db, ref)
    if text is None:
        from readinglist.editor import edit_text

        written = edit_text(
            f"\n# Note on: {paper['title']}\n# Lines starting with '# ' are dropped.\n"
        )
        text = "\n".join(ln for ln in written.splitlines() if not ln.startswith("# "))
    saved = core.add_note(db, paper["id"], text or "")
    if json_:
        print_json(saved)
    else:
        message(f"Noted on #{paper['id']} {paper['label']}.")


@app.command()
def status(
    ctx: typer.Context,
    ref: RefArg,
    new_status: Annotated[str, typer.Argument(metavar="STATUS", help="read, reading or to-read.")],
    json_: JsonOpt = False,
) -> None:
    """Set a paper's reading status (read records when)."""
    db = conn(ctx)
    paper = core.find_paper(db, ref)
    paper = core.set_status(db, paper["id"], new_status)
    if json_:
        print_json(paper_json(paper))
    else:
        message(f"#{paper['id']} {paper['label']}: {paper['status']}.")


@app.command()
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Counts by category, status and resolution."""
    db = conn(ctx)
    figures = core.stats(db)
    if json_:
        print_json(figures)
        return
    from rich.table import Table

    from readinglist.output import stdout_console

    headings = {c["slug"]: c["heading"] for c in list_categories(db)}
    table = Table(
        title=f"{figures['papers']} papers, {figures['notes']} notes", title_justify="left"
    )
    table.add_column("")
    table.add_column("papers", justify="right")
    for slug, n in figures["by_category"].items():
        table.add_row(headings[slug], str(n))
    table.add_section()
    for name in ("by_status", "by_resolution"):
        for key, n in figures[name].items():
            table.add_row(key, str(n))
    table.add_section()
    table.add_row("with abstract", str(figures["with_abstract"]))
    table.add_row("with arXiv id", str(figures["with_arxiv_id"]))
    table.add_row("with PDF", str(figures["with_pdf"]))
    stdout_console().print(table)
