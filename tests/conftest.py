"""Every test runs in its own temporary directory with RL_DB pointing there, so no test can
touch data/papers.sqlite or the user's files; arXiv is a dead local port unless a test asks
for the local arXiv server, and time.sleep only records what it was asked to wait."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from arxiv_server import ArxivServer
from profile_kb import give_profile_categories
from typer.testing import CliRunner

from readinglist.cli import app
from readinglist.library import Library, open_library


def _closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


DEAD_ARXIV_URL = f"http://127.0.0.1:{_closed_port()}/api/query"
# The clock itself, for the few tests about how long a thing really takes (`sleeps` stops it).
REAL_MONOTONIC = time.monotonic


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RL_DB", str(tmp_path / "kb.sqlite"))
    monkeypatch.delenv("RL_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # keep rich from wrapping titles in table output
    # No test may reach the real arXiv or any other source, nor wait between requests. Only
    # arXiv is asked unless a test names the sources (RL_SOURCES), as the tests of
    # Semantic Scholar, Crossref and dblp do.
    monkeypatch.setenv("RL_ARXIV_URL", DEAD_ARXIV_URL)
    monkeypatch.setenv("RL_ARXIV_DELAY", "0")
    monkeypatch.setenv("RL_ARXIV_TIMEOUT", "5")
    monkeypatch.setenv("RL_SOURCES", "arxiv")
    for source in ("S2", "CROSSREF", "DBLP"):
        monkeypatch.setenv(f"RL_{source}_URL", DEAD_ARXIV_URL.replace("/api/query", ""))
        monkeypatch.setenv(f"RL_{source}_DELAY", "0")
        monkeypatch.setenv(f"RL_{source}_TIMEOUT", "5")
    # Nor arXiv's OAI-PMH interface (rl mirror), nor a mirror named outside the test.
    monkeypatch.setenv("RL_OAI_URL", DEAD_ARXIV_URL.replace("/api/query", "/oai"))
    monkeypatch.setenv("RL_OAI_DELAY", "0")
    monkeypatch.setenv("RL_OAI_TIMEOUT", "5")
    monkeypatch.delenv("RL_MIRROR", raising=False)
    monkeypatch.delenv("RL_S2_API_KEY", raising=False)
    monkeypatch.delenv("RL_MAILTO", raising=False)
    # Nor share the time of the last request with other runs through ~/.cache/rl.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # Nor read the user's settings (~/.config/rl/config.toml).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """time.sleep records the seconds asked for instead of waiting (retries back off for
    seconds), and time.monotonic and time.time stand still but for those waits, as if each
    had happened and nothing else took any time. So waits are the same on an idle machine
    and a loaded one (a test's own work never eats into the spacing it checks). The list
    lets a test check the waits."""
    asked: list[float] = []
    real_sleep = time.sleep
    start_monotonic, start_time = time.monotonic(), time.time()

    def sleep(seconds: float) -> None:
        asked.append(seconds)
        real_sleep(0)  # still let other threads run

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(time, "monotonic", lambda: start_monotonic + sum(asked))
    monkeypatch.setattr(time, "time", lambda: start_time + sum(asked))
    return asked


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    """The local arXiv API (tests/arxiv_server.py), with RL_ARXIV_URL pointing at it."""
    server = ArxivServer().start()
    monkeypatch.setenv("RL_ARXIV_URL", server.url)
    yield server
    server.stop()


@pytest.fixture
def db_file(isolated: Path) -> Path:
    return isolated / "kb.sqlite"


@pytest.fixture
def profile_categories(db_file: Path) -> None:
    """The knowledge base with the user's categories (survey, dialogue, llm, rl, other), as
    the shipped one has them: a new knowledge base has only "other". For tests of commands
    that file papers under those categories (`pytestmark = pytest.mark.usefixtures(...)`)."""
    give_profile_categories(db_file)


@pytest.fixture
def kb(db_file: Path) -> Iterator[Library]:
    """The test's knowledge base, opened (and created) through the one opener."""
    library = open_library(db_file)
    yield library
    library.close()


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def json(self) -> object:
        import json

        return json.loads(self.stdout)


@pytest.fixture
def rl() -> Callable[..., Result]:
    """Run `rl ARGS...` in-process, as a user would type it; returns exit code, stdout, stderr."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run
