"""Errors a user can cause. Each message says what happened and what to do next.

The CLI turns any RLError into `Error: <message>` on stderr and exit code 1; nothing else
should reach the user as a traceback (set RL_DEBUG=1 to see one).
"""

from __future__ import annotations

from collections.abc import Iterable


class RLError(Exception):
    """A failure the user can understand and act on."""

    exit_code = 1

    def __init__(self, message: str, *, details: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        # Extra lines printed under the message, e.g. the candidates of an ambiguous REF.
        self.details = list(details)


class DatabaseError(RLError):
    """The knowledge base file is missing, not SQLite, or from a newer rl."""


class NotFound(RLError):
    """A REF or category that matches nothing."""


class Ambiguous(RLError):
    """A REF that matches several papers; `details` lists them."""


class Duplicate(RLError):
    """Adding a paper that is already stored."""


class InvalidInput(RLError):
    """A value the user gave that cannot be used as it is."""


class NetworkError(RLError):
    """A remote service could not be reached or answered badly."""


class UnreadablePdf(RLError):
    """A file that is not a PDF, is damaged or encrypted, or has no usable text layer."""


class Interrupted(RLError):
    """The user pressed Ctrl-C; what could be kept was kept, and the message says what."""

    exit_code = 130  # the shell's code for a process ended by SIGINT
