"""The one progress loop: work through many items under a progress bar on stderr, one
failure never stopping the rest (resolve --all, import-readme --resolve, pdf --all
--download, extract DIR); and a bar for work that counts its own progress (import-readme)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
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


class BarAfterASecond:
    """A progress bar for work that reports its own progress (`update(done, total)`), shown
    on stderr only once the work has taken a second: a quick import shows none."""

    DELAY_SECONDS = 1.0

    def __init__(self, label: str) -> None:
        self.label = label
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> BarAfterASecond:
        self.started = time.monotonic()
        return self

    def update(self, done: int, total: int) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < self.DELAY_SECONDS:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                                     console=stderr_console())  # fmt: skip
            self.progress.start()
            self.task = self.progress.add_task("", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
