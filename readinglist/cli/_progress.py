"""The one progress loop: work through many items under a progress bar on stderr, one
failure never stopping the rest (resolve --all, import-readme --resolve, pdf --all
--download, extract DIR)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from readinglist.cli._output import stderr_console
from readinglist.errors import RLError

T = TypeVar("T")
R = TypeVar("R")


def each_with_progress(
    items: Sequence[T],
    work: Callable[[T], R],
    *,
    label: str,
    name: Callable[[T], str] | None = None,
    transient: bool = False,
) -> list[tuple[T, R | RLError]]:
    """`work(item)` for every item, in order, with a bar labelled `label` (and `name(item)`
    beside it while that item is worked on). Returns each item with its result, or with the
    RLError that stopped it. `transient`: the bar disappears when done (a question follows)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from readinglist.sources import http

    results: list[tuple[T, R | RLError]] = []
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.description}"))  # fmt: skip
    with Progress(*columns, console=stderr_console(), transient=transient) as progress:
        task = progress.add_task("", total=len(items))
        # What the sources wait for (the spacing between requests, a retry) shows beside the bar.
        http.waiting = lambda text: progress.update(task, description=text)
        try:
            for item in items:
                progress.update(task, description=name(item) if name is not None else "")
                try:
                    results.append((item, work(item)))
                except RLError as e:
                    results.append((item, e))
                progress.advance(task)
            progress.update(task, description="")
        finally:
            http.waiting = None
    return results
