"""The page reader: the only module that imports pymupdf, and only inside its functions.

Importing pymupdf takes 0.4-0.8 s, which commands that read no PDF must not pay. Here the file
is opened and checked (a damaged, encrypted or scanned one is refused with what to do next),
and pages are read:
- the page that the title, authors and abstract are sought on, with fonts and positions
  (`page.get_text("dict")`), into the page model of layout.py. Rotated lines (the arXiv stamp
  in the left margin) are kept out of the text but kept for the arXiv id;
- later pages, needed only for the full text and as evidence for line-end hyphens, as text
  blocks in reading order, or as plain text: both much cheaper than "dict".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from readinglist.errors import InvalidInput, NotFound, UnreadablePdf
from readinglist.pdf.layout import (
    Line,
    Page,
    Span,
    find_gutter,
    lay_out,
    missing_space,
    reading_order,
)
from readinglist.pdf.text import UNMAPPED, clean_text

# A PDF starts with %PDF-; readers allow junk before it within the first KB.
_HEADER_WINDOW = 1024
# How much of MuPDF's error message goes into ours, in characters (its first line only).
_REASON_CHARS = 120
# A line whose direction is more than this off horizontal (about 3 degrees), or runs right to
# left, is rotated: the arXiv stamp, a figure's axis label.
_ROTATED_DY = 0.05
# Type3 (bitmap) fonts report sizes like 0.1: a size under 3 pt is no size. The glyph box is
# then the only honest measure, and type is about 4/5 of its box (never under 1 pt).
_NO_SIZE_UNDER = 3
_SIZE_PER_BOX_HEIGHT = 0.8
_MIN_SIZE = 1.0
# A page without a text layer: fewer than 40 characters besides whitespace (a scan may carry a
# page number or a stamp as text).
_MIN_CHARS = 40
# An unreadable text layer (fonts that map to no letters, a broken encoding): more than a tenth
# of its characters unmapped, more than half its words scraps of one or two letters, or letters
# less than half its characters.
_MAX_UNMAPPED_SHARE = 0.1
_SCRAP_LETTERS = 2
_MAX_SCRAP_SHARE = 0.5
_MIN_LETTER_SHARE = 0.5
# When the first page has no text, the pages up to the sixth decide whether the file has a
# text layer (a scanned cover before a typeset paper).
_TEXT_LAYER_PAGES = 6

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|\bbd\b|-b$|cmbx|cmb\d", re.I)
_WHITESPACE = re.compile(r"\s")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


@contextmanager
def open_pdf(path: Path) -> Iterator[Any]:
    """The PDF at `path` as a pymupdf Document, closed after the block.

    Raises UnreadablePdf (with what to do next) for anything that is not a readable PDF, and
    turns any failure inside the block into one: MuPDF raises on broken content streams and
    objects that repair could not rescue, on whichever page they are met."""
    data = _read_pdf_bytes(path)
    import pymupdf

    # MuPDF reports repairs of damaged files on stderr by default; we report them ourselves.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:
        raise UnreadablePdf(
            f"{path} could not be opened as a PDF ({_reason(e)}): it is damaged or truncated. "
            "Download it again."
        ) from e
    try:
        if doc.needs_pass:
            raise UnreadablePdf(
                f"{path} is encrypted (password protected). Save an unprotected copy "
                "(e.g. `qpdf --decrypt IN OUT`) and use that."
            )
        if doc.page_count == 0:
            raise UnreadablePdf(
                f"{path} has no pages: it is damaged or truncated. Download it again."
            )
        yield doc
    except UnreadablePdf:
        raise
    except Exception as e:
        raise UnreadablePdf(
            f"{path} could not be read ({_reason(e)}): it is damaged or truncated. "
            "Download it again."
        ) from e
    finally:
        doc.close()


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:_REASON_CHARS]


def _read_pdf_bytes(path: Path) -> bytes:
    if not path.exists():
        raise NotFound(f"no such file: {path}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a PDF file.")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadablePdf(f"{path} could not be read: {e.strerror or e}.") from e
    if not data:
        raise UnreadablePdf(f"{path} is empty (0 bytes). Download it again.")
    # PyMuPDF would also open images, e-books and XPS; we want papers only.
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise UnreadablePdf(f"{path} is not a PDF (it does not start with %PDF-).")
    return data


def read_first_page(doc: Any) -> tuple[int, Page]:
    """The number and the lines of the page the paper starts on: the first, or the second
    after a cover sheet without text."""
    page = read_page(doc[0])
    if not page.lines and doc.page_count > 1:
        return 1, read_page(doc[1])
    return 0, page


def require_text_layer(doc: Any, first: int, page: Page, path: Path) -> None:
    """Raise UnreadablePdf (with what to do next) unless the paper's first page `page` (number
    `first`), or when it has no text the pages after it, carry readable text."""
    # (cleaned first: OT1 fonts print accents apart from their letters, "Difra¸c˜ao", which
    # would make a Portuguese title page look like scraps)
    reason = _garbage_reason(clean_text(page.text))
    if reason == "no text layer" and doc.page_count > first + 1:
        end = min(doc.page_count, _TEXT_LAYER_PAGES)
        rest = "".join(doc[n].get_text("text") for n in range(first + 1, end))
        if _garbage_reason(clean_text(rest)) is None:
            reason = None
    if reason == "no text layer":
        raise UnreadablePdf(
            f"{path} has no text layer (it looks like a scanned image). Run OCR on it "
            "(e.g. `ocrmypdf IN OUT`) and try again."
        )
    if reason:
        raise UnreadablePdf(
            f"{path} has an unreadable text layer (its fonts map to no letters). Run OCR on it "
            "(e.g. `ocrmypdf --force-ocr IN OUT`) and try again."
        )


def _garbage_reason(text: str) -> str | None:
    """Why a text layer is unusable, or None. Text from fonts without a Unicode map comes out as
    control characters; text from broken encodings as one- and two-letter scraps."""
    chars = len(text) - len(_WHITESPACE.findall(text))
    if chars < _MIN_CHARS:
        return "no text layer"
    if len(UNMAPPED.findall(text)) > _MAX_UNMAPPED_SHARE * chars:
        return "unreadable text layer"
    tokens = _LETTER_RUN.findall(text)
    if not tokens:
        return "unreadable text layer"
    if sum(1 for t in tokens if len(t) <= _SCRAP_LETTERS) > _MAX_SCRAP_SHARE * len(tokens):
        return "unreadable text layer"
    if sum(map(len, tokens)) < _MIN_LETTER_SHARE * chars:
        return "unreadable text layer"
    return None


def read_page(page: Any) -> Page:
    """A pymupdf page -> its lines in reading order, with their type (see layout.py)."""
    import pymupdf

    flags = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_LIGATURES
    data = page.get_text("dict", flags=flags)
    fragments: list[Line] = []
    rotated: list[str] = []
    for block in data["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            raw = "".join(s["text"] for s in line["spans"])
            if not raw.strip():
                continue
            dx, dy = line["dir"]
            if abs(dy) > _ROTATED_DY or dx < 0:
                rotated.append(raw)
                continue
            spans: list[Span] = []
            for s in line["spans"]:
                if not s["text"]:
                    continue
                font = s["font"]
                text = s["text"]
                if font.startswith("CMMI"):
                    # Computer Modern math italic's lunate epsilon comes out as ǫ (o with ogonek).
                    text = text.replace("\u01eb", "\u03f5")
                span = Span(
                    text=text,
                    size=_span_size(s),
                    font=font,
                    bold=bool(s["flags"] & pymupdf.TEXT_FONT_BOLD) or bool(_BOLD_FONT.search(font)),
                    superscript=bool(s["flags"] & pymupdf.TEXT_FONT_SUPERSCRIPT),
                    x0=s["bbox"][0],
                    x1=s["bbox"][2],
                )
                if spans:
                    prev = spans[-1]
                    size = max(span.size, prev.size)
                    if missing_space(prev.text, text, span.x0 - prev.x1, size):
                        spans.append(Span(" ", span.size, font, span.bold, False, prev.x1, span.x0))
                spans.append(span)
            x0, y0, x1, y1 = line["bbox"]
            fragments.append(Line(x0, y0, x1, y1, spans).finish())
    return lay_out(fragments, page.rect.width, page.rect.height, rotated)


def _span_size(span: dict[str, Any]) -> float:
    size = float(span["size"])
    if size < _NO_SIZE_UNDER:
        y0, y1 = span["bbox"][1], span["bbox"][3]
        size = max(_MIN_SIZE, (y1 - y0) * _SIZE_PER_BOX_HEIGHT)
    return size


def ordered_blocks(page: Any) -> list[str]:
    """A later page's text blocks in reading order (cheaper than "dict"), lines kept apart."""
    import pymupdf

    blocks = [
        b
        for b in page.get_text("blocks", flags=pymupdf.TEXT_MEDIABOX_CLIP)
        if b[6] == 0 and b[4].strip()
    ]
    gutter = find_gutter([(b[0], b[2], len(b[4])) for b in blocks], page.rect.width)
    as_lines = [Line(b[0], b[1], b[2], b[3], [], b[4]) for b in blocks]
    return [ln.text for ln in reading_order(as_lines, gutter)]


def plain_texts(doc: Any, numbers: range) -> Iterator[str]:
    """The text of pages `numbers`, one page at a time as asked for, with no flags beyond the
    clip: the cheapest text MuPDF produces."""
    import pymupdf

    for n in numbers:
        yield doc[n].get_text("text", flags=pymupdf.TEXT_MEDIABOX_CLIP)
