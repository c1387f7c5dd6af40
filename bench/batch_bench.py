"""Resolving many papers at arXiv's pace: requests and accuracy, one by one and batched.

Against the arXiv stand-in (tests/arxiv_standin.py: a corpus of real and hand-made arXiv
entries, queried the way arXiv answers), for two lists:
- the user's reading list (data/reading-list-facts.json, 24 rows);
- bench/batch_titles.json, 203 labelled titles (exact, misspelt, subtitle dropped,
  prefixed, not on arXiv; built by bench/build_batch_titles.py).
One by one: each title as `rl add` asks (gather and decide), a fresh cache each list.
Batched: the titles stored unresolved, then `rl resolve --all`'s way (adding.prefetch, then
adding.resolve for each). arXiv's terms ask for 3 s between requests: the simulated wall time
is requests x 3 s.

right: resolved to the paper meant (a title not on arXiv: not resolved to anything);
unresolved: asked about (unsure) or not found, for a title that is on arXiv;
wrong: resolved to another paper.

Usage: python bench/batch_bench.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from arxiv_standin import ArxivStandIn  # noqa: E402

SPACING = 3.0  # seconds between requests, arXiv's terms of use


def verdict(truth: str | None, record: object) -> str:
    got = getattr(record, "arxiv_id", None) if record is not None else None
    if got is None:
        return "right" if truth is None else "unresolved"
    return "right" if got == truth else "wrong"


def one_by_one(rows: list[tuple[str, str | None]], standin: ArxivStandIn) -> tuple[dict, int]:
    from readinglist.adding import Request, decide_request, gather
    from readinglist.library import open_library
    from readinglist.matching import parse_title
    from readinglist.sources import make_sources

    counts = {"right": 0, "unresolved": 0, "wrong": 0}
    before = len(standin.requests)
    with tempfile.TemporaryDirectory() as tmp:
        kb = open_library(Path(tmp) / "kb.sqlite")
        sources = make_sources(["arxiv"])
        for text, truth in rows:
            request = Request(text, {}, parsed=parse_title(text))
            decision = decide_request(request, gather(kb, request, sources), None)
            counts[verdict(truth, decision.record)] += 1
        kb.close()
    return counts, len(standin.requests) - before


def batched(rows: list[tuple[str, str | None]], standin: ArxivStandIn) -> tuple[dict, int]:
    from readinglist import adding
    from readinglist.library import open_library
    from readinglist.sources import make_sources

    counts = {"right": 0, "unresolved": 0, "wrong": 0}
    with tempfile.TemporaryDirectory() as tmp:
        kb = open_library(Path(tmp) / "kb.sqlite")
        ids = [kb.add_paper({"title": text, "label": text, "category": "other",
                             "resolution": "unresolved"}, force=True).id
               for text, _ in rows]  # fmt: skip
        before = len(standin.requests)
        sources = make_sources(["arxiv"])
        for _ in adding.prefetch(kb, ids, sources):
            pass
        for paper_id, (_, truth) in zip(ids, rows, strict=True):
            outcome = adding.resolve(kb, paper_id, sources=sources, force=True)
            record = outcome.resolution.record if outcome.resolution else None
            if outcome.paper.resolution != "resolved":
                record = None
            counts[verdict(truth, record)] += 1
        spent = len(standin.requests) - before
        kb.close()
    return counts, spent


def main() -> None:
    standin = ArxivStandIn().start()
    os.environ.update({"RL_ARXIV_URL": standin.url, "RL_ARXIV_DELAY": "0",
                       "XDG_CACHE_HOME": tempfile.mkdtemp()})  # fmt: skip
    facts = json.loads((ROOT / "data" / "reading-list-facts.json").read_text(encoding="utf-8"))
    titles = json.loads((Path(__file__).parent / "batch_titles.json").read_text(encoding="utf-8"))
    lists = {
        "the user's 24 papers": [(f["as_written"], f["arxiv_id"]) for f in facts],
        f"{len(titles)} labelled titles": [(t["text"], t["arxiv_id"]) for t in titles],
    }
    print(f"{'list':24} {'way':10} {'right':>5} {'unres.':>6} {'wrong':>5} {'requests':>8} "
          f"{'per title':>9} {'at 3 s':>8}")  # fmt: skip
    for name, rows in lists.items():
        for way, run in (("one by one", one_by_one), ("batched", batched)):
            counts, requests = run(rows, standin)
            print(f"{name:24} {way:10} {counts['right']:>5} {counts['unresolved']:>6} "
                  f"{counts['wrong']:>5} {requests:>8} {requests / len(rows):>9.2f} "
                  f"{requests * SPACING:>7.0f}s")  # fmt: skip
    standin.stop()


if __name__ == "__main__":
    main()
