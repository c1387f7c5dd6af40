"""Open the user's $VISUAL/$EDITOR on a temporary file and return what they wrote; a
paper's fields as text to edit there, and what the edited text changes."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.errors import InvalidInput

if TYPE_CHECKING:
    from readinglist.library import Paper


def edit_text(initial: str, suffix: str = ".md", *, instead: str = 'rl note REF "text"') -> str:
    """The edited text; the temp file is removed whatever happens. `instead` says how to do
    without an editor."""
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
                f"cannot start the editor '{command}'. Set $EDITOR, or do without: {instead}"
            ) from e
        if done.returncode != 0:
            raise InvalidInput(
                f"the editor '{command}' exited with status {done.returncode}; nothing was saved."
            )
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


# -- a paper's fields as text to edit (rl edit REF with no options) ---------------------------

# In the order shown; the abstract goes last, as everything below its line.
EDITABLE = ("title", "label", "category", "status", "year", "authors", "venue", "url", "doi",
            "arxiv_id", "abstract")  # fmt: skip
_HEADER = (
    "# #{id}: change what you like, save and close. Only the fields you change are stored;\n"
    "# a field left empty is cleared. The abstract is everything below its line.\n"
    "# Lines starting with '# ' are dropped.\n"
)


def fields_text(paper: Paper) -> str:
    """The paper's editable fields, one `name: value` a line, the abstract last."""
    values = {name: getattr(paper, name) for name in EDITABLE}
    values["authors"] = ", ".join(paper.authors)
    lines = [_HEADER.format(id=paper.id)]
    lines += [f"{name}: {'' if values[name] is None else values[name]}\n"
              for name in EDITABLE if name != "abstract"]  # fmt: skip
    lines.append(f"abstract:\n{paper.abstract or ''}\n")
    return "".join(lines)


def changed_fields(paper: Paper, text: str) -> dict[str, object]:
    """What `text` (as fields_text writes it, or any of its lines) changes of the paper: only
    the fields it names and gives another value. Raises InvalidInput naming the line."""
    from readinglist.cli import parse_authors

    given: dict[str, object] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith("# ") or line == "#" or not line.strip():
            continue
        name, colon, value = line.partition(":")
        name = name.strip()
        if not colon or name not in EDITABLE:
            raise InvalidInput(
                f"line {number}: '{line}' is not 'field: value' for a field rl edit knows "
                f"({', '.join(EDITABLE)}). Nothing was changed."
            )
        if name == "abstract":
            rest = [value.strip(), *(ln for ln in lines[number:] if not ln.startswith("# "))]
            given[name] = "\n".join(rest).strip() or None
            break
        value = value.strip()
        if name == "year" and value:
            if not value.isdigit():
                raise InvalidInput(f"line {number}: year '{value}' is not a year. Nothing was "
                                   "changed.")  # fmt: skip
            given[name] = int(value)
        elif name == "authors":
            given[name] = parse_authors(value)
        else:
            given[name] = value or None
    current: dict[str, object] = {name: getattr(paper, name) for name in EDITABLE}
    return {name: value for name, value in given.items() if value != current[name]}
