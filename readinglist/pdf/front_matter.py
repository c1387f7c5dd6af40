"""Title and authors, from the page a paper starts on.

The title is the largest type in the top part of the page, with the lines below it in the
same type; the document's Info title is taken instead only when the page prints it (it is
often a file name or another paper's title). On a scanned page, whose text is an OCR layer,
type sizes are guesses: the title is the first prose at the top, down to the names. The
authors are the names between the title and the abstract, in the type of the first line below
the title: affiliations that share a line are set in another, and footnote marks separate names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from readinglist.identifiers import find_arxiv_ids
from readinglist.pdf.layout import GLYPH_SLACK, Line, Page, drop_markers
from readinglist.pdf.text import (
    SPACING_ACCENT,
    HyphenEvidence,
    clean_text,
    collapse_spaces,
    paragraph_text,
)

# The title stands in the top 60% of the page, on lines with at least 4 letters (not a page
# number, a date or a stamp with an arXiv id).
_TITLE_ZONE = 0.6
_TITLE_MIN_LETTERS = 4
# The title's type is the largest on the page, or within 5% of it (the topmost line of those):
# a title's size varies a little with its words' glyphs and fonts.
_TITLE_SIZE_SHARE = 0.95
# A line continues the title when within 5% of its size, and starts within 1.2 em below the
# title's last line: the leading of a title set over several lines.
_TITLE_SAME_SIZE = 0.05
_TITLE_LEADING = 1.2
# The Info title counts as printed when its letters (8 at least, fewer match by chance) are on
# the page; its lines are those whose letters (3 at least) are part of it.
_INFO_TITLE_MIN_CHARS = 8
_INFO_LINE_MIN_CHARS = 3
# Without an abstract found below them, names are sought down to the middle of the page.
_AUTHORS_ZONE = 0.5
# Spans in the names' font and within 0.3 pt of their size are names: the rest of a line in
# another type (an affiliation, an e-mail address) separates them.
_NAME_SIZE_SLACK = 0.3
# A name has 2 to 5 words, particles included; initials of 2 characters ("J.") keep their case
# when a name in capitals is recased.
_NAME_WORDS = (2, 5)
_INITIAL_CHARS = 2
# No more names than this: past it, the "names" are a list of something else.
_MAX_AUTHORS = 50
# Lines are in one row of author blocks when their boxes overlap by half the shorter one.
_ROW_OVERLAP = 0.5
_LETTERS = re.compile(r"[^\W\d_]{2}")
# The word that introduces the names, in the languages title pages come in ("by", "par").
_BY = re.compile(r"^(?:by|par|von|por|door|av|przez|di)$", re.IGNORECASE)
# On an OCR layer, a title line has at least 2 words (not a running head: a page number, the
# journal's "Notes"), and letters are at least half its characters besides spaces (the OCR of
# a formula is not: "- 112y/^2(0V(0^ + 32y/#,(0V(0'").
_OCR_TITLE_MIN_WORDS = 2
_OCR_TITLE_LETTER_SHARE = 0.5

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
# A title page (a thesis's, a report's) has fewer than 250 words.
TITLE_PAGE_WORDS = 250
# What a title page may set larger than the title: the institution's name, the kind of work.
# Up to three words before the institution's word ("Technische Universität", "Massachusetts
# Institute of Technology") and up to eight after it.
_INSTITUTION = re.compile(
    r"^(?:the\s+)?(?:[\w.'’-]+\s+){0,3}?(?:universit|universidad|institut|istituto|[ée]cole"
    r"|escola|hochschule|college|school\s+of|facult|fakult|department|departamento"
    r"|d[ée]partement|laborator|academ|akadem)\w*(?:\s+[\w.,'’&-]+){0,8}$",
    re.IGNORECASE,
)
_KIND_OF_WORK = re.compile(
    r"^(?:(?:ph\.?\s?d\.?|doctoral|master'?s|bachelor'?s|diploma|habilitation)\s+)?"
    r"(?:thesis|dissertation|th[èe]se|tese|disserta[çc][ãa]o|tesi|doktorarbeit|masterarbeit"
    r"|diplomarbeit|research\s+report|technical\s+report)"
    r"(?:\s+(?:de|di|of|for|zur)(?:\s+[\w.'’-]+){1,3})?$",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"universit|institut|department|dept\.|laborator|school|college|cent(?:er|re)\b|research|"
    r"corporation|\binc\b|\bltd\b|gmbh|academy|hospital|faculty|\busa\b|@|https?:|www\.",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\b(?:and|AND)\b|&|\s{3,})\s*")
_NAME_PARTICLE = {"van", "von", "der", "den", "de", "da", "del", "di", "du", "la", "le", "bin"}


@dataclass(frozen=True)
class Title:
    text: str | None
    lines: list[Line]  # the lines that print it (none when the page does not)
    page: Page  # the page it was sought on


def find_title(page: Page, info_title: str) -> Title:
    """The title `page` prints: the document's Info title `info_title` when the page prints it,
    else the largest type at the top of the page (None when that is a heading). On a title page,
    the institution's name and the kind of work ("Dissertation") may be larger: the title is
    then the largest type that is neither."""
    lines = _ocr_title_lines(page) if page.ocr else []
    lines = lines or _title_lines(page, [])
    if lines and sum(len(ln.words()) for ln in page.lines) < TITLE_PAGE_WORDS:
        passed: list[Line] = []
        while lines and _names_the_institution_or_the_work(lines):
            passed.extend(lines)
            lines = _title_lines(page, passed)
    key = _norm_key(info_title or "")
    if len(key) >= _INFO_TITLE_MIN_CHARS and key in _norm_key(
        " ".join(ln.text for ln in page.lines)
    ):
        return Title(clean_text(info_title), _lines_printing(page, key) or lines, page)
    if not lines:
        return Title(None, [], page)
    text = paragraph_text([drop_markers(ln) for ln in lines], HyphenEvidence())
    if _norm_key(text) in _NOT_TITLES:
        return Title(None, [], page)  # a page without a title: its biggest type is a heading
    return Title(text.strip(" .,;:*") or None, lines, page)


def _norm_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", clean_text(text).lower())


def _names_the_institution_or_the_work(lines: list[Line]) -> bool:
    text = clean_text(" ".join(ln.text for ln in lines))
    return bool(_INSTITUTION.match(text) or _KIND_OF_WORK.match(text))


def _title_lines(page: Page, passed: list[Line]) -> list[Line]:
    """The lines in the largest type in the top part of the page, with the lines below them in
    the same type (a title runs over several lines); lines in `passed` are not candidates."""
    passed_ids = {id(ln) for ln in passed}
    candidates = [
        ln
        for ln in page.lines
        if id(ln) not in passed_ids
        and ln.y0 < _TITLE_ZONE * page.height
        and sum(c.isalpha() for c in ln.text) >= _TITLE_MIN_LETTERS
        and not find_arxiv_ids(ln.text)
    ]
    if not candidates:
        return []
    biggest = max(ln.size for ln in candidates)
    top = min(
        (ln for ln in candidates if ln.size >= _TITLE_SIZE_SHARE * biggest), key=lambda ln: ln.y0
    )

    def continues(last: Line, ln: Line) -> bool:
        # (in the same weight: revtex's preprint mode sets the authors in the title's size)
        return (
            ln.y0 > last.y0
            and abs(ln.size - top.size) <= _TITLE_SAME_SIZE * top.size
            and ln.bold == top.bold
            and _within_leading(last, ln, top.size)
        )

    return _run_down(top, sorted(candidates, key=lambda ln: ln.y0), continues)


def _ocr_title_lines(page: Page) -> list[Line]:
    """The title of a scanned page from its OCR layer, which gives no type to go by: OCR
    engines guess each word's size from its glyph box (a title's capitals and a formula's
    brackets come out larger than they are) and often name one font for all the text (ABBYY:
    bold Times). What stays is the order of a title page: the title is the first prose in the
    top part of the page, in reading order, with the lines that follow it in its column within
    a title's leading, down to the line of names."""
    candidates = [
        ln
        for ln in page.lines
        if ln.y0 < _TITLE_ZONE * page.height
        and len(ln.words()) >= _OCR_TITLE_MIN_WORDS
        and _is_prose(ln.text)
        and not find_arxiv_ids(ln.text)
    ]
    if not candidates:
        return []
    top = candidates[0]
    after = page.lines[page.lines.index(top) + 1 :]

    def continues(last: Line, ln: Line) -> bool:
        return (
            ln.column == top.column
            and ln.y0 > last.y0
            and _within_leading(last, ln, max(last.size, ln.size))
            and not _names_start(ln, page)
        )

    run = [top]
    for ln in after:
        if not continues(run[-1], ln):
            break
        run.append(ln)
    return run


def _is_prose(text: str) -> bool:
    chars = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in chars) >= _OCR_TITLE_LETTER_SHARE * len(chars)


def _names_start(line: Line, page: Page) -> bool:
    """Whether `line` is the line of names under a title: two names or more, or one name on
    a line followed by an affiliation. (A title line in capitalised words reads as a name.)"""
    names = _names([line])
    if len(names) >= 2:
        return True
    at = page.lines.index(line)
    following = page.lines[at + 1] if at + 1 < len(page.lines) else None
    return bool(names) and following is not None and bool(_AFFILIATION.search(following.text))


def _lines_printing(page: Page, key: str) -> list[Line]:
    """The lines of `page` that print the title whose `_norm_key` is `key`: the topmost line
    whose letters are part of it, and the lines that follow it one after another."""
    printed = sorted(
        (
            ln
            for ln in page.lines
            if len(_norm_key(ln.text)) >= _INFO_LINE_MIN_CHARS and _norm_key(ln.text) in key
        ),
        key=lambda ln: ln.y0,
    )
    if not printed:
        return []

    def continues(last: Line, ln: Line) -> bool:
        return ln.y0 - last.y1 >= 0 and _within_leading(last, ln, last.size)

    return _run_down(printed[0], printed[1:], continues)


def _within_leading(last: Line, line: Line, size: float) -> bool:
    """Whether `line` starts close enough below `last` to be the next line of a title set in
    type of `size`."""
    return line.y0 - last.y1 < _TITLE_LEADING * size


def _run_down(
    first: Line, below: Iterable[Line], continues: Callable[[Line, Line], bool]
) -> list[Line]:
    """`first` and the lines of `below` (top to bottom) that continue it, each after the last
    one taken; up to the first line that starts below the last one taken without continuing
    it."""
    run = [first]
    for ln in below:
        if continues(run[-1], ln):
            run.append(ln)
        elif ln.y0 > run[-1].y1:
            break
    return run


def find_authors(title: Title, abstract_start: int | None) -> list[str]:
    """Names between the title and the abstract (whose first line is `abstract_start` on the
    title's page, if it is there), in the type of the first line below the title (affiliations
    that share a line are set in another); footnote marks separate names. A title page without
    names below its title has them above it, under the institution's name."""
    if not title.lines:
        return []
    page = title.page
    top = min(ln.y0 for ln in title.lines)
    bottom = max(ln.y1 for ln in title.lines)
    if abstract_start is not None:
        stop_y = page.lines[abstract_start].y0
    else:
        stop_y = _AUTHORS_ZONE * page.height
    title_ids = {id(ln) for ln in title.lines}
    names = _names(
        _by_rows(
            ln
            for ln in page.lines
            if id(ln) not in title_ids
            and ln.y0 >= bottom - GLYPH_SLACK
            and ln.y1 <= stop_y + GLYPH_SLACK
        )
    )
    if not names and sum(len(ln.words()) for ln in page.lines) < TITLE_PAGE_WORDS:
        size = max(ln.size for ln in title.lines)
        names = _names(
            _by_rows(
                ln
                for ln in page.lines
                if ln.y1 <= top + GLYPH_SLACK
                and ln.size <= size
                and not _names_the_institution_or_the_work([ln])
            )
        )
    return names[:_MAX_AUTHORS]


def _names(lines: list[Line]) -> list[str]:
    """The names on `lines` (row by row), in the type of the first line with a word in it."""
    # (a mark raised clear of its name, a dagger, can stand on a line of its own above it;
    # "by" can stand before the names, on their line or its own, in another type)
    name_span = next(
        (
            s
            for ln in lines
            for s in ln.spans
            if _LETTERS.search(s.text) and not s.superscript and not _BY.match(s.text.strip())
        ),
        None,
    )
    if name_span is None:
        return []
    names: list[str] = []
    for ln in lines:
        pieces = []
        for s in ln.spans:
            if s.text.isspace() or (s.text in SPACING_ACCENT and s.font == name_span.font):
                # (an accent of the OT1 encoding sits raised before its capital: "P´EREZ")
                pieces.append(s.text)
            elif s.superscript or (
                abs(s.size - name_span.size) < _NAME_SIZE_SLACK and s.font == name_span.font
            ):
                pieces.append("," if s.superscript else s.text)
            else:
                pieces.append(",")
        for part in _NAME_SPLIT.split(clean_text("".join(pieces))):
            name = _clean_name(part)
            if name and name not in names:
                names.append(name)
    return names


def _by_rows(lines: Iterable[Line]) -> list[Line]:
    """`lines` row by row from the top, each row left to right. Lines are in one row when their
    boxes overlap by half the shorter one's height: blocks of names side by side, whose boxes
    start a point or two apart (an e-mail address in small capitals stands taller than a name)."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.y0):
        if rows:
            anchor = rows[-1][0]
            overlap = min(line.y1, anchor.y1) - max(line.y0, anchor.y0)
            if overlap >= _ROW_OVERLAP * min(line.height, anchor.height):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.x0)]


def _clean_name(part: str) -> str | None:
    part = re.sub(r"[\d*∗†‡§¶♯☯⋆,]+", " ", part)
    # (an OCR engine reads a raised mark after a name as quotes: "Young-Dae Jung''")
    part = collapse_spaces(part).strip(" .").rstrip("'’\"”`´").rstrip(" .")
    if _AFFILIATION.search(part):
        return None
    tokens = part.split()
    if tokens and _BY.match(tokens[0]):
        tokens = tokens[1:]
        part = " ".join(tokens)
    if not _NAME_WORDS[0] <= len(tokens) <= _NAME_WORDS[1]:
        return None
    for t in tokens:
        if t.lower() in _NAME_PARTICLE:
            continue
        if not t[:1].isupper() or not re.fullmatch(r"[^\W\d_][\w.'’-]*", t):
            return None
    if part.isupper():
        part = " ".join(
            t if len(t) <= _INITIAL_CHARS and t.endswith(".") else t.title() for t in tokens
        )
    return part
