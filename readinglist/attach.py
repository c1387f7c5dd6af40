"""Attaching PDFs to papers: the files in `pdfs/`, and what the Library records of them.

An attached PDF's full text goes to the `pdf_texts` table, where `rl search` finds it.

An attached PDF is copied into the `pdfs/` folder next to the knowledge base file, named by
the paper's arXiv id (`1706.03762.pdf`, `hep-th_9901001.pdf`) or, without one, its id
(`paper-12.pdf`); `papers.pdf_path` holds that name relative to the knowledge base's folder
(`pdfs/1706.03762.pdf`), so the folder can move as a whole. The PDF gives a paper without an
abstract its abstract (source 'pdf'); an arXiv or hand-written abstract is never replaced.

Reading PDFs is readinglist.pdf's job and fetching them sources.arxiv's; adding a paper from
its PDF is readinglist.adding's, which calls `attach` inside its transaction. A PDF that
cannot be read stores nothing; a file is put in place only by renaming a finished
copy, so a failure never leaves half a file, and another paper's file is never overwritten.

An unfinished copy is `pdfs/.incoming-PID-XXXXXXXX.pdf.part`, PID being the process that
writes it. A process killed while writing one (kill -9, a power cut) leaves it behind: the
next process that puts a PDF in the folder removes those whose writer is gone, and `rl doctor`
reports them (`leftover_files`). A copy another rl process is still writing is never taken.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.errors import InvalidInput, RLError, UnreadablePdf

if TYPE_CHECKING:
    from readinglist.library import Library, Paper
    from readinglist.pdf import PdfExtract
    from readinglist.sources.arxiv import ArxivClient

PDF_FOLDER = "pdfs"
_INCOMING_PREFIX, _INCOMING_SUFFIX = ".incoming-", ".pdf.part"
_INCOMING_WRITER = re.compile(r"\.incoming-(\d+)-")
# An unfinished copy is left over when its writer is gone. A name without a writer (made by rl
# before names carried one) counts as left over after 10 minutes: no copy takes that long (a
# download is fetched before its file is made; reading a PDF takes seconds). One whose writer
# seems to run counts after a day, in case that process id now belongs to another program.
_LEFTOVER_UNKNOWN_WRITER_SECONDS = 10 * 60
_LEFTOVER_LIVE_WRITER_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class PdfFile:
    """A PDF read and ready to attach."""

    path: Path  # the user's file, or our own staged copy of a download
    shown: str  # how messages name it
    extract: PdfExtract
    staged: bool = False  # `path` is our temporary file in the pdfs folder: moved, not copied


@dataclass(frozen=True)
class Attached:
    paper: Paper  # as stored now
    path: Path  # where the PDF is now
    pages: int
    abstract_from_pdf: bool  # the paper's abstract is now the one this PDF gave
    replaced: bool  # the paper had a PDF before this one
    shown: str = ""  # how messages name the PDF (the user's file, or the arXiv PDF)
    # What the reading limits cut (PdfExtract.notes): the text stored is what was read.
    notes: tuple[str, ...] = ()


def pdf_folder(library: Library) -> Path:
    """The `pdfs/` folder next to the knowledge base file (it may not exist yet)."""
    return library.folder / PDF_FOLDER


def pdf_file(library: Library, paper: Paper) -> Path | None:
    """Where a paper's attached PDF is, or None."""
    return library.folder / paper.pdf_path if paper.pdf_path else None


def read_pdf(path: Path) -> PdfFile:
    """Read a PDF the user gave (title, abstract, full text). Raises UnreadablePdf."""
    from readinglist.pdf import extract_pdf

    return PdfFile(path, str(path), extract_pdf(path, full_text=True))


def attach_pdf(library: Library, paper_id: int, source: Path, *, force: bool = False) -> Attached:
    """Attach the PDF file `source` to a stored paper (the file itself is left as it is).

    Refuses a PDF that prints another arXiv id than the paper's, unless `force`."""
    paper = library.paper(paper_id)
    return attach(library, paper, read_pdf(source), force=force)


def download_pdf(
    library: Library, paper_id: int, *, client: ArxivClient | None = None, force: bool = False
) -> Attached:
    """Fetch a paper's PDF from arXiv (the version its metadata came from) and attach it.

    Pass one client for a whole run: it spaces its requests apart."""
    from readinglist.pdf import extract_pdf
    from readinglist.sources.arxiv import ArxivClient

    paper = library.paper(paper_id)
    if not paper.arxiv_id:
        raise InvalidInput(
            f"#{paper.id} '{paper.label}' has no arXiv id, so there is no arXiv PDF to "
            f"download. Attach a file instead (rl pdf {paper.id} FILE), or give its arXiv "
            f"id first (rl resolve {paper.id} --arxiv ID)."
        )
    version = f"v{paper.version}" if paper.version else ""
    data = (client or ArxivClient()).fetch_pdf(paper.arxiv_id + version)
    name = f"the PDF of arXiv {paper.arxiv_id}{version}"
    staged = _staged_file(_make_folder(library))
    try:
        staged.write_bytes(data)
        try:
            extract = extract_pdf(staged, full_text=True)
        except UnreadablePdf as e:
            raise UnreadablePdf(e.message.replace(str(staged), name)) from None
        return attach(library, paper, PdfFile(staged, name, extract, staged=True), force=force)
    finally:
        staged.unlink(missing_ok=True)


def attach(library: Library, paper: Paper, pdf: PdfFile, *, force: bool) -> Attached:
    """Put the PDF in the pdfs folder for `paper` and record it, with its text and (when the
    paper has none, or one an earlier PDF gave) its abstract. Joins the caller's transaction:
    if the transaction fails, the file is not left behind."""
    printed = pdf.extract.arxiv_id
    if not force and printed and paper.arxiv_id and printed != paper.arxiv_id:
        raise InvalidInput(
            f"{pdf.shown} is arXiv {printed}, but #{paper.id} '{paper.label}' is arXiv "
            f"{paper.arxiv_id}: is it the right PDF? Nothing was stored. Attach it anyway "
            "with --force."
        )
    folder = _make_folder(library)
    target = _target_name(library, folder, paper)
    dest = folder / target
    relative = f"{PDF_FOLDER}/{target}"
    # A missing abstract is filled, and one an earlier PDF gave is replaced; one from a
    # source or written by hand stays.
    abstract = pdf.extract.abstract
    if abstract and paper.abstract and paper.abstract_source != "pdf":
        abstract = None
    copy = pdf.path if pdf.staged else _staged_file(folder)
    existed = dest.exists()
    try:
        if not pdf.staged:
            _copy(pdf.path, copy, pdf.shown)
        with library.transaction():
            stored = library.record_pdf(
                paper.id, relative, pdf.extract.text or "", pdf.extract.pages, abstract=abstract
            )
            # Renamed inside the transaction: if the rename fails, nothing is recorded.
            os.replace(copy, dest)
    except OSError as e:
        if not existed:
            dest.unlink(missing_ok=True)
        raise RLError(
            f"could not store {pdf.shown} in {folder}: {e.strerror or e}. Nothing was changed."
        ) from e
    except BaseException:
        if not existed:
            dest.unlink(missing_ok=True)
        raise
    finally:
        if not pdf.staged:
            copy.unlink(missing_ok=True)

    _drop_old_file(library, folder, paper, relative)
    return Attached(
        paper=stored,
        path=dest,
        pages=pdf.extract.pages,
        abstract_from_pdf=abstract is not None,
        replaced=bool(paper.pdf_path),
        shown=pdf.shown,
        notes=pdf.extract.notes,
    )


# -- internals -------------------------------------------------------------------------------


def _make_folder(library: Library) -> Path:
    folder = pdf_folder(library)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RLError(f"cannot create the folder for PDFs, {folder}: {e.strerror or e}.") from e
    return folder


def _staged_file(folder: Path) -> Path:
    """An empty temporary file in `folder` (same file system, so it can be renamed into place),
    named after this process. Copies other processes left unfinished are removed first."""
    remove_leftovers(folder)
    try:
        fd, name = tempfile.mkstemp(
            dir=folder, prefix=f"{_INCOMING_PREFIX}{os.getpid()}-", suffix=_INCOMING_SUFFIX
        )
    except OSError as e:
        raise RLError(f"cannot write in {folder}: {e.strerror or e}.") from e
    os.close(fd)
    path = Path(name)
    _made_here.add(path.name)
    # mkstemp makes the file private (0600); a stored PDF gets the mode any new file would.
    path.chmod(0o666 & ~_umask())
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _copy(source: Path, copy: Path, shown: str) -> None:
    try:
        with source.open("rb") as src, copy.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())  # the bytes are on disk before the name points at them
    except OSError as e:
        raise RLError(f"could not copy {shown}: {e.strerror or e}. Nothing was changed.") from e


def _target_name(library: Library, folder: Path, paper: Paper) -> str:
    """The file name for the paper's PDF: its own current file, or a free name (no file there
    and no other paper pointing at it). Papers sharing an arXiv id (added with --force) get
    `ID-PAPERID.pdf`."""
    pid = paper.id
    stem = paper.arxiv_id.replace("/", "_") if paper.arxiv_id else f"paper-{pid}"
    names = itertools.chain(
        [f"{stem}.pdf", f"{stem}-{pid}.pdf"], (f"{stem}-{pid}-{n}.pdf" for n in itertools.count(2))
    )
    for name in names:
        relative = f"{PDF_FOLDER}/{name}"
        if paper.pdf_path == relative:
            return name
        if not library.pdf_path_taken(relative, by_other_than=pid) and not (folder / name).exists():
            return name
    raise AssertionError("unreachable: the names never run out")


def _drop_old_file(library: Library, folder: Path, paper: Paper, relative: str) -> None:
    """Remove the paper's previous PDF when the new one got another name (the paper has an
    arXiv id now), if it is ours: inside the pdfs folder and no other paper's."""
    old = paper.pdf_path
    if not old or old == relative or not old.startswith(f"{PDF_FOLDER}/"):
        return
    path = folder.parent / old
    if not library.pdf_path_taken(old, by_other_than=paper.id) and path.parent == folder:
        path.unlink(missing_ok=True)


# -- unfinished copies left over -------------------------------------------------------------

# The unfinished copies this process made (by name): never another's leftovers, even when a
# killed process had the same id.
_made_here: set[str] = set()


def leftover_files(folder: Path) -> list[Path]:
    """The unfinished copies in `folder` that nobody will finish (see the module docstring),
    by name."""
    try:
        names = sorted(
            e.name
            for e in os.scandir(folder)
            if e.name.startswith(_INCOMING_PREFIX) and e.name.endswith(_INCOMING_SUFFIX)
        )
    except OSError:  # no pdfs folder yet, or not readable: nothing to clean
        return []
    now = time.time()
    return [folder / name for name in names if _left_over(folder / name, now)]


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the unfinished copies in `folder` that nobody will finish; those removed."""
    removed = []
    for path in leftover_files(folder):
        try:
            path.unlink()
        except OSError:  # another process removed it first, or it is not ours to remove
            continue
        removed.append(path)
    return removed


def _left_over(path: Path, now: float) -> bool:
    if path.name in _made_here:
        return False
    try:
        age = now - path.stat().st_mtime
    except OSError:  # finished (renamed) or removed meanwhile
        return False
    match = _INCOMING_WRITER.match(path.name)
    if match is None:
        return age > _LEFTOVER_UNKNOWN_WRITER_SECONDS
    writer = int(match.group(1))
    if writer == os.getpid() or not _running(writer):
        # (our own id on a copy we did not make: an earlier process had the same id)
        return True
    return age > _LEFTOVER_LIVE_WRITER_SECONDS


def _running(pid: int) -> bool:
    """Whether process `pid` exists on this machine (it may be another user's)."""
    if os.name == "nt":
        return True  # os.kill(pid, 0) would stop it there (0 is CTRL_C_EVENT): age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's (PermissionError), or not an id to ask about: age decides
    return True
