"""Prefix searches at scale: in-process `search()` time for prefix terms, which the second,
unstemmed index answers (see BENCHMARKS.md, "Prefixes"), beside a plain word.

    python bench/build_kb.py 100000                 # once
    python bench/prefix_bench.py --size 100000 --runs 15
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from readinglist.library import open_library  # noqa: E402
from readinglist.search import search  # noqa: E402

QUERIES = ["generat*", "optimiz*", "learni*", "distill*", "memor*", "memory generat*",
           "transformer -visio*", "memory"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    library = open_library(HERE / "out" / f"kb-{args.size}.sqlite")
    print("| query | matches | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for query in QUERIES:
        for _ in range(2):
            search(library, query)  # warm the page cache
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            search(library, query)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        matches = len(search(library, query, limit=args.size))
        p95 = times[round(0.95 * (len(times) - 1))]
        print(f"| {query} | {matches:,} | {statistics.median(times):.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
