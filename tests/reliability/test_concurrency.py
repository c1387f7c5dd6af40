"""Many rl processes at once on one knowledge base: every write lands, none fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RL = [sys.executable, "-m", "readinglist"]
# Sixteen shell loops start together, each running `rl add` this many times.
ADDS = 5
LOOPS = 16


def _loop(db: Path, n: int) -> list[tuple[int, str]]:
    """A shell loop of `rl add`: a new process per paper."""
    env = {**os.environ, "RL_DB": str(db)}
    results = []
    for i in range(ADDS):
        done = subprocess.run([*RL, "add", f"paper {n}-{i}", "--cat", "other", "--offline"],
                              env=env, capture_output=True, text=True)  # fmt: skip
        results.append((done.returncode, done.stderr))
    return results


def test_sixteen_shell_loops_creating_a_new_knowledge_base_at_once(tmp_path):
    """The first to open it creates and migrates it; the others wait, then find it done."""
    db = tmp_path / "new" / "kb.sqlite"  # does not exist yet, nor its folder
    with ThreadPoolExecutor(LOOPS) as pool:
        results = [r for loop in pool.map(lambda n: _loop(db, n), range(LOOPS)) for r in loop]
    failures = [err for code, err in results if code != 0]
    assert failures == []
    listed = subprocess.run([*RL, "--db", str(db), "list", "--json"], capture_output=True,
                            text=True)  # fmt: skip
    titles = sorted(p["title"] for p in json.loads(listed.stdout))
    assert len(titles) == LOOPS * ADDS == len(set(titles))
    created = [err for code, err in results if "Created a new knowledge base" in err]
    assert len(created) == 1  # one process made it; the others found it made
    doctor = subprocess.run([*RL, "--db", str(db), "doctor"], capture_output=True, text=True)
    assert doctor.returncode == 0, doctor.stdout
