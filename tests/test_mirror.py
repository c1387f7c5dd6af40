"""The local arXiv mirror: `rl mirror add/update/status` against a local OAI-PMH server
(recorded and hand-made answers, tests/fixtures/arxiv-oai/), what an interrupted harvest
leaves, and titles resolved from the mirror with no request."""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_server import ApiServer

from readinglist.errors import DatabaseError, NotFound
from readinglist.harvest import HarvestStopped, Progress, add_categories, harvest
from readinglist.mirror import open_mirror, record_id
from readinglist.sources import PaperRecord
from readinglist.sources.oai import OaiPage, OaiRecord

FIXTURES = Path(__file__).parent / "fixtures"
CL_RECORDS = 35  # cs.CL: two pages, 20 and 15 records


@pytest.fixture
def oai(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    server = ApiServer("arxiv-oai", fixtures=FIXTURES).start()
    monkeypatch.setenv("RL_OAI_URL", server.url + "/oai")
    yield server
    server.stop()


@pytest.fixture
def mirror_file(isolated: Path) -> Path:
    """Where rl puts the mirror: beside the test's knowledge base (RL_DB)."""
    return isolated / "arxiv-mirror.sqlite"


@pytest.fixture
def mirrored(rl, oai, mirror_file) -> Path:
    """A mirror of cs.CL, harvested by `rl mirror add`."""
    r = rl("mirror", "add", "cs.CL")
    assert r.exit_code == 0, r.stderr
    oai.requests.clear()
    return mirror_file


def stored(path: Path) -> dict[str, str]:
    """arXiv id -> title of every record of the mirror, read with plain SQL."""
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT arxiv_id, title FROM records"))


# -- harvesting ------------------------------------------------------------------------------


def test_rl_mirror_add_harvests_a_category_page_by_page(rl, oai, mirror_file):
    r = rl("mirror", "add", "cs.CL", "--json")
    assert r.exit_code == 0, r.stderr
    assert [q.params for q in oai.requests] == [
        {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs:cs:CL"},
        {"verb": "ListRecords", "resumptionToken": "7731214|21"},
    ]
    assert r.json() == [{"category": "cs.CL", "set": "cs:cs:CL", "from": None, "pages": 2,
                         "records": CL_RECORDS, "deleted": 0, "continued": False,
                         "restarted": False}]  # fmt: skip
    assert "cs.CL: 35 records stored, 2 page(s), everything." in r.stderr
    titles = stored(mirror_file)
    assert len(titles) == CL_RECORDS and titles["1706.03762"] == "Attention Is All You Need"


def test_rl_mirror_status(rl, mirrored):
    r = rl("mirror", "status")
    assert r.exit_code == 0, r.stderr
    assert "35 records" in r.stdout and "cs.CL" in r.stdout
    assert "up to date as of 2026-05-12" in r.stdout  # the server's date when it began
    data = rl("mirror", "status", "--json").json()
    assert data["records"] == CL_RECORDS and data["path"] == str(mirrored)
    assert data["categories"] == [{"category": "cs.CL", "set": "cs:cs:CL", "records": 35,
                                   "format": "arXiv", "harvested_from": "2026-05-12",
                                   "completed_at": data["categories"][0]["completed_at"],
                                   "unfinished": None}]  # fmt: skip


def test_rl_mirror_update_asks_only_for_what_changed(rl, oai, mirrored):
    r = rl("mirror", "update")
    assert r.exit_code == 0, r.stderr
    assert oai.requests[0].params == {"verb": "ListRecords", "metadataPrefix": "arXiv",
                                      "set": "cs:cs:CL", "from": "2026-05-12"}  # fmt: skip
    titles = stored(mirrored)
    assert titles["2104.08202"].startswith("$Q^{2}$")  # new
    assert titles["2301.00234"] == "A Survey on In-context Learning"  # re-titled
    assert "9901.00022" not in titles  # deleted
    assert "cs.CL: 2 records stored, 1 withdrawn" in r.stderr
    mirror = open_mirror(mirrored)
    assert mirror.integrity_problems() == []  # both full-text indexes follow the changes
    options = {"limit": 25, "budget": 100, "rare": 100, "near_limit": 10}
    found = mirror.title_candidates("asurveyforincontextlearning",
                                    ["survey", "context", "learning"], **options)  # fmt: skip
    assert [r.arxiv_id for r in found] == ["2301.00234"]
    gone = mirror.title_candidates("evaluatinganeuralconversationalmodelwithhumanjudges",
                                   ["evaluating", "neural", "conversational", "judges"],
                                   **options)  # fmt: skip
    assert "9901.00022" not in {r.arxiv_id for r in gone}
    # The next update starts from the first update's date; arXiv has nothing newer.
    again = rl("mirror", "update", "--json")
    assert again.exit_code == 0, again.stderr
    assert oai.requests[-1].params["from"] == "2026-05-19"
    assert again.json()[0]["records"] == 0 and len(stored(mirrored)) == CL_RECORDS


def test_an_interrupted_harvest_keeps_its_pages_and_continues(rl, oai, mirror_file):
    """The network fails after the first page: that page stays, with the token of the next;
    rl mirror update asks for that next page, not the first again."""
    mirror, specs = add_categories(mirror_file, ["cs.CL"], "arXiv")

    def fail_after_first_page(progress: Progress) -> None:
        oai.queue(503, "busy", times=3)

    with pytest.raises(HarvestStopped) as stopped:
        harvest(mirror, specs, progress=fail_after_first_page)
    assert "cs.CL: 1 page(s), 20 records stored; run rl mirror update to continue from the "\
           "next page." in stopped.value.details  # fmt: skip
    assert len(stored(mirror_file)) == 20
    r = rl("mirror", "status", "--json")
    assert r.json()["categories"][0]["unfinished"] == {"pages": 1, "records": 20, "of": 35}
    oai.requests.clear()
    r = rl("mirror", "update", "--json")
    assert r.exit_code == 0, r.stderr
    assert [q.params for q in oai.requests] == [
        {"verb": "ListRecords", "resumptionToken": "7731214|21"}
    ]
    assert r.json()[0]["continued"] is True and len(stored(mirror_file)) == CL_RECORDS


def test_ctrl_c_says_what_is_stored(oai, mirror_file):
    mirror, specs = add_categories(mirror_file, ["cs.CL"], "arXiv")

    def press_ctrl_c(progress: Progress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(HarvestStopped, match="interrupted") as stopped:
        harvest(mirror, specs, progress=press_ctrl_c)
    assert stopped.value.exit_code == 130
    assert any("20 records stored" in line for line in stopped.value.details)


def test_a_page_cut_short_in_its_transaction_leaves_nothing_of_it(oai, mirror_file):
    """The second page fails while it is being written: the mirror holds the first page and
    the token that asks for the second again, nothing of the second."""
    mirror, specs = add_categories(mirror_file, ["cs.CL"], "arXiv")

    def break_the_next_write(progress: Progress) -> None:
        # SQLite stops any statement once this returns true: the write fails half done.
        mirror.conn.set_progress_handler(lambda: 1, 1000)

    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        harvest(mirror, specs, progress=break_the_next_write)
    mirror.conn.set_progress_handler(None, 0)
    assert len(stored(mirror_file)) == 20
    state = mirror.harvested_set("cs:cs:CL")
    assert state.pending_token == "7731214|21" and state.pending_records == 20
    assert mirror.integrity_problems() == []


def test_an_expired_token_starts_the_list_again(oai, mirror_file):
    mirror, specs = add_categories(mirror_file, ["cs.CL"], "arXiv")
    # A harvest interrupted long ago, whose token arXiv no longer knows.
    old = OaiPage([], "6612003|11", 35, 0, "2026-04-01")
    mirror.save_page("cs:cs:CL", old, since=None)
    [report] = harvest(mirror, specs)
    assert report.restarted and report.records == CL_RECORDS
    asked = [r.params.get("resumptionToken") for r in oai.requests]
    assert asked == ["6612003|11", None, "7731214|21"]
    assert mirror.harvested_set("cs:cs:CL").next_from == "2026-05-12"


def test_a_second_harvest_of_the_same_mirror_is_refused(rl, oai, mirrored):
    with open(f"{mirrored}.lock", "w") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        r = rl("mirror", "update")
    assert r.exit_code == 1 and "another rl is harvesting into" in r.stderr
    assert oai.requests == []


def test_the_arxivraw_format_can_be_harvested(rl, oai, mirror_file):
    r = rl("mirror", "add", "nucl-th", "--format", "arXivRaw")
    assert r.exit_code == 0, r.stderr
    assert oai.requests[0].params["metadataPrefix"] == "arXivRaw"
    mirror = open_mirror(mirror_file)
    same_sign = mirror.record("1302.2146")
    assert same_sign is not None and same_sign.version == 2
    assert same_sign.authors == ("Joshua Berger", "Maxim Perelstein", "Michael Saelim",
                                 "Philip Tanedo")  # fmt: skip
    assert same_sign.pdf_url == "https://arxiv.org/pdf/1302.2146v2"


def test_bad_categories_and_a_missing_mirror_are_errors(rl, oai, mirror_file):
    r = rl("mirror", "add", "dialogue")
    assert r.exit_code == 1 and "'dialogue' is not an arXiv category" in r.stderr
    assert oai.requests == []
    r = rl("mirror", "update")
    assert r.exit_code == 1 and "rl mirror add" in r.stderr
    assert rl("mirror", "add", "cs.LG").exit_code == 0
    r = rl("mirror", "update", "cs.CL")
    assert r.exit_code == 1 and "cs.CL is not in the arXiv mirror" in r.stderr
    mirror_file.unlink()
    r = rl("mirror", "status")
    assert r.exit_code == 1 and "there is no arXiv mirror at" in r.stderr
    assert not mirror_file.exists()


def test_an_unreachable_server_changes_nothing(rl, mirror_file):
    r = rl("mirror", "add", "cs.CL")
    assert r.exit_code == 1
    assert "cs.CL: unchanged (not harvested yet); rl mirror update tries again." in r.stderr
    assert stored(mirror_file) == {}


def test_files_that_are_not_a_mirror_are_refused(isolated):
    other = isolated / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(DatabaseError, match="not an arXiv mirror"):
        open_mirror(other, create=True)
    newer = isolated / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.execute("CREATE TABLE records (id INTEGER)")
    with pytest.raises(DatabaseError, match="newer version of rl"):
        open_mirror(newer)
    with pytest.raises(NotFound, match="rl mirror add"):
        open_mirror(isolated / "none.sqlite")


def test_record_ids_follow_submission_order():
    ids = ["hep-th/9108001", "math.GT/0309136", "cs/0701001", "0704.0001", "1412.9999",
           "1501.00001", "1706.03762", "2401.00001"]  # fmt: skip
    assert sorted(ids, key=record_id) == ids
    assert record_id("1706.03762") // 1_000_000 == (2017 - 1991) * 12 + 5


# -- resolving titles from the mirror --------------------------------------------------------


def test_a_title_in_the_mirror_resolves_with_no_request(rl, mirrored, monkeypatch):
    """The default chain, with arXiv's API a dead port: the mirror settles it alone."""
    monkeypatch.delenv("RL_SOURCES")
    r = rl("add", "(2017)Attention Is All You Need", "--cat", "other", "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert (paper["arxiv_id"], paper["resolution"]) == ("1706.03762", "resolved")
    assert paper["authors"][0] == "Ashish Vaswani" and paper["metadata_source"] == "arxiv"
    assert paper["arxiv_categories"] == ["cs.CL", "cs.LG"]


@pytest.mark.parametrize(
    ("typed", "arxiv_id"),
    [("Towards Unified Dialogue System Evaluation", "2006.06110"),  # subtitle dropped
     ("Personalizing Dialogue Agents I have a dog do you have pets too", "1801.07243"),
     ("Enhancing Dialogue Generation via Multi-Level Contrastive Lerning", "2009.09147"),
     ("1706.03762", "1706.03762"), ("arXiv:1410.3916v2", "1410.3916")],
)  # fmt: skip
def test_the_matchers_rules_apply_to_the_mirror(rl, mirrored, monkeypatch, typed, arxiv_id):
    monkeypatch.delenv("RL_SOURCES")
    r = rl("add", typed, "--cat", "other", "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    assert (r.json()["arxiv_id"], r.json()["resolution"]) == (arxiv_id, "resolved")


def test_a_title_near_several_is_asked_about_not_taken(rl, mirrored, monkeypatch):
    monkeypatch.delenv("RL_SOURCES")
    r = rl("add", "Persona-Based Neural Conversational Model", "--cat", "other", "--no-input",
           "--json")  # fmt: skip
    assert r.json()["resolution"] == "unresolved"
    assert r.json()["candidates"][0]["arxiv_id"] == "1603.06155"


def test_a_title_the_mirror_lacks_falls_back_to_the_api(rl, mirrored, arxiv_server, monkeypatch):
    monkeypatch.delenv("RL_SOURCES")
    r = rl("add", "Proximal Policy Optimization Algorithms", "--cat", "other", "--no-input",
           "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.json()["arxiv_id"] == "1707.06347"  # cs.LG: not in the mirror of cs.CL
    assert arxiv_server.requests  # arXiv was asked


def test_resolving_many_asks_arxiv_only_for_what_the_mirror_lacks(
    rl, mirrored, arxiv_server, monkeypatch
):
    monkeypatch.delenv("RL_SOURCES")
    for title in ("Attention Is All You Need", "Proximal Policy Optimization Algorithms"):
        rl("add", title, "--cat", "other", env={"RL_SOURCES": "s2"})  # down: unresolved
    r = rl("resolve", "--all", "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    assert [p["arxiv_id"] for p in r.json()] == ["1706.03762", "1707.06347"]
    asked = " ".join(q.params.get("search_query", "") for q in arxiv_server.requests)
    assert "ti:proximal" in asked and "ti:attention" not in asked


def test_rl_sources_decides_whether_the_mirror_is_asked(rl, mirrored, arxiv_server):
    r = rl("add", "Attention Is All You Need", "--cat", "other", "--no-input", "--json",
           env={"RL_SOURCES": "arxiv"})  # fmt: skip
    assert r.json()["arxiv_id"] == "1706.03762" and arxiv_server.requests


def test_a_mirror_elsewhere_is_named_by_rl_mirror(rl, oai, isolated, monkeypatch):
    elsewhere = isolated / "shared" / "mirror.sqlite"
    monkeypatch.setenv("RL_MIRROR", str(elsewhere))
    assert rl("mirror", "add", "cs.LG").exit_code == 0
    assert elsewhere.exists() and not (isolated / "arxiv-mirror.sqlite").exists()
    monkeypatch.delenv("RL_SOURCES")
    r = rl("add", "Proximal Policy Optimization Algorithms", "--cat", "other", "--json")
    assert r.json()["arxiv_id"] == "1707.06347"


def test_the_mirror_source_proposes_candidates_by_title_and_id(mirrored):
    from readinglist.identifiers import PaperId
    from readinglist.sources.mirror import MirrorSource

    source = MirrorSource(mirrored)
    # The same title: nothing else can match better.
    assert [r.arxiv_id for r in source.search_title("Memory Networks", 25)] == ["1410.3916"]
    # Otherwise every title with the words (a misspelt one left out) is a candidate, the
    # closest in length first; the matcher decides among them.
    found = [r.arxiv_id for r in source.search_title("Memory Netwrks", 25)]
    assert found[0] == "1410.3916" and {"1503.08895", "1606.03126"} <= set(found)
    # A title and its subtitle, for the title alone.
    found = [r.arxiv_id for r in source.search_title("Towards Unified Dialogue System "
                                                      "Evaluation", 25)]  # fmt: skip
    assert found == ["2006.06110"]
    assert source.lookup(PaperId("arxiv", "1706.03762v7")).title == "Attention Is All You Need"
    assert source.lookup(PaperId("arxiv", "2112.10752")) is None  # cs.CV: not mirrored
    assert source.search_title("Quantum Basket Weaving", 25) == []


def test_the_mirrors_records_go_through_the_pipelines_checks(rl, mirrored, monkeypatch):
    monkeypatch.delenv("RL_SOURCES")
    assert rl("add", "1706.03762", "--cat", "other").exit_code == 0
    r = rl("add", "Attention Is All You Need", "--cat", "other", "--no-input")
    assert r.exit_code == 1 and "already" in r.stderr


def test_saving_the_same_page_twice_changes_nothing(mirror_file):
    mirror = open_mirror(mirror_file, create=True)
    mirror.add_sets([("cs:cs:CL", "cs.CL")], "arXiv")
    record = PaperRecord(title="A Title", source="arxiv", arxiv_id="2401.00001",
                         categories=("cs.CL",), authors=("A. Author",))  # fmt: skip
    page = OaiPage([OaiRecord("2401.00001", "2024-01-02", record)], None, None, None, "2024-01-03")
    mirror.save_page("cs:cs:CL", page, since=None)
    mirror.save_page("cs:cs:CL", page, since=None)
    assert mirror.counts() == {"records": 1, "cs:cs:CL": 1}
    assert mirror.integrity_problems() == []
