"""Plain-text tables with highlighted words, for commands that must start instantly.

rich costs about 0.1 s to import and render, a third of what a bare Typer app costs to start;
`rl search` cannot afford it (see BENCHMARKS.md, "Search"). This covers what a result table
needs: columns fitted to the terminal, long cells wrapped at spaces, East Asian wide
characters padded as two cells, and highlighting in colour only on a terminal (NO_COLOR turns
it off, FORCE_COLOR on).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

HIGHLIGHT, RESET, DIM = "\x1b[1;33m", "\x1b[0m", "\x1b[2m"


@dataclass(frozen=True)
class Column:
    header: str
    align_right: bool = False
    # Columns with a share split what is left of the terminal width between them; the others
    # take the width of their longest cell.
    share: int = 0


def use_colour(stream: object = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def cells(text: str) -> int:
    """How many terminal cells `text` takes (East Asian wide characters take two)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def mark(text: str, start: str, end: str, colour: bool, style: str = HIGHLIGHT) -> str:
    """Replace the start/end markers around matched words with colour codes, or drop them."""
    if not colour:
        return text.replace(start, "").replace(end, "")
    return text.replace(start, style).replace(end, RESET)


def format_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None = None,
    markers: tuple[str, str] | None = None,
) -> str:
    """Rows under a header, cells wrapped to fit `width` (default: the terminal).

    `markers` (start, end) enclose highlighted words in the cells: they take no room, and a
    highlight cut by a line break is closed and reopened so each line stands alone. The
    caller turns them into colour (see mark()).
    """
    invisible = "".join(markers or ())
    width = width or shutil.get_terminal_size((100, 24)).columns

    def visible(text: str) -> int:
        return cells(text.translate({ord(ch): None for ch in invisible}))

    gap = 2
    natural = [
        max([visible(c.header), *(visible(r[i]) for r in rows)]) for i, c in enumerate(columns)
    ]
    widths = list(natural)
    flexible = [i for i, c in enumerate(columns) if c.share]
    room = width - gap * (len(columns) - 1) - sum(natural[i] for i in range(len(columns))
                                                  if i not in flexible)  # fmt: skip
    shares = sum(columns[i].share for i in flexible)
    # Water-filling: a column that needs less than its share gives the rest to the others.
    for i in sorted(flexible, key=lambda i: natural[i] / columns[i].share):
        fair = room * columns[i].share // shares if shares else room
        widths[i] = min(natural[i], max(10, fair))
        room -= widths[i]
        shares -= columns[i].share
    lines = [_row([c.header for c in columns], columns, widths, visible, gap)]
    lines.append((" " * gap).join("─" * w for w in widths))
    for row in rows:
        wrapped = [
            _balance(textwrap.wrap(cell, w, break_on_hyphens=False) or [""], markers)
            if c.share and visible(cell) > w
            else [cell]
            for cell, c, w in zip(row, columns, widths, strict=True)
        ]
        for i in range(max(len(w) for w in wrapped)):
            line = [w[i] if i < len(w) else "" for w in wrapped]
            lines.append(_row(line, columns, widths, visible, gap))
    return "\n".join(lines) + "\n"


def _balance(lines: list[str], markers: tuple[str, str] | None) -> list[str]:
    if not markers:
        return lines
    start, end = markers
    balanced, open_ = [], False
    for line in lines:
        line = (start if open_ else "") + line
        open_ = line.rfind(start) > line.rfind(end)
        balanced.append(line + (end if open_ else ""))
    return balanced


def _row(
    texts: Sequence[str],
    columns: Sequence[Column],
    widths: Sequence[int],
    visible: Callable[[str], int],
    gap: int,
) -> str:
    out = []
    for text, column, w in zip(texts, columns, widths, strict=True):
        pad = " " * max(0, w - visible(text))
        out.append(pad + text if column.align_right else text + pad)
    return (" " * gap).join(out).rstrip()


# -- long output: a pager, as git does ------------------------------------------------------


def pager_command() -> list[str] | None:
    """The pager for long output on a terminal: $RL_PAGER, else $PAGER, else less (with
    LESS=FRX, as git sets it: quit when it fits, keep colours, leave the screen as it is).
    None when it is turned off (empty, or cat) or cannot be found."""
    command = os.environ.get("RL_PAGER", os.environ.get("PAGER", "less")).strip()
    if not command or command == "cat":
        return None
    first = command.split()[0]
    if shutil.which(first) is None:
        return None
    return ["/bin/sh", "-c", command]


def page(lines: Iterable[str]) -> None:
    """Write `lines` (each ending in a newline) through the pager as they come; stop quietly
    when the reader quits it early."""
    import subprocess

    command = pager_command()
    assert command is not None, "page() needs a pager: check pager_command() first"
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    assert pager.stdin is not None
    stream = io.TextIOWrapper(pager.stdin, encoding="utf-8", errors="replace")
    try:
        for line in lines:
            stream.write(line)
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # they quit the pager: no need to go on
    finally:
        with contextlib.suppress(BrokenPipeError):
            stream.close()
        while True:
            try:
                pager.wait()
                break
            except KeyboardInterrupt:
                continue  # Ctrl-C is the pager's to handle (less ignores it)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, with an ellipsis where it was cut."""
    if cells(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        size = cells(ch)
        if used + size > width - 1:
            break
        out.append(ch)
        used += size
    return "".join(out) + "…"
