"""`rl add --load FILE.json`: recorded records instead of the network, through the same
matching and storing as a lookup (arXiv is a dead port here, so nothing is asked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb_state import state

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

BLEU = {
    "title": "BLEU: a Method for Automatic Evaluation of Machine Translation",
    "authors": ["Kishore Papineni", "Salim Roukos", "Todd Ward", "Wei-Jing Zhu"],
    "year": 2002,
    "doi": "10.3115/1073083.1073135",
    "venue": "Proceedings of the 40th Annual Meeting of the ACL",
    "source": "crossref",
}
NEIGHBOUR = {"title": "A Method for Automatic Evaluation of Summaries", "year": 2004}


def records(folder: Path, *items: object) -> str:
    path = folder / "records.json"
    path.write_text(json.dumps(list(items)), encoding="utf-8")
    return str(path)


def test_a_recorded_record_is_matched_and_stored_with_its_source(rl, isolated):
    load = records(isolated, NEIGHBOUR, BLEU)
    r = rl("add", "(2002)BLEU a Method for Automatic Evaluation of Machine Translation",
           "--cat", "other", "--load", load, "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paper = r.json()
    assert paper["title"] == BLEU["title"]
    assert paper["resolution"] == "resolved" and paper["metadata_source"] == "crossref"
    assert paper["doi"] == BLEU["doi"] and paper["authors"] == BLEU["authors"]
    # The typed title was a query: the label is the paper's title, after the typed "(2002)".
    assert paper["label"] == "(2002)BLEU: a Method for Automatic Evaluation of Machine Translation"


def test_a_close_record_is_asked_about_and_none_is_not_found(rl, isolated):
    load = records(isolated, NEIGHBOUR)
    r = rl("add", "A Method for Automatic Evaluation of Summaries and Abstracts", "--cat",
           "other", "--load", load, "--json")  # fmt: skip
    assert r.json()["resolution"] == "unresolved"
    assert [c["title"] for c in r.json()["candidates"]] == [NEIGHBOUR["title"]]
    r = rl("add", "Proximal Policy Optimization Algorithms", "--cat", "rl", "--load", load,
           "--json")  # fmt: skip
    assert r.json()["resolution"] == "not-found"


def test_an_id_is_looked_up_in_the_records(rl, isolated):
    load = records(isolated, {**NEIGHBOUR, "arxiv_id": "1706.03762", "source": "arxiv"})
    r = rl("add", "arXiv:1706.03762v5", "--cat", "other", "--load", load, "--json")
    assert r.json()["arxiv_id"] == "1706.03762" and r.json()["title"] == NEIGHBOUR["title"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json", "cannot read records from"),
        ('{"title": "x"}', "must hold a JSON list of records"),
        ('[{"authors": ["A"]}]', 'record 1 is not an object with a "title"'),
    ],
)
def test_a_bad_file_is_an_error_and_stores_nothing(rl, isolated, db_file, content, says):
    (isolated / "bad.json").write_text(content, encoding="utf-8")
    rl("add", "A Paper", "--cat", "other", "--offline")
    before = state(db_file, isolated)
    r = rl("add", "Another Paper", "--cat", "other", "--load", str(isolated / "bad.json"))
    assert r.exit_code == 1 and says in r.stderr
    assert state(db_file, isolated) == before


def test_load_and_offline_together_are_refused(rl, isolated):
    r = rl("add", "A Paper", "--cat", "other", "--offline", "--load",
           records(isolated, BLEU))  # fmt: skip
    assert r.exit_code == 1 and "not both" in r.stderr
