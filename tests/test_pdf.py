"""Extraction from PDFs built here in the layouts papers come in (see pdfmaker.py)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfmaker import (
    ABSTRACT,
    ABSTRACT_TEXT,
    Paper,
    body,
    bomb,
    build,
    justify,
    put,
    text_pages,
    wrap,
)

from readinglist.errors import InvalidInput, NotFound, UnreadablePdf
from readinglist.pdf import extract_pdf
from readinglist.pdf.language import guess_language
from readinglist.pdf.reader import MAX_PAGE_CHARS, MAX_PAGES, MAX_TEXT_CHARS
from readinglist.pdf.text import clean_text


def make(tmp_path: Path, name: str = "paper.pdf", **options: object) -> Path:
    options.setdefault("abstract", ABSTRACT)
    return build(tmp_path / name, Paper(**options))  # type: ignore[arg-type]


def test_two_column_first_page(tmp_path: Path) -> None:
    got = extract_pdf(make(tmp_path))
    assert got.title == "Reading Order for Synthetic Papers"
    assert got.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    # The right column's lines sit beside the abstract: none of them may leak into it.
    assert got.abstract == ABSTRACT_TEXT
    assert got.arxiv_id is None
    assert got.pages == 2


def test_two_column_full_text_reads_left_column_before_right(tmp_path: Path) -> None:
    path = make(tmp_path, body_extra="Leftmarker opens.", right_extra="Rightmarker opens.")
    got = extract_pdf(path)
    assert got.text is not None
    page1 = got.text.split("\n\n")[0]
    # The right column starts level with the abstract heading; read row by row it would
    # come before the abstract.
    order = [page1.index(s) for s in ("Reading Order", ABSTRACT_TEXT, "Leftmarker", "Rightmarker")]
    assert order == sorted(order)


def test_full_text_can_be_skipped(tmp_path: Path) -> None:
    got = extract_pdf(make(tmp_path), full_text=False)
    assert got.text is None
    assert got.abstract == ABSTRACT_TEXT


def test_single_column(tmp_path: Path) -> None:
    abstract = wrap(ABSTRACT_TEXT, 90)
    got = extract_pdf(make(tmp_path, two_columns=False, abstract=abstract))
    assert got.abstract == ABSTRACT_TEXT
    assert got.title == "Reading Order for Synthetic Papers"


@pytest.mark.parametrize(
    "options",
    [
        {"heading": "Abstract"},
        {"heading": "ABSTRACT"},
        {"heading": "Abstract", "small_caps": True},
        {"heading": "Abstract—", "inline_heading": True},
        {"heading": "Abstract. ", "inline_heading": True},
        {"heading": "Abstract: ", "inline_heading": True},
        {"heading": "Summary"},
    ],
    ids=[
        "Abstract",
        "ABSTRACT",
        "small-caps",
        "Abstract-dash",
        "Abstract.",
        "Abstract:",
        "Summary",
    ],
)
def test_heading_variants(tmp_path: Path, options: dict[str, object]) -> None:
    assert extract_pdf(make(tmp_path, **options)).abstract == ABSTRACT_TEXT


def test_small_caps_heading_set_in_two_sizes(tmp_path: Path) -> None:
    # "A" in 12 pt and "BSTRACT" in 9.6 pt comes out of the text layer as two pieces
    path = make(tmp_path, heading="Abstract", small_caps=True)
    page_text = pymupdf.open(path)[0].get_text()
    assert "BSTRACT" in page_text
    assert extract_pdf(path).abstract == ABSTRACT_TEXT


def test_no_heading_takes_first_prose_paragraph(tmp_path: Path) -> None:
    got = extract_pdf(make(tmp_path, heading=None, after_abstract="I. INTRODUCTION"))
    assert got.abstract == ABSTRACT_TEXT
    assert got.title == "Reading Order for Synthetic Papers"


@pytest.mark.parametrize(
    "after",
    [
        "Keywords: reading order, layout",
        "Index Terms—reading order, layout",
        "CCS CONCEPTS",
        "Categories and Subject Descriptors",
        "© 2024 The Authors. Published by Nobody.",
        "1 Background",
        "2. Method",
        "I. INTRODUCTION",
        "Introduction",
    ],
)
def test_abstract_stops_before(tmp_path: Path, after: str) -> None:
    assert extract_pdf(make(tmp_path, after_abstract=after)).abstract == ABSTRACT_TEXT


def test_copyright_inside_the_last_line_is_cut(tmp_path: Path) -> None:
    lines = [*ABSTRACT[:-1], ABSTRACT[-1] + " © 2007 Some Publisher."]
    got = extract_pdf(make(tmp_path, heading=None, abstract=lines, after_abstract="I. INTRO"))
    assert got.abstract == ABSTRACT_TEXT


def test_arxiv_stamp_gives_id_and_stays_out_of_text(tmp_path: Path) -> None:
    got = extract_pdf(make(tmp_path, stamp="arXiv:2203.02155v1  [cs.CL]  4 Mar 2022"))
    assert (got.arxiv_id, got.arxiv_version) == ("2203.02155", 1)
    assert got.abstract == ABSTRACT_TEXT
    assert got.text is not None and "cs.CL" not in got.text


def test_old_style_stamp(tmp_path: Path) -> None:
    got = extract_pdf(make(tmp_path, stamp="arXiv:quant-ph/9508027v2  25 Jan 1996"))
    assert (got.arxiv_id, got.arxiv_version) == ("quant-ph/9508027", 2)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ArXiv ePrint: 0807.3577", "0807.3577"),
        ("Preprint at https://arxiv.org/abs/1706.03762v5", "1706.03762"),
        ("arXiv:math/0405482v2 [math.CO] 12 Sep 2016", "math/0405482"),
    ],
)
def test_arxiv_id_printed_on_page_one(tmp_path: Path, line: str, expected: str) -> None:
    got = extract_pdf(make(tmp_path, affiliation=line))
    assert got.arxiv_id == expected


def test_several_ids_on_page_one_are_citations(tmp_path: Path) -> None:
    path = make(tmp_path, affiliation="see arXiv:1706.03762 and arXiv:1810.04805")
    assert extract_pdf(path).arxiv_id is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("2203.02155v2.pdf", "2203.02155"), ("quant-ph_9508027.pdf", "quant-ph/9508027")],
)
def test_arxiv_id_from_file_name(tmp_path: Path, name: str, expected: str) -> None:
    assert extract_pdf(make(tmp_path, name=name)).arxiv_id == expected


def test_no_arxiv_id_from_an_ordinary_file_name(tmp_path: Path) -> None:
    assert extract_pdf(make(tmp_path, name="lncs_2006_final.pdf")).arxiv_id is None


def test_line_break_hyphens_decided_by_the_rest_of_the_paper(tmp_path: Path) -> None:
    abstract = [
        "We study parameter-",
        "efficient tuning for many applica-",
        "tions of language models and a new compu-",
        "tation scheme for BERT-",
        "Large on token- and sentence-level tasks.",
    ]
    # The body prints "parameter-efficient" and "applications" in mid-line.
    extra = "Our parameter-efficient method has applications in many places."
    path = make(tmp_path, abstract=abstract, body_extra=extra)
    expected = (
        "We study parameter-efficient tuning for many applications of language models and "
        "a new computation scheme for BERT-Large on token- and sentence-level tasks."
    )
    assert extract_pdf(path).abstract == expected
    # without the full text, the later pages are read as evidence only when needed
    assert extract_pdf(path, full_text=False).abstract == expected


def test_joined_form_elsewhere_drops_the_hyphen(tmp_path: Path) -> None:
    # Word processors break compounds anywhere; the body's "L-tryptophan" settles it.
    abstract = [*ABSTRACT, "Levels of L-trypto-", "phan rose in all plants."]
    extra = "We measured L-tryptophan twice."
    got = extract_pdf(make(tmp_path, abstract=abstract, body_extra=extra))
    assert got.abstract == ABSTRACT_TEXT + " Levels of L-tryptophan rose in all plants."


def test_hyphen_in_a_compound_kept_without_evidence(tmp_path: Path) -> None:
    abstract = [*ABSTRACT, "It is a state-of-the-", "art reader."]
    got = extract_pdf(make(tmp_path, abstract=abstract))
    assert got.abstract == ABSTRACT_TEXT + " It is a state-of-the-art reader."


def test_ligatures_are_normalised(tmp_path: Path) -> None:
    abstract = [*ABSTRACT, "The ﬁrst eﬀort ﬂows eﬃciently."]
    got = extract_pdf(make(tmp_path, abstract=abstract))
    assert got.abstract == ABSTRACT_TEXT + " The first effort flows efficiently."


def test_info_title_used_when_printed_on_page_one(tmp_path: Path) -> None:
    path = make(
        tmp_path,
        banner="Journal of Layout Studies",
        info_title="Reading Order for Synthetic Papers",
    )
    assert extract_pdf(path).title == "Reading Order for Synthetic Papers"


def test_info_title_ignored_when_not_printed(tmp_path: Path) -> None:
    path = make(tmp_path, info_title="Microsoft Word - draft7.doc")
    assert extract_pdf(path).title == "Reading Order for Synthetic Papers"


def test_title_over_two_lines(tmp_path: Path) -> None:
    path = make(tmp_path, title=["A Long Title That Needs", "Two Lines of Type"])
    assert extract_pdf(path).title == "A Long Title That Needs Two Lines of Type"


def test_a_page_without_a_title_gives_none_not_its_abstract_heading(tmp_path: Path) -> None:
    # The heading "Abstract" is then the biggest type on the page.
    got = extract_pdf(make(tmp_path, title=[], authors="", affiliation=""))
    assert got.title is None
    assert got.abstract == ABSTRACT_TEXT


def test_no_abstract_found(tmp_path: Path) -> None:
    path = make(tmp_path, heading=None, abstract=["Short line."], after_abstract="1 Introduction")
    got = extract_pdf(path)
    assert got.abstract is None
    assert got.title == "Reading Order for Synthetic Papers"


# --- bad files ------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such file"):
        extract_pdf(tmp_path / "nope.pdf")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder"):
        extract_pdf(tmp_path)


def test_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(UnreadablePdf, match=r"is empty \(0 bytes\)"):
        extract_pdf(path)


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("just some notes\n")
    with pytest.raises(UnreadablePdf, match=r"is not a PDF \(it does not start with %PDF-\)"):
        extract_pdf(path)


def test_image_saved_as_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    # PyMuPDF opens images too; an image is not a paper.
    path = tmp_path / "scan.pdf"
    path.write_bytes(pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8)).tobytes("png"))
    with pytest.raises(UnreadablePdf, match="is not a PDF"):
        extract_pdf(path)


def test_truncated(tmp_path: Path) -> None:
    data = make(tmp_path).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(UnreadablePdf, match=r"damaged or truncated|no text layer"):
        extract_pdf(path)


def test_encrypted(tmp_path: Path) -> None:
    doc = pymupdf.open(make(tmp_path))
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(UnreadablePdf, match=r"is encrypted \(password protected\)"):
        extract_pdf(path)


def test_image_only(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 200))
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(72, 72, 400, 400), pixmap=pix)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    with pytest.raises(UnreadablePdf, match=r"has no text layer \(it looks like a scanned image\)"):
        extract_pdf(path)


def _page_of(tmp_path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        put(page, 72, 72 + 14 * i, line, 11)
    path = tmp_path / "garbage.pdf"
    doc.save(path)
    return path


def test_control_character_text_layer(tmp_path: Path) -> None:
    # What a font without a Unicode map gives: glyph codes as control characters.
    path = _page_of(tmp_path, ["\x01\x02\x03\x04 \x05\x06\x07\x08 \x0e\x0f\x10 ab"] * 30)
    with pytest.raises(UnreadablePdf, match="has an unreadable text layer"):
        extract_pdf(path)


def test_scrap_text_layer(tmp_path: Path) -> None:
    path = _page_of(tmp_path, ["th e qu ic k br ow n fo x ju mp s ov er th e la zy do g"] * 30)
    with pytest.raises(UnreadablePdf, match="has an unreadable text layer"):
        extract_pdf(path)


# --- layouts drawn by hand ------------------------------------------------------------------


def test_article_info_box_beside_abstract_above_two_columns(tmp_path: Path) -> None:
    """Journals set a narrow "article info" box beside the abstract, over two equal columns."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "A Layout Study of Journal Pages", 17, "hebo")
    put(page, 90, 104, "Ada Lovelace, Alan Turing", 11, "helv")
    put(page, 54, 150, "A R T I C L E   I N F O", 8, "helv")
    info = [
        "Article history:",
        "Received 1 May 2020",
        "Accepted 2 June 2020",
        "Keywords:",
        "Layout",
    ]
    for i, text in enumerate(info):
        put(page, 54, 166 + 10 * i, text, 7.5)
    put(page, 220, 150, "A B S T R A C T", 8, "helv")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 75)):
        put(page, 220, 166 + 10.5 * i, text, 8.5)
    put(page, 54, 300, "1. Introduction", 10, "tibo")
    for i, text in enumerate(body(35)):
        put(page, 54, 311 + 11 * i, text, 10)
        put(page, 322, 311 + 11 * i, text, 10)
    doc.save(tmp_path / "journal.pdf")
    got = extract_pdf(tmp_path / "journal.pdf")
    assert got.title == "A Layout Study of Journal Pages"
    assert got.abstract == ABSTRACT_TEXT


def test_abstract_continues_at_the_top_of_the_right_column(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "A Long Abstract Study", 17, "hebo")
    put(page, 150, 104, "Ada Lovelace and Alan Turing", 11, "helv")
    put(page, 54, 150, "ABSTRACT", 11, "tibo")
    lines = wrap(" ".join([ABSTRACT_TEXT] * 8), 50)
    left, right = lines[:50], lines[50:]
    for i, text in enumerate(left):
        put(page, 54, 166 + 11 * i, text, 9)
    for i, text in enumerate(right):
        put(page, 322, 72 + 11 * i, text, 9)
    y = 72 + 11 * len(right) + 14
    put(page, 322, y, "CCS CONCEPTS", 11, "tibo")
    for i, text in enumerate(body(20)):
        put(page, 322, y + 14 + 11 * i, text, 10)
    doc.save(tmp_path / "long.pdf")
    got = extract_pdf(tmp_path / "long.pdf")
    assert right  # the abstract does run over
    assert got.title == "A Long Abstract Study"
    assert got.abstract == " ".join(lines)


def test_abstract_on_the_page_after_a_title_page(tmp_path: Path) -> None:
    doc = pymupdf.open()
    cover = doc.new_page(width=612, height=792)
    put(cover, 90, 200, "A Technical Report on Layout", 20, "hebo")
    put(cover, 90, 240, "Ada Lovelace", 12, "helv")
    blurb = "This report is distributed to the members of the group and to nobody else."
    for i, text in enumerate(wrap(" ".join([blurb] * 3), 80)):
        put(cover, 90, 300 + 12 * i, text, 10)
    page = doc.new_page(width=612, height=792)
    put(page, 72, 80, "Abstract", 12, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(page, 72, 100 + 12 * i, text, 10)
    put(page, 72, 200, "1 Introduction", 12, "tibo")
    doc.save(tmp_path / "report.pdf")
    got = extract_pdf(tmp_path / "report.pdf")
    assert got.title == "A Technical Report on Layout"
    assert got.abstract == ABSTRACT_TEXT


# --- layouts typeset as LaTeX sets them -----------------------------------------------------


def _title_block(page: pymupdf.Page, title: str = "A Study of Narrow Gutters") -> None:
    put(page, 150, 80, title, 17, "hebo")


def test_columns_closer_than_one_em_stay_apart(tmp_path: Path) -> None:
    # LaTeX's article class leaves 10 pt between its columns: under one em in 11 pt type,
    # about as wide as a stretched word space.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _title_block(page)
    put(page, 54, 140, "Abstract", 12, "tibo")
    justify(page, pymupdf.Rect(52, 150, 301, 320), ABSTRACT_TEXT, 11)
    put(page, 54, 340, "1 Introduction", 12, "tibo")
    justify(page, pymupdf.Rect(52, 350, 301, 740), " ".join(body(30)), 11)
    justify(page, pymupdf.Rect(309, 128, 558, 740), " ".join(body(60)), 11)
    doc.save(tmp_path / "narrow.pdf")
    lines = pymupdf.open(tmp_path / "narrow.pdf")[0].get_text("dict")["blocks"]
    right_x0 = min(b["bbox"][0] for b in lines if b["bbox"][0] > 306)
    left_x1 = max(b["bbox"][2] for b in lines if b["bbox"][2] < 306)
    assert right_x0 - left_x1 < 11  # the gap is under one em
    got = extract_pdf(tmp_path / "narrow.pdf")
    assert got.abstract == ABSTRACT_TEXT


def test_region_takes_the_gutter_of_its_columns_not_of_the_author_blocks(tmp_path: Path) -> None:
    # Authors set in two blocks side by side leave a gap a few points to the right of the
    # columns' gutter; read with theirs, the columns' lines would run into each other.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _title_block(page)
    block = ["Ada Lovelace", "Department of Computing", "ada.lovelace@nowhere-university.edu"]
    for i, text in enumerate(block):
        put(page, 296 - pymupdf.get_text_length(text, "tiro", 11), 125 + 13 * i, text, 11)
        put(page, 330, 125 + 13 * i, text.replace("ada.lovelace", "alan.turing"), 11)
    put(page, 280, 175, "June 1, 2024", 11)
    put(page, 54, 225, "Abstract", 12, "tibo")
    justify(page, pymupdf.Rect(52, 232, 301, 400), ABSTRACT_TEXT, 10)
    put(page, 54, 420, "1 Introduction", 12, "tibo")
    justify(page, pymupdf.Rect(52, 430, 301, 740), " ".join(body(30)), 10)
    justify(page, pymupdf.Rect(309, 215, 558, 740), " ".join(body(60)), 10)
    doc.save(tmp_path / "authors.pdf")
    got = extract_pdf(tmp_path / "authors.pdf")
    assert got.abstract == ABSTRACT_TEXT
    assert got.title == "A Study of Narrow Gutters"


def test_hyphen_after_a_single_letter_is_kept(tmp_path: Path) -> None:
    abstract = [*ABSTRACT, "We bound an f-", "divergence and run k-", "means on the result."]
    got = extract_pdf(make(tmp_path, abstract=abstract))
    assert (
        got.abstract == ABSTRACT_TEXT + " We bound an f-divergence and run k-means on the result."
    )


def test_line_numbers_in_the_margins_are_left_out(tmp_path: Path) -> None:
    # A manuscript set for review numbers its lines down both margins, in small type.
    doc = pymupdf.open(make(tmp_path))
    page = doc[0]
    for i in range(60):
        put(page, 30, 80 + 11 * i, str(i + 1), 6)
        put(page, 572, 80 + 11 * i, str(i + 61), 6)
    doc.save(tmp_path / "review.pdf")
    got = extract_pdf(tmp_path / "review.pdf")
    assert got.title == "Reading Order for Synthetic Papers"
    assert got.abstract == ABSTRACT_TEXT
    assert got.text is not None and " 61 " not in got.text.split("\n\n")[0]


def test_a_few_keywords_beside_the_abstract_are_a_column_of_their_own(tmp_path: Path) -> None:
    """Elsevier's cas-dc class: an "article info" box holding only the keywords, level with
    the abstract; read line by line across, "Keywords:" would end the abstract at once."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 54, 80, "A Layout Study of Journal Pages", 17, "hebo")
    put(page, 54, 104, "Ada Lovelace, Alan Turing", 11, "helv")
    put(page, 54, 150, "A R T I C L E   I N F O", 9)
    put(page, 230, 150, "A B S T R A C T", 9)
    for i, text in enumerate(["Keywords:", "reading order", "layout", "journals"]):
        put(page, 54, 168 + 9.5 * i, text, 8)
    abstract = " ".join([ABSTRACT_TEXT] * 3)  # the keywords are a twentieth of the text
    justify(page, pymupdf.Rect(228, 160, 558, 300), abstract, 8)
    put(page, 54, 330, "1. Introduction", 10, "tibo")
    justify(page, pymupdf.Rect(52, 340, 296, 740), " ".join(body(30)), 10)
    justify(page, pymupdf.Rect(316, 320, 558, 740), " ".join(body(30)), 10)
    doc.save(tmp_path / "cas.pdf")
    got = extract_pdf(tmp_path / "cas.pdf")
    assert got.title == "A Layout Study of Journal Pages"
    assert got.abstract == abstract


def _report(tmp_path: Path, front: list[tuple[str, str]], abstract_heading: str) -> Path:
    """A title page, then pages of front matter (heading, text), then the abstract's page."""
    doc = pymupdf.open()
    cover = doc.new_page(width=612, height=792)
    put(cover, 90, 200, "A Thesis on Reading Order", 20, "hebo")
    put(cover, 90, 240, "Ada Lovelace", 12, "helv")
    put(cover, 90, 300, "A thesis submitted for the degree of Doctor of Philosophy", 11)
    for heading, text in front:
        page = doc.new_page(width=612, height=792)
        put(page, 72, 100, heading, 16, "tibo")
        for i, line in enumerate(wrap(text, 90)):
            put(page, 72, 130 + 12 * i, line, 10)
    page = doc.new_page(width=612, height=792)
    put(page, 72, 100, abstract_heading, 16, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(page, 72, 130 + 12 * i, text, 10)
    page = doc.new_page(width=612, height=792)
    put(page, 72, 100, "Chapter 1", 16, "tibo")
    put(page, 72, 130, "Introduction", 16, "tibo")
    for i, text in enumerate(body(40, width=90)):
        put(page, 72, 160 + 12 * i, text, 10)
    doc.save(tmp_path / "thesis.pdf")
    return tmp_path / "thesis.pdf"


def test_thesis_abstract_after_declaration_and_acknowledgements(tmp_path: Path) -> None:
    declaration = "I declare that this thesis was composed by myself and is my own work. " * 3
    thanks = "I thank my supervisors and my family for their patience and support. " * 4
    path = _report(
        tmp_path, [("Declaration", declaration), ("Acknowledgements", thanks)], "Abstract"
    )
    got = extract_pdf(path)
    assert got.title == "A Thesis on Reading Order"
    assert got.abstract == ABSTRACT_TEXT


def test_no_abstract_heading_after_the_text_begins(tmp_path: Path) -> None:
    # A "Summary" in the text is not an abstract: the search stops at Chapter 1.
    path = _report(tmp_path, [("Declaration", "I declare that this is my own work. " * 3)], "")
    doc = pymupdf.open(path)
    later = doc.new_page(width=612, height=792)
    put(later, 72, 100, "Summary", 16, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(later, 72, 130 + 12 * i, text, 10)
    doc.save(tmp_path / "summary.pdf")
    got = extract_pdf(tmp_path / "summary.pdf")
    assert got.title == "A Thesis on Reading Order"
    assert got.abstract is None


def test_title_from_the_paper_after_a_page_of_highlights(tmp_path: Path) -> None:
    doc = pymupdf.open()
    first = doc.new_page(width=612, height=792)
    put(first, 72, 100, "Highlights", 20, "tibo")
    put(first, 72, 140, "Reading Order for Synthetic Papers", 14, "tibo")
    put(first, 72, 160, "Ada Lovelace, Alan Turing", 11)
    for i, text in enumerate(["The reader follows the columns.", "It skips margin notes."]):
        put(first, 90, 190 + 16 * i, "\u2022 " + text, 11)
    doc.save(tmp_path / "first.pdf")
    paper = pymupdf.open(make(tmp_path))
    doc.insert_pdf(paper)
    doc.save(tmp_path / "highlights.pdf")
    got = extract_pdf(tmp_path / "highlights.pdf")
    assert got.title == "Reading Order for Synthetic Papers"
    assert got.abstract == ABSTRACT_TEXT
    assert got.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_abstract_running_over_to_the_next_page(tmp_path: Path) -> None:
    # A one-column preprint in 12 pt with a long abstract: the page ends in mid-sentence, under
    # it only the footnotes, and the abstract goes on at the top of page 2.
    lines = wrap(" ".join([ABSTRACT_TEXT] * 10), 80)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 150, 104, "Ada Lovelace and Alan Turing", 12, "helv")
    put(page, 72, 150, "Abstract", 12, "tibo")
    cut = next(i for i in range(39, 30, -1) if not lines[i - 1].endswith("."))
    for i, text in enumerate(lines[:cut]):
        put(page, 72, 170 + 14 * i, text, 12)
    put(page, 72, 730, "*Corresponding author", 9)
    put(page, 72, 760, "Preprint submitted to a journal", 9)
    page2 = doc.new_page(width=612, height=792)
    put(page2, 500, 50, "2", 9)
    for i, text in enumerate(lines[cut:]):
        put(page2, 72, 80 + 14 * i, text, 12)
    y = 80 + 14 * len(lines[cut:]) + 10
    put(page2, 72, y, "Keywords: reading order, layout", 12)
    put(page2, 72, y + 40, "1. Introduction", 12, "tibo")
    for i, text in enumerate(body(20, width=80)):
        put(page2, 72, y + 60 + 14 * i, text, 12)
    doc.save(tmp_path / "long.pdf")
    assert 170 + 14 * cut > 650  # page 1 is full
    got = extract_pdf(tmp_path / "long.pdf")
    assert got.abstract == " ".join(lines)


def test_abstract_ending_a_sentence_at_the_page_foot_is_complete(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 72, 150, "Abstract", 12, "tibo")
    for i, text in enumerate(ABSTRACT):
        put(page, 72, 170 + 14 * i, text, 12)
    page2 = doc.new_page(width=612, height=792)
    for i, text in enumerate(body(20, width=80)):
        put(page2, 72, 80 + 14 * i, text, 12)
    doc.save(tmp_path / "short.pdf")
    assert extract_pdf(tmp_path / "short.pdf").abstract == ABSTRACT_TEXT


def _double_spaced(tmp_path: Path, heading: str | None) -> Path:
    """A manuscript set double-spaced (the nature class, revtex's preprint mode): 18 pt
    between lines of 12 pt type, more than between the paragraphs of a paper set solid."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 72, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 72, 110, "Ada Lovelace and Alan Turing", 12)
    put(page, 72, 145, "Department of Computing, University of Nowhere", 12)
    skip = 35  # baseline to baseline; the glyph boxes written here are 16.6 pt tall
    y = 200.0
    if heading:
        put(page, 72, y, heading, 12, "tibo")
        y += skip
    for text in wrap(ABSTRACT_TEXT, 80):
        put(page, 72, y, text, 12, "tibo" if heading is None else "tiro")
        y += skip
    put(page, 72, y + 20, "1 Introduction", 12, "tibo")
    for i, text in enumerate(body(6, width=80)):
        put(page, 72, y + 20 + skip * (i + 1), text, 12)
    doc.save(tmp_path / "double.pdf")
    return tmp_path / "double.pdf"


@pytest.mark.parametrize("heading", ["Abstract", None], ids=["heading", "bold-summary"])
def test_double_spaced_abstract(tmp_path: Path, heading: str | None) -> None:
    assert extract_pdf(_double_spaced(tmp_path, heading)).abstract == ABSTRACT_TEXT


def test_authors_in_the_title_size_are_not_part_of_the_title(tmp_path: Path) -> None:
    # revtex's preprint mode sets title and authors in one size, the title alone in bold.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 72, 80, "Reading Order for Synthetic Papers", 12, "hebo")
    put(page, 100, 96, "Ada Lovelace and Alan Turing", 12, "helv")
    put(page, 100, 112, "Department of Computing, University of Nowhere", 12, "helv")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 80)):
        put(page, 100, 150 + 14 * i, text, 12)
    doc.save(tmp_path / "preprint.pdf")
    got = extract_pdf(tmp_path / "preprint.pdf")
    assert got.title == "Reading Order for Synthetic Papers"
    assert got.abstract == ABSTRACT_TEXT


def test_abstract_goes_on_in_the_right_column_past_footnotes(tmp_path: Path) -> None:
    # The authors' footnotes sit at the foot of the left column, between the two parts of an
    # abstract that runs over into the right column.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "A Long Abstract Study", 17, "hebo")
    put(page, 150, 104, "Ada Lovelace* and Alan Turing**", 11, "helv")
    put(page, 54, 150, "Abstract", 12, "tibo")
    lines = wrap(" ".join([ABSTRACT_TEXT] * 7), 50)
    cut = next(i for i in range(44, 30, -1) if not lines[i - 1].endswith("."))
    for i, text in enumerate(lines[:cut]):
        put(page, 54, 166 + 11 * i, text, 10)
    put(page, 54, 690, "*Department of Computing, University of Nowhere", 8)
    put(page, 54, 700, "**School of Engines, University of Nowhere", 8)
    for i, text in enumerate(lines[cut:]):
        put(page, 322, 150 + 11 * i, text, 10)
    y = 150 + 11 * len(lines[cut:]) + 20
    put(page, 322, y, "1 Introduction", 12, "tibo")
    for i, text in enumerate(body(20)):
        put(page, 322, y + 16 + 11 * i, text, 10)
    doc.save(tmp_path / "footnotes.pdf")
    assert 166 + 11 * cut > 600  # the left column is full
    assert extract_pdf(tmp_path / "footnotes.pdf").abstract == " ".join(lines)


@pytest.mark.parametrize(
    "options",
    [{"heading": "Résumé. — ", "inline_heading": True}, {"heading": "Zusammenfassung"}],
    ids=["Résumé", "Zusammenfassung"],
)
def test_heading_in_another_language(tmp_path: Path, options: dict[str, object]) -> None:
    assert extract_pdf(make(tmp_path, **options)).abstract == ABSTRACT_TEXT


def test_english_heading_preferred_to_another_language(tmp_path: Path) -> None:
    french = (
        "Nous présentons une manière simple de lire la première page d'un article "
        "scientifique. Le lecteur suit les colonnes de la page et s'arrête à la première "
        "section, en une fraction de seconde sur un ordinateur portable ordinaire."
    )
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 72, 140, "Résumé", 12, "tibo")
    y = 156.0
    for text in wrap(french, 90):
        put(page, 72, y, text, 10)
        y += 12
    put(page, 72, y + 16, "Abstract", 12, "tibo")
    y += 32
    for text in wrap(ABSTRACT_TEXT, 90):
        put(page, 72, y, text, 10)
        y += 12
    put(page, 72, y + 16, "1 Introduction", 12, "tibo")
    doc.save(tmp_path / "bilingual.pdf")
    assert extract_pdf(tmp_path / "bilingual.pdf").abstract == ABSTRACT_TEXT


def test_authors_in_capitals_with_a_raised_accent(tmp_path: Path) -> None:
    # amsart sets the authors in capitals; Computer Modern (OT1) prints É as a raised ´
    # before E, which must not split the name as a footnote mark would.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    x = put(page, 150, 110, "ANA P", 9)
    x = put(page, x - 0.5, 107, "\u00b4", 9)
    put(page, x - 3, 110, "EREZ AND ALAN TURING", 9)
    put(page, 72, 150, "Abstract", 12, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(page, 72, 166 + 12 * i, text, 10)
    doc.save(tmp_path / "caps.pdf")
    assert extract_pdf(tmp_path / "caps.pdf").authors == ["Ana Pérez", "Alan Turing"]


# --- layouts of papers nobody here had seen (bench/latex_set, wave 4) ------------------------


def _page_with_abstract(lines: list[tuple[float, str, float, str]]) -> pymupdf.Document:
    """A page with a title, then `lines` as (x, text, size, font) one under the other at 12 pt
    spacing (a size under 8 pt hangs under the line before, as a formula's limits do)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 150, 104, "Ada Lovelace and Alan Turing", 12, "helv")
    y = 150.0
    for x, text, size, font in lines:
        if size < 8:
            put(page, x, y - 4, text, size, font)
            y += 8
            continue
        put(page, x, y, text, size, font)
        y += 12
    return doc


def test_a_displayed_formula_does_not_end_the_abstract(tmp_path: Path) -> None:
    # amsart centres a display in the abstract; the limits of its sums are set smaller.
    before = wrap("We bound the sum of the coefficients over all moduli up to Q and show that", 90)
    after = wrap("where the constant is explicit. " + ABSTRACT_TEXT, 90)
    lines = [(72.0, "Abstract", 12.0, "tibo")]
    lines += [(72.0, t, 10.0, "tiro") for t in before]
    lines += [(220.0, "S(a/q) ≤ (N + 3Q) a", 10.0, "tiro"), (214.0, "q ≤ Q    n ≤ N", 7.0, "tiro")]
    lines += [(72.0, t, 10.0, "tiro") for t in after]
    lines += [(72.0, "1 Introduction", 12.0, "tibo")]
    doc = _page_with_abstract(lines)
    doc.save(tmp_path / "display.pdf")
    got = extract_pdf(tmp_path / "display.pdf")
    assert got.abstract is not None
    assert got.abstract.startswith(" ".join(before))
    assert got.abstract.endswith(" ".join(after))
    assert "q ≤ Q" in got.abstract


@pytest.mark.parametrize(
    "after",
    [
        "Key-words: reading order, layout",
        "Keywords. reading order, layout",
        "Index Terms—reading order, layout",
        "Résumé : Nous présentons une manière simple de lire la première page d'un article.",
        "Zusammenfassung. Wir stellen ein einfaches Verfahren vor, die erste Seite zu lesen.",
        "Mots-clés : ordre de lecture",
        "Palavras-chave: ordem de leitura",
    ],
)
def test_abstract_stops_before_a_line_in_its_own_type(tmp_path: Path, after: str) -> None:
    # A research report sets its key words and its abstract in a second language right under
    # the English abstract, in the same type, with no more space between them than a line's.
    lines = [(72.0, "Abstract:", 10.0, "tibo")]
    lines += [(72.0, t, 10.0, "tiro") for t in wrap(ABSTRACT_TEXT, 90)]
    lines += [(72.0, t, 10.0, "tiro") for t in wrap(after + " " + _BODY_TEXT, 90)]
    doc = _page_with_abstract(lines)
    doc.save(tmp_path / "report.pdf")
    assert extract_pdf(tmp_path / "report.pdf").abstract == ABSTRACT_TEXT


_BODY_TEXT = " ".join(body(3, width=90))
PORTUGUESE = (
    "Apresentamos uma maneira simples de ler a primeira página de um artigo científico. O "
    "leitor segue as colunas da página, ignora as notas da margem e para na primeira seção, em "
    "uma fração de segundo num computador portátil comum."
)


def test_thesis_gives_the_english_abstract_after_one_in_its_own_language(tmp_path: Path) -> None:
    path = _report(tmp_path, [("Resumo", PORTUGUESE)], "Abstract")
    got = extract_pdf(path)
    assert got.abstract == ABSTRACT_TEXT
    assert got.language == "en"
    assert (got.abstract_other, got.language_other) == (PORTUGUESE, "pt")


def test_abstract_in_another_language_when_there_is_no_english_one(tmp_path: Path) -> None:
    path = _report(tmp_path, [], "Resumo")
    doc = pymupdf.open(path)
    page = doc[1]  # the abstract's page: its text in Portuguese instead
    page.add_redact_annot(page.rect)
    page.apply_redactions()
    put(page, 72, 100, "Resumo", 16, "tibo")
    for i, line in enumerate(wrap(PORTUGUESE, 90)):
        put(page, 72, 130 + 12 * i, line, 10)
    doc.save(tmp_path / "resumo.pdf")
    got = extract_pdf(tmp_path / "resumo.pdf")
    assert (got.abstract, got.language) == (PORTUGUESE, "pt")
    assert got.abstract_other is None


def test_title_page_whose_largest_type_is_the_university(tmp_path: Path) -> None:
    # A Brazilian master's thesis: the university's name on top in the largest type, the author,
    # then the title; OT1 fonts print the cedilla and the tilde apart from their letters.
    doc = pymupdf.open()
    cover = doc.new_page(width=612, height=792)
    put(cover, 120, 90, "UNIVERSIDADE FEDERAL DO", 22, "tibo")
    put(cover, 230, 116, "PLANALTO", 22, "tibo")
    put(cover, 240, 140, "Instituto de F´ısica", 14)
    put(cover, 250, 260, "Ana Souza Lima", 14)
    x = put(cover, 110, 360, "Difra", 18, "tibo")
    put(cover, x, 360, "\u00b8c\u02dcao de raios X em filmes de ´oxido de zinco", 18, "tibo")
    degree = (
        "Disserta¸c˜ao apresentada ao Programa de P´os-Gradua¸c˜ao em F´ısica como requisito "
        "parcial para a obten¸c˜ao do t´ıtulo de Mestre em F´ısica."
    )
    for i, line in enumerate(wrap(degree, 45)):
        put(cover, 300, 440 + 14 * i, line, 11)
    page = doc.new_page(width=612, height=792)
    put(page, 72, 100, "Abstract", 16, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(page, 72, 130 + 12 * i, text, 10)
    doc.save(tmp_path / "dissertacao.pdf")
    got = extract_pdf(tmp_path / "dissertacao.pdf")
    assert got.title == "Difração de raios X em filmes de óxido de zinco"
    assert got.authors == ["Ana Souza Lima"]
    assert got.abstract == ABSTRACT_TEXT


def test_superscripts_that_are_not_footnote_marks(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 72, 150, "Abstract", 12, "tibo")
    x = put(page, 72, 170, "We measured [Ca", 10)
    x = put(page, x, 166, "2+", 7)
    x = put(page, x, 170, "] in 10", 10)
    x = put(page, x, 166, "6.6", 7)
    x = put(page, x, 170, " cells of 10", 10)
    x = put(page, x, 166, "4", 7)
    put(page, x, 170, " mice, as Smith and Jones", 10)
    x = put(page, 72, 182, "reported", 10)
    x = put(page, x, 178, "1,2", 7)
    put(page, x, 182, " before. " + ABSTRACT_TEXT[:60], 10)
    put(page, 72, 210, "1 Introduction", 12, "tibo")
    doc.save(tmp_path / "sup.pdf")
    got = extract_pdf(tmp_path / "sup.pdf")
    assert got.abstract == (
        "We measured [Ca2+] in 10^6.6 cells of 10^4 mice, as Smith and Jones reported before. "
        + ABSTRACT_TEXT[:60]
    )


def test_copyright_sign_of_two_glyphs_ends_the_abstract(tmp_path: Path) -> None:
    # LaTeX 2.09's \copyright: a c inside a large circle, read as c and U+20DD.
    lines = [(72.0, t, 10.0, "tiro") for t in ABSTRACT]
    lines += [(72.0, "c\u20dd 2024 The Society of Nowhere. All rights reserved.", 10.0, "tiro")]
    lines += [(72.0, t, 10.0, "tiro") for t in wrap(_BODY_TEXT, 90)]
    doc = _page_with_abstract([(72.0, "Abstract", 12.0, "tibo"), *lines])
    doc.save(tmp_path / "copyright.pdf")
    assert extract_pdf(tmp_path / "copyright.pdf").abstract == ABSTRACT_TEXT


def test_footnotes_under_the_abstract_are_not_part_of_it(tmp_path: Path) -> None:
    # The abstract fills the left column; the authors' footnotes, a point smaller and close
    # under it, stand at its foot; the abstract goes on at the top of the right column.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 60, "A Long Abstract Study", 17, "hebo")
    put(page, 150, 84, "Ada Lovelace* and Alan Turing†", 11, "helv")
    put(page, 54, 120, "Abstract", 12, "tibo")
    lines = wrap(" ".join([ABSTRACT_TEXT] * 9), 50)
    cut = next(i for i in range(44, 30, -1) if not lines[i - 1].endswith("."))
    for i, text in enumerate(lines[:cut]):
        put(page, 54, 136 + 12 * i, text, 10)
    y = 136 + 12 * (cut - 1) + 13
    put(page, 54, y, "*Department of Computing, University of Nowhere", 9)
    put(page, 54, y + 11, "†School of Engines, University of Nowhere", 9)
    for i, text in enumerate(lines[cut:]):
        put(page, 322, 120 + 12 * i, text, 10)
    y = 120 + 12 * len(lines[cut:]) + 20
    put(page, 322, y, "1 Introduction", 12, "tibo")
    doc.save(tmp_path / "footnotes.pdf")
    assert extract_pdf(tmp_path / "footnotes.pdf").abstract == " ".join(lines)


def test_authors_in_blocks_side_by_side_with_a_raised_dagger(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    blocks = [("Chen Wei", 80), ("Ingrid Halvorsen", 250), ("Ana Pérez", 430)]
    for name, x in blocks:
        end = put(page, x, 130, name, 12)
        put(page, x, 144, "Faculty of Science", 9)
        put(page, x, 155, "University of Eastmoor", 9)
        if name == "Chen Wei":
            put(page, end, 118, "†", 7)  # raised clear of the name: a line of its own
    put(page, 200, 172, "†Corresponding author: chen.wei@eastmoor.edu", 9)
    put(page, 72, 210, "Abstract", 12, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(page, 72, 226 + 12 * i, text, 10)
    doc.save(tmp_path / "blocks.pdf")
    got = extract_pdf(tmp_path / "blocks.pdf")
    assert got.authors == ["Chen Wei", "Ingrid Halvorsen", "Ana Pérez"]
    assert got.abstract == ABSTRACT_TEXT


def test_clean_text_joins_a_loose_cedilla_and_a_two_glyph_copyright() -> None:
    assert clean_text("difra¸c˜ao  c\u20dd 2024") == "difração © 2024"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ABSTRACT_TEXT, "en"),
        (PORTUGUESE, "pt"),
        (
            "Nous présentons une manière simple de lire la première page d'un article "
            "scientifique. Le lecteur suit les colonnes de la page et s'arrête à la première "
            "section.",
            "fr",
        ),
        (
            "Wir stellen ein einfaches Verfahren vor, mit dem sich die erste Seite eines "
            "Artikels lesen lässt. Es folgt den Spalten der Seite und hält bei dem ersten "
            "Abschnitt an.",
            "de",
        ),
        (
            "Presentamos una manera sencilla de leer la primera página de un artículo. El "
            "lector sigue las columnas de la página y se detiene en la primera sección.",
            "es",
        ),
        ("Reading Order for Synthetic Papers", None),  # too short to tell
        # names, numbers and mathematics: no function words of any language
        ("Ada Lovelace, Alan Turing, Grace Hopper; ∑ q∈Q |S(a/q)|² ≤ (N + 3Q) ∑ |a_n|²", None),
    ],
)
def test_guess_language(text: str, language: str | None) -> None:
    assert guess_language(text) == language


# --- reading limits -------------------------------------------------------------------------


def test_full_text_of_a_page_that_inflates_is_cut(tmp_path: Path) -> None:
    # 20 MB of text drawn on page 2 from a file of a few hundred KB: page 2 is read up to its
    # first 2 MB of content and 50,000 characters.
    got = extract_pdf(bomb(tmp_path / "bomb.pdf", 20, page=2))
    assert (got.title, got.abstract) == ("A Paper That Inflates", ABSTRACT_TEXT)
    assert got.text is not None
    assert MAX_PAGE_CHARS * 0.9 < len(got.text) < MAX_PAGE_CHARS + 2_000
    assert got.notes == (
        "page 2's content inflates to more than 2 MB: only the first 2 MB were read",
        "page 2 has more than 50,000 characters of text: the rest was not read",
    )


def test_text_of_a_paper_is_cut_at_two_million_characters(tmp_path: Path) -> None:
    # 50 pages of 48,000 characters each (a page of tiny type is a fifth of that)
    got = extract_pdf(text_pages(tmp_path / "long.pdf", 50, 400))
    assert got.text is not None
    assert MAX_TEXT_CHARS - MAX_PAGE_CHARS < len(got.text) <= MAX_TEXT_CHARS + 50 * 400
    # 41 pages of 48,400 characters after page 1 make 1,984,400: page 43 is cut short
    assert "Page 43." in got.text
    assert "Page 44." not in got.text
    assert got.notes == ("its text was cut at 2,000,000 characters, on page 43 of 50",)


def test_pages_past_the_thousandth_are_not_read(tmp_path: Path) -> None:
    got = extract_pdf(text_pages(tmp_path / "many.pdf", MAX_PAGES + 2, 1))
    assert got.text is not None
    assert f"Page {MAX_PAGES}." in got.text
    assert f"Page {MAX_PAGES + 1}." not in got.text
    assert got.notes == ("only its first 1,000 of 1,002 pages were read",)
    assert got.pages == MAX_PAGES + 2


def test_a_paper_is_read_without_notes(tmp_path: Path) -> None:
    assert extract_pdf(make(tmp_path)).notes == ()


@pytest.mark.parametrize("by", ["by", "By", "par"])
def test_names_after_by(tmp_path: Path, by: str) -> None:
    # A dissertation or an Annals paper puts "by" before the names, on its own line or on
    # theirs, and in another type.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 90, 80, "Reading Order for Synthetic Papers", 17, "hebo")
    put(page, 280, 110, by, 10, "tiro")
    x = put(page, 200, 130, f"{by} ", 11, "tiro")
    put(page, x, 130, "Ada Lovelace and Alan Turing", 11, "helv")
    put(page, 72, 170, "Abstract", 12, "tibo")
    for i, text in enumerate(wrap(ABSTRACT_TEXT, 90)):
        put(page, 72, 186 + 12 * i, text, 10)
    doc.save(tmp_path / "by.pdf")
    assert extract_pdf(tmp_path / "by.pdf").authors == ["Ada Lovelace", "Alan Turing"]
