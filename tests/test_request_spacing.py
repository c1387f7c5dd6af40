"""Requests to arXiv stay RL_ARXIV_DELAY apart across processes, not only within one: a shell
loop of `rl add` starts a new process per title. Waits are recorded, never waited for."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from arxiv_server import ArxivServer

from readinglist.sources.arxiv import ArxivClient, ArxivSettings

# `rl ARGS...` in a new process whose time.sleep reports the seconds asked for and returns.
RL_RECORDING_SLEEPS = (
    "import sys, time\n"
    "time.sleep = lambda s: print(f'sleep {s}', file=sys.stderr)\n"
    "from readinglist.cli import main\n"
    "sys.argv = ['rl', *sys.argv[1:]]\n"
    "main()\n"
)


def rl_process(*args: str) -> list[float]:
    """Run rl in its own process; the waits it asked for."""
    done = subprocess.run(
        [sys.executable, "-c", RL_RECORDING_SLEEPS, *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return [float(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("sleep")]


@pytest.fixture
def delay(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setenv("RL_ARXIV_DELAY", "3")
    return 3.0


@pytest.fixture
def long_delay(monkeypatch: pytest.MonkeyPatch) -> float:
    """For requests made by separate processes, whose clocks run for real: long enough that
    a second process, however slowly it starts on a loaded machine, still has to wait."""
    monkeypatch.setenv("RL_ARXIV_DELAY", "120")
    return 120.0


def test_a_shell_loop_of_rl_add_keeps_the_delay(arxiv_server, long_delay):
    delay = long_delay
    first = rl_process("add", "Memory Networks", "--cat", "other", "--no-input")
    second = rl_process("add", "Attention Is All You Need", "--cat", "other", "--no-input")
    assert len(arxiv_server.requests) == 2
    assert first == []  # nothing was asked of this server before
    # The second process waits out what is left of the delay after its own start-up.
    assert len(second) == 1 and 0 < second[0] <= delay


def test_a_process_waits_for_a_request_another_process_made(arxiv_server, long_delay, sleeps):
    delay = long_delay
    assert rl_process("add", "Memory Networks", "--cat", "other", "--no-input") == []
    ArxivClient(ArxivSettings.from_env()).search("ti:attention AND ti:all AND ti:you AND ti:need")
    assert len(arxiv_server.requests) == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= delay


def test_two_clients_share_the_spacing(arxiv_server, delay, sleeps, isolated):
    one, two = ArxivClient(ArxivSettings.from_env()), ArxivClient(ArxivSettings.from_env())
    one.fetch_ids(["1605.08386"])
    two.search("ti:memory AND ti:networks")
    one.fetch_ids(["1707.08567"])
    assert len(arxiv_server.requests) == 3
    assert sleeps == [delay, delay]  # the clock stands still but for the waits (conftest)
    port = arxiv_server.url.split(":")[2].split("/")[0]
    stamp = isolated / "cache" / "rl" / f"127.0.0.1_{port}.last-request"
    assert abs(float(stamp.read_text()) - time.time()) < 1


def test_another_server_has_its_own_turn(arxiv_server, delay, sleeps, monkeypatch):
    ArxivClient(ArxivSettings.from_env()).fetch_ids(["1605.08386"])
    mirror = ArxivServer().start()
    monkeypatch.setenv("RL_ARXIV_URL", mirror.url)
    try:
        ArxivClient(ArxivSettings.from_env()).fetch_ids(["1605.08386"])
    finally:
        mirror.stop()
    assert len(arxiv_server.requests) == len(mirror.requests) == 1
    assert sleeps == []


def test_a_clock_set_back_never_makes_a_request_wait_longer_than_the_delay(
    arxiv_server, delay, sleeps
):
    settings = ArxivSettings.from_env()
    assert settings.last_request_file is not None
    settings.last_request_file.parent.mkdir(parents=True)
    settings.last_request_file.write_text(f"{time.time() + 3600}\n")
    ArxivClient(settings).fetch_ids(["1605.08386"])
    assert sleeps == [delay]


@pytest.mark.parametrize("content", ["", "garbage", "nan\n", "\xff"])
def test_an_empty_or_damaged_file_counts_as_no_request(arxiv_server, delay, sleeps, content):
    settings = ArxivSettings.from_env()
    assert settings.last_request_file is not None
    settings.last_request_file.parent.mkdir(parents=True)
    settings.last_request_file.write_text(content, encoding="latin-1")
    ArxivClient(settings).fetch_ids(["1605.08386"])
    assert sleeps == []
    assert float(settings.last_request_file.read_text()) > 0  # written afresh


def test_without_a_usable_cache_directory_requests_are_spaced_within_the_process(
    arxiv_server, delay, sleeps, isolated, monkeypatch
):
    (isolated / "not-a-directory").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolated / "not-a-directory"))
    api = ArxivClient(ArxivSettings.from_env())
    api.fetch_ids(["1605.08386"])
    api.search("ti:memory AND ti:networks")
    assert len(arxiv_server.requests) == 2
    assert sleeps == [delay]


def test_the_file_lives_in_the_users_cache_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("RL_ARXIV_URL", "https://export.arxiv.org/api/query")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "rl" / "export.arxiv.org.last-request"
    assert ArxivSettings.from_env().last_request_file == expected
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".cache" / "rl" / "export.arxiv.org.last-request"
    assert ArxivSettings.from_env().last_request_file == expected
