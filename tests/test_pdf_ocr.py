"""A scanned page with an OCR text layer (invisible text over the scan, type sizes guessed
word by word, one font for all): the title and the authors come from the order of the page,
since its type does not tell them (tests/pdfmaker.py's ocr_scan copies a 1999 journal page
that ABBYY read)."""

from __future__ import annotations

from pathlib import Path

from pdfmaker import ABSTRACT, ABSTRACT_TEXT, Paper, build, ocr_scan

from readinglist.pdf import extract_pdf
from readinglist.pdf.reader import open_pdf, read_first_page


def test_a_scanned_page_gives_its_title_authors_and_abstract(tmp_path: Path) -> None:
    got = extract_pdf(ocr_scan(tmp_path / "scan.pdf"))
    assert got.title == (
        "Exact Solitary-wave Solutions for the General Fifth-order Shallow Water-wave Models"
    )
    assert got.authors == ["Woo-Pyo Hong", "Young-Dae Jung"]
    assert got.abstract == ABSTRACT_TEXT


def test_invisible_text_is_read_as_an_ocr_layer(tmp_path: Path) -> None:
    with open_pdf(ocr_scan(tmp_path / "scan.pdf")) as doc:
        assert read_first_page(doc)[1].ocr
    with open_pdf(build(tmp_path / "typeset.pdf", Paper(abstract=ABSTRACT))) as doc:
        assert not read_first_page(doc)[1].ocr
