"""Finding the abstract on a page of lines in reading order.

Under a heading (`find_abstracts`): `Abstract`, `ABSTRACT`, `Abstract—`, `Abstract.`, small
caps; `Résumé` and the like when the page has no English one. The abstract runs up to the
first stop: Introduction, Keywords, Index Terms, ©, a numbered heading, a change of type size,
a gap wider than the page's line spacing allows. Cut off in mid-sentence at the foot of the
left column by footnotes, it goes on at the top of the right column; cut off at the foot of
the page, at the top of the next (`continuation`).

Without a heading (`first_prose_paragraph`), it is the first paragraph above the first section
that reads as prose. Which pages are searched, and in which order, is extract_pdf's to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from readinglist.pdf.layout import LEFT, RIGHT, Line, Page, drop_markers, paragraph_break
from readinglist.pdf.text import HyphenEvidence, paragraph_text

# Text under a heading shorter than 15 words is not the abstract: the heading was something
# else (a line of a table of contents, a running head).
_MIN_ABSTRACT_WORDS = 15
# Past 700 words, a paragraph break ends the abstract: no abstract is longer, and without a
# stop below it, the text would run on into the paper.
_MAX_ABSTRACT_WORDS = 700
# Lines in one font whose sizes differ by no more than 12% are in one type: an abstract is set
# in one, and footnotes, captions and the paper's body in others.
_SAME_TYPE_SIZE = 0.12
# An abstract ends at a gap wider than 1.5 em, and on a double-spaced page wider than the
# page's usual gap between lines plus one em (commit 5a4a042).
_END_GAP_EM = 1.5
# A numbered heading is bold, in capitals, or in type 5% larger than the text it follows.
_HEADING_SIZE = 1.05
# A paragraph reads as prose with at least 25 words of which 55% start in lower case, and an end
# of sentence: a block of names, affiliations or a title in capitals does not.
_PROSE_MIN_WORDS = 25
_PROSE_LOWER_SHARE = 0.55
# At the top of the next page, an abstract's continuation may stand below up to 3 lines in other
# type (a running head, a page number).
_RUNNING_HEAD_LINES = 3
# A displayed formula inside an abstract: up to 4 lines in other type (limits of sums, indices
# set smaller), each of at most 40 characters, between lines of the abstract's type no more than
# _END_GAP_EM apart.
_DISPLAY_MAX_LINES = 4
_DISPLAY_MAX_CHARS = 40
# A footnote under an abstract is set at least 4% smaller than it (9 pt under 10 pt: within one
# type by _SAME_TYPE_SIZE) and starts with its mark.
_FOOTNOTE_SMALLER = 0.04
_FOOTNOTE_MARKS = "*∗†‡§¶"


def _heading(words: str) -> re.Pattern[str]:
    """An abstract heading on its own or at the start of the abstract's first line, with its
    punctuation ("Abstract—", "Résumé. —") and the text after it (`rest`)."""
    return re.compile(
        rf"^\W{{0,3}}(?P<word>{words})\b(?P<punct>(?:\s*[.:—–\-])+)?\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )


_HEADING = _heading(r"a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|s\s?u\s?m\s?m\s?a\s?r\s?y")
# The same in other languages, sought only when no English heading is on the page: journals
# with a second language print it beside the English one, and some classes (smfart) call an
# English abstract "Résumé".
_OTHER_HEADING = _heading(
    r"r[ée]sum[ée]|zusammenfassung|resumen|resumo|riassunto|samenvatting"
    r"|sammanfattning|sammendrag|streszczenie|abstrakt"
)
# Lines that end an abstract (and start what follows it), matched at the line start: key words
# (in the languages abstracts come in), classifications, a copyright line.
_STOP = re.compile(
    r"^\W{0,2}(?:key[\s-]?words?|index\s+terms"
    r"|mots[\s-]cl[ée]s|palavras[\s-]chaves?|palabras\s+claves?|parole\s+chiave"
    r"|schl[üu]sselw[öo]rter|schlagw[öo]rter|stichw[öo]rter|trefwoorden|nyckelord"
    r"|s[łl]owa\s+kluczowe"
    r"|ccs\s+concepts|acm\s+(?:ccs|classification|reference\s+format)"
    r"|categories\s+and\s+subject\s+descriptors|general\s+terms|additional\s+key\s+words"
    r"|(?:\d{4}\s+)?(?:ams\s+)?(?:mathematics\s+)?subject\s+classifications?"
    r"|ams\s+(?:subject\s+)?classifications?|msc\s*(?:\d{4})?\s*[:(]|pacs\s*(?:numbers?)?\s*[:.]"
    r"|jel\s+(?:classification|codes?)|copyright\b|\(c\)\s*\d{4}|©|c\u20dd|\u20ddc)",
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
_COPYRIGHT = re.compile(
    r"\s(?:©|c\u20dd|\u20ddc|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4})", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?][)\"”’]?$")


@dataclass(frozen=True)
class Abstract:
    text: str
    page: Page  # the page it starts on
    page_number: int
    start: int  # the index in page.lines of its heading, or of its first line
    open_end: Line | None = None  # its last line, when the page may have cut it short


def find_abstracts(
    page: Page, number: int, evidence: HyphenEvidence, title: Sequence[Line]
) -> list[Abstract]:
    """The abstracts under their headings on `page` (page `number`), where the title is not:
    under English headings first, then under headings in other languages (a paper in two
    languages prints one of each)."""
    title_ids = {id(ln) for ln in title}
    lines = page.lines
    found: list[Abstract] = []
    for heading in (_HEADING, _OTHER_HEADING):
        for i, line in enumerate(lines):
            if id(line) in title_ids:
                continue
            m = heading.match(line.text)
            if not m or not _looks_like_heading(line, m):
                continue
            text, open_end = _collect_after_heading(lines, i, m, evidence, page.line_gap)
            if text and len(text.split()) >= _MIN_ABSTRACT_WORDS:
                found.append(Abstract(text, page, number, i, open_end))
    return found


def first_prose_paragraph(
    page: Page, number: int, evidence: HyphenEvidence, title: Sequence[Line]
) -> Abstract | None:
    """An abstract without a heading: the first paragraph above the paper's first section that
    reads as prose and is not the title."""
    title_ids = {id(ln) for ln in title}
    for start, paragraph in _paragraphs_above_the_body(page):
        if not paragraph or any(id(ln) in title_ids for ln in paragraph):
            continue
        texts = []
        for ln in paragraph:
            text, stop = _abstract_line(ln)
            texts.append(text)
            if stop:
                break
        text = paragraph_text(texts, evidence)
        if _reads_as_prose(text):
            return Abstract(text, page, number, start)
    return None


def _paragraphs_above_the_body(page: Page) -> Iterator[tuple[int, list[Line]]]:
    """The page's paragraphs (the index of the first line, the lines; maybe none) up to the
    first section heading or stop. A line of the paper's history ends a paragraph without
    ending the search."""
    paragraph: list[Line] = []
    start = 0
    for i, line in enumerate(page.lines):
        body = paragraph[0].size if paragraph else line.size
        if _ends_abstract(line, body) or _HISTORY.match(line.text):
            yield start, paragraph
            paragraph = []
            if not _HISTORY.match(line.text):
                return  # the body starts: no abstract below it
            continue
        if paragraph and paragraph_break(paragraph[-1], line, page.line_gap):
            yield start, paragraph
            paragraph = []
        if not paragraph:
            start = i
        paragraph.append(line)
    yield start, paragraph


def _is_section_heading(line: Line, body_size: float) -> bool:
    text = line.text
    if _FIRST_SECTION.match(text):
        return True
    if _NUMBERED_HEADING.match(text) and not text.endswith((".", ",", ";")):
        # Set apart by its type, which an initial in a name ("V. Vapnik") is not.
        return line.bold or line.size > body_size * _HEADING_SIZE or text.isupper()
    return False


def _starts_an_abstract(line: Line) -> bool:
    """Whether `line` is an abstract's heading: the one that ends an abstract printed before
    the same in another language."""
    for heading in (_HEADING, _OTHER_HEADING):
        m = heading.match(line.text)
        if m and _looks_like_heading(line, m):
            return True
    return False


def _is_footnote(line: Line, body_size: float) -> bool:
    """Whether `line` starts a footnote under text set in `body_size`: smaller, after a mark."""
    first = next((s for s in line.spans if s.text.strip()), None)
    return (
        first is not None
        and line.size < (1 - _FOOTNOTE_SMALLER) * body_size
        and (first.superscript or first.text.lstrip()[:1] in _FOOTNOTE_MARKS)
    )


def _ends_abstract(line: Line, body_size: float) -> bool:
    """Whether `line` starts what follows an abstract set in `body_size`: a stop (Keywords, ©)
    or a section heading."""
    return bool(_STOP.match(line.text)) or _is_section_heading(line, body_size)


def _gap_ends_abstract(prev: Line, line: Line, size: float, line_gap: float) -> bool:
    """Whether the gap above `line`, below `prev` in its column, ends an abstract set in type
    of `size` on a page whose usual gap between lines is `line_gap`."""
    gap = line.y0 - prev.y1
    return line.column == prev.column and gap > max(_END_GAP_EM * size, line_gap + size)


def _same_size(size: float, other: float) -> bool:
    return abs(size - other) <= _SAME_TYPE_SIZE * other


def _same_type(line: Line, other: Line) -> bool:
    return line.font == other.font and _same_size(line.size, other.size)


def _abstract_line(line: Line) -> tuple[str, bool]:
    """The text of a line of an abstract, without footnote markers and cut at a copyright
    notice; and whether there was one (it ends the abstract)."""
    text = drop_markers(line)
    m = _COPYRIGHT.search(text)
    if m:
        return text[: m.start()], True
    return text, False


def _looks_like_heading(line: Line, m: re.Match[str]) -> bool:
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
    lines: Sequence[Line],
    i: int,
    m: re.Match[str],
    evidence: HyphenEvidence,
    line_gap: float,
) -> tuple[str | None, Line | None]:
    """The text under the heading on line `i`, and its last line when nothing but the page
    ended it: a change of type, a gap or the end of the lines, in mid-sentence, with no more
    text in its type on the page (footnotes and the page foot follow it)."""
    collected: list[str] = []
    last: Line | None = None
    stopped = False
    first_rest = m.group("rest").strip()
    body_size = 0.0
    prev: Line | None = None
    if first_rest:
        rest_line = drop_markers(lines[i])
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
        if _ends_abstract(line, body_size or line.size) or _starts_an_abstract(line):
            stopped = True
            break
        if body_size and not _same_size(line.size, body_size) and prev is not None:
            after = _after_display(lines, k, prev, body_size)
            if after is not None:
                # the formula's pieces in other type: its limits and indices
                collected.extend(drop_markers(ln) for ln in lines[k:after])
                prev = lines[after - 1]
                k = after - 1
                continue
        if body_size and (not _same_size(line.size, body_size) or _is_footnote(line, body_size)):
            resume = _resumes_in_next_column(lines, k, last, collected)
            if resume is None:
                break
            k = resume - 1
            continue
        if prev is not None and _gap_ends_abstract(prev, line, max(line.size, prev.size), line_gap):
            break
        if (
            prev is not None
            and words >= _MAX_ABSTRACT_WORDS
            and paragraph_break(prev, line, line_gap)
        ):
            stopped = True
            break
        text, stop = _abstract_line(line)
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
    abstract = paragraph_text(collected, evidence)
    if (
        stopped
        or last is None
        or _SENTENCE_END.search(abstract)
        or any(_same_type(ln, last) for ln in lines[end:])
    ):
        last = None
    return abstract or None, last


def _after_display(lines: Sequence[Line], k: int, prev: Line, body_size: float) -> int | None:
    """Where an abstract in `body_size` type goes on after a displayed formula whose pieces in
    other type start at line `k` (below `prev`): the next line in its type, when only a few
    short lines, close together in its column, come before it."""
    j, bottom = k, prev.y1
    while j < len(lines) and j - k <= _DISPLAY_MAX_LINES:
        line = lines[j]
        if line.column != prev.column or line.y0 - bottom > _END_GAP_EM * body_size:
            return None
        if _same_size(line.size, body_size):
            return j if j > k and not _ends_abstract(line, body_size) else None
        if len(line.text) > _DISPLAY_MAX_CHARS or _is_footnote(line, body_size):
            return None
        bottom = max(bottom, line.y1)
        j += 1
    return None


def _resumes_in_next_column(
    lines: Sequence[Line], k: int, last: Line | None, collected: Sequence[str]
) -> int | None:
    """Where an abstract that footnotes interrupt at the foot of the left column (line `k`)
    goes on: the first line of the right column, when the abstract stopped in mid-sentence,
    nothing below it in the left column is in its type, and that line is."""
    if last is None or last.column != LEFT or not collected or _SENTENCE_END.search(collected[-1]):
        return None
    j = k
    footnotes = False  # below a footnote's first line, the column holds footnotes only
    while j < len(lines) and lines[j].column == LEFT:
        footnotes = footnotes or _is_footnote(lines[j], last.size)
        if _same_type(lines[j], last) and not footnotes:
            return None
        j += 1
    if j < len(lines) and lines[j].column == RIGHT and _same_type(lines[j], last):
        return j
    return None


def continuation(page: Page, last: Line) -> list[str]:
    """The lines at the top of `page` that go on with an abstract the previous page cut off in
    mid-sentence (its last line is `last`): in its type, up to a stop, a heading or a gap.
    A running head or page number in other type may stand above them."""
    taken: list[str] = []
    prev: Line | None = None
    for k, line in enumerate(page.lines):
        if not _same_type(line, last):
            if taken or k >= _RUNNING_HEAD_LINES:
                break
            continue
        if _ends_abstract(line, last.size) or _starts_an_abstract(line):
            break
        if prev is not None and _gap_ends_abstract(prev, line, line.size, page.line_gap):
            break
        text, stop = _abstract_line(line)
        taken.append(text)
        prev = line
        if stop:
            break
    return taken


def _reads_as_prose(text: str) -> bool:
    words = text.split()
    if len(words) < _PROSE_MIN_WORDS or "@" in text:
        return False
    alpha = [w for w in words if w[:1].isalpha()]
    lower = [w for w in alpha if w[:1].islower()]
    return len(lower) >= _PROSE_LOWER_SHARE * len(words) and bool(
        re.search(r"[.!?][)\"”’]?(?:\s|$)", text)
    )
