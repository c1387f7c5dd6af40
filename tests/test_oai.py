"""arXiv's OAI-PMH interface as rl reads it (readinglist.sources.oai): the recorded answers
of tests/fixtures/arxiv-oai/ and hand-made ones in their layout, served by a local server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_server import ApiServer

from readinglist.errors import InvalidInput
from readinglist.sources.http import BadResponse, Unavailable
from readinglist.sources.oai import ExpiredToken, OaiClient, category_of, parse_page, set_spec

FIXTURES = Path(__file__).parent / "fixtures"
OAI = FIXTURES / "arxiv-oai"


@pytest.fixture
def oai(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    server = ApiServer("arxiv-oai", fixtures=FIXTURES).start()
    monkeypatch.setenv("RL_OAI_URL", server.url + "/oai")
    yield server
    server.stop()


def read(name: str) -> bytes:
    return (OAI / name).read_bytes()


def test_the_arxiv_format_gives_names_dates_and_references():
    page = parse_page(read("hepcrawl_ListRecords_arXiv_set_physics-hep-th.xml"))
    assert [r.arxiv_id for r in page.records] == ["1412.8323", "1507.07790", "1607.01710"]
    assert page.token is None and page.response_date == "2017-12-14"
    first, second, third = (r.record for r in page.records)
    assert first is not None and second is not None and third is not None
    # Folded at 79 columns in the answer; one line here.
    assert first.title == ("Toolbox for reconstructing quantum theory from rules on "
                           "information acquisition")  # fmt: skip
    assert first.authors == ("Philipp A Hoehn",)
    assert first.categories[:2] == ("quant-ph", "gr-qc")  # primary first, as arXiv lists them
    assert (first.published, first.updated, first.year) == ("2014-12-29", "2017-12-13", 2014)
    assert first.abstract.startswith("We develop an operational approach")
    assert "\n" not in first.abstract and first.source == "arxiv"
    assert second.venue == "J. Phys. A: Math. Theor. 51 (2018) 035201"
    assert second.doi == "10.1088/1751-8121/aa9c53"
    assert third.authors[3] == "A. de Souza Dutra"


def test_the_arxivraw_format_gives_versions_and_splits_the_author_line():
    page = parse_page(read("saelim_ListRecords_arXivRaw_from.xml"))
    assert page.token == "726959|1001" and page.list_size == 58011 and page.cursor == 0
    by_id = {r.arxiv_id: r.record for r in page.records}
    limits = by_id["0704.0716"]
    assert limits is not None and limits.version == 4
    assert limits.published == "2007-04-05T12:45:03+00:00"  # v1
    assert limits.updated == "2008-11-14T09:07:25+00:00"  # v4
    shetty = by_id["0704.0471"]
    assert shetty is not None
    assert shetty.authors == ("D.V. Shetty", "S.J. Yennello", "G.A. Souliotis")  # "and" too
    assert shetty.doi == "10.1103/PhysRevC.76.024606"  # the first of two
    assert by_id["0704.1109"].authors == ("Valeria M. Rosa", "Patricio S. letelier")


def test_a_deleted_record_is_a_notice_without_metadata():
    page = parse_page(read("handmade_ListRecords_arXiv_set_cs-cs-CL_from_2026-05-12.xml"))
    deleted = [r for r in page.records if r.record is None]
    assert [r.arxiv_id for r in deleted] == ["9901.00022"]


def test_oai_errors():
    empty = parse_page(read("saelim_error_noRecordsMatch.xml"))
    assert empty.records == [] and empty.token is None  # nothing changed: not an error
    with pytest.raises(ExpiredToken, match="illegal for this repository"):
        parse_page(read("saelim_error_badResumptionToken.xml"))
    with pytest.raises(BadResponse, match="not valid XML"):
        parse_page(b"<html><body>Service Unavailable")
    with pytest.raises(BadResponse, match="not an OAI-PMH response"):
        parse_page(b"<feed/>")


@pytest.mark.parametrize(
    ("typed", "spec"),
    [("cs.CL", "cs:cs:CL"), ("stat.ML", "stat:stat:ML"), ("math.AG", "math:math:AG"),
     ("astro-ph.GA", "physics:astro-ph:GA"), ("hep-th", "physics:hep-th"), ("cs", "cs"),
     ("physics.optics", "physics:physics:optics"), ("cs:cs:LG", "cs:cs:LG")],
)  # fmt: skip
def test_categories_become_the_set_specs_of_todays_endpoint(typed, spec):
    assert set_spec(typed) == spec
    assert category_of(spec) == (typed if ":" not in typed else "cs.LG")


@pytest.mark.parametrize("typed", ["dialogue", "cs.", "CS.CL x", ""])
def test_a_word_that_is_no_category_is_refused(typed):
    with pytest.raises(InvalidInput, match="not an arXiv category"):
        set_spec(typed)


def test_pages_are_asked_with_the_set_format_and_token(oai):
    client = OaiClient()
    first = client.list_records(spec="cs:cs:CL", metadata_prefix="arXiv")
    assert first.token == "7731214|21" and len(first.records) == 20 and first.list_size == 35
    second = client.list_records(token=first.token)
    assert second.token is None and len(second.records) == 15
    asked = [r.params for r in oai.requests]
    assert asked[0] == {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs:cs:CL"}
    assert asked[1] == {"verb": "ListRecords", "resumptionToken": "7731214|21"}
    assert oai.unmatched == []


def test_a_503_with_retry_after_is_waited_out(oai, sleeps):
    oai.queue(503, "<html>Retry later</html>", {"Retry-After": "17"})
    page = OaiClient().list_records(spec="cs:cs:LG")
    assert len(page.records) == 6 and 17 in sleeps
    assert [r.status for r in oai.requests] == [503, 200]


def test_a_retry_after_of_hours_stops_at_once(oai, sleeps):
    oai.queue(503, "", {"Retry-After": "7200"})
    with pytest.raises(Unavailable, match="asks us to wait 7200 s"):
        OaiClient().list_records(spec="cs:cs:LG")
    assert sleeps == []


def test_requests_are_spaced_as_arxiv_asks(oai, sleeps, monkeypatch):
    monkeypatch.setenv("RL_OAI_DELAY", "3")
    client = OaiClient()
    client.list_records(token=client.list_records(spec="cs:cs:CL").token)
    assert len(sleeps) == 1 and 2.5 < sleeps[0] <= 3


def test_a_server_error_page_is_a_bad_response(oai):
    oai.queue(200, "<html>Internal error</html>", {"Content-Type": "text/html"})
    with pytest.raises(BadResponse, match=r"not an OAI-PMH response \(<html>\)"):
        OaiClient().list_records(spec="cs:cs:CL")
