"""`rl discover`: ranked search over the local arXiv mirror (bm25 and recency), papers of the
knowledge base marked, and results filed with no request."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from api_server import ApiServer

from readinglist.discover import discover, mirror_match
from readinglist.errors import InvalidInput
from readinglist.mirror import open_mirror
from readinglist.sources import PaperRecord
from readinglist.sources.oai import OaiPage, OaiRecord

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 5, 20)


@pytest.fixture
def mirrored(rl, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A mirror of cs.CL and cs.LG, harvested from the local OAI-PMH server."""
    server = ApiServer("arxiv-oai", fixtures=FIXTURES).start()
    monkeypatch.setenv("RL_OAI_URL", server.url + "/oai")
    r = rl("mirror", "add", "cs.CL", "cs.LG")
    server.stop()
    assert r.exit_code == 0, r.stderr
    yield isolated / "arxiv-mirror.sqlite"


def made_mirror(path: Path, papers: list[tuple[str, str, str]]) -> None:
    """A mirror holding (arXiv id, title, abstract) records, all in cs.CL, with its word
    counts made as a harvest makes them."""
    mirror = open_mirror(path, create=True)
    mirror.add_sets([("cs:cs:CL", "cs.CL")], "arXiv")
    records = [OaiRecord(i, "2026-01-01", PaperRecord(title=t, source="arxiv", arxiv_id=i,
                                                      abstract=a, categories=("cs.CL",)))
               for i, t, a in papers]  # fmt: skip
    mirror.save_page("cs:cs:CL", OaiPage(records, None, None, None, "2026-01-01"), since=None)
    mirror.refresh_term_stats()
    mirror.close()


def test_results_come_best_first_with_their_metadata(rl, mirrored):
    r = rl("discover", "memory", "networks", "--json")
    assert r.exit_code == 0, r.stderr
    found = r.json()
    ids = [f["arxiv_id"] for f in found]
    # Every paper with both words in its title, and no other.
    assert set(ids) == {"1410.3916", "1503.08895", "1606.03126", "1603.01417", "1601.06733",
                        "1503.00075"}  # fmt: skip
    assert found[0]["rank"] == 1 and found[0]["score"] >= found[-1]["score"]
    assert {"title", "authors", "year", "categories", "url", "abstract"} <= set(found[0])
    assert all(f["in_knowledge_base"] is None for f in found)


def test_the_table(rl, mirrored):
    r = rl("discover", "attention")
    assert r.exit_code == 0, r.stderr
    assert "Attention Is All You Need" in r.stdout and "Ashish Vaswani et al." in r.stdout
    assert r.stdout.splitlines()[0].split() == ["N", "arXiv", "year", "title", "authors",
                                                "category", "yours"]  # fmt: skip


def test_papers_already_in_the_knowledge_base_are_marked(rl, mirrored, monkeypatch):
    monkeypatch.delenv("RL_SOURCES")
    assert rl("add", "Attention Is All You Need", "--cat", "other").exit_code == 0
    found = rl("discover", "attention", "--json").json()
    marked = {f["arxiv_id"]: f["in_knowledge_base"] for f in found}
    assert marked["1706.03762"] == 1
    assert all(v is None for k, v in marked.items() if k != "1706.03762")
    assert "#1" in rl("discover", "attention").stdout


def test_since_and_categories_filter(rl, mirrored):
    since = rl("discover", "learning", "--since", "2021", "--json").json()
    # (The fictional ids 99MM.NNNNN read as 2099: the month comes from the arXiv id.)
    assert since and all(f["year"] >= 2021 for f in since if f["arxiv_id"][:2] != "99")
    ne = rl("discover", "memory", "--cat", "cs.NE", "--json").json()
    assert {f["arxiv_id"] for f in ne} == {"1503.08895", "1603.01417", "1601.06733",
                                           "1507.01526"}  # fmt: skip
    # An archive, any case, several categories.
    assert rl("discover", "memory", "--cat", "CS", "--json").json()
    both = rl("discover", "memory OR separation", "--cat", "stat.ML", "--cat", "cs.SD",
              "--json").json()  # fmt: skip
    assert {f["arxiv_id"] for f in both} == {"1410.3916", "2405.04517", "2010.13154"}


def test_query_syntax_is_rl_searchs(rl, mirrored):
    def ids(*query: str) -> set[str]:
        r = rl("discover", *query, "--json")
        assert r.exit_code == 0, r.stderr
        return {f["arxiv_id"] for f in r.json()}

    assert ids('"short-term memory"') >= {"1507.01526", "2405.04517"}
    found = ids("attention -speech NOT rank")
    assert "1706.03762" in found and not found & {"2010.13154", "2103.03404"}
    assert ids("author:vaswani") == {"1706.03762"}
    assert ids("title:policy") == {"1707.06347", "9901.00061"}
    # Small words are left out of plain queries; alone, they are looked for.
    assert ids("chain", "of", "memory") == ids("chain", "memory")
    assert mirror_match("of the") == '"of" AND "the"'


def test_recency_breaks_ties_and_relevance_still_wins(isolated):
    path = isolated / "made.sqlite"
    same = "Dialogue agents", "We study memory for dialogue agents."
    titled = "Memory networks", "Networks with memory."
    made_mirror(path, [("1501.00001", *same), ("2501.00001", *same), ("1502.00001", *titled),
                       ("2502.00001", "Agents in dialogue", "A memory, in passing.")])  # fmt: skip
    mirror = open_mirror(path, readonly=True)
    order = [f.record.arxiv_id for f in discover(mirror, None, "memory", today=TODAY).results]
    assert order.index("2501.00001") < order.index("1501.00001")  # same text: newer first
    assert order[0] == "1502.00001"  # the word in the title: first, although ten years old


def test_rarer_words_weigh_more(isolated):
    path = isolated / "made.sqlite"
    papers = [(f"2401.{i:05d}", f"Paper {i}", "A study of networks.") for i in range(1, 9)]
    papers += [("2401.00100", "Networks", "A study."), ("2401.00101", "Persona", "A study.")]
    made_mirror(path, papers)
    mirror = open_mirror(path, readonly=True)
    found = discover(mirror, None, "networks OR persona", today=TODAY).results
    # Both have their word in the title; "persona" is in one paper, "networks" in nine.
    assert [f.record.arxiv_id for f in found[:2]] == ["2401.00101", "2401.00100"]
    assert mirror.stems("Memory Networks") == ["memori", "network"]


def test_a_query_matching_more_than_the_budget_ranks_the_newest(isolated):
    from readinglist.mirror import Unit

    path = isolated / "made.sqlite"
    made_mirror(path, [(f"{y % 100:02d}01.00001", f"Memory paper of {y}", "memory")
                       for y in range(2010, 2026)])  # fmt: skip
    mirror = open_mirror(path, readonly=True)
    options = {"title_weight": 10, "text_weight": 2, "recency_weight": 1.0,
               "half_life_months": 24, "now_month": 420, "limit": 20}  # fmt: skip
    unit = Unit(1.0, '"memory"')
    ranked = mirror.rank('"memory"', [unit], budget=3, **options)
    assert sorted(r.arxiv_id for r, _ in ranked.results) == ["2301.00001", "2401.00001",
                                                               "2501.00001"]  # fmt: skip
    assert ranked.window_start is not None
    everything = mirror.rank('"memory"', [unit], budget=100, **options)
    assert len(everything.results) == 16 and everything.window_start is None


def test_the_user_is_told_when_only_the_newest_matches_are_ranked(rl, mirrored, monkeypatch):
    import readinglist.discover

    monkeypatch.setattr(readinglist.discover, "BUDGET", 3)  # as 10,000 matches would
    r = rl("discover", "memory", "--json")
    assert r.exit_code == 0 and len(r.json()) == 3
    assert "the best of the newest 3, from 2016-0" in r.stderr


def test_add_files_a_result_with_no_request(rl, mirrored, db_file):
    """RL_SOURCES (arxiv, a dead port in the tests) does not matter: the mirror has it."""
    r = rl("discover", "memory networks", "--add", "1", "--to", "other", "--status", "to-read",
           "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    first = r.json()[0]
    assert first["in_knowledge_base"] == 1
    assert f"Added #1 {first['title']} to other: arXiv {first['arxiv_id']}" in r.stderr
    paper = rl("show", "1", "--json").json()
    assert paper["arxiv_id"] == first["arxiv_id"] and paper["status"] == "to-read"
    assert paper["resolution"] == "resolved" and paper["abstract"]


def test_add_without_to_files_in_the_default_category(rl, mirrored, db_file):
    """The issue's own command line: `rl discover QUERY --add N --status to-read`."""
    r = rl("discover", "attention", "--add", "1", "--status", "to-read")
    assert r.exit_code == 0, r.stderr
    assert "No --to given: adding to other" in r.stderr
    assert rl("show", "1", "--json").json()["category"] == "other"
    rl("cat", "add", "llm", "LLMs")
    rl("config", "category", "llm")
    rl("discover", "memory networks", "--add", "1")
    assert rl("show", "2", "--json").json()["category"] == "llm"


def test_an_unquoted_minus_word_is_an_exclusion(rl, mirrored):
    def ids(*query: str) -> set[str]:
        r = rl("discover", *query, "--json")
        assert r.exit_code == 0, r.stderr
        return {f["arxiv_id"] for f in r.json()}

    assert ids("attention", "-speech") == ids("attention -speech")
    assert ids("memory", "-networks") == ids("memory -networks") != ids("memory")


def test_add_checks_come_before_anything_is_stored(rl, mirrored, db_file):
    r = rl("discover", "memory networks", "--add", "9", "--to", "other")
    assert r.exit_code == 1 and "there are 6 results" in r.stderr
    r = rl("discover", "memory networks", "--add", "1", "--to", "nowhere")
    assert r.exit_code == 1
    assert rl("list", "--json").json() == []


def test_adding_a_paper_already_stored_says_so(rl, mirrored):
    assert rl("discover", "attention", "--add", "1", "--to", "other").exit_code == 0
    r = rl("discover", "attention", "--add", "1", "--to", "other")
    assert r.exit_code == 1 and "already" in r.stderr
    # What the message offers is there to be used.
    assert "Use --force to add it again anyway." in r.stderr
    r = rl("discover", "attention", "--add", "1", "--to", "other", "--force", "--json")
    assert r.exit_code == 0, r.stderr
    assert len(rl("list", "--json").json()) == 2


def test_without_a_knowledge_base_nothing_is_marked_nor_created(rl, mirrored, db_file):
    r = rl("discover", "attention", "--json")
    assert r.exit_code == 0 and r.json() and not db_file.exists()


def test_nothing_to_find_and_no_mirror(rl, mirrored, isolated, monkeypatch):
    r = rl("discover", "quantum", "basket", "weaving")
    assert r.exit_code == 0 and "No paper of the mirror matches" in r.stderr
    r = rl("discover", "memory", "--cat", "hep-th")
    assert r.exit_code == 1 and "no paper of the mirror is in 'hep-th'" in r.stderr
    assert "Mirrored: cs.CL, cs.LG" in r.stderr
    r = rl("discover", "-", "--", "-memory")
    assert r.exit_code == 1 and "nothing to look for" in r.stderr
    monkeypatch.setenv("RL_MIRROR", str(isolated / "elsewhere.sqlite"))
    r = rl("discover", "memory")
    assert r.exit_code == 1 and "there is no arXiv mirror at" in r.stderr


def test_discover_imports_nothing_heavy(mirrored, kb):
    import json
    import subprocess
    import sys

    code = (
        "import sys, json\nfrom readinglist.cli import main\n"
        "sys.argv = ['rl', 'discover', 'memory', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    modules = {m.split(".")[0] for m in json.loads(done.stderr.strip().splitlines()[-1])}
    assert json.loads(done.stdout) and not modules & {"arxiv", "requests", "rich", "numpy",
                                                      "sqlite_utils", "rapidfuzz"}  # fmt: skip


def test_limit_must_be_positive(isolated):
    path = isolated / "made.sqlite"
    made_mirror(path, [("2401.00001", "Memory", "memory")])
    with pytest.raises(InvalidInput, match="--limit"):
        discover(open_mirror(path, readonly=True), None, "memory", limit=0)
