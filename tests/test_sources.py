"""Semantic Scholar, Crossref and dblp beside arXiv, as `rl add` uses them, against local
servers serving recorded and hand-made answers (tests/api_server.py; which answers are
hand-made is said in each folder's index.json)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from api_server import FIXTURES, ApiServer
from kb_state import state

from readinglist.identifiers import PaperId
from readinglist.sources.crossref import CrossrefSource
from readinglist.sources.dblp import DblpSource
from readinglist.sources.http import BadResponse, Unavailable
from readinglist.sources.s2 import SemanticScholarSource

BLEU_TYPED = "(2002)BLEU a Method for Automatic Evaluation of Machine Translation"


def _server(api: str, variable: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    server = ApiServer(api).start()
    monkeypatch.setenv(variable, server.url)
    yield server
    server.stop()


@pytest.fixture
def s2(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    yield from _server("s2", "RL_S2_URL", monkeypatch)


@pytest.fixture
def crossref(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    yield from _server("crossref", "RL_CROSSREF_URL", monkeypatch)


@pytest.fixture
def dblp(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    yield from _server("dblp", "RL_DBLP_URL", monkeypatch)


def add(rl, *args: str, sources: str = "arxiv,s2,crossref,dblp"):
    r = rl("add", *args, "--no-input", "--json", env={"RL_SOURCES": sources})
    assert r.exit_code == 0, r.stderr
    return r


# -- the chain -------------------------------------------------------------------------------


def test_a_paper_arxiv_lacks_comes_from_semantic_scholar(rl, arxiv_server, s2):
    r = add(rl, BLEU_TYPED, "--cat", "other")
    paper = r.json()
    assert paper["resolution"] == "resolved" and paper["metadata_source"] == "s2"
    assert paper["title"] == "Bleu: a Method for Automatic Evaluation of Machine Translation"
    assert paper["authors"] == ["Kishore Papineni", "Salim Roukos", "Todd Ward", "Wei-Jing Zhu"]
    assert paper["doi"] == "10.3115/1073083.1073135" and paper["year"] == 2002
    assert paper["ids"]["acl"] == "P02-1040" and paper["ids"]["s2"]
    assert paper["ids"]["arxiv"] is None and set(paper["ids"]) >= {"s2", "acl", "dblp", "doi"}
    assert paper["url"] == "https://aclanthology.org/P02-1040"
    # What was typed was a query: the label is the paper's title, after the typed prefix.
    assert paper["label"] == "(2002)Bleu: a Method for Automatic Evaluation of Machine Translation"
    assert "s2 'Bleu: a Method" in r.stderr
    # arXiv was asked first, and did not have it; then S2 once (its match was the title).
    assert len(arxiv_server.requests) >= 1 and len(s2.requests) == 1
    shown = " ".join(rl("show", "P02-1040").stdout.replace("│", " ").split())
    assert "from s2: title, authors, year, venue, pages, doi, url" in shown


def test_arxiv_is_not_asked_again_when_it_has_the_paper(rl, arxiv_server, s2, crossref):
    r = add(rl, "(transformer)Attention Is All You Need", "--cat", "other")
    assert r.json()["metadata_source"] == "arxiv" and r.json()["arxiv_id"] == "1706.03762"
    assert s2.requests == [] and crossref.requests == []


def test_a_record_another_source_places_on_arxiv_is_completed_from_arxiv(rl, arxiv_server, s2):
    r = add(rl, "Attention Is All You Need", "--cat", "other", sources="s2,arxiv")
    paper = r.json()
    assert paper["metadata_source"] == "arxiv" and paper["arxiv_id"] == "1706.03762"
    assert paper["title"] == "Attention Is All You Need"  # arXiv's casing, not S2's
    assert paper["ids"]["s2"] == "204e3073870fae3d05bcbc2f6a8e263d9b72e776"
    assert paper["ids"]["dblp"] == "journals/corr/VaswaniSPUJGKP17"
    assert paper["venue"] == "Neural Information Processing Systems"  # only S2 has it
    assert paper["field_sources"]["venue"] == "s2" and paper["field_sources"]["title"] == "arxiv"
    assert [r.params.get("id_list") for r in arxiv_server.requests] == ["1706.03762"]


def test_crossrefs_top_hit_for_a_title_it_lacks_is_never_taken(rl, crossref):
    """Crossref answers "Attention is All you Need" with another paper (recorded)."""
    r = add(rl, "Attention Is All You Need", "--cat", "other", sources="crossref")
    assert r.json()["resolution"] != "resolved"
    assert r.json()["title"] == "Attention Is All You Need"


@pytest.mark.parametrize(
    "title", ["Quantum Basket Weaving", "Underwater Basket Weaving for Robots"]
)
def test_both_of_semantic_scholars_no_match_answers(rl, s2, title):
    # S2 has no such title (either way it says so): nothing found is no proof the paper is not
    # there (a typo does it), so it stays unresolved, for rl resolve to retry.
    r = add(rl, title, "--cat", "other", sources="s2")
    assert r.json()["resolution"] == "unresolved" and not r.json()["candidates"]
    assert s2.requests[0].path == "/paper/search/match"


def test_a_paper_no_source_has_is_asked_of_every_source(rl, arxiv_server, s2, crossref, dblp):
    r = add(rl, "Quantum Basket Weaving", "--cat", "other")
    assert r.json()["resolution"] == "unresolved" and not r.json()["candidates"]
    assert "on arXiv" not in r.stderr
    assert s2.requests and crossref.requests and dblp.requests


def test_a_record_with_only_an_arxiv_doi_is_completed_from_arxiv(rl, arxiv_server, s2):
    """S2 gives arXiv's DOI (10.48550/arXiv.ID) without an ArXiv id: it is on arXiv all the
    same, and arXiv's record is the reference."""
    match = {
        "paperId": "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        "title": "Attention is All you Need",
        "externalIds": {"DOI": "10.48550/arXiv.1706.03762"},
        "year": 2017,
        "authors": [{"name": "Ashish Vaswani"}],
        "matchScore": 200.0,
    }
    s2.queue(200, json.dumps({"data": [match]}))
    paper = add(rl, "Attention Is All You Need", "--cat", "other", sources="s2,arxiv").json()
    assert paper["metadata_source"] == "arxiv" and paper["arxiv_id"] == "1706.03762"
    assert paper["doi"] is None  # arXiv's own DOI is its id, not a publisher's DOI
    assert [r.params.get("id_list") for r in arxiv_server.requests] == ["1706.03762"]


def test_a_source_that_failed_may_have_had_the_title(rl, crossref):
    """arXiv and S2 are dead ports; Crossref answers with another paper. That is no proof the
    paper is nowhere: it waits unresolved, to be asked again, with the failure said."""
    r = add(rl, "Attention Is All You Need", "--cat", "other", sources="arxiv,s2,crossref")
    paper = r.json()
    assert paper["resolution"] == "unresolved" and paper["title"] == "Attention Is All You Need"
    assert "cannot connect" in r.stderr and "rl resolve 1" in r.stderr
    assert crossref.requests


def test_a_title_only_dblp_is_asked_for_is_matched_among_its_hits(rl, dblp):
    """dblp's answer (a recorded table of contents, 33 hits) holds the paper among others."""
    r = rl("add", "Expressiveness within Sequence Datalog", "--cat", "other", "--source",
           "dblp", "--no-input", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert paper["resolution"] == "resolved" and paper["metadata_source"] == "dblp"
    assert paper["doi"] == "10.1145/3452021.3458327" and paper["year"] == 2021
    assert paper["ids"]["dblp"] == "conf/pods/AamerHPB21"
    assert len(dblp.requests) == 1  # one search: the title matched


def test_a_close_title_from_dblp_or_semantic_scholar_is_never_taken(rl, dblp, s2):
    """Another paper's title with a word more is no match, whatever the source ranks first."""
    body = (FIXTURES / "dblp" / "genderdblp_toc_pods-2021.json").read_text(encoding="utf-8")
    dblp.queue(200, body)
    typed = "Expressiveness within Sequence Datalog Programs with Negation"
    paper = add(rl, typed, "--cat", "other", sources="dblp").json()
    assert paper["resolution"] != "resolved" and paper["title"] == typed
    match = {
        "paperId": "0" * 40,
        "title": "Expressiveness within Sequence Datalog",
        "externalIds": {},
        "year": 2021,
        "authors": [],
        "matchScore": 190.0,
    }
    s2.queue(200, json.dumps({"data": [match]}))
    paper = add(rl, typed, "--cat", "other", "--force", sources="s2").json()
    assert paper["resolution"] != "resolved" and paper["title"] == typed


# -- identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "acl"),
    [
        ("10.18653/v1/D19-1511", "D19-1511"),
        ("https://doi.org/10.18653/v1/D19-1511", "D19-1511"),
        ("P02-1040", "P02-1040"),
        ("2022.coling-1.23", "2022.coling-1.23"),
        ("https://aclanthology.org/P02-1040/", "P02-1040"),
    ],
)
def test_dois_and_acl_ids_are_looked_up(rl, s2, typed, acl):
    paper = add(rl, typed, "--cat", "other").json()
    assert paper["resolution"] == "resolved" and paper["ids"]["acl"] == acl
    assert paper["label"] == paper["title"]  # an id is no label
    assert s2.requests[0].path.startswith("/paper/")


def test_a_doi_semantic_scholar_lacks_is_found_on_crossref(rl, s2, crossref):
    paper = add(rl, "10.1023/A:1007154515475", "--cat", "other", sources="s2,crossref").json()
    assert paper["metadata_source"] == "s2"  # S2 has this one (recorded)
    paper = add(rl, "doi:10.18653/v1/D18-1506", "--cat", "other", sources="crossref").json()
    assert paper["metadata_source"] == "crossref" and paper["pages"] == "4752-4757"
    assert paper["abstract_source"] == "crossref" and "Emotion cause analysis" in paper["abstract"]


def test_an_unknown_doi_stores_nothing(rl, s2, crossref, db_file, isolated):
    before = state(db_file, isolated)
    r = rl("add", "10.9999/not-a-real-doi", "--cat", "other", env={"RL_SOURCES": "s2,crossref"})
    assert r.exit_code == 1
    assert "no source has the paper doi:10.9999/not-a-real-doi" in r.stderr
    assert state(db_file, isolated)[0].get("papers", []) == before[0].get("papers", [])


def test_an_arxiv_id_is_not_called_unknown_while_arxiv_cannot_be_asked(rl, s2, db_file):
    """arXiv is a dead port and S2 does not know the id: the paper is stored unresolved, not
    refused as a paper that does not exist."""
    r = rl("add", "2301.99999", "--cat", "other", "--no-input", "--json",
           env={"RL_SOURCES": "arxiv,s2"})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert paper["resolution"] == "unresolved" and paper["arxiv_id"] == "2301.99999"
    assert "has no paper" not in r.stderr and "rl resolve 1" in r.stderr
    assert s2.requests[0].path == "/paper/ARXIV:2301.99999"


# -- each source's traps ---------------------------------------------------------------------


def test_dblp_answers_read_as_records(dblp):
    [*records] = DblpSource().search_title("Expressiveness within Sequence Datalog", 30)
    first = records[0]
    assert first.title == "Expressiveness within Sequence Datalog"  # no trailing period
    assert first.year == 2021 and first.doi == "10.1145/3452021.3458327"
    assert first.ids == (("dblp", "conf/pods/AamerHPB21"),)
    [solo] = [r for r in DblpSource().search_title("Ontological Databases with Faceted Queries", 30)
              if r.title == "Ontological databases with faceted queries"]  # fmt: skip
    assert solo.authors == ("Tadeusz Pankowski",)  # one author, given as an object
    assert DblpSource().search_title("Quantum Basket Weaving", 30) == []  # no "hit" key


def test_dblp_preprints_carry_their_arxiv_id(dblp):
    [record] = DblpSource().search_title("Emergent Abilities of Large Language Models", 30)
    assert record.arxiv_id == "2206.07682" and record.venue is None


def test_crossref_titles_authors_and_abstracts(crossref):
    record = CrossrefSource().lookup(PaperId("doi", "10.1023/A:1007154515475"))
    assert record is not None and record.doi == "10.1023/a:1007154515475"  # as deposited
    assert record.authors and all(record.authors)
    assert CrossrefSource().lookup(PaperId("doi", "10.9999/not-a-real-doi")) is None


def test_semantic_scholar_sends_its_key_when_one_is_set(s2, monkeypatch):
    monkeypatch.setenv("RL_S2_API_KEY", "secret-key")
    SemanticScholarSource().search_title("Quantum Basket Weaving", 10)
    assert s2.requests  # the server saw the request; the header is checked below
    seen_headers = s2.last_headers
    assert seen_headers.get("x-api-key") == "secret-key"


# -- faults: each source, the same ways ---------------------------------------------------------

SOURCES = {
    "s2": ("RL_S2", SemanticScholarSource, "Semantic Scholar"),
    "crossref": ("RL_CROSSREF", CrossrefSource, "Crossref"),
    "dblp": ("RL_DBLP", DblpSource, "dblp"),
}


@pytest.fixture(params=sorted(SOURCES))
def source(request, monkeypatch):
    """Each source in turn, with its local server and its settings."""
    prefix, cls, name = SOURCES[request.param]
    server = ApiServer(request.param).start()
    monkeypatch.setenv(f"{prefix}_URL", server.url)
    yield server, prefix, cls, name
    server.stop()


def test_a_429_with_retry_after_is_waited_out(source, sleeps):
    server, _, cls, _ = source
    server.queue(429, '{"message": "Too Many Requests"}', {"Retry-After": "7"})
    assert cls().search_title("Quantum Basket Weaving", 10) == []
    assert 7 in sleeps
    assert server.requests[0].status == 429 and len(server.requests) >= 2


def test_a_retry_after_too_long_gives_up_at_once(source, sleeps):
    server, _, cls, name = source
    server.queue(503, "", {"Retry-After": "3600"})
    with pytest.raises(Unavailable, match=f"{name} asks us to wait 3600 s"):
        cls().search_title("Quantum Basket Weaving", 10)
    assert sleeps == [] and len(server.requests) == 1


def test_a_source_that_does_not_answer_in_time_is_given_up(source, monkeypatch):
    server, prefix, cls, name = source
    monkeypatch.setenv(f"{prefix}_TIMEOUT", "0.2")
    server.queue(hang=True, times=3)
    with pytest.raises(Unavailable, match=rf"{name} did not answer within 0\.2 s\. Check your"):
        cls().search_title("Quantum Basket Weaving", 10)
    assert len(server.requests) == 1  # a slow source is not asked three times over


def test_a_server_that_trickles_its_answer_is_cut_off(source, monkeypatch):
    """Headers at once, then a byte at a time: each read is quick, the whole is not."""
    server, prefix, cls, _ = source
    monkeypatch.setenv(f"{prefix}_TIMEOUT", "2")
    server.queue(200, '{"data": []}' * 50, trickle=0.5, times=3)
    with pytest.raises(Unavailable, match=r"did not answer within 2 s\. Check your"):
        cls().search_title("Quantum Basket Weaving", 10)
    assert len(server.requests) == 1


def test_an_answer_too_large_is_abandoned(source):
    server, _, cls, _ = source
    server.queue(200, b"[" + b" " * (9 * 1024 * 1024) + b"]")
    with pytest.raises(BadResponse, match="larger than rl reads"):
        cls().search_title("Quantum Basket Weaving", 10)


def test_garbage_json_is_a_bad_response(source):
    server, _, cls, name = source
    server.queue(200, "<html>oops</html>", {"Content-Type": "text/html"})
    with pytest.raises(BadResponse, match=f"{name}'s answer to the title .* was not JSON"):
        cls().search_title("Quantum Basket Weaving", 10)


def test_a_dead_host_fails_fast(source, monkeypatch, sleeps):
    _, prefix, cls, _ = source
    monkeypatch.setenv(f"{prefix}_URL", "http://source.invalid")
    with pytest.raises(Unavailable, match=r"cannot connect to http://source\.invalid"):
        cls().search_title("Quantum Basket Weaving", 10)
    assert sleeps == []  # a name that does not resolve is not worth waiting for


def test_garbage_is_an_error_and_the_paper_stays_unresolved(rl, s2):
    s2.queue(200, "<html>oops</html>", {"Content-Type": "text/html"})
    r = add(rl, "Quantum Basket Weaving", "--cat", "other", sources="s2")
    assert r.json()["resolution"] == "unresolved"
    assert "was not JSON" in r.stderr and "rl resolve 1" in r.stderr


def test_a_dead_source_is_passed_over_for_the_next(rl, arxiv_server, crossref, dblp):
    """Semantic Scholar is a dead port (conftest): the chain goes on to Crossref and dblp."""
    r = add(rl, BLEU_TYPED, "--cat", "other", sources="s2,crossref,dblp")
    assert r.json()["metadata_source"] == "crossref"
    assert r.json()["doi"] == "10.3115/1073083.1073135"


def test_no_source_reachable_stores_the_paper_unresolved(rl):
    r = add(rl, BLEU_TYPED, "--cat", "other")  # every source is a dead port
    assert r.json()["resolution"] == "unresolved"
    assert "Nothing is lost; retry with: rl resolve 1" in r.stderr


def test_unknown_source_names_are_errors(rl):
    r = rl("add", "X", "--cat", "other", "--source", "scholar")
    assert r.exit_code == 1 and "unknown source 'scholar'. Known sources: arxiv, s2" in r.stderr
    r = rl("add", "X", "--cat", "other", env={"RL_SOURCES": "arxiv,nope"})
    assert r.exit_code == 1 and "unknown source 'nope' in RL_SOURCES" in r.stderr


def test_a_stored_paper_is_resolved_again_by_its_doi(rl, s2, crossref):
    rl("add", "Some Emotion Paper", "--cat", "other", "--offline", "--doi", "10.18653/v1/D18-1506")
    r = rl("resolve", "1", "--json", env={"RL_SOURCES": "s2,crossref"})
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert paper["resolution"] == "resolved" and paper["ids"]["acl"] == "D18-1506"
    assert paper["title"].startswith("A Co-Attention Neural Network Model")


def test_an_unsure_candidate_from_semantic_scholar_can_be_picked(rl, s2):
    typed = "(2019 Feng)Answer-guided and Semantic Coherent Question Generation"
    paper = add(rl, typed, "--cat", "other", sources="s2").json()
    assert paper["resolution"] == "unresolved"
    [first, *_] = paper["candidates"]
    assert first["source"] == "s2" and first["doi"] == "10.18653/v1/D19-1511"
    r = rl("resolve", "1", "--pick", "1", "--json", env={"RL_SOURCES": "s2"})
    assert r.exit_code == 0, r.stderr
    assert r.json()["ids"]["acl"] == "D19-1511" and r.json()["resolution"] == "resolved"
