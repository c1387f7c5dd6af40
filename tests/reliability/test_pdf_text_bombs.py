"""PDF text bombs and texts at the reading limits, as stored and searched: `rl add FILE.pdf`
and `rl pdf REF FILE` say what the limits cut and store no more than was read, and a search
finds the words of a huge stored text and shows a short snippet of it, whatever the text
holds (how fast: bench/search_long_texts.py, RELIABILITY.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pdfmaker import ABSTRACT_TEXT, bomb, text_pages
from test_damaged_kb import read_only

from readinglist.library import open_library
from readinglist.pdf import MAX_PAGE_CHARS, MAX_TEXT_CHARS
from readinglist.search import MARK_END, MARK_START, search

# pdfmaker's filler line, as the bombs draw it over and over
LINE = (
    "The method reads each page of the document in the order a person would read it and keeps "
    "the structure of the text intact"
)
# a shown snippet: 16 words and the ellipses, never a page of text
SHORT = 200


def ok(r):
    assert r.exit_code == 0, r.stderr
    return r


def stored_text(db: Path, paper_id: int) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT text FROM pdf_texts WHERE paper_id = ?",
                                (paper_id,)).fetchone()[0])  # fmt: skip


# -- what the reading limits cut is said, and nothing past them is stored ----------------------


def test_rl_add_of_a_text_bomb_says_what_was_cut_and_stores_only_what_was_read(
    rl, tmp_path, db_file
):
    path = bomb(tmp_path / "bomb.pdf", 6)  # 6 MB of text on page 1, about 200 KB on disk
    r = ok(rl("add", str(path), "--cat", "other", "--offline", "--json"))
    notes = [
        "page 1's content inflates to more than 2 MB: only the first 2 MB were read",
        "page 1 has more than 50,000 characters of text: the rest was not read",
    ]
    assert r.json()["pdf_notes"] == notes
    assert r.stderr.splitlines()[-3:] == [
        *(f"Note: {path}: {note}." for note in notes),
        "Only the text that was read is stored and searched.",
    ]
    # page 1 (6 million characters drawn) cut at 50,000, and page 2's 50 lines of body text
    assert MAX_PAGE_CHARS < len(stored_text(db_file, 1)) < MAX_PAGE_CHARS + 50 * 100
    assert r.json()["abstract"] == ABSTRACT_TEXT


def test_rl_pdf_of_a_paper_past_the_cap_stores_two_million_characters_and_says_so(
    rl, tmp_path, db_file
):
    ok(rl("add", "A Very Long Report", "--cat", "other", "--offline"))
    path = text_pages(tmp_path / "long.pdf", 50, 400)  # 50 pages of 48,000 characters
    r = ok(rl("pdf", "1", str(path), "--json"))
    note = "its text was cut at 2,000,000 characters, on page 43 of 50"
    assert r.json()["pdf_notes"] == [note]
    assert f"Note: {path}: {note}." in r.stderr.splitlines()
    assert len(stored_text(db_file, 1)) <= MAX_TEXT_CHARS
    # what was read is searched, what was not is not
    assert [p["id"] for p in ok(rl("search", '"page 43"', "--json")).json()] == [1]
    assert ok(rl("search", '"page 44"', "--json")).json() == []


def test_a_paper_attached_whole_has_no_notes(rl, tmp_path):
    ok(rl("add", "A Paper That Inflates", "--cat", "other", "--offline"))
    path = text_pages(tmp_path / "short.pdf", 3, 10)
    r = ok(rl("pdf", "1", str(path), "--json"))
    assert r.json()["pdf_notes"] == []
    assert "Note:" not in r.stderr


# -- searching a huge stored text --------------------------------------------------------------


def fill(kb) -> int:
    """Ordinary papers, and one whose PDF text is the bombs' line over and over up to the cap
    (2 M characters: "the" 82,000 times, "structure" 16,400 times) with "zeolite" only at its
    very end; that one's id."""
    for n in range(5):
        kb.add_paper({"title": f"An Ordinary Paper {n}", "category": "other",
                      "abstract": "We study the memory of the networks."})  # fmt: skip
    paper = kb.add_paper({"title": "The Bomb", "category": "other"})
    body = (LINE + "\n") * (MAX_TEXT_CHARS // (len(LINE) + 1))
    kb.record_pdf(paper.id, "pdfs/bomb.pdf", body[: MAX_TEXT_CHARS - 20] + " zeolite.", 42)
    return paper.id


@pytest.fixture
def huge(kb):
    return kb, fill(kb)


def only_result(kb, query, **options):
    [result] = search(kb, query, **options)
    return result


def marked(snippet: str) -> list[str]:
    return [part.split(MARK_END)[0] for part in snippet.split(MARK_START)[1:]]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("structure", ["structure"]),  # a word of its line only
        ("the structure", ["the", "structure"]),  # and a word of every paper, 82,000 times
        ("struc*", ["structure"]),
        ('"person would"', ["person would"]),
        ("pdf:intact", ["intact"]),
    ],
)
def test_the_words_of_a_huge_text_are_found_and_shown_in_a_short_snippet(huge, query, words):
    kb, bomb_id = huge
    result = only_result(kb, query)
    assert (result["id"], result["field"]) == (bomb_id, "pdf_text")
    assert len(result["snippet"]) < SHORT
    assert {w.casefold() for w in marked(result["snippet"])} == set(words)


def test_a_word_at_the_end_of_a_huge_text_is_found_and_shown(huge):
    kb, bomb_id = huge
    result = only_result(kb, "zeolite")
    assert result["id"] == bomb_id
    assert marked(result["snippet"]) == ["zeolite"]
    assert result["snippet"].startswith("…")
    assert len(result["snippet"]) < SHORT


def test_a_word_not_in_the_huge_text_finds_the_other_papers(huge):
    kb, bomb_id = huge
    found = search(kb, "memory")
    assert len(found) == 5 and bomb_id not in [r["id"] for r in found]


def test_a_match_in_the_title_only_shows_the_title(huge):
    kb, bomb_id = huge
    result = only_result(kb, "title:bomb")
    assert (result["id"], result["field"], result["snippet"]) == (
        bomb_id, "title", f"The {MARK_START}Bomb{MARK_END}"
    )  # fmt: skip


def test_a_raw_query_on_a_huge_text_gets_a_snippet(huge):
    kb, bomb_id = huge
    result = only_result(kb, "NEAR(keeps intact, 5)", raw=True)
    assert result["id"] == bomb_id
    assert len(result["snippet"]) < SHORT and marked(result["snippet"])


def test_a_phrase_is_shown_wherever_it_falls_in_a_long_text(kb):
    # a text of 100,000 characters is shown in windows of a few thousand: the phrase is put at
    # every place around the first borders in turn
    paper = kb.add_paper({"title": "Long", "category": "other"})
    filler = "word " * 20_000
    for at in range(3_800, 8_400, 97):
        at -= at % 5  # at a word's start
        text = filler[:at] + "rare phrase " + filler[at:]
        kb.record_pdf(paper.id, "pdfs/long.pdf", text, 30)
        result = only_result(kb, '"rare phrase"')
        assert marked(result["snippet"]) == ["rare phrase"], at


def test_a_huge_text_is_searched_and_shown_from_a_read_only_knowledge_base(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    kb = open_library(folder / "kb.sqlite")
    bomb_id = fill(kb)
    kb.close()
    with read_only(folder):
        readonly = open_library(folder / "kb.sqlite")
        result = only_result(readonly, "the structure")
        readonly.close()
    assert result["id"] == bomb_id and marked(result["snippet"])
