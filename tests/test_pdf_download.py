"""Downloading arXiv PDFs: the fetch layer (ArxivClient.fetch_pdf, no database) and
`rl pdf REF --download` / `rl pdf --all --download` against the local arXiv server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import DEAD_ARXIV_URL, REAL_MONOTONIC
from kb_state import state
from pdfmaker import ABSTRACT, Paper, build

from readinglist.errors import InvalidInput
from readinglist.sources.arxiv import ArxivBadResponse, ArxivClient, ArxivSettings, ArxivUnavailable

HTML_PAGE = b"<!DOCTYPE html><html><body><h1>PDF unavailable</h1></body></html>"


@pytest.fixture
def attention_pdf(tmp_path: Path) -> bytes:
    path = tmp_path / "served" / "attention.pdf"
    path.parent.mkdir()
    paper = Paper(title=["Attention Is All You Need"], abstract=ABSTRACT,
                  stamp="arXiv:1706.03762v7  [cs.CL]  2 Aug 2023")  # fmt: skip
    return build(path, paper).read_bytes()


def client() -> ArxivClient:
    return ArxivClient(ArxivSettings.from_env())


def ok(r):
    assert r.exit_code == 0, r.stderr
    return r


# -- fetching --------------------------------------------------------------------------------


def test_fetch_pdf_returns_the_bytes_served_for_the_id(arxiv_server, attention_pdf):
    arxiv_server.add_pdf("1706.03762v7", attention_pdf)
    assert client().fetch_pdf("1706.03762v7") == attention_pdf
    [seen] = arxiv_server.requests
    assert (seen.path, seen.status) == ("/pdf/1706.03762v7", 200)


def test_pdfs_come_from_the_api_host():
    arxiv = ArxivSettings(url="https://export.arxiv.org/api/query", delay=3, timeout=15)
    assert ArxivClient(arxiv).pdf_url("1706.03762v7") == (
        "https://export.arxiv.org/pdf/1706.03762v7"
    )
    mirror = ArxivSettings(url="http://127.0.0.1:8000/api/query", delay=3, timeout=15)
    assert ArxivClient(mirror).pdf_url("hep-th/9901001") == (
        "http://127.0.0.1:8000/pdf/hep-th/9901001"
    )


def test_a_pdf_that_trickles_in_is_abandoned(arxiv_server, monkeypatch):
    """Each byte comes well within the timeout; the whole does not come within ten of it."""
    monkeypatch.setattr(time, "monotonic", REAL_MONOTONIC)  # the deadline is real time
    monkeypatch.setenv("RL_ARXIV_TIMEOUT", "0.1")
    arxiv_server.queue(200, b"%PDF-1.7\n" + b" " * 200, {"Content-Type": "application/pdf"},
                       trickle=0.02)  # fmt: skip
    with pytest.raises(ArxivBadResponse) as e:
        client().fetch_pdf("1706.03762")
    assert e.value.message.startswith(
        "the PDF of arXiv 1706.03762 came too slowly: it was not whole after 1 s"
    )
    assert "rl pdf REF FILE" in e.value.message


def test_a_redirect_within_the_host_is_followed(arxiv_server, attention_pdf):
    arxiv_server.add_pdf("1706.03762v7", attention_pdf)
    arxiv_server.queue(302, headers={"Location": "/pdf/1706.03762v7"})
    assert client().fetch_pdf("1706.03762") == attention_pdf
    assert [s.path for s in arxiv_server.requests] == ["/pdf/1706.03762", "/pdf/1706.03762v7"]


@pytest.mark.parametrize(
    "location",
    ["https://example.org/paper.pdf", "http://arxiv.org/pdf/1706.03762",
     "https://arxiv.org.example.org/pdf/1706.03762", "https://arxiv.org@example.org/x.pdf"],
)  # fmt: skip
def test_a_redirect_away_from_arxiv_is_refused_before_it_is_asked(arxiv_server, location):
    arxiv_server.queue(302, headers={"Location": location})
    with pytest.raises(ArxivBadResponse) as e:
        client().fetch_pdf("1706.03762")
    assert e.value.message.startswith(
        f"refusing to download the PDF of arXiv 1706.03762 from {location}: PDFs are fetched "
        "only from arxiv.org over https"
    )
    assert len(arxiv_server.requests) == 1


def test_an_html_page_is_not_a_pdf(arxiv_server):
    arxiv_server.queue(200, HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"})
    with pytest.raises(ArxivBadResponse) as e:
        client().fetch_pdf("1706.03762")
    assert e.value.message.startswith(
        "arXiv sent a web page (text/html) instead of the PDF of arXiv 1706.03762: it may not "
        "be available yet."
    )


def test_an_empty_answer_is_not_a_pdf(arxiv_server):
    arxiv_server.queue(200, b"", {"Content-Type": "application/pdf"})
    with pytest.raises(ArxivBadResponse, match=r"^arXiv sent an empty answer"):
        client().fetch_pdf("1706.03762")


def test_a_missing_pdf_is_arxivs_404(arxiv_server):
    with pytest.raises(ArxivBadResponse) as e:
        client().fetch_pdf("1706.03762v7")
    assert e.value.message == (
        f"arXiv does not have the PDF of arXiv 1706.03762v7 (HTTP 404 for "
        f"{arxiv_server.url.removesuffix('/api/query')}/pdf/1706.03762v7). Check the paper's "
        "arXiv id (rl show REF); if it is right, the PDF may have been withdrawn."
    )
    assert len(arxiv_server.requests) == 1  # a 404 is not retried


def test_a_pdf_declared_too_large_is_not_read(arxiv_server, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_PDF_MAX_MB", "0.01")
    big = b"%PDF-1.7\n" + b"0" * 20_000
    arxiv_server.queue(200, big, {"Content-Type": "application/pdf"})
    with pytest.raises(ArxivBadResponse) as e:
        client().fetch_pdf("1706.03762")
    assert e.value.message == (
        "the PDF of arXiv 1706.03762 is larger than 0.01 MB (RL_ARXIV_PDF_MAX_MB), so it was not "
        "downloaded. Download it yourself and attach it with: rl pdf REF FILE"
    )


def test_a_pdf_too_large_without_a_length_is_cut_off_while_streaming(arxiv_server, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_PDF_MAX_MB", "0.05")  # 52 KB; the server sends 16 KB chunks
    big = b"%PDF-1.7\n" + b"0" * 2_000_000
    arxiv_server.queue(200, big, {"Content-Type": "application/pdf"}, chunked=True)
    with pytest.raises(ArxivBadResponse, match=r"is larger than 0.05 MB"):
        client().fetch_pdf("1706.03762")


def test_a_pdf_within_the_limit_streams_whole(arxiv_server, monkeypatch, attention_pdf):
    monkeypatch.setenv("RL_ARXIV_PDF_MAX_MB", "1")
    arxiv_server.queue(200, attention_pdf, {"Content-Type": "application/pdf"}, chunked=True)
    assert client().fetch_pdf("1706.03762") == attention_pdf


def test_busy_arxiv_is_retried_with_backoff(arxiv_server, attention_pdf, sleeps):
    arxiv_server.add_pdf("1706.03762", attention_pdf)
    arxiv_server.queue(503, "busy", times=2)
    assert client().fetch_pdf("1706.03762") == attention_pdf
    assert [s.status for s in arxiv_server.requests] == [503, 503, 200]
    assert sleeps == [2.0, 4.0]


def test_requests_are_spaced_like_api_requests(arxiv_server, attention_pdf, sleeps, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_DELAY", "3")
    arxiv_server.add_pdf("1706.03762", attention_pdf)
    fetcher = client()
    fetcher.fetch_ids(["1706.03762"])
    fetcher.fetch_pdf("1706.03762")
    fetcher.fetch_pdf("1706.03762")
    assert len(sleeps) == 2
    assert sleeps == [3.0, 3.0]  # the clock stands still but for the waits (conftest)


def test_a_dead_port_gives_up_after_three_tries(sleeps):
    fetcher = client()
    with pytest.raises(ArxivUnavailable) as e:
        fetcher.fetch_pdf("1706.03762")
    assert e.value.message == (
        "cannot download the PDF of arXiv 1706.03762 (Connection refused); tried 3 times. "
        "Check your connection and try again later."
    )
    assert len(sleeps) == 2
    with pytest.raises(ArxivUnavailable):  # and then fails at once
        fetcher.fetch_pdf("2203.02155")
    assert len(sleeps) == 2


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_the_size_limit_must_be_a_positive_number(monkeypatch, value):
    monkeypatch.setenv("RL_ARXIV_PDF_MAX_MB", value)
    with pytest.raises(InvalidInput) as e:
        ArxivSettings.from_env()
    assert e.value.message == (
        f"RL_ARXIV_PDF_MAX_MB must be a number of MB (more than 0), not '{value}'."
    )


# -- rl pdf REF --download ---------------------------------------------------------------------


def test_download_attaches_the_arxiv_pdf(rl, arxiv_server, attention_pdf, tmp_path):
    ok(rl("add", "1706.03762", "--cat", "other"))
    arxiv_server.add_pdf("1706.03762v7", attention_pdf)
    r = ok(rl("pdf", "1706.03762", "--download", "--json"))
    paper = r.json()
    assert paper["pdf_path"] == "pdfs/1706.03762.pdf"
    assert (tmp_path / "pdfs" / "1706.03762.pdf").read_bytes() == attention_pdf
    assert paper["abstract_source"] == "arxiv"  # arXiv's abstract stays
    assert r.stderr == (
        "Attached a PDF to #1 Attention Is All You Need: pdfs/1706.03762.pdf (2 pages).\n"
    )
    assert [s.path for s in arxiv_server.requests] == ["/api/query", "/pdf/1706.03762v7"]


def test_download_without_an_arxiv_id_says_what_to_do(rl, db_file, tmp_path):
    ok(rl("add", "BLEU", "--cat", "other", "--offline"))
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", "--download")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: #1 'BLEU' has no arXiv id, so there is no arXiv PDF to download. Attach a file "
        "instead (rl pdf 1 FILE), or give its arXiv id first (rl resolve 1 --arxiv ID).\n"
    )
    assert state(db_file, tmp_path) == before


def _stored_paper(rl, arxiv_server):
    ok(rl("add", "1706.03762", "--cat", "other"))
    arxiv_server.requests.clear()


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ({"status": 200, "body": HTML_PAGE, "headers": {"Content-Type": "text/html"}},
         "Error: arXiv sent a web page (text/html) instead of the PDF of arXiv 1706.03762v7"),
        ({"status": 200, "body": b"%PDF-1.7\n" + b"0" * 20_000,
          "headers": {"Content-Type": "application/pdf"}},
         "Error: the PDF of arXiv 1706.03762v7 is larger than 0.01 MB (RL_ARXIV_PDF_MAX_MB)"),
        ({"status": 200, "body": b"%PDF-1.7\nnot really a pdf",
          "headers": {"Content-Type": "application/pdf"}},
         "Error: the PDF of arXiv 1706.03762v7 could not be opened as a PDF"),
        ({"status": 404, "body": b"<html>no</html>", "headers": {"Content-Type": "text/html"}},
         "Error: arXiv does not have the PDF of arXiv 1706.03762v7 (HTTP 404"),
    ],
    ids=["html", "too-large", "damaged", "404"],
)  # fmt: skip
def test_a_failed_download_stores_nothing(
    rl, arxiv_server, db_file, tmp_path, monkeypatch, answer, says
):
    _stored_paper(rl, arxiv_server)
    monkeypatch.setenv("RL_ARXIV_PDF_MAX_MB", "0.01")
    arxiv_server.queue(**answer)
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", "--download")
    assert r.exit_code == 1
    assert r.stderr.startswith(says)
    assert len(r.stderr.splitlines()) == 1
    assert state(db_file, tmp_path) == before  # no row changed, no file (not even a temporary)


def test_download_with_arxiv_down_stores_nothing(rl, arxiv_server, db_file, tmp_path, monkeypatch):
    _stored_paper(rl, arxiv_server)
    monkeypatch.setenv("RL_ARXIV_URL", DEAD_ARXIV_URL)
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", "--download")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: cannot download the PDF of arXiv 1706.03762v7 (Connection refused); tried 3 "
        "times. Check your connection and try again later.\n"
    )
    assert state(db_file, tmp_path) == before


def test_download_again_replaces_the_pdf(rl, arxiv_server, attention_pdf, tmp_path):
    _stored_paper(rl, arxiv_server)
    arxiv_server.add_pdf("1706.03762v7", attention_pdf)
    ok(rl("pdf", "1", "--download"))
    r = ok(rl("pdf", "1", "--download"))
    assert r.stderr.startswith("Replaced the PDF of #1 Attention Is All You Need")
    assert sorted(p.name for p in (tmp_path / "pdfs").iterdir()) == ["1706.03762.pdf"]


# -- rl pdf --all --download -------------------------------------------------------------------


def test_download_all_skips_and_carries_on(rl, arxiv_server, attention_pdf, tmp_path, db_file):
    ok(rl("add", "1706.03762", "--cat", "other"))  # #1: its PDF is served
    ok(rl("add", "1605.08386", "--cat", "other"))  # #2: arXiv has no PDF for it (404)
    ok(rl("add", "BLEU", "--cat", "other", "--offline"))  # #3: no arXiv id
    ok(rl("add", "Reading", "--cat", "other", "--offline", "--force"))  # #4: has a PDF
    ok(rl("edit", "4", "--arxiv-id", "2203.02155"))
    own = build(tmp_path / "own.pdf", Paper(abstract=ABSTRACT))
    ok(rl("pdf", "4", str(own), "--force"))
    ok(rl("add", "astro-ph/0601001", "--cat", "other"))  # #5: its PDF is served too
    arxiv_server.add_pdf("1706.03762v7", attention_pdf)
    astro = build(
        tmp_path / "astro.pdf",
        Paper(title=["Boomerang"], abstract=ABSTRACT, stamp="arXiv:astro-ph/0601001v1 1 Jan 2006"),
    )
    arxiv_server.add_pdf("astro-ph/0601001v1", astro.read_bytes())
    arxiv_server.requests.clear()

    r = rl("pdf", "--all", "--download", "--json")
    assert r.exit_code == 1  # one failed
    assert [s.path for s in arxiv_server.requests] == [
        "/pdf/1706.03762v7", "/pdf/1605.08386v1", "/pdf/astro-ph/0601001v1"]  # fmt: skip
    rows = {p["id"]: p for p in r.json()}
    assert sorted(rows) == [1, 2, 5]
    assert rows[1]["pdf_path"] == "pdfs/1706.03762.pdf"
    assert rows[5]["pdf_path"] == "pdfs/astro-ph_0601001.pdf"
    assert rows[2]["pdf_path"] is None
    assert rows[2]["error"].startswith("arXiv does not have the PDF of arXiv 1605.08386v1")
    assert "Downloading PDFs" not in r.stderr  # stderr is no terminal: no bar in a log
    assert "#2: arXiv does not have the PDF of arXiv 1605.08386v1" in r.stderr
    assert (
        "Downloaded 2 PDFs, failed 1 (nothing stored for those); skipped 1 without an arXiv id "
        "and 1 that already have a PDF."
    ) in r.stderr
    assert (tmp_path / "pdfs" / "2203.02155.pdf").read_bytes() == own.read_bytes()

    # A second run fetches only what is still missing.
    arxiv_server.requests.clear()
    r = rl("pdf", "--all", "--download")
    assert [s.path for s in arxiv_server.requests] == ["/pdf/1605.08386v1"]


def test_download_all_with_arxiv_down_ends_quickly(rl, arxiv_server, db_file, tmp_path, sleeps,
                                                   monkeypatch):  # fmt: skip
    for ident in ("1706.03762", "1605.08386", "astro-ph/0601001"):
        ok(rl("add", ident, "--cat", "other"))
    monkeypatch.setenv("RL_ARXIV_URL", DEAD_ARXIV_URL)
    before = state(db_file, tmp_path)
    sleeps.clear()
    r = rl("pdf", "--all", "--download")
    assert r.exit_code == 1
    assert len(sleeps) == 2  # the first paper's retries; the others fail at once
    assert r.stderr.count("(Connection refused); tried 3 times.") == 3
    assert "Downloaded 0 PDFs, failed 3" in r.stderr
    assert state(db_file, tmp_path) == before


def test_download_all_with_nothing_to_do(rl, tmp_path):
    ok(rl("add", "BLEU", "--cat", "other", "--offline"))
    r = ok(rl("pdf", "--all", "--download", "--json"))
    assert r.json() == []
    assert "No PDFs to download (skipped 1 without an arXiv id and 0 that already have a PDF)." in (
        r.stderr
    )


def test_a_download_printing_another_arxiv_id_is_refused(rl, arxiv_server, attention_pdf,
                                                         db_file, tmp_path):  # fmt: skip
    ok(rl("add", "1605.08386", "--cat", "other"))
    arxiv_server.add_pdf("1605.08386v1", attention_pdf)  # the PDF of 1706.03762
    before = state(db_file, tmp_path)
    r = rl("pdf", "1", "--download")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: the PDF of arXiv 1605.08386v1 is arXiv 1706.03762, but #1 'Heat-bath random "
        "walks with Markov bases' is arXiv 1605.08386: is it the right PDF? Nothing was stored. "
        "Attach it anyway with --force.\n"
    )
    assert state(db_file, tmp_path) == before
