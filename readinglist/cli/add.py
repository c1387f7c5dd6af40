"""`rl add`: add a paper by title, identifier or PDF."""

from pathlib import Path
from typing import Annotated

import typer

from readinglist.cli import (
    AuthorsOpt,
    DoiOpt,
    JsonOpt,
    LabelOpt,
    NoInputOpt,
    UrlOpt,
    VenueOpt,
    YearOpt,
    chooser,
    complete_category,
    complete_status,
    library,
    parse_authors,
)
from readinglist.cli._output import message, paper_json, print_json, report, waiting_on
from readinglist.errors import InvalidInput

PANEL = "Papers"
app = typer.Typer()


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
    cat: Annotated[
        str | None,
        typer.Option(
            "--cat",
            "-c",
            help="Category slug or heading (default: your rl config category, else other).",
            autocompletion=complete_category,
        ),
    ] = None,
    label: LabelOpt = None,
    status: Annotated[
        str,
        typer.Option(
            "--status", "-s", help="to-read, reading or read.", autocompletion=complete_status
        ),
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
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="NAME",
            help="Ask only this source: arxiv, s2 (Semantic Scholar), crossref or dblp "
            "(default: each in turn, as RL_SOURCES lists them).",
        ),
    ] = None,
    load: Annotated[
        Path | None,
        typer.Option(
            "--load",
            metavar="FILE.json",
            dir_okay=False,
            help="Match against the records in this JSON file instead of asking the sources: "
            'a list of objects with "title" and any of "authors", "year", "arxiv_id", "doi", '
            '"venue", "abstract", "url".',
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add even if it looks like a stored paper.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Add a paper: by title, arXiv id or URL, or from its PDF (FILE.pdf).

    The paper is looked up on arXiv, then Semantic Scholar, Crossref and dblp until one has
    it, and stored with its metadata, labelled with its own title (after a prefix such as
    "(2017)" you typed); --label sets a label as written (Markdown). TITLE may also be a DOI
    (10.18653/v1/D19-1511, a doi.org URL) or an ACL Anthology id or URL (P02-1040).

    When unsure, rl asks (in a terminal) or stores it unresolved with the candidates. Given a
    PDF file, rl looks up the arXiv id or the title it prints, keeps what the PDF says when
    arXiv has no match, and attaches the PDF (see rl pdf).

    Example: rl add "Attention Is All You Need" --cat other
    """
    from readinglist import adding

    if load is not None and offline:
        raise InvalidInput("--load gives records to match, --offline asks for none: not both.")
    if load is not None and source is not None:
        raise InvalidInput("--load gives the records to match: it takes no --source.")
    if cat is None:
        from readinglist.config import read_config

        cat = read_config().get("category") or "other"
        message(f"No --cat given: adding to {cat} (set your default: rl config category SLUG).")
    kb = library(ctx, create=True)
    sources = None
    if source is not None:
        from readinglist.sources import make_sources

        sources = make_sources([source])
    if load is not None:
        from readinglist.sources.recorded import recorded_sources

        sources = recorded_sources(load)
    fields = {
        "label": label,
        "category": cat,
        "status": status,
        "year": year,
        "venue": venue,
        "url": url,
        "doi": doi,
        "authors": parse_authors(authors) if authors else None,
    }
    choose = None if no_input else chooser(no_input)  # --no-input: nobody is asked
    pdf = _pdf_argument(title)
    with waiting_on(f"Reading {pdf.name}" if pdf else f"Looking up {title}"):
        if pdf is not None:
            outcome = adding.add_pdf(kb, pdf, fields, note=note, offline=offline, force=force,
                                     sources=sources, choose=choose)  # fmt: skip
        else:
            outcome = adding.add(kb, title, fields, note=note, offline=offline, force=force,
                                 sources=sources, choose=choose)  # fmt: skip
    report(outcome, added=True)
    if json_:
        shown = paper_json(outcome.paper)
        if outcome.attached is not None:  # what the reading limits cut: empty for a paper
            shown["pdf_notes"] = list(outcome.attached.notes)
        print_json(shown)


def _pdf_argument(text: str) -> Path | None:
    """The PDF file `rl add` was given instead of a title: an existing .pdf file, or a .pdf
    name that is not an arXiv id (1706.03762.pdf is one, unless such a file exists)."""
    from readinglist.identifiers import parse_arxiv_id

    if not text.strip().lower().endswith(".pdf"):
        return None
    path = Path(text).expanduser()
    if path.is_file() or parse_arxiv_id(text) is None:
        return path
    return None
