"""What rl asks the user: which candidate is the paper (see cli.chooser for when)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readinglist.cli._output import candidates_table, stderr_console, visible

if TYPE_CHECKING:
    from readinglist.matching import Resolution


def ask_which(resolution: Resolution) -> int | None:
    """Show the candidates and read the user's choice: an index, or None for none of them."""
    console = stderr_console()
    what = resolution.parsed.text if resolution.parsed else "this paper"
    console.print(visible(f"Which paper is '{what}'? Not sure: {resolution.reason}."))
    console.print(candidates_table(resolution))
    count = len(resolution.candidates)
    while True:
        try:
            answer = console.input(f"Number 1-{count}, or Enter for none of these: ").strip()
        except EOFError:
            return None
        if answer.lower() in ("", "0", "n", "no", "none"):
            return None
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer) - 1
        console.print(f"Type a number from 1 to {count}, or press Enter for none.")
