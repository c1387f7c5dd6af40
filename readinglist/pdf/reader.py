"""The page reader: the only module that imports pymupdf, and only inside its functions.

Importing pymupdf takes 0.4-0.8 s, which commands that read no PDF must not pay. Here the file
is opened and checked (a damaged, encrypted or scanned one is refused with what to do next),
and pages are read:
- the page that the title, authors and abstract are sought on, with fonts and positions
  (`page.get_text("dict")`), into the page model of layout.py. Rotated lines (the arXiv stamp
  in the left margin) are kept out of the text but kept for the arXiv id;
- later pages, needed only for the full text and as evidence for line-end hyphens, as text
  blocks in reading order, or as plain text: both much cheaper than "dict".

Everything is read within limits (`PdfDocument`): a broken or hostile PDF whose content streams
inflate to gigabytes of text would otherwise take minutes and gigabytes of memory, and fill the
knowledge base with its text. A page's content is read up to MAX_PAGE_CONTENT_BYTES (its streams
are cut there before MuPDF sees them), its text up to MAX_PAGE_CHARS, a paper's up to
MAX_TEXT_CHARS over its first MAX_PAGES pages; what a limit cut is said in `notes`.
"""

from __future__ import annotations

import re
import zlib
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
# A page is a scan with an OCR layer when most of its characters are invisible (text render
# mode 3, which MuPDF reports as alpha 0): OCR engines (ABBYY, Tesseract through ocrmypdf) lay
# their text over the image so that it can be selected and searched but not seen.
_OCR_INVISIBLE_SHARE = 0.5

# The limits. The largest page of the 84 evaluation papers draws 94 KB of content (forms
# included) and prints under 9,000 characters, the longest paper 146,000: a page of 2 MB or
# 50,000 characters, or a paper of 2 million characters (a book of some 700 pages) or 1,000
# pages, is far past any paper. At those limits a page of nothing but text takes about 2.5 s
# and 220 MB to read (bench/pdf_bomb.py).
MAX_PAGE_CONTENT_BYTES = 2_000_000
MAX_PAGE_CHARS = 50_000
MAX_TEXT_CHARS = 2_000_000
MAX_PAGES = 1_000
# Content streams are measured by inflating them 1 MB at a time (never more in memory at once).
_INFLATE_CHUNK = 1 << 20

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|\bbd\b|-b$|cmbx|cmb\d", re.I)
_WHITESPACE = re.compile(r"\s")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


@contextmanager
def open_pdf(path: Path) -> Iterator[PdfDocument]:
    """The PDF at `path`, to be read within the limits, closed after the block.

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
        yield PdfDocument(doc)
    except UnreadablePdf:
        raise
    except Exception as e:
        raise UnreadablePdf(
            f"{path} could not be read ({_reason(e)}): it is damaged or truncated. "
            "Download it again."
        ) from e
    finally:
        doc.close()


class PdfDocument:
    """An open PDF whose pages are read within the limits (see the module's summary); `notes`
    says what the limits cut, in words for the user."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.notes: list[str] = []
        self._checked: set[int] = set()
        self._sizes: dict[int, int] = {}  # content stream -> bytes it inflates to
        self._chars = 0  # characters of text given out so far
        self._cut_at: int | None = None  # the page where MAX_TEXT_CHARS was reached

    @property
    def page_count(self) -> int:
        return int(self.doc.page_count)

    @property
    def info_title(self) -> str:
        return str((self.doc.metadata or {}).get("title") or "")

    def text_pages(self, start: int) -> range:
        """The pages from `start` on whose text may be read: up to MAX_PAGES."""
        if self.page_count > MAX_PAGES:
            self._note(f"only its first {MAX_PAGES:,} of {self.page_count:,} pages were read")
        return range(start, min(self.page_count, MAX_PAGES))

    def read_page(self, n: int) -> Page:
        """Page `n`'s lines in reading order, with their type (see layout.py)."""
        allowance = self._allowance(n)
        page = read_page(self._page(n), allowance)
        self._spend(n, allowance)
        return page

    def ordered_blocks(self, n: int) -> list[str]:
        """Page `n`'s text blocks in reading order (cheaper than read_page)."""
        allowance = self._allowance(n)
        blocks = ordered_blocks(self._page(n), allowance)
        self._spend(n, allowance)
        return blocks

    def plain_texts(self, numbers: range) -> Iterator[str]:
        """The text of pages `numbers`, one page at a time as asked for, with no flags beyond
        the clip: the cheapest text MuPDF produces."""
        import pymupdf

        for n in numbers:
            allowance = self._allowance(n)
            if not allowance.left:
                continue
            text = self._page(n).get_text("text", flags=pymupdf.TEXT_MEDIABOX_CLIP)
            allowance.take(len(text))
            self._spend(n, allowance)
            yield text[: allowance.given]

    def _allowance(self, n: int) -> Allowance:
        """The characters page `n` may give: MAX_PAGE_CHARS, or what MAX_TEXT_CHARS leaves."""
        left = MAX_TEXT_CHARS - self._chars
        if left <= 0:
            self._text_cut(n)
        return Allowance(max(0, min(MAX_PAGE_CHARS, left)))

    def _spend(self, n: int, allowance: Allowance) -> None:
        self._chars += allowance.given
        if not allowance.cut:
            return
        if allowance.chars == MAX_PAGE_CHARS:
            self._note(
                f"page {n + 1} has more than {MAX_PAGE_CHARS:,} characters of text: the rest "
                "was not read"
            )
        else:
            self._text_cut(n)

    def _text_cut(self, n: int) -> None:
        if self._cut_at is None:
            self._cut_at = n
            self._note(
                f"its text was cut at {MAX_TEXT_CHARS:,} characters, on page {n + 1} of "
                f"{self.page_count:,}"
            )

    def _page(self, n: int) -> Any:
        """Page `n`, its content streams cut at MAX_PAGE_CONTENT_BYTES (in this copy of the
        file only) before MuPDF interprets them."""
        if n not in self._checked:
            self._checked.add(n)
            if _limit_content(self.doc, self.doc[n], MAX_PAGE_CONTENT_BYTES, self._sizes):
                self._note(
                    f"page {n + 1}'s content inflates to more than "
                    f"{MAX_PAGE_CONTENT_BYTES // 1_000_000} MB: only the first "
                    f"{MAX_PAGE_CONTENT_BYTES // 1_000_000} MB were read"
                )
        return self.doc[n]

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)


class Allowance:
    """Characters of text a page may still give (`left`), those it gave, and whether it had
    more."""

    def __init__(self, chars: int) -> None:
        self.chars = chars
        self.left = chars
        self.given = 0
        self.cut = False

    def take(self, chars: int) -> bool:
        """Whether `chars` more characters fit; they are counted if so."""
        if chars > self.left:
            self.cut = True
            self.given += self.left
            self.left = 0
            return False
        self.left -= chars
        self.given += chars
        return True


def _limit_content(doc: Any, page: Any, limit: int, sizes: dict[int, int]) -> bool:
    """Cut the content streams of `page` and of the forms it draws (in the open copy of the
    file) so that together they inflate to at most `limit` bytes; whether any was cut. `sizes`
    keeps the inflated size of each stream measured, for the pages that share it (a form)."""
    xrefs = list(page.get_contents())
    xrefs += [x[0] for x in page.get_xobjects() if x[0] not in xrefs]
    left = limit
    cut = False
    for xref in xrefs:
        if xref not in sizes:
            sizes[xref] = _inflated_size(doc, xref, limit + 1)
        size = sizes[xref]
        if 0 <= size <= left:
            left -= size
            continue
        sizes[xref] = left
        data = doc.xref_stream(xref) if size < 0 else _inflate(doc, xref, left)
        doc.update_stream(xref, _at_token_end(data[:left]))
        left = 0
        cut = True
    return cut


def _flate_only(doc: Any, xref: int) -> bool | None:
    """Whether stream `xref` is Flate-compressed and nothing else (True), not compressed at
    all (False), or anything else (None)."""
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind == "null":
        return False
    if value.strip("[] ") == "/FlateDecode":
        return True
    return None


def _inflated_size(doc: Any, xref: int, limit: int) -> int:
    """The bytes stream `xref` inflates to, counted up to `limit` (a larger stream gives
    `limit`); -1 when it is compressed otherwise than by Flate and larger than `limit`."""
    flate = _flate_only(doc, xref)
    raw = doc.xref_stream_raw(xref) or b""
    if flate is False:
        return min(len(raw), limit)
    if flate is None:
        # rare in content streams (LZW, ASCII85 before Flate): MuPDF inflates the whole
        size = len(doc.xref_stream(xref) or b"")
        return size if size <= limit else -1
    inflater = zlib.decompressobj()
    size, data = 0, raw
    try:
        while data and size < limit:
            size += len(inflater.decompress(data, _INFLATE_CHUNK))
            data = inflater.unconsumed_tail
    except zlib.error:  # a damaged stream: MuPDF reads what it can, and so do we
        pass
    return min(size, limit)


def _inflate(doc: Any, xref: int, limit: int) -> bytes:
    """The first `limit` bytes stream `xref` inflates to."""
    raw = doc.xref_stream_raw(xref) or b""
    if not _flate_only(doc, xref):
        return raw[:limit]
    inflater = zlib.decompressobj()
    try:
        return inflater.decompress(raw, limit)
    except zlib.error:
        return b""


def _at_token_end(data: bytes) -> bytes:
    """`data` up to its last whitespace, so that no operator or string is cut in two."""
    end = max(data.rfind(b"\n"), data.rfind(b" "), data.rfind(b"\r"))
    return data[: end + 1] if end >= 0 else b""


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


def read_first_page(pdf: PdfDocument) -> tuple[int, Page]:
    """The number and the lines of the page the paper starts on: the first, or the second
    after a cover sheet without text."""
    page = pdf.read_page(0)
    if not page.lines and pdf.page_count > 1:
        return 1, pdf.read_page(1)
    return 0, page


def require_text_layer(pdf: PdfDocument, first: int, page: Page, path: Path) -> None:
    """Raise UnreadablePdf (with what to do next) unless the paper's first page `page` (number
    `first`), or when it has no text the pages after it, carry readable text."""
    # (cleaned first: OT1 fonts print accents apart from their letters, "Difra¸c˜ao", which
    # would make a Portuguese title page look like scraps)
    reason = _garbage_reason(clean_text(page.text))
    if reason == "no text layer" and pdf.page_count > first + 1:
        end = min(pdf.page_count, _TEXT_LAYER_PAGES)
        rest = "".join(pdf.plain_texts(range(first + 1, end)))
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


def read_page(page: Any, allowance: Allowance) -> Page:
    """A pymupdf page -> its lines in reading order, with their type (see layout.py); the lines
    past the `allowance` of characters (in the order the page draws them) are left out."""
    import pymupdf

    flags = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_LIGATURES
    data = page.get_text("dict", flags=flags)
    fragments: list[Line] = []
    rotated: list[str] = []
    invisible = visible = 0
    lines = (line for block in data["blocks"] if block.get("type") == 0 for line in block["lines"])
    for line in lines:
        raw = "".join(s["text"] for s in line["spans"])
        if not raw.strip():
            continue
        if not allowance.take(len(raw)):
            break
        for s in line["spans"]:
            # ("alpha" since PyMuPDF 1.25: with an older one, all text counts as visible)
            if s.get("alpha", 255) == 0:
                invisible += len(s["text"])
            else:
                visible += len(s["text"])
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
    ocr = invisible > _OCR_INVISIBLE_SHARE * (invisible + visible)
    return lay_out(fragments, page.rect.width, page.rect.height, rotated, ocr=ocr)


def _span_size(span: dict[str, Any]) -> float:
    size = float(span["size"])
    if size < _NO_SIZE_UNDER:
        y0, y1 = span["bbox"][1], span["bbox"][3]
        size = max(_MIN_SIZE, (y1 - y0) * _SIZE_PER_BOX_HEIGHT)
    return size


def ordered_blocks(page: Any, allowance: Allowance) -> list[str]:
    """A later page's text blocks in reading order (cheaper than "dict"), lines kept apart;
    the blocks past the `allowance` of characters (in the order the page draws them) are left
    out."""
    import pymupdf

    blocks = []
    for b in page.get_text("blocks", flags=pymupdf.TEXT_MEDIABOX_CLIP):
        if b[6] == 0 and b[4].strip():
            if not allowance.take(len(b[4])):
                break
            blocks.append(b)
    gutter = find_gutter([(b[0], b[2], len(b[4])) for b in blocks], page.rect.width)
    as_lines = [Line(b[0], b[1], b[2], b[3], [], b[4]) for b in blocks]
    return [ln.text for ln in reading_order(as_lines, gutter)]
