"""Resolving many papers at once: few requests, the same answers as one by one, and an
interruption that keeps what is done. Against the arXiv stand-in (tests/arxiv_standin.py),
which answers combined queries the way arXiv does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from arxiv_standin import ArxivStandIn

ROOT = Path(__file__).resolve().parent.parent
TITLES = json.loads((ROOT / "bench" / "batch_titles.json").read_text(encoding="utf-8"))


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivStandIn]:
    server = ArxivStandIn().start()
    monkeypatch.setenv("RL_ARXIV_URL", server.url)
    yield server
    server.stop()


def test_resolve_all_batches_and_decides_as_one_by_one(rl, standin, tmp_path):
    texts = [t["text"] for t in TITLES[::4]]  # 51 titles of every kind
    # One by one, as rl add decides each, in a knowledge base of its own.
    alone = []
    for text in texts:
        r = rl("--db", str(tmp_path / "alone.sqlite"), "add", text, "--cat", "other",
               "--no-input", "--force", "--json")  # fmt: skip
        alone.append((r.json()["resolution"], r.json()["arxiv_id"]))
    one_by_one = len(standin.requests)
    # The same titles stored unresolved (arXiv down), then resolved together.
    for text in texts:
        rl("add", text, "--cat", "other", "--force", env={"RL_ARXIV_URL": "http://down.invalid"})
    with_batches = len(standin.requests)
    # --force, as the adds had: a misspelt title and a short one may name the same paper.
    r = rl("resolve", "--all", "--json", "--no-input", "--force")
    batched = [(p["resolution"], p["arxiv_id"]) for p in r.json()]
    requests = len(standin.requests) - with_batches
    assert [b for b in batched] == [a for a in alone]
    assert requests <= len(texts) / 2 < one_by_one


def test_known_ids_go_out_a_hundred_a_request(rl, arxiv_server, monkeypatch):
    monkeypatch.setenv("RL_ARXIV_URL", "http://127.0.0.1:9/api/query")  # down while adding
    for arxiv_id in ("1706.03762", "1605.08386", "1410.3916"):
        rl("add", arxiv_id, "--cat", "other")
    monkeypatch.setenv("RL_ARXIV_URL", arxiv_server.url)
    r = rl("resolve", "--all", "--json")
    assert [p["resolution"] for p in r.json()] == ["resolved"] * 3
    [first, *rest] = arxiv_server.requests
    assert sorted(first.params["id_list"].split(",")) == ["1410.3916", "1605.08386", "1706.03762"]
    assert rest == []  # each paper then comes from that one answer
