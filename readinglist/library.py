"""The knowledge base: the one module that runs SQL (the DDL lives in migrations.py).

`open_library(path)` is the one way in: it locates nothing (readinglist.config does),
refuses files that are not an rl knowledge base, migrates an older one and returns a
`Library`. A Library is to rl what sqlite-utils' `Database` is to its callers: every read
and write of papers, notes, categories, PDF texts, source ids and the source cache is a
method here, taking and returning typed rows (`Paper`, `Note`, `Category`). Nothing else
builds SQL.

One user action is one transaction: methods that write open `transaction()`, and a caller
that makes several writes in one action (a paper, its first note and its PDF text) wraps
them in an outer `transaction()`, which the inner ones join. The connection runs in
autocommit mode so that a transaction is exactly what `transaction()` says; each starts
with BEGIN IMMEDIATE, taking the write lock at once, so two rl processes never deadlock
upgrading a read to a write.

Read-only commands must stay instant, so the hot path uses the standard library's sqlite3
only and compares `PRAGMA user_version` with SCHEMA_VERSION; sqlite-utils (and numpy with
it, ~0.3 s of imports) is loaded only when migrations are pending.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from readinglist.errors import Ambiguous, DatabaseError, Duplicate, InvalidInput, NotFound

if TYPE_CHECKING:
    from readinglist.identifiers import ArxivId

# The number of migrations in readinglist.migrations; bump it with every new migration.
SCHEMA_VERSION = 12

DEFAULT_DB = Path("data") / "papers.sqlite"
# Several rl processes may write at once (a resolve --all beside an rl note): wait for the
# lock rather than failing with "database is locked".
BUSY_TIMEOUT_SECONDS = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite integers are signed 64-bit: a larger id names no row, and Python's sqlite3 would
# raise OverflowError binding it.
_MAX_ID = 2**63 - 1

STATUSES = ("to-read", "reading", "read")
# A label is the user's Markdown, kept as written, or plain text rl made (from a title).
LABEL_FORMATS = ("markdown", "text")
RESOLUTIONS = ("resolved", "unresolved", "not-found", "manual")
# Columns a caller may set; id, title_key, position and added_at are the library's to manage.
# `ids` is not a column: it fills paper_ids (scheme -> value) for ids without a column.
FIELDS = (
    "arxiv_id", "version", "title", "label", "authors", "year", "published", "updated",
    "abstract", "abstract_source", "metadata_source", "arxiv_categories", "doi", "venue",
    "comment", "url", "pdf_url", "pdf_path", "category", "status", "read_at", "resolution",
    "candidates", "pages", "field_sources", "ids", "label_format", "literal_authors",
    "publication",
)  # fmt: skip
_JSON_FIELDS = ("authors", "arxiv_categories", "candidates", "field_sources", "literal_authors",
                "publication")  # fmt: skip
# Ids with a column of their own in papers; any other scheme lives in paper_ids.
_ID_COLUMNS = {"arxiv": "arxiv_id", "doi": "doi"}
# Lower-case letters of any script (a heading in Chinese keeps a readable slug), digits, '-'
# and '_'.
_SLUG = re.compile(r"^[^\W_][\w-]*$")
# Values bound in one `IN (...)` (SQLite allows 32,766 variables a statement).
_IN_CHUNK = 500
_WORD = re.compile(r"[^\W_]")
_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Ranking and filtering a search read pages all over a large index: reading them through a
# memory map halves the time of a filtered search at 100,000 papers (BENCHMARKS.md).
_MMAP_BYTES = 1 << 30
# The page cache while an import stores thousands of papers (negative: KiB), against
# SQLite's 2 MB default: the search index being built stays in memory.
_BULK_CACHE_KIB = -64 * 1024


# The matcher's normalised title is the duplicate key, and an arXiv id is checked by the
# identifiers' rules; both are imported when first needed, so that `rl search` (which needs
# neither) does not pay for them.


def normalise_title(title: str) -> str:
    from readinglist.matching import normalise_title

    return normalise_title(title)


def parse_arxiv_id(text: str) -> ArxivId | None:
    from readinglist.identifiers import parse_arxiv_id

    return parse_arxiv_id(text)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def one_line(label: str) -> str:
    """A label on one line, otherwise kept byte for byte.

    Labels are the user's own Markdown (a table cell as written), so runs of spaces inside
    them are theirs to keep; only line breaks, which would break the table row, become spaces.
    """
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", label).strip(" \t")


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"unknown status '{status}'. Use one of: {', '.join(STATUSES)}.")
    return status


def check_title(title: str) -> str:
    """A title as stored: one line (a line break would break the table it renders into),
    with a letter or digit (without one it can be neither looked up nor told apart: its
    normalised form, the duplicate key, would be empty)."""
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("the title is empty.")
    if not _WORD.search(title):
        raise InvalidInput(
            f"'{title}' is not a title: it has no letters or digits. Give the paper's title."
        )
    return title


def check_note(body: str | None) -> str | None:
    """A note as stored: its text without surrounding blank space, never empty."""
    if body is None:
        return None
    body = body.strip()
    if not body:
        raise InvalidInput("the note is empty; nothing was saved.")
    return body


# -- rows ------------------------------------------------------------------------------------


# Rows are plain slotted dataclasses, not frozen ones: a frozen dataclass sets each of a
# paper's 30 fields through object.__setattr__, which `rl list` would pay 100,000 times over.
@dataclass(slots=True)
class Note:
    id: int
    created_at: str
    text: str  # Markdown
    label: str | None  # the note's row in the reading-list table, when it is one

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at, "text": self.text,
                "label": self.label}  # fmt: skip


@dataclass(slots=True)
class Category:
    slug: str
    heading: str
    position: int
    papers: int  # how many papers it holds


@dataclass(slots=True)
class Paper:
    id: int
    title: str
    label: str
    category: str
    position: int
    status: str
    resolution: str
    added_at: str
    arxiv_id: str | None = None
    version: int | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    published: str | None = None
    updated: str | None = None
    abstract: str | None = None
    abstract_source: str | None = None  # arxiv, pdf, manual, or another source's name
    metadata_source: str | None = None  # where title, authors, year and venue came from
    arxiv_categories: list[str] = field(default_factory=list)
    doi: str | None = None
    venue: str | None = None
    comment: str | None = None
    url: str | None = None
    pdf_url: str | None = None
    pdf_path: str | None = None
    read_at: str | None = None
    candidates: list[dict[str, Any]] | None = None  # while unresolved: [{source, id, ...}]
    pages: str | None = None
    # Where each field came from: {"title": "arxiv", "venue": "s2", "year": "manual", ...}
    field_sources: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # every id: arxiv, doi, s2, acl, ...
    # "markdown": the label is the user's Markdown, as written; "text": plain text rl made
    label_format: str = "markdown"
    # Those of the authors that are one name, never split (an organisation, a collaboration)
    literal_authors: list[str] = field(default_factory=list)
    # As the file it was imported from said: {"type": "article", "venue": "Neural
    # computation", "volume": "9", "number": "8", "publisher": ..., "isbn": ...}
    publication: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Every field, notes as dicts: what JSON output and templates see."""
        data = {name: getattr(self, name) for name in _PAPER_FIELDS}
        data["notes"] = [n.as_dict() for n in self.notes]
        data["ids"] = dict(self.ids)
        return data


_PAPER_FIELDS = tuple(Paper.__dataclass_fields__)


class ListedPaper(NamedTuple):
    """What a listing shows of a paper (a NamedTuple: 100,000 of them are built per rl list)."""

    id: int
    label: str
    year: int | None
    status: str
    arxiv_id: str | None
    resolution: str


def _listed_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> ListedPaper:
    return ListedPaper(*row)


# Paper fields whose JSON value is not the column's as it is (see _paper): lists stored as JSON
# text, and the notes and ids that live in tables of their own.
_JSON_VALUE = {
    **{key: f"json(CASE WHEN p.{key} IS NULL OR p.{key} = '' THEN '[]' ELSE p.{key} END)"
       for key in ("authors", "arxiv_categories", "literal_authors")},
    "candidates": "CASE WHEN p.candidates IS NULL OR p.candidates = '' THEN NULL "
                  "ELSE json(p.candidates) END",
    "notes": "(SELECT json_group_array(json_object('id', n.id, 'created_at', n.created_at, "
             "'text', n.body, 'label', n.label)) FROM (SELECT * FROM notes "
             "WHERE paper_id = p.id ORDER BY created_at, id) AS n)",
    "ids": "(SELECT json_group_object(scheme, value) FROM ("
           + " UNION ALL ".join(f"SELECT '{scheme}' AS scheme, p.{column} AS value "
                                f"WHERE p.{column} IS NOT NULL AND p.{column} != ''"
                                for scheme, column in _ID_COLUMNS.items())
           + " UNION ALL SELECT scheme, value FROM paper_ids WHERE paper_id = p.id) AS i)",
    **{key: f"json(CASE WHEN p.{key} IS NULL OR p.{key} = '' THEN '{{}}' ELSE p.{key} END)"
       for key in ("field_sources", "publication")},
}  # fmt: skip


@dataclass
class IndexHealth:
    """What `rl doctor` reports about the search index. `problems` is empty when it is sound."""

    papers: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)  # papers with no index row
    stale: list[int] = field(default_factory=list)  # index row differs from the paper
    orphans: list[int] = field(default_factory=list)  # index rows of deleted papers
    # rows of the index of prefixes that differ from the search index's
    unlike_prefixes: list[int] = field(default_factory=list)
    missing_triggers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    read_only: bool = False  # FTS5's own check writes, so it was left out

    @property
    def ok(self) -> bool:
        return not self.problems


# -- opening ---------------------------------------------------------------------------------


def open_library(path: Path, *, create: bool = True, migrate: bool = True) -> Library:
    """Open the knowledge base at `path`, migrating it as needed; a missing one is created,
    unless `create` is False (then it is an error). `migrate=False` reads an older one as it
    is, for what must stay instant and change nothing (shell completion).

    `Library.created` tells the caller the file is new (the face says so; this module never
    prints)."""
    path = Path(path).expanduser()
    is_new = _check_file(path)
    if is_new and not create:
        raise DatabaseError(f"there is no knowledge base at {path}. Create it with: rl init")
    if is_new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"cannot create {path.parent}: {e.strerror}") from e
    try:
        conn = _connect(path, is_new)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"{path} is not a usable SQLite database ({e}).") from e
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{path} was written by a newer version of rl (schema {version}, this rl knows "
            f"{SCHEMA_VERSION}). Upgrade rl: pip install -U readinglist."
        )
    created = _migrate(conn, path) if version < SCHEMA_VERSION and migrate else False
    return Library(conn, path, created=is_new and created)


def _connect(path: Path, is_new: bool) -> sqlite3.Connection:
    """A connection to `path`; read-only when neither the file nor its folder can be written
    (a read-only mount, a shared copy), so that it can still be listed, searched and
    rendered. A knowledge base in WAL mode needs its -shm file even to be read; where that
    cannot be made, the file is read as immutable, which is true while no one can write it."""
    if is_new or os.access(path, os.W_OK) or os.access(path.parent, os.W_OK):
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def _check_file(path: Path) -> bool:
    """Refuse anything that is not a SQLite file, untouched. Returns True when it is new."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory; --db needs a file such as {DEFAULT_DB}.")
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return True
    except OSError as e:
        raise DatabaseError(f"cannot read {path}: {e.strerror}") from e
    if not head:
        return True  # an empty file is a new database to SQLite too
    if head != _SQLITE_MAGIC:
        raise DatabaseError(
            f"{path} is not a SQLite database; refusing to touch it. "
            "Point --db or RL_DB at an rl knowledge base (or a new file name)."
        )
    return False


def _migrate(conn: sqlite3.Connection, path: Path) -> bool:
    """Apply the pending migrations, all in one exclusive transaction; True when this made
    the knowledge base from nothing.

    Several rl processes may open an old (or new) knowledge base at once: the first takes the
    lock and migrates; the others wait for it (the busy timeout), then find the schema
    current and apply nothing."""
    from sqlite_utils import Database

    from readinglist.migrations import migrations

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and migrations.migrations_table not in tables:
        conn.close()
        raise DatabaseError(
            f"{path} is a SQLite database but not an rl knowledge base; refusing to change it. "
            "Point --db or RL_DB at an rl knowledge base (or a new file name)."
        )
    try:
        # WAL lets readers run beside a writer; it is stored in the file and cannot be set
        # inside a transaction, so set it first. So must foreign keys be turned off, so that
        # a migration can rebuild a table others refer to (checked before committing).
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"cannot migrate {path}: {e}") from e
    made = False
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            made = version == 0
            db = Database(conn)
            migrations.apply(db)  # inside our transaction, each migration is a savepoint
            conn.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseError(
                    f"cannot migrate {path}: {len(broken)} row(s) would point at missing rows "
                    f"(first: {tuple(broken[0])}). Nothing was changed."
                )
        conn.execute("COMMIT")
    except BaseException as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(e, sqlite3.DatabaseError):
            raise DatabaseError(f"cannot migrate {path}: {e}") from e
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return made


# -- salvage ---------------------------------------------------------------------------------

# After a damaged page, the next readable row of a table is looked for one rowid at a time
# this far on, then in doubling steps (a damaged leaf holds a few hundred rows at most).
_SALVAGE_STEP_ROWS = 1024


@dataclass
class Salvaged:
    """What `salvage` copied: rows per table, and the tables it could not read in full."""

    rows: dict[str, int] = field(default_factory=dict)
    damaged: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # rows pointing at lost rows
    remade: dict[str, int] = field(default_factory=dict)  # lost rows others needed
    papers: int = 0


def salvage(damaged: Path, into: Path) -> Salvaged:
    """Copy every row that can still be read from the damaged knowledge base `damaged` into
    a new one at `into`, which is then migrated and indexed like any other.

    The damaged file is opened read-only and never changed. Its schema is recreated as it
    was (so a knowledge base of an older rl keeps its migrations' meaning), then each table
    is read in rowid order, stepping past pages that cannot be read. The search index is
    rebuilt from the copied papers rather than copied. Rows that would point at a lost row
    (a note of a paper that could not be read) are dropped and counted."""
    if into.exists() and into.stat().st_size:
        raise InvalidInput(f"{into} already exists; give a new file name to recover into.")
    try:
        src = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
        version = src.execute("PRAGMA user_version").fetchone()[0]
        schema = src.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        ).fetchall()
    except sqlite3.DatabaseError as e:
        raise DatabaseError(
            f"the schema of {damaged} cannot be read ({e}), so rl cannot tell its tables "
            f'apart. SQLite\'s own tool may still get rows out: sqlite3 {damaged} ".recover" '
            f"| sqlite3 {into}"
        ) from e
    if version > SCHEMA_VERSION:
        raise DatabaseError(f"{damaged} was written by a newer rl (schema {version}).")
    virtual = [name for kind, name, _, sql in schema if sql.upper().startswith("CREATE VIRTUAL")]
    tables = [
        name
        for kind, name, _, sql in schema
        if kind == "table"
        and name not in virtual
        and not name.startswith("sqlite_")
        and not any(name.startswith(f"{v}_") for v in virtual)  # FTS5's shadow tables
    ]
    report = Salvaged()
    dst = sqlite3.connect(into, isolation_level=None)
    try:
        dst.execute("BEGIN")
        for kind, name, _, sql in schema:
            if kind == "table" and (name in tables or name in virtual):
                dst.execute(sql)
        sequence = ["sqlite_sequence"] if any(r[1] == "sqlite_sequence" for r in schema) else []
        # The sequence first: copying a row with its id then only raises it.
        for table in [*sequence, *tables]:
            copied, whole = _copy_rows(src, dst, table)
            report.rows[table] = copied
            if not whole:
                report.damaged.append(table)
        for kind, name, _, sql in schema:
            if kind in ("index", "trigger"):
                try:
                    dst.execute(sql)
                except sqlite3.IntegrityError:
                    report.damaged.append(name)  # a unique index the damage made untrue
        # A paper outlives a lost category: the category comes back under its slug.
        report.remade["categories"] = dst.execute(
            """
            INSERT INTO categories (slug, heading, position)
            SELECT category, category,
                   (SELECT COALESCE(MAX(position), 0) FROM categories) + ROW_NUMBER() OVER ()
            FROM (SELECT DISTINCT category FROM papers
                  WHERE category NOT IN (SELECT slug FROM categories))
            """
        ).rowcount
        for table, *_ in dst.execute("PRAGMA foreign_key_check").fetchall():
            report.dropped[table] = report.dropped.get(table, 0) + 1
        for table in report.dropped:
            dst.execute(
                f"DELETE FROM [{table}] "
                "WHERE rowid IN (SELECT rowid FROM pragma_foreign_key_check(?))",
                (table,),
            )
        dst.execute(f"PRAGMA user_version = {int(version)}")
        dst.execute("COMMIT")
    except BaseException:
        dst.close()
        into.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    dst.close()
    library = open_library(into)  # migrates a knowledge base of an older rl
    try:
        report.papers = library.rebuild_search_index()
    finally:
        library.close()
    return report


def _copy_rows(src: sqlite3.Connection, dst: sqlite3.Connection, table: str) -> tuple[int, bool]:
    """Copy a table's readable rows; returns how many and whether every page could be read."""
    try:
        columns = [r[1] for r in src.execute(f"PRAGMA table_info([{table}])")]
    except sqlite3.DatabaseError:
        return 0, False
    if not columns:
        return 0, True  # sqlite_sequence when no table uses AUTOINCREMENT
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" * (len(columns) + 1))
    insert = f"INSERT INTO [{table}] (rowid, {names}) VALUES ({marks})"
    select = f"SELECT rowid, {names} FROM [{table}] WHERE rowid >= ? ORDER BY rowid"
    copied, whole, start, misses = 0, True, 0, 0  # rl's rowids start at 1
    while True:
        try:
            for row in src.execute(select, (start,)):
                start, misses = row[0] + 1, 0
                try:
                    dst.execute(insert, row)
                    copied += 1
                except sqlite3.IntegrityError:
                    whole = False  # a damaged page read as a row that breaks the schema
            return copied, whole
        except sqlite3.DatabaseError:
            # A damaged page: look for the next readable row past it.
            whole = False
            misses += 1
            step = 1 if misses <= _SALVAGE_STEP_ROWS else 2 ** (misses - _SALVAGE_STEP_ROWS)
            if start > _MAX_ID - step:
                return copied, whole
            start += step


# -- the library -----------------------------------------------------------------------------


class Library:
    """Every read and write of one knowledge base. See the module docstring."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, created: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.created = created  # the file did not exist before open_library
        self._savepoints = 0

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen, or none. A nested block is a savepoint inside the
        outermost one: if it fails, its own writes are undone and the error goes on up."""
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"rl_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @property
    def folder(self) -> Path:
        """The folder the knowledge base file is in (PDFs go to its pdfs/ subfolder)."""
        return self.path.parent

    # -- categories ----------------------------------------------------------------------

    def categories(self) -> list[Category]:
        """All categories in display order, each with the number of papers it holds."""
        rows = self.conn.execute(
            """
            SELECT c.slug, c.heading, c.position, COUNT(p.id) AS papers
            FROM categories c LEFT JOIN papers p ON p.category = c.slug
            GROUP BY c.slug ORDER BY c.position, c.slug
            """
        )
        return [Category(**r) for r in rows]

    def category_slugs(self) -> list[str]:
        """Every category's slug, in display order (without counting papers)."""
        rows = self.conn.execute("SELECT slug FROM categories ORDER BY position, slug")
        return [r[0] for r in rows]

    def category(self, ref: str) -> Category:
        """A category by slug or heading, case-insensitively; unknown ones list the valid ones."""
        found = self.find_category(ref)
        if found is None:
            valid = ", ".join(c.slug for c in self.categories())
            raise NotFound(
                f"unknown category '{ref}'. Valid categories: {valid} "
                "(add one with: rl cat add SLUG HEADING)."
            )
        return found

    def find_category(self, ref: str) -> Category | None:
        row = self.conn.execute(
            "SELECT c.slug, c.heading, c.position, "
            "(SELECT COUNT(*) FROM papers p WHERE p.category = c.slug) AS papers "
            "FROM categories c "
            "WHERE c.slug = ?1 COLLATE NOCASE OR c.heading = ?1 COLLATE NOCASE "
            "ORDER BY c.slug = ?1 DESC LIMIT 1",
            (ref.strip(),),
        ).fetchone()
        return Category(**row) if row else None

    def add_category(
        self, slug: str, heading: str | None = None, position: int | None = None
    ) -> Category:
        """Create a category at `position` (1-based; default last)."""
        slug = slug.strip().lower()
        if not _SLUG.match(slug):
            raise InvalidInput(
                f"'{slug}' is not a valid category slug: use lower-case letters, digits, '-' "
                "or '_' (e.g. 'vision')."
            )
        heading = (heading or slug).strip()
        with self.transaction():
            existing = self.conn.execute(
                "SELECT slug FROM categories WHERE slug = ? OR heading = ? COLLATE NOCASE",
                (slug, heading),
            ).fetchone()
            if existing:
                raise InvalidInput(f"category '{existing['slug']}' already exists.")
            count = self.conn.execute("SELECT COUNT(*) FROM categories").fetchone()[0]
            self.conn.execute(
                "INSERT INTO categories (slug, heading, position) VALUES (?, ?, ?)",
                (slug, heading, count),
            )
            if position is not None:
                self._move_category(slug, position)
        return self.category(slug)

    def rename_category(
        self, ref: str, heading: str | None = None, slug: str | None = None
    ) -> Category:
        """Change a category's heading and/or slug; papers follow a new slug."""
        cat = self.category(ref)
        if heading is None and slug is None:
            raise InvalidInput("nothing to rename: give a new HEADING and/or --slug NEW.")
        new_slug = cat.slug if slug is None else slug.strip().lower()
        new_heading = cat.heading if heading is None else heading.strip()
        if not _SLUG.match(new_slug):
            raise InvalidInput(f"'{new_slug}' is not a valid category slug.")
        with self.transaction():
            clash = self.conn.execute(
                "SELECT slug FROM categories "
                "WHERE slug != ? AND (slug = ? OR heading = ? COLLATE NOCASE)",
                (cat.slug, new_slug, new_heading),
            ).fetchone()
            if clash:
                raise InvalidInput(f"category '{clash['slug']}' already uses that slug or heading.")
            # papers.category follows through ON UPDATE CASCADE
            self.conn.execute(
                "UPDATE categories SET slug = ?, heading = ? WHERE slug = ?",
                (new_slug, new_heading, cat.slug),
            )
        return self.category(new_slug)

    def move_category(self, ref: str, position: int) -> list[Category]:
        """Move a category to `position` (1-based) in the display order."""
        cat = self.category(ref)
        with self.transaction():
            self._move_category(cat.slug, position)
        return self.categories()

    def remove_category(self, ref: str, to: str | None = None) -> int:
        """Delete a category; its papers move to `to`, which is required when it holds any.

        Returns the number of papers moved."""
        cat = self.category(ref)
        target = None
        if to is not None:
            target = self.category(to)
            if target.slug == cat.slug:
                raise InvalidInput("--to must name a different category.")
        if cat.papers and target is None:
            raise InvalidInput(
                f"category '{cat.slug}' still holds {cat.papers} paper(s); "
                f"move them with: rl cat rm {cat.slug} --to OTHER"
            )
        with self.transaction():
            if target is not None and cat.papers:
                base = self.conn.execute(
                    "SELECT COALESCE(MAX(position), 0) FROM papers WHERE category = ?",
                    (target.slug,),
                ).fetchone()[0]
                self.conn.execute(
                    "UPDATE papers SET category = ?, position = position + ? WHERE category = ?",
                    (target.slug, base, cat.slug),
                )
            self.conn.execute("DELETE FROM categories WHERE slug = ?", (cat.slug,))
            self._renumber_categories([c.slug for c in self.categories()])
        return cat.papers

    def _move_category(self, slug: str, position: int) -> None:
        order = [s for s in self.category_slugs() if s != slug]
        order.insert(min(max(position, 1), len(order) + 1) - 1, slug)
        self._renumber_categories(order)

    def _renumber_categories(self, order: list[str]) -> None:
        self.conn.executemany(
            "UPDATE categories SET position = ? WHERE slug = ?",
            [(i, s) for i, s in enumerate(order)],
        )

    # -- papers --------------------------------------------------------------------------

    def check_new_paper(
        self,
        fields: Mapping[str, Any],
        *,
        title: str | None = None,
        arxiv_id: str | None = None,
        note: str | None = None,
        force: bool = False,
    ) -> dict[str, Any]:
        """Check what the user gave for a new paper, before anything is looked up or stored:
        their fields (the category's slug comes back in its place), the title typed (it needs
        a letter or digit), the note (not blank), and, unless `force`, that no stored paper
        has this arXiv id or title. Returns the checked fields."""
        checked = self._check(fields)
        check_note(note)
        if title is not None:
            check_title(title)
            if not force:
                self.refuse_duplicate(arxiv_id, title)
        return checked

    def add_paper(
        self,
        fields: Mapping[str, Any],
        *,
        note: str | None = None,
        force: bool = False,
    ) -> Paper:
        """Store a new paper at the end of its category, with its first note if given.

        Without a label, the title is the label (plain text); a label given is Markdown as
        written unless `label_format` says "text".

        Refuses (Duplicate) a paper whose arXiv id or normalised title is already stored,
        unless `force` is set. All or nothing."""
        record = self._new_record(self._check(fields))
        with self.transaction():
            if not force:
                self._refuse_key(record.get("arxiv_id"), record["title_key"], None)
            paper_id = self._insert_paper(record, note)
        return self.paper(paper_id)

    def _new_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """Checked fields of a new paper, with what the library adds to them."""
        if not record.get("title"):
            raise InvalidInput("a paper needs a title.")
        if record.get("label") is None:
            record.update(label=record["title"], label_format="text")
        record["title_key"] = normalise_title(record["title"])
        record["added_at"] = now()
        if record.get("status") == "read" and not record.get("read_at"):
            record["read_at"] = record["added_at"]
        return record

    def _insert_paper(
        self, record: dict[str, Any], note: str | None, position: int | None = None
    ) -> int:
        """Store a new paper at `position` of its category, by default the end (inside a
        transaction)."""
        ids = record.pop("ids", None) or {}
        record["position"] = position or self._next_position(record["category"])
        record = _encoded(record)
        columns = ", ".join(record)
        marks = ", ".join(f":{k}" for k in record)
        cursor = self.conn.execute(f"INSERT INTO papers ({columns}) VALUES ({marks})", record)
        paper_id = int(cursor.lastrowid or 0)
        self._set_ids(paper_id, ids)
        if note is not None:
            self._insert_note(paper_id, note, None)
        return paper_id

    def refuse_duplicate(
        self, arxiv_id: str | None, title: str | None, *, exclude: int | None = None
    ) -> None:
        """Raise Duplicate when a paper other than `exclude` has this arXiv id or title."""
        self._refuse_key(arxiv_id, normalise_title(title) if title else None, exclude)

    def _refuse_key(self, arxiv_id: str | None, key: str | None, exclude: int | None) -> None:
        existing = self._duplicate(arxiv_id, key, exclude)
        if existing is not None:
            raise Duplicate(
                f"already stored as #{existing.id} '{existing.label}' ({existing.category}). "
                "Use --force to add it again anyway."
            )

    def find_duplicate(
        self, arxiv_id: str | None, title: str | None, *, exclude: int | None = None
    ) -> Paper | None:
        """The first stored paper with this arXiv id or the same normalised title."""
        return self._duplicate(arxiv_id, normalise_title(title) if title else None, exclude)

    def _duplicate(
        self, arxiv_id: str | None, key: str | None, exclude: int | None
    ) -> Paper | None:
        row = self.conn.execute(
            "SELECT id FROM papers "
            "WHERE ((?1 IS NOT NULL AND arxiv_id = ?1) OR (?2 IS NOT NULL AND title_key = ?2)) "
            "AND id IS NOT ?3 ORDER BY id LIMIT 1",
            (arxiv_id, key, exclude),
        ).fetchone()
        return self.paper(row["id"]) if row else None

    def paper(self, paper_id: int) -> Paper:
        row = None
        if 0 < paper_id <= _MAX_ID:
            row = self.conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            raise NotFound(f"no paper with id {paper_id}. See the ids with: rl list")
        return _paper(row, self._notes_of([paper_id]), self._ids_of([paper_id]))

    def find_paper(self, ref: str) -> Paper:
        """A paper by id, arXiv id, or a fragment of its title or label.

        A fragment that matches several papers raises Ambiguous listing them, never a guess.
        """
        ref = ref.strip()
        if not ref:
            raise InvalidInput("REF is empty: give an id, an arXiv id or part of a title.")
        if ref.lstrip("#").isdigit():
            return self.paper(int(ref.lstrip("#")))
        from readinglist.identifiers import read_identifier

        ident = read_identifier(ref)
        if ident is not None:
            ids = self.papers_with_id(ident.scheme, ident.value)
            arxiv = parse_arxiv_id(ident.value) if ident.scheme == "arxiv" else None
            named = f"arXiv id {arxiv.id}" if arxiv else f"{ident.scheme.upper()} {ident.value}"
            if not ids:
                raise NotFound(f"no stored paper has {named}. Add it with: rl add {ref}")
            if len(ids) > 1:  # stored twice with --force: never pick one silently
                papers = [self.paper(i) for i in ids]
                raise Ambiguous(
                    f"{len(ids)} papers have {named}; use one of their ids:",
                    details=[f"#{p.id}  {p.label}  ({p.category})" for p in papers],
                )
            return self.paper(ids[0])
        pattern = "%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(
            "SELECT id, label, title, category FROM papers "
            "WHERE title LIKE ?1 ESCAPE '\\' OR label LIKE ?1 ESCAPE '\\' ORDER BY id",
            (pattern,),
        ).fetchall()
        if not rows:
            key = normalise_title(ref)
            rows = [r for r in self.conn.execute("SELECT id, label, title, category FROM papers")
                    if key and key in normalise_title(r["label"] + " " + r["title"])]  # fmt: skip
        if not rows:
            raise NotFound(f"no paper matches '{ref}'. Try: rl search {ref}")
        if len(rows) > 1:
            exact = [r for r in rows if normalise_title(r["title"]) == normalise_title(ref)]
            if len(exact) == 1:
                return self.paper(exact[0]["id"])
            raise Ambiguous(
                f"'{ref}' matches {len(rows)} papers; use an id or a longer part of the title:",
                details=[f"#{r['id']}  {r['label']}  ({r['category']})" for r in rows],
            )
        return self.paper(rows[0]["id"])

    def papers(self, category: str | None = None, status: str | None = None) -> list[Paper]:
        """Papers in display order (category order, then position), optionally filtered."""
        where, params = self._filters(category=category, status=status)
        sql = (
            "SELECT p.* FROM papers p JOIN categories c ON c.slug = p.category"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY c.position, p.position, p.id"
        )
        rows = self.conn.execute(sql, params).fetchall()
        notes = self._notes_of(None)
        ids = self._ids_of(None)
        return [_paper(r, notes, ids) for r in rows]

    def paper_with_id(self, scheme: str, value: str) -> Paper | None:
        """The first stored paper with this identifier (an arXiv id with or without version,
        a DOI in any case, an id of another scheme kept in paper_ids)."""
        ids = self.papers_with_id(scheme, value)
        return self.paper(ids[0]) if ids else None

    def papers_with_id(self, scheme: str, value: str) -> list[int]:
        """The ids of the stored papers with this identifier, in order (more than one only
        when a paper was stored again with --force)."""
        params: tuple[str, ...]
        if scheme == "arxiv":
            arxiv = parse_arxiv_id(value)
            sql, params = (
                "SELECT id FROM papers WHERE arxiv_id = ?",
                (arxiv.id if arxiv else value,),
            )
        elif scheme == "doi":
            sql, params = "SELECT id FROM papers WHERE doi = ? COLLATE NOCASE", (value,)
        else:
            sql = "SELECT paper_id AS id FROM paper_ids WHERE scheme = ? AND value = ?"
            params = (scheme, value)
        return [row["id"] for row in self.conn.execute(sql + " ORDER BY id", params)]

    def paper_with_label(self, label: str) -> int | None:
        """The id of the first paper whose label is exactly `label`."""
        row = self.conn.execute(
            "SELECT id FROM papers WHERE label = ? ORDER BY id LIMIT 1", (label,)
        ).fetchone()
        return int(row["id"]) if row else None

    def unresolved_ids(self) -> list[int]:
        rows = self.conn.execute(
            "SELECT id FROM papers WHERE resolution = 'unresolved' ORDER BY id"
        )
        return [r[0] for r in rows]

    def update_paper(self, paper_id: int, changes: Mapping[str, Any]) -> Paper:
        """Change stored fields. Moving category puts the paper last in its new category; a
        new label is Markdown as written unless `label_format` says "text"."""
        current = self.paper(paper_id)
        record = self._check(changes)
        if record.get("label") is not None:
            record.setdefault("label_format", "markdown")
        elif "title" in record and current.label_format == "text":
            from readinglist.matching import parse_title

            # A label rl made from the title follows it, with the user's prefix ("(2017)");
            # a label of their own (Markdown, as written) stays.
            typed = parse_title(current.label)
            record["label"] = typed.before + record["title"] + typed.after
        ids = record.pop("ids", None) or {}
        if "title" in record:
            record["title_key"] = normalise_title(record["title"])
        if record.get("status") == "read" and current.status != "read":
            record.setdefault("read_at", now())
        elif "status" in record and record["status"] != "read":
            record["read_at"] = None
        if not record and not ids:
            return current
        with self.transaction():
            if "category" in record and record["category"] != current.category:
                record["position"] = self._next_position(record["category"])
            if record:
                record = _encoded(record)
                assignments = ", ".join(f"{k} = :{k}" for k in record)
                self.conn.execute(
                    f"UPDATE papers SET {assignments} WHERE id = :_id", {**record, "_id": paper_id}
                )
            self._set_ids(paper_id, ids)
        return self.paper(paper_id)

    def move_paper(self, paper_id: int, position: int) -> Paper:
        """Put a paper at `position` (1-based) within its category, shifting the others."""
        paper = self.paper(paper_id)
        with self.transaction():
            order = [
                r["id"]
                for r in self.conn.execute(
                    "SELECT id FROM papers WHERE category = ? AND id != ? ORDER BY position, id",
                    (paper.category, paper_id),
                )
            ]
            order.insert(min(max(position, 1), len(order) + 1) - 1, paper_id)
            self.conn.executemany(
                "UPDATE papers SET position = ? WHERE id = ?",
                [(i, pid) for i, pid in enumerate(order, 1)],
            )
        return self.paper(paper_id)

    def place_after(self, paper_id: int, above: int) -> None:
        """Put a paper right after `above` in their category (no-op if it is already there
        or `above` is in another category)."""
        paper = self.paper(paper_id)
        order = [
            r["id"]
            for r in self.conn.execute(
                "SELECT id FROM papers WHERE category = ? ORDER BY position, id",
                (paper.category,),
            )
        ]
        if above not in order or order.index(paper_id) == order.index(above) + 1:
            return
        order.remove(paper_id)
        self.move_paper(paper_id, order.index(above) + 2)

    def delete_paper(self, paper_id: int) -> None:
        self.paper(paper_id)
        with self.transaction():
            self.conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))

    def add_note(self, paper_id: int, body: str, *, label: str | None = None) -> Note:
        """Add a note. With `label`, the note is also a row of the reading-list table, shown
        right after its paper's row with exactly that Markdown text."""
        self.paper(paper_id)
        with self.transaction():
            note_id = self._insert_note(paper_id, body, label)
        row = self.conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        return _note(row)

    def has_note_row(self, paper_id: int, label: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM notes WHERE paper_id = ? AND label = ?", (paper_id, label)
        ).fetchone()
        return row is not None

    def stats(self) -> dict[str, Any]:
        """Counts by category, status, resolution, and how many papers have an abstract."""
        one = self.conn.execute(
            "SELECT COUNT(*), COUNT(abstract), COUNT(arxiv_id), COUNT(pdf_path), "
            + ", ".join(f"SUM(status = '{s}')" for s in STATUSES)
            + ", "
            + ", ".join(f"SUM(resolution = '{r}')" for r in RESOLUTIONS)
            + " FROM papers"
        ).fetchone()
        by_status = one[4 : 4 + len(STATUSES)]
        by_resolution = one[4 + len(STATUSES) :]
        return {
            "papers": one[0],
            "with_abstract": one[1],
            "with_arxiv_id": one[2],
            "with_pdf": one[3],
            "notes": self.conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0],
            "by_category": {c.slug: c.papers for c in self.categories()},
            "by_status": {s: n or 0 for s, n in zip(STATUSES, by_status, strict=True)},
            "by_resolution": {r: n or 0 for r, n in zip(RESOLUTIONS, by_resolution, strict=True)},
        }

    # -- importing a reading list (readinglist.readme) -------------------------------------
    # An import looks up every row of a README and stores thousands of papers in one
    # transaction; these methods do it through the indexes, without the per-paper reads
    # (notes, ids, category counts) that add_paper and find_duplicate make.

    def paper_ids_with_labels(self, labels: Sequence[str]) -> dict[str, int]:
        """The first paper id of each of `labels` that a paper has exactly (index on label)."""
        found: dict[str, int] = {}
        unique = list(dict.fromkeys(labels))
        for start in range(0, len(unique), _IN_CHUNK):
            chunk = unique[start : start + _IN_CHUNK]
            rows = self.conn.execute(
                f"SELECT label, MIN(id) FROM papers WHERE label IN ({', '.join('?' * len(chunk))}) "
                "GROUP BY label",
                chunk,
            )
            found.update({label: int(paper_id) for label, paper_id in rows})
        return found

    def paper_id_with_keys(
        self, arxiv_id: str | None, doi: str | None, title_key: str | None
    ) -> int | None:
        """The first paper with this arXiv id, DOI or normalised title (each by its index)."""
        row = self.conn.execute(
            "SELECT MIN(id) FROM (SELECT id FROM papers WHERE arxiv_id = ?1 "
            "UNION ALL SELECT id FROM papers WHERE doi = ?2 "
            "UNION ALL SELECT id FROM papers WHERE title_key = ?3)",
            (arxiv_id, doi, title_key),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def category_of(self, paper_id: int) -> str:
        row = self.conn.execute("SELECT category FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            raise NotFound(f"no paper with id {paper_id}. See the ids with: rl list")
        return str(row[0])

    def next_position(self, category: str) -> int:
        """Where a paper added to the end of `category` goes."""
        return self._next_position(category)

    def add_imported_paper(
        self, fields: Mapping[str, Any], position: int, *, note: str | None = None
    ) -> int:
        """Store a new paper from a README at `position` of its category, with its note;
        its id. The caller holds the transaction (one for the whole import), has looked for
        duplicates, and gives the category's slug (the foreign key refuses an unknown one)."""
        if not self.conn.in_transaction:
            raise RuntimeError("add_imported_paper runs inside the import's transaction()")
        record = dict(fields)
        slug = record.pop("category")
        record = self._new_record(self._check(record))
        record["category"] = slug
        return self._insert_paper(record, note, position)

    def paper_order(self, category: str) -> list[int]:
        """The ids of a category's papers, in display order."""
        rows = self.conn.execute(
            "SELECT id FROM papers WHERE category = ? ORDER BY position, id", (category,)
        )
        return [r[0] for r in rows]

    def set_paper_order(self, category: str, ids: Sequence[int]) -> None:
        """Number a category's papers 1, 2, ... in the order of `ids`."""
        with self.transaction():
            self.conn.executemany(
                "UPDATE papers SET position = ? WHERE id = ? AND category = ?",
                [(i, paper_id, category) for i, paper_id in enumerate(ids, 1)],
            )

    # -- PDFs ----------------------------------------------------------------------------

    def record_pdf(
        self,
        paper_id: int,
        pdf_path: str,
        text: str,
        pages: int,
        *,
        abstract: str | None = None,
    ) -> Paper:
        """Record a paper's attached PDF: its file (relative to the knowledge base's folder),
        its full text (which the search index picks up) and, when given, the abstract it
        gave the paper (source 'pdf')."""
        changes: dict[str, Any] = {"pdf_path": pdf_path}
        if abstract is not None:
            changes.update(abstract=abstract, abstract_source="pdf")
        with self.transaction():
            self.update_paper(paper_id, changes)
            self.conn.execute(
                "INSERT INTO pdf_texts (paper_id, text, pages, extracted_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, "
                "pages = excluded.pages, extracted_at = excluded.extracted_at",
                (paper_id, text, pages, now()),
            )
        return self.paper(paper_id)

    def pdf_path_taken(self, pdf_path: str, *, by_other_than: int) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM papers WHERE pdf_path = ? AND id != ?", (pdf_path, by_other_than)
        ).fetchone()
        return row is not None

    def pdf_paths(self) -> list[tuple[int, str, str]]:
        """(id, label, pdf_path) of every paper with a PDF."""
        rows = self.conn.execute(
            "SELECT id, label, pdf_path FROM papers WHERE pdf_path IS NOT NULL AND pdf_path != '' "
            "ORDER BY id"
        )
        return [(r["id"], r["label"], r["pdf_path"]) for r in rows]

    def download_candidates(self) -> tuple[list[int], int, int]:
        """For `rl pdf --all --download`: the ids of papers with an arXiv id and no PDF, how
        many have no arXiv id, and how many already have a PDF."""
        rows = self.conn.execute("SELECT id, arxiv_id, pdf_path FROM papers ORDER BY id").fetchall()
        return (
            [r["id"] for r in rows if r["arxiv_id"] and not r["pdf_path"]],
            sum(1 for r in rows if not r["arxiv_id"]),
            sum(1 for r in rows if r["arxiv_id"] and r["pdf_path"]),
        )

    # -- listing at scale (rl list) --------------------------------------------------------
    # `rl list` streams 100,000 papers in under 2 s and 100 MB (BENCHMARKS.md): these read
    # one category at a time, in display order, which the index on (category, position)
    # gives without sorting, and build no Paper. The text listing needs a few columns; the
    # JSON listing is made by SQLite, each paper one JSON object, as paper_json shapes it.

    def listing(
        self, category: str | None = None, status: str | None = None
    ) -> list[tuple[Category, int]]:
        """The categories to list, in display order, each with how many of its papers pass
        the filters; categories with none are left out."""
        slug = self.category(category).slug if category is not None else None
        if status is None:
            counts = {c.slug: c.papers for c in self.categories()}
        else:
            rows = self.conn.execute(
                "SELECT category, COUNT(*) FROM papers WHERE status = ? GROUP BY category",
                (check_status(status),),
            )
            counts = dict(rows.fetchall())
        return [(c, counts.get(c.slug, 0)) for c in self.categories()
                if counts.get(c.slug) and slug in (None, c.slug)]  # fmt: skip

    def listed(self, category: str, status: str | None = None) -> Iterator[ListedPaper]:
        """The papers of one category (a slug), in their order, as the few fields a listing
        shows."""
        sql = (
            "SELECT id, label, year, status, arxiv_id, resolution FROM papers "
            "WHERE category = ?" + (" AND status = ?" if status else "") + " ORDER BY position, id"
        )
        cursor = self.conn.cursor()
        cursor.row_factory = _listed_row
        yield from cursor.execute(sql, (category, status) if status else (category,))

    def listed_widths(self) -> tuple[int, int]:
        """The longest id and the longest arXiv id, in characters (from the indexes)."""
        row = self.conn.execute(
            "SELECT MAX(id), (SELECT MAX(LENGTH(arxiv_id)) FROM papers) FROM papers"
        ).fetchone()
        return len(str(row[0] or 0)), int(row[1] or 0)

    def papers_json(
        self,
        category: str,
        keys: Sequence[str],
        status: str | None = None,
        *,
        id_keys: Sequence[str] = (),
    ) -> Iterator[str]:
        """The papers of one category (a slug), in their order, each a JSON object with
        `keys` (Paper's fields, notes and ids included) in that order: what
        `json.dumps(paper.as_dict())` holds, made by SQLite without a Paper in between.
        `id_keys` are in every paper's ids, null when it has none of that scheme."""
        unknown = set(keys) - set(_PAPER_FIELDS)
        if unknown or not all(_SLUG.match(k) for k in id_keys):
            raise ValueError(f"not fields of a paper: {sorted(unknown)} or ids {id_keys}")
        values = dict(_JSON_VALUE)
        if id_keys:
            nulls = ", ".join(f"'{k}', NULL" for k in id_keys)
            values["ids"] = f"json_patch(json_object({nulls}), {values['ids']})"
        pairs = ", ".join(f"'{key}', {values.get(key, f'p.{key}')}" for key in keys)
        sql = (
            f"SELECT json_object({pairs}) FROM papers p WHERE p.category = ?"
            + (" AND p.status = ?" if status else "")
            + " ORDER BY p.position, p.id"
        )
        for (text,) in self.conn.execute(sql, (category, status) if status else (category,)):
            yield text

    # -- shell completion ------------------------------------------------------------------

    def paper_completions(self, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
        """(id, label) of the papers whose id starts with `prefix`, newest first."""
        rows = self.conn.execute(
            "SELECT id, label FROM papers WHERE CAST(id AS TEXT) LIKE ? ESCAPE '\\' "
            "ORDER BY id DESC LIMIT ?",
            (_like_prefix(prefix), limit),
        )
        return [(str(r[0]), r[1]) for r in rows]

    def category_completions(self, prefix: str) -> list[tuple[str, str]]:
        """(slug, heading) of the categories whose slug starts with `prefix`, in order."""
        rows = self.conn.execute(
            "SELECT slug, heading FROM categories WHERE slug LIKE ? ESCAPE '\\' ORDER BY position",
            (_like_prefix(prefix),),
        )
        return [(r[0], r[1]) for r in rows]

    # -- the source cache ----------------------------------------------------------------

    def cached_answer(self, source: str, key: str, max_age: timedelta) -> list[Any] | None:
        """What `source` answered to `key` within `max_age` (a JSON list), or None."""
        cutoff = (datetime.now(UTC) - max_age).isoformat(timespec="seconds")
        row = self.conn.execute(
            "SELECT records FROM source_cache WHERE source = ? AND key = ? AND fetched_at > ?",
            (source, key, cutoff),
        ).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def cache_answers(
        self, source: str, answers: Mapping[str, Sequence[Any]], max_age: timedelta
    ) -> None:
        """Keep `source`'s answers (key -> JSON-able list), dropping those older than max_age."""
        moment = datetime.now(UTC)
        stamp = moment.isoformat(timespec="seconds")
        with self.transaction():
            self.conn.execute(
                "DELETE FROM source_cache WHERE fetched_at <= ?",
                ((moment - max_age).isoformat(timespec="seconds"),),
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO source_cache (source, key, fetched_at, records) "
                "VALUES (?, ?, ?, ?)",
                [(source, key, stamp, json.dumps(list(value))) for key, value in answers.items()],
            )

    # -- search --------------------------------------------------------------------------

    def search(
        self,
        match: str | None,
        weights: Mapping[str, float],
        *,
        prefix_match: str | None = None,
        exclude: str | None = None,
        prefix_exclude: str | None = None,
        category: str | None = None,
        status: str | None = None,
        year: int | None = None,
        limit: int,
        marks: tuple[str, str],
        snippet_columns: Sequence[str],
        snippet_tokens: int,
        snippet_match: str | None = None,
    ) -> list[dict[str, Any]]:
        """The best `limit` papers for FTS5 MATCH expressions, best first: `match` over the
        stemmed index, `prefix_match` over the unstemmed one (prefix terms), both when both
        are given (ranked by the first); `exclude` and `prefix_exclude` drop the papers
        either matches.

        Each: id, title, label, year, category, status, score (higher is better),
        label_marked and snippet (matched words between `marks`), and field (the column the
        snippet comes from: the first of `snippet_columns` that matched, else "title").
        Raises sqlite3.OperationalError for an expression FTS5 cannot read.
        `snippet_match` (default: the match ranked by) names the phrases a snippet of a long
        text is sought for (see `_long_snippet`)."""
        from readinglist.search_index import COLUMNS, FTS_TABLE, WORDS_TABLE

        base, base_match = (FTS_TABLE, match) if match else (WORDS_TABLE, prefix_match)
        if not base_match:
            raise ValueError("search needs match or prefix_match")
        ranking = ", ".join(str(weights[c]) for c in COLUMNS)
        score = f"bm25({base}, {ranking})"
        joins: list[str] = []
        filters, filter_params = self._filters(category=category, status=status, year=year)
        where = [f"{base} MATCH ?", *filters]
        params: list[str | int] = [base_match, *filter_params]
        # The other index only filters: IN gathers its matches once (a join ran the full-text
        # match once per row: 11 s for `memory generat*` at 100,000 papers), and the unary +
        # keeps SQLite from handing the rowids to the first index as a constraint, which
        # costs as much again (120 ms against 4). The ranking is the stemmed index's.
        others = [(FTS_TABLE, exclude, "NOT IN"), (WORDS_TABLE, prefix_exclude, "NOT IN")]
        if match and prefix_match:
            others.append((WORDS_TABLE, prefix_match, "IN"))
        for table, expression, test in others:
            if expression:
                where.append(
                    f"+{base}.rowid {test} (SELECT rowid FROM {table} WHERE {table} MATCH ?)"
                )
                params.append(expression)
        # Rank first, carrying only ids and scores through the sort, then read the few papers
        # shown. A filter needs the papers row while ranking; CROSS JOIN keeps the full-text
        # match as the outer loop, so it looks up matched papers by id instead of running the
        # match once per paper of a category.
        if filters:
            joins.append(f"CROSS JOIN papers p ON p.id = {base}.rowid")
        sql = f"""
            WITH ranked AS (
                SELECT {base}.rowid AS id, -({score}) AS score
                FROM {base} {" ".join(joins)}
                WHERE {" AND ".join(where)}
                ORDER BY score DESC, id
                LIMIT ?
            )
            SELECT p.id, p.title, p.label, p.year, p.category, p.status, ranked.score
            FROM ranked JOIN papers p ON p.id = ranked.id
            ORDER BY ranked.score DESC, p.id
        """
        self.conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        results = [dict(r) for r in self.conn.execute(sql, [*params, min(limit, _MAX_ID)])]
        # Snippets for the few results shown only: snippet() tokenises text, so computing it
        # in the ranking query would cost it for every match of a common word. A long text
        # gets a NULL here (CASE runs snippet() only for the short) and its own snippet below.
        calls = ", ".join(
            f"length({c}), CASE WHEN length({c}) <= {_SNIPPET_WHOLE_CHARS} THEN "
            f"snippet({base}, {COLUMNS.index(c)}, ?1, ?2, '…', {snippet_tokens}) END"
            for c in snippet_columns
        )
        snippet_sql = (
            f"SELECT highlight({base}, {COLUMNS.index('title')}, ?1, ?2), "
            f"highlight({base}, {COLUMNS.index('label')}, ?1, ?2), {calls} "
            f"FROM {base} WHERE {base} MATCH ?3 AND rowid = ?4"
        )
        start, end = marks
        for result in results:
            title, label, *found = self.conn.execute(
                snippet_sql, (start, end, base_match, result["id"])
            ).fetchone()
            result["label_marked"] = label
            result["snippet"], result["field"] = title, "title"
            for column, size, text in zip(snippet_columns, found[::2], found[1::2], strict=True):
                if size and size > _SNIPPET_WHOLE_CHARS:
                    text = self._long_snippet(
                        base,
                        result["id"],
                        column,
                        snippet_match or base_match,
                        marks,
                        snippet_tokens,
                    )
                if text and start in text:
                    # PDF text and notes keep their line breaks; a snippet is one line.
                    result["snippet"], result["field"] = " ".join(text.split()), column
                    break
        return results

    def _long_snippet(
        self,
        index: str,
        paper_id: int,
        column: str,
        match: str,
        marks: tuple[str, str],
        tokens: int,
    ) -> str | None:
        """A snippet of a paper's long text in `column` (a PDF's, up to 2 M characters),
        where the phrases of `match` are, in a time that does not grow with how often they
        are there. FTS5's snippet() weighs every match in the column against every other: a
        word 71,800 times in a PDF's text took 33 s (BENCHMARKS.md, "Search and long PDF
        texts"). So the text is cut into overlapping windows, tokenised into a table of their
        own a growing stretch at a time until one matches, and the snippet taken from the best
        window of that stretch. None when the column has none of the phrases. `index` is the
        full-text index searched (stemmed, or the words as written for prefixes); the windows
        are tokenised as it is."""
        from readinglist.search_index import COLUMNS, FTS_TABLE, TOKENIZE, WORDS_TOKENIZE

        tokenize = TOKENIZE if index == FTS_TABLE else WORDS_TOKENIZE
        in_column = f"{column} : ({match})"
        try:
            row = self.conn.execute(
                f"SELECT {column} FROM {index} WHERE {index} MATCH ? AND rowid = ?",
                (in_column, paper_id),
            ).fetchone()
        except sqlite3.OperationalError:
            return None  # a --raw expression that does not take a column filter
        if row is None or not row[0]:
            return None
        text: str = row[0]
        windows = sqlite3.connect(":memory:", isolation_level=None)
        try:
            windows.execute(
                f"CREATE VIRTUAL TABLE w USING fts5({', '.join(COLUMNS)}, tokenize = '{tokenize}')"
            )
            insert = f"INSERT INTO w (rowid, {column}) VALUES (?, ?)"
            spans = _windows(text)
            done, stretch = 0, _SNIPPET_FIRST_STRETCH
            while done < len(spans):
                upto = done
                while upto < len(spans) and spans[upto][0] < spans[done][0] + stretch:
                    upto += 1
                windows.executemany(
                    insert, ((n, text[a:b]) for n, (a, b) in enumerate(spans[done:upto], done))
                )
                best = windows.execute(
                    "SELECT rowid, snippet(w, ?, ?, ?, '…', ?) FROM w WHERE w MATCH ? "
                    "ORDER BY rank LIMIT 1",
                    (COLUMNS.index(column), *marks, tokens, in_column),
                ).fetchone()
                if best is not None:
                    n, snippet = best
                    # The window's own ends are not the text's: say when the text goes on.
                    a, b = spans[n]
                    if a > 0 and not snippet.startswith("…"):
                        snippet = "…" + snippet
                    if b < len(text) and not snippet.endswith("…"):
                        snippet += "…"
                    return str(snippet)
                done, stretch = upto, stretch * 2
            return None
        finally:
            windows.close()

    def title_words(self) -> str:
        """Every title and label, one paper a line (for spelling suggestions)."""
        text = self.conn.execute(
            "SELECT group_concat(title || ' ' || label, char(10)) FROM papers"
        ).fetchone()[0]
        return str(text or "")

    def titles(self) -> dict[int, str]:
        return dict(self.conn.execute("SELECT id, title FROM papers ORDER BY id").fetchall())

    def search_index_exists(self) -> bool:
        from readinglist.search_index import FTS_TABLE

        return self._table_exists(FTS_TABLE)

    def _table_exists(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    # -- health ----------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrations(self) -> tuple[list[str], list[str]]:
        """The names of the applied and the pending migrations, in order."""
        from sqlite_utils import Database

        from readinglist.migrations import migrations

        db = Database(self.conn)
        return [m.name for m in migrations.applied(db)], [m.name for m in migrations.pending(db)]

    def integrity_problems(self) -> list[str]:
        problems = [r[0] for r in self.conn.execute("PRAGMA quick_check") if r[0] != "ok"]
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{row[0]} row {row[1]} points at a missing {row[2]} row")
        return problems

    def rebuild_search_index(self) -> int:
        """Rebuild the search index (table, triggers, contents); returns the papers indexed."""
        from readinglist.search_index import rebuild_statements

        with self.transaction():
            for statement in rebuild_statements():
                self.conn.execute(statement)
        return int(self.conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])

    def check_search_index(self) -> IndexHealth:
        """Compare the index with what it should hold, row by row."""
        from readinglist.search_index import (
            CHECK_INDEX_ROWS,
            CHECK_WORDS_ROWS,
            FTS_TABLE,
            INDEX_ORPHANS,
            TRIGGERS,
            WORDS_TABLE,
        )

        health = IndexHealth()
        health.papers = self.conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
        if not self.search_index_exists():
            health.problems.append("the search index is missing")
            return health
        present = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}  # fmt: skip
        health.missing_triggers = [name for name in TRIGGERS if name not in present]
        if health.missing_triggers:
            health.problems.append(
                f"{len(health.missing_triggers)} of the triggers that keep the search index in "
                f"sync are missing ({', '.join(health.missing_triggers)})"
            )
        if not self._table_exists(WORDS_TABLE):
            health.problems.append("the search index of prefixes is missing")
        indexes = [(FTS_TABLE, "search index")]
        if self._table_exists(WORDS_TABLE):
            indexes.append((WORDS_TABLE, "index of prefixes"))
        for table, what in indexes:
            try:
                # FTS5's own check: the inverted index matches the text the table holds
                # (the prefix index: the text of the search index). It is spelt as an
                # INSERT, so commit at once: an open write transaction would block every
                # other rl process.
                with self.transaction():
                    self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
            except sqlite3.OperationalError as e:
                if "readonly" not in str(e):
                    raise
                health.read_only = True  # the check writes: left out, the rows compared below
                break
            except sqlite3.DatabaseError as e:
                health.problems.append(f"the {what} is damaged ({e})")
                return health
        health.indexed = self.conn.execute(f"SELECT COUNT(*) FROM {FTS_TABLE}").fetchone()[0]
        for row in self.conn.execute(CHECK_INDEX_ROWS):
            (health.missing if row[1] else health.stale).append(row[0])
        health.orphans = [r[0] for r in self.conn.execute(INDEX_ORPHANS)]
        if len(indexes) == 2:
            health.unlike_prefixes = [r[0] for r in self.conn.execute(CHECK_WORDS_ROWS)]
        for ids, what in (
            (health.missing, "not in the search index"),
            (health.stale, "indexed with outdated text"),
            (health.orphans, "deleted but still in the search index"),
            (health.unlike_prefixes, "indexed otherwise in the index of prefixes"),
        ):
            if ids:
                shown = ", ".join(f"#{i}" for i in ids[:10]) + (" ..." if len(ids) > 10 else "")
                health.problems.append(f"{len(ids)} paper(s) {what}: {shown}")
        return health

    # -- exchange: citation keys, export and import ----------------------------------------

    def citation_keys(self) -> dict[int, str]:
        """Every citation key given so far, by paper id (a paper never exported has none)."""
        rows = self.conn.execute("SELECT paper_id, key FROM citation_keys ORDER BY paper_id")
        return {r[0]: r[1] for r in rows}

    def give_citation_keys(self, wanted: Mapping[int, str]) -> dict[int, str]:
        """The citation key of each paper in `wanted` (paper id -> the key it would like).

        A paper that has a key keeps it, whatever it would like now: documents cite it. One
        that has none is given the key it would like or, when another paper holds that key,
        the first free one of key + a, b, ... z, aa, ab, ... All in one transaction."""
        with self.transaction():
            given = self.citation_keys()
            for paper_id, key in wanted.items():
                if paper_id not in given:
                    given[paper_id] = self._store_citation_key(paper_id, key)
        return {paper_id: given[paper_id] for paper_id in wanted}

    def _store_citation_key(self, paper_id: int, key: str) -> str:
        for suffix in _key_suffixes():
            taken = self.conn.execute(
                "SELECT 1 FROM citation_keys WHERE key = ?", (key + suffix,)
            ).fetchone()
            if taken is None:
                self.conn.execute(
                    "INSERT INTO citation_keys (paper_id, key) VALUES (?, ?)",
                    (paper_id, key + suffix),
                )
                return key + suffix
        raise AssertionError("unreachable: the suffixes never run out")

    def paper_identities(
        self,
    ) -> list[tuple[int, str | None, str | None, str, int | None, list[str]]]:
        """(id, arXiv id, DOI, normalised title, year, authors) of every paper: what an
        import checks its entries against, read once rather than asked entry by entry."""
        rows = self.conn.execute(
            "SELECT id, arxiv_id, doi, title_key, year, authors FROM papers ORDER BY id"
        )
        return [(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "[]")) for r in rows]

    def highest_ids(self) -> tuple[int, int]:
        """The highest paper id ever given (a deleted paper's id is never given again) and
        the highest note id stored."""
        seq = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'papers'").fetchone()
        top = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM papers").fetchone()[0]
        note = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM notes").fetchone()[0]
        return max(int(seq[0]) if seq else 0, int(top)), int(note)

    def last_positions(self) -> dict[str, int]:
        """The last position taken in each category (0 in an empty one)."""
        rows = self.conn.execute(
            "SELECT c.slug, COALESCE(MAX(p.position), 0) FROM categories c "
            "LEFT JOIN papers p ON p.category = c.slug GROUP BY c.slug"
        )
        return {r[0]: int(r[1]) for r in rows}

    def replace_categories(self, categories: Sequence[tuple[str, str]]) -> None:
        """Make the categories exactly `categories` (slug, heading), in that order: an import
        into a knowledge base that holds no papers yet takes the categories of the export."""
        slugs = [slug for slug, _ in categories]
        headings = [heading.casefold() for _, heading in categories]
        for slug, heading in categories:
            if not _SLUG.match(slug) or not heading.strip():
                raise InvalidInput(f"'{slug}' ('{heading}') is not a valid category.")
        if len(set(slugs)) < len(slugs) or len(set(headings)) < len(headings):
            raise InvalidInput("the categories repeat a slug or a heading.")
        with self.transaction():
            if self.conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]:
                raise InvalidInput("categories are replaced only while no paper is stored.")
            self.conn.execute("DELETE FROM categories")
            self.conn.executemany(
                "INSERT INTO categories (slug, heading, position) VALUES (?, ?, ?)",
                [(slug, heading.strip(), i) for i, (slug, heading) in enumerate(categories)],
            )

    @contextmanager
    def bulk_insert(self) -> Iterator[None]:
        """A transaction for storing thousands of papers at once (an import): the papers
        inserted inside are indexed for search at the end, in one statement, rather than
        one trigger at a time, and the page cache is large enough to hold the index being
        built. Together they take a third off storing 10,000 papers (BENCHMARKS.md)."""
        from readinglist.search_index import TRIGGERS, index_new_papers

        trigger = "papers_fts_paper_insert"
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
        try:
            with self.transaction():
                first = self.highest_ids()[0]
                self.conn.execute(f"DROP TRIGGER {trigger}")
                yield
                # A paper given a note was indexed then, by the notes' trigger.
                for statement in index_new_papers():
                    self.conn.execute(statement, (first,))
                self.conn.execute(TRIGGERS[trigger])
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def insert_imported(
        self,
        fields: Mapping[str, Any],
        *,
        paper_id: int | None = None,
        position: int | None = None,
        added_at: str | None = None,
        notes: Sequence[tuple[int | None, str, str, str | None]] = (),
        citation_key: str | None = None,
    ) -> tuple[int, str | None]:
        """Store one paper read from a file, as the file has it: with its own id, place in
        its category, time added, notes (id, created_at, text, label) and citation key when
        given, else the next ones. The import decides what is new: nothing here refuses a
        duplicate. Returns the paper's id and its citation key (key + a, b, ... when another
        paper holds the key it had). All or nothing; an import runs it inside its own
        transaction, so one entry that fails leaves the others in."""
        # The category is looked up without counting its papers (as category() does): an
        # import stores thousands of papers into a few categories.
        given = dict(fields)
        category = self.conn.execute(
            "SELECT slug FROM categories WHERE slug = ?1 COLLATE NOCASE "
            "OR heading = ?1 COLLATE NOCASE ORDER BY slug = ?1 DESC LIMIT 1",
            (str(given.pop("category", "")).strip(),),
        ).fetchone()
        record = self._check(given)
        record["category"] = category[0] if category else self.category(fields["category"]).slug
        if not record.get("title"):
            raise InvalidInput("a paper needs a title.")
        record.setdefault("label", record["title"])
        ids = record.pop("ids", None) or {}
        record["title_key"] = normalise_title(record["title"])
        record["added_at"] = added_at or now()
        if record.get("status") == "read" and "read_at" not in record:
            record["read_at"] = record["added_at"]
        checked_notes = [(note_id, created_at, check_note(text) or "",
                          one_line(label) if label is not None else None)
                         for note_id, created_at, text, label in notes]  # fmt: skip
        with self.transaction():
            record["position"] = (
                position if position is not None else self._next_position(record["category"])
            )
            if paper_id is not None:
                record["id"] = paper_id
            record = _encoded(record)
            columns = ", ".join(record)
            marks = ", ".join(f":{k}" for k in record)
            cursor = self.conn.execute(f"INSERT INTO papers ({columns}) VALUES ({marks})", record)
            new_id = int(cursor.lastrowid or 0)
            self._set_ids(new_id, ids)
            self.conn.executemany(
                "INSERT INTO notes (id, paper_id, created_at, body, label) VALUES (?, ?, ?, ?, ?)",
                [(note_id, new_id, created_at, text, label)
                 for note_id, created_at, text, label in checked_notes],
            )  # fmt: skip
            key = self._store_citation_key(new_id, citation_key) if citation_key else None
        return new_id, key

    # -- internals -----------------------------------------------------------------------

    def _check(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Caller-supplied fields, validated (a category by its slug, an arXiv id without its
        version, which goes to `version`)."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown paper fields: {sorted(unknown)}")
        record = dict(fields)
        if "title" in record:
            if not str(record["title"] or "").strip():
                raise InvalidInput("the title cannot be empty.")
            record["title"] = check_title(str(record["title"]))
        if record.get("label") is not None:
            record["label"] = one_line(str(record["label"]))
        if "category" in record:
            record["category"] = self.category(record["category"]).slug
        if "status" in record:
            check_status(record["status"])
        if record.get("label_format") not in (None, *LABEL_FORMATS):
            raise ValueError(f"unknown label format {record['label_format']!r}")
        if record.get("resolution") not in (None, *RESOLUTIONS):
            raise ValueError(f"unknown resolution {record['resolution']!r}")
        for key in ("abstract_source", "metadata_source"):
            if record.get(key) is not None and not _SOURCE_NAME.match(record[key]):
                raise ValueError(f"not a source name for {key}: {record[key]!r}")
        if record.get("arxiv_id"):
            parsed = parse_arxiv_id(record["arxiv_id"])
            if parsed is None:
                raise InvalidInput(f"'{record['arxiv_id']}' is not an arXiv id (e.g. 1706.03762).")
            record["arxiv_id"] = parsed.id
            if parsed.version is not None:
                record.setdefault("version", parsed.version)
        if record.get("year") is not None:
            year = int(record["year"])
            if not 1000 <= year <= 9999:
                raise InvalidInput(f"year {year} is not a four-digit year.")
            record["year"] = year
        ids = dict(record.get("ids") or {})
        for scheme, column in _ID_COLUMNS.items():
            if scheme in ids:
                record.setdefault(column, ids.pop(scheme))
        if "ids" in record:
            record["ids"] = ids
        return record

    def _set_ids(self, paper_id: int, ids: Mapping[str, str | None]) -> None:
        for scheme, value in ids.items():
            if value:
                self.conn.execute(
                    "INSERT INTO paper_ids (paper_id, scheme, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (paper_id, scheme) DO UPDATE SET value = excluded.value",
                    (paper_id, scheme, str(value)),
                )
            else:
                self.conn.execute(
                    "DELETE FROM paper_ids WHERE paper_id = ? AND scheme = ?", (paper_id, scheme)
                )

    def _insert_note(self, paper_id: int, body: str, label: str | None) -> int:
        body = check_note(body) or ""
        cursor = self.conn.execute(
            "INSERT INTO notes (paper_id, created_at, body, label) VALUES (?, ?, ?, ?)",
            (paper_id, now(), body, one_line(label) if label is not None else None),
        )
        return int(cursor.lastrowid or 0)

    def _next_position(self, category: str) -> int:
        row = self.conn.execute(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM papers WHERE category = ?", (category,)
        ).fetchone()
        return int(row[0])

    def _notes_of(self, paper_ids: list[int] | None) -> dict[int, list[Note]]:
        """Notes by paper, oldest first: of `paper_ids`, or of every paper (None)."""
        sql = "SELECT * FROM notes"
        params: list[int] = []
        if paper_ids is not None:
            sql += f" WHERE paper_id IN ({', '.join('?' * len(paper_ids))})"
            params = paper_ids
        notes: dict[int, list[Note]] = {}
        for row in self.conn.execute(sql + " ORDER BY created_at, id", params):
            notes.setdefault(row["paper_id"], []).append(_note(row))
        return notes

    def _ids_of(self, paper_ids: list[int] | None) -> dict[int, dict[str, str]]:
        sql = "SELECT paper_id, scheme, value FROM paper_ids"
        params: list[int] = []
        if paper_ids is not None:
            sql += f" WHERE paper_id IN ({', '.join('?' * len(paper_ids))})"
            params = paper_ids
        ids: dict[int, dict[str, str]] = {}
        for row in self.conn.execute(sql + " ORDER BY paper_id, scheme", params):
            ids.setdefault(row["paper_id"], {})[row["scheme"]] = row["value"]
        return ids

    def _filters(
        self,
        *,
        category: str | None = None,
        status: str | None = None,
        year: int | None = None,
    ) -> tuple[list[str], list[str | int]]:
        """SQL conditions on papers aliased `p` (and their parameters) for the filters given;
        an unknown category or status is an error that lists the valid ones."""
        where: list[str] = []
        params: list[str | int] = []
        if category is not None:
            where.append("p.category = ?")
            params.append(self.category(category).slug)
        if status is not None:
            where.append("p.status = ?")
            params.append(check_status(status))
        if year is not None:
            if not 1000 <= year <= 9999:
                raise InvalidInput(f"year {year} is not a four-digit year.")
            where.append("p.year = ?")
            params.append(year)
        return where, params


def _like_prefix(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') for what starts with `text`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _encoded(record: dict[str, Any]) -> dict[str, Any]:
    """Checked fields as columns: lists and mappings as JSON."""
    encoded = dict(record)
    for key in _JSON_FIELDS:
        value = encoded.get(key)
        if value is not None and not isinstance(value, str):
            value = dict(value) if isinstance(value, dict) else list(value)
            encoded[key] = json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    return encoded


def _note(row: sqlite3.Row) -> Note:
    return Note(id=row["id"], created_at=row["created_at"], text=row["body"], label=row["label"])


def _paper(
    row: sqlite3.Row, notes: Mapping[int, list[Note]], ids: Mapping[int, dict[str, str]]
) -> Paper:
    data = dict(row)
    data.pop("title_key", None)
    for key in _JSON_FIELDS:
        empty: Any = {"candidates": None, "field_sources": {}, "publication": {}}.get(key, [])
        data[key] = json.loads(data[key]) if data[key] else empty
    every_id = {scheme: data[column] for scheme, column in _ID_COLUMNS.items() if data[column]}
    every_id.update(ids.get(data["id"], {}))
    return Paper(**data, notes=list(notes.get(data["id"], [])), ids=every_id)


def _key_suffixes() -> Iterator[str]:
    """Nothing, then a ... z, then aa ... zz, and so on: what tells apart two papers that
    would have the same citation key, as BibTeX users write vaswani2017a and vaswani2017b."""
    from itertools import count, product
    from string import ascii_lowercase

    yield ""
    for length in count(1):
        for letters in product(ascii_lowercase, repeat=length):
            yield "".join(letters)


# -- snippets of long texts ------------------------------------------------------------------

# A column longer than this (a PDF's text; a book pasted as a note) is not given to FTS5's
# snippet() whole (see Library._long_snippet). Abstracts and notes are a few thousand
# characters; the shortest PDF text of the 20 evaluation papers is 5,000.
_SNIPPET_WHOLE_CHARS = 8_000
# Its windows: 4,000 characters (about 600 words; at most some 2,000 matches of one word, a
# letter over and over, which snippet() weighs in milliseconds), each running on 300
# characters into the next so that a phrase across their border is whole in one of them.
_SNIPPET_WINDOW_CHARS = 4_000
_SNIPPET_WINDOW_OVERLAP = 300
# The first stretch of text looked at (a longish paper's text; about 2 ms to tokenise);
# each next stretch is twice as long, so a word met only at the end of 2 M characters costs
# a dozen stretches and tokenising the text once.
_SNIPPET_FIRST_STRETCH = 100_000


def _windows(text: str) -> list[tuple[int, int]]:
    """(start, end) of overlapping windows over `text`, each ending at a space so that no
    word is cut."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = _word_end(text, start + _SNIPPET_WINDOW_CHARS + _SNIPPET_WINDOW_OVERLAP)
        spans.append((start, end))
        if end >= len(text):
            break
        start = _word_end(text, start + _SNIPPET_WINDOW_CHARS)
    return spans


def _word_end(text: str, at: int) -> int:
    """The first space at or after `at`, the end of `text`, or `at` itself when no space
    comes within the overlap (a text without spaces is cut anywhere)."""
    if at >= len(text):
        return len(text)
    space = _SPACE.search(text, at, at + _SNIPPET_WINDOW_OVERLAP)
    return space.start() if space else at


_SPACE = re.compile(r"\s")
