"""Commands that read PDFs: extract, and pdf (attach a PDF to a paper, or download it).

readinglist.pdf imports pymupdf (0.4-0.8 s) inside its functions, and this module imports
readinglist.pdf and readinglist.attach inside the commands, so that no other command pays.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.commands.options import JsonOpt, OptionalRefArg, conn
from readinglist.errors import InvalidInput, NotFound, RLError
from readinglist.output import error, message, paper_json, print_json, stderr_console

if TYPE_CHECKING:
    from readinglist.attach import Attached
    from readinglist.pdf import PdfExtract

app = typer.Typer()


def pdf_files(folder: Path) -> list[Path]:
    """The PDFs directly inside `folder`, by name."""
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf"),
        key=lambda p: p.name,
    )


@app.command()
def extract(
    path: Annotated[
        Path,
        typer.Argument(metavar="PATH", help="A PDF file, or a folder of PDFs.", show_default=False),
    ],
    json_: JsonOpt = False,
) -> None:
    """Show the title, authors, abstract, arXiv id and page count a PDF gives; store nothing.

    Example: rl extract paper.pdf --json
    """
    from readinglist.pdf import extract_pdf

    if not path.exists():
        raise NotFound(f"no such file or folder: {path}")
    if not path.is_dir():
        got = extract_pdf(path, full_text=False)
        if json_:
            print_json(got.as_json())
        else:
            _print_extract(path.name, got)
        return

    files = pdf_files(path)
    if not files:
        raise InvalidInput(f"no PDF files in {path}.")
    results: list[tuple[Path, PdfExtract | RLError]] = []
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("Reading PDFs"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=stderr_console(),
    ) as progress:
        task = progress.add_task("", total=len(files))
        for file in files:
            progress.update(task, description=file.name)
            try:
                results.append((file, extract_pdf(file, full_text=False)))
            except RLError as e:  # one bad file must not stop the rest
                results.append((file, e))
            progress.advance(task)
        progress.update(task, description="")

    failed = [(file, r) for file, r in results if isinstance(r, RLError)]
    if json_:
        rows: list[dict[str, Any]] = []
        for file, r in results:
            if isinstance(r, RLError):
                rows.append({"file": file.name, "error": r.message})
            else:
                rows.append({"file": file.name} | r.as_json())
        print_json(rows)
    else:
        for file, r in results:
            if not isinstance(r, RLError):
                _print_extract(file.name, r)
    for _, problem in failed:
        error(problem.message)
    if failed:
        raise RLError(f"{len(failed)} of {len(files)} PDFs could not be read (see above).")


def _print_extract(name: str, got: "PdfExtract") -> None:
    print(f"== {name}")
    print(f"title:    {got.title or '(none found)'}")
    print(f"authors:  {', '.join(got.authors) or '(none found)'}")
    print(f"arXiv:    {got.arxiv_id or '(none)'}")
    print(f"pages:    {got.pages}")
    print(f"abstract: {got.abstract or 'no abstract found'}")
    print()


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
    from readinglist.papers import find_paper

    if all_:
        if not download:
            raise InvalidInput("--all downloads PDFs from arXiv: rl pdf --all --download")
        if ref is not None or file is not None:
            raise InvalidInput("--all downloads for every paper: give either REF or --all.")
        download_all(ctx, json_=json_)
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
    db = conn(ctx)
    paper = find_paper(db, ref)
    if file is not None:
        attached = core.attach_pdf(db, paper["id"], file, force=force)
    else:
        attached = core.download_pdf(db, paper["id"], force=force)
    report_attached(attached)
    if json_:
        print_json(paper_json(attached.paper))


def download_all(ctx: typer.Context, *, json_: bool) -> None:
    from rich.progress import Progress

    from readinglist import attach as core
    from readinglist.papers import get_paper

    db = conn(ctx)
    plan = core.plan_downloads(db)
    skipped = (
        f"skipped {plan.without_arxiv_id} without an arXiv id and {plan.with_pdf} that "
        "already have a PDF"
    )
    if not plan.paper_ids:
        message(f"No PDFs to download ({skipped}).")
        if json_:
            print_json([])
        return
    results: list[tuple[int, Attached | RLError]] = []
    with Progress(console=stderr_console()) as progress:
        task = progress.add_task("Downloading PDFs from arXiv", total=len(plan.paper_ids))
        for paper_id, result in core.download_each(db, plan.paper_ids):
            results.append((paper_id, result))
            progress.advance(task)
    failed = [(paper_id, r) for paper_id, r in results if isinstance(r, RLError)]
    for paper_id, problem in failed:
        message(f"#{paper_id}: {problem.message}")
    message(
        f"Downloaded {len(results) - len(failed)} PDFs, failed {len(failed)} "
        f"(nothing stored for those); {skipped}."
    )
    if json_:
        rows = []
        for paper_id, r in results:
            if isinstance(r, RLError):
                rows.append(paper_json(get_paper(db, paper_id)) | {"error": r.message})
            else:
                rows.append(paper_json(r.paper))
        print_json(rows)
    if failed:
        raise typer.Exit(1)


def report_attached(attached: "Attached") -> None:
    """Tell the user, on stderr, where the PDF went and what it gave the paper."""
    paper = attached.paper
    verb = "Replaced the PDF of" if attached.replaced else "Attached a PDF to"
    lines = [f"{verb} #{paper['id']} {paper['label']}: {_shown(attached.path)} "
             f"({attached.pages} page{'s' if attached.pages != 1 else ''})."]  # fmt: skip
    if attached.abstract_from_pdf:
        lines.append("Its abstract comes from the PDF.")
    elif not paper["abstract"]:
        lines.append("No abstract found in the PDF; add one with: "
                     f'rl edit {paper["id"]} --abstract "..."')  # fmt: skip
    message("\n".join(lines))


def _shown(path: Path) -> str:
    """`path` relative to the current folder when it is below it (data/pdfs/...)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
