"""A stand-in for the arXiv API that answers queries the way the service does, over a corpus
of entries, rather than replaying recorded answers (tests/arxiv_server.py replays).

The corpus is every entry of the recorded and hand-made feeds in tests/fixtures/arxiv/
(real arXiv metadata and the hand-made papers of the user's list), each served as it was
recorded. What it honours, as arXiv's documentation and its answers show:
- `search_query` in arXiv's syntax: field prefixes (ti, au, abs, all), AND, OR, ANDNOT,
  parentheses, "quoted phrases" (their words in any order, as arXiv's engine matches them),
  `?` and `*` wildcards inside a word; a stray quote is a 400 with arXiv's error entry;
- words match after stemming (a light suffix stripper standing in for arXiv's);
- `id_list` (with or without versions; an unknown id is simply missing), alone or ANDed with
  a search;
- `start` and `max_results`, with opensearch:totalResults;
- ranking by a relevance score with seeded noise, so that, as on arXiv, the paper searched
  for is not always first.

Every request is recorded (`requests`) so benchmarks can count them.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"
_ENTRY = re.compile(r"[ \t]*<entry>.*?</entry>\n?", re.DOTALL)
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL)
        for name in ("id", "title", "summary", "name")}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ational", "ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed",
             "es", "s", "ly")  # fmt: skip

HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/standin</id>
  <title>arXiv Query: search_query={query}&amp;id_list={ids}&amp;start={start}&amp;\
max_results={max}</title>
  <updated>2026-04-12T22:09:26Z</updated>
  <opensearch:itemsPerPage>{max}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
"""
ERROR_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/standin</id>
  <title>arXiv Query: error</title>
  <entry>
    <id>https://arxiv.org/api/errors#malformed_query</id>
    <title>Error</title>
    <summary>{message}</summary>
  </entry>
</feed>
"""


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower())]


@dataclass
class Paper:
    arxiv_id: str  # without version
    entry: str  # the entry's XML, as recorded
    fields: dict[str, list[str]]  # ti, au, abs -> stemmed tokens


def load_corpus(folder: Path = FIXTURES) -> dict[str, Paper]:
    corpus: dict[str, Paper] = {}
    for path in sorted(folder.glob("*.xml")):
        for entry in _ENTRY.findall(path.read_text(encoding="utf-8")):
            found = _TAG["id"].search(entry)
            if not found or "/api/errors" in found.group(1):
                continue
            versioned = found.group(1).rsplit("/abs/", 1)[-1]
            arxiv_id = re.sub(r"v\d+$", "", versioned)
            title = _TAG["title"].search(entry)
            summary = _TAG["summary"].search(entry)
            authors = " ".join(_TAG["name"].findall(entry))
            corpus[arxiv_id] = Paper(arxiv_id, entry if entry.endswith("\n") else entry + "\n", {
                "ti": tokens(title.group(1) if title else ""),
                "au": tokens(authors),
                "abs": tokens(summary.group(1) if summary else ""),
            })  # fmt: skip
    return corpus


class QueryError(Exception):
    pass


Matcher = Callable[[Paper], float]  # 0: no match; else a relevance score


def parse_query(query: str) -> Matcher:
    """arXiv's query syntax, as a function scoring a paper (0 when it does not match)."""
    if query.count('"') % 2:
        raise QueryError("unbalanced quotes in query")
    parts = re.findall(r'\(|\)|"[^"]*"|[^\s()"]+:"[^"]*"|[^\s()]+', query)
    position = 0

    def peek() -> str | None:
        return parts[position] if position < len(parts) else None

    def take() -> str:
        nonlocal position
        position += 1
        return parts[position - 1]

    def expression() -> Matcher:
        left = conjunction()
        while peek() == "OR":
            take()
            right = conjunction()
            left = (lambda a, b: lambda p: max(a(p), b(p)))(left, right)
        return left

    def conjunction() -> Matcher:
        left = unary()
        while peek() in ("AND", "ANDNOT") or (peek() not in (None, ")", "OR")):
            op = take() if peek() in ("AND", "ANDNOT") else "AND"
            right = unary()
            if op == "AND":
                left = (lambda a, b: lambda p: a(p) + b(p) if a(p) and b(p) else 0.0)(left, right)
            else:
                left = (lambda a, b: lambda p: a(p) if a(p) and not b(p) else 0.0)(left, right)
        return left

    def unary() -> Matcher:
        token = take()
        if token == "(":
            inner = expression()
            if peek() != ")":
                raise QueryError("unbalanced parentheses in query")
            take()
            return inner
        field, _, value = token.partition(":") if ":" in token else ("all", "", token)
        words = re.findall(r"[a-z0-9*?]+", value.strip('"').lower())
        if not words:
            return lambda p: 0.0
        where = ("ti", "au", "abs") if field == "all" else (field,)
        return term(words, where)

    matcher = expression()
    if position != len(parts):
        raise QueryError("malformed query")
    return matcher


def term(words: list[str], where: tuple[str, ...]) -> Matcher:
    """Every word in one of the fields (after stemming; `*` and `?` as wildcards), scored
    higher in the title and in a short field."""
    patterns = [re.compile("^" + re.escape(w).replace(r"\*", ".*").replace(r"\?", ".") + "$")
                if "*" in w or "?" in w else None for w in words]  # fmt: skip
    stems = [stem(w) for w in words]

    def matches(paper: Paper) -> float:
        best = 0.0
        for name in where:
            have = paper.fields.get(name, [])
            if all(any(pattern.match(t) for t in have) if pattern else s in have
                   for s, pattern in zip(stems, patterns, strict=True)):  # fmt: skip
                weight = 3.0 if name == "ti" else 1.0
                best = max(best, weight * len(words) / (1 + len(have) / 10))
        return best

    return matches


class ArxivStandIn:
    def __init__(self, corpus: dict[str, Paper] | None = None, seed: int = 7) -> None:
        self.corpus = corpus if corpus is not None else load_corpus()
        self.seed = seed
        self.requests: list[dict[str, str]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/api/query"
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)  # fmt: skip

    def start(self) -> ArxivStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def answer(self, params: dict[str, str]) -> tuple[int, str]:
        self.requests.append(params)
        query = params.get("search_query", "")
        ids = [i for i in params.get("id_list", "").split(",") if i]
        start, size = int(params.get("start", "0")), int(params.get("max_results", "10"))
        try:
            matcher = parse_query(query) if query else None
        except QueryError as e:
            return 400, ERROR_FEED.format(message=str(e))
        if ids:
            wanted = [re.sub(r"v\d+$", "", i) for i in ids]
            found = [self.corpus[i] for i in wanted if i in self.corpus]
            if matcher is not None:
                found = [p for p in found if matcher(p)]
        elif matcher is not None:
            noise = random.Random(f"{self.seed}:{query}")
            scored = [(s * (0.7 + 0.6 * noise.random()), p)
                      for s, p in ((matcher(p), p) for p in self.corpus.values()) if s]  # fmt: skip
            found = [p for _, p in sorted(scored, key=lambda sp: -sp[0])]
        else:
            found = []
        page = found[start : start + size]
        head = HEAD.format(query=_xml(query), ids=_xml(",".join(ids)), start=start, max=size,
                           total=len(found))  # fmt: skip
        return 200, head + "".join(p.entry for p in page) + "</feed>\n"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _handler(server: ArxivStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
            status, body = server.answer(params)
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
