"""Open the user's $VISUAL/$EDITOR on a temporary file and return what they wrote."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from readinglist.errors import InvalidInput


def edit_text(initial: str, suffix: str = ".md") -> str:
    """The edited text; the temp file is removed whatever happens."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="rl-note-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(initial)
        try:
            done = subprocess.run([*shlex.split(command), str(path)], check=False)
        except FileNotFoundError as e:
            raise InvalidInput(
                f"cannot start the editor '{command}'. Set $EDITOR, or give the note as text: "
                'rl note REF "text"'
            ) from e
        if done.returncode != 0:
            raise InvalidInput(
                f"the editor '{command}' exited with status {done.returncode}; nothing was saved."
            )
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
