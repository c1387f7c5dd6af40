"""How long rendering takes, and how big the README grows, as the reading list grows.

    .venv/bin/python bench/render_size.py [N ...]

Builds throw-away knowledge bases in a temp folder (never data/papers.sqlite) with N papers
of realistic length (a 90-character title and label, four authors, an arXiv id), then renders
both default templates and reports seconds and KB. GitHub stops rendering a README at 512 KB;
rl warns past 450 KB.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from readinglist import render
from readinglist.library import open_library

CATEGORIES = ["survey", "dialogue", "llm", "rl", "other"]


def build(path: Path, n: int) -> None:
    library = open_library(path)
    for i in range(n):
        title = f"A Study of Attention Mechanisms Number {i:06d} for Dialogue Generation Models"
        library.add_paper(
            {
                "title": title,
                "label": f"({2000 + i % 25}){title}",
                "category": CATEGORIES[i % len(CATEGORIES)],
                "authors": ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
                "year": 2000 + i % 25,
                "arxiv_id": f"{1500 + i // 90000}.{i % 90000 + 10000:05d}",
            },
            force=True,
        )
    library.close()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 5000]
    print(f"{'papers':>7} {'template':<20} {'seconds':>8} {'KB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"kb-{n}.sqlite"
            build(path, n)
            library = open_library(path)
            for template in ("README.md.j2", "reading-list.md.j2"):
                start = time.perf_counter()
                text = render.render(library, template)
                seconds = time.perf_counter() - start
                size = len(text.encode("utf-8")) / 1024
                print(f"{n:>7} {template:<20} {seconds:>8.3f} {size:>8.1f}")
            library.close()


if __name__ == "__main__":
    main()
