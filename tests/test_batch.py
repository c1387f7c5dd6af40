"""Resolving many papers at once: few requests, the same answers as one by one, and an
interruption that keeps what is done. Against the arXiv stand-in (tests/arxiv_standin.py),
which answers combined queries the way arXiv does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from arxiv_server import ArxivServer
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
    r = rl("resolve", "--all", "--json", "--no-input")
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


def test_ctrl_c_keeps_what_is_done_and_running_again_goes_on(tmp_path):
    """A real rl process, interrupted while it waits for arXiv: the papers resolved so far
    stay resolved, the others unresolved, and the same command finishes the job."""
    server = ArxivServer().start()
    db = tmp_path / "kb.sqlite"
    env = {**os.environ, "RL_DB": str(db), "RL_ARXIV_DELAY": "0", "RL_SOURCES": "arxiv",
           "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "RL_ARXIV_URL": "http://down.invalid/x"}  # fmt: skip
    rl = [sys.executable, "-m", "readinglist"]
    try:
        for text in ("Memory Networks", "Attention Is All You Need"):
            subprocess.run([*rl, "add", text, "--cat", "other"], env=env, check=True,
                           capture_output=True)  # fmt: skip
        env["RL_ARXIV_URL"] = server.url
        server.queue(hang=True)  # the combined search never answers
        proc = subprocess.Popen([*rl, "resolve", "--all"], env=env, stderr=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
        waiting = threading.Event()
        for _ in range(600):  # until rl is waiting for its first answer (time.sleep is patched)
            if server.requests:
                break
            waiting.wait(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert "Interrupted: 0 of 2 papers are settled and kept" in err
        assert "Traceback" not in err
        done = subprocess.run([*rl, "resolve", "--all", "--json"], env=env, capture_output=True,
                              text=True)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert [p["arxiv_id"] for p in json.loads(done.stdout)] == ["1410.3916", "1706.03762"]
    finally:
        server.stop()
