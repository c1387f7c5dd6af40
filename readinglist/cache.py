"""A day-long cache of metadata source answers, kept in the knowledge base (table arxiv_cache).

Repeating a lookup within a day costs no request: adding a title, then settling it with
`rl resolve N --pick 2`, asks arXiv once. Answers that found nothing are cached too; failures
are not.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from readinglist.papers import normalise_title
from readinglist.records import PaperRecord
from readinglist.sources import MetadataSource

MAX_AGE = timedelta(days=1)


class CachedSource:
    """Any MetadataSource, answered from the cache when it answered the same within MAX_AGE."""

    def __init__(
        self, inner: MetadataSource, conn: sqlite3.Connection, max_age: timedelta = MAX_AGE
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self._conn = conn
        self._max_age = max_age

    def lookup_id(self, identifier: str) -> PaperRecord | None:
        key = f"{self.name}:id:{identifier}"
        cached = self._get(key)
        if cached is not None:
            return cached[0] if cached else None
        record = self.inner.lookup_id(identifier)
        self._put({key: [record] if record else []})
        return record

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        key = f"{self.name}:title:{limit}:{normalise_title(title)}"
        cached = self._get(key)
        if cached is not None:
            return cached
        records = self.inner.search_title(title, limit)
        # Each result is also the answer to a lookup of its id (a later --pick costs nothing).
        answers = {f"{self.name}:id:{r.arxiv_id}": [r] for r in records if r.arxiv_id}
        self._put({**answers, key: records})
        return records

    def _get(self, key: str) -> list[PaperRecord] | None:
        cutoff = _stamp(datetime.now(UTC) - self._max_age)
        row = self._conn.execute(
            "SELECT records FROM arxiv_cache WHERE key = ? AND fetched_at > ?", (key, cutoff)
        ).fetchone()
        if row is None:
            return None
        return [PaperRecord.from_dict(d) for d in json.loads(row[0])]

    def _put(self, answers: dict[str, list[PaperRecord]]) -> None:
        now = datetime.now(UTC)
        with self._conn:
            self._conn.execute(
                "DELETE FROM arxiv_cache WHERE fetched_at <= ?", (_stamp(now - self._max_age),)
            )
            self._conn.executemany(
                "INSERT OR REPLACE INTO arxiv_cache (key, fetched_at, records) VALUES (?, ?, ?)",
                [
                    (key, _stamp(now), json.dumps([r.to_dict() for r in records]))
                    for key, records in answers.items()
                ],
            )


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
