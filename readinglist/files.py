"""Writing the user's files: whole or not at all.

A file is replaced through a temporary file in the same folder and an atomic rename, so a
reader (or a crash) never sees half of it, and a failure leaves the old file as it was.
Used for `rl render --in-place` (a README) and `rl export -o` (an export).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from readinglist.errors import InvalidInput


def replace_file(path: Path, text: str, *, failed: str = "it was left untouched") -> None:
    """Write `text` (UTF-8) to `path`, through a symlink to the file it names. An existing
    file keeps its permissions; a new one gets what open() would give it. On failure, an
    InvalidInput says `cannot write PATH: REASON; FAILED.`"""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _default_mode()
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror}; {failed}.") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as e:
        Path(temp).unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {e.strerror}; {failed}.") from e


def _default_mode() -> int:
    """What a new file gets from open(): 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
