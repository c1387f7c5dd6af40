"""The local arXiv mirror: a second SQLite store, beside the knowledge base (by default
data/arxiv-mirror.sqlite; RL_MIRROR puts it elsewhere), holding the metadata of the
categories the user harvested. Like readinglist.library for the knowledge base, this is
the one module that runs the mirror's SQL, and `open_mirror` the one way in: it creates the
schema and applies its migrations (numbered, append-only, `PRAGMA user_version`).

What is in it:

- `records`: one row per arXiv paper (title, authors, abstract, categories, dates, DOI,
  journal reference). Its id is computed from the arXiv id (`record_id`) so that id order is
  submission order, month by month: the newest papers have the highest ids. Discover's
  recency and `--since` are therefore ranges of ids, which FTS5 reads without a lookup.
  Its title key (the matcher's normalised title without spaces) and that key reversed are
  indexed: the same title, a title with a subtitle, and a title with a typo (one of its
  halves is intact) are range scans.
- `record_categories`: (category, record id) for each of a record's arXiv categories and
  their archive (cs.CL and cs), so `--cat` is one index probe per match.
- `records_fts` (title, authors, abstract) for discover, `titles_fts` (title alone) for
  resolving titles: the same text, but a title search reads only title doclists, 10-20
  times shorter. Both are external-content FTS5 tables (the text is stored once, in
  `records`), written by `save_page` beside the records: triggers did the same work a
  third slower (BENCHMARKS.md, "A local arXiv").
- `term_stats`: how many records hold each indexed word (and `mirror_stats` how many
  records there were), counted after each harvest: discover's IDF.
- `harvests`: one row per harvested OAI set: the `from` date of the next update, and the
  state of a harvest under way (the next page's resumption token), written in the same
  transaction as that page's records. An interrupted harvest therefore leaves the mirror
  at the end of its last complete page, with the token to continue from.

Writes are one transaction per page of records; readers (rl add, rl discover) run beside a
harvest (WAL). A Mirror opened read-only is what the matcher and discover use.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from readinglist.errors import DatabaseError, NotFound
from readinglist.sources import PaperRecord

if TYPE_CHECKING:
    from readinglist.sources.oai import OaiPage

BUSY_TIMEOUT_SECONDS = 10.0
# A harvest writes pages of ~1,000 records into two full-text indexes; a larger page cache
# spares FTS5 re-reading its segments while merging (64 MB; SQLite's default is 2 MB).
WRITE_CACHE_KIB = 64 * 1024
# Queries read index pages all over a multi-GB file: a memory map saves copying them. (Not
# when writing: a harvest reads little, and mapped pages would count as its memory.)
MMAP_BYTES = 1 << 34
TOKENIZE = "porter unicode61 remove_diacritics 2"
# Half a title key shorter than this (a title of a word or two) finds too many titles.
MIN_KEY_HALF = 8
# Record ids: the submission month (months since January 1991) times MONTH_SPAN, plus the
# number within the month. New-style numbers have at most 5 digits; old-style ones
# (hep-th/9901001) are 3 digits within their archive, placed at OLD_ARCHIVES.index * 1000.
MONTH_SPAN = 1_000_000
FIRST_YEAR = 1991
# Old-style archives in a fixed order (it is part of every old record's id: append only).
OLD_ARCHIVES = (
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an",
    "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an",
    "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin",
    "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph",
    "solv-int", "supr-con",
)  # fmt: skip

_COLUMNS = ("id", "arxiv_id", "version", "title", "title_key", "title_yek", "authors",
            "abstract", "categories", "published", "updated", "doi", "journal_ref", "comments",
            "datestamp")  # fmt: skip
# Where the indexed fields are in a row of _COLUMNS.
_TITLE, _AUTHORS, _ABSTRACT, _CATEGORIES = (
    _COLUMNS.index(c) for c in ("title", "authors", "abstract", "categories")
)
_UPSERT = (
    f"INSERT INTO records ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
)

# -- the schema: append a migration, never edit one ------------------------------------------

_FTS_TEXT = "title, authors, abstract"
# FTS5 merges a level's segments once it holds this many (its default is 4): a large harvest
# then spends a sixth less time merging (BENCHMARKS.md), and ends with `optimize` anyway.
AUTOMERGE = 8
MIGRATIONS: tuple[str, ...] = (
    f"""
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        arxiv_id TEXT NOT NULL UNIQUE,
        version INTEGER,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        title_yek TEXT NOT NULL,
        authors TEXT NOT NULL,
        abstract TEXT,
        categories TEXT NOT NULL,
        published TEXT,
        updated TEXT,
        doi TEXT,
        journal_ref TEXT,
        comments TEXT,
        datestamp TEXT NOT NULL
    );
    CREATE INDEX records_title_key ON records (title_key);
    CREATE INDEX records_title_yek ON records (title_yek);
    CREATE TABLE record_categories (
        category TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        PRIMARY KEY (category, record_id)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE records_fts USING fts5 (
        {_FTS_TEXT}, content = 'records', content_rowid = 'id', tokenize = '{TOKENIZE}'
    );
    CREATE VIRTUAL TABLE titles_fts USING fts5 (
        title, content = 'records', content_rowid = 'id', tokenize = '{TOKENIZE}'
    );
    INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', {AUTOMERGE});
    INSERT INTO titles_fts (titles_fts, rank) VALUES ('automerge', {AUTOMERGE});
    CREATE TABLE term_stats (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE mirror_stats (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE harvests (
        spec TEXT PRIMARY KEY,
        category TEXT NOT NULL,
        metadata_prefix TEXT NOT NULL,
        added_at TEXT NOT NULL,
        next_from TEXT,
        completed_at TEXT,
        pending_from TEXT,
        pending_date TEXT,
        pending_token TEXT,
        pending_pages INTEGER NOT NULL DEFAULT 0,
        pending_records INTEGER NOT NULL DEFAULT 0,
        list_size INTEGER
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


# -- record ids ------------------------------------------------------------------------------


def month_index(year: int, month: int = 1) -> int:
    """Months since January 1991, arXiv's first month."""
    return (year - FIRST_YEAR) * 12 + month - 1


def record_id(arxiv_id: str) -> int:
    """The mirror's id of a record: its submission month * MONTH_SPAN + its number that
    month. 1706.03762 -> 318_003_762; hep-th/9901001 -> 96_019_001. Raises ValueError for
    an id of no known form."""
    if "/" in arxiv_id:
        archive, number = arxiv_id.split("/")
        archive = archive.split(".")[0]
        yy, mm, seq = int(number[:2]), int(number[2:4]), int(number[4:])
        year = 1900 + yy if yy >= 91 else 2000 + yy
        return month_index(year, mm) * MONTH_SPAN + OLD_ARCHIVES.index(archive) * 1000 + seq
    head, number = arxiv_id.split(".")
    year, month = 2000 + int(head[:2]), int(head[2:])
    if len(head) != 4 or not 1 <= month <= 12 or not number.isdigit():
        raise ValueError(arxiv_id)
    return month_index(year, month) * MONTH_SPAN + int(number)


def month_of(rowid: int) -> tuple[int, int]:
    """(year, month) a record id was submitted in."""
    months = rowid // MONTH_SPAN
    return FIRST_YEAR + months // 12, months % 12 + 1


# -- typed rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HarvestedSet:
    """An OAI set in the mirror, and where its harvest stands."""

    spec: str  # cs:cs:CL
    category: str  # cs.CL
    metadata_prefix: str
    added_at: str
    next_from: str | None  # the `from` of the next update; None: never completed
    completed_at: str | None
    pending_from: str | None  # a harvest under way: the `from` it asked (None: everything)
    pending_date: str | None  # ... the server's date when it began (None: none under way)
    pending_token: str | None  # ... the token of its next page
    pending_pages: int
    pending_records: int
    list_size: int | None

    @property
    def under_way(self) -> bool:
        return self.pending_date is not None


class Unit(NamedTuple):
    """One ANDed part of a discover query, as the ranking sees it: a word, a phrase, or
    several ORed."""

    idf: float
    titles: str | None  # FTS5 expression over titles_fts: the titles that hold it (None: no
    # title matter, e.g. author:name)
    in_title: bool = False  # searched in titles only (title:word): every match holds it there


class Ranked(NamedTuple):
    """Discover's answer: records with scores (higher is better), best first."""

    results: list[tuple[PaperRecord, float]]
    # The id from which matches were ranked, when more matched than the budget allows
    # (only the newest were ranked); None when every match was.
    window_start: int | None


# -- opening ---------------------------------------------------------------------------------


def open_mirror(path: Path, *, create: bool = False, readonly: bool = False) -> Mirror:
    """Open the mirror at `path`: created (with `create`) and migrated as needed. Read-only
    opens never change the file. Raises NotFound when there is no mirror and `create` is
    False, DatabaseError for a file that is not a mirror or is from a newer rl."""
    path = Path(path).expanduser()
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise NotFound(
            f"there is no arXiv mirror at {path}. Create one with: rl mirror add cs.CL "
            "(any arXiv categories)"
        )
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not an arXiv mirror.")
    try:
        if readonly:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)  # fmt: skip
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        conn.row_factory = sqlite3.Row
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except (sqlite3.DatabaseError, OSError) as e:
        raise DatabaseError(f"{path} is not a usable arXiv mirror ({e}).") from e
    if version == 0 and tables:
        conn.close()
        raise DatabaseError(f"{path} is a SQLite database but not an arXiv mirror; "
                            "refusing to change it. Move it, or set RL_MIRROR.")  # fmt: skip
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{path} was written by a newer version of rl (mirror schema {version}, this rl "
            f"knows {SCHEMA_VERSION}). Upgrade rl: pip install -U readinglist."
        )
    if version < SCHEMA_VERSION:
        if readonly:
            conn.close()
            raise DatabaseError(f"the arXiv mirror {path} needs upgrading: run rl mirror update.")
        _migrate(conn, path)
    if readonly:
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    else:
        conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
        # In WAL mode NORMAL never corrupts the file; a power cut may undo the last pages
        # committed, and their tokens with them (they are fetched again). FULL would wait
        # for the disk after every page.
        conn.execute("PRAGMA synchronous = NORMAL")
    return Mirror(conn, path)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN EXCLUSIVE")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for script in MIGRATIONS[version:]:
            for statement in _statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        raise DatabaseError(f"cannot set up the arXiv mirror {path}: {e}") from e


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration, one by one (executescript would commit first)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the mirror ------------------------------------------------------------------------------


class Mirror:
    """Every read and write of one mirror file. See the module docstring."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._query_words = False  # temp.query_words exists (stems())

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen, or none (Ctrl-C included)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- harvested sets ----------------------------------------------------------------------

    def add_sets(self, sets: Sequence[tuple[str, str]], metadata_prefix: str) -> list[str]:
        """Register OAI sets (spec, category) to harvest; returns the specs that are new."""
        new = []
        with self.transaction():
            for spec, category in sets:
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO harvests (spec, category, metadata_prefix, added_at) "
                    "VALUES (?, ?, ?, ?)",
                    (spec, category, metadata_prefix, _now()),
                )
                if cursor.rowcount:
                    new.append(spec)
        return new

    def harvested_sets(self) -> list[HarvestedSet]:
        rows = self.conn.execute("SELECT * FROM harvests ORDER BY added_at, spec").fetchall()
        return [HarvestedSet(**dict(r)) for r in rows]

    def harvested_set(self, spec: str) -> HarvestedSet:
        row = self.conn.execute("SELECT * FROM harvests WHERE spec = ?", (spec,)).fetchone()
        if row is None:
            raise NotFound(f"{spec} is not in the arXiv mirror. Add it with: rl mirror add CAT")
        return HarvestedSet(**dict(row))

    def save_page(self, spec: str, page: OaiPage, *, since: str | None) -> HarvestedSet:
        """Store one page of a harvest of `spec` (asked with `from` = `since`) and where the
        harvest stands, in one transaction: after a crash the mirror holds this page and the
        token of the next, or neither. The first page of a harvest records the server's date;
        the last one makes it the `from` of the next update."""
        rows: dict[int, tuple[Any, ...]] = {}
        gone: list[str] = []
        for found in page.records:
            if found.record is None:
                gone.append(found.arxiv_id)
                continue
            try:
                row = _row(found.record, found.datestamp)
            except ValueError:
                continue  # an id of no form we can order (none is known)
            rows[row[0]] = row
        with self.transaction():
            old = self._stored([*rows, *(_id_or_none(a) for a in gone)])
            # Text and categories that change leave the indexes first, with what was indexed.
            stale = [r for i, r in old.items() if i not in rows or _indexed(rows[i]) != _indexed(r)]
            self._unindex(stale)
            self.conn.executemany(_UPSERT, rows.values())
            self.conn.executemany("DELETE FROM records WHERE id = ?",
                                  [(i,) for i in old if i not in rows])  # fmt: skip
            stale_ids = {r["id"] for r in stale}
            self._index([r for i, r in rows.items() if i not in old or i in stale_ids])
            self._record_state(spec, page, since)
            return self.harvested_set(spec)

    def _stored(self, ids: Sequence[int | None]) -> dict[int, sqlite3.Row]:
        """The stored rows among these ids: what their indexes hold."""
        wanted = [i for i in ids if i is not None]
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        rows = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM records WHERE id IN "
                                 f"({marks})", wanted)  # fmt: skip
        return {r["id"]: r for r in rows}

    def _index(self, rows: Sequence[Any]) -> None:
        """Add records (rows in _COLUMNS order) to both full-text indexes and their categories."""
        self.conn.executemany(
            "INSERT INTO records_fts (rowid, title, authors, abstract) VALUES (?, ?, ?, ?)",
            [(r[0], r[_TITLE], r[_AUTHORS], r[_ABSTRACT]) for r in rows],
        )
        self.conn.executemany("INSERT INTO titles_fts (rowid, title) VALUES (?, ?)",
                              [(r[0], r[_TITLE]) for r in rows])  # fmt: skip
        self.conn.executemany(
            "INSERT OR IGNORE INTO record_categories (category, record_id) VALUES (?, ?)",
            [(c, r[0]) for r in rows for c in _category_keys(r[_CATEGORIES])],
        )

    def _unindex(self, rows: Sequence[Any]) -> None:
        """Take records out of both indexes: FTS5 needs the text exactly as it was indexed."""
        self.conn.executemany(
            "INSERT INTO records_fts (records_fts, rowid, title, authors, abstract) "
            "VALUES ('delete', ?, ?, ?, ?)",
            [(r[0], r[_TITLE], r[_AUTHORS], r[_ABSTRACT]) for r in rows],
        )
        self.conn.executemany(
            "INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', ?, ?)",
            [(r[0], r[_TITLE]) for r in rows],
        )
        self.conn.executemany(
            "DELETE FROM record_categories WHERE category = ? AND record_id = ?",
            [(c, r[0]) for r in rows for c in _category_keys(r[_CATEGORIES])],
        )

    def _record_state(self, spec: str, page: OaiPage, since: str | None) -> None:
        current = self.harvested_set(spec)
        started = current.pending_date or page.response_date or _now()[:10]
        if page.token is None:
            self.conn.execute(
                "UPDATE harvests SET next_from = ?, completed_at = ?, pending_from = NULL, "
                "pending_date = NULL, pending_token = NULL, pending_pages = 0, "
                "pending_records = 0, list_size = NULL WHERE spec = ?",
                (started, _now(), spec),
            )
        else:
            self.conn.execute(
                "UPDATE harvests SET pending_from = ?, pending_date = ?, pending_token = ?, "
                "pending_pages = pending_pages + 1, pending_records = pending_records + ?, "
                "list_size = coalesce(?, list_size) WHERE spec = ?",
                (since, started, page.token, len(page.records), page.list_size, spec),
            )

    def forget_token(self, spec: str) -> None:
        """The server no longer knows the token of a harvest under way: its list will be
        asked again from the start, with the same `from` (what is stored stays), and the
        next update will start from the day that list began."""
        with self.transaction():
            self.conn.execute(
                "UPDATE harvests SET pending_token = NULL, pending_date = NULL, "
                "pending_pages = 0, pending_records = 0 WHERE spec = ?",
                (spec,),
            )

    # -- reading records ---------------------------------------------------------------------

    def record(self, arxiv_id: str) -> PaperRecord | None:
        row = self.conn.execute("SELECT * FROM records WHERE arxiv_id = ?", (arxiv_id,)).fetchone()
        return _record(row) if row else None

    def title_candidates(
        self,
        key: str,
        words: Sequence[str],
        *,
        limit: int,
        budget: int,
        rare: int,
        near_limit: int,
    ) -> list[PaperRecord]:
        """Records whose title may be the one searched, for the matcher to score.

        - the titles whose squashed normalised title is `key`, when there are any: no title
          can match better, and nothing else is read;
        - else titles that begin with `key` (it, and a subtitle), and titles that begin with
          its first half or end with its second half (`near_limit` of each): a typo or a
          changed small word leaves one half as it was;
        - and titles holding every one of `words` (stemmed, in any order; a word no title has
          is left out, a typo most likely), the `limit` closest in length to `key`, when one
          of the words is in fewer than `rare` titles (else walking the posting lists of
          common words would cost tens of milliseconds) and `budget` titles at most have
          them all (a phrase that common is no title to search by).

        No bm25: FTS5 computes it by walking the whole posting list of every word, ~40 ms at
        2.6 million titles for a word such as "learning", whatever few titles match."""
        same = "SELECT id FROM records WHERE title_key = ? ORDER BY id LIMIT ?"
        exact = [r[0] for r in self.conn.execute(same, (key, limit))]
        if exact:
            return self._in_order(exact)
        ids: dict[int, None] = {}
        half = len(key) // 2
        starts = (("title_key", key), ("title_key", key[:half]),
                  ("title_yek", key[::-1][: len(key) - half]))  # fmt: skip
        for column, start in starts:
            if len(start) < MIN_KEY_HALF:
                continue
            for row in self.conn.execute(
                f"SELECT id FROM records WHERE {column} > ?1 AND {column} < ?1 || char(1114111) "
                f"ORDER BY {column} LIMIT ?2",
                (start, near_limit),
            ):
                ids[row[0]] = None
        known = [w for w in words if self._titles_with(w, 1) > 0]
        if any(self._titles_with(w, rare) < rare for w in known):
            match = " AND ".join(_phrase(w) for w in known)
            matched = [r[0] for r in self.conn.execute(
                "SELECT rowid FROM titles_fts WHERE titles_fts MATCH ? LIMIT ?",
                (match, budget + 1))]  # fmt: skip
            if len(matched) > limit and len(matched) <= budget:
                matched = self._closest_titles(matched, len(key), limit)
            if len(matched) <= budget:
                ids.update(dict.fromkeys(matched))
        return self._in_order(list(ids))

    def _in_order(self, ids: list[int]) -> list[PaperRecord]:
        found = self._records(ids)
        return [found[i] for i in ids if i in found]

    def _titles_with(self, word: str, at_most: int) -> int:
        """How many titles hold `word` (stemmed), counting no further than `at_most`: a
        count that stops early costs what it counted, not the word's whole posting list."""
        row = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM titles_fts WHERE titles_fts MATCH ? LIMIT ?)",
            (_phrase(word), at_most),
        ).fetchone()
        return int(row[0])

    def _closest_titles(self, ids: Sequence[int], length: int, limit: int) -> list[int]:
        """The `limit` of these records whose title key is closest to `length` characters."""
        marks = ", ".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id FROM records WHERE id IN ({marks}) "
            "ORDER BY abs(length(title_key) - ?), id DESC LIMIT ?",
            (*ids, length, limit),
        )
        return [r[0] for r in rows]

    def rank(
        self,
        match: str,
        units: Sequence[Unit],
        *,
        title_weight: float,
        text_weight: float,
        recency_weight: float,
        half_life_months: float,
        now_month: int,
        since: int = 0,
        categories: Sequence[str] = (),
        limit: int,
        budget: int,
    ) -> Ranked:
        """The best `limit` records matching an FTS5 expression over title, authors and
        abstract, from record id `since` on, in any of `categories` (arXiv categories or
        archives), scored

            sum over units of idf * (title_weight if the unit is in the title else
            text_weight), times (1 + recency_weight * half_life / (half_life + age))

        with the age in months (this month's papers get the whole boost, papers
        half_life_months old half of it: a hyperbola, so old classics fade but never vanish).

        No query costs much more than `budget` matches: when more records match, only the
        newest `budget` are ranked (the window's first id is returned), and a unit that more
        titles of the window hold counts as in the title for the newest `budget` of them.
        FTS5's bm25 is not used: it walks the whole posting list of every word of the query
        to count its documents, 7-60 ms a common word at 2.6 million records."""
        where = "records_fts MATCH :match AND f.rowid >= :since"
        params: dict[str, Any] = {"match": match, "since": since, "budget": budget,
                                  "limit": limit, "now": now_month, "w": recency_weight,
                                  "half": half_life_months, "title": title_weight,
                                  "text": text_weight}  # fmt: skip
        if categories:
            marks = ", ".join(f":c{i}" for i in range(len(categories)))
            where += (" AND EXISTS (SELECT 1 FROM record_categories c WHERE c.category IN "
                      f"({marks}) AND c.record_id = f.rowid)")  # fmt: skip
            params |= {f"c{i}": c.lower() for i, c in enumerate(categories)}
        window = None
        parts = []
        try:
            edge = self.conn.execute(
                f"SELECT f.rowid FROM records_fts f WHERE {where} "
                "ORDER BY f.rowid DESC LIMIT 1 OFFSET :budget",
                params,
            ).fetchone()
            if edge is not None:
                window = params["since"] = edge[0] + 1
            for i, unit in enumerate(units):
                params[f"i{i}"] = unit.idf
                hit = "1" if unit.in_title else "0"
                if unit.titles and not unit.in_title:
                    # A unit in more than `budget` titles of the window counts as in the
                    # title for the newest `budget` of them only.
                    params[f"t{i}"] = unit.titles
                    titles = f"SELECT rowid FROM titles_fts WHERE titles_fts MATCH :t{i}"
                    edge = self.conn.execute(
                        f"{titles} AND rowid >= :since ORDER BY rowid DESC LIMIT 1 OFFSET :budget",
                        params,
                    ).fetchone()
                    params[f"s{i}"] = params["since"] if edge is None else edge[0] + 1
                    hit = f"(f.rowid IN ({titles} AND rowid >= :s{i}))"
                parts.append(f":i{i} * (:text + (:title - :text) * {hit})")
            # Ages below zero (a clock set back) count as this month.
            age = f"max(0, :now - f.rowid / {MONTH_SPAN})"
            relevance = " + ".join(parts) or "1.0"
            rows = self.conn.execute(
                f"SELECT f.rowid, ({relevance}) * (1.0 + :w * :half / (:half + {age})) AS score "
                f"FROM records_fts f WHERE {where} ORDER BY score DESC, f.rowid DESC "
                "LIMIT :limit",
                params,
            ).fetchall()
        except sqlite3.OperationalError as e:
            raise DatabaseError(f"the mirror could not run the search ({e}).") from e
        found = self._records([row[0] for row in rows])
        return Ranked([(found[row[0]], row[1]) for row in rows if row[0] in found], window)

    # -- document frequencies (for IDF) --------------------------------------------------

    def refresh_term_stats(self) -> None:
        """Count, for every indexed word, the records that hold it, and the records: what
        discover's IDF needs, read in one walk of the index after a harvest (8 s at 2.6
        million records) instead of one walk per word per query."""
        self._vocabulary()
        with self.transaction():
            self.conn.execute("DELETE FROM term_stats")
            self.conn.execute("INSERT INTO term_stats (term, docs) "
                              "SELECT term, doc FROM temp.records_vocabulary")  # fmt: skip
            self.conn.execute("INSERT OR REPLACE INTO mirror_stats (name, value) "
                              "VALUES ('records', (SELECT count(*) FROM records))")  # fmt: skip

    def records_total(self) -> int | None:
        """Records when the word counts were last made (None: never)."""
        row = self.conn.execute("SELECT value FROM mirror_stats WHERE name = 'records'").fetchone()
        return int(row[0]) if row else None

    def term_docs(self, terms: Sequence[str]) -> dict[str, int]:
        """Records holding each indexed word (a stem, as stems() gives it)."""
        marks = ", ".join("?" * len(terms))
        rows = self.conn.execute(
            f"SELECT term, docs FROM term_stats WHERE term IN ({marks})", list(terms)
        )
        return {r[0]: int(r[1]) for r in rows}

    def prefix_docs(self, prefix: str) -> int:
        """Records holding a word that begins with `prefix` (counted once per word)."""
        row = self.conn.execute(
            "SELECT coalesce(sum(docs), 0) FROM term_stats "
            "WHERE term >= ?1 AND term < ?1 || char(1114111)",
            (prefix,),
        ).fetchone()
        return int(row[0])

    def stems(self, text: str) -> list[str]:
        """The words of `text` as the indexes hold them (FTS5's own tokenizer: lower case,
        no accents, Porter-stemmed), in order: "Memory Networks" -> ["memori", "network"]."""
        if not self._query_words:
            self.conn.execute(
                f"CREATE VIRTUAL TABLE temp.query_words USING fts5 (text, tokenize = '{TOKENIZE}')"
            )
            self.conn.execute("CREATE VIRTUAL TABLE temp.query_terms "
                              "USING fts5vocab (temp, query_words, 'instance')")  # fmt: skip
            self._query_words = True
        self.conn.execute("DELETE FROM temp.query_words")
        self.conn.execute("INSERT INTO temp.query_words (text) VALUES (?)", (text,))
        return [
            r[0] for r in self.conn.execute("SELECT term FROM temp.query_terms ORDER BY offset")
        ]

    def _vocabulary(self) -> None:
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.records_vocabulary "
                          "USING fts5vocab (main, records_fts, 'row')")  # fmt: skip

    def _records(self, ids: Sequence[int]) -> dict[int, PaperRecord]:
        """The records with these ids, by id."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT * FROM records WHERE id IN ({marks})", list(ids))
        return {r["id"]: _record(r) for r in rows}

    def has_category(self, category: str) -> bool:
        """Whether any record is in this arXiv category or archive (any case)."""
        row = self.conn.execute(
            "SELECT 1 FROM record_categories WHERE category = ? LIMIT 1", (category.lower(),)
        ).fetchone()
        return row is not None

    # -- figures -----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Records in the mirror, and in each harvested set's category (or archive)."""
        figures = {"records": self.conn.execute("SELECT count(*) FROM records").fetchone()[0]}
        for harvested in self.harvested_sets():
            figures[harvested.spec] = self.conn.execute(
                "SELECT count(*) FROM record_categories WHERE category = ?",
                (harvested.category.lower(),),
            ).fetchone()[0]
        return figures

    def newest(self) -> str | None:
        """The arXiv id of the newest record."""
        row = self.conn.execute("SELECT arxiv_id FROM records ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def optimize(self) -> None:
        """Merge each full-text index into one segment (after a large harvest: queries read
        one b-tree per term instead of several)."""
        with self.transaction():
            self.conn.execute("INSERT INTO records_fts (records_fts) VALUES ('optimize')")
            self.conn.execute("INSERT INTO titles_fts (titles_fts) VALUES ('optimize')")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_problems(self) -> list[str]:
        """What SQLite and FTS5 find wrong with the file (nothing: [])."""
        problems = [r[0] for r in self.conn.execute("PRAGMA quick_check") if r[0] != "ok"]
        for table in ("records_fts", "titles_fts"):
            try:
                self.conn.execute(
                    f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as e:
                problems.append(f"{table}: {e}")
        return problems


def _id_or_none(arxiv_id: str) -> int | None:
    try:
        return record_id(arxiv_id)
    except ValueError:
        return None


def _indexed(row: Any) -> tuple[Any, ...]:
    """What the indexes hold of a record: title, authors, abstract, categories."""
    return (row[_TITLE], row[_AUTHORS], row[_ABSTRACT], row[_CATEGORIES])


def _category_keys(categories_json: str) -> list[str]:
    """The keys `--cat` finds a record by: each category and its archive, in lower case
    (cs.CL -> cs.cl and cs; hep-th -> hep-th)."""
    keys: dict[str, None] = {}
    for category in json.loads(categories_json):
        keys[category.lower()] = None
        if "." in category:
            keys[category.split(".")[0].lower()] = None
    return list(keys)


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def title_key(title: str) -> str:
    """What `title_candidates` finds a title by: the matcher's normalised title without its
    spaces ("Auto-Encoder" and "AutoEncoder" alike)."""
    if title.isascii():
        # The same, a fifth of a harvest's time faster: for ASCII, NFKD changes nothing and
        # there are no accents to drop (normalise_title looks at every character for them).
        return "".join(_WORDS.findall(title.lower()))
    from readinglist.matching import normalise_title

    return normalise_title(title).replace(" ", "")


_WORDS = re.compile(r"\w+")


def _row(record: PaperRecord, datestamp: str) -> tuple[Any, ...]:
    assert record.arxiv_id is not None
    key = title_key(record.title)
    return (
        record_id(record.arxiv_id),
        record.arxiv_id,
        record.version,
        record.title,
        key,
        key[::-1],
        json.dumps(list(record.authors), ensure_ascii=False),
        record.abstract,
        json.dumps(list(record.categories)),
        record.published,
        record.updated,
        record.doi,
        record.venue,
        record.comment,
        datestamp,
    )


def _record(row: sqlite3.Row) -> PaperRecord:
    arxiv_id = row["arxiv_id"]
    version = row["version"]
    published = row["published"]
    year = int(published[:4]) if published else month_of(row["id"])[0]
    return PaperRecord(
        title=row["title"],
        source="arxiv",  # arXiv's own metadata, harvested: the pipeline treats it as arXiv's
        source_id=arxiv_id,
        arxiv_id=arxiv_id,
        version=version,
        authors=tuple(json.loads(row["authors"])),
        year=year,
        abstract=row["abstract"],
        published=published,
        updated=row["updated"],
        categories=tuple(json.loads(row["categories"])),
        doi=row["doi"],
        venue=row["journal_ref"],
        comment=row["comments"],
        pdf_url=f"https://arxiv.org/pdf/{arxiv_id}" + (f"v{version}" if version else ""),
        url=f"https://arxiv.org/abs/{arxiv_id}",
    )
