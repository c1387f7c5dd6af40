"""Large lists: `rl list`, `rl list --json` and `rl stats` on a synthetic knowledge base, wall
time and peak memory per run, against a bare Typer app (the floor) run the same way.

    python bench/build_kb.py 100000                   # once: bench/out/kb-100000.sqlite
    python -m compileall -q readinglist               # see BENCHMARKS.md, "Byte code"
    python bench/list_bench.py --size 100000 --runs 7
    python bench/list_bench.py --rl "env PYTHONPATH=/tmp/old python -m readinglist" \
        --db bench/out/kb-100000-old.sqlite           # another rl (an older checkout)

Each command runs in its own process with stdout to /dev/null (what a pipe gets: every
line), interleaved with the floor so that all see the same machine load; the figures are
the median wall time, its ratio to the floor's median, and the largest peak resident set
size (ru_maxrss of the child). `rl list` on a terminal (the first screenful, no pager) is
timed in a pseudo-terminal. Targets: rl list and rl list --json under 2 s and 100 MB at
100,000 papers; rl stats under 3x the floor.
"""

from __future__ import annotations

import argparse
import os
import pty
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = [sys.executable, str(HERE / "typer_floor.py"), "memory"]


def run(command: list[str], *, terminal: bool = False) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of `command`, output thrown away."""
    env = {**os.environ, "PAGER": "", "LINES": "40", "COLUMNS": "120"}
    start = time.perf_counter()
    if terminal:
        controller, child = pty.openpty()
        process = subprocess.Popen(command, stdout=child, stderr=child, env=env)
        os.close(child)
        while True:
            try:
                if not os.read(controller, 65536):
                    break
            except OSError:
                break
        os.close(controller)
    else:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="knowledge base (default: bench/out/kb-SIZE)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rl", default=f"{sys.executable} -m readinglist",
                        help="how to run rl (default: this checkout)")  # fmt: skip
    args = parser.parse_args()
    db = args.db or HERE / "out" / f"kb-{args.size}.sqlite"
    if not db.is_file():
        raise SystemExit(f"no {db}: build it with python bench/build_kb.py {args.size}")
    rl = [*shlex.split(args.rl), "--db", str(db)]
    cases = {
        "floor (bare Typer app)": (FLOOR, False),
        "rl list": ([*rl, "list"], False),
        "rl list --json": ([*rl, "list", "--json"], False),
        "rl stats": ([*rl, "stats"], False),
        "rl stats --json": ([*rl, "stats", "--json"], False),
        "rl list, on a terminal": ([*rl, "list"], True),
    }
    run([*rl, "stats"])  # once first: migrations, if any, and a warm page cache
    walls: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, float] = dict.fromkeys(cases, 0.0)
    for _ in range(args.runs):
        for name, (command, terminal) in cases.items():
            wall, peak = run(command, terminal=terminal)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    floor = statistics.median(walls["floor (bare Typer app)"])
    print(f"{db.name}, {args.runs} interleaved runs, stdout to /dev/null")
    print("| command | median s | min s | x floor | peak MB |")
    print("|---|---:|---:|---:|---:|")
    for name in cases:
        median = statistics.median(walls[name])
        print(f"| {name} | {median:.2f} | {min(walls[name]):.2f} | {median / floor:.2f} "
              f"| {peaks[name]:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
