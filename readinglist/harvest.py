"""Harvesting arXiv categories into the local mirror: the loop that asks arXiv's OAI-PMH
interface (sources.oai) for one page of records after another and stores each
(Mirror.save_page).

- `add_categories` registers categories (as OAI sets) with the mirror, creating it;
- `harvest` brings sets up to date: a set never harvested is fetched whole; one harvested
  before, only what changed from the day its last complete harvest began (`from=`); one
  whose harvest was interrupted continues from its next page.

Nothing is half-written. Each page is stored together with the harvest's state (the next
page's resumption token) in one transaction, so a harvest stopped anywhere (Ctrl-C, the
network, arXiv asking for a long pause) leaves the mirror at the end of its last complete
page; HarvestStopped says which, and the next `harvest` continues from there. A token the
server no longer knows (they expire) starts that set's list again, with the same `from`:
the pages stored already are rewritten, nothing is lost.

Only one harvest runs into a mirror at a time (a lock file beside it); `rl add` and
`rl discover` read it meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.errors import InvalidInput, NetworkError, NotFound, RLError

if TYPE_CHECKING:
    from readinglist.mirror import HarvestedSet, Mirror
    from readinglist.sources.oai import OaiClient

# A harvest that stored at least this many records merges the full-text indexes afterwards
# (Mirror.optimize): queries then read one segment per word instead of a dozen.
OPTIMIZE_AFTER = 50_000


class HarvestStopped(RLError):
    """A harvest that did not finish; the message says where each set stands."""


class HarvestBusy(RLError):
    """Another process is harvesting into the same mirror."""


@dataclass(frozen=True)
class Progress:
    """Where a harvest stands, after each page."""

    spec: str
    category: str
    records: int  # records of this set's list stored so far (this run and earlier ones)
    list_size: int | None  # records in the whole list, once the server has said
    pages: int  # pages stored by this run


@dataclass(frozen=True)
class SetReport:
    """What a harvest did for one set."""

    spec: str
    category: str
    since: str | None  # the `from` it asked (None: everything)
    pages: int  # pages stored by this run
    records: int  # records stored (new or changed) by this run
    deleted: int  # records arXiv marked deleted, removed
    continued: bool  # it continued an interrupted harvest
    restarted: bool  # the interrupted harvest's token had expired: its list began again


ProgressCallback = Callable[[Progress], None]


def add_categories(
    path: Path, categories: Sequence[str], metadata_prefix: str
) -> tuple[Mirror, list[str]]:
    """The mirror at `path` (created if need be) with arXiv categories (cs.CL, hep-th, a set
    spec) registered; returns it and the set specs of the categories, in order. Raises
    InvalidInput for a name that is no category, before anything is created."""
    from readinglist.mirror import open_mirror
    from readinglist.sources.oai import FORMATS, category_of, set_spec

    if metadata_prefix not in FORMATS:
        raise InvalidInput(f"--format must be one of {', '.join(FORMATS)}, not "
                           f"'{metadata_prefix}'.")  # fmt: skip
    specs = list(dict.fromkeys(set_spec(c) for c in categories))
    mirror = open_mirror(path, create=True)
    mirror.add_sets([(spec, category_of(spec)) for spec in specs], metadata_prefix)
    return mirror, specs


def harvest(
    mirror: Mirror,
    specs: Sequence[str] | None = None,
    *,
    client: OaiClient | None = None,
    progress: ProgressCallback | None = None,
) -> list[SetReport]:
    """Bring the sets `specs` (default: every harvested set) up to date, one after the
    other. Raises HarvestStopped when a set could not be finished (the network, Ctrl-C),
    saying what is stored and that the next harvest continues it."""
    from readinglist.sources.oai import OaiClient, category_of

    known = {s.spec: s for s in mirror.harvested_sets()}
    for spec in specs or ():
        if spec not in known:
            raise NotFound(f"{category_of(spec)} is not in the arXiv mirror. Add it with: "
                           f"rl mirror add {category_of(spec)}")  # fmt: skip
    chosen = [known[s] for s in specs] if specs else list(known.values())
    if not chosen:
        raise InvalidInput("the arXiv mirror has no categories yet. Add some with: "
                           "rl mirror add cs.CL cs.LG")  # fmt: skip
    client = client or OaiClient()
    reports: list[SetReport] = []
    with _harvest_lock(mirror.path):
        for harvested in chosen:
            try:
                reports.append(_harvest_set(mirror, client, harvested, progress))
            except (NetworkError, KeyboardInterrupt) as e:
                raise _stopped(mirror, harvested, reports, e) from None
        changed = sum(r.records + r.deleted for r in reports)
        if changed >= OPTIMIZE_AFTER:
            mirror.optimize()
        if changed or mirror.records_total() is None:
            mirror.refresh_term_stats()  # discover's word counts
    return reports


def _harvest_set(
    mirror: Mirror, client: OaiClient, harvested: HarvestedSet, progress: ProgressCallback | None
) -> SetReport:
    from readinglist.sources.http import BadResponse
    from readinglist.sources.oai import ExpiredToken

    spec = harvested.spec
    continued = harvested.under_way
    since = harvested.pending_from if continued else harvested.next_from
    token = harvested.pending_token if continued else None
    before = harvested.pending_records if token else 0  # stored by the interrupted run
    restarted = False
    pages = records = deleted = 0
    while True:
        try:
            page = client.list_records(spec=spec, metadata_prefix=harvested.metadata_prefix,
                                       since=since, token=token)  # fmt: skip
        except ExpiredToken as e:
            if token is None or restarted:
                raise BadResponse(f"arXiv's OAI-PMH interface refused a resumption token it "
                                  f"had just given ({e}). Try again later.") from None  # fmt: skip
            mirror.forget_token(spec)
            token, restarted, before = None, True, 0
            continue
        mirror.save_page(spec, page, since=since)
        pages += 1
        records += sum(r.record is not None for r in page.records)
        deleted += sum(r.record is None for r in page.records)
        if progress is not None:
            done = before + records + deleted
            progress(Progress(spec, harvested.category, done, page.list_size, pages))
        if page.token is None:
            break
        token = page.token
    return SetReport(spec, harvested.category, since, pages, records, deleted, continued,
                     restarted)  # fmt: skip


def _stopped(
    mirror: Mirror, harvested: HarvestedSet, done: list[SetReport], error: BaseException
) -> HarvestStopped:
    """What to tell the user when a harvest stops: why, and where each set stands."""
    state = mirror.harvested_set(harvested.spec)
    why = "interrupted" if isinstance(error, KeyboardInterrupt) else f"stopped: {error}"
    lines = [f"{r.category}: up to date." for r in done]
    if state.under_way:
        lines.append(
            f"{state.category}: {state.pending_pages} page(s), {state.pending_records:,} "
            "records stored; run rl mirror update to continue from the next page."
        )
    else:
        when = f"as of {state.next_from}" if state.next_from else "not harvested yet"
        lines.append(f"{state.category}: unchanged ({when}); rl mirror update tries again.")
    stopped = HarvestStopped(f"the harvest was {why.rstrip('.')}.", details=lines)
    if isinstance(error, KeyboardInterrupt):
        stopped.exit_code = 130  # as a shell reports Ctrl-C
    return stopped


@contextmanager
def _harvest_lock(path: Path) -> Iterator[None]:
    """Hold MIRROR.lock while harvesting; another harvest of the same mirror is refused at
    once rather than interleaving its pages (and tokens) with this one's. The kernel drops
    the lock when a process dies. Without fcntl (Windows) there is no lock."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock = Path(f"{path}.lock")
    with os.fdopen(os.open(lock, os.O_RDWR | os.O_CREAT, 0o644), "r+b") as file:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HarvestBusy(
                f"another rl is harvesting into {path}; wait for it to finish (or stop it)."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
