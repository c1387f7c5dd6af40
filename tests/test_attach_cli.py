"""`rl pdf REF FILE` and `rl add FILE.pdf` as a user runs them, with PDFs built by pdfmaker,
against the local arXiv server (or the dead port the autouse fixture points at)."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pymupdf
import pytest
from kb_state import state
from pdfmaker import ABSTRACT, ABSTRACT_TEXT, Paper, build, wrap

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

OTHER_ABSTRACT_TEXT = (
    "Bleu scores are computed from n-gram overlap between a candidate and its references, "
    "with a brevity penalty for short candidates."
)
OTHER_ABSTRACT = wrap(OTHER_ABSTRACT_TEXT, 48)


def make_pdf(path: Path, title: str = "Reading Order for Synthetic Papers", **options) -> Path:
    options.setdefault("abstract", ABSTRACT)
    path.parent.mkdir(parents=True, exist_ok=True)
    return build(path, Paper(title=[title], **options))


def stored(db_file: Path, paper_id: int = 1) -> dict:
    conn = sqlite3.connect(db_file)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone())
    finally:
        conn.close()


def ok(r):
    assert r.exit_code == 0, r.stderr
    return r


# -- rl pdf REF FILE ---------------------------------------------------------------------------


def test_attach_copies_the_pdf_and_fills_a_missing_abstract(rl, tmp_path, kb, db_file):
    kb.add_paper({"title": "Reading Order for Synthetic Papers", "category": "other"})
    source = make_pdf(tmp_path / "downloads" / "reading.pdf")
    before = source.read_bytes()
    r = ok(rl("pdf", "1", str(source), "--json"))
    paper = r.json()
    assert paper["pdf_path"] == "pdfs/paper-1.pdf"
    assert paper["abstract"] == ABSTRACT_TEXT
    assert paper["abstract_source"] == "pdf"
    copy = tmp_path / "pdfs" / "paper-1.pdf"
    assert copy.read_bytes() == before
    assert source.read_bytes() == before  # the user's file stays where it was, as it was
    assert r.stderr.splitlines() == [
        "Attached a PDF to #1 Reading Order for Synthetic Papers: pdfs/paper-1.pdf (2 pages).",
        "Its abstract comes from the PDF.",
    ]
    shown = ok(rl("show", "1")).stdout
    assert "pdfs/paper-1.pdf" in shown
    assert "Abstract (from pdf)" in shown


def test_pdfs_live_next_to_the_knowledge_base(rl, tmp_path, monkeypatch):
    kb = tmp_path / "elsewhere" / "papers.sqlite"
    monkeypatch.setenv("RL_DB", str(kb))
    ok(rl("add", "A Paper", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf"))))
    assert (kb.parent / "pdfs" / "paper-1.pdf").is_file()
    assert not (tmp_path / "pdfs").exists()


def test_an_arxiv_abstract_is_never_replaced_and_the_file_is_named_by_arxiv_id(rl, tmp_path, kb):
    kb.add_paper({"title": "Reading Order for Synthetic Papers", "category": "other",
                     "arxiv_id": "2203.02155", "abstract": "From arXiv.",
                     "abstract_source": "arxiv"})  # fmt: skip
    r = ok(rl("pdf", "2203.02155", str(make_pdf(tmp_path / "p.pdf")), "--json"))
    paper = r.json()
    assert (paper["abstract"], paper["abstract_source"]) == ("From arXiv.", "arxiv")
    assert paper["pdf_path"] == "pdfs/2203.02155.pdf"
    assert "abstract" not in r.stderr


def test_a_manual_abstract_is_never_replaced(rl, tmp_path):
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    ok(rl("edit", "1", "--abstract", "My own summary."))
    paper = ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf")), "--json")).json()
    assert (paper["abstract"], paper["abstract_source"]) == ("My own summary.", "manual")


def test_old_style_ids_name_files_without_a_slash(rl, tmp_path, kb):
    kb.add_paper({"title": "Old", "category": "other", "arxiv_id": "hep-th/9901001"})
    paper = ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf")), "--json")).json()
    assert paper["pdf_path"] == "pdfs/hep-th_9901001.pdf"
    assert (tmp_path / "pdfs" / "hep-th_9901001.pdf").is_file()


def test_attaching_twice_replaces_the_papers_own_file(rl, tmp_path):
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "first.pdf"))))
    second = make_pdf(tmp_path / "second.pdf", abstract=OTHER_ABSTRACT, pages=3)
    r = ok(rl("pdf", "1", str(second), "--json"))
    assert r.stderr.startswith("Replaced the PDF of #1 Reading Order for Synthetic Papers: "
                               "pdfs/paper-1.pdf (3 pages).")  # fmt: skip
    # The abstract an earlier PDF gave follows the PDF now attached.
    assert r.json()["abstract"] == OTHER_ABSTRACT_TEXT
    assert sorted(p.name for p in (tmp_path / "pdfs").iterdir()) == ["paper-1.pdf"]
    assert (tmp_path / "pdfs" / "paper-1.pdf").read_bytes() == second.read_bytes()


def test_attaching_the_stored_file_itself_loses_nothing(rl, tmp_path):
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    source = make_pdf(tmp_path / "p.pdf")
    ok(rl("pdf", "1", str(source)))
    ok(rl("pdf", "1", str(tmp_path / "pdfs" / "paper-1.pdf")))
    assert (tmp_path / "pdfs" / "paper-1.pdf").read_bytes() == source.read_bytes()


def test_a_paper_that_gained_an_arxiv_id_moves_to_that_name(rl, tmp_path):
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf"))))
    ok(rl("edit", "1", "--arxiv-id", "2203.02155"))
    paper = ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf")), "--json")).json()
    assert paper["pdf_path"] == "pdfs/2203.02155.pdf"
    assert sorted(p.name for p in (tmp_path / "pdfs").iterdir()) == ["2203.02155.pdf"]


def test_another_papers_file_is_never_overwritten(rl, tmp_path, kb):
    for _ in range(2):
        kb.add_paper({"title": "Same Paper", "category": "other", "arxiv_id": "2203.02155"},
                  force=True)  # fmt: skip
    first = make_pdf(tmp_path / "first.pdf")
    second = make_pdf(tmp_path / "second.pdf", pages=3)
    ok(rl("pdf", "1", str(first)))
    assert ok(rl("pdf", "2", str(second), "--json")).json()["pdf_path"] == ("pdfs/2203.02155-2.pdf")
    assert (tmp_path / "pdfs" / "2203.02155.pdf").read_bytes() == first.read_bytes()
    assert (tmp_path / "pdfs" / "2203.02155-2.pdf").read_bytes() == second.read_bytes()


def test_a_file_already_in_the_folder_is_never_overwritten(rl, tmp_path):
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "paper-1.pdf").write_bytes(b"the user's own file")
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    paper = ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf")), "--json")).json()
    assert paper["pdf_path"] == "pdfs/paper-1-1.pdf"
    assert (tmp_path / "pdfs" / "paper-1.pdf").read_bytes() == b"the user's own file"


def test_stored_pdfs_get_the_usual_file_mode(rl, tmp_path):
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf"))))
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "pdfs" / "paper-1.pdf").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_pdf_of_another_arxiv_paper_is_refused_unless_forced(rl, tmp_path, kb, db_file):
    kb.add_paper({"title": "Attention", "category": "other", "arxiv_id": "1706.03762"})
    source = make_pdf(tmp_path / "p.pdf", stamp="arXiv:2203.02155v1  [cs.CL]  4 Mar 2022")
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", str(source))
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: {source} is arXiv 2203.02155, but #1 'Attention' is arXiv 1706.03762: is it "
        "the right PDF? Nothing was stored. Attach it anyway with --force.\n"
    )
    assert state(db_file, tmp_path) == before
    assert ok(rl("pdf", "1", str(source), "--force", "--json")).json()["pdf_path"] == (
        "pdfs/1706.03762.pdf"
    )


def _encrypted(path: Path) -> Path:
    doc = pymupdf.open(make_pdf(path.with_name("plain.pdf")))
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    return path


def _image_only(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 200))
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(72, 72, 400, 400), pixmap=pix)
    doc.save(path)
    return path


def _truncated(path: Path) -> Path:
    data = make_pdf(path.with_name("whole.pdf")).read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _write(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


BAD_PDFS = [
    ("notes.pdf", _write(b"just some notes\n"), "is not a PDF (it does not start with %PDF-)."),
    ("empty.pdf", _write(b""), "is empty (0 bytes). Download it again."),
    ("cut.pdf", _truncated, "damaged or truncated|has no text layer"),
    ("locked.pdf", _encrypted, "is encrypted (password protected)."),
    ("scan.pdf", _image_only, "has no text layer (it looks like a scanned image)."),
]


@pytest.mark.parametrize(("name", "make", "says"), BAD_PDFS, ids=[b[0] for b in BAD_PDFS])
def test_a_bad_pdf_is_a_clear_error_and_changes_nothing(rl, tmp_path, db_file, name, make, says):
    ok(rl("add", "Reading Order for Synthetic Papers", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "good.pdf"))))
    bad = make(tmp_path / name)
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", str(bad))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {bad} ")
    assert re.search(re.escape(says).replace(r"\|", "|"), r.stderr)
    assert len(r.stderr.splitlines()) == 1  # one line, no traceback
    assert state(db_file, tmp_path) == before


@pytest.mark.parametrize(("name", "make", "says"), BAD_PDFS, ids=[b[0] for b in BAD_PDFS])
def test_adding_a_bad_pdf_stores_nothing(rl, tmp_path, kb, db_file, name, make, says):
    bad = make(tmp_path / name)
    before = state(db_file, tmp_path)
    r = rl("add", str(bad), "--cat", "other")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {bad} ")
    assert re.search(re.escape(says).replace(r"\|", "|"), r.stderr)
    assert state(db_file, tmp_path) == before
    assert not (tmp_path / "pdfs").exists() or not any((tmp_path / "pdfs").iterdir())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["1"], "give the PDF to attach (rl pdf 1 FILE), or fetch it from arXiv "
                "(rl pdf 1 --download)."),
        ([], "give a paper and a PDF (rl pdf REF FILE), or fetch it from arXiv "
             "(rl pdf REF --download, or rl pdf --all --download)."),
        (["1", "x.pdf", "--download"], "give either a FILE or --download, not both."),
        (["--all"], "--all downloads PDFs from arXiv: rl pdf --all --download"),
        (["1", "--all", "--download"], "--all downloads for every paper: give either REF or "
                                       "--all."),
        (["7", "x.pdf"], "no paper with id 7. See the ids with: rl list"),
        (["1", "missing.pdf"], "no such file: missing.pdf"),
    ],
)  # fmt: skip
def test_usage_errors(rl, tmp_path, db_file, args, says):
    ok(rl("add", "A Paper", "--cat", "other", "--offline"))
    before = state(db_file, tmp_path)
    r = rl("pdf", *args)
    assert r.exit_code == 1
    assert r.stderr == f"Error: {says}\n"
    assert state(db_file, tmp_path) == before


def test_a_pdfs_folder_that_is_a_file_is_a_clear_error(rl, tmp_path, db_file):
    ok(rl("add", "A Paper", "--cat", "other", "--offline"))
    (tmp_path / "pdfs").write_text("not a folder")
    source = make_pdf(tmp_path / "p.pdf")
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", str(source))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: cannot create the folder for PDFs, {tmp_path / 'pdfs'}: ")
    assert state(db_file, tmp_path) == before


# -- rl add FILE.pdf ---------------------------------------------------------------------------


def test_add_pdf_with_a_printed_arxiv_id_looks_the_id_up(rl, tmp_path, kb, arxiv_server):
    source = make_pdf(tmp_path / "attention.pdf", "Attention Is All You Need",
                      stamp="arXiv:1706.03762v5  [cs.CL]  6 Dec 2017")  # fmt: skip
    r = ok(rl("add", str(source), "--cat", "other", "--json"))
    paper = r.json()
    assert (paper["arxiv_id"], paper["version"]) == ("1706.03762", 5)
    assert paper["resolution"] == "resolved"
    assert paper["title"] == paper["label"] == "Attention Is All You Need"
    assert paper["authors"][0] == "Ashish Vaswani"  # arXiv's, not the PDF's
    assert paper["abstract_source"] == "arxiv"
    assert paper["pdf_path"] == "pdfs/1706.03762.pdf"
    assert (tmp_path / "pdfs" / "1706.03762.pdf").read_bytes() == source.read_bytes()
    assert [s.params["id_list"] for s in arxiv_server.requests] == ["1706.03762v5"]
    assert r.stderr.splitlines() == [
        "Added #1 Attention Is All You Need to other: arXiv 1706.03762v5 "
        "'Attention Is All You Need'.",
        "Attached a PDF to #1 Attention Is All You Need: pdfs/1706.03762.pdf (2 pages).",
    ]


def test_add_pdf_without_an_id_resolves_its_title(rl, tmp_path, arxiv_server):
    source = make_pdf(tmp_path / "nips.pdf", "Attention Is All You Need")
    paper = ok(rl("add", str(source), "--cat", "other", "--json")).json()
    assert (paper["arxiv_id"], paper["version"]) == ("1706.03762", 7)
    assert paper["resolution"] == "resolved"
    assert (paper["abstract"], paper["abstract_source"]) == (
        "The Transformer, a network architecture based solely on attention mechanisms.",
        "arxiv",
    )
    assert paper["pdf_path"] == "pdfs/1706.03762.pdf"
    assert arxiv_server.requests[0].params["search_query"] == (
        "ti:attention AND ti:all AND ti:you AND ti:need"
    )


def test_add_pdf_of_a_paper_not_on_arxiv_keeps_what_the_pdf_says(rl, tmp_path, arxiv_server):
    source = make_pdf(tmp_path / "gpt2.pdf", "Language Models are Unsupervised Multitask Learners")
    r = ok(rl("add", str(source), "--cat", "llm", "--json"))
    paper = r.json()
    assert paper["arxiv_id"] is None
    assert paper["resolution"] == "not-found"
    assert (
        paper["title"] == paper["label"] == ("Language Models are Unsupervised Multitask Learners")
    )
    assert paper["authors"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert (paper["abstract"], paper["abstract_source"]) == (ABSTRACT_TEXT, "pdf")
    assert paper["pdf_path"] == "pdfs/paper-1.pdf"
    assert "not found" in r.stderr
    assert "Its abstract comes from the PDF." in r.stderr


def test_add_pdf_unsure_stores_candidates_and_the_pdfs_abstract(rl, tmp_path, arxiv_server):
    source = make_pdf(tmp_path / "persona.pdf", "A Persona-Based Neural Conversational Model")
    r = ok(rl("add", str(source), "--cat", "dialogue", "--no-input", "--json"))
    paper = r.json()
    assert paper["resolution"] == "unresolved"
    assert [c["arxiv_id"] for c in paper["candidates"]] == ["1603.06155", "9901.00021"]
    assert (paper["abstract"], paper["abstract_source"]) == (ABSTRACT_TEXT, "pdf")
    assert paper["pdf_path"] == "pdfs/paper-1.pdf"
    assert "Settle it with: rl resolve 1 --pick N" in r.stderr
    # Settling it takes arXiv's metadata; the PDF stays attached.
    settled = ok(rl("resolve", "1", "--pick", "1", "--json")).json()
    assert (settled["arxiv_id"], settled["abstract_source"]) == ("1603.06155", "arxiv")
    assert settled["pdf_path"] == "pdfs/paper-1.pdf"


def test_add_pdf_whose_id_arxiv_does_not_know_resolves_its_title(rl, tmp_path, arxiv_server):
    source = make_pdf(tmp_path / "p.pdf", "Attention Is All You Need",
                      stamp="arXiv:hep-th/9901001v1 19 Jan 1999")  # fmt: skip
    paper = ok(rl("add", str(source), "--cat", "other", "--json")).json()
    assert (paper["arxiv_id"], paper["resolution"]) == ("1706.03762", "resolved")
    assert [s.params.get("id_list") or s.params["search_query"]
            for s in arxiv_server.requests] == [
        "hep-th/9901001v1", "ti:attention AND ti:all AND ti:you AND ti:need"]  # fmt: skip


def test_add_pdf_with_arxiv_down_stores_what_the_pdf_gives(rl, tmp_path, db_file):
    source = make_pdf(tmp_path / "p.pdf", stamp="arXiv:2203.02155v1  [cs.CL]  4 Mar 2022")
    r = ok(rl("add", str(source), "--cat", "other", "--json"))
    paper = r.json()
    assert (paper["arxiv_id"], paper["version"]) == ("2203.02155", 1)  # as printed
    assert paper["resolution"] == "unresolved"
    assert paper["title"] == paper["label"] == "Reading Order for Synthetic Papers"
    assert (paper["abstract"], paper["abstract_source"]) == (ABSTRACT_TEXT, "pdf")
    assert paper["pdf_path"] == "pdfs/2203.02155.pdf"
    assert "Added #1 Reading Order for Synthetic Papers to other, unresolved: cannot connect" in (
        r.stderr
    )
    assert "Nothing is lost; retry with: rl resolve 1" in r.stderr


def test_add_pdf_without_id_and_arxiv_down(rl, tmp_path):
    paper = ok(rl("add", str(make_pdf(tmp_path / "p.pdf")), "--cat", "other", "--json")).json()
    assert (paper["arxiv_id"], paper["resolution"]) == (None, "unresolved")
    assert paper["abstract"] == ABSTRACT_TEXT
    assert paper["pdf_path"] == "pdfs/paper-1.pdf"


def test_add_pdf_offline_asks_nobody(rl, tmp_path, kb, arxiv_server):
    source = make_pdf(tmp_path / "p.pdf", stamp="arXiv:2203.02155v1  [cs.CL]  4 Mar 2022")
    r = ok(rl("add", str(source), "--cat", "other", "--offline", "--json"))
    paper = r.json()
    assert (paper["arxiv_id"], paper["version"], paper["resolution"]) == ("2203.02155", 1, "manual")
    assert paper["title"] == "Reading Order for Synthetic Papers"
    assert arxiv_server.requests == []
    assert r.stderr.startswith("Added #1 Reading Order for Synthetic Papers to other from its PDF.")


def test_add_pdf_takes_the_users_options(rl, tmp_path, arxiv_server):
    source = make_pdf(tmp_path / "gpt2.pdf", "Language Models are Unsupervised Multitask Learners")
    paper = ok(rl("add", str(source), "--cat", "llm", "--label", "(GPT2)Language Models",
                  "--status", "to-read", "--year", "2019", "--note", "OpenAI report",
                  "--json")).json()  # fmt: skip
    assert paper["label"] == "(GPT2)Language Models"
    assert (paper["status"], paper["year"]) == ("to-read", 2019)
    assert [n["text"] for n in paper["notes"]] == ["OpenAI report"]


def test_add_pdf_of_a_stored_paper_is_refused(rl, tmp_path, arxiv_server, db_file):
    source = make_pdf(tmp_path / "p.pdf", "Attention Is All You Need",
                      stamp="arXiv:1706.03762v5  [cs.CL]  6 Dec 2017")  # fmt: skip
    ok(rl("add", str(source), "--cat", "other"))
    before = state(db_file, tmp_path)
    r = rl("add", str(source), "--cat", "other")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: already stored as #1 'Attention Is All You Need' (other). Use --force to add "
        "it again anyway.\n"
    )
    assert state(db_file, tmp_path) == before


def test_add_pdf_without_a_title_says_what_to_do(rl, tmp_path, kb, db_file):
    source = build(tmp_path / "p.pdf", Paper(title=[], authors="", affiliation="",
                                             abstract=ABSTRACT))  # fmt: skip
    before = state(db_file, tmp_path)
    r = rl("add", str(source), "--cat", "other")
    assert r.exit_code == 1
    assert r.stderr.startswith(f'Error: found no title in {source}. Give it with --label "TITLE"')
    assert state(db_file, tmp_path) == before
    # With a label, that is the title.
    paper = ok(rl("add", str(source), "--cat", "other", "--label", "My Scan", "--json")).json()
    assert (paper["title"], paper["abstract"]) == ("My Scan", ABSTRACT_TEXT)


def test_add_unknown_category_fails_before_anything(rl, tmp_path, kb, db_file):
    before = state(db_file, tmp_path)
    r = rl("add", str(make_pdf(tmp_path / "p.pdf")), "--cat", "nope")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: unknown category 'nope'")
    assert state(db_file, tmp_path)[0] == before[0]


def test_a_missing_pdf_file_is_an_error(rl, db_file, tmp_path, kb):
    before = state(db_file, tmp_path)
    r = rl("add", "paper.pdf", "--cat", "other")
    assert (r.exit_code, r.stderr) == (1, "Error: no such file: paper.pdf\n")
    assert state(db_file, tmp_path) == before


def test_an_arxiv_pdf_name_is_an_id_unless_that_file_exists(rl, tmp_path, arxiv_server):
    paper = ok(rl("add", "1706.03762.pdf", "--cat", "other", "--json")).json()
    assert (paper["arxiv_id"], paper["pdf_path"]) == ("1706.03762", None)
    make_pdf(tmp_path / "2203.02155.pdf")
    paper = ok(rl("add", "2203.02155.pdf", "--cat", "other", "--offline", "--json")).json()
    assert (paper["arxiv_id"], paper["pdf_path"]) == ("2203.02155", "pdfs/2203.02155.pdf")


# -- full text: pdf_texts and rl search --------------------------------------------------------


def pdf_text_row(db_file: Path, paper_id: int = 1) -> tuple | None:
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute(
            "SELECT text, pages, extracted_at FROM pdf_texts WHERE paper_id = ?", (paper_id,)
        ).fetchone()
    finally:
        conn.close()


def found(rl, query: str) -> list[int]:
    return [hit["id"] for hit in ok(rl("search", query, "--json")).json()]


def test_rl_search_finds_a_word_only_in_the_pdfs_text(rl, tmp_path, db_file):
    ok(rl("add", "Brewing Notes", "--cat", "other", "--offline"))
    ok(rl("add", "Another Paper", "--cat", "other", "--offline"))
    assert found(rl, "zymurgical") == []
    source = make_pdf(tmp_path / "p.pdf", "Brewing Notes", body_extra="Zymurgical kinetics")
    ok(rl("pdf", "1", str(source)))
    assert found(rl, "zymurgical") == [1]
    assert found(rl, "pdf:kinetics") == [1]
    [hit] = ok(rl("search", "zymurgical", "--json")).json()
    assert hit["field"] == "pdf_text"
    text, pages, extracted_at = pdf_text_row(db_file)
    assert "Zymurgical kinetics The method reads each page" in text
    assert pages == 2
    assert extracted_at.endswith("+00:00")


def test_attaching_again_replaces_the_indexed_text(rl, tmp_path, db_file):
    ok(rl("add", "Brewing Notes", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "a.pdf", body_extra="Zymurgical"))))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "b.pdf", body_extra="Oenological", pages=3))))
    assert found(rl, "zymurgical") == []
    assert found(rl, "oenological") == [1]
    assert pdf_text_row(db_file)[1] == 3


def test_a_paper_added_from_its_pdf_is_found_by_its_text(rl, tmp_path):
    source = make_pdf(tmp_path / "p.pdf", body_extra="Zymurgical")
    ok(rl("add", str(source), "--cat", "other", "--offline"))
    assert found(rl, "zymurgical") == [1]


def test_deleting_a_paper_drops_its_text_from_search(rl, tmp_path, db_file):
    ok(rl("add", "Brewing Notes", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf", body_extra="Zymurgical"))))
    ok(rl("rm", "1", "--yes"))
    assert pdf_text_row(db_file) is None
    assert found(rl, "zymurgical") == []


def test_a_failed_attach_leaves_the_indexed_text(rl, tmp_path, db_file):
    ok(rl("add", "Brewing Notes", "--cat", "other", "--offline"))
    ok(rl("pdf", "1", str(make_pdf(tmp_path / "p.pdf", body_extra="Zymurgical"))))
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\nnot really")
    before = state(db_file, tmp_path)
    assert rl("pdf", "1", str(tmp_path / "bad.pdf")).exit_code == 1
    assert state(db_file, tmp_path) == before
    assert found(rl, "zymurgical") == [1]


def test_rl_doctor_finds_attached_pdfs_and_their_index_sound(rl, tmp_path, monkeypatch):
    kb = tmp_path / "kb" / "papers.sqlite"
    monkeypatch.setenv("RL_DB", str(kb))
    ok(rl("add", str(make_pdf(tmp_path / "p.pdf")), "--cat", "other", "--offline"))
    monkeypatch.chdir(tmp_path / "kb" / "pdfs")  # pdf_path is relative to the kb, not to here
    checks = {c["name"]: c for c in ok(rl("doctor", "--json")).json()["checks"]}
    assert checks["files"]["ok"], checks["files"]
    assert checks["files"]["summary"] == "1 referenced PDF(s)"
    assert checks["search index"]["ok"], checks["search index"]
