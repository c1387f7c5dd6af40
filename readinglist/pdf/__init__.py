"""PDF -> title, authors, abstract, arXiv id and full text, with PyMuPDF only.

`extract_pdf` runs the stages in order, each in its own module:
- reader.py opens and checks the file and reads pages (the only module that imports pymupdf,
  and only inside its functions); layout.py puts a page's text in reading order;
- front_matter.py finds the title and the authors;
- abstract.py finds the abstract, under its heading or as the first prose paragraph; when a
  paper prints it in two languages, the English one is given and the other kept beside it;
- language.py tells which language an abstract is in;
- text.py cleans text up and decides line-end hyphens on the evidence of the whole paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from readinglist.identifiers import ArxivId, arxiv_id_from_filename, find_arxiv_ids
from readinglist.pdf.abstract import Abstract, continuation, find_abstracts, first_prose_paragraph
from readinglist.pdf.front_matter import TITLE_PAGE_WORDS, find_authors, find_title
from readinglist.pdf.language import guess_language
from readinglist.pdf.layout import Line, Page, paragraph_break
from readinglist.pdf.reader import (
    MAX_PAGE_CHARS,
    MAX_PAGE_CONTENT_BYTES,
    MAX_PAGES,
    MAX_TEXT_CHARS,
    PdfDocument,
    open_pdf,
    read_first_page,
    require_text_layer,
)
from readinglist.pdf.text import HyphenEvidence, clean_text, join_lines, paragraph_text

__all__ = [
    "MAX_PAGES",
    "MAX_PAGE_CHARS",
    "MAX_PAGE_CONTENT_BYTES",
    "MAX_TEXT_CHARS",
    "PdfExtract",
    "clean_text",
    "extract_pdf",
    "join_lines",
]

# Line-end hyphens are decided on the paper's first 50 pages: a 300-page thesis then costs no
# more than a long paper (commit 8a38b1b).
_EVIDENCE_PAGES = 50
# After a title page (front_matter.TITLE_PAGE_WORDS), the abstract is sought up to the eighth
# page, or the page where the text begins, whichever comes first: a thesis puts a declaration
# or its acknowledgements first (commit 869f985), and one from a university that writes in
# another language its abstract in that language before the English one.
_FRONT_MATTER_PAGES = 8
_TEXT_BEGINS = re.compile(
    r"^(?:(?:table\s+of\s+)?contents|chapter\s+(?:1|one|i)\b|1\.?\s+introduction)", re.I
)


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
    # The language of the abstract (ISO 639-1, see language.py), None when unsure; a paper that
    # also prints its abstract in another language gives that one and its language here.
    language: str | None = None
    abstract_other: str | None = None
    language_other: str | None = None
    # What the reading limits cut (reader.py), in words for the user: nothing for a paper.
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": self.authors,
            "abstract": self.abstract,
            "language": self.language,
            "abstract_other": self.abstract_other,
            "language_other": self.language_other,
            "arxiv_id": self.arxiv_id,
            "pages": self.pages,
            "notes": list(self.notes),
        }


def extract_pdf(path: Path, *, full_text: bool = True) -> PdfExtract:
    """Read `path`; raise UnreadablePdf (with what to do next) for anything that is not a
    readable PDF with a text layer. A readable paper without an abstract gives abstract=None.

    `full_text=False` skips putting every page in reading order (text=None): a third of the
    time, and everything else comes out the same."""
    with open_pdf(path) as doc:
        first, page1 = read_first_page(doc)
        require_text_layer(doc, first, page1, path)
        evidence, later_pages = _read_later_pages(doc, first, page1, full_text)

        title = find_title(page1, doc.info_title)
        # The abstract: under its heading on page 1, else under its heading on a page of front
        # matter after it (then maybe running on over its page), else page 1's first paragraph
        # of prose. The first in English is given, and one in another language kept.
        found = find_abstracts(page1, first, evidence, title.lines)
        if not any(_in_english(a) for a in found):
            found += _abstracts_after_page1(doc, first, page1, evidence)
        abstract = next((a for a in found if _in_english(a)), found[0] if found else None)
        other = next((a for a in found if _language(a) not in (None, _language(abstract))), None)
        if abstract is not None:
            if abstract.page is not page1 and title.text is None:
                # Page 1 had no title (a page of highlights, a graphical abstract): the paper
                # begins on the page with its abstract.
                title = find_title(abstract.page, "")
            abstract = _continued_on_next_page(doc, abstract, evidence)
        else:
            abstract = first_prose_paragraph(page1, first, evidence, title.lines)
        # The authors stand between the title and the abstract, when both are on one page.
        abstract_start = abstract.start if abstract and abstract.page is title.page else None
        authors = find_authors(title, abstract_start)
        arxiv = _arxiv_id(page1, path)
        text = _full_text(page1, later_pages, evidence) if full_text else None
        return PdfExtract(
            title=title.text,
            authors=authors,
            abstract=abstract.text if abstract else None,
            arxiv_id=arxiv.id if arxiv else None,
            arxiv_version=arxiv.version if arxiv else None,
            pages=doc.page_count,
            text=text,
            language=_language(abstract),
            abstract_other=other.text if other else None,
            language_other=_language(other),
            notes=tuple(doc.notes),
        )


def _read_later_pages(
    doc: PdfDocument, first: int, page1: Page, full_text: bool
) -> tuple[HyphenEvidence, list[list[str]]]:
    """The evidence for line-end hyphens (the paper's pages), and with `full_text` the text
    blocks of each page after the first in reading order. Without it, the later pages are
    read only when a hyphen needs deciding."""
    evidence = HyphenEvidence()
    evidence.add_text(page1.text)
    later: list[list[str]] = []
    if full_text:
        for n in doc.text_pages(first + 1):
            blocks = doc.ordered_blocks(n)
            later.append(blocks)
            if n < _EVIDENCE_PAGES:
                evidence.add_text("\n".join(blocks))
    else:
        evidence.pending = doc.plain_texts(range(first + 1, min(doc.page_count, _EVIDENCE_PAGES)))
    return evidence, later


def _abstracts_after_page1(
    doc: PdfDocument, first: int, page1: Page, evidence: HyphenEvidence
) -> Iterator[Abstract]:
    """The abstracts under their headings on the pages after page 1, up to the first page with
    one in English. Reports and theses put the abstract on a page after the title page, and only
    without one there is page 1's first prose paragraph taken: the next page is searched always;
    when page 1 is a title page (few words), the ones after it too, up to the page where the
    text begins."""
    title_page = sum(len(ln.words()) for ln in page1.lines) < TITLE_PAGE_WORDS
    for n in range(first + 1, min(doc.page_count, first + _FRONT_MATTER_PAGES)):
        page = doc.read_page(n)
        found = find_abstracts(page, n, evidence, [])
        yield from found
        if any(_in_english(a) for a in found):
            return
        if not title_page or any(_TEXT_BEGINS.match(ln.text) for ln in page.lines):
            return


def _language(abstract: Abstract | None) -> str | None:
    return guess_language(abstract.text) if abstract else None


def _in_english(abstract: Abstract) -> bool:
    """Whether `abstract` is, or may well be, in English: what a guess cannot place counts
    (a short or formula-laden abstract), since most papers are in English."""
    return _language(abstract) in ("en", None)


def _continued_on_next_page(
    doc: PdfDocument, abstract: Abstract, evidence: HyphenEvidence
) -> Abstract:
    """A long abstract in a one-column preprint runs over to the next page."""
    n = abstract.page_number + 1
    if abstract.open_end is None or n >= doc.page_count:
        return abstract
    more = continuation(doc.read_page(n), abstract.open_end)
    if not more:
        return abstract
    return replace(abstract, text=paragraph_text([abstract.text, *more], evidence))


def _arxiv_id(page: Page, path: Path) -> ArxivId | None:
    """From the margin stamp; else the one id page 1 prints (several would be citations);
    else the file name."""
    for text in page.rotated_text:
        found = find_arxiv_ids(text)
        if found:
            return found[0]
    found = find_arxiv_ids(page.text)
    if found and len({a.id for a in found}) == 1:
        return found[0]
    return arxiv_id_from_filename(path.name)


def _full_text(page1: Page, later_pages: list[list[str]], evidence: HyphenEvidence) -> str:
    """Every page's text in reading order, one paragraph a line (a later page's text block
    counts as a paragraph), pages separated by a blank line."""
    pages = [_page_text(page1, evidence)]
    for blocks in later_pages:
        pages.append("\n".join(paragraph_text(b.splitlines(), evidence) for b in blocks))
    return "\n\n".join(t for t in pages if t)


def _page_text(page: Page, evidence: HyphenEvidence) -> str:
    paragraphs: list[list[str]] = []
    prev: Line | None = None
    for line in page.lines:
        if prev is None or paragraph_break(prev, line, page.line_gap):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        prev = line
    return "\n".join(paragraph_text(p, evidence) for p in paragraphs)
