"""`rl extract`: what a PDF says about itself (nothing is stored). readinglist.pdf imports
pymupdf inside its functions, and this module imports readinglist.pdf inside the command,
so that no other command pays for it."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.cli import JsonOpt
from readinglist.cli._output import error, message, print_json, visible
from readinglist.errors import InvalidInput, NotFound, RLError

if TYPE_CHECKING:
    from readinglist.pdf import PdfExtract

PANEL = "PDFs"
app = typer.Typer()


@app.command()
def extract(
    path: Annotated[
        Path,
        typer.Argument(metavar="PATH", help="A PDF file, or a folder of PDFs.", show_default=False),
    ],
    json_: JsonOpt = False,
) -> None:
    """Show the title, authors, abstract (and its language), arXiv id and page count a PDF
    gives; store nothing.

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
        _print_notes(path, got)
        return

    from readinglist.cli._progress import each_with_progress

    files = sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".pdf"),
                   key=lambda p: p.name)  # fmt: skip
    if not files:
        raise InvalidInput(f"no PDF files in {path}.")
    results = each_with_progress(
        files,
        lambda f: extract_pdf(f, full_text=False),
        label="Reading PDFs",
        name=lambda f: f.name,
    )
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
    for file, r in results:
        if not isinstance(r, RLError):
            _print_notes(file, r)
    for _, problem in failed:
        error(problem.message)
    if failed:
        raise RLError(f"{len(failed)} of {len(files)} PDFs could not be read (see above).")


def _print_extract(name: str, got: "PdfExtract") -> None:
    # A PDF's text is anyone's: its control characters are shown, not obeyed.
    print(visible(f"== {name}"))
    print(visible(f"title:    {got.title or '(none found)'}"))
    print(visible(f"authors:  {', '.join(got.authors) or '(none found)'}"))
    print(f"arXiv:    {got.arxiv_id or '(none)'}")
    print(f"pages:    {got.pages}")
    print(f"language: {got.language or '(unsure)' if got.abstract else '(no abstract)'}")
    print(visible(f"abstract: {got.abstract or 'no abstract found'}"))
    if got.abstract_other:
        other = f"abstract in another language ({got.language_other}): {got.abstract_other}"
        print(visible(other))
    print()


def _print_notes(path: Path, got: "PdfExtract") -> None:
    """What the reading limits cut, on stderr (a broken or hostile file, never a paper)."""
    for note in got.notes:
        message(f"Note: {path}: {note}.")
