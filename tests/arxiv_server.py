"""A local stand-in for the arXiv API, serving the recorded Atom responses of fixtures/arxiv.

A request is matched to a recording by its search_query and id_list (index.json holds each
recording's query). `start` and `max_results` are honoured: a recording of exactly that page
is served as it is, otherwise the entries of the recording that starts at 0 are sliced, as
arXiv would page them. A query with no recording gets arXiv's answer to a query that matches
nothing (an empty feed) and is listed in `unmatched`, so a test can insist there were none.

Every request is recorded (`requests`), so tests and benchmarks can count them. Tests of
failures queue scripted answers first: a status with a body and headers, or silence (the
handler waits until the server stops, so the client's timeout fires).

Used by the `arxiv_server` fixture in conftest.py and by bench/resolve_bench.py.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"

_ENTRY = re.compile(r"[ \t]*<entry>.*?</entry>\n?", re.DOTALL)

EMPTY_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/local-empty</id>
  <title>arXiv Query: search_query={query}&amp;id_list={ids}&amp;start={start}&amp;\
max_results={max}</title>
  <updated>2026-04-12T22:09:26Z</updated>
  <opensearch:itemsPerPage>{max}</opensearch:itemsPerPage>
  <opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
</feed>
"""


@dataclass
class Scripted:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False


@dataclass
class Seen:
    params: dict[str, str]
    status: int
    fixture: str | None  # the recording served; None for scripted or unmatched answers


class ArxivServer:
    def __init__(self, fixtures: Path = FIXTURES, only: list[str] | None = None) -> None:
        self.fixtures = fixtures
        index = json.loads((fixtures / "index.json").read_text(encoding="utf-8"))
        self.index = [e for e in index if only is None or e["file"] in only]
        self.requests: list[Seen] = []
        self.unmatched: list[dict[str, str]] = []
        self._script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/api/query"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> ArxivServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def queue(
        self,
        status: int = 200,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        *,
        hang: bool = False,
        times: int = 1,
    ) -> None:
        """Answer the next `times` requests like this, before any recording is consulted."""
        data = body.encode() if isinstance(body, str) else body
        for _ in range(times):
            self._script.append(Scripted(status, data, dict(headers or {}), hang))

    @property
    def served(self) -> list[str | None]:
        return [r.fixture for r in self.requests]

    # -- answering -------------------------------------------------------------------------

    def answer(self, params: dict[str, str]) -> tuple[Scripted, str | None]:
        with self._lock:
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return scripted, None
        query, ids = params.get("search_query", ""), params.get("id_list", "")
        start = int(params.get("start", "0"))
        size = int(params.get("max_results", "10"))
        matches = [e for e in self.index
                   if e["query"].get("search_query", "") == query
                   and e["query"].get("id_list", "") == ids]  # fmt: skip
        exact = [e for e in matches if _page(e) == (start, size)]
        from_zero = sorted((e for e in matches if _page(e)[0] == 0), key=lambda e: -_page(e)[1])
        chosen = (exact or from_zero or [None])[0]
        if chosen is None:
            self.unmatched.append(params)
            body = EMPTY_FEED.format(
                query=_xml(query), ids=_xml(ids), start=start, max=size
            ).encode()
            return Scripted(200, body, {"Content-Type": "application/atom+xml"}), None
        body = (self.fixtures / chosen["file"]).read_bytes()
        if not exact:
            body = _slice(body.decode("utf-8"), start, size).encode("utf-8")
        headers = {"Content-Type": "application/atom+xml; charset=utf-8"}
        return Scripted(chosen["http_status"], body, headers), chosen["file"]

    def wait_for_stop(self) -> None:
        self._stopping.wait()


def _page(entry: dict[str, Any]) -> tuple[int, int]:
    query = entry["query"]
    return int(query.get("start", "0")), int(query.get("max_results", "10"))


def _slice(feed: str, start: int, size: int) -> str:
    """The recording's entries [start, start + size), with the page header adjusted."""
    entries = _ENTRY.findall(feed)
    if not entries:
        return feed
    head = feed[: feed.index(entries[0])]
    tail = feed[feed.rindex(entries[-1]) + len(entries[-1]) :]
    head = re.sub(r"(<opensearch:startIndex[^>]*>)\d+", rf"\g<1>{start}", head)
    head = re.sub(r"(<opensearch:itemsPerPage[^>]*>)\d+", rf"\g<1>{size}", head)
    return head + "".join(entries[start : start + size]) + tail


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _handler(server: ArxivServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
            reply, fixture = server.answer(params)
            server.requests.append(Seen(params, reply.status, fixture))
            if reply.hang:
                server.wait_for_stop()
                self.close_connection = True
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean; `requests` records everything

    return Handler
