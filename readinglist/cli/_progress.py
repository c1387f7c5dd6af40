"""The one progress loop: work through many items under a progress bar on stderr, one
failure never stopping the rest (resolve --all, import-readme --resolve, pdf --all
--download, extract DIR); a bar for work that counts its own progress (import-readme); and
bars for work whose size is learnt on the way (a harvest)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from readinglist.cli._output import stderr_console, visible
from readinglist.errors import RLError

if TYPE_CHECKING:
    from readinglist.adding import BatchProgress

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
        TextColumn,
        TimeRemainingColumn,
    )

    from readinglist.sources import http

    results: list[tuple[T, R | RLError]] = []
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.description}", markup=False))  # fmt: skip
    with _progress(*columns, transient=transient) as progress:
        task = progress.add_task("", total=len(items))
        # What the sources wait for (the spacing between requests, a retry) shows beside the bar.
        http.waiting = lambda text: progress.update(task, description=text)
        try:
            for item in items:
                shown = visible(name(item)) if name is not None else ""
                progress.update(task, description=shown)
                try:
                    results.append((item, work(item)))
                except RLError as e:
                    results.append((item, e))
                progress.advance(task)
            progress.update(task, description="")
        finally:
            http.waiting = None
    return results


def follow_requests(steps: Iterable[BatchProgress], *, label: str) -> None:
    """A bar over a run of requests whose number is known only as it goes (each step says
    how many are planned), with the time left at the service's spacing (arXiv: 3 s)."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("requests"),
               TextColumn("{task.fields[left]}"))  # fmt: skip
    with _progress(*columns, transient=True) as progress:
        task = progress.add_task("", total=None, left="")
        for step in steps:
            left = f"about {step.seconds_left:.0f} s left" if step.seconds_left else ""
            progress.update(task, completed=step.requests, total=step.planned, left=left)


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
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn

            self.progress = _progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn())
            self.progress.start()
            self.task = self.progress.add_task("", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextmanager
def progress_bars(label: str) -> Iterator[Callable[[str, int, int | None], None]]:
    """Bars for work whose size is learnt as it goes (a harvest learns the size of a list
    from its first page). Yields update(name, done, total): the bar `name` is added the first
    time, then moved; a total of None draws a pulsing bar until one is known."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeRemainingColumn())  # fmt: skip
    with _progress(*columns) as progress:
        tasks: dict[str, Any] = {}

        def update(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=total)
            progress.update(tasks[name], completed=done, total=max(total or 0, done) or None)

        yield update


def _progress(*columns: Any, transient: bool = False) -> Any:
    """A rich Progress on stderr, drawn only on a terminal: in a log it is a line of noise."""
    from rich.progress import Progress

    console = stderr_console()
    return Progress(*columns, console=console, transient=transient,
                    disable=not console.is_terminal)  # fmt: skip
