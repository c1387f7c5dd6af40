"""Unfinished copies of PDFs (`pdfs/.incoming-*.pdf.part`) that a killed rl leaves behind: the
next rl that puts a PDF in the folder removes them, never one another rl is still writing, and
`rl doctor` reports those left with the command that removes them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from arxiv_server import ArxivServer
from pdfmaker import ABSTRACT, Paper, build, text_pages

RL = [sys.executable, "-m", "readinglist"]
# How long a test waits for a process to reach the moment it is stopped at (real time:
# time.sleep is patched in tests).
PATIENCE = 60


@pytest.fixture
def server(tmp_path):
    """The local arXiv server with two papers' PDFs: 1706.03762's a long one (42 pages of
    48,000 characters: reading it takes a second or more, while its copy waits in pdfs/) and
    1410.3916's a short one."""
    served = tmp_path / "served"
    served.mkdir()
    server = ArxivServer().start()
    slow = text_pages(served / "slow.pdf", 42, 400).read_bytes()
    quick = build(served / "quick.pdf", Paper(title=["Memory Networks"], abstract=ABSTRACT))
    for version in ("", "v7"):
        server.add_pdf(f"1706.03762{version}", slow)
    for version in ("", "v11"):
        server.add_pdf(f"1410.3916{version}", quick.read_bytes())
    yield server
    server.stop()


@pytest.fixture
def env(tmp_path, server):
    env = {**os.environ, "RL_DB": str(tmp_path / "kb.sqlite"), "RL_ARXIV_DELAY": "0",
           "RL_SOURCES": "arxiv", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "RL_ARXIV_URL": server.url}  # fmt: skip
    for arxiv_id in ("1706.03762", "1410.3916"):
        run(env, "add", arxiv_id, "--cat", "other")
    return env


def run(env, *args, check=True):
    done = subprocess.run([*RL, *args], env=env, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def copies(folder: Path) -> list[Path]:
    return sorted(folder.glob(".incoming-*.pdf.part"))


def stopped_while_copying(env, folder: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    """Start `rl ARGS` and stop it (SIGSTOP) once its copy of the PDF is written in `folder`:
    the process and its copy."""
    proc = subprocess.Popen([*RL, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    pause = threading.Event()
    deadline = time.perf_counter() + PATIENCE
    while time.perf_counter() < deadline and proc.poll() is None:
        written = [p for p in copies(folder) if p.stat().st_size > 0]
        if written:
            proc.send_signal(signal.SIGSTOP)
            [copy] = written
            if copy.exists():
                return proc, copy
            proc.send_signal(signal.SIGCONT)  # it finished the copy meanwhile: too late
            break
        pause.wait(0.005)
    proc.kill()
    proc.communicate()
    pytest.fail("the process was not caught while its copy of the PDF was in pdfs/")


def test_a_copy_left_by_a_killed_download_is_reported_then_removed_by_the_next(tmp_path, env):
    folder = tmp_path / "pdfs"
    proc, left = stopped_while_copying(env, folder, "pdf", "1", "--download")
    proc.kill()  # kill -9 while its copy is in pdfs/
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert copies(folder) == [left]
    size = left.stat().st_size

    doctor = run(env, "doctor", check=False)
    assert doctor.returncode == 1
    assert (f"FAIL  unfinished PDF copies: 1 left in {folder} by an rl that was stopped "
            f"({size / 1e6:.1f} MB)") in doctor.stdout  # fmt: skip
    assert f"      {left.name}: {size / 1e6:.1f} MB" in doctor.stdout
    assert f"      fix: rm -f -- {left}" in doctor.stdout

    done = run(env, "pdf", "2", "--download", "--json")  # a later download that succeeds
    assert json.loads(done.stdout)["pdf_path"] == "pdfs/1410.3916.pdf"
    assert copies(folder) == []
    doctor = run(env, "doctor")
    assert f"ok    unfinished PDF copies: none in {folder}" in doctor.stdout


def test_the_command_rl_doctor_gives_removes_the_leftovers(tmp_path, env):
    folder = tmp_path / "pdfs"
    proc, left = stopped_while_copying(env, folder, "pdf", "1", "--download")
    proc.kill()
    proc.communicate()
    [check] = [c for c in json.loads(run(env, "doctor", "--json", check=False).stdout)["checks"]
               if c["name"] == "unfinished PDF copies"]  # fmt: skip
    assert check["ok"] is False
    assert [p.split(": ")[0] for p in check["problems"]] == [left.name]
    subprocess.run(["sh", "-c", check["fix"]], check=True)
    assert copies(folder) == []
    assert run(env, "doctor").returncode == 0


def test_a_download_going_on_in_another_process_keeps_its_copy(tmp_path, env):
    folder = tmp_path / "pdfs"
    first, copy = stopped_while_copying(env, folder, "pdf", "1", "--download", "--json")
    try:
        run(env, "pdf", "2", "--download")  # meanwhile, another download runs to its end
        assert copies(folder) == [copy]
        doctor = run(env, "doctor")  # a copy being written is not a leftover
        assert "ok    unfinished PDF copies" in doctor.stdout
    finally:
        first.send_signal(signal.SIGCONT)
    out, err = first.communicate(timeout=PATIENCE)
    assert first.returncode == 0, err
    assert json.loads(out)["pdf_path"] == "pdfs/1706.03762.pdf"
    assert copies(folder) == []
    assert sorted(p.name for p in folder.iterdir()) == ["1410.3916.pdf", "1706.03762.pdf"]


# -- which copies are left over ---------------------------------------------------------------


def attach_another(rl, tmp_path):
    path = build(tmp_path / "paper.pdf", Paper(abstract=ABSTRACT))
    result = rl("pdf", "1", str(path))
    assert result.exit_code == 0, result.stderr


def aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"%PDF-1.7 half a file")
    then = time.time() - seconds  # the tests' clock (conftest)
    os.utime(path, (then, then))
    return path


def test_a_copy_without_a_writer_is_left_over_after_ten_minutes(rl, tmp_path):
    assert rl("add", "A Paper", "--cat", "other", "--offline").exit_code == 0
    folder = tmp_path / "pdfs"
    folder.mkdir()
    old = aged(folder / ".incoming-k2j4x0aa.pdf.part", 11 * 60)  # named as rl once named them
    young = aged(folder / ".incoming-p9q8r7ss.pdf.part", 60)
    attach_another(rl, tmp_path)
    assert copies(folder) == [young]
    assert not old.exists()


def test_a_copy_whose_writer_runs_is_left_alone_for_a_day(rl, tmp_path):
    assert rl("add", "A Paper", "--cat", "other", "--offline").exit_code == 0
    folder = tmp_path / "pdfs"
    folder.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        written = aged(folder / f".incoming-{writer.pid}-abcd1234.pdf.part", 3 * 60 * 60)
        stuck = aged(folder / f".incoming-{writer.pid}-efgh5678.pdf.part", 25 * 60 * 60)
        attach_another(rl, tmp_path)
        assert copies(folder) == [written]  # a process that writes a file for a day is stuck
        assert not stuck.exists()
    finally:
        writer.kill()
        writer.wait()
    attach_another(rl, tmp_path)  # its writer is gone now
    assert copies(folder) == []
