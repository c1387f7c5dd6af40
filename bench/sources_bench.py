"""How often each metadata source, and the chain of them, finds the right paper for the
user's reading list, and how many requests an `rl add` costs.

Runs the add pipeline's gather and decide stages (readinglist.adding) for every row of the
user's table (data/reading-list-facts.json: the text as written, and the paper it means)
against local servers: arXiv's (tests/arxiv_server.py) and those of Semantic Scholar,
Crossref and dblp (tests/api_server.py). Their answers for the reading list are hand-made
in the shapes of real recordings (tests/fixtures/*/index.json say which), so the figures
are optimistic: they show the matching rules and the chain at work, not the services'
recall.

Per row: right (resolved to the paper meant: its arXiv id, or its title from a source that
knows no arXiv id, such as the conference version dblp lists), wrong (resolved to another
paper), unresolved (unsure: the user is asked; or not found).

Usage: python bench/sources_bench.py [--verbose]
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

from api_server import ApiServer  # noqa: E402
from arxiv_server import ArxivServer  # noqa: E402

FACTS = json.loads((ROOT / "data" / "reading-list-facts.json").read_text(encoding="utf-8"))
CHAINS = {"arxiv": ["arxiv"], "s2": ["s2"], "crossref": ["crossref"], "dblp": ["dblp"],
          "chain": ["arxiv", "s2", "crossref", "dblp"]}  # fmt: skip


def verdict(fact: dict, resolution: object) -> str:
    from readinglist.matching import RESOLVED, normalise_title

    record = getattr(resolution, "record", None)
    if getattr(resolution, "status", None) != RESOLVED or record is None:
        return "unresolved"
    same = normalise_title(record.title) == normalise_title(fact["title"])
    if record.arxiv_id:
        return "right" if record.arxiv_id == fact["arxiv_id"] else "wrong"
    return "right" if same else "wrong"


def main(verbose: bool) -> None:
    servers = {"arxiv": ArxivServer().start()}
    for api in ("s2", "crossref", "dblp"):
        servers[api] = ApiServer(api).start()
    os.environ.update({
        "RL_ARXIV_URL": servers["arxiv"].url, "RL_S2_URL": servers["s2"].url,
        "RL_CROSSREF_URL": servers["crossref"].url, "RL_DBLP_URL": servers["dblp"].url,
        "XDG_CACHE_HOME": tempfile.mkdtemp(),
        **{f"RL_{name}_DELAY": "0" for name in ("ARXIV", "S2", "CROSSREF", "DBLP")},
    })  # fmt: skip
    from readinglist.adding import Request, decide_request, gather
    from readinglist.library import open_library
    from readinglist.matching import parse_title
    from readinglist.sources import make_sources

    print(f"{len(FACTS)} rows of the user's reading list; right / unresolved / wrong, "
          "and requests per rl add (all sources' requests, fresh cache)")  # fmt: skip
    print(f"{'source':10} {'right':>5} {'unres.':>6} {'wrong':>5} {'requests':>9} {'per add':>8}")
    for label, names in CHAINS.items():
        counts = {"right": 0, "unresolved": 0, "wrong": 0}
        before = sum(len(s.requests) for s in servers.values())
        with tempfile.TemporaryDirectory() as tmp:
            kb = open_library(Path(tmp) / "kb.sqlite")  # each chain starts with no cache
            sources = make_sources(names)
            for fact in FACTS:
                request = Request(fact["as_written"], {}, parsed=parse_title(fact["as_written"]))
                resolution = decide_request(request, gather(kb, request, sources), None).resolution
                outcome = verdict(fact, resolution)
                counts[outcome] += 1
                if verbose:
                    record = getattr(resolution, "record", None)
                    print(f"  {label:8} {outcome:10} {fact['as_written'][:50]:50} -> "
                          f"{record.title[:40] if record else '-'}")  # fmt: skip
            kb.close()
        spent = sum(len(s.requests) for s in servers.values()) - before
        print(f"{label:10} {counts['right']:>5} {counts['unresolved']:>6} {counts['wrong']:>5} "
              f"{spent:>9} {spent / len(FACTS):>8.2f}")  # fmt: skip
    for server in servers.values():
        server.stop()


if __name__ == "__main__":
    main(verbose="--verbose" in sys.argv)
