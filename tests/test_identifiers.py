"""Identifiers as people paste them: which scheme a text names, and the value kept.

arXiv ids are checked against tests/fixtures/arxiv_ids.json: the cases other projects test
(arXiv's own identifier code and browse site, its reference extractor, arxiv.py, pubs, papis,
manubot, idutils, JabRef, Zotero's arXiv translator, mwcites, arxiv-dl, arxiv-vanity, zoia),
each group naming the project and file it came from, and rl's own. Where rl differs from a
peer on purpose the case says what the peer expects and the group's note says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.identifiers import (
    ArxivId,
    PaperId,
    arxiv_id_from_filename,
    find_arxiv_ids,
    find_dois,
    parse_acl_id,
    parse_arxiv_id,
    parse_doi,
    read_identifier,
)

CASES = json.loads((Path(__file__).parent / "fixtures" / "arxiv_ids.json").read_text("utf-8"))


def _cases(function: str) -> list[object]:
    return [
        pytest.param(case[0], case[1], id=f"{group['source'].split()[0]}: {case[0]!r}")
        for group in CASES["groups"]
        if group["function"] == function
        for case in group["cases"]
    ]


@pytest.mark.parametrize(("text", "expected"), _cases("parse"))
def test_parse_arxiv_id(text, expected):
    found = parse_arxiv_id(text)
    assert (None if found is None else str(found)) == expected


@pytest.mark.parametrize(("text", "expected"), _cases("find"))
def test_find_arxiv_ids(text, expected):
    assert [str(a) for a in find_arxiv_ids(text)] == expected


@pytest.mark.parametrize(("text", "expected"), _cases("filename"))
def test_arxiv_id_from_filename(text, expected):
    found = arxiv_id_from_filename(text)
    assert (None if found is None else str(found)) == expected


def test_the_fixture_says_where_every_case_came_from():
    for group in CASES["groups"]:
        assert group["source"] and group["kind"] and group["cases"], group
        differs = [c for c in group["cases"] if len(c) == 3]
        assert not differs or group.get("note"), f"say why rl differs: {group['source']}"
        peer = group["source"].split()[0]
        assert peer == "rl" or peer in CASES["commits"], peer


def test_id_and_version_are_kept_apart():
    assert parse_arxiv_id("https://arxiv.org/pdf/1706.03762v5.pdf") == ArxivId("1706.03762", 5)
    assert parse_arxiv_id("arXiv:math.GT/0309136v2") == ArxivId("math/0309136", 2)
    assert find_arxiv_ids("arXiv:quant-ph 1503.01017v3") == [ArxivId("1503.01017", 3)]


def test_an_old_style_id_is_looked_up_and_found_under_arxivs_spelling(rl, arxiv_server):
    """With a subject class or without, one paper: the API is asked for astro-ph/0601001
    (its own spelling, the one recorded), and the stored paper is found by either."""
    added = rl("add", "arXiv:astro-ph.CO/0601001", "--cat", "other", "--no-input", "--json")
    assert added.exit_code == 0, added.stderr
    assert arxiv_server.unmatched == []
    shown = rl("show", "https://arxiv.org/abs/astro-ph.GA/0601001v1", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json()["arxiv_id"] == "astro-ph/0601001"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762", PaperId("arxiv", "1706.03762")),
        ("arXiv:1706.03762v5", PaperId("arxiv", "1706.03762v5")),
        ("10.48550/arXiv.1706.03762", PaperId("arxiv", "1706.03762")),
        ("https://doi.org/10.48550/arXiv.2205.15044", PaperId("arxiv", "2205.15044")),
        ("10.48550/arXiv.math/0211159", PaperId("arxiv", "math/0211159")),
        ("math.GT/0309136", PaperId("arxiv", "math/0309136")),
        ("10.18653/v1/D19-1511", PaperId("doi", "10.18653/v1/D19-1511")),
        ("doi:10.3115/1073083.1073135", PaperId("doi", "10.3115/1073083.1073135")),
        ("https://doi.org/10.3115/1073083.1073135", PaperId("doi", "10.3115/1073083.1073135")),
        ("http://dx.doi.org/10.1145/3292500.3330701", PaperId("doi", "10.1145/3292500.3330701")),
        ("P02-1040", PaperId("acl", "P02-1040")),
        ("2022.coling-1.23", PaperId("acl", "2022.coling-1.23")),
        ("https://aclanthology.org/P02-1040/", PaperId("acl", "P02-1040")),
        (
            "https://aclanthology.org/2022.nlp4convai-1.13.pdf",
            PaperId("acl", "2022.nlp4convai-1.13"),
        ),
        ("https://www.aclweb.org/anthology/D18-1506", PaperId("acl", "D18-1506")),
        ("Attention Is All You Need", None),
        ("BLEU", None),
        ("10.1", None),
    ],
)
def test_read_identifier(text, expected):
    assert read_identifier(text) == expected


def test_a_doi_keeps_brackets_it_opened_and_drops_sentence_punctuation():
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI3>3.0.CO;2-O"
    assert parse_doi(f"doi:{sici}") == sici
    assert parse_doi("10.18653/v1/D19-1511.") == "10.18653/v1/D19-1511"
    assert find_dois("(see doi:10.18653/v1/D19-1511). Also 10.1145/3292500.3330701, too") == [
        "10.18653/v1/D19-1511",
        "10.1145/3292500.3330701",
    ]


def test_acl_ids_are_not_taken_from_other_text():
    assert parse_acl_id("P02-1040x") is None
    assert parse_acl_id("see P02-1040") is None
    assert parse_acl_id("https://aclanthology.org/2020.acl-main.1/") == "2020.acl-main.1"
