"""Keep a generated block inside a hand-written file up to date.

The block lies between a line `<!-- rl:start -->` and a line `<!-- rl:end -->`; everything
outside them is the user's and is never changed. Files are replaced whole or not at all
(readinglist.files), and only when their content changes.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from readinglist.errors import InvalidInput, NotFound

START = "<!-- rl:start -->"
END = "<!-- rl:end -->"


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise NotFound(f"{path} does not exist.") from e
    except IsADirectoryError as e:
        raise InvalidInput(f"{path} is a directory; give a Markdown file.") from e
    except OSError as e:
        raise InvalidInput(f"cannot read {path}: {e.strerror}.") from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path} is not UTF-8 text; rl leaves it untouched.") from e


def has_markers(text: str) -> bool:
    return any(line.strip() in (START, END) for line in text.splitlines())


def splice(text: str, block: str, name: str, *, start: str = START, end: str = END) -> str:
    """`text` with the lines between its `start` and `end` marker lines replaced by `block`.

    Raises InvalidInput when the markers are missing, repeated or in the wrong order
    (`name` names the file in the message).
    """
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == start]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    how = f"Put a line {start} and, below it, a line {end} where the generated text goes."
    if not starts or not ends:
        missing = " and ".join(m for m, found in ((start, starts), (end, ends)) if not found)
        raise InvalidInput(f"{name} has no {missing} line; it was left untouched. {how}")
    if len(starts) > 1 or len(ends) > 1:
        raise InvalidInput(
            f"{name} has {len(starts)} {start} and {len(ends)} {end} lines; it needs exactly "
            f"one of each, so it was left untouched."
        )
    first, last = starts[0], ends[0]
    if last < first:
        raise InvalidInput(
            f"{name} has {end} on line {last + 1}, before {start} on line {first + 1}; "
            "it was left untouched."
        )
    if any(line.strip() in (start, end) for line in block.splitlines()):
        raise InvalidInput(
            f"the rendered text itself contains {start} or {end}; use a template that renders "
            f"only the block that goes between them. {name} was left untouched."
        )
    if block and not block.endswith("\n"):
        block += "\n"
    return "".join(lines[: first + 1]) + block + "".join(lines[last:])


def expected_content(text: str, rendered: str, name: str) -> str:
    """What `name` should hold: `rendered` between its markers, or all of it without any."""
    return splice(text, rendered, name) if has_markers(text) else rendered


def unified_diff(current: str, expected: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"{name} (current)",
            tofile=f"{name} (rendered)",
        )
    )
