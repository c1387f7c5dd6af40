"""Attaching PDFs to papers, and adding a paper from its PDF.

An attached PDF's full text goes to the `pdf_texts` table, where `rl search` finds it.

An attached PDF is copied into the `pdfs/` folder next to the knowledge base file, named by
the paper's arXiv id (`1706.03762.pdf`, `hep-th_9901001.pdf`) or, without one, its id
(`paper-12.pdf`); `papers.pdf_path` holds that name relative to the knowledge base's folder
(`pdfs/1706.03762.pdf`), so the folder can move as a whole. The PDF gives a paper without an
abstract its abstract (source 'pdf'); an arXiv or hand-written abstract is never replaced.

Reading PDFs is readinglist.pdf's job and fetching them arxiv_api's: this module stores. A
PDF that cannot be read stores nothing; a file is put in place only by renaming a finished
copy, so a failure never leaves half a file, and another paper's file is never overwritten.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.categories import get_category
from readinglist.errors import DatabaseError, InvalidInput, NotFound, RLError, UnreadablePdf
from readinglist.papers import add_paper, check_status, delete_paper, get_paper, now

if TYPE_CHECKING:
    from readinglist.arxiv_api import ArxivClient
    from readinglist.pdf import PdfExtract
    from readinglist.resolution import Chooser, Outcome
    from readinglist.sources import MetadataSource

PDF_FOLDER = "pdfs"


@dataclass(frozen=True)
class Attached:
    paper: dict[str, Any]  # as stored now
    path: Path  # where the PDF is now
    pages: int
    abstract_from_pdf: bool  # the paper's abstract is now the one this PDF gave
    replaced: bool  # the paper had a PDF before this one


@dataclass(frozen=True)
class AddedFromPdf:
    outcome: Outcome  # how the paper was resolved and stored
    attached: Attached


def pdf_folder(conn: sqlite3.Connection) -> Path:
    """The `pdfs/` folder next to the knowledge base file (it may not exist yet)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        raise DatabaseError("this knowledge base has no file, so it has no folder for PDFs.")
    return Path(row[2]).parent / PDF_FOLDER


def pdf_file(conn: sqlite3.Connection, paper: Mapping[str, Any]) -> Path | None:
    """Where a paper's attached PDF is, or None."""
    if not paper["pdf_path"]:
        return None
    return pdf_folder(conn).parent / paper["pdf_path"]


def attach_pdf(
    conn: sqlite3.Connection, paper_id: int, source: Path, *, force: bool = False
) -> Attached:
    """Attach the PDF file `source` to a stored paper (the file itself is left as it is).

    Refuses a PDF that prints another arXiv id than the paper's, unless `force`."""
    from readinglist.pdf import extract_pdf

    paper = get_paper(conn, paper_id)
    extract = extract_pdf(source, full_text=True)
    return _attach(conn, paper, extract, source, shown=str(source), force=force)


def attach_pdf_bytes(
    conn: sqlite3.Connection, paper_id: int, data: bytes, *, name: str, force: bool = False
) -> Attached:
    """Attach a PDF held in memory (a download); `name` says what it is in messages."""
    from readinglist.pdf import extract_pdf

    paper = get_paper(conn, paper_id)
    staged = _staged_file(_make_folder(conn))
    try:
        staged.write_bytes(data)
        try:
            extract = extract_pdf(staged, full_text=True)
        except UnreadablePdf as e:
            raise UnreadablePdf(e.message.replace(str(staged), name)) from None
        return _attach(conn, paper, extract, staged, shown=name, force=force, staged=True)
    finally:
        staged.unlink(missing_ok=True)


def download_pdf(
    conn: sqlite3.Connection,
    paper_id: int,
    *,
    client: ArxivClient | None = None,
    force: bool = False,
) -> Attached:
    """Fetch a paper's PDF from arXiv (the version its metadata came from) and attach it.

    Pass one client for a whole run: it spaces its requests apart."""
    from readinglist.arxiv_api import ArxivClient

    paper = get_paper(conn, paper_id)
    if not paper["arxiv_id"]:
        raise InvalidInput(
            f"#{paper['id']} '{paper['label']}' has no arXiv id, so there is no arXiv PDF to "
            f"download. Attach a file instead (rl pdf {paper['id']} FILE), or give its arXiv "
            f"id first (rl resolve {paper['id']} --arxiv ID)."
        )
    version = f"v{paper['version']}" if paper["version"] else ""
    client = client or ArxivClient()
    data = client.fetch_pdf(paper["arxiv_id"] + version)
    name = f"the PDF of arXiv {paper['arxiv_id']}{version}"
    return attach_pdf_bytes(conn, paper_id, data, name=name, force=force)


@dataclass(frozen=True)
class DownloadPlan:
    paper_ids: list[int]  # papers to download a PDF for, by id
    without_arxiv_id: int  # papers skipped: nothing to download
    with_pdf: int  # papers skipped: they have one


def plan_downloads(conn: sqlite3.Connection) -> DownloadPlan:
    """The papers `rl pdf --all --download` fetches: those with an arXiv id and no PDF."""
    rows = conn.execute("SELECT id, arxiv_id, pdf_path FROM papers ORDER BY id").fetchall()
    return DownloadPlan(
        paper_ids=[r["id"] for r in rows if r["arxiv_id"] and not r["pdf_path"]],
        without_arxiv_id=sum(1 for r in rows if not r["arxiv_id"]),
        with_pdf=sum(1 for r in rows if r["arxiv_id"] and r["pdf_path"]),
    )


def download_each(
    conn: sqlite3.Connection, paper_ids: Sequence[int], *, client: ArxivClient | None = None
) -> Iterator[tuple[int, Attached | RLError]]:
    """Download and attach PDFs one paper after the other, yielding each result or the error
    that stopped that paper: one failure never stops the rest. One client serves them all, so
    requests stay spaced apart across the run (and a dead network fails fast after the first)."""
    from readinglist.arxiv_api import ArxivClient

    client = client or ArxivClient()
    for paper_id in paper_ids:
        try:
            yield paper_id, download_pdf(conn, paper_id, client=client)
        except RLError as e:
            yield paper_id, e


def add_from_pdf(
    conn: sqlite3.Connection,
    source: Path,
    fields: Mapping[str, Any],
    *,
    sources: Sequence[MetadataSource] | None = None,
    choose: Chooser | None = None,
    force: bool = False,
    offline: bool = False,
) -> AddedFromPdf:
    """Add a paper from its PDF, and attach the PDF to it.

    The arXiv id the PDF prints is looked up by id; without one (or one arXiv does not know)
    the title it prints is resolved like a typed title. When arXiv gives no record, what the
    PDF says is stored: its title, authors and abstract (source 'pdf'), with the resolution
    the resolver decided (unresolved with candidates, not-on-arxiv) or, when arXiv cannot be
    reached, unresolved. `fields` are the user's options (category, label, status, ...) and
    win over both. `offline` stores what the PDF says without asking arXiv. A PDF that cannot
    be read raises UnreadablePdf and stores nothing.
    """
    from readinglist.pdf import extract_pdf
    from readinglist.resolution import Outcome, add_resolved, default_sources

    get_category(conn, fields["category"])  # a typo fails before the PDF is read
    if fields.get("status") is not None:
        check_status(fields["status"])
    extract = extract_pdf(source, full_text=True)
    from_pdf = _pdf_fields(extract)
    title = extract.title or fields.get("label")
    no_title = InvalidInput(
        f'found no title in {source}. Give it with --label "TITLE" (it is looked up on arXiv), '
        f'or add the paper by title and attach the PDF: rl add "TITLE" --cat C, then '
        f"rl pdf REF {source}"
    )

    outcome: Outcome | None = None
    if offline:
        if not title:
            raise no_title
        given = {k: v for k, v in fields.items() if v is not None}
        stored = {"title": title, **from_pdf, "arxiv_id": extract.arxiv_id,
                  "version": extract.arxiv_version, "resolution": "manual", **given}  # fmt: skip
        outcome = Outcome(get_paper(conn, add_paper(conn, stored, force=force)))
    else:
        sources = default_sources(conn) if sources is None else sources
        if extract.arxiv_id:
            versioned = extract.arxiv_id + (
                f"v{extract.arxiv_version}" if extract.arxiv_version else ""
            )
            # arXiv not knowing the id (misread, withdrawn): the title may still be found.
            with contextlib.suppress(NotFound):
                outcome = add_resolved(conn, versioned, fields, sources=sources, choose=choose,
                                       force=force, fallback=from_pdf)  # fmt: skip
        if outcome is None:
            if not title:
                raise no_title
            outcome = add_resolved(conn, title, fields, sources=sources, choose=choose,
                                   force=force, fallback=from_pdf)  # fmt: skip
    try:
        # The PDF is the one this paper was made from: no id check.
        attached = _attach(conn, outcome.paper, extract, source, shown=str(source), force=True)
    except BaseException:
        delete_paper(conn, outcome.paper["id"])  # all or nothing
        raise
    return AddedFromPdf(Outcome(attached.paper, outcome.resolution, outcome.error,
                                outcome.declined), attached)  # fmt: skip


# -- internals -------------------------------------------------------------------------------


def _pdf_fields(extract: PdfExtract) -> dict[str, Any]:
    """What the PDF says about the paper, as paper fields (only what it does say)."""
    fields: dict[str, Any] = {}
    if extract.title:
        fields.update(title=extract.title, label=extract.title)
    if extract.authors:
        fields["authors"] = extract.authors
    if extract.abstract:
        fields["abstract"] = extract.abstract
        fields["abstract_source"] = "pdf"
    return fields


def _attach(
    conn: sqlite3.Connection,
    paper: dict[str, Any],
    extract: PdfExtract,
    source: Path,
    *,
    shown: str,
    force: bool,
    staged: bool = False,
) -> Attached:
    """Put `source` in the pdfs folder for `paper` and record it. `staged`: `source` is our
    own temporary file in that folder, to be moved rather than copied."""
    pid = paper["id"]
    printed = extract.arxiv_id
    if not force and printed and paper["arxiv_id"] and printed != paper["arxiv_id"]:
        raise InvalidInput(
            f"{shown} is arXiv {printed}, but #{pid} '{paper['label']}' is arXiv "
            f"{paper['arxiv_id']}: is it the right PDF? Nothing was stored. Attach it anyway "
            "with --force."
        )
    folder = _make_folder(conn)
    target = _target_name(conn, folder, paper)
    dest = folder / target
    relative = f"{PDF_FOLDER}/{target}"
    changes: dict[str, Any] = {"pdf_path": relative}
    # A missing abstract is filled, and one an earlier PDF gave is replaced; one from arXiv or
    # written by hand stays.
    if extract.abstract and (not paper["abstract"] or paper["abstract_source"] == "pdf"):
        changes.update(abstract=extract.abstract, abstract_source="pdf")

    copy = source if staged else _staged_file(folder)
    existed = dest.exists()
    try:
        if not staged:
            _copy(source, copy, shown)
        assignments = ", ".join(f"{k} = :{k}" for k in changes)
        with conn:
            conn.execute(f"UPDATE papers SET {assignments} WHERE id = :id", {**changes, "id": pid})
            # The search index's triggers pick the text up from here (m003_search_index).
            conn.execute(
                "INSERT INTO pdf_texts (paper_id, text, pages, extracted_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, "
                "pages = excluded.pages, extracted_at = excluded.extracted_at",
                (pid, extract.text or "", extract.pages, now()),
            )
            # Renamed inside the transaction: if the rename fails, nothing is recorded.
            os.replace(copy, dest)
    except OSError as e:
        if not existed:
            dest.unlink(missing_ok=True)
        raise RLError(
            f"could not store {shown} in {folder}: {e.strerror or e}. Nothing was changed."
        ) from e
    except BaseException:
        if not existed and not _recorded(conn, pid, relative):
            dest.unlink(missing_ok=True)
        raise
    finally:
        if not staged:
            copy.unlink(missing_ok=True)

    _drop_old_file(conn, folder, paper, relative)
    return Attached(
        paper=get_paper(conn, pid),
        path=dest,
        pages=extract.pages,
        abstract_from_pdf="abstract" in changes,
        replaced=bool(paper["pdf_path"]),
    )


def _make_folder(conn: sqlite3.Connection) -> Path:
    folder = pdf_folder(conn)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RLError(f"cannot create the folder for PDFs, {folder}: {e.strerror or e}.") from e
    return folder


def _staged_file(folder: Path) -> Path:
    """An empty temporary file in `folder` (same file system, so it can be renamed into place)."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=".pdf.part")
    except OSError as e:
        raise RLError(f"cannot write in {folder}: {e.strerror or e}.") from e
    os.close(fd)
    path = Path(name)
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


def _target_name(conn: sqlite3.Connection, folder: Path, paper: Mapping[str, Any]) -> str:
    """The file name for the paper's PDF: its own current file, or a free name (no file there
    and no other paper pointing at it). Papers sharing an arXiv id (added with --force) get
    `ID-PAPERID.pdf`."""
    pid = paper["id"]
    stem = paper["arxiv_id"].replace("/", "_") if paper["arxiv_id"] else f"paper-{pid}"
    names = itertools.chain(
        [f"{stem}.pdf", f"{stem}-{pid}.pdf"], (f"{stem}-{pid}-{n}.pdf" for n in itertools.count(2))
    )
    for name in names:
        relative = f"{PDF_FOLDER}/{name}"
        if paper["pdf_path"] == relative:
            return name
        claimed = conn.execute(
            "SELECT 1 FROM papers WHERE pdf_path = ? AND id != ?", (relative, pid)
        ).fetchone()
        if not claimed and not (folder / name).exists():
            return name
    raise AssertionError("unreachable: the names never run out")


def _recorded(conn: sqlite3.Connection, paper_id: int, relative: str) -> bool:
    row = conn.execute("SELECT pdf_path FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return bool(row and row[0] == relative)


def _drop_old_file(
    conn: sqlite3.Connection, folder: Path, paper: Mapping[str, Any], relative: str
) -> None:
    """Remove the paper's previous PDF when the new one got another name (the paper has an
    arXiv id now), if it is ours: inside the pdfs folder and no other paper's."""
    old = paper["pdf_path"]
    if not old or old == relative or not old.startswith(f"{PDF_FOLDER}/"):
        return
    shared = conn.execute(
        "SELECT 1 FROM papers WHERE pdf_path = ? AND id != ?", (old, paper["id"])
    ).fetchone()
    path = folder.parent / old
    if not shared and path.parent == folder:
        path.unlink(missing_ok=True)
