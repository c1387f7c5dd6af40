"""Ctrl-C in a real rl process: what the user typed is never lost, and nothing is left
half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from arxiv_server import ArxivServer

RL = [sys.executable, "-m", "readinglist"]


def _environment(tmp_path: Path, url: str) -> dict[str, str]:
    return {**os.environ, "RL_DB": str(tmp_path / "kb.sqlite"), "RL_ARXIV_DELAY": "0",
            "RL_SOURCES": "arxiv", "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "RL_ARXIV_URL": url}  # fmt: skip


def _interrupt_when_asked(server: ArxivServer, args: list[str], env: dict[str, str]):
    """Run rl, press Ctrl-C once it waits for arXiv's answer, and return how it ended."""
    proc = subprocess.Popen([*RL, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    waiting = threading.Event()
    for _ in range(600):  # real time: time.sleep is patched in tests
        if server.requests:
            break
        waiting.wait(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def test_ctrl_c_during_a_lookup_stores_the_paper_unresolved(tmp_path):
    server = ArxivServer().start()
    try:
        server.queue(hang=True)
        env = _environment(tmp_path, server.url)
        code, _, err = _interrupt_when_asked(server, ["add", "Attention Is All You Need",
                                                      "--cat", "other"], env)  # fmt: skip
        assert code == 130, err
        assert (
            "Error: interrupted while looking it up: stored #1 Attention Is All You Need, "
            "unresolved. Finish with: rl resolve 1"
        ) in err
        assert "Traceback" not in err
        listed = subprocess.run([*RL, "list", "--json"], env=env, capture_output=True, text=True)
        [paper] = json.loads(listed.stdout)
        assert (paper["title"], paper["resolution"]) == ("Attention Is All You Need", "unresolved")
        done = subprocess.run([*RL, "resolve", "1", "--json"], env=env, capture_output=True,
                              text=True)  # fmt: skip
        assert json.loads(done.stdout)["arxiv_id"] == "1706.03762"
    finally:
        server.stop()


def test_ctrl_c_in_resolve_all_keeps_what_is_done_and_running_again_goes_on(tmp_path):
    server = ArxivServer().start()
    env = _environment(tmp_path, "http://down.invalid/api/query")
    try:
        for text in ("Memory Networks", "Attention Is All You Need"):
            subprocess.run([*RL, "add", text, "--cat", "other"], env=env, check=True,
                           capture_output=True)  # fmt: skip
        env["RL_ARXIV_URL"] = server.url
        server.queue(hang=True)  # the combined search never answers
        code, _, err = _interrupt_when_asked(server, ["resolve", "--all"], env)
        assert code == 130, err
        assert "Interrupted: 0 of 2 papers are settled and kept" in err
        assert "Traceback" not in err
        done = subprocess.run([*RL, "resolve", "--all", "--json"], env=env, capture_output=True,
                              text=True)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert [p["arxiv_id"] for p in json.loads(done.stdout)] == ["1410.3916", "1706.03762"]
    finally:
        server.stop()


def test_ctrl_c_in_import_resolve_and_running_the_import_again_goes_on(tmp_path):
    server = ArxivServer().start()
    env = _environment(tmp_path, server.url)
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@inproceedings{a, title={Memory Networks}, year={2015}}\n"
        "@inproceedings{b, title={Attention Is All You Need}, year={2017}}\n",
        encoding="utf-8",
    )
    args = ["import", str(bib), "--cat", "other", "--resolve", "--no-input"]
    try:
        server.queue(hang=True)  # the combined search never answers
        code, _, err = _interrupt_when_asked(server, args, env)
        assert code == 130, err
        assert "Interrupted: 0 of 2 papers are settled and kept" in err
        listed = subprocess.run([*RL, "list", "--json"], env=env, capture_output=True, text=True)
        assert [p["resolution"] for p in json.loads(listed.stdout)] == ["unresolved"] * 2
        done = subprocess.run([*RL, *args, "--json"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["added"] == [] and len(report["duplicates"]) == 2
        assert [p["arxiv_id"] for p in report["papers"]] == ["1410.3916", "1706.03762"]
    finally:
        server.stop()
