"""`rl add` resolving on arXiv and `rl resolve`, as a user types them, against the local
arXiv server (or the dead port the autouse fixture points at)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEAD_ARXIV_URL

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
    # The title typed was a query: settled, the paper is labelled by its own title.
    assert paper["label"] == "A Persona-Based Neural Conversation Model"
    assert paper["candidates"] is None
    assert len(arxiv_server.requests) == 1


def test_resolve_with_a_given_arxiv_id(rl, arxiv_server):
    add(rl, "(2002)BLEU a Method for Automatic Evaluation of Machine Translation")
    r = rl("resolve", "BLEU", "--arxiv", "1605.08386")
    assert r.exit_code == 0, r.stderr
    # The typed title was a query: the label is the paper's title now, after the typed "(2002)".
    assert "#1 (2002)Heat-bath random walks with Markov bases: arXiv 1605.08386" in r.stderr
    assert rl("show", "1", "--json").json()["arxiv_id"] == "1605.08386"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--pick", "3"], "--pick must be between 1 and 2: #1 has 2 candidate(s)"),
        (["--pick", "1", "--arxiv", "1605.08386"], "give either --pick N or --arxiv ID, not both."),
        (["--arxiv", "nonsense"], "'nonsense' is not an arXiv id"),
        (["--arxiv", "0808.05394"], "'0808.05394' is not an arXiv id"),  # 5 digits in 2008
        (
            ["--arxiv", "0808.5394"],
            "arXiv has no paper 0808.5394. Check the id; #1 is unchanged.",
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
    arxiv_server.queue(400, "bad query", times=2)  # the combined search, then the first paper's
    r = rl("resolve", "--all", "--json")
    assert r.exit_code == 1
    papers = r.json()
    assert [p["resolution"] for p in papers] == [
        "unresolved", "not-found", "unresolved", "resolved"
    ]  # fmt: skip
    assert "arXiv refused the search" in papers[0]["error"]
    assert "Resolved 1, unresolved 1, not found 1, failed 1 (of 4 unresolved)." in r.stderr
    assert "#1: arXiv refused the search" in r.stderr
    assert "Resolving" not in r.stderr  # stderr is no terminal: no bar drawn into a log
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
    # The three titles go out in one request; refused, each is then asked on its own.
    arxiv_server.queue(400, "bad query")
    assert rl("resolve", "--all").exit_code == 0
    # The refused request, then one each for the two found at once; Quantum Basket Weaving:
    # its words, then without each of them (it may be misspelt).
    assert len(arxiv_server.requests) == 1 + 2 + 4
    assert sleeps == [3.0] * 6  # the clock stands still but for the waits (conftest)


def test_resolve_all_with_nothing_to_do(kb, rl):
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
def test_resolve_needs_one_paper_or_all(kb, rl, args, error):
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


@pytest.mark.parametrize(
    ("answer", "resolution", "candidates"),
    [("1\n", "resolved", 0), ("n\n", "not-found", 0),
     # Enter, or the end of input (Ctrl-D), decides later: unresolved, with the candidates.
     ("\n", "unresolved", 2), ("\x04", "unresolved", 2)],
)  # fmt: skip
def test_in_a_terminal_the_user_picks_declines_or_decides_later(
    rl, arxiv_server, db_file: Path, answer, resolution, candidates
):
    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "COLUMNS": "200"}
    code, err = run_in_terminal(
        ["add", "A Persona-Based Neural Conversational Model", "--cat", "dialogue"], answer, env
    )
    assert code == 0, err
    assert "Which paper is 'A Persona-Based Neural Conversational Model'?" in err
    assert "A Persona-Based Neural Conversation Model" in err  # the candidates table
    assert "Number 1-2, n for none of these, or Enter to decide later:" in err
    paper = rl("show", "1", "--json").json()
    assert paper["resolution"] == resolution
    assert paper["arxiv_id"] == ("1603.06155" if resolution == "resolved" else None)
    assert len(paper["candidates"] or []) == candidates
    if resolution == "unresolved":
        assert "Kept unresolved: settle it later with rl resolve." in err
        assert rl("resolve", "1", "--pick", "1").exit_code == 0
    # --no-input never asks, terminal or not.
    code, err = run_in_terminal(
        ["add", "A Persona-Based Neural Conversational Model", "--cat", "dialogue", "--force",
         "--no-input"], "1\n", env,
    )  # fmt: skip
    assert "Which paper" not in err
    assert rl("show", "2", "--json").json()["resolution"] == "unresolved"


def test_a_typed_title_that_resolves_is_labelled_with_the_papers_title(rl, arxiv_server):
    """What was typed is a query, not what gets published: the label is the paper's title,
    after the user's own "(2017)"."""
    paper = add(rl, "(2017)attention is all you need").json()
    assert paper["resolution"] == "resolved"
    assert (paper["label"], paper["label_format"]) == ("(2017)Attention Is All You Need", "text")
    assert rl("list", "--json").json()[0]["label"] == "(2017)Attention Is All You Need"


def test_only_label_sets_a_label_as_written(rl, arxiv_server):
    paper = add(rl, "attention is all you need", "--label", "(2017) *Transformer*").json()
    assert paper["resolution"] == "resolved"
    assert (paper["label"], paper["label_format"]) == ("(2017) *Transformer*", "markdown")


def test_a_paper_added_by_its_id_is_labelled_by_its_title(rl, arxiv_server):
    paper = add(rl, "arXiv:1706.03762").json()
    assert (paper["label"], paper["label_format"]) == ("Attention Is All You Need", "text")


def test_a_misspelt_title_is_resolved_and_labelled_with_the_right_title(rl, arxiv_server):
    paper = add(rl, "Proximal Policy Optimizaton Algorithms", cat="rl").json()
    assert (paper["resolution"], paper["arxiv_id"]) == ("resolved", "1707.06347")
    assert paper["label"] == "Proximal Policy Optimization Algorithms"


def test_the_start_of_a_longer_title_is_kept_with_its_candidates(rl, arxiv_server):
    r = add(rl, "chain of thought prompting", "--no-input")
    paper = r.json()
    assert paper["resolution"] == "unresolved"
    assert paper["candidates"][0]["arxiv_id"] == "2201.11903"
    assert "your title is the start of a longer one" in r.stderr


def test_a_title_nothing_is_found_for_is_unresolved_not_absent(rl, arxiv_server):
    """No search found anything: that proves nothing (a typo does as much)."""
    r = add(rl, "Quantum Basket Weaving", "--no-input")
    paper = r.json()
    assert (paper["resolution"], paper["candidates"]) == ("unresolved", None)
    assert "unresolved: nothing was found for it" in r.stderr
    assert 'rl edit 1 --title "TITLE" && rl resolve 1' in r.stderr
    assert rl("resolve", "--all", "--json").json()[0]["id"] == 1  # retried, not skipped
    # What the message says to do settles it.
    assert rl("edit", "1", "--title", "Attention Is All You Need").exit_code == 0
    paper = rl("resolve", "1", "--json").json()
    assert (paper["resolution"], paper["arxiv_id"]) == ("resolved", "1706.03762")
    assert paper["label"] == "Attention Is All You Need"


@pytest.mark.parametrize(("answer", "resolution"), [("n\n", "not-found"), ("\n", "unresolved")])
def test_in_a_terminal_a_title_nothing_is_found_for_is_asked_about(
    rl, arxiv_server, db_file: Path, answer, resolution
):
    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "COLUMNS": "200"}
    code, err = run_in_terminal(["add", "Quantum Basket Weaving", "--cat", "other"], answer, env)
    assert code == 0, err
    assert "Nothing was found for 'Quantum Basket Weaving'. Is it misspelt?" in err
    assert rl("show", "1", "--json").json()["resolution"] == resolution


def run_with_terminal_stderr(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run rl with a pseudo-terminal as stderr (stdin is no terminal: nothing is asked);
    returns (exit code, everything written to the terminal)."""
    import pty

    controller, terminal = pty.openpty()
    done = subprocess.Popen(
        [sys.executable, "-m", "readinglist", *args], stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=terminal, env={**os.environ, **env},
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other end is closed: rl has exited
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return done.wait(timeout=60), shown.decode(errors="replace")


def test_a_spinner_on_a_terminal_says_what_rl_waits_for(rl, arxiv_server, db_file):
    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "RL_ARXIV_DELAY": "3",
           "COLUMNS": "200"}  # fmt: skip
    # A misspelt title takes two searches, three seconds apart.
    code, shown = run_with_terminal_stderr(
        ["add", "Proximal Policy Optimizaton Algorithms", "--cat", "rl"], env
    )
    assert code == 0, shown
    host = arxiv_server.url.split("/")[2]
    assert re.search(
        rf"Looking up Proximal Policy Optimizaton Algorithms: waiting [1-3] s between requests "
        rf"to {re.escape(host)}…", shown
    ), shown  # fmt: skip
    assert "Added #1 Proximal Policy Optimization Algorithms to rl" in shown
    # Without a terminal there is no spinner: stderr holds the report only.
    r = rl("add", "Proximal Policy Optimizaton Algorithms", "--cat", "llm", "--force")
    assert (
        r.stderr == "Added #2 Proximal Policy Optimization Algorithms to llm: arXiv "
        "1707.06347v2 'Proximal Policy Optimization Algorithms'.\n"
    )


def test_a_progress_bar_is_drawn_on_a_terminal_only(rl, arxiv_server, db_file):
    for title in ("Attention Is All You Need", "Proximal Policy Optimization Algorithms"):
        # arXiv down: stored unresolved
        rl("add", title, "--cat", "other", "--no-input", env={"RL_ARXIV_URL": DEAD_ARXIV_URL})
    env = {"RL_DB": str(db_file), "RL_ARXIV_URL": arxiv_server.url, "COLUMNS": "200"}
    code, shown = run_with_terminal_stderr(["resolve", "--all"], env)
    assert code == 0, shown
    assert "Resolving" in shown and "2/2" in shown
    assert "Resolved 2, unresolved 0" in shown


def test_the_sources_say_what_they_wait_for(arxiv_server, monkeypatch):
    from readinglist.sources import http
    from readinglist.sources.arxiv import ArxivClient

    heard: list[str] = []
    monkeypatch.setattr(http, "waiting", heard.append)
    monkeypatch.setenv("RL_ARXIV_DELAY", "3")
    arxiv_server.queue(503, "busy")
    ArxivClient().fetch_ids(["1706.03762"])
    # (The 6 s of the retry's pause are more than the 3 s between requests: no more waiting.)
    assert heard == ["arXiv is busy (HTTP 503): trying again in 6 s (2 of 3 tries)"]
    ArxivClient().fetch_ids(["1706.03762"])  # right after: its turn comes 3 s after the last
    assert heard[1:] == [f"waiting 3 s between requests to {arxiv_server.url.split('/')[2]}"]
