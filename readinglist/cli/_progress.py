"""The one progress loop: work through many items under a progress bar on stderr, one
failure never stopping the rest (resolve --all, import-readme --resolve, pdf --all
--download, extract DIR); and bars for work whose size is learnt on the way (a harvest).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

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

    results: list[tuple[T, R | RLError]] = []
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.description}"))  # fmt: skip
    with Progress(*columns, console=stderr_console(), transient=transient) as progress:
        task = progress.add_task("", total=len(items))
        for item in items:
            if name is not None:
                progress.update(task, description=name(item))
            try:
                results.append((item, work(item)))
            except RLError as e:
                results.append((item, e))
            progress.advance(task)
        progress.update(task, description="")
    return results


@contextmanager
def progress_bars(label: str) -> Iterator[Callable[[str, int, int | None], None]]:
    """Bars for work whose size is learnt as it goes (a harvest learns the size of a list
    from its first page). Yields update(name, done, total): the bar `name` is added the first
    time, then moved; a total of None draws a pulsing bar until one is known."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=stderr_console()) as progress:
        tasks: dict[str, Any] = {}

        def update(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=total)
            progress.update(tasks[name], completed=done, total=max(total or 0, done) or None)

        yield update
