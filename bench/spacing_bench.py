"""Are requests to arXiv spaced apart across rl processes? Real processes, real waits.

Runs `rl add` for five titles against the local arXiv server of the tests (never the real
arXiv), first one process after the other (a shell loop), then all five started at once, and
prints the gaps between the requests as the server received them. Then the same with the
shared file unusable (XDG_CACHE_HOME is a file), so that each process spaces only its own
requests, as rl did before: the loop's gaps are one process start-up, and the five processes
started together all ask at once.

Usage: python bench/spacing_bench.py [DELAY]   (seconds, default 1)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from arxiv_server import ArxivServer  # noqa: E402

TITLES = [
    "Memory Networks",
    "(transformer)Attention Is All You Need",
    "(PPO)Proximal Policy Optimization Algorithms",
    "Emergent Abilities of Large Language Models",
    "A Neural Conversational Model",
]


def gaps(arrivals: list[float]) -> list[float]:
    return [b - a for a, b in pairwise(arrivals)]


def run(delay: str, together: bool, shared: bool = True) -> list[float]:
    server = ArxivServer().start()
    arrivals: list[float] = []
    answer = server.answer

    def timed(params: dict[str, str]) -> Any:
        arrivals.append(time.monotonic())
        return answer(params)

    server.answer = timed  # record when each request arrives
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "cache"
            if not shared:
                cache.write_text("")  # a file, not a directory: rl falls back to its own spacing
            env = {**os.environ, "RL_DB": str(Path(tmp) / "kb.sqlite"),
                   "RL_ARXIV_URL": server.url, "RL_ARXIV_DELAY": delay,
                   "XDG_CACHE_HOME": str(cache)}  # fmt: skip
            rl = [sys.executable, "-m", "readinglist"]
            # One process first creates the knowledge base, so the five do not race to.
            subprocess.run([*rl, "stats"], env=env, capture_output=True, check=True, cwd=tmp)
            commands = [[*rl, "add", t, "--cat", "other", "--no-input"] for t in TITLES]
            if together:
                procs = [subprocess.Popen(c, env=env, stderr=subprocess.DEVNULL, cwd=tmp)
                         for c in commands]  # fmt: skip
                for p in procs:
                    p.wait()
            else:
                for c in commands:
                    subprocess.run(c, env=env, stderr=subprocess.DEVNULL, cwd=tmp)
    finally:
        server.stop()
    return gaps(sorted(arrivals))


def main() -> None:
    delay = sys.argv[1] if len(sys.argv) > 1 else "1"
    print(f"RL_ARXIV_DELAY={delay}: gaps between requests, in seconds")
    for shared in (True, False):
        print("  shared last-request file" if shared else "  spacing per process only")
        for label, together in (("one after the other", False), ("all five at once", True)):
            found = run(delay, together, shared)
            shown = " ".join(f"{g:.2f}" for g in found)
            print(f"    {label:20} min {min(found):.2f}  [{shown}]")


if __name__ == "__main__":
    main()
