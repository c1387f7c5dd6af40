"""The fetch layer: the real arxiv client against the local arXiv server, and every way the
network can fail. No database here."""

from __future__ import annotations

import json

import pytest
import requests
from arxiv_server import FIXTURES, ArxivServer

from readinglist.errors import InvalidInput
from readinglist.matching import decide, parse_title
from readinglist.sources.arxiv import ArxivBadResponse, ArxivClient, ArxivSettings, ArxivUnavailable


def client() -> ArxivClient:
    return ArxivClient(ArxivSettings.from_env())


def test_lookup_by_id_returns_a_plain_record(arxiv_server):
    [record] = client().fetch_ids(["1605.08386"])
    assert record.arxiv_id == "1605.08386"
    assert record.version == 1
    assert record.title == "Heat-bath random walks with Markov bases"
    assert record.authors[:2] == ("Caprice Stanley", "Tobias Windisch")
    assert record.published == "2016-05-26T17:59:46+00:00"
    assert record.year == 2016
    assert record.url == "https://arxiv.org/abs/1605.08386"
    assert record.pdf_url == "https://arxiv.org/pdf/1605.08386v1"
    assert record.abstract and "\n" not in record.abstract
    [seen] = arxiv_server.requests
    assert seen.params["id_list"] == "1605.08386"


def test_old_style_ids_and_metadata_fields(arxiv_server):
    [record] = client().fetch_ids(["astro-ph/0601001"])
    assert record.arxiv_id == "astro-ph/0601001"
    assert record.venue == "ActaAstron.56:1-50,2006"
    assert record.categories[0] == "astro-ph"
    assert record.comment.startswith("62 pages including 16 figures")
    [record] = client().fetch_ids(["quant-ph/0201082v1"])
    assert (record.arxiv_id, record.version) == ("quant-ph/0201082", 1)


def test_legacy_feed_format_with_doi(arxiv_server):
    [record] = client().fetch_ids(["1312.2021"])
    assert record.title == "Living with the Wrong Sign"
    assert record.doi == "10.1103/INVALIDDOI.89.084044"
    assert record.venue == "Phys. Rev. D 89, 084044 (2014)"
    assert record.categories == ("hep-th", "gr-qc")


def test_a_paper_titled_0_keeps_its_title(arxiv_server):
    [record] = client().fetch_ids(["2104.12255v1"])
    assert record.title == "0"


@pytest.mark.parametrize("ident", ["0000.0000", "0808.05394"])
def test_unknown_id_is_an_empty_answer(arxiv_server, ident):
    assert client().fetch_ids([ident]) == []
    assert len(arxiv_server.requests) == 1


def test_search_keeps_arxivs_order_and_honours_max_results(arxiv_server):
    records = client().search("testing", max_results=15)
    recorded = next(
        e for e in arxiv_server.index if e["file"].startswith("arxivpy_q_testing_s0_m15")
    )
    assert [f"http://arxiv.org/abs/{r.versioned_id}" for r in records] == recorded["entry_ids"]
    [seen] = arxiv_server.requests
    assert (seen.params["start"], seen.params["max_results"]) == ("0", "15")


def test_the_server_pages_a_recording_like_arxiv(arxiv_server):
    """Asked for a page it has no recording of, the server slices the one from 0; the result
    agrees with arXiv's own recording of that page."""
    only = ArxivServer(only=["arxivpy_q_testing_s0_m15_80c242b59d59.xml"]).start()
    try:
        body = requests.get(
            only.url, params={"search_query": "testing", "start": 5, "max_results": 10}, timeout=5
        ).text
    finally:
        only.stop()
    page = next(e for e in arxiv_server.index if e["file"].startswith("arxivpy_q_testing_s5_m10"))
    ids = [line.strip()[4:-5] for line in body.splitlines() if line.startswith("    <id>http")]
    assert ids == page["entry_ids"]
    assert "<opensearch:startIndex>5</opensearch:startIndex>" in body


def test_real_ranking_is_not_trusted(arxiv_server):
    """arXiv's real answer ranks 'Tool Attention Is All You Need: ...' above the paper."""
    records = client().search('all:"attention is all you need"', max_results=3)
    assert records[0].title.startswith("Tool Attention Is All You Need")
    resolution = decide(parse_title("Attention Is All You Need"), records)
    assert resolution.record.arxiv_id == "1706.03762"


def test_http_400_explains_what_arxiv_said(arxiv_server):
    with pytest.raises(ArxivBadResponse) as e:
        client().fetch_ids(["abc"])
    assert "HTTP 400: incorrect id format for abc" in e.value.message
    assert len(arxiv_server.requests) == 1  # a bad request is not worth repeating


def test_an_error_entry_in_a_200_answer_is_an_error(arxiv_server):
    arxiv_server.queue(200, (FIXTURES / "pubs_id_INVALIDID.xml").read_bytes())
    with pytest.raises(ArxivBadResponse, match="incorrect id format for INVALIDID"):
        client().fetch_ids(["1706.03762"])


@pytest.mark.parametrize(
    "body", [b"<feed><entry><title>cut off", b"<html><body>Captive portal</body></html>", b""]
)
def test_malformed_answers_are_errors_not_empty_results(arxiv_server, body):
    arxiv_server.queue(200, body)
    with pytest.raises(ArxivBadResponse, match="was not a valid feed"):
        client().search("ti:memory AND ti:networks")
    assert len(arxiv_server.requests) == 1


def test_429_backs_off_as_retry_after_asks_then_succeeds(arxiv_server, sleeps):
    arxiv_server.queue(429, "slow down", {"Retry-After": "7"})
    records = client().search("ti:memory AND ti:networks")
    assert len(records) == 5
    assert [r.status for r in arxiv_server.requests] == [429, 200]
    assert sleeps == [7.0]


def test_503_retries_with_growing_waits_then_gives_up(arxiv_server, sleeps, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_DELAY", "3")
    arxiv_server.queue(503, times=3)
    with pytest.raises(ArxivUnavailable) as e:
        client().search("ti:memory AND ti:networks")
    assert e.value.message == ("arXiv is busy (HTTP 503); tried 3 times. Try again later.")
    assert len(arxiv_server.requests) == 3
    assert sleeps == [6.0, 12.0]


def test_a_retry_after_beyond_a_minute_is_not_waited_for(arxiv_server, sleeps):
    arxiv_server.queue(503, headers={"Retry-After": "3600"})
    with pytest.raises(ArxivUnavailable, match="asks us to wait 3600 s"):
        client().search("ti:memory AND ti:networks")
    assert len(arxiv_server.requests) == 1
    assert sleeps == []


def test_a_server_that_never_answers_times_out_at_once(arxiv_server, monkeypatch, sleeps):
    """Not tried again: a slow service must not hold the other sources up three times over."""
    monkeypatch.setenv("RL_ARXIV_TIMEOUT", "0.2")
    arxiv_server.queue(hang=True, times=3)
    api = client()
    with pytest.raises(ArxivUnavailable, match=r"did not answer within 0.2 s\. Check your"):
        api.fetch_ids(["1706.03762"])
    assert len(arxiv_server.requests) == 1 and sleeps == []
    with pytest.raises(ArxivUnavailable):  # the rest of the run does not wait for it again
        api.fetch_ids(["1410.3916"])
    assert len(arxiv_server.requests) == 1


def test_headers_sent_a_byte_at_a_time_meet_the_deadline(monkeypatch, sleeps):
    """The socket's timeout counts each read alone; the deadline counts the whole request."""
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = server.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n":
            if stop.is_set():
                break
            conn.send(bytes([byte]))
            stop.wait(0.1)  # real time: each read is well within the timeout
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    monkeypatch.setenv("RL_ARXIV_URL", f"http://127.0.0.1:{server.getsockname()[1]}/api/query")
    monkeypatch.setenv("RL_ARXIV_TIMEOUT", "0.5")
    started = time.perf_counter()
    try:
        with pytest.raises(ArxivUnavailable, match=r"did not answer within 0.5 s"):
            client().fetch_ids(["1706.03762"])
    finally:
        stop.set()
        server.close()
    assert time.perf_counter() - started < 3  # at the deadline, not after the headers' 4.4 s


def test_a_dead_port_is_unavailable_and_later_calls_fail_at_once(sleeps):
    api = client()  # RL_ARXIV_URL is a dead port (conftest)
    with pytest.raises(ArxivUnavailable, match=r"cannot connect to .*Connection refused"):
        api.search("ti:memory AND ti:networks")
    assert sleeps == [2.0, 4.0]
    with pytest.raises(ArxivUnavailable):
        api.fetch_ids(["1706.03762"])
    assert sleeps == [2.0, 4.0]  # no second round of retries


def test_a_host_that_does_not_resolve_fails_at_once(sleeps, monkeypatch):
    # .invalid never resolves (RFC 2606): offline, or a mistyped mirror. Retrying cannot help.
    monkeypatch.setenv("RL_ARXIV_URL", "http://export.arxiv.invalid/api/query")
    with pytest.raises(ArxivUnavailable, match=r"cannot connect to http://export\.arxiv\.invalid"):
        client().fetch_ids(["1706.03762"])
    assert sleeps == []


def test_requests_are_spaced_by_the_delay(arxiv_server, sleeps, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_DELAY", "3")
    api = client()
    api.fetch_ids(["1605.08386"])
    api.search("ti:memory AND ti:networks")
    api.fetch_ids(["1707.08567"])
    assert len(arxiv_server.requests) == 3
    assert sleeps == [3.0, 3.0]  # the clock stands still but for the waits (conftest)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("RL_ARXIV_DELAY", "soon", "RL_ARXIV_DELAY must be a number of seconds (0 or more)"),
        ("RL_ARXIV_DELAY", "-1", "RL_ARXIV_DELAY must be a number of seconds (0 or more)"),
        ("RL_ARXIV_TIMEOUT", "0", "RL_ARXIV_TIMEOUT must be a number of seconds (more than 0)"),
        ("RL_ARXIV_URL", "export.arxiv.org", "RL_ARXIV_URL must be an http(s) URL"),
    ],
)
def test_bad_settings_are_explained(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidInput, match=expected.replace("(", r"\(").replace(")", r"\)")):
        ArxivSettings.from_env()


def test_defaults_follow_arxivs_terms(monkeypatch):
    for name in ("RL_ARXIV_URL", "RL_ARXIV_DELAY", "RL_ARXIV_TIMEOUT"):
        monkeypatch.delenv(name)
    settings = ArxivSettings.from_env()
    assert settings.url == "https://export.arxiv.org/api/query"
    assert settings.delay == 3.0
    assert settings.timeout > 0


def test_fixture_index_marks_every_hand_made_response():
    index = json.loads((FIXTURES / "index.json").read_text())
    files = {p.name for p in FIXTURES.glob("*.xml")}
    assert files == {e["file"] for e in index}
    for entry in index:
        if entry["file"].startswith("handmade_"):
            assert entry["hand_made"] is True and entry["note"], entry["file"]
        else:
            assert not entry.get("hand_made") and entry["source_path"], entry["file"]
