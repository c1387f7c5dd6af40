"""How many arXiv requests `rl add` costs, and how often the resolver is right.

Runs against the local arXiv server of the tests (tests/arxiv_server.py, serving the
recorded and hand-made responses in tests/fixtures/arxiv), never the real arXiv.

1. Requests per command: the real `rl` in a subprocess, on a fresh knowledge base, counting
   the requests the server receives.
2. Accuracy on the labelled titles of tests/fixtures/titles.json (the 25 rows of the user's
   reading list, then the traps), and on three slips of each title on arXiv (a typo in the
   longest word, the last word dropped, lower case without punctuation):
   right / unresolved / wrong, where
   - a title on arXiv is right when resolved to its id, wrong when resolved to another;
   - a title not on arXiv is right when found absent (stored not-on-arxiv), wrong when
     resolved to anything;
   - unresolved means the resolver asked instead (the user picks or declines), or found
     nothing close for a title that is on arXiv (it would be stored not-on-arxiv: missed).

Usage: python bench/resolve_bench.py [--verbose]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from arxiv_server import ArxivServer  # noqa: E402

COMMANDS = [
    ("an arXiv id", ["add", "1605.08386", "--cat", "other"]),
    ("an exact title", ["add", "(transformer)Attention Is All You Need", "--cat", "other"]),
    ("an unsure title", ["add", "A Persona-Based Neural Conversational Model", "--cat", "other"]),
    ("settling it: rl resolve 3 --pick 1", ["resolve", "3", "--pick", "1"]),
    ("a title not on arXiv", ["add", "(2002)BLEU a Method for Automatic Evaluation of Machine "
                              "Translation", "--cat", "other"]),
    ("a title nothing matches (2nd try)", ["add", "Open-domain Dialogue Generation:What We Can "
                                           "Do, Cannot Do, And Should Do Next", "--cat", "other"]),
    ("the same title again, cached", ["add", "(transformer)Attention Is All You Need", "--cat",
                                      "llm", "--force"]),
]  # fmt: skip


def requests_per_command(server: ArxivServer) -> list[tuple[str, int, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RL_DB": str(Path(tmp) / "kb.sqlite"), "RL_ARXIV_URL": server.url,
               "RL_ARXIV_DELAY": "0"}  # fmt: skip
        for what, args in COMMANDS:
            before = len(server.requests)
            rl = [sys.executable, "-m", "readinglist"]
            done = subprocess.run([*rl, *args, "--no-input"], env=env, capture_output=True,
                                  text=True, cwd=tmp)  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(f"rl {' '.join(args)} failed: {done.stderr}")
            stored = subprocess.run([*rl, "list", "--json"], env=env, capture_output=True,
                                    text=True, cwd=tmp)  # fmt: skip
            last = json.loads(stored.stdout)
            resolution = {p["id"]: p["resolution"] for p in last}
            paper_id = max(resolution) if args[0] == "add" else int(args[1])
            rows.append((what, len(server.requests) - before, resolution[paper_id]))
    return rows


def requests_per_import(server: ArxivServer) -> list[tuple[str, int, str]]:
    """`rl import-readme --resolve` of the user's README (24 papers and a note), then again."""
    from collections import Counter

    profile = ROOT / "tests" / "fixtures" / "profile-README.md"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RL_DB": str(Path(tmp) / "kb.sqlite"), "RL_ARXIV_URL": server.url,
               "RL_ARXIV_DELAY": "0"}  # fmt: skip
        for what in ("import-readme --resolve", "the same again"):
            before = len(server.requests)
            done = subprocess.run(
                [sys.executable, "-m", "readinglist", "import-readme", str(profile), "--resolve",
                 "--no-input", "--json"], env=env, capture_output=True, text=True, cwd=tmp,
            )  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(f"rl import-readme failed: {done.stderr}")
            counts = Counter(p["resolution"] for p in json.loads(done.stdout)["papers"])
            outcome = ", ".join(f"{n} {r}" for r, n in sorted(counts.items())) or "nothing new"
            rows.append((what, len(server.requests) - before, outcome))
    return rows


def accuracy(server: ArxivServer, verbose: bool) -> dict[str, dict[str, int]]:
    os.environ["RL_ARXIV_URL"] = server.url
    os.environ["RL_ARXIV_DELAY"] = "0"
    from readinglist.adding import Request, decide_request, gather
    from readinglist.library import open_library
    from readinglist.matching import RESOLVED, UNSURE, parse_title
    from readinglist.sources import make_sources

    kb = open_library(Path(tempfile.mkdtemp()) / "kb.sqlite")  # the day-long cache lives here

    def resolve_title(text: str):  # what rl add TEXT decides, without storing it
        request = Request(text, {}, parsed=parse_title(text))
        return decide_request(
            request, gather(kb, request, make_sources(["arxiv"])), None
        ).resolution

    titles = json.loads((ROOT / "tests" / "fixtures" / "titles.json").read_text())
    figures: dict[str, dict[str, int]] = {}
    for group in ("reading_list", "traps"):
        counts = {"right": 0, "asked": 0, "missed": 0, "wrong": 0}
        for row in titles[group]:
            resolution = resolve_title(row["text"])
            got = resolution.record.arxiv_id if resolution.record else None
            if resolution.status == RESOLVED:
                verdict = "right" if got == row["arxiv_id"] else "wrong"
            elif resolution.status == UNSURE:
                verdict = "asked"
            else:
                verdict = "right" if row["arxiv_id"] is None else "missed"
            counts[verdict] += 1
            if verbose:
                print(f"  {verdict:10} {resolution.status:8} {got or '-':11} "
                      f"truth {row['arxiv_id'] or '-':11} {row['text'][:60]}")  # fmt: skip
        figures[group] = counts
    figures["variants"] = variant_accuracy(titles["reading_list"], verbose)
    return figures


def variants(title: str) -> list[str]:
    """Ways a user mistypes a title: a typo in its longest word, its last word dropped, all
    lower case without punctuation."""
    import re

    words = title.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    typo = w[:2] + w[3] + w[2] + w[4:] if len(w) > 4 else w + "s"
    return [
        " ".join([*words[:longest], typo, *words[longest + 1 :]]),
        " ".join(words[:-1]),
        re.sub(r"[^\w\s]", "", title).lower(),
    ]


def variant_accuracy(rows: list[dict], verbose: bool) -> dict[str, int]:
    """The variants of every title on arXiv, scored against the candidates arXiv returned for
    the title itself (as its search would find the paper despite the slip)."""
    from readinglist.matching import RESOLVED, UNSURE, decide, parse_title
    from readinglist.sources.arxiv import ArxivSource

    counts = {"right": 0, "asked": 0, "missed": 0, "wrong": 0}
    for row in rows:
        if not row["arxiv_id"]:
            continue
        records = ArxivSource().search_title(parse_title(row["text"]).title, 25)
        for variant in variants(parse_title(row["text"]).title):
            resolution = decide(parse_title(variant), records)
            got = resolution.record.arxiv_id if resolution.record else None
            if resolution.status == RESOLVED:
                verdict = "right" if got == row["arxiv_id"] else "wrong"
            else:
                verdict = "asked" if resolution.status == UNSURE else "missed"
            counts[verdict] += 1
            if verbose:
                print(f"  {verdict:10} {resolution.status:8} {got or '-':11} "
                      f"truth {row['arxiv_id']:11} {variant[:60]}")  # fmt: skip
    return counts


def main() -> None:
    verbose = "--verbose" in sys.argv
    # rl keeps the time of its last request to each server in the user's cache; the local
    # server's port changes every run, so keep those files out of ~/.cache.
    cache = tempfile.TemporaryDirectory()
    os.environ["XDG_CACHE_HOME"] = cache.name
    server = ArxivServer().start()
    try:
        print("Requests to arXiv per command (local fixture server):")
        for what, count, resolution in requests_per_command(server) + requests_per_import(server):
            print(f"  {what:38} {count} request(s)  -> {resolution}")
        print("Resolver accuracy: right / unresolved (asked + missed) / wrong")
        for group, counts in accuracy(server, verbose).items():
            total = sum(counts.values())
            unresolved = counts["asked"] + counts["missed"]
            print(f"  {group:14} {counts['right']:2} / {unresolved:2} ({counts['asked']} + "
                  f"{counts['missed']}) / {counts['wrong']:2}   of {total}")  # fmt: skip
        if server.unmatched:
            print(f"Queries without a recorded answer: {len(server.unmatched)}")
    finally:
        server.stop()
        cache.cleanup()


if __name__ == "__main__":
    main()
