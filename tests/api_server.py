"""A local stand-in for the JSON APIs rl asks besides arXiv (Semantic Scholar, Crossref,
dblp), serving the recorded and hand-made answers of tests/fixtures/sources/<api>/.

Each entry of the folder's index.json names its answer's file, HTTP status and content type,
and the route it answers: a path and the query parameters that must be there with those
values. A request that no route answers gets a 404 with a JSON error and is listed in
`unmatched`, so a test can insist there were none. Every request is recorded (`requests`).

Tests of failures queue scripted answers first: a status with a body and headers; silence
(the handler waits until the server stops, so the client's timeout fires); or a trickle (the
headers, then the body a byte at a time, `time.sleep(trickle)` apart, as a hostile or broken
server might send it).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    trickle: float = 0.0  # seconds between bytes of the body; 0: all at once


@dataclass
class Seen:
    path: str
    params: dict[str, str]
    status: int
    fixture: str | None
    headers: dict[str, str] = field(default_factory=dict)


class ApiServer:
    def __init__(self, api: str, fixtures: Path = FIXTURES) -> None:
        self.folder = fixtures / api
        self.index = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
        self.requests: list[Seen] = []
        self.unmatched: list[tuple[str, dict[str, str]]] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> ApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def queue(self, status: int = 200, body: bytes | str = b"",
              headers: dict[str, str] | None = None, *, hang: bool = False,
              trickle: float = 0.0, times: int = 1) -> None:  # fmt: skip
        """Answer the next `times` requests like this, before any route is consulted."""
        data = body.encode() if isinstance(body, str) else body
        for _ in range(times):
            self._script.append(Reply(status, data, dict(headers or {}), hang, trickle))

    @property
    def last_headers(self) -> dict[str, str]:
        """The headers of the last request, names in lower case."""
        return self.requests[-1].headers

    def answer(self, path: str, params: dict[str, str]) -> tuple[Reply, str | None]:
        with self._lock:
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return scripted, None
        routes = [
            e
            for e in self.index
            if e["route"]["path"] == path
            and all(params.get(k) == v for k, v in e["route"].get("params", {}).items())
        ]
        if not routes:
            self.unmatched.append((path, params))
            body = json.dumps({"error": f"no recording answers {path} {params}"}).encode()
            return Reply(404, body, {"Content-Type": "application/json"}), None
        entry = max(routes, key=lambda e: len(e["route"].get("params", {})))
        body = (self.folder / entry["file"]).read_bytes()
        headers = {"Content-Type": entry.get("content_type", "application/json")}
        return Reply(entry.get("http_status", 200), body, headers), entry["file"]

    def wait_for_stop(self) -> None:
        self._stopping.wait()


def _handler(server: ApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            path = unquote(url.path)
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            reply, fixture = server.answer(path, params)
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.requests.append(Seen(path, params, reply.status, fixture, headers))
            if reply.hang:
                server.wait_for_stop()
                self.close_connection = True
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if not reply.trickle:
                self.wfile.write(reply.body)
                return
            for byte in reply.body:
                if server._stopping.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(reply.trickle)

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up on the answer: its right

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
