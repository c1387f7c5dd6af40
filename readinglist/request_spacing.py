"""One request at a time to a server, at least `delay` seconds apart, across every rl process on
this machine (issue 3: arXiv's terms of use ask for 3 s between requests).

Spacing within one process is not enough: `for t in ...; do rl add "$t" --cat x; done` starts
a new process per title. So the time of the last request to each server is kept in a small
file in the user's cache directory ($XDG_CACHE_HOME/rl, else ~/.cache/rl), and a process holds
an exclusive lock on that file (fcntl.flock) from before its wait until its request is done.
The kernel drops the lock when a process dies, so a killed rl never blocks the next one.

Times in the file are wall-clock (time.time), the only clock processes share. A clock set back
could make the last request look to be in the future; the wait never exceeds `delay` though.

Where the file cannot be used (no fcntl, as on Windows; a cache directory that cannot be
written), requests are spaced within this process only, as they would be without the file.
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit


def cache_dir() -> Path | None:
    """rl's directory in the user's cache: $XDG_CACHE_HOME/rl, else ~/.cache/rl (None when
    there is no home directory to put it in)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative path
        return Path(xdg) / "rl"
    try:
        return Path.home() / ".cache" / "rl"
    except (RuntimeError, KeyError):
        return None


def last_request_file(url: str) -> Path | None:
    """The file that records the last request to `url`'s server, e.g.
    ~/.cache/rl/export.arxiv.org.last-request. A mirror on another host has its own."""
    directory = cache_dir()
    if directory is None:
        return None
    server = re.sub(r"[^A-Za-z0-9.-]", "_", urlsplit(url).netloc) or "server"
    return directory / f"{server}.last-request"


class RequestSpacing:
    """Give each request its turn: `with spacing.turn(): send the request`."""

    def __init__(self, delay: float, path: Path | None) -> None:
        self.delay = delay
        self.path = path  # None: space the requests of this process only
        self._lock = threading.Lock()
        self._last: float | None = None  # this process's last request

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait until no other request is being sent and `delay` has passed since the last
        one, here or in another process; the request is sent inside the block."""
        with self._lock, self._locked_file() as file:
            stamps = [t for t in (self._last, _read_stamp(file)) if t is not None]
            if stamps:
                wait = min(self.delay, self.delay - (time.time() - max(stamps)))
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                # Stamped when the answer is in, so a slow answer is not followed at once.
                self._last = time.time()
                _write_stamp(file, self._last)

    @contextmanager
    def _locked_file(self) -> Iterator[IO[bytes] | None]:
        if self.path is None:
            yield None
            return
        try:
            import fcntl

            self.path.parent.mkdir(parents=True, exist_ok=True)
            file = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644), "r+b")
        except (ImportError, OSError):
            yield None
            return
        with file:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)
            try:
                yield file
            finally:
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def _read_stamp(file: IO[bytes] | None) -> float | None:
    if file is None:
        return None
    file.seek(0)
    try:
        stamp = float(file.read(64).decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None  # empty (new) or damaged: as if there had been no request
    return stamp if math.isfinite(stamp) else None


def _write_stamp(file: IO[bytes] | None, stamp: float) -> None:
    if file is None:
        return
    try:
        file.seek(0)
        file.truncate()
        file.write(f"{stamp:.6f}\n".encode("ascii"))
        file.flush()
    except OSError:
        pass  # a full disk: the next process merely waits less
