"""Page geometry: text fragments with fonts and positions -> visual lines in reading order.

Pure geometry on the page model below; the reader (reader.py) fills it from PyMuPDF, and the
later stages read the lines it gives. How a page is put together:
- line numbers in the margins (manuscripts for review) are left out;
- fragments on one baseline are joined into visual lines, with a space only where the glyphs
  leave a gap (Type3-font PDFs put every syllable in its own fragment);
- the page is cut into bands at empty strips, and a band's gutter, if it has one, gives
  two-column reading order: full-width lines in place, and between them the left column
  before the right. Neighbouring bands with one gutter are one region.
Sizes are in points, or in ems (a share of the type size) where the name says so.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from readinglist.pdf.text import SPACING_ACCENT, collapse_spaces

# Slack for glyph boxes, in points: a box reaches a point or so beyond the ink, so text that
# ends within it of a gutter or a margin still stands on its side of it.
GLYPH_SLACK = 1.0
# Lines are in another type size when their sizes differ by more than this share: a footnote
# or a heading does, the glyphs of one type do not.
SIZE_CHANGE = 0.1
# A gap between glyphs wider than this share of an em is a space between words: kerning stays
# under it, a thin space (1/6 em) is over it. MuPDF leaves the space out between fragments and
# spans set apart by position alone.
WORD_SPACE_EM = 0.12
# An accent that LaTeX's OT1 fonts set as a glyph of its own is centred over its letter, up to
# half an em after the end of the letters before it (over a wide capital: "FERN´ANDEZ").
_ACCENT_OFFSET_EM = 0.5
# An overlap of two fragments wider than this share of an em is stacked math (a fraction's
# numerator above its denominator), not kerning: its parts are separate words.
_STACKED_MATH_EM = 0.3
# A gap between two lines of one paragraph set solid stays under 0.8 em; the space before a
# new paragraph, a heading or another block is wider.
PARAGRAPH_GAP_EM = 0.8
# On a double-spaced page, a paragraph break is wider than 1.4 times the page's usual gap
# between lines (commit 5a4a042: the nature class, revtex's preprint mode).
_PARAGRAPH_GAP_LINES = 1.4

# The usual gap between lines (`_usual_line_gap`): gaps wider than 3 em are between blocks,
# and fewer than 5 gaps make no usual one.
_LINE_GAP_MAX_EM = 3
_LINE_GAP_MIN_COUNT = 5

# Line numbers (acmart's `review`, lineno): at least this many bare numbers in a margin
# (commit 5f3fcd1); fewer are page numbers, footnote marks or table cells.
_LINE_NUMBER = re.compile(r"\d{1,4}")
_LINE_NUMBERS_MIN = 5

# Bands (`_regions`) are cut at empty strips taller than 12 pt and 1.5 times the height of the
# fragment below: more than the space between two lines of text, even double-spaced.
_BAND_GAP = 12.0
_BAND_GAP_LINES = 1.5
# Fragments are joined across gaps up to 3/4 em when seeking a band's gutter: LaTeX's standard
# classes leave 10 pt between columns, under one em in 11 and 12 pt type (commit 388d3aa).
_GUTTER_SEARCH_JOIN_EM = 0.75
# Two bands' gutters within 10 pt of each other are one gutter: author blocks set side by
# side above the columns leave a gap a few points off the columns' own.
_SAME_GUTTER = 10

# The gutter search (`find_gutter`): candidate x every 2 pt in the middle half of the page.
_GUTTER_STEP = 2.0
_GUTTER_ZONE = (0.25, 0.75)
# (int(x + 0.9999) rounds x up, except x less than 0.0001 above a whole number, as float error
# leaves a position that is on a bin's edge.)
_ROUND_UP = 0.9999
# x positions crossed by no more than the least crossing plus 1% of the page's text are all
# "least crossed": the widest run of them holds the gutter.
_GUTTER_PLATEAU = 0.01
# Each side of a gutter holds at least 12% of the page's text, or, when nothing crosses the
# gutter, 40 characters: the narrow "article info" box beside an abstract holds a few keywords
# and no more (commit 54333c0, Elsevier's cas-dc).
_GUTTER_SIDE_SHARE = 0.12
_GUTTER_SIDE_MIN_CHARS = 40

# Fragments join into one line (`join_fragments`) when their boxes overlap vertically by half
# the smaller box's height (a superscript beside its word does; the line below does not),
# looked for among the last 4 lines started; boxes count at least 0.1 pt tall.
_BASELINE_OVERLAP = 0.5
_JOIN_LOOKBACK = 4
_MIN_BOX_HEIGHT = 0.1
# ...and when the gap between them is no wider than 2 em: wider gaps part table cells and
# side-by-side blocks.
_JOIN_GAP_EM = 2.0
# Type under 70% of its neighbour's size beside it is another block (a title beside the first
# line of a column), unless one side is a few characters: a superscript or a footnote mark.
_SUPERSCRIPT_SIZE = 0.7
_SUPERSCRIPT_MAX_CHARS = 3
# The short last line of a full-width paragraph starts within half an em of the paragraph's x.
_SAME_INDENT_EM = 0.5
# Sizes are compared rounded to 0.1 pt, and lines sorted by their top rounded to 0.1 pt, so
# that float noise in MuPDF's boxes does not split one type or one row.
_ROUND_DIGITS = 1

# Where a line stands (Line.column): across the page, or in the left or the right column.
FULL_WIDTH, LEFT, RIGHT = 0, 1, 2


@dataclass
class Span:
    text: str
    size: float
    font: str
    bold: bool
    superscript: bool
    x0: float
    x1: float


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    spans: list[Span]
    text: str = ""
    size: float = 0.0
    font: str = ""
    bold: bool = False
    column: int = FULL_WIDTH  # (also on a page of one column)

    def finish(self) -> Line:
        self.text = collapse_spaces("".join(s.text for s in self.spans))
        # The type most of the characters are in. (MuPDF's superscript flag is no help here: it
        # flags whole lines of ordinary text that follow a raised symbol.)
        weight: dict[tuple[float, str, bool], int] = {}
        for s in self.spans:
            key = (round(s.size, _ROUND_DIGITS), s.font, s.bold)
            # (+1: a span of spaces still counts for the type it is in)
            weight[key] = weight.get(key, 0) + len(s.text.strip()) + 1
        self.size, self.font, self.bold = max(weight, key=weight.__getitem__)
        return self

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def words(self) -> list[str]:
        return self.text.split()


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]  # reading order
    rotated_text: list[str] = field(default_factory=list)
    line_gap: float = 0.0  # between the lines of a paragraph (see _usual_line_gap)
    # The text is an OCR layer: invisible text laid over a scanned image, whose type sizes
    # are an OCR engine's guesses (see reader.py).
    ocr: bool = False

    @cached_property
    def text(self) -> str:
        """The page's lines in reading order, one a line."""
        return "\n".join(ln.text for ln in self.lines)


def lay_out(
    fragments: list[Line], width: float, height: float, rotated: list[str], *, ocr: bool = False
) -> Page:
    """A page from its fragments (each finished): line numbers out, lines in reading order."""
    fragments = _without_line_numbers(fragments)
    lines: list[Line] = []
    for region, gutter in _regions(fragments, width):
        lines.extend(reading_order(join_fragments(region, gutter), gutter))
    return Page(width, height, lines, rotated, _usual_line_gap(lines), ocr)


def missing_space(left: str, right: str, gap: float, size: float, *, stacked: bool = False) -> bool:
    """Whether a space the PDF does not print belongs between text ending in `left` and text
    starting with `right`, set `gap` points apart in type of `size`: a gap wider than a word
    space allows for, or with `stacked`, an overlap that is stacked math."""
    if any(c.isspace() for c in left[-1:] + right[:1]):
        return False
    if right in SPACING_ACCENT:
        return gap > _ACCENT_OFFSET_EM * size
    return gap > WORD_SPACE_EM * size or (stacked and gap < -_STACKED_MATH_EM * size)


def crosses(line: Line, gutter: float) -> bool:
    """Whether `line` runs across the gutter at x = `gutter` (a full-width line)."""
    return line.x0 < gutter - GLYPH_SLACK and line.x1 > gutter + GLYPH_SLACK


def paragraph_break(prev: Line, line: Line, line_gap: float) -> bool:
    """Whether `line` starts a paragraph after `prev`: another column, another type size, a
    gap wider than the page's line spacing allows (`line_gap`: see _usual_line_gap), or a step
    back up the page."""
    if prev.column != line.column:
        return True
    if abs(line.size - prev.size) > SIZE_CHANGE * max(line.size, prev.size):
        return True
    gap = line.y0 - prev.y1
    size = max(line.size, prev.size)
    return gap > max(PARAGRAPH_GAP_EM * size, _PARAGRAPH_GAP_LINES * line_gap) or gap < -prev.height


_MARKER = re.compile(r"^[\d,*∗†‡§¶♯☯⋆\s]+$")
# What a footnote mark follows: a word, or punctuation that ends one.
_MARKED = re.compile(r"(?:[^\W\d_]{2}|[.,;:)\]])$")


def drop_markers(line: Line) -> str:
    """The line's text without footnote markers: runs of superscript digits and symbols after a
    word ("Plain¹", "Computer∗", "Smith¹,²"). Other superscripts are kept: after a lone symbol
    (Θ⋆) or in a run with other characters ("[Ca²⁺]", "10^6.6") they are mathematics, and digits
    raised after a number are its power, written with a caret ("10^6")."""
    parts: list[str] = []
    spans = line.spans
    i = 0
    while i < len(spans):
        if not spans[i].superscript:
            parts.append(spans[i].text)
            i += 1
            continue
        j = i
        while j < len(spans) and spans[j].superscript:
            j += 1
        run = "".join(s.text for s in spans[i:j])
        before = "".join(parts)
        if before[-1:].isdigit() and not run[:1].isspace():
            parts.append("^" + run)
        elif not (_MARKER.match(run) and i > 0 and _MARKED.search(before)):
            parts.append(run)
        i = j
    return collapse_spaces("".join(parts))


def _usual_line_gap(lines: Sequence[Line]) -> float:
    """The usual space between one line of a paragraph and the next on this page: a point or
    two when set solid, most of a line when double-spaced (manuscripts, the nature class,
    revtex's preprint mode). Paragraph breaks and the end of an abstract are gaps beyond it."""
    gaps = sorted(
        b.y0 - a.y1
        for a, b in itertools.pairwise(lines)
        if a.column == b.column
        and abs(a.size - b.size) <= SIZE_CHANGE * a.size
        and -GLYPH_SLACK < b.y0 - a.y1 < _LINE_GAP_MAX_EM * a.size
    )
    return gaps[len(gaps) // 2] if len(gaps) >= _LINE_GAP_MIN_COUNT else 0.0


def _without_line_numbers(fragments: list[Line]) -> list[Line]:
    """The fragments less the line numbers of a manuscript set for review (lineno, acmart's
    `review`): bare numbers in a margin, left of all other text or right of it. Left in, they
    join the lines beside them and split every paragraph into one-line pieces."""
    numbers = [f for f in fragments if _LINE_NUMBER.fullmatch(f.text)]
    if len(numbers) < _LINE_NUMBERS_MIN:
        return fragments
    numbered = {id(f) for f in numbers}
    others = [f for f in fragments if id(f) not in numbered]
    if not others:
        return fragments
    left = min(f.x0 for f in others)
    right = max(f.x1 for f in others)
    margin = {id(f) for f in numbers if f.x1 <= left + GLYPH_SLACK or f.x0 >= right - GLYPH_SLACK}
    if len(margin) < _LINE_NUMBERS_MIN:
        return fragments
    return [f for f in fragments if id(f) not in margin]


def _regions(fragments: list[Line], width: float) -> list[tuple[list[Line], float | None]]:
    """The page cut into horizontal bands at empty strips, each with its gutter (or None);
    neighbouring bands that share a gutter are one region, read column by column.

    One gutter per page is not enough: a journal's first page may set a narrow "article info"
    box beside the abstract, above a body of two equal columns.
    """
    bands: list[list[Line]] = []
    bottom = -1.0
    for f in sorted(fragments, key=lambda f: f.y0):
        if not bands or f.y0 - bottom > max(_BAND_GAP, _BAND_GAP_LINES * f.height):
            bands.append([])
        bands[-1].append(f)
        bottom = max(bottom, f.y1)
    # Gutters are sought among lines, not fragments: a PDF that places each word on its own
    # (Type3 fonts) would show a "gutter" wherever word gaps happen to line up. Joining at
    # word spaces only keeps two columns apart, whose gap is wider.
    gutters = []
    for band in bands:
        lines = join_fragments(band, None, max_gap=_GUTTER_SEARCH_JOIN_EM)
        gutters.append(find_gutter([(ln.x0, ln.x1, len(ln.text)) for ln in lines], width))
    regions: list[tuple[list[Line], float | None]] = []
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
                and not any(crosses(f, previous_gutter) for f in band)
            ):
                gutter = previous_gutter
            if (
                gutter is not None
                and previous_gutter is not None
                and abs(gutter - previous_gutter) < _SAME_GUTTER
            ):
                previous.extend(band)
                if weight > weights[-1]:
                    regions[-1] = (previous, gutter)
                    weights[-1] = weight
                continue
        regions.append((band, gutter))
        weights.append(weight)
    return regions


def find_gutter(items: Sequence[tuple[float, float, int]], width: float) -> float | None:
    """The x of the gap between two columns, or None for a single-column page. `items` are
    (x0, x1, characters) of the page's lines or blocks.

    Weighted by characters: the x in the middle half of the page crossed by the least text,
    accepted when both sides hold a good share of the page's text and more than crosses it
    (or a few lines, when nothing crosses it).
    """
    total = sum(w for _, _, w in items)
    if total == 0 or width <= 0:
        return None
    step = _GUTTER_STEP
    lo, hi = _GUTTER_ZONE[0] * width, _GUTTER_ZONE[1] * width
    bins = int((hi - lo) / step) + 1
    cover = [0] * (bins + 1)
    ends_before = [0] * (bins + 1)  # text ending at or before bin i (x1 <= x)
    starts_after = [0] * (bins + 2)  # text starting at or after bin i (x0 >= x)
    for x0, x1, w in items:
        # crossing: x0 < x < x1, less the glyph boxes' slack
        a = max(0, int((x0 + GLYPH_SLACK - lo) / step) + 1)
        b = min(bins - 1, int((x1 - GLYPH_SLACK - lo) / step))
        if a <= b:
            cover[a] += w
            cover[b + 1] -= w
        i_end = max(0, int((x1 - lo) / step + _ROUND_UP))
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
    plateau = [i for i in range(bins) if crossing[i] <= best + _GUTTER_PLATEAU * total]
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
    if crossing[i] <= side and (
        side >= _GUTTER_SIDE_SHARE * total or (crossing[i] == 0 and side >= _GUTTER_SIDE_MIN_CHARS)
    ):
        return lo + i * step
    return None


def join_fragments(
    fragments: list[Line], gutter: float | None, max_gap: float = _JOIN_GAP_EM
) -> list[Line]:
    """Fragments on one baseline, close together (`max_gap` em) and on one side of the gutter
    -> one line."""
    fragments = sorted(fragments, key=lambda f: ((f.y0 + f.y1) / 2, f.x0))
    bands: list[list[Line]] = []
    for f in fragments:
        for band in reversed(bands[-_JOIN_LOOKBACK:]):
            anchor = band[0]
            overlap = min(f.y1, anchor.y1) - max(f.y0, anchor.y0)
            if overlap >= _BASELINE_OVERLAP * max(_MIN_BOX_HEIGHT, min(f.height, anchor.height)):
                band.append(f)
                break
        else:
            bands.append([f])
    lines: list[Line] = []
    for band in bands:
        band.sort(key=lambda f: f.x0)
        current: Line | None = None
        n_spans = 0  # spans `current` started with: more means it was joined
        for f in band:
            if current is not None and _same_line(current, f, gutter, max_gap):
                left, right = current.spans[-1].text, f.spans[0].text
                gap = f.x0 - current.x1
                if missing_space(left, right, gap, max(current.size, f.size), stacked=True):
                    current.spans.append(Span(" ", f.size, f.font, f.bold, False, current.x1, f.x0))
                current.spans.extend(f.spans)
                current.y0 = min(current.y0, f.y0)
                current.y1 = max(current.y1, f.y1)
                current.x1 = max(current.x1, f.x1)
                current.size = max(current.size, f.size)  # for _same_line; finish() sets it
            else:
                if current is not None:
                    lines.append(current.finish() if len(current.spans) > n_spans else current)
                current = Line(
                    f.x0, f.y0, f.x1, f.y1, list(f.spans), f.text, f.size, f.font, f.bold
                )
                n_spans = len(f.spans)
        if current is not None:
            lines.append(current.finish() if len(current.spans) > n_spans else current)
    return lines


def _same_line(left: Line, right: Line, gutter: float | None, max_gap: float) -> bool:
    if gutter is not None and left.x1 <= gutter + GLYPH_SLACK and right.x0 >= gutter - GLYPH_SLACK:
        return False
    small, big = sorted((left.size, right.size))
    short = min(len(left.text), len(right.text)) <= _SUPERSCRIPT_MAX_CHARS
    if small < _SUPERSCRIPT_SIZE * big and not short:
        return False
    return right.x0 - left.x1 <= max_gap * big


def reading_order(lines: list[Line], gutter: float | None) -> list[Line]:
    """`lines` top to bottom; with a gutter, full-width lines in place and between them the
    left column before the right. Sets each line's `column`."""
    lines = sorted(lines, key=lambda ln: (round(ln.y0, _ROUND_DIGITS), ln.x0))
    if gutter is None:
        return lines
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        ordered.extend(left)
        ordered.extend(right)
        left.clear()
        right.clear()

    last_full: Line | None = None
    for ln in lines:
        crossing = crosses(ln, gutter)
        if not crossing and last_full is not None and not left and not right:
            # The short last line of a full-width paragraph stays with its paragraph: close
            # below it, at its x, in its type. (Before the page's line spacing is known, so
            # measured in ems alone, unlike paragraph_break.)
            crossing = (
                ln.y0 - last_full.y1 < PARAGRAPH_GAP_EM * ln.size
                and abs(ln.x0 - last_full.x0) < _SAME_INDENT_EM * ln.size
                and abs(ln.size - last_full.size) < SIZE_CHANGE * ln.size
            )
        if crossing:
            flush()
            ln.column = FULL_WIDTH
            ordered.append(ln)
            last_full = ln
        elif (ln.x0 + ln.x1) / 2 < gutter:
            ln.column = LEFT
            left.append(ln)
        else:
            ln.column = RIGHT
            right.append(ln)
    flush()
    return ordered
