"""`rl extract ONE.pdf` as a whole process, against a bare Typer app (the floor).

    python -m compileall -q readinglist      # when PYTHONDONTWRITEBYTECODE is set
    python bench/extract_startup.py PDF [--runs 20]

Runs the floor (`bench/typer_floor.py`), `rl extract PDF` and `rl extract PDF --json`
interleaved, so that all see the same machine load, and prints the median and fastest wall
time of each, its ratio to the floor, and CPU time (user + system of the child). Then what
`rl extract` imports beyond the floor (`python -X importtime`, self times), the largest first,
and whether numpy or onnxruntime is among them. Run it with the interpreter of the environment
to measure (its `rl` script is used).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAVY = {"numpy", "onnxruntime", "pymupdf", "fitz", "sqlite_utils", "arxiv", "requests", "rich"}


def rl_command() -> list[str]:
    script = Path(sys.executable).parent / "rl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "readinglist"]


def wall_times(pdf: Path, runs: int) -> None:
    rl = [*rl_command(), "extract", str(pdf)]
    commands = {
        "floor (bare Typer app)": [sys.executable, str(HERE / "typer_floor.py"), str(pdf)],
        "rl extract PDF": rl,
        "rl extract PDF --json": [*rl, "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 2):
        for name, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i >= 2:  # the first runs warm the disk cache
                times[name].append(elapsed * 1000)
                cpu[name].append(
                    (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
                )
    print(f"## wall time, {runs} interleaved runs each ({pdf.name})")
    base = "floor (bare Typer app)"
    wall0, cpu0 = statistics.median(times[base]), statistics.median(cpu[base])
    header = ("command", "median ms", "min ms", "x floor", "CPU ms", "x floor")
    print(f"{header[0]:24} {header[1]:>10}" + "".join(f" {h:>8}" for h in header[2:]))
    for name in commands:
        wall, used = statistics.median(times[name]), statistics.median(cpu[name])
        print(f"{name:24} {wall:>10.1f} {min(times[name]):>8.1f} {wall / wall0:>8.2f} "
              f"{used:>8.1f} {used / cpu0:>8.2f}")  # fmt: skip


def import_costs(pdf: Path) -> None:
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

    floor = imports([str(HERE / "typer_floor.py"), str(pdf)])
    rl = imports(["-m", "readinglist", "extract", str(pdf)])
    extra = {name: us for name, us in rl.items() if name not in floor}
    print(
        f"\n## `rl extract PDF` imports {len(extra)} modules beyond the floor, "
        f"{sum(extra.values()) / 1000:.1f} ms of import time (self time); the largest:"
    )
    for name, us in sorted(extra.items(), key=lambda kv: -kv[1])[:8]:
        print(f"   {us / 1000:6.1f} ms  {name}")
    heavy = sorted({m.split(".")[0] for m in rl} & HEAVY)
    print(f"   heavy packages imported: {', '.join(heavy) or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    wall_times(args.pdf, args.runs)
    import_costs(args.pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
