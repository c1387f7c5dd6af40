"""PDF -> title, authors, abstract, arXiv id and full text, with PyMuPDF only.

The only module that imports pymupdf (0.4-0.8 s to import), and only inside `extract_pdf`.

How a paper's first page is read:
- text with fonts and positions from `page.get_text("dict")`; rotated lines (the arXiv stamp
  in the left margin) are kept out of the text but searched for the arXiv id, and line
  numbers in the margins (manuscripts for review) are left out;
- fragments on one baseline are joined into visual lines, with a space only where the glyphs
  leave a gap (Type3-font PDFs put every syllable in its own fragment);
- a gutter, if the page has one, gives two-column reading order: full-width lines in place,
  and between them the left column before the right;
- the abstract follows its heading (`Abstract`, `ABSTRACT`, `Abstract—`, `Abstract.`, small
  caps; `Résumé` and the like when no English one) up to the first stop (Introduction,
  Keywords, Index Terms, ©, a numbered heading, a change of type size, a gap wider than the
  page's line spacing allows), going on past footnotes into the right column or onto the next
  page when cut off in mid-sentence; without a heading it is the first paragraph above the
  first section that reads as prose. After a title page the following pages of front matter
  are searched for the heading.
A hyphen at the end of a line is dropped or kept by what the rest of the paper prints: the
joined word, or the hyphenated pair in mid-line. PyMuPDF's own dehyphenate flag joins every
such hyphen, turning "parameter-efficient" into "parameterefficient".
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readinglist.errors import InvalidInput, NotFound, UnreadablePdf
from readinglist.identifiers import ArxivId, arxiv_id_from_filename, find_arxiv_ids


@dataclass(frozen=True)
class PdfExtract:
    """What a PDF says about itself. `arxiv_id` has no version; `text` (when asked for) is every
    page's text in reading order, one paragraph a line, pages separated by a blank line."""

    title: str | None
    authors: list[str]
    abstract: str | None
    arxiv_id: str | None
    arxiv_version: int | None
    pages: int
    text: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": self.authors,
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "pages": self.pages,
        }


def extract_pdf(path: Path, *, full_text: bool = True) -> PdfExtract:
    """Read `path`; raise UnreadablePdf (with what to do next) for anything that is not a
    readable PDF with a text layer. A readable paper without an abstract gives abstract=None.

    `full_text=False` skips putting every page in reading order (text=None): a third of the
    time, and everything else comes out the same."""
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
        return _extract(doc, path, full_text)
    except UnreadablePdf:
        raise
    except Exception as e:
        # MuPDF raises on broken content streams and objects that repair could not rescue.
        raise UnreadablePdf(
            f"{path} could not be read ({_reason(e)}): it is damaged or truncated. "
            "Download it again."
        ) from e
    finally:
        doc.close()


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:120]


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
    # A PDF starts with %PDF- (readers allow junk before it within the first 1 KB). PyMuPDF
    # would also open images, e-books and XPS; we want papers only.
    if b"%PDF-" not in data[:1024]:
        raise UnreadablePdf(f"{path} is not a PDF (it does not start with %PDF-).")
    return data


# ---------------------------------------------------------------------------------------------
# Text clean-up


# Presentation-form ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ, Ĳ, Ǆ...): NFKC turns each into its letters. Applied
# to these only, so that ², ™ and µ stay as printed.
_LIGATURE = re.compile("[\ufb00-\ufb06\u0132\u0133\u013f\u0140\u01c4-\u01cc\u01f1-\u01f3]")
# LaTeX's OT1 fonts print accents as separate spacing characters before the letter ("M´exico").
_SPACING_ACCENT = {
    "\u00b4": "\u0301",
    "`": "\u0300",
    "\u00a8": "\u0308",
    "\u02c6": "\u0302",
    "\u02dc": "\u0303",
    "\u00b8": "\u0327",
    "\u02c7": "\u030c",
    "\u02d8": "\u0306",
}
# (˚ is left alone: it serves as a degree sign as often as as a ring accent.)
_LOOSE_ACCENT = re.compile("([\u00b4`\u00a8\u02c6\u02dc\u02c7\u02d8]) ?([a-zA-Z\u0131])")
# Control characters and U+FFFD: glyphs whose font has no Unicode map. They carry nothing.
_UNMAPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SPACES = re.compile(r"\s+")


def _fix_accent(m: re.Match[str]) -> str:
    letter = "i" if m.group(2) == "\u0131" else m.group(2)
    return unicodedata.normalize("NFC", letter + _SPACING_ACCENT[m.group(1)])


def clean_text(text: str) -> str:
    """Ligatures to letters (NFKC), loose accents onto their letters, unmapped glyphs out,
    whitespace collapsed."""
    text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _LOOSE_ACCENT.sub(_fix_accent, text)
    text = _UNMAPPED.sub("", text)
    return _SPACES.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------
# Page model: spans -> visual lines in reading order


@dataclass
class _Span:
    text: str
    size: float
    font: str
    bold: bool
    superscript: bool
    x0: float
    x1: float


@dataclass
class _Line:
    x0: float
    y0: float
    x1: float
    y1: float
    spans: list[_Span]
    text: str = ""
    size: float = 0.0
    font: str = ""
    bold: bool = False
    column: int = 0  # 0 full width (or single column), 1 left, 2 right

    def finish(self) -> _Line:
        self.text = _SPACES.sub(" ", "".join(s.text for s in self.spans)).strip()
        # The type most of the characters are in. (MuPDF's superscript flag is no help here: it
        # flags whole lines of ordinary text that follow a raised symbol.)
        weight: dict[tuple[float, str, bool], int] = {}
        for s in self.spans:
            key = (round(s.size, 1), s.font, s.bold)
            weight[key] = weight.get(key, 0) + len(s.text.strip()) + 1
        self.size, self.font, self.bold = max(weight, key=weight.__getitem__)
        return self

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def words(self) -> list[str]:
        return self.text.split()


@dataclass
class _Page:
    width: float
    height: float
    lines: list[_Line]  # reading order
    rotated_text: list[str] = field(default_factory=list)
    line_gap: float = 0.0  # between the lines of a paragraph (see _usual_line_gap)


_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|\bbd\b|-b$|cmbx|cmb\d", re.I)
_MARKER = re.compile(r"^[\d,*∗†‡§¶♯☯⋆\s]+$")


def _span_size(span: dict[str, Any]) -> float:
    # Type3 (bitmap) fonts report sizes like 0.1; the glyph box is then the only honest measure.
    size = float(span["size"])
    if size < 3:
        y0, y1 = span["bbox"][1], span["bbox"][3]
        size = max(1.0, (y1 - y0) * 0.8)
    return size


def _read_page(page: Any) -> _Page:
    import pymupdf

    flags = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_LIGATURES
    data = page.get_text("dict", flags=flags)
    fragments: list[_Line] = []
    rotated: list[str] = []
    for block in data["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            raw = "".join(s["text"] for s in line["spans"])
            if not raw.strip():
                continue
            dx, dy = line["dir"]
            if abs(dy) > 0.05 or dx < 0:
                rotated.append(raw)
                continue
            spans: list[_Span] = []
            for s in line["spans"]:
                if not s["text"]:
                    continue
                font = s["font"]
                text = s["text"]
                if font.startswith("CMMI"):
                    # Computer Modern math italic's lunate epsilon comes out as ǫ (o with ogonek).
                    text = text.replace("\u01eb", "\u03f5")
                span = _Span(
                    text=text,
                    size=_span_size(s),
                    font=font,
                    bold=bool(s["flags"] & 16) or bool(_BOLD_FONT.search(font)),
                    superscript=bool(s["flags"] & 1),
                    x0=s["bbox"][0],
                    x1=s["bbox"][2],
                )
                if spans:
                    # MuPDF leaves out the space between spans set apart by position alone.
                    prev = spans[-1]
                    boundary = prev.text[-1:] + text[:1]
                    gap = span.x0 - prev.x1
                    if gap > 0.12 * max(span.size, prev.size) and not any(
                        c.isspace() for c in boundary
                    ):
                        spans.append(
                            _Span(" ", span.size, font, span.bold, False, prev.x1, span.x0)
                        )
                spans.append(span)
            x0, y0, x1, y1 = line["bbox"]
            fragments.append(_Line(x0, y0, x1, y1, spans).finish())
    width, height = page.rect.width, page.rect.height
    fragments = _without_line_numbers(fragments)
    lines: list[_Line] = []
    for region, gutter in _regions(fragments, width):
        lines.extend(_reading_order(_join_fragments(region, gutter), gutter))
    return _Page(width, height, lines, rotated, _usual_line_gap(lines))


def _usual_line_gap(lines: Sequence[_Line]) -> float:
    """The usual space between one line of a paragraph and the next on this page: a point or
    two when set solid, most of a line when double-spaced (manuscripts, the nature class,
    revtex's preprint mode). Paragraph breaks and the end of an abstract are gaps beyond it."""
    gaps = sorted(
        b.y0 - a.y1
        for a, b in itertools.pairwise(lines)
        if a.column == b.column
        and abs(a.size - b.size) <= 0.1 * a.size
        and -1 < b.y0 - a.y1 < 3 * a.size
    )
    return gaps[len(gaps) // 2] if len(gaps) >= 5 else 0.0


_LINE_NUMBER = re.compile(r"\d{1,4}")


def _without_line_numbers(fragments: list[_Line]) -> list[_Line]:
    """The fragments less the line numbers of a manuscript set for review (lineno, acmart's
    `review`): bare numbers in a margin, left of all other text or right of it. Left in, they
    join the lines beside them and split every paragraph into one-line pieces."""
    numbers = [f for f in fragments if _LINE_NUMBER.fullmatch(f.text)]
    if len(numbers) < 5:
        return fragments
    numbered = {id(f) for f in numbers}
    others = [f for f in fragments if id(f) not in numbered]
    if not others:
        return fragments
    left = min(f.x0 for f in others)
    right = max(f.x1 for f in others)
    margin = {id(f) for f in numbers if f.x1 <= left + 1 or f.x0 >= right - 1}
    if len(margin) < 5:
        return fragments
    return [f for f in fragments if id(f) not in margin]


def _regions(fragments: list[_Line], width: float) -> list[tuple[list[_Line], float | None]]:
    """The page cut into horizontal bands at empty strips, each with its gutter (or None);
    neighbouring bands that share a gutter are one region, read column by column.

    One gutter per page is not enough: a journal's first page may set a narrow "article info"
    box beside the abstract, above a body of two equal columns.
    """
    bands: list[list[_Line]] = []
    bottom = -1.0
    for f in sorted(fragments, key=lambda f: f.y0):
        if not bands or f.y0 - bottom > max(12.0, 1.5 * f.height):
            bands.append([])
        bands[-1].append(f)
        bottom = max(bottom, f.y1)
    # Gutters are sought among lines, not fragments: a PDF that places each word on its own
    # (Type3 fonts) would show a "gutter" wherever word gaps happen to line up. Joining at
    # word spaces only (up to 3/4 em) keeps two columns apart, whose gap is wider: 10 pt in
    # LaTeX's standard classes, under one em in 11 and 12 pt type.
    gutters = []
    for band in bands:
        lines = _join_fragments(band, None, max_gap=0.75)
        gutters.append(_find_gutter([(ln.x0, ln.x1, len(ln.text)) for ln in lines], width))
    regions: list[tuple[list[_Line], float | None]] = []
    # The text behind each region's gutter: a merged region takes the gutter of its band with
    # the most text, since a gap beside a few lines (authors set side by side above two columns)
    # can lie a few points off the columns' own gutter.
    weights: list[int] = []
    for band, gutter in zip(bands, gutters, strict=True):
        weight = sum(len(f.text) for f in band) if gutter is not None else 0
        if regions:
            previous, previous_gutter = regions[-1]
            # A strip with text on one side only (a heading, the end of a column) belongs to
            # the columns around it, unless something in it crosses their gutter.
            if (
                gutter is None
                and previous_gutter is not None
                and not any(f.x0 < previous_gutter - 1 < previous_gutter + 1 < f.x1 for f in band)
            ):
                gutter = previous_gutter
            if (
                gutter is not None
                and previous_gutter is not None
                and abs(gutter - previous_gutter) < 10
            ):
                previous.extend(band)
                if weight > weights[-1]:
                    regions[-1] = (previous, gutter)
                    weights[-1] = weight
                continue
        regions.append((band, gutter))
        weights.append(weight)
    return regions


def _find_gutter(items: Sequence[tuple[float, float, int]], width: float) -> float | None:
    """The x of the gap between two columns, or None for a single-column page.

    Weighted by characters: the x in the middle half of the page crossed by the least text,
    accepted when both sides hold a good share of the page's text and more than crosses it
    (or a few lines, when nothing crosses it).
    """
    total = sum(w for _, _, w in items)
    if total == 0 or width <= 0:
        return None
    step = 2.0
    lo, hi = 0.25 * width, 0.75 * width
    bins = int((hi - lo) / step) + 1
    cover = [0] * (bins + 1)
    ends_before = [0] * (bins + 1)  # text ending at or before bin i (x1 <= x)
    starts_after = [0] * (bins + 2)  # text starting at or after bin i (x0 >= x)
    for x0, x1, w in items:
        # crossing: x0 < x < x1 (with a point of slack for glyph boxes)
        a = max(0, int((x0 + 1 - lo) / step) + 1)
        b = min(bins - 1, int((x1 - 1 - lo) / step))
        if a <= b:
            cover[a] += w
            cover[b + 1] -= w
        i_end = max(0, int((x1 - lo) / step + 0.9999))
        if i_end <= bins:
            ends_before[i_end] += w
        if x0 >= lo:
            starts_after[min(bins, int((x0 - lo) / step))] += w
    running, crossing = 0, []
    for i in range(bins):
        running += cover[i]
        crossing.append(running)
    left, acc = [], 0
    for i in range(bins):
        acc += ends_before[i]
        left.append(acc)
    right, acc = [0] * bins, 0
    for i in range(bins - 1, -1, -1):
        acc += starts_after[i]
        right[i] = acc
    best = min(crossing)
    plateau = [i for i in range(bins) if crossing[i] <= best + 0.01 * total]
    # The widest run of low crossing holds the gutter; take its middle.
    runs: list[list[int]] = []
    for i in plateau:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    run = max(runs, key=lambda r: min(left[r[len(r) // 2]], right[r[len(r) // 2]]))
    i = run[len(run) // 2]
    side = min(left[i], right[i])
    # A side with a small share still stands apart when nothing crosses to it: the narrow
    # "article info" box beside an abstract holds a few keywords and no more.
    if crossing[i] <= side and (side >= 0.12 * total or (crossing[i] == 0 and side >= 40)):
        return lo + i * step
    return None


def _join_fragments(
    fragments: list[_Line], gutter: float | None, max_gap: float = 2.0
) -> list[_Line]:
    """Fragments on one baseline, close together and on one side of the gutter -> one line."""
    fragments = sorted(fragments, key=lambda f: ((f.y0 + f.y1) / 2, f.x0))
    bands: list[list[_Line]] = []
    for f in fragments:
        for band in reversed(bands[-4:]):
            anchor = band[0]
            overlap = min(f.y1, anchor.y1) - max(f.y0, anchor.y0)
            if overlap >= 0.5 * max(0.1, min(f.height, anchor.height)):
                band.append(f)
                break
        else:
            bands.append([f])
    lines: list[_Line] = []
    for band in bands:
        band.sort(key=lambda f: f.x0)
        current: _Line | None = None
        n_spans = 0  # spans `current` started with: more means it was joined
        for f in band:
            if current is not None and _same_line(current, f, gutter, max_gap):
                gap = f.x0 - current.x1
                size = max(current.size, f.size)
                boundary = current.spans[-1].text[-1:] + f.spans[0].text[:1]
                # A gap wider than a thin space is a word space; an overlap wider than kerning
                # is stacked math (a fraction's numerator above its denominator).
                if (gap > 0.12 * size or gap < -0.3 * size) and not any(
                    c.isspace() for c in boundary
                ):
                    current.spans.append(
                        _Span(" ", f.size, f.font, f.bold, False, current.x1, f.x0)
                    )
                current.spans.extend(f.spans)
                current.y0 = min(current.y0, f.y0)
                current.y1 = max(current.y1, f.y1)
                current.x1 = max(current.x1, f.x1)
                current.size = max(current.size, f.size)  # for _same_line; finish() sets it
            else:
                if current is not None:
                    lines.append(current.finish() if len(current.spans) > n_spans else current)
                current = _Line(
                    f.x0, f.y0, f.x1, f.y1, list(f.spans), f.text, f.size, f.font, f.bold
                )
                n_spans = len(f.spans)
        if current is not None:
            lines.append(current.finish() if len(current.spans) > n_spans else current)
    return lines


def _same_line(left: _Line, right: _Line, gutter: float | None, max_gap: float) -> bool:
    if gutter is not None and left.x1 <= gutter + 1 and right.x0 >= gutter - 1:
        return False
    small, big = sorted((left.size, right.size))
    if small < 0.7 * big and min(len(left.text), len(right.text)) > 3:
        return False  # a title beside the first line of a column, not a superscript
    return right.x0 - left.x1 <= max_gap * big


def _reading_order(lines: list[_Line], gutter: float | None) -> list[_Line]:
    lines = sorted(lines, key=lambda ln: (round(ln.y0, 1), ln.x0))
    if gutter is None:
        return lines
    ordered: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        ordered.extend(left)
        ordered.extend(right)
        left.clear()
        right.clear()

    last_full: _Line | None = None
    for ln in lines:
        crossing = ln.x0 < gutter - 1 and ln.x1 > gutter + 1
        if not crossing and last_full is not None and not left and not right:
            # The short last line of a full-width paragraph stays with its paragraph.
            crossing = (
                ln.y0 - last_full.y1 < 0.8 * ln.size
                and abs(ln.x0 - last_full.x0) < 0.5 * ln.size
                and abs(ln.size - last_full.size) < 0.1 * ln.size
            )
        if crossing:
            flush()
            ln.column = 0
            ordered.append(ln)
            last_full = ln
        elif (ln.x0 + ln.x1) / 2 < gutter:
            ln.column = 1
            left.append(ln)
        else:
            ln.column = 2
            right.append(ln)
    flush()
    return ordered


# ---------------------------------------------------------------------------------------------
# Line-end hyphens


_WORDISH = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
_HYPHENS = re.compile("[-\u2010]")
# (\b first: without it the search restarts inside every word.)
_LINE_BREAK_WORD = re.compile(r"\b[^\W\d_]*[-\u2010\u00ad][ \t]*\n\s*[^\W\d_]*")
# The word a line ends with, before its final hyphen ("state-of-the-" -> "state-of-the").
_HYPHENATED_TAIL = re.compile(r"([^\W\d_]+(?:[-\u2010][^\W\d_]+)*)[-\u2010]$")
_LEADING_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class _HyphenEvidence:
    """How the paper spells words in mid-line, where no line break forced a hyphen."""

    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Text still to count, read only when a hyphen needs deciding: most of the time spent on a
    # paper goes into reading its later pages, and many abstracts break no word.
    pending: Iterator[str] | None = None

    def add_text(self, text: str) -> None:
        """Count the words of `text` (lines separated by newlines), leaving out the words a
        line-end hyphen splits: they are what is being decided."""
        tokens = _WORDISH.findall(_LINE_BREAK_WORD.sub(" ", text.lower()))
        self.words.update(tokens)
        for token in tokens:
            if "-" in token or "\u2010" in token:
                parts = _HYPHENS.split(token)
                self.words.update(parts)
                self.pairs.update(itertools.pairwise(parts))

    def keeps_hyphen(self, before: str, after: str) -> bool:
        """Whether `before-` at a line end and `after` at the next line's start form a word
        with a real hyphen (True) or one word broken across the lines (False)."""
        if self.pending is not None:
            for text in self.pending:
                self.add_text(text)
            self.pending = None
        pieces = _HYPHENS.split(before)
        head = pieces[-1]
        joined = self.words[(head + after).lower()]
        hyphenated = self.pairs[(head.lower(), after.lower())]
        if joined or hyphenated:
            return hyphenated > joined
        if len(pieces) > 1:
            # TeX never hyphenates a word that already has a hyphen: this one is real.
            return True
        if len(head) == 1:
            # Nor does it leave one letter before a break (\lefthyphenmin is 2; word processors
            # agree): "f-divergence", "k-means", "t-test".
            return True
        # Syllable breaks never start a capital or a digit: "BERT-", "Large"; "GPT-", "3".
        return after[:1].isupper() or any(c.isdigit() for c in head + after[:1])


_SUSPENDED = {"and", "or", "nor", "to", "versus", "vs"}


def join_lines(lines: Sequence[str], evidence: _HyphenEvidence) -> str:
    """Lines of one paragraph -> one string, deciding each line-end hyphen on the evidence."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        prev = parts[-1]
        if prev.endswith("\u00ad"):
            parts[-1] = prev[:-1]
            parts.append(line)
            continue
        tail = _HYPHENATED_TAIL.search(prev[-80:])
        first = _LEADING_WORD.match(line)
        if tail and first:
            after = first.group()
            if after.lower() in _SUSPENDED:
                parts.extend((" ", line))  # "token- and sentence-level": a suspended hyphen
            elif evidence.keeps_hyphen(tail.group(1), after):
                parts.append(line)
            else:
                parts[-1] = prev[:-1]
                parts.append(line)
        else:
            parts.extend((" ", line))
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Abstract


_HEADING = re.compile(
    r"^\W{0,3}(?P<word>a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|s\s?u\s?m\s?m\s?a\s?r\s?y)\b"
    r"(?P<punct>(?:\s*[.:—–\-])+)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# The same in other languages, sought only when no English heading is on the page: journals
# with a second language print it beside the English one, and some classes (smfart) call an
# English abstract "Résumé".
_OTHER_HEADING = re.compile(
    r"^\W{0,3}(?P<word>r[ée]sum[ée]|zusammenfassung|resumen|resumo|riassunto|samenvatting"
    r"|sammanfattning|sammendrag|streszczenie|abstrakt)\b"
    r"(?P<punct>(?:\s*[.:—–\-])+)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# Lines that end an abstract (and start what follows it), matched at the line start.
_STOP = re.compile(
    r"^\W{0,2}(?:keywords?|key\s?words|key\s+words\s+and\s+phrases|index\s+terms"
    r"|ccs\s+concepts|acm\s+(?:ccs|classification|reference\s+format)"
    r"|categories\s+and\s+subject\s+descriptors|general\s+terms|additional\s+key\s+words"
    r"|(?:\d{4}\s+)?(?:ams\s+)?(?:mathematics\s+)?subject\s+classifications?"
    r"|ams\s+(?:subject\s+)?classifications?|msc\s*(?:\d{4})?\s*[:(]|pacs\s*(?:numbers?)?\s*[:.]"
    r"|jel\s+(?:classification|codes?)|copyright\b|\(c\)\s*\d{4}|©)",
    re.IGNORECASE,
)
# Section headings that follow the abstract: on a line of their own, maybe numbered.
_SECTION_NUMBER = r"(?:\d+(?:\.\d+)*\.?|[IVX]+\.)"
_FIRST_SECTION = re.compile(
    rf"^(?:{_SECTION_NUMBER}\s*)?(?:introduction|background|motivation|overview"
    r"|preliminaries|related\s+work)\s*[.:]?$",
    re.IGNORECASE,
)
_NUMBERED_HEADING = re.compile(rf"^{_SECTION_NUMBER}\s+[A-Z][\w-]*(?:\s+[\w-]+){{0,6}}$")
# Lines that carry dates of a paper's history, never its abstract.
_HISTORY = re.compile(
    r"^\W?(?:received|accepted|published|submitted|revised|available\s+online)\b", re.I
)
_MAX_ABSTRACT_WORDS = 700


def _is_section_heading(line: _Line, body_size: float) -> bool:
    text = line.text
    if _FIRST_SECTION.match(text):
        return True
    if _NUMBERED_HEADING.match(text) and not text.endswith((".", ",", ";")):
        # Set apart by its type, which an initial in a name ("V. Vapnik") is not.
        return line.bold or line.size > body_size * 1.05 or text.isupper()
    return False


def _cut_at_copyright(text: str) -> tuple[str, bool]:
    m = re.search(r"\s(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4})", text, re.IGNORECASE)
    if m:
        return text[: m.start()], True
    return text, False


def _drop_markers(line: _Line) -> str:
    """The line's text without footnote markers: superscript digits and symbols that follow a
    word ("Plain¹", "Computer∗"). Superscripts elsewhere (x², fractions) are kept."""
    parts: list[str] = []
    prev: _Span | None = None
    for s in line.spans:
        if (
            s.superscript
            and _MARKER.match(s.text)
            and prev is not None
            and not prev.superscript
            # after a word or punctuation; after a lone symbol (Θ⋆) it is mathematics
            and re.search(r"(?:[^\W\d_]{2}|[\d.,;:)\]])$", prev.text)
        ):
            prev = s
            continue
        parts.append(s.text)
        prev = s
    return _SPACES.sub(" ", "".join(parts)).strip()


def _paragraph_break(prev: _Line, line: _Line, line_gap: float = 0.0) -> bool:
    if prev.column != line.column:
        return True
    if abs(line.size - prev.size) > 0.1 * max(line.size, prev.size):
        return True
    gap = line.y0 - prev.y1
    size = max(line.size, prev.size)
    return gap > max(0.8 * size, 1.4 * line_gap) or gap < -prev.height


def _find_abstract(
    page: _Page, evidence: _HyphenEvidence, title_lines: set[int]
) -> tuple[str | None, int | None, _Line | None]:
    """The abstract under its heading on `page`, the index of the heading's line, and the
    abstract's last line when the page may have cut it short (see _collect_after_heading)."""
    lines = page.lines
    for heading in (_HEADING, _OTHER_HEADING):
        for i, line in enumerate(lines):
            if id(line) in title_lines:
                continue
            m = heading.match(line.text)
            if not m or not _looks_like_heading(line, m):
                continue
            text, open_end = _collect_after_heading(lines, i, m, evidence, page.line_gap)
            if text and len(text.split()) >= 15:
                return text, i, open_end
    return None, None, None


def _looks_like_heading(line: _Line, m: re.Match[str]) -> bool:
    rest = m.group("rest")
    if not rest:
        return True
    if m.group("punct"):
        return True
    # "Abstract We present...": only when the heading word is set apart by its font.
    first = line.spans[0]
    body = next((s for s in line.spans[1:] if s.text.strip()), None)
    return body is not None and (first.bold != body.bold or first.font != body.font)


def _collect_after_heading(
    lines: Sequence[_Line],
    i: int,
    m: re.Match[str],
    evidence: _HyphenEvidence,
    line_gap: float = 0.0,
) -> tuple[str | None, _Line | None]:
    """The text under the heading on line `i`, and its last line when nothing but the page
    ended it: a change of type, a gap or the end of the lines, in mid-sentence, with no more
    text in its type on the page (footnotes and the page foot follow it)."""
    collected: list[str] = []
    last: _Line | None = None
    stopped = False
    first_rest = m.group("rest").strip()
    body_size = 0.0
    prev: _Line | None = None
    if first_rest:
        rest_line = _drop_markers(lines[i])
        head = m.re.match(rest_line)
        first_rest = head.group("rest").strip() if head else first_rest
        collected.append(first_rest)
        body_size = lines[i].size
        prev = lines[i]
    words = len(first_rest.split())
    end = len(lines)
    k = i
    while k + 1 < len(lines):
        k += 1
        line = lines[k]
        end = k
        if _STOP.match(line.text) or _is_section_heading(line, body_size or line.size):
            stopped = True
            break
        if body_size and abs(line.size - body_size) > 0.12 * body_size:
            resume = _resumes_in_next_column(lines, k, last, collected)
            if resume is None:
                break
            k = resume - 1
            continue
        if prev is not None and line.column == prev.column:
            gap = line.y0 - prev.y1
            size = max(line.size, prev.size)
            if gap > max(1.5 * size, line_gap + size):
                break
        if (
            prev is not None
            and words >= _MAX_ABSTRACT_WORDS
            and _paragraph_break(prev, line, line_gap)
        ):
            stopped = True
            break
        text, stop = _cut_at_copyright(_drop_markers(line))
        collected.append(text)
        words += len(text.split())
        if not body_size:
            body_size = line.size
        prev = last = line
        if stop:
            stopped = True
            break
    else:
        end = len(lines)
    abstract = clean_text(join_lines(collected, evidence))
    if (
        stopped
        or last is None
        or _SENTENCE_END.search(abstract)
        or any(_same_type(ln, last) for ln in lines[end:])
    ):
        last = None
    return abstract or None, last


_SENTENCE_END = re.compile(r"[.!?][)\"”’]?$")


def _resumes_in_next_column(
    lines: Sequence[_Line], k: int, last: _Line | None, collected: Sequence[str]
) -> int | None:
    """Where an abstract that footnotes interrupt at the foot of the left column (line `k`)
    goes on: the first line of the right column, when the abstract stopped in mid-sentence,
    nothing below it in the left column is in its type, and that line is."""
    if last is None or last.column != 1 or not collected or _SENTENCE_END.search(collected[-1]):
        return None
    j = k
    while j < len(lines) and lines[j].column == 1:
        if _same_type(lines[j], last):
            return None
        j += 1
    if j < len(lines) and lines[j].column == 2 and _same_type(lines[j], last):
        return j
    return None


def _same_type(line: _Line, other: _Line) -> bool:
    return line.font == other.font and abs(line.size - other.size) <= 0.12 * other.size


def _continuation(page: _Page, last: _Line) -> list[str]:
    """The lines at the top of `page` that go on with an abstract the previous page cut off in
    mid-sentence (its last line is `last`): in its type, up to a stop, a heading or a gap.
    A running head or page number in other type may stand above them."""
    taken: list[str] = []
    prev: _Line | None = None
    for k, line in enumerate(page.lines):
        if not _same_type(line, last):
            if taken or k >= 3:
                break
            continue
        if _STOP.match(line.text) or _is_section_heading(line, last.size):
            break
        gap = line.y0 - prev.y1 if prev is not None else 0.0
        limit = max(1.5 * line.size, page.line_gap + line.size)
        if prev is not None and line.column == prev.column and gap > limit:
            break
        text, stop = _cut_at_copyright(_drop_markers(line))
        taken.append(text)
        prev = line
        if stop:
            break
    return taken


def _reads_as_prose(text: str) -> bool:
    words = text.split()
    if len(words) < 25 or "@" in text:
        return False
    alpha = [w for w in words if w[:1].isalpha()]
    lower = [w for w in alpha if w[:1].islower()]
    return len(lower) >= 0.55 * len(words) and bool(re.search(r"[.!?][)\"”’]?(?:\s|$)", text))


def _first_prose_paragraph(
    lines: Sequence[_Line], evidence: _HyphenEvidence, title_lines: set[int], line_gap: float
) -> tuple[str | None, int | None]:
    paragraph: list[_Line] = []
    start = 0

    def finish() -> str | None:
        if not paragraph or any(id(ln) in title_lines for ln in paragraph):
            return None
        texts = []
        for ln in paragraph:
            text, stop = _cut_at_copyright(_drop_markers(ln))
            texts.append(text)
            if stop:
                break
        text = clean_text(join_lines(texts, evidence))
        return text if _reads_as_prose(text) else None

    for i, line in enumerate(lines):
        body = paragraph[0].size if paragraph else line.size
        if _is_section_heading(line, body) or _STOP.match(line.text) or _HISTORY.match(line.text):
            found = finish()
            if found:
                return found, start
            paragraph = []
            if not _HISTORY.match(line.text):
                return None, None  # the body starts: no abstract above it
            continue
        if paragraph and _paragraph_break(paragraph[-1], line, line_gap):
            found = finish()
            if found:
                return found, start
            paragraph = []
        if not paragraph:
            start = i
        paragraph.append(line)
    found = finish()
    return (found, start) if found else (None, None)


# ---------------------------------------------------------------------------------------------
# Title and authors


def _norm_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", clean_text(text).lower())


def _title_lines(page: _Page) -> list[_Line]:
    """The lines in the largest type in the top part of page 1, with the lines below them in
    the same size (a title runs over several lines)."""
    candidates = [
        ln
        for ln in page.lines
        if ln.y0 < 0.6 * page.height
        and sum(c.isalpha() for c in ln.text) >= 4
        and not find_arxiv_ids(ln.text)
    ]
    if not candidates:
        return []
    biggest = max(ln.size for ln in candidates)
    top = min((ln for ln in candidates if ln.size >= 0.95 * biggest), key=lambda ln: ln.y0)
    title = [top]
    for ln in sorted(candidates, key=lambda ln: ln.y0):
        if ln.y0 <= title[-1].y0 or ln is top:
            continue
        # (in the same weight: revtex's preprint mode sets the authors in the title's size)
        if (
            abs(ln.size - top.size) <= 0.05 * top.size
            and ln.bold == top.bold
            and ln.y0 - title[-1].y1 < 1.2 * top.size
        ):
            title.append(ln)
        elif ln.y0 > title[-1].y1:
            break
    return title


def _title(page: _Page, info_title: str) -> tuple[str | None, list[_Line]]:
    lines = _title_lines(page)
    # The Info title is often a file name or another paper's title: trust it only when page 1
    # prints it.
    key = _norm_key(info_title or "")
    if len(key) >= 8 and key in _norm_key(" ".join(ln.text for ln in page.lines)):
        printed = sorted(
            (ln for ln in page.lines if len(_norm_key(ln.text)) >= 3 and _norm_key(ln.text) in key),
            key=lambda ln: ln.y0,
        )
        run = printed[:1]
        for ln in printed[1:]:
            if 0 <= ln.y0 - run[-1].y1 < 1.2 * run[-1].size:
                run.append(ln)
            elif ln.y0 > run[-1].y1:
                break
        return clean_text(info_title), run or lines
    if not lines:
        return None, []
    text = clean_text(join_lines([_drop_markers(ln) for ln in lines], _HyphenEvidence()))
    if _norm_key(text) in _NOT_TITLES:
        return None, []  # a page without a title: its biggest type is a heading
    return (text.strip(" .,;:*") or None), lines


# Headings that can be the largest type on a page whose title is missing (a cover sheet lost,
# a paper cut from proceedings) or set smaller (a journal's page of highlights before the
# paper): never a paper's title.
_NOT_TITLES = frozenset(
    {
        "abstract",
        "introduction",
        "contents",
        "summary",
        "preface",
        "highlights",
        "researchhighlights",
        "graphicalabstract",
    }
)


_AFFILIATION = re.compile(
    r"universit|institut|department|dept\.|laborator|school|college|cent(?:er|re)\b|research|"
    r"corporation|\binc\b|\bltd\b|gmbh|academy|hospital|faculty|\busa\b|@|https?:|www\.",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\b(?:and|AND)\b|&|\s{3,})\s*")
_NAME_PARTICLE = {"van", "von", "der", "den", "de", "da", "del", "di", "du", "la", "le", "bin"}


def _authors(page: _Page, title: list[_Line], abstract_start: int | None) -> list[str]:
    """Names between the title and the abstract, in the type of the first line below the title
    (affiliations that share a line are set in another); footnote marks separate names."""
    if not title:
        return []
    bottom = max(ln.y1 for ln in title)
    stop_y = page.lines[abstract_start].y0 if abstract_start is not None else 0.5 * page.height
    title_ids = {id(ln) for ln in title}
    below = sorted(
        (
            ln
            for ln in page.lines
            if id(ln) not in title_ids and ln.y0 >= bottom - 1 and ln.y1 <= stop_y + 1
        ),
        key=lambda ln: (round(ln.y0), ln.x0),
    )
    name_span = next(
        (s for ln in below[:1] for s in ln.spans if s.text.strip() and not s.superscript), None
    )
    if name_span is None:
        return []
    names: list[str] = []
    for ln in below:
        pieces = []
        for s in ln.spans:
            if s.text.isspace() or (s.text in _SPACING_ACCENT and s.font == name_span.font):
                # (an accent of the OT1 encoding sits raised before its capital: "P´EREZ")
                pieces.append(s.text)
            elif s.superscript or (abs(s.size - name_span.size) < 0.3 and s.font == name_span.font):
                pieces.append("," if s.superscript else s.text)
            else:
                pieces.append(",")
        for part in _NAME_SPLIT.split(clean_text("".join(pieces))):
            name = _clean_name(part)
            if name and name not in names:
                names.append(name)
    return names[:50]


def _clean_name(part: str) -> str | None:
    part = re.sub(r"[\d*∗†‡§¶♯☯⋆,]+", " ", part)
    part = _SPACES.sub(" ", part).strip(" .")
    if _AFFILIATION.search(part):
        return None
    tokens = part.split()
    if not 2 <= len(tokens) <= 5:
        return None
    for t in tokens:
        if t.lower() in _NAME_PARTICLE:
            continue
        if not t[:1].isupper() or not re.fullmatch(r"[^\W\d_][\w.'’-]*", t):
            return None
    if part.isupper():
        part = " ".join(t if len(t) <= 2 and t.endswith(".") else t.title() for t in tokens)
    return part


# ---------------------------------------------------------------------------------------------
# Garbage detection


_WHITESPACE = re.compile(r"\s")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _garbage_reason(text: str) -> str | None:
    """Why a text layer is unusable, or None. Text from fonts without a Unicode map comes out as
    control characters; text from broken encodings as one- and two-letter scraps."""
    chars = len(text) - len(_WHITESPACE.findall(text))
    if chars < 40:
        return "no text layer"
    if len(_UNMAPPED.findall(text)) > 0.1 * chars:
        return "unreadable text layer"
    tokens = _LETTER_RUN.findall(text)
    if not tokens:
        return "unreadable text layer"
    if sum(1 for t in tokens if len(t) <= 2) > 0.5 * len(tokens):
        return "unreadable text layer"
    if sum(map(len, tokens)) < 0.5 * chars:
        return "unreadable text layer"
    return None


# ---------------------------------------------------------------------------------------------
# Whole document


def _ordered_blocks(page: Any) -> list[str]:
    """A later page's text blocks in reading order (cheaper than "dict"), lines kept apart."""
    import pymupdf

    blocks = [
        b
        for b in page.get_text("blocks", flags=pymupdf.TEXT_MEDIABOX_CLIP)
        if b[6] == 0 and b[4].strip()
    ]
    gutter = _find_gutter([(b[0], b[2], len(b[4])) for b in blocks], page.rect.width)
    as_lines = []
    for b in blocks:
        line = _Line(b[0], b[1], b[2], b[3], [])
        line.text = b[4]
        as_lines.append(line)
    return [ln.text for ln in _reading_order(as_lines, gutter)]


_EVIDENCE_PAGES = 50
_CLIP_ONLY = 64  # pymupdf.TEXT_MEDIABOX_CLIP


def _extract(doc: Any, path: Path, full_text: bool) -> PdfExtract:
    page_count = doc.page_count
    first = 0
    page1 = _read_page(doc[0])
    # A cover sheet without text: the paper starts on the next page.
    if not page1.lines and page_count > 1:
        first = 1
        page1 = _read_page(doc[1])
    page1_text = "\n".join(ln.text for ln in page1.lines)
    reason = _garbage_reason(page1_text)
    if reason == "no text layer" and page_count > first + 1:
        rest = "".join(doc[n].get_text("text") for n in range(first + 1, min(page_count, 6)))
        if _garbage_reason(rest) is None:
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

    # The paper's pages are the evidence for line-end hyphens (up to _EVIDENCE_PAGES, so that a
    # 300-page thesis costs no more than a long paper); the full text also needs reading order.
    evidence = _HyphenEvidence()
    evidence.add_text(page1_text)
    later: list[list[str]] = []
    if full_text:
        for n in range(first + 1, page_count):
            blocks = _ordered_blocks(doc[n])
            later.append(blocks)
            if n < _EVIDENCE_PAGES:
                evidence.add_text("\n".join(blocks))
    else:
        # Plain text with no flags beyond the clip is the cheapest text MuPDF produces.
        evidence.pending = (
            doc[n].get_text("text", flags=_CLIP_ONLY)
            for n in range(first + 1, min(page_count, _EVIDENCE_PAGES))
        )

    title, title_lines = _title(page1, (doc.metadata or {}).get("title") or "")
    title_ids = {id(ln) for ln in title_lines}
    abstract, abstract_start, open_end = _find_abstract(page1, evidence, title_ids)
    title_page, abstract_page = page1, first
    if abstract is None:
        # Reports and theses put the abstract, under its heading, on a page after the title
        # page; only without one there is the first prose paragraph of page 1 taken.
        for n, page in _front_matter(doc, first, page1):
            abstract, start, open_end = _find_abstract(page, evidence, set())
            if abstract is not None:
                abstract_page = n
                if title is None:
                    # Page 1 had no title (a page of highlights, a graphical abstract): the
                    # paper begins on the page with its abstract.
                    title, title_lines = _title(page, "")
                    title_page, abstract_start = page, start
                break
    if abstract is not None and open_end is not None and abstract_page + 1 < page_count:
        # A long abstract in a one-column preprint runs over to the next page.
        more = _continuation(_read_page(doc[abstract_page + 1]), open_end)
        if more:
            abstract = clean_text(join_lines([abstract, *more], evidence))
    if abstract is None:
        abstract, abstract_start = _first_prose_paragraph(
            page1.lines, evidence, title_ids, page1.line_gap
        )
    authors = _authors(title_page, title_lines, abstract_start)
    arxiv = _arxiv_id(page1, path)

    text = None
    if full_text:
        pages = [_page_text(page1, evidence)]
        pages += ["\n".join(clean_text(join_lines(b.splitlines(), evidence)) for b in blocks)
                  for blocks in later]  # fmt: skip
        text = "\n\n".join(t for t in pages if t)
    return PdfExtract(
        title=title,
        authors=authors,
        abstract=abstract,
        arxiv_id=arxiv.id if arxiv else None,
        arxiv_version=arxiv.version if arxiv else None,
        pages=page_count,
        text=text,
    )


_FRONT_MATTER_PAGES = 8
_TITLE_PAGE_WORDS = 250
_TEXT_BEGINS = re.compile(
    r"^(?:(?:table\s+of\s+)?contents|chapter\s+(?:1|one|i)\b|1\.?\s+introduction)", re.I
)


def _front_matter(doc: Any, first: int, page1: _Page) -> Iterator[tuple[int, _Page]]:
    """The pages after page 1 that can hold the abstract: the next one always; when page 1 is
    a title page (few words), the ones after it too (a thesis puts a declaration or its
    acknowledgements first), up to the page where the text begins."""
    end = min(doc.page_count, first + _FRONT_MATTER_PAGES)
    title_page = sum(len(ln.words()) for ln in page1.lines) < _TITLE_PAGE_WORDS
    for n in range(first + 1, end):
        page = _read_page(doc[n])
        yield n, page
        if not title_page or any(_TEXT_BEGINS.match(ln.text) for ln in page.lines):
            return


def _page_text(page: _Page, evidence: _HyphenEvidence) -> str:
    paragraphs: list[list[str]] = []
    prev: _Line | None = None
    for line in page.lines:
        if prev is None or _paragraph_break(prev, line, page.line_gap):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        prev = line
    return "\n".join(clean_text(join_lines(p, evidence)) for p in paragraphs)


def _arxiv_id(page: _Page, path: Path) -> ArxivId | None:
    """From the margin stamp; else the one id page 1 prints (several would be citations);
    else the file name."""
    for text in page.rotated_text:
        found = find_arxiv_ids(text)
        if found:
            return found[0]
    found = find_arxiv_ids("\n".join(ln.text for ln in page.lines))
    if found and len({a.id for a in found}) == 1:
        return found[0]
    return arxiv_id_from_filename(path.name)
