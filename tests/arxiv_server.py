"""A local stand-in for the arXiv API, serving the recorded Atom responses of fixtures/arxiv.

A request is matched to a recording by its search_query and id_list (index.json holds each
recording's query). A request for many papers at once (several ids, or title queries
ORed) gets the union of the recorded answers to its parts, as arXiv would answer it.
`start` and `max_results` are honoured: a recording of exactly that page is served as it is,
otherwise the entries of the recording that starts at 0 are sliced, as arXiv would page them.
A query with no recording gets arXiv's answer to a query that matches nothing (an empty
feed) and is listed in `unmatched`, so a test can insist there were none.

Every request is recorded (`requests`), so tests and benchmarks can count them. Tests of
failures queue scripted answers first: a status with a body and headers, or silence (the
handler waits until the server stops, so the client's timeout fires), or a body sent in
chunks without a Content-Length (so only reading it tells its size), or a body sent a byte at
a time (each read quick, the whole slow).

PDFs: `add_pdf(ID, bytes)` makes GET /pdf/ID answer with those bytes, as arxiv.org/pdf/ID
does; a PDF it was not given is arXiv's 404 page (HTML).

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
    chunked: bool = False
    trickle: float = 0.0  # seconds between bytes of the body; 0: all at once


@dataclass
class Seen:
    params: dict[str, str]
    status: int
    fixture: str | None  # the recording served ("pdf:ID" for a PDF); None: scripted, unmatched
    path: str = "/api/query"


class ArxivServer:
    def __init__(self, fixtures: Path = FIXTURES, only: list[str] | None = None) -> None:
        self.fixtures = fixtures
        index = json.loads((fixtures / "index.json").read_text(encoding="utf-8"))
        self.index = [e for e in index if only is None or e["file"] in only]
        self.requests: list[Seen] = []
        self.unmatched: list[dict[str, str]] = []
        self.pdfs: dict[str, bytes] = {}
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
        chunked: bool = False,
        trickle: float = 0.0,
        times: int = 1,
    ) -> None:
        """Answer the next `times` requests like this, before any recording is consulted."""
        data = body.encode() if isinstance(body, str) else body
        for _ in range(times):
            self._script.append(Scripted(status, data, dict(headers or {}), hang, chunked, trickle))

    def add_pdf(self, arxiv_id: str, data: bytes) -> None:
        """Serve `data` at /pdf/ARXIV_ID (give the version too if the client asks with one)."""
        self.pdfs[arxiv_id] = data

    @property
    def served(self) -> list[str | None]:
        return [r.fixture for r in self.requests]

    # -- answering -------------------------------------------------------------------------

    def answer(
        self, params: dict[str, str], path: str = "/api/query"
    ) -> tuple[Scripted, str | None]:
        with self._lock:
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return scripted, None
        if path.startswith("/pdf/"):
            return self._pdf(path[len("/pdf/") :])
        query, ids = params.get("search_query", ""), params.get("id_list", "")
        start = int(params.get("start", "0"))
        size = int(params.get("max_results", "10"))
        matches = [e for e in self.index
                   if e["query"].get("search_query", "") == query
                   and e["query"].get("id_list", "") == ids]  # fmt: skip
        exact = [e for e in matches if _page(e) == (start, size)]
        from_zero = sorted((e for e in matches if _page(e)[0] == 0), key=lambda e: -_page(e)[1])
        chosen = (exact or from_zero or [None])[0]
        if chosen is None and ("," in ids or ") OR (" in query):
            return self._combined(query, ids, start, size), None
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

    def _combined(self, query: str, ids: str, start: int, size: int) -> Scripted:
        """A request for many papers at once (several ids, or title queries ORed), answered
        as arXiv would: the union of what each part was recorded to answer, taken in turns
        from each part's answer. A part with no recording is listed in `unmatched`."""
        if ids:
            parts = [("", one) for one in ids.split(",")]
        else:
            parts = [(group, "") for group in query.strip()[1:-1].split(") OR (")]
        answers = []
        for part_query, part_id in parts:
            recorded = [e for e in self.index if _page(e)[0] == 0
                        and e["query"].get("search_query", "") == part_query
                        and e["query"].get("id_list", "") == part_id]  # fmt: skip
            if not recorded:
                self.unmatched.append({"search_query": part_query, "id_list": part_id})
                continue
            feed = (self.fixtures / max(recorded, key=lambda e: _page(e)[1])["file"]).read_text(
                encoding="utf-8"
            )
            answers.append(_ENTRY.findall(feed))
        union: dict[str, str] = {}
        for turn in range(max((len(a) for a in answers), default=0)):
            for answer in answers:
                if turn < len(answer):
                    key = re.search(r"<id>(.*?)</id>", answer[turn])
                    union.setdefault(key.group(1) if key else answer[turn], answer[turn])
        entries = list(union.values())
        head = EMPTY_FEED.format(query=_xml(query), ids=_xml(ids), start=start, max=size)
        head = head.replace(
            "<opensearch:totalResults>0<", f"<opensearch:totalResults>{len(entries)}<"
        )
        body = head.replace("</feed>\n", "") + "".join(entries[start : start + size]) + "</feed>\n"
        return Scripted(200, body.encode("utf-8"), {"Content-Type": "application/atom+xml"})

    def _pdf(self, arxiv_id: str) -> tuple[Scripted, str | None]:
        data = self.pdfs.get(arxiv_id)
        if data is None:
            html = NOT_FOUND_PAGE.format(ident=_xml(arxiv_id)).encode()
            return Scripted(404, html, {"Content-Type": "text/html; charset=utf-8"}), None
        return Scripted(200, data, {"Content-Type": "application/pdf"}), f"pdf:{arxiv_id}"

    def wait_for_stop(self) -> None:
        self._stopping.wait()


NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Article identifier not recognized</title></head>
<body><h1>Article identifier '{ident}' not recognized</h1></body></html>
"""


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
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            reply, fixture = server.answer(params, url.path)
            server.requests.append(Seen(params, reply.status, fixture, url.path))
            if reply.hang:
                server.wait_for_stop()
                self.close_connection = True
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.chunked:
                for i in range(0, len(reply.body), 16384):
                    part = reply.body[i : i + 16384]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
            elif reply.trickle:
                for byte in reply.body:
                    if server._stopping.wait(reply.trickle):
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            else:
                self.wfile.write(reply.body)

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                # The client hung up before the answer ended (a download over its size
                # limit): its right, and no error of the server's.
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean; `requests` records everything

    return Handler
