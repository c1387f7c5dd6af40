"""Every test runs in its own temporary directory with RL_DB pointing there, so no test can
touch data/papers.sqlite or the user's files."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readinglist.cli import app
from readinglist.db import open_db


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RL_DB", str(tmp_path / "kb.sqlite"))
    monkeypatch.delenv("RL_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # keep rich from wrapping titles in table output
    return tmp_path


@pytest.fixture
def db_file(isolated: Path) -> Path:
    return isolated / "kb.sqlite"


@pytest.fixture
def conn(db_file: Path) -> sqlite3.Connection:
    return open_db(db_file)


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
