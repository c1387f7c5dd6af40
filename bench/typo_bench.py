"""Misspelt titles: how often `rl add` still finds the paper when one long word of its title
has a typo, against a local arXiv stand-in that searches as arXiv does (every word of the
query in the title), not the recorded answers of the tests.

    python bench/typo_bench.py                     # this checkout
    python bench/typo_bench.py --rl "env -C /tmp/old python -m readinglist"   # another rl

The stand-in knows the papers of the hand-made fixtures (tests/fixtures/arxiv/
build_handmade.py: the reading list's papers and their fictional neighbours) and answers a
title search `ti:a AND ti:b ...` with the papers whose title has every word (a plural or a
singular counts as the same word, as arXiv's stemming has it), shortest title first. For each
title of the reading list that is on arXiv, five typos (seeded): a letter swapped with the
next, dropped, doubled or replaced, inside a word of five letters or more, never its last
letter. Each `rl add TYPO --no-input` runs on a fresh knowledge base; the outcome is the
paper stored: resolved to the right paper, to a wrong one, unresolved with candidates (the
user would be asked), unresolved without any, or not-found (rl said arXiv lacks it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "arxiv"))

from build_handmade import PAPERS, feed_xml  # noqa: E402

TYPOS_PER_TITLE = 5


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def search(query: str, size: int) -> list[str]:
    wanted = {stem(w.removeprefix("ti:")) for w in query.split(" AND ")}
    found = [(len(words(p["title"])), ident) for ident, p in PAPERS.items()
             if wanted <= {stem(w) for w in words(p["title"])}]  # fmt: skip
    return [ident for _, ident in sorted(found)][:size]


class StandIn(BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self) -> None:
        params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        query, ids = params.get("search_query", ""), params.get("id_list", "")
        size = int(params.get("max_results", "10"))
        found = [i for i in ids.split(",") if i in PAPERS] if ids else search(query, size)
        body = feed_xml(query, ids, found, size).encode()
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def typo(title: str, rng: random.Random) -> str:
    spans = [m for m in re.finditer(r"[A-Za-z]{5,}", title)]
    m = rng.choice(spans)
    word = m.group()
    i = rng.randrange(1, len(word) - 2)  # neither the first letter nor the last
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == "drop":
        new = word[:i] + word[i + 1 :]
    elif kind == "double":
        new = word[:i] + word[i] + word[i:]
    else:
        letters = [c for c in "aeioutnrsl" if c != word[i].lower()]
        new = word[:i] + rng.choice(letters) + word[i + 1 :]
    return title[: m.start()] + new + title[m.end() :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rl", default=f"{sys.executable} -m readinglist")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = json.loads((ROOT / "tests" / "fixtures" / "titles.json").read_text())["reading_list"]
    rng = random.Random(11)
    outcomes: Counter[str] = Counter()
    before = 0
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RL_ARXIV_URL": f"http://127.0.0.1:{server.server_port}/api/query",
               "RL_ARXIV_DELAY": "0", "XDG_CACHE_HOME": tmp, "XDG_CONFIG_HOME": tmp}  # fmt: skip
        for n, row in enumerate(r for r in rows if r["arxiv_id"]):
            for k in range(TYPOS_PER_TITLE):
                text = typo(row["title"], rng)
                env["RL_DB"] = str(Path(tmp) / f"kb-{n}-{k}.sqlite")
                done = subprocess.run(
                    [*shlex.split(args.rl), "add", text, "--cat", "other", "--no-input",
                     "--json"], env=env, capture_output=True, text=True,
                )  # fmt: skip
                if done.returncode != 0:
                    raise SystemExit(f"rl add {text!r} failed: {done.stderr}")
                paper = json.loads(done.stdout)
                if paper["resolution"] == "resolved":
                    kind = "right" if paper["arxiv_id"] == row["arxiv_id"] else "wrong"
                elif paper["resolution"] == "unresolved":
                    kind = "asked" if paper["candidates"] else "unresolved, nothing found"
                else:
                    kind = "not-found"
                outcomes[kind] += 1
                if args.verbose:
                    print(f"  {kind:26} {StandIn.requests - before} req  {text}")
                before = StandIn.requests
    server.shutdown()
    total = sum(outcomes.values())
    print(f"{total} misspelt titles, {StandIn.requests} requests")
    for kind in ("right", "asked", "unresolved, nothing found", "not-found", "wrong"):
        print(f"  {kind:26} {outcomes[kind]:3}  ({outcomes[kind] / total:.0%})")


if __name__ == "__main__":
    main()
