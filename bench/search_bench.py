"""Search speed: in-process query time per knowledge-base size, and `rl search` wall time
against a bare Typer app (the floor) in the same environment.

    python bench/build_kb.py 1000 10000 100000     # once
    python bench/search_bench.py                    # all sizes present in bench/out/
    python bench/search_bench.py --sizes 10000 --runs 40

Wall times are taken interleaved (floor, rl, rl --json, floor, ...) so that both see the
same machine load; the ratio is the median of rl's runs over the median of the floor's. CPU
time (user + system of the child) is printed beside it: it moves less with the load of a
shared machine. Compile the package first (`python -m compileall -q readinglist`) when
PYTHONDONTWRITEBYTECODE is set, or every run pays to compile rl's modules.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from readinglist.library import open_library  # noqa: E402
from readinglist.search import search  # noqa: E402

OUT = HERE / "out"
# What people type: topic words of every frequency, two words, a phrase, a prefix, an author,
# an exclusion, a field filter, a typo-free rare word, and a filtered query.
QUERY_MIX: list[tuple[str, dict[str, object]]] = [
    ("memory", {}),
    ("dialogue", {}),
    ("transformer", {}),
    ("learning", {}),
    ("memory networks", {}),
    ("reinforcement learning", {}),
    ('"language model"', {}),
    ("distill*", {}),
    ("hinton", {}),
    ("attention -vision", {}),
    ("title:retrieval", {}),
    ("theorem proving", {}),
    ("memory", {"category": "rl"}),
    ("policy", {"status": "reading", "year": 2020}),
]


HEAVY = {"numpy", "sqlite_utils", "arxiv", "fitz", "pymupdf", "jinja2", "requests", "rapidfuzz"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def query_times(path: Path, runs: int) -> None:
    library = open_library(path)
    n = library.stats()["papers"]
    print(f"\n## in-process query time, {n} papers ({path.name}), {runs} runs per query")
    print(f"{'query':34} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    everything: list[float] = []
    for query, filters in QUERY_MIX:
        for _ in range(2):
            search(library, query, **filters)  # type: ignore[arg-type]  # warm the page cache
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            search(library, query, **filters)  # type: ignore[arg-type]
            times.append((time.perf_counter() - start) * 1000)
        everything += times
        label = query + "".join(
            f" --{k.replace('category', 'cat')} {v}" for k, v in filters.items()
        )
        matches = len(search(library, query, limit=n, **filters))  # type: ignore[arg-type]
        print(
            f"{label:34} {matches:>8} {percentile(times, 50):>8.2f} {percentile(times, 95):>8.2f}"
        )
    print(f"{'ALL (' + str(len(everything)) + ' searches)':34} {'':>8} "
          f"{percentile(everything, 50):>8.2f} {percentile(everything, 95):>8.2f}")  # fmt: skip


def rl_command() -> list[str]:
    script = Path(sys.executable).parent / "rl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "readinglist"]


def wall_times(path: Path, runs: int, query: str) -> None:
    floor = [sys.executable, str(HERE / "typer_floor.py"), query]
    rl = [*rl_command(), "--db", str(path), "search", query]
    commands = {
        "floor (bare Typer app)": floor,
        "rl search": rl,
        "rl search --json": [*rl, "--json"],
    }
    env = os.environ | {"COLUMNS": "120"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 3):
        for name, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
            )
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i >= 3:  # the first runs warm the disk cache
                times[name].append(elapsed * 1000)
                cpu[name].append(
                    (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
                )
    print(f"\n## wall time, `rl {' '.join(rl[-2:])}` on {path.name} vs the floor, "
          f"{runs} interleaved runs each")  # fmt: skip
    base = "floor (bare Typer app)"
    wall0, cpu0 = statistics.median(times[base]), statistics.median(cpu[base])
    header = ("command", "median ms", "min ms", "x floor", "CPU ms", "x floor")
    print(f"{header[0]:26} {header[1]:>10}" + "".join(f" {h:>8}" for h in header[2:]))
    for name in commands:
        wall, used = statistics.median(times[name]), statistics.median(cpu[name])
        print(f"{name:26} {wall:>10.1f} {min(times[name]):>8.1f} {wall / wall0:>8.2f} "
              f"{used:>8.1f} {used / cpu0:>8.2f}")  # fmt: skip


def import_costs(path: Path, query: str) -> None:
    """Modules `rl search` imports beyond the floor, by self time (python -X importtime)."""

    def imports(cmd: list[str]) -> dict[str, int]:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True
        )
        found = {}
        for line in result.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                found[m[4]] = int(m[1])
        return found

    floor = imports([str(HERE / "typer_floor.py"), query])
    for args in (["search", query], ["search", query, "--json"]):
        rl = imports(["-m", "readinglist", "--db", str(path), *args])
        extra = {name: us for name, us in rl.items() if name not in floor}
        total = sum(extra.values()) / 1000
        print(
            f"\n## `rl {' '.join(args)}` imports {len(extra)} modules beyond the floor, "
            f"{total:.1f} ms of import time (self time, -X importtime); the largest:"
        )
        for name, us in sorted(extra.items(), key=lambda kv: -kv[1])[:8]:
            print(f"   {us / 1000:6.1f} ms  {name}")
        heavy = sorted(m for m in rl if m.split(".")[0] in HEAVY)
        print(f"   heavy modules imported: {', '.join(heavy) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--wall-size", type=int, default=10000)
    parser.add_argument("--query", default="memory")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    for n in args.sizes:
        path = OUT / f"kb-{n}.sqlite"
        if path.exists():
            query_times(path, args.runs)
        else:
            print(f"\n(skipped {n}: build it with python bench/build_kb.py {n})")
    wall = OUT / f"kb-{args.wall_size}.sqlite"
    if wall.exists():
        wall_times(wall, args.runs, args.query)
        import_costs(wall, args.query)


if __name__ == "__main__":
    main()
