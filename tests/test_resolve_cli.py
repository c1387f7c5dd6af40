"""`rl add` resolving on arXiv and `rl resolve`, as a user types them, against the local
arXiv server (or the dead port the autouse fixture points at)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")


def add(rl, text, *extra, cat="other"):
    r = rl("add", text, "--cat", cat, "--json", *extra)
    assert r.exit_code == 0, r.stderr
    return r


def test_add_a_title_stores_arxivs_metadata_and_keeps_what_was_typed(rl, arxiv_server):
    r = add(rl, "(transformer)Attention Is All You Need", "--note", "Read twice")
    paper = r.json()
    assert paper["arxiv_id"] == "1706.03762"
    assert paper["version"] == 7
    assert paper["title"] == "Attention Is All You Need"
    assert paper["label"] == "(transformer)Attention Is All You Need"
    assert paper["authors"][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert paper["year"] == 2017
    assert paper["published"] == "2017-06-12T17:57:34+00:00"
    assert paper["updated"] == "2023-08-02T00:41:18+00:00"
    assert paper["abstract"].startswith("The Transformer")
    assert paper["abstract_source"] == "arxiv"
    assert paper["arxiv_categories"] == ["cs.CL", "cs.LG"]
    assert paper["comment"] == "15 pages, 5 figures"
    assert paper["url"] == "https://arxiv.org/abs/1706.03762"
    assert paper["pdf_url"] == "https://arxiv.org/pdf/1706.03762v7"
    assert paper["resolution"] == "resolved"
    assert paper["candidates"] is None
    assert [n["text"] for n in paper["notes"]] == ["Read twice"]
    assert "Added #1 (transformer)Attention Is All You Need to other: arXiv 1706.03762v7" in (
        r.stderr
    )
    assert len(arxiv_server.requests) == 1


def test_doi_and_journal_ref_become_doi_and_venue(rl, arxiv_server):
    paper = add(rl, "(Zhang 2020a)Modeling Topical Relevance for Multi-Turn Dialogue Generation",
                cat="dialogue").json()  # fmt: skip
    assert paper["doi"] == "10.24963/ijcai.2020/517"
    assert paper["comment"] == "IJCAI 2020"
    paper = add(rl, "arXiv:1312.2021").json()
    assert paper["venue"] == "Phys. Rev. D 89, 084044 (2014)"


def test_options_the_user_gives_win_over_arxiv(rl, arxiv_server):
    paper = add(rl, "Attention Is All You Need", "--label", "Transformer", "--year", "2018",
                "--venue", "NeurIPS 2017", "--status", "reading").json()  # fmt: skip
    assert (paper["label"], paper["year"], paper["venue"]) == ("Transformer", 2018, "NeurIPS 2017")
    assert paper["status"] == "reading"
    assert paper["arxiv_id"] == "1706.03762"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1605.08386", ("1605.08386", 1)),
        ("1706.03762v5", ("1706.03762", 5)),
        ("arXiv:1605.08386", ("1605.08386", 1)),
        ("https://arxiv.org/abs/1605.08386", ("1605.08386", 1)),
        ("https://arxiv.org/pdf/1707.08567.pdf", ("1707.08567", 1)),
        ("hep-th/9901001", None),
        ("astro-ph/0601001", ("astro-ph/0601001", 1)),
    ],
)
def test_add_by_any_form_of_arxiv_id(rl, arxiv_server, text, expected):
    r = rl("add", text, "--cat", "other", "--json")
    if expected is None:  # a well-formed id arXiv does not know: nothing is stored
        assert r.exit_code == 1
        assert "Error: arXiv has no paper hep-th/9901001. Check the id; nothing was stored." in (
            r.stderr
        )
        assert rl("list", "--json").json() == []
        return
    paper = r.json()
    assert (paper["arxiv_id"], paper["version"]) == expected
    assert paper["label"] == paper["title"]  # an id is no label
    assert paper["resolution"] == "resolved"


def test_unsure_without_a_terminal_stores_candidates_and_says_how_to_settle(rl, arxiv_server):
    r = add(rl, "A Persona-Based Neural Conversational Model", cat="dialogue")
    paper = r.json()
    assert paper["arxiv_id"] is None
    assert paper["resolution"] == "unresolved"
    assert paper["title"] == "A Persona-Based Neural Conversational Model"
    assert paper["candidates"] == [
        {"source": "arxiv", "id": "1603.06155", "arxiv_id": "1603.06155",
         "title": "A Persona-Based Neural Conversation Model", "score": 0.94},
        {"source": "arxiv", "id": "9901.00021", "arxiv_id": "9901.00021",
         "title": "Towards a Neural Conversational Model for Customer Service", "score": 0.65},
    ]  # fmt: skip
    assert "1. 1603.06155  A Persona-Based Neural Conversation Model  (score 0.94)" in r.stderr
    assert "Settle it with: rl resolve 1 --pick N   (or: rl resolve 1 --arxiv ID)" in r.stderr
    shown = rl("show", "1").stdout
    assert "Candidates (settle with: rl resolve REF --pick N)" in shown


def test_pick_settles_from_the_cache_without_a_request(rl, arxiv_server):
    add(rl, "A Persona-Based Neural Conversational Model", "--no-input", cat="dialogue")
    r = rl("resolve", "1", "--pick", "1", "--json")
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert (paper["arxiv_id"], paper["resolution"]) == ("1603.06155", "resolved")
    assert paper["title"] == "A Persona-Based Neural Conversation Model"
    assert paper["label"] == "A Persona-Based Neural Conversational Model"
    assert paper["candidates"] is None
    assert len(arxiv_server.requests) == 1


def test_resolve_with_a_given_arxiv_id(rl, arxiv_server):
    add(rl, "(2002)BLEU a Method for Automatic Evaluation of Machine Translation")
    r = rl("resolve", "BLEU", "--arxiv", "1605.08386")
    assert r.exit_code == 0, r.stderr
    assert "#1 (2002)BLEU a Method for Automatic Evaluation of Machine Translation: arXiv " in (
        r.stderr
    )
    assert rl("show", "1", "--json").json()["arxiv_id"] == "1605.08386"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--pick", "3"], "--pick must be between 1 and 2: #1 has 2 candidate(s)"),
        (["--pick", "1", "--arxiv", "1605.08386"], "give either --pick N or --arxiv ID, not both."),
        (["--arxiv", "nonsense"], "'nonsense' is not an arXiv id"),
        (
            ["--arxiv", "0808.05394"],
            "arXiv has no paper 0808.05394. Check the id; #1 is unchanged.",
        ),
    ],
)
def test_resolve_refuses_what_it_cannot_use(rl, arxiv_server, args, error):
    add(rl, "A Persona-Based Neural Conversational Model", cat="dialogue")
    r = rl("resolve", "1", *args)
    assert r.exit_code == 1
    assert f"Error: {error}" in r.stderr
    assert rl("show", "1", "--json").json()["resolution"] == "unresolved"


def test_pick_without_candidates_says_what_to_do(rl, arxiv_server):
    add(rl, "Attention Is All You Need", "--offline")
    r = rl("resolve", "1", "--pick", "1")
    assert r.exit_code == 1
    assert "Error: #1 has no candidates to pick from. Look them up with: rl resolve 1" in r.stderr


def test_not_on_arxiv_is_stored_as_given(rl, arxiv_server):
    r = add(rl, "(GPT2)language models are unsupervised multitask learners", cat="llm")
    paper = r.json()
    assert paper["resolution"] == "not-found"
    assert paper["arxiv_id"] is None
    assert paper["candidates"] is None
    assert paper["title"] == "language models are unsupervised multitask learners"
    assert paper["label"] == "(GPT2)language models are unsupervised multitask learners"
    assert "as given: not found" in r.stderr


def test_arxiv_down_stores_the_paper_unresolved_and_loses_nothing(rl, sleeps):
    r = add(rl, "(2015)A Neural Conversational Model", "--note", "seq2seq", cat="dialogue")
    paper = r.json()
    assert paper["resolution"] == "unresolved"
    assert paper["label"] == "(2015)A Neural Conversational Model"
    assert paper["title"] == "A Neural Conversational Model"
    assert paper["year"] == 2015
    assert [n["text"] for n in paper["notes"]] == ["seq2seq"]
    assert "Added #1 (2015)A Neural Conversational Model to dialogue, unresolved: cannot " in (
        r.stderr
    )
    assert "Nothing is lost; retry with: rl resolve 1" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_id_added_while_arxiv_is_down_is_fetched_later(rl, monkeypatch):
    paper = add(rl, "https://arxiv.org/abs/1706.03762v5").json()
    assert (paper["arxiv_id"], paper["resolution"]) == ("1706.03762", "unresolved")
    assert paper["label"] == "https://arxiv.org/abs/1706.03762v5"
    from arxiv_server import ArxivServer

    server = ArxivServer().start()
    monkeypatch.setenv("RL_ARXIV_URL", server.url)
    try:
        r = rl("resolve", "1", "--json")
    finally:
        server.stop()
    paper = r.json()
    assert paper["resolution"] == "resolved"
    assert paper["title"] == paper["label"] == "Attention Is All You Need"
    assert paper["version"] == 7


def test_resolve_while_arxiv_is_down_changes_nothing(rl):
    add(rl, "A Neural Conversational Model", "--offline")
    r = rl("resolve", "1")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: cannot connect to http://127.0.0.1:")
    assert rl("show", "1", "--json").json()["resolution"] == "manual"


def test_a_duplicate_is_refused_before_any_request(rl, arxiv_server):
    add(rl, "(transformer)Attention Is All You Need")
    for text in ("attention is all you need", "arXiv:1706.03762"):
        r = rl("add", text, "--cat", "llm")
        assert r.exit_code == 1
        assert "Error: already stored as #1 '(transformer)Attention Is All You Need'" in r.stderr
    assert len(arxiv_server.requests) == 1
    assert add(rl, "attention is all you need", "--force").json()["arxiv_id"] == "1706.03762"


def test_an_unknown_category_fails_before_any_request(rl, arxiv_server):
    r = rl("add", "Attention Is All You Need", "--cat", "vision")
    assert r.exit_code == 1 and "Error: unknown category 'vision'" in r.stderr
    assert arxiv_server.requests == []


def test_repeating_a_lookup_within_a_day_costs_no_request(rl, arxiv_server, db_file):
    add(rl, "Memory Networks")
    assert rl("rm", "1", "--yes").exit_code == 0
    add(rl, "Memory Networks")
    assert len(arxiv_server.requests) == 1
    db = sqlite3.connect(db_file)
    with db:
        db.execute("UPDATE source_cache SET fetched_at = '2000-01-01T00:00:00+00:00'")
    assert rl("rm", "2", "--yes").exit_code == 0
    add(rl, "Memory Networks")
    assert len(arxiv_server.requests) == 2  # a day later, arXiv is asked again


def test_resolving_to_a_paper_another_entry_has_is_refused(rl, arxiv_server):
    add(rl, "(2018b)Personalizing Dialogue Agents I have a dog, do you have pets too")
    add(rl, "(2018b) \\[Note\\] Personalizing Dialogue Agents I have a dog, do you have pets too",
        "--offline", "--force")  # fmt: skip
    r = rl("resolve", "2")
    assert r.exit_code == 1
    assert "is already stored as #1" in r.stderr and "Use --force" in r.stderr
    r = rl("resolve", "2", "--force", "--json")
    assert r.json()["arxiv_id"] == "1801.07243"


def unresolved(rl, *titles):
    """Papers stored unresolved, as when arXiv was down at `rl add` (the conftest default)."""
    for title in titles:
        assert add(rl, title).json()["resolution"] == "unresolved"


def test_resolve_all_goes_on_after_a_failure(rl, arxiv_server, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_URL", "http://127.0.0.1:9/api/query")
    unresolved(rl, "Memory Networks", "(2002)BLEU a Method for Automatic Evaluation of Machine "
               "Translation", "A Persona-Based Neural Conversational Model",
               "(PPO)Proximal Policy Optimization Algorithms")  # fmt: skip
    monkeypatch.setenv("RL_ARXIV_URL", arxiv_server.url)
    arxiv_server.queue(400, "bad query")  # the first paper's search fails
    r = rl("resolve", "--all", "--json")
    assert r.exit_code == 1
    papers = r.json()
    assert [p["resolution"] for p in papers] == [
        "unresolved", "not-found", "unresolved", "resolved"
    ]  # fmt: skip
    assert "arXiv refused the search" in papers[0]["error"]
    assert "Resolved 1, unsure 1, not found 1, failed 1 (of 4 unresolved)." in r.stderr
    assert "#1: arXiv refused the search" in r.stderr
    assert "Resolving on arXiv" in r.stderr  # the progress bar
    # The second run picks up what is still unresolved.
    r = rl("resolve", "--all", "--json")
    assert [p["id"] for p in r.json()] == [1, 3]
    assert r.json()[0]["arxiv_id"] == "1410.3916"


def test_resolve_all_spaces_its_requests(rl, arxiv_server, monkeypatch, sleeps):
    monkeypatch.setenv("RL_ARXIV_URL", "http://127.0.0.1:9/api/query")
    unresolved(rl, "Memory Networks", "Attention Is All You Need", "Quantum Basket Weaving")
    monkeypatch.setenv("RL_ARXIV_URL", arxiv_server.url)
    monkeypatch.setenv("RL_ARXIV_DELAY", "3")
    sleeps.clear()
    assert rl("resolve", "--all").exit_code == 0
    assert len(arxiv_server.requests) == 3
    assert len(sleeps) == 2 and all(2.5 < s <= 3 for s in sleeps)


def test_resolve_all_with_nothing_to_do(rl):
    r = rl("resolve", "--all", "--json")
    assert r.exit_code == 0 and r.json() == []
    assert "No unresolved papers." in r.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ([], "give a paper to resolve (REF), or --all for every unresolved one."),
        (["1", "--all"], "--all resolves every unresolved paper: give either REF or --all."),
        (["--all", "--pick", "1"], "--all resolves every unresolved paper"),
    ],
)
def test_resolve_needs_one_paper_or_all(rl, args, error):
    r = rl("resolve", *args)
    assert r.exit_code == 1 and f"Error: {error}" in r.stderr


def test_bad_arxiv_settings_are_an_error_not_a_traceback(rl, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_DELAY", "soon")
    r = rl("add", "Attention Is All You Need", "--cat", "other")
    assert r.exit_code == 1
    assert "Error: RL_ARXIV_DELAY must be a number of seconds (0 or more), not 'soon'." in (
        r.stderr
    )


def run_in_terminal(args: list[str], answer: str, env: dict[str, str]) -> tuple[int, str]:
    """Run rl with a pseudo-terminal as stdin, type `answer`, return (exit code, stderr)."""
    import pty

    controller, terminal = pty.openpty()
    try:
        done = subprocess.Popen(
            [sys.executable, "-m", "readinglist", *args], stdin=terminal,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env},
        )  # fmt: skip
        os.write(controller, answer.encode())
        _, err = done.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    return done.returncode, err.decode()


@pytest.mark.parametrize(("answer", "resolution"), [("1\n", "resolved"), ("\n", "not-found")])
def test_in_a_terminal_the_user_picks_or_declines(rl, arxiv_server, db_file: Path, answer,
                                                  resolution):  # fmt: skip
    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "COLUMNS": "200"}
    code, err = run_in_terminal(
        ["add", "A Persona-Based Neural Conversational Model", "--cat", "dialogue"], answer, env
    )
    assert code == 0, err
    assert "Which paper is 'A Persona-Based Neural Conversational Model'?" in err
    assert "A Persona-Based Neural Conversation Model" in err  # the candidates table
    assert "Number 1-2, or Enter for none of these:" in err
    paper = rl("show", "1", "--json").json()
    assert paper["resolution"] == resolution
    assert paper["arxiv_id"] == ("1603.06155" if resolution == "resolved" else None)
    # --no-input never asks, terminal or not.
    code, err = run_in_terminal(
        ["add", "A Persona-Based Neural Conversational Model", "--cat", "dialogue", "--force",
         "--no-input"], "1\n", env,
    )  # fmt: skip
    assert "Which paper" not in err
    assert rl("show", "2", "--json").json()["resolution"] == "unresolved"
