"""What every source that talks to a web API shares: settings from the environment, a
polite session, the retry loop, and request spacing.

- Settings: PREFIX_URL, PREFIX_DELAY, PREFIX_TIMEOUT (and any other number a source names)
  from the environment, e.g. RL_S2_URL, RL_S2_DELAY.
- The polite session sends one request at a time, `delay` apart across every rl process,
  with a user agent, and reads each answer itself: at most MAX_ANSWER_BYTES, and within
  `timeout` seconds in all (requests' own timeout is per read, so a server that trickles a
  byte every few seconds would otherwise hold rl for ever).
- WebClient.with_retries: up to MAX_ATTEMPTS tries with growing waits on 429/5xx and
  connection errors, honouring Retry-After; after the last try the service counts as
  unavailable for the rest of the run, so one dead service costs one wait, not one per paper.
  A timeout is not tried again: it already cost the whole of its wait.

Request spacing: spacing within one process is not enough: `for t in ...; do rl add "$t"
--cat x; done` starts a new process per title. So the time of the last request to each server
is kept in a small file in the user's cache directory ($XDG_CACHE_HOME/rl, else ~/.cache/rl),
and a process holds an exclusive lock on that file (fcntl.flock) from before its wait until
its request is done. The kernel drops the lock when a process dies, so a killed rl never
blocks the next one. Times in the file are wall-clock (time.time), the only clock processes
share; a clock set back could make the last request look to be in the future, but the wait
never exceeds `delay`. Where the file cannot be used (no fcntl, as on Windows; a cache
directory that cannot be written), requests are spaced within this process only.
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
from typing import IO, Any, ClassVar, TypeVar, cast
from urllib.parse import urlsplit

from readinglist import __version__
from readinglist.errors import InvalidInput, NetworkError

# Three tries in all: enough to ride out a brief 503, short enough that a user waits < 1 min.
MAX_ATTEMPTS = 3
# Longest wait between tries we accept; a longer Retry-After means "come back later".
MAX_WAIT = 60.0
# Statuses worth another try: rate limiting and a busy or restarting server.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# The largest API answer read: a page of search results is tens of KB; a server sending
# hundreds of MB is broken or hostile, and reading it all would cost as much memory.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
_CHUNK = 64 * 1024
T = TypeVar("T")


class Unavailable(NetworkError):
    """A service could not be reached, or did not answer in time, after every try."""


class BadResponse(NetworkError):
    """A service answered, but not usably (a refusal, an answer that cannot be read)."""


class Transient(Exception):
    """A try that failed in a way worth repeating after a wait (busy, a short page)."""

    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry_after = retry_after


class AnswerTooLarge(Exception):
    """An answer past MAX_ANSWER_BYTES; raised from the session while reading it."""


class DeadlineExceeded(Exception):
    """An answer still arriving when the request's whole time ran out."""


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
    timeout: float  # seconds a request may take in all (and each read)
    # Shared by every rl process, so that together they keep `delay` between requests;
    # None spaces the requests of this process only.
    last_request_file: Path | None = None
    # The largest file (a PDF) downloaded from the service; papers run to a few MB, long
    # theses to 20-30, anything bigger is not what was asked for.
    pdf_max_mb: float = 50.0

    @property
    def pdf_max_bytes(self) -> int:
        return max(1, int(self.pdf_max_mb * 1024 * 1024))

    # A service's own settings class may name its variables' prefix and its defaults (url,
    # delay, timeout and any extra number), so that from_env() needs no arguments.
    env_prefix: ClassVar[str] = ""
    env_defaults: ClassVar[dict[str, Any]] = {}

    @classmethod
    def from_env(cls: type[S], prefix: str = "", **given: Any) -> S:
        """PREFIX_URL, PREFIX_DELAY, PREFIX_TIMEOUT and PREFIX_<NAME> for each extra number
        (a name ending in _mb is a size in MB) from the environment, else the defaults: those
        given, else the class's."""
        prefix = prefix or cls.env_prefix
        numbers = {**cls.env_defaults, **given}
        url, delay, timeout = numbers.pop("url"), numbers.pop("delay"), numbers.pop("timeout")
        chosen = env_url(f"{prefix}_URL", url)
        extra = {name: env_number(f"{prefix}_{name.upper()}", default, allow_zero=False,
                                  unit="MB" if name.endswith("_mb") else "seconds")
                 for name, default in numbers.items()}  # fmt: skip
        return cls(
            url=chosen,
            delay=env_number(f"{prefix}_DELAY", delay, allow_zero=True),
            timeout=env_number(f"{prefix}_TIMEOUT", timeout, allow_zero=False),
            last_request_file=last_request_file(chosen),
            **extra,
        )


S = TypeVar("S", bound=Settings)


def polite_session(
    settings: Settings,
    *,
    user_agent: str | None = None,
    headers: dict[str, str] | None = None,
    check: Callable[[Any], None] | None = None,
) -> Any:
    """A requests.Session that sends one request at a time, `settings.delay` apart across
    every rl process (RequestSpacing), each with the user agent and `headers`, and reads each
    answer within `settings.timeout` in all and MAX_ANSWER_BYTES (a request with stream=True
    reads its own body). Every 200 answer goes to `check` (unless the request says
    check=False). `last_response` and `retry_after()` tell the caller about the last answer."""
    import requests

    agent = user_agent or f"rl/{__version__} (https://github.com/; reading-list tool)"

    class PoliteSession(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            self._spacing = RequestSpacing(
                settings.delay, settings.last_request_file, urlsplit(settings.url).netloc
            )
            self.last_response: requests.Response | None = None

        def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
            checked = kwargs.pop("check", True)
            streamed = kwargs.get("stream", False)
            kwargs["stream"] = True
            kwargs["timeout"] = settings.timeout
            kwargs["headers"] = {**(headers or {}), **(kwargs.get("headers") or {}),
                                 "user-agent": agent}  # fmt: skip
            with self._spacing.turn():
                self.last_response = None
                deadline = time.monotonic() + settings.timeout
                response = _within(deadline, requests.Session.request, self, method, url,
                                   *args, **kwargs)  # fmt: skip
                if not streamed:
                    _read_body(response, deadline)
            self.last_response = response
            if response.status_code == 200 and checked and check is not None:
                check(response)
            return response

        def retry_after(self) -> float | None:
            if self.last_response is None:
                return None
            return parse_retry_after(self.last_response.headers.get("Retry-After"))

    return PoliteSession()


def _within(deadline: float, send: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`send(*args, **kwargs)` (a request, up to its headers), given up at `deadline`. The
    socket's timeout counts each read alone, so a server that sends its headers a byte at a
    time would never time out: the request runs in a thread of its own, left behind (a
    daemon, its socket closed with the process) if the deadline passes."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = send(*args, **kwargs)
        except BaseException as e:  # handed to the caller's thread as it is
            outcome["error"] = e

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise DeadlineExceeded()
    if "error" in outcome:
        raise outcome["error"]
    return cast(T, outcome["value"])


def _read_body(response: Any, deadline: float) -> None:
    """Read the answer into response.content, giving up past MAX_ANSWER_BYTES or past the
    deadline (checked after every chunk the server sends, however small)."""
    data = bytearray()
    try:
        declared = int(response.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_ANSWER_BYTES:
        response.close()
        raise AnswerTooLarge(f"{declared} bytes announced")
    while True:
        # read1: whatever one read of the socket brings (read() would wait for the whole
        # chunk, however slowly it arrives, and never look at the clock).
        chunk = response.raw.read1(_CHUNK, decode_content=True)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_ANSWER_BYTES:
            response.close()
            raise AnswerTooLarge(f"more than {MAX_ANSWER_BYTES // (1024 * 1024)} MB")
        if time.monotonic() > deadline:
            response.close()
            raise DeadlineExceeded()
    response._content = bytes(data)
    response._content_consumed = True


class WebClient:
    """A polite client of one web service, `name` in messages ("Semantic Scholar"). Keep one
    per run: it spaces its requests apart, and after the service proved unavailable, further
    calls fail at once with the same error."""

    def __init__(
        self,
        settings: Settings,
        name: str,
        *,
        user_agent: str | None = None,
        headers: dict[str, str] | None = None,
        check: Callable[[Any], None] | None = None,
    ) -> None:
        self.settings = settings
        self.name = name
        self.session = polite_session(settings, user_agent=user_agent, headers=headers,
                                      check=check)  # fmt: skip
        self.unavailable: Unavailable | None = None

    @classmethod
    def from_env(
        cls,
        settings: type[Settings],
        name: str,
        *,
        user_agent: str | None = None,
        headers: dict[str, str] | None = None,
        check: Callable[[Any], None] | None = None,
    ) -> WebClient:
        """A client of the service whose settings class is `settings`, configured from the
        environment (see Settings.from_env)."""
        return cls(settings.from_env(), name, user_agent=user_agent, headers=headers, check=check)

    def get_json(
        self, url: str, params: dict[str, Any] | None = None, *, what: str, missing: int = 404
    ) -> Any:
        """The JSON answer to GET `url`, or None when the service answers `missing` (it has
        no such record). Raises BadResponse for other refusals and for an answer that is not
        JSON, Unavailable when the service cannot be reached."""
        import json

        def attempt() -> Any:
            response = self.session.get(url, params=params)
            status = response.status_code
            if status == missing:
                return None
            if status in RETRY_STATUSES:
                raise Transient(
                    f"{self.name} is busy (HTTP {status})", retry_after=self.session.retry_after()
                )
            if status != 200:
                raise BadResponse(
                    f"{self.name} refused {what} (HTTP {status}). Check it; if it looks right, "
                    "try again later."
                )
            try:
                return json.loads(response.content)
            except (ValueError, UnicodeDecodeError) as e:
                raise BadResponse(
                    f"{self.name}'s answer to {what} was not JSON ({e}). Try again later; if it "
                    "persists, check the service's URL setting."
                ) from None

        return self.with_retries(attempt, unreachable=f"cannot connect to {self.settings.url}")

    def with_retries(self, attempt: Callable[[], T], *, unreachable: str) -> T:
        """`attempt()`, tried up to MAX_ATTEMPTS times with growing waits while it fails in a
        way worth repeating (Transient, a connection error). After the last try, or a timeout, the
        service counts as unavailable for the rest of this client's life."""
        import requests

        if self.unavailable is not None:
            raise self.unavailable
        problem, advice = "", ""
        for n in range(MAX_ATTEMPTS):
            retry_after: float | None = None
            try:
                return attempt()
            except Transient as e:
                problem, advice, retry_after = e.problem, "Try again later.", e.retry_after
                if retry_after is not None and retry_after > MAX_WAIT:
                    raise self._give_up(
                        f"{self.name} asks us to wait {retry_after:.0f} s before the next "
                        "request", "Try again then.",
                    ) from None  # fmt: skip
            except AnswerTooLarge as e:
                raise BadResponse(
                    f"{self.name} sent an answer larger than rl reads ({e}); it was abandoned. "
                    "Check the service's URL setting."
                ) from None
            except (requests.Timeout, DeadlineExceeded):
                # Not tried again: a service that does not answer in its time is taken as
                # unavailable for this run, so one slow source never holds the others up.
                raise self._give_up(
                    f"{self.name} did not answer within {self.settings.timeout:g} s",
                    "Check your connection and try again later.",
                ) from None
            except requests.RequestException as e:
                problem = f"{unreachable} ({reason(e)})"
                advice = "Check your connection and try again later."
                if no_name_resolution(e):
                    # Offline, or a mistyped URL: waiting will not change that, and a user
                    # should not sit through the backoff to learn it.
                    raise self._give_up(problem, advice) from None
            if n + 1 < MAX_ATTEMPTS:
                pause = self._backoff(n, retry_after)
                tell_waiting(f"{problem}: trying again in {pause:.0f} s ({n + 2} of "
                             f"{MAX_ATTEMPTS} tries)")  # fmt: skip
                time.sleep(pause)
        raise self._give_up(f"{problem}; tried {MAX_ATTEMPTS} times", advice) from None

    def _give_up(self, problem: str, advice: str) -> Unavailable:
        self.unavailable = Unavailable(f"{problem}. {advice}")
        return self.unavailable

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before try `attempt + 2`: doubling from twice the request spacing
        (at least 2 s), or what the server's Retry-After asks if that is longer."""
        wait = max(self.settings.delay, 1.0) * 2 ** (attempt + 1)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, MAX_WAIT)


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
        file.write(f"{stamp!r}\n".encode("ascii"))  # repr: read back exactly
        file.flush()
    except OSError:
        pass  # a full disk: the next process merely waits less
