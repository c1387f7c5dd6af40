"""What every source that talks to a web API shares: settings from the environment, reading
Retry-After, naming why a request failed, and request spacing.

Request spacing: one request at a time to a server, at least `delay` seconds apart, across
every rl process on this machine (arXiv's terms of use ask for 3 s between requests).

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from readinglist.errors import InvalidInput

# Who hears what rl is waiting for (the spacing between requests, a retry's pause), as one
# line of text: the face shows it beside a spinner; None, nobody. Sources only say it.
waiting: Callable[[str], None] | None = None


def tell_waiting(text: str) -> None:
    if waiting is not None:
        waiting(text)


@dataclass(frozen=True)
class Settings:
    """How rl talks to one web service."""

    url: str
    delay: float  # seconds between requests, across every rl process
    timeout: float  # seconds to wait for an answer
    # Shared by every rl process, so that together they keep `delay` between requests;
    # None spaces the requests of this process only.
    last_request_file: Path | None = None

    @classmethod
    def from_env(cls, prefix: str, *, url: str, delay: float, timeout: float) -> Settings:
        """PREFIX_URL, PREFIX_DELAY and PREFIX_TIMEOUT from the environment, else the
        defaults given."""
        chosen = env_url(f"{prefix}_URL", url)
        return cls(
            url=chosen,
            delay=env_number(f"{prefix}_DELAY", delay, allow_zero=True),
            timeout=env_number(f"{prefix}_TIMEOUT", timeout, allow_zero=False),
            last_request_file=last_request_file(chosen),
        )


def polite_session(
    settings: Settings, *, user_agent: str, check: Callable[[Any], None] | None = None
) -> Any:
    """A requests.Session that sends one request at a time, `settings.delay` apart across
    every rl process (RequestSpacing), each with the timeout and user agent, and passes every
    200 answer to `check` (unless the request says check=False, as a PDF download does).
    `last_response` and `retry_after()` tell the caller about the last answer."""
    import requests

    class PoliteSession(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            self._spacing = RequestSpacing(
                settings.delay, settings.last_request_file, urlsplit(settings.url).netloc
            )
            self.last_response: requests.Response | None = None

        def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
            checked = kwargs.pop("check", True)
            kwargs["timeout"] = settings.timeout
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "user-agent": user_agent}
            with self._spacing.turn():
                self.last_response = None
                response = super().request(method, url, *args, **kwargs)
            self.last_response = response
            if response.status_code == 200 and checked and check is not None:
                check(response)
            return response

        def retry_after(self) -> float | None:
            if self.last_response is None:
                return None
            return parse_retry_after(self.last_response.headers.get("Retry-After"))

    return PoliteSession()


def env_number(name: str, default: float, *, allow_zero: bool, unit: str = "seconds") -> float:
    """A number of `unit` from the environment variable `name`, else `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        floor = "0 or more" if allow_zero else "more than 0"
        raise InvalidInput(f"{name} must be a number of {unit} ({floor}), not '{raw}'.")
    return value


def env_url(name: str, default: str) -> str:
    """An http(s) base URL from the environment variable `name`, else `default`."""
    url = os.environ.get(name, "").strip() or default
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"{name} must be an http(s) URL such as {default}, not '{url}'.")
    return url


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _causes(error: BaseException) -> list[BaseException]:
    """The exception and what caused it, outermost first (urllib3 nests a few levels)."""
    chain = [error]
    for _ in range(10):  # never loop forever on a cyclic chain
        inner = chain[-1].__cause__ or chain[-1].__context__
        if inner is None:
            break
        chain.append(inner)
    return chain


def no_name_resolution(error: BaseException) -> bool:
    """The host name did not resolve: offline, or a mistyped URL (waiting will not help)."""
    import socket

    return any(isinstance(cause, socket.gaierror) for cause in _causes(error))


def reason(error: BaseException) -> str:
    """The innermost cause, e.g. 'Connection refused', rather than urllib3's wall of text."""
    text = str(_causes(error)[-1])
    if "] " in text:  # "[Errno 111] Connection refused"
        text = text.split("] ", 1)[1]
    return text or type(error).__name__


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

    def __init__(self, delay: float, path: Path | None, server: str = "the server") -> None:
        self.delay = delay
        self.path = path  # None: space the requests of this process only
        self.server = server
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
                    tell_waiting(f"waiting {wait:.0f} s between requests to {self.server}")
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
