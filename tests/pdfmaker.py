"""Build small paper-like PDFs with pymupdf for the extraction tests.

Each layout is drawn line by line at fixed positions (as LaTeX and Word output is) through
TextWriter, which writes any Unicode text (em dashes, ligatures) with the built-in fonts:
helv / hebo (Helvetica, bold) and tiro / tibo (Times, bold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

WIDTH, HEIGHT = 612, 792
LEFT = (54, 290)  # x range of the left column
RIGHT = (322, 558)
FULL = (72, 540)

# Filler prose for columns (written for these tests).
_BODY = (
    "The method reads each page of the document in the order a person would read it and "
    "keeps the structure of the text intact while the layout changes from one column to two "
    "columns and back again. We measure how often the order is right on a set of synthetic "
    "pages and report the results for every layout that the reader has to handle in practice. "
)


_FONTS: dict[str, pymupdf.Font] = {}


def put(
    page: pymupdf.Page,
    x: float,
    y: float,
    text: str,
    size: float = 10,
    font: str = "tiro",
    rotate: int = 0,
) -> float:
    """Write `text` with its baseline starting at (x, y); return the x where it ends."""
    if font not in _FONTS:
        _FONTS[font] = pymupdf.Font(font)
    writer = pymupdf.TextWriter(page.rect)
    _, end = writer.append((x, y), text, font=_FONTS[font], fontsize=size)
    morph = (pymupdf.Point(x, y), pymupdf.Matrix(-rotate)) if rotate else None
    writer.write_text(page, morph=morph)
    return end.x


def justify(
    page: pymupdf.Page, rect: pymupdf.Rect, text: str, size: float = 10, font: str = "tiro"
) -> None:
    """Fill `rect` with `text` in justified lines, as TeX sets a column: every full line ends at
    the same x, so the gap between two columns is the same on every line."""
    if font not in _FONTS:
        _FONTS[font] = pymupdf.Font(font)
    writer = pymupdf.TextWriter(page.rect)
    writer.fill_textbox(
        rect, text, font=_FONTS[font], fontsize=size, align=pymupdf.TEXT_ALIGN_JUSTIFY
    )
    writer.write_text(page)


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at `width` characters, breaking only at spaces."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def body(n_lines: int, width: int = 48, extra: str = "") -> list[str]:
    text = extra + " " + _BODY * (1 + n_lines * width // len(_BODY))
    return wrap(text, width)[:n_lines]


@dataclass
class Paper:
    """A first page: title, authors, an abstract (with or without a heading) and a body."""

    title: list[str] = field(default_factory=lambda: ["Reading Order for Synthetic Papers"])
    authors: str = "Ada Lovelace, Alan Turing and Grace Hopper"
    affiliation: str = "Department of Computing, University of Nowhere"
    heading: str | None = "Abstract"  # None: no heading at all
    inline_heading: bool = False  # "Abstract—In this paper..." on the first abstract line
    small_caps: bool = False  # "A" in 12 pt, "BSTRACT" in 9.6 pt
    abstract: list[str] = field(default_factory=list)
    after_abstract: str = "1 Introduction"
    two_columns: bool = True
    stamp: str | None = None  # rotated text in the left margin
    info_title: str | None = None
    banner: str | None = None  # a journal name above the title, in larger type than it
    body_extra: str = ""  # words that open the body text (hyphenation evidence)
    right_extra: str = ""  # words that open the right column
    pages: int = 2


def build(path: Path, paper: Paper) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = 80.0
    if paper.banner:
        put(page, 90, 50, paper.banner, 26, "tiro")
    for line in paper.title:
        put(page, 90, y, line, 17, "hebo")
        y += 21
    y += 8
    put(page, 150, y, paper.authors, 12, "helv")
    y += 14
    put(page, 150, y, paper.affiliation, 10, "helv")
    y += 40
    x0 = LEFT[0] if paper.two_columns else FULL[0]
    column_top = y
    if paper.heading and not paper.inline_heading:
        if paper.small_caps:
            end = put(page, x0, y, paper.heading[0], 12, "tibo")
            put(page, end, y, paper.heading[1:].upper(), 9.6, "tibo")
        else:
            put(page, x0, y, paper.heading, 12, "tibo")
        y += 16
    for i, line in enumerate(paper.abstract):
        if i == 0 and paper.heading and paper.inline_heading:
            end = put(page, x0, y, paper.heading, 9, "tibo")
            put(page, end, y, line, 9, "tiro")
        else:
            put(page, x0, y, line, 9, "tiro")
        y += 11
    y += 14
    if paper.after_abstract:
        put(page, x0, y, paper.after_abstract, 12, "tibo")
        y += 16
    if paper.two_columns:
        for line in body(int((HEIGHT - 60 - y) / 11), extra=paper.body_extra):
            put(page, LEFT[0], y, line, 10, "tiro")
            y += 11
        ry = column_top
        for line in body(int((HEIGHT - 60 - column_top) / 11), extra=paper.right_extra):
            put(page, RIGHT[0], ry, line, 10, "tiro")
            ry += 11
    else:
        for line in body(int((HEIGHT - 60 - y) / 12), width=90, extra=paper.body_extra):
            put(page, FULL[0], y, line, 10, "tiro")
            y += 12
    if paper.stamp:
        put(page, 32, 560, paper.stamp, 20, "tiro", rotate=90)
    for _ in range(paper.pages - 1):
        more = doc.new_page(width=WIDTH, height=HEIGHT)
        yy = 72.0
        for line in body(50, width=90, extra=paper.body_extra):
            put(more, FULL[0], yy, line, 10, "tiro")
            yy += 12
    if paper.info_title is not None:
        doc.set_metadata({"title": paper.info_title})
    doc.save(path)
    return path


ABSTRACT = wrap(
    "We present a simple way to read the first page of a scientific paper. The reader "
    "follows the columns of the page, skips the margin notes, and stops at the first section. "
    "It recovers the title and the abstract of every paper in our collection, and it runs in a "
    "fraction of a second on an ordinary laptop computer.",
    48,
)
ABSTRACT_TEXT = " ".join(ABSTRACT)


def bomb(path: Path, megabytes: float, *, page: int = 1) -> Path:
    """A two-page paper whose page `page` (1 or 2) also draws `megabytes` MB of text in one
    content stream, as a hostile or broken PDF does: Flate squeezes the repeated lines into a
    few hundred KB that inflate when the page is read. Page 1 otherwise has a title and an
    abstract; page 2 body text."""
    doc = pymupdf.open()
    first = doc.new_page(width=WIDTH, height=HEIGHT)
    put(first, 90, 80, "A Paper That Inflates", 17, "hebo")
    put(first, 72, 150, "Abstract", 12, "tibo")
    for i, line in enumerate(ABSTRACT):
        put(first, 72, 170 + 12 * i, line, 10)
    second = doc.new_page(width=WIDTH, height=HEIGHT)
    for i, line in enumerate(body(50, width=90)):
        put(second, FULL[0], 72 + 12 * i, line, 10)
    target = doc[page - 1]
    target.insert_text((72, 60), "Inflating text follows.", fontsize=8, fontname="helv")
    # Lines of text stepping down the lower half of the page and back up, over and over: all of
    # them stay on the page, so a reader gets every character, and none is near the abstract.
    line = b"0 -5 Td (" + _BODY.encode("ascii")[:120] + b") Tj\n"
    block = b"BT /helv 8 Tf 72 400 Td\n" + line * 60 + b"ET\n"
    data = block * max(1, int(megabytes * 1_000_000 / len(block)))
    xref = target.get_contents()[-1]
    doc.update_stream(xref, doc.xref_stream(xref) + data, compress=True)
    doc.save(path, garbage=1)
    return path


def text_pages(path: Path, pages: int, lines_per_page: int) -> Path:
    """A paper of `pages` pages after a first page like bomb()'s, each page `lines_per_page`
    lines of 120 characters (overprinted in the lower half of the page as needed), page N's
    text starting "Page N.". Written as raw content streams: fast to build in any number."""
    doc = pymupdf.open()
    first = doc.new_page(width=WIDTH, height=HEIGHT)
    put(first, 90, 80, "A Paper That Inflates", 17, "hebo")
    put(first, 72, 150, "Abstract", 12, "tibo")
    for i, line in enumerate(ABSTRACT):
        put(first, 72, 170 + 12 * i, line, 10)
    line = b"0 -5 Td (" + _BODY.encode("ascii")[:120] + b") Tj\n"
    for n in range(2, pages + 1):
        page = doc.new_page(width=WIDTH, height=HEIGHT)
        page.insert_text((72, 60), f"Page {n}.", fontsize=8, fontname="helv")
        block = b"BT /helv 8 Tf 72 400 Td\n" + line * 60 + b"ET\n"
        data = block * (lines_per_page // 60)
        data += b"BT /helv 8 Tf 72 400 Td\n" + line * (lines_per_page % 60) + b"ET\n"
        xref = page.get_contents()[-1]
        doc.update_stream(xref, doc.xref_stream(xref) + data, compress=True)
    doc.save(path, garbage=1)
    return path


def ocr_scan(path: Path) -> Path:
    """A scanned journal page with an OCR layer, as ABBYY lays one over a scan: the page is an
    image, and the text over it is invisible (render mode 3), every word in one bold font and
    in a size guessed from its glyphs (the title's words in 9.3 pt and one in 9.8, the body's
    in 9.8 with some in 10.6, the abstract in 8.1). A running head ("272", "Notes") is above
    the title; the right column opens with a formula whose OCR is garbage in larger type, at
    the height of the title; the names end in marks read as quotes; the abstract has no
    heading."""
    doc = pymupdf.open()
    page = doc.new_page(width=510, height=713)
    scan = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 255, 357), False)
    scan.clear_with(235)
    page.insert_image(page.rect, pixmap=scan)
    font = pymupdf.Font("tibo")
    writer = pymupdf.TextWriter(page.rect)

    def words(x: float, y: float, text: str, size: float, sizes: dict[str, float]) -> None:
        for word in text.split():
            _, end = writer.append((x, y), word + " ", font=font, fontsize=sizes.get(word, size))
            x = end.x

    words(33, 35, "272", 8.1, {})
    words(246, 35, "Notes", 8.1, {})
    words(33, 55, "Exact Solitary-wave Solutions for the General", 9.3, {"for": 9.8, "the": 9.8})
    words(33, 66, "Fifth-order Shallow Water-wave Models", 9.3, {})
    words(33, 85, "Woo-Pyo Hong and Young-Dae Jung''", 9.8, {})
    affiliations = [
        "Department of Physics, Catholic University of Taegu-Hyosung,",
        "Hayang, Kyongsan, Kyungbuk 712-702, South Korea",
        "* Department of Physics, Hanyang University, Ansan,",
        "Kyunggi-Do 425-791, South Korea",
    ]
    for i, line in enumerate(affiliations):
        words(33, 98 + 9 * i, line, 8.1, {"712-702,": 9.8, "425-791,": 9.7})
    words(32, 141, "Z. Naturforsch. 54 a, 272-273 (1999);", 9.8, {"Z.": 8.7, "Naturforsch.": 8.7})
    words(32, 150, "received December 15, 1998", 8.1, {})
    for i, line in enumerate(wrap(ABSTRACT_TEXT, 62)):
        words(32, 167 + 9 * i, line, 8.1, {"the": 8.3, "to": 8.9, "a": 8.9})
    for i, line in enumerate(body(30, width=52)):
        words(31, 235 + 11.5 * i, line, 9.8, {"the": 10.6})
    words(263, 56, "(tanh^): -2 ^(0 [ - 8 4 0 a / # 2 « ^(O", 9.8, {})
    words(263, 72, "- 112y/^2(0V(0^ + 32y/#,(0V(0' + 2qvv^ = 0", 10.6, {})
    for i, line in enumerate(body(50, width=52)):
        words(263, 95 + 11.5 * i, line, 9.8, {"the": 10.6})
    writer.write_text(page, render_mode=3)
    doc.save(path)
    return path
