"""`rl pdf`: attach a PDF to a paper, or download it from arXiv."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readinglist.cli import JsonOpt, OptionalRefArg, library
from readinglist.cli._output import (
    message,
    paper_json,
    print_json,
    report_attached,
    results_json,
    waiting_on,
)
from readinglist.errors import InvalidInput, RLError

if TYPE_CHECKING:
    from readinglist.attach import Attached
    from readinglist.library import Library

PANEL = "PDFs"
app = typer.Typer()


@app.command("pdf")
def pdf_(
    ctx: typer.Context,
    ref: OptionalRefArg = None,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE", help="The PDF to attach.", show_default=False, dir_okay=False
        ),
    ] = None,
    download: Annotated[
        bool, typer.Option("--download", help="Fetch the paper's PDF from arXiv.")
    ] = False,
    all_: Annotated[
        bool,
        typer.Option("--all", help="With --download: every paper with an arXiv id and no PDF."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Attach even a PDF that prints another arXiv id than the paper's."
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Attach a PDF to a paper: FILE, or the arXiv PDF (--download; every paper: --all).

    The PDF is copied into pdfs/ next to the knowledge base, its text is indexed for
    rl search, and it gives the paper an abstract if it has none (an arXiv or hand-written
    abstract stays). Attaching again replaces the paper's PDF.

    Example: rl pdf 12 ~/Downloads/bleu.pdf
    """
    from readinglist import attach as core

    if all_:
        if not download:
            raise InvalidInput("--all downloads PDFs from arXiv: rl pdf --all --download")
        if ref is not None or file is not None:
            raise InvalidInput("--all downloads for every paper: give either REF or --all.")
        download_all(library(ctx), json_=json_)
        return
    if ref is None:
        raise InvalidInput(
            "give a paper and a PDF (rl pdf REF FILE), or fetch it from arXiv "
            "(rl pdf REF --download, or rl pdf --all --download)."
        )
    if download and file is not None:
        raise InvalidInput("give either a FILE or --download, not both.")
    if not download and file is None:
        raise InvalidInput(
            f"give the PDF to attach (rl pdf {ref} FILE), or fetch it from arXiv "
            f"(rl pdf {ref} --download)."
        )
    kb = library(ctx)
    paper = kb.find_paper(ref)
    if file is not None:
        attached = core.attach_pdf(kb, paper.id, file, force=force)
    else:
        with waiting_on(f"Downloading the PDF of #{paper.id} {paper.label}"):
            attached = core.download_pdf(kb, paper.id, force=force)
    report_attached(attached)
    if json_:
        # what the reading limits cut: empty for a paper
        print_json(paper_json(attached.paper) | {"pdf_notes": list(attached.notes)})


def download_all(kb: "Library", *, json_: bool) -> None:
    from readinglist import attach as core
    from readinglist.cli._progress import each_with_progress
    from readinglist.sources.arxiv import ArxivClient

    ids, without_arxiv_id, with_pdf = kb.download_candidates()
    skipped = (
        f"skipped {without_arxiv_id} without an arXiv id and {with_pdf} that already have a PDF"
    )
    if not ids:
        message(f"No PDFs to download ({skipped}).")
        if json_:
            print_json([])
        return
    # One client for the whole run: it spaces its requests apart, and after arXiv proved
    # unreachable it fails the rest at once.
    client = ArxivClient()

    def work(paper_id: int) -> "Attached":
        return core.download_pdf(kb, paper_id, client=client)

    results = each_with_progress(ids, work, label="Downloading PDFs from arXiv")
    failed = [(paper_id, r) for paper_id, r in results if isinstance(r, RLError)]
    for paper_id, problem in failed:
        message(f"#{paper_id}: {problem.message}")
    for paper_id, done in results:
        if not isinstance(done, RLError):
            for note in done.notes:  # what the reading limits cut (a broken file, never a paper)
                message(f"Note: #{paper_id}, {done.shown}: {note}; only the text read is stored.")
    message(
        f"Downloaded {len(results) - len(failed)} PDFs, failed {len(failed)} "
        f"(nothing stored for those); {skipped}."
    )
    if json_:
        shown = results_json(kb, results)
        for row, (_, done) in zip(shown, results, strict=True):
            if not isinstance(done, RLError):
                row["pdf_notes"] = list(done.notes)
        print_json(shown)
    if failed:
        raise typer.Exit(1)
