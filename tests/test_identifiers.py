"""Identifiers as people paste them: which scheme a text names, and the value kept."""

from __future__ import annotations

import pytest

from readinglist.identifiers import PaperId, find_dois, parse_acl_id, parse_doi, read_identifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762", PaperId("arxiv", "1706.03762")),
        ("arXiv:1706.03762v5", PaperId("arxiv", "1706.03762v5")),
        ("10.48550/arXiv.1706.03762", PaperId("arxiv", "1706.03762")),
        ("https://doi.org/10.48550/arXiv.2205.15044", PaperId("arxiv", "2205.15044")),
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
