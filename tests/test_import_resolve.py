"""`rl import-readme FILE --resolve`: import the user's table, then look every new paper up on
arXiv, against the local arXiv server (or the dead port the autouse fixture points at)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from test_resolve_cli import run_in_terminal

# The profile's groups are the categories of the shipped knowledge base: its import asks
# nothing about new categories.
pytestmark = pytest.mark.usefixtures("profile_categories")

FIXTURES = Path(__file__).parent / "fixtures"
PROFILE = FIXTURES / "profile-README.md"

# What the local server's recordings make of the profile's 24 papers (see BENCHMARKS.md).
# Not on arXiv, and arXiv has neighbours of them to show it:
NOT_ON_ARXIV = [
    "(2018 Radford)Improving Language Understanding by Generative Pre-Training",
    "(GPT2)language models are unsupervised multitask learners",
    "(2002)BLEU a Method for Automatic Evaluation of Machine Translation",
    "(2019 Feng)Answer-guided and Semantic Coherent Question Generation",
]
# Not on arXiv either, but nothing at all is found for them, which proves nothing (a misspelt
# word does as much): unresolved, without candidates.
NOTHING_FOUND = [
    "Open-domain Dialogue Generation:What We Can Do, Cannot Do, And Should Do Next",
    "(2020 Feng)A Co-Attention Neural Network Model for Emotion Cause Analysis with Emotional "
    "Context Awareness",
]
UNSURE = "(2022 Ju)Learning to Improve Persona Consistency in Multi-party Dialogue"


def table_rows(markdown: str) -> list[str]:
    return [
        line.strip()[1:-1].strip()
        for line in markdown.splitlines()
        if line.startswith("|") and not line.startswith("|:")
    ]


def dump(db_file: Path) -> list[str]:
    conn = sqlite3.connect(db_file)
    return [line for line in conn.iterdump() if "_sqlite_migrations" not in line]


def import_resolved(rl):
    r = rl("import-readme", str(PROFILE), "--resolve", "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    return r


def test_resolve_looks_up_every_imported_paper(rl, arxiv_server):
    r = import_resolved(rl)
    imported = r.json()
    assert len(imported["added"]) == 24 and imported["notes_added"] == 1
    papers = {p["label"]: p for p in imported["papers"]}
    assert [p["id"] for p in imported["papers"]] == imported["added"]
    assert Counter(p["resolution"] for p in papers.values()) == {
        "resolved": 17, "not-found": 4, "unresolved": 3
    }  # fmt: skip
    assert sorted(label for label, p in papers.items() if p["resolution"] == "not-found") == (
        sorted(NOT_ON_ARXIV)
    )
    for label in NOTHING_FOUND:
        assert (papers[label]["resolution"], papers[label]["candidates"]) == ("unresolved", None)
    # The label stays as written; the title and id are arXiv's.
    for label, arxiv_id, title in [
        ("(transformer)Attention Is All You Need", "1706.03762", "Attention Is All You Need"),
        ("2022-A Survey for In-context Learning", "2301.00234", "A Survey on In-context Learning"),
    ]:
        assert (papers[label]["arxiv_id"], papers[label]["title"]) == (arxiv_id, title)
    unsure = papers[UNSURE]
    assert unsure["arxiv_id"] is None
    assert [c["arxiv_id"] for c in unsure["candidates"]] == ["9901.00091"]
    # What is stored is what --json said.
    assert {p["label"]: p["resolution"] for p in rl("list", "--json").json()} == {
        label: p["resolution"] for label, p in papers.items()
    }

    assert "Imported 24 paper(s) and 1 note(s)" in r.stderr
    assert "Resolving" not in r.stderr  # stderr is no terminal: no bar drawn into a log
    assert f"#14 {UNSURE}, unresolved: not sure which paper it is" in r.stderr
    assert "Settle it with: rl resolve 14 --pick N" in r.stderr
    assert (
        "#1 Open-domain Dialogue Generation:What We Can Do, Cannot Do, And Should Do Next, "
        "unresolved: nothing was found for it" in r.stderr
    )
    assert "Resolved 17, unresolved 3, not found 4, failed 0 (of 24 imported)." in r.stderr
    assert arxiv_server.unmatched == []  # every request was one arXiv has an answer for


def test_the_note_row_is_not_looked_up_and_the_table_renders_back_as_written(rl, arxiv_server):
    import_resolved(rl)
    queries = [s.params.get("search_query", "") for s in arxiv_server.requests]
    # 24 papers, ten titles a request (ORed), then the later rounds for the titles nothing
    # matched (their key words, then without each of their longest words), also together.
    assert len(queries) <= 12
    assert not [q for q in queries if "note" in q.lower()]
    paper = rl("show", "Personalizing Dialogue Agents", "--json").json()
    assert paper["arxiv_id"] == "1801.07243"
    assert [n["label"] for n in paper["notes"]] == [
        r"(2018b) \[Note\] Personalizing Dialogue Agents I have a dog, do you have pets too"
    ]
    # Resolving changed titles, never labels: the table renders back row for row.
    rendered = rl("render")
    assert rendered.exit_code == 0, rendered.stderr
    assert table_rows(rendered.stdout) == table_rows(PROFILE.read_text(encoding="utf-8"))


def test_one_failure_never_stops_the_rest(rl, arxiv_server):
    # The combined search is refused, and then the first paper's own search.
    arxiv_server.queue(400, "bad query", times=2)
    r = rl("import-readme", str(PROFILE), "--resolve", "--no-input", "--json")
    assert r.exit_code == 1
    papers = r.json()["papers"]
    assert papers[0]["resolution"] == "unresolved"
    assert papers[0]["error"].startswith("arXiv refused the search")
    assert [p for p in papers[1:] if "error" in p] == []
    assert Counter(p["resolution"] for p in papers[1:]) == {
        "resolved": 17, "not-found": 4, "unresolved": 2
    }  # fmt: skip
    assert "#1: arXiv refused the search" in r.stderr
    assert "Resolved 17, unresolved 2, not found 4, failed 1 (of 24 imported)." in r.stderr


def test_arxiv_down_leaves_every_paper_imported_and_unresolved(rl, sleeps):
    r = rl("import-readme", str(PROFILE), "--resolve", "--no-input", "--json")
    assert r.exit_code == 1
    assert "Traceback" not in r.stderr
    imported = r.json()
    assert len(imported["added"]) == 24 and imported["notes_added"] == 1
    assert {p["resolution"] for p in imported["papers"]} == {"unresolved"}
    assert all(p["error"].startswith("cannot connect to") for p in imported["papers"])
    # One line for all 24, what happened, and what to do.
    assert "#1-#24: cannot connect to http://127.0.0.1:" in r.stderr
    assert "Check your connection and try again later." in r.stderr
    assert "Resolved 0, unresolved 0, not found 0, failed 24 (of 24 imported)." in r.stderr
    assert (
        "The 24 paper(s) that could not be resolved are imported, unresolved: nothing is lost. "
        "Resolve them later with: rl resolve --all"
    ) in r.stderr
    # Only the first paper waited through the retries; the rest failed at once.
    assert sleeps == [2.0, 4.0]
    labels = [p["label"] for p in rl("list", "--json").json()]
    assert len(labels) == 24 and UNSURE in labels
    assert {p["resolution"] for p in rl("list", "--json").json()} == {"unresolved"}


def test_papers_left_unresolved_by_a_dead_network_resolve_later(rl, monkeypatch):
    assert rl("import-readme", str(PROFILE), "--resolve", "--no-input").exit_code == 1
    from arxiv_server import ArxivServer

    server = ArxivServer().start()
    monkeypatch.setenv("RL_ARXIV_URL", server.url)
    try:
        r = rl("resolve", "--all", "--json")
    finally:
        server.stop()
    assert r.exit_code == 0, r.stderr
    assert "Resolved 17, unresolved 3, not found 4, failed 0 (of 24 unresolved)." in r.stderr


def test_importing_again_with_resolve_adds_and_asks_nothing(rl, arxiv_server, db_file):
    import_resolved(rl)
    before, requests = dump(db_file), len(arxiv_server.requests)
    r = import_resolved(rl)
    assert r.json()["added"] == [] and len(r.json()["existing"]) == 24
    # The two rows nothing was found for stay unresolved and are tried again, from the
    # answers kept: no request, no change.
    assert [p["resolution"] for p in r.json()["papers"]] == ["unresolved"] * 2
    assert len(arxiv_server.requests) == requests
    assert dump(db_file) == before


def test_the_rows_still_unresolved_are_resolved_and_settled_ones_left_alone(
    rl, arxiv_server, isolated
):
    """Importing again with --resolve goes on where an earlier run stopped."""
    readme = isolated / "README.md"
    readme.write_text("|Survey|\n|:-:|\n|Memory Networks|\n", encoding="utf-8")
    assert rl("import-readme", str(readme)).exit_code == 0
    readme.write_text(
        "|Survey|\n|:-:|\n|Memory Networks|\n|(transformer)Attention Is All You Need|\n",
        encoding="utf-8",
    )
    r = rl("import-readme", str(readme), "--resolve", "--json")
    assert r.exit_code == 0, r.stderr
    assert [(p["id"], p["arxiv_id"]) for p in r.json()["papers"]] == [
        (1, "1410.3916"), (2, "1706.03762")
    ]  # fmt: skip
    asked = len(arxiv_server.requests)
    r = rl("import-readme", str(readme), "--resolve", "--json")
    assert r.json()["papers"] == [] and len(arxiv_server.requests) == asked


def test_without_resolve_nothing_is_looked_up(rl, arxiv_server):
    r = rl("import-readme", str(PROFILE), "--json")
    assert r.exit_code == 0
    assert "papers" not in r.json()
    assert arxiv_server.requests == []


def test_in_a_terminal_the_user_picks_among_the_candidates(rl, arxiv_server, db_file):
    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "COLUMNS": "200"}
    # Asked in the order of the table: #1 (nothing found: n, not there), #14 (unsure: the
    # first candidate), #22 (nothing found: Enter, decide later).
    code, err = run_in_terminal(["import-readme", str(PROFILE), "--resolve"], "n\n1\n\n", env)
    assert code == 0, err
    assert "Nothing was found for 'Open-domain Dialogue Generation:What We Can Do" in err
    assert f"Which paper is '{UNSURE}'?" in err
    assert "Resolved 18, unresolved 1, not found 5, failed 0 (of 24 imported)." in err
    paper = rl("show", "14", "--json").json()
    assert (paper["label"], paper["arxiv_id"]) == (UNSURE, "9901.00091")


def test_papers_whose_links_name_an_arxiv_id_are_looked_up_by_it(rl, arxiv_server, isolated):
    readme = isolated / "README.md"
    readme.write_text(
        "## To read\n\n"
        "- [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf)\n"
        "- [Memory Networks](http://arxiv.org/abs/1410.3916) - ICLR 2015\n"
        "- [BLEU: a Method for Automatic Evaluation of Machine Translation]"
        "(https://aclanthology.org/P02-1040.pdf) - ACL 2002\n",
        encoding="utf-8",
    )
    r = rl("import-readme", str(readme), "--resolve", "--no-input", "--json")
    assert r.exit_code == 0, r.stderr
    ids = {i for s in arxiv_server.requests for i in s.params.get("id_list", "").split(",") if i}
    queries = [s.params.get("search_query", "") for s in arxiv_server.requests]
    # By id when the list gives one (never by its title); never by a link.
    assert ids == {"1706.03762", "1410.3916"}
    assert not [q for q in queries if "attention" in q or "ti:memory" in q]
    assert not [q for q in queries if "http" in q or "aclanthology" in q or "pdf" in q]
    papers = {p["title"]: p for p in r.json()["papers"]}
    assert papers["Attention Is All You Need"]["resolution"] == "resolved"
    assert papers["Memory Networks"]["arxiv_id"] == "1410.3916"
    bleu = papers["BLEU: a Method for Automatic Evaluation of Machine Translation"]
    assert (bleu["status"], bleu["url"]) == ("to-read", "https://aclanthology.org/P02-1040.pdf")
