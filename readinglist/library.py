"""The knowledge base: the one module that runs SQL (the DDL lives in migrations.py).

`open_library(path)` is the one way in: it locates nothing (the face decides the path),
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
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.errors import Ambiguous, DatabaseError, Duplicate, InvalidInput, NotFound

if TYPE_CHECKING:
    from readinglist.identifiers import ArxivId

# The number of migrations in readinglist.migrations; bump it with every new migration.
SCHEMA_VERSION = 6

DEFAULT_DB = Path("data") / "papers.sqlite"
# Several rl processes may write at once (a resolve --all beside an rl note): wait for the
# lock rather than failing with "database is locked".
BUSY_TIMEOUT_SECONDS = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite integers are signed 64-bit: a larger id names no row, and Python's sqlite3 would
# raise OverflowError binding it.
_MAX_ID = 2**63 - 1

STATUSES = ("to-read", "reading", "read")
RESOLUTIONS = ("resolved", "unresolved", "not-found", "manual")
# Columns a caller may set; id, title_key, position and added_at are the library's to manage.
# `ids` is not a column: it fills paper_ids (scheme -> value) for ids without a column.
FIELDS = (
    "arxiv_id", "version", "title", "label", "authors", "year", "published", "updated",
    "abstract", "abstract_source", "metadata_source", "arxiv_categories", "doi", "venue",
    "comment", "url", "pdf_url", "pdf_path", "category", "status", "read_at", "resolution",
    "candidates", "ids",
)  # fmt: skip
_JSON_FIELDS = ("authors", "arxiv_categories", "candidates")
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
    notes: list[Note] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # every id: arxiv, doi, s2, acl, ...

    def as_dict(self) -> dict[str, Any]:
        """Every field, notes as dicts: what JSON output and templates see."""
        data = {name: getattr(self, name) for name in _PAPER_FIELDS}
        data["notes"] = [n.as_dict() for n in self.notes]
        data["ids"] = dict(self.ids)
        return data


_PAPER_FIELDS = tuple(Paper.__dataclass_fields__)


@dataclass
class IndexHealth:
    """What `rl doctor` reports about the search index. `problems` is empty when it is sound."""

    papers: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)  # papers with no index row
    stale: list[int] = field(default_factory=list)  # index row differs from the paper
    orphans: list[int] = field(default_factory=list)  # index rows of deleted papers
    missing_triggers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# -- opening ---------------------------------------------------------------------------------


def open_library(path: Path) -> Library:
    """Open the knowledge base at `path`, creating and migrating it as needed.

    `Library.created` tells the caller the file is new (the face says so; this module never
    prints)."""
    path = Path(path).expanduser()
    is_new = _check_file(path)
    if is_new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"cannot create {path.parent}: {e.strerror}") from e
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
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
    if version < SCHEMA_VERSION:
        _migrate(conn, path)
    return Library(conn, path, created=is_new)


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


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the pending migrations, all in one exclusive transaction.

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
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
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
        record.setdefault("label", record["title"])
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
        arxiv = parse_arxiv_id(ref)
        if arxiv is not None:
            row = self.conn.execute(
                "SELECT id FROM papers WHERE arxiv_id = ? ORDER BY id", (arxiv.id,)
            ).fetchone()
            if row is None:
                raise NotFound(
                    f"no stored paper has arXiv id {arxiv.id}. Add it with: rl add {ref}"
                )
            return self.paper(row["id"])
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
        """Change stored fields. Moving category puts the paper last in its new category."""
        current = self.paper(paper_id)
        record = self._check(changes)
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
        match: str,
        weights: Mapping[str, float],
        *,
        category: str | None = None,
        status: str | None = None,
        year: int | None = None,
        limit: int,
        marks: tuple[str, str],
        snippet_columns: Sequence[str],
        snippet_tokens: int,
    ) -> list[dict[str, Any]]:
        """The best `limit` papers for an FTS5 MATCH expression, best first.

        Each: id, title, label, year, category, status, score (higher is better),
        label_marked and snippet (matched words between `marks`), and field (the column the
        snippet comes from: the first of `snippet_columns` that matched, else "title").
        Raises sqlite3.OperationalError for an expression FTS5 cannot read."""
        from readinglist.search_index import COLUMNS, FTS_TABLE

        filters, filter_params = self._filters(category=category, status=status, year=year)
        where = [f"{FTS_TABLE} MATCH ?", *filters]
        params: list[str | int] = [match, *filter_params]
        ranking = ", ".join(str(weights[c]) for c in COLUMNS)
        # Rank first, carrying only ids and scores through the sort, then read the few papers
        # shown. A filter needs the papers row while ranking; CROSS JOIN keeps the full-text
        # match as the outer loop, so it looks up matched papers by id instead of running the
        # match once per paper of a category.
        join = f"CROSS JOIN papers p ON p.id = {FTS_TABLE}.rowid" if len(where) > 1 else ""
        sql = f"""
            WITH ranked AS (
                SELECT {FTS_TABLE}.rowid AS id, -bm25({FTS_TABLE}, {ranking}) AS score
                FROM {FTS_TABLE} {join}
                WHERE {" AND ".join(where)}
                ORDER BY score DESC, id
                LIMIT ?
            )
            SELECT p.id, p.title, p.label, p.year, p.category, p.status, ranked.score
            FROM ranked JOIN papers p ON p.id = ranked.id
            ORDER BY ranked.score DESC, p.id
        """
        self.conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        results = [dict(r) for r in self.conn.execute(sql, [*params, limit]).fetchall()]
        # Snippets for the few results shown only: snippet() tokenises text, so computing it
        # in the ranking query would cost it for every match of a common word.
        calls = ", ".join(
            f"snippet({FTS_TABLE}, {COLUMNS.index(c)}, ?1, ?2, '…', {snippet_tokens})"
            for c in snippet_columns
        )
        snippet_sql = (
            f"SELECT highlight({FTS_TABLE}, {COLUMNS.index('title')}, ?1, ?2), "
            f"highlight({FTS_TABLE}, {COLUMNS.index('label')}, ?1, ?2), {calls} "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?3 AND rowid = ?4"
        )
        start, end = marks
        for result in results:
            title, label, *snippets = self.conn.execute(
                snippet_sql, (start, end, match, result["id"])
            ).fetchone()
            result["label_marked"] = label
            result["snippet"], result["field"] = title, "title"
            for column, text in zip(snippet_columns, snippets, strict=True):
                if text and start in text:
                    # PDF text and notes keep their line breaks; a snippet is one line.
                    result["snippet"], result["field"] = " ".join(text.split()), column
                    break
        return results

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

        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
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
        from readinglist.search_index import CHECK_INDEX_ROWS, FTS_TABLE, INDEX_ORPHANS, TRIGGERS

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
        try:
            # FTS5's own check: the inverted index matches the text the table holds. It is
            # spelt as an INSERT, so commit at once: an open write transaction would block
            # every other rl process.
            with self.transaction():
                self.conn.execute(
                    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('integrity-check')"
                )
        except sqlite3.DatabaseError as e:
            health.problems.append(f"the search index is damaged ({e})")
            return health
        health.indexed = self.conn.execute(f"SELECT COUNT(*) FROM {FTS_TABLE}").fetchone()[0]
        for row in self.conn.execute(CHECK_INDEX_ROWS):
            (health.missing if row[1] else health.stale).append(row[0])
        health.orphans = [r[0] for r in self.conn.execute(INDEX_ORPHANS)]
        for ids, what in (
            (health.missing, "not in the search index"),
            (health.stale, "indexed with outdated text"),
            (health.orphans, "deleted but still in the search index"),
        ):
            if ids:
                shown = ", ".join(f"#{i}" for i in ids[:10]) + (" ..." if len(ids) > 10 else "")
                health.problems.append(f"{len(ids)} paper(s) {what}: {shown}")
        return health

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
            where.append("p.year = ?")
            params.append(year)
        return where, params


def _encoded(record: dict[str, Any]) -> dict[str, Any]:
    """Checked fields as columns: lists as JSON."""
    encoded = dict(record)
    for key in _JSON_FIELDS:
        if encoded.get(key) is not None and not isinstance(encoded[key], str):
            encoded[key] = json.dumps(list(encoded[key]), ensure_ascii=False)
    return encoded


def _note(row: sqlite3.Row) -> Note:
    return Note(id=row["id"], created_at=row["created_at"], text=row["body"], label=row["label"])


def _paper(
    row: sqlite3.Row, notes: Mapping[int, list[Note]], ids: Mapping[int, dict[str, str]]
) -> Paper:
    data = dict(row)
    data.pop("title_key", None)
    for key in _JSON_FIELDS:
        empty: list[Any] | None = None if key == "candidates" else []
        data[key] = json.loads(data[key]) if data[key] else empty
    every_id = {scheme: data[column] for scheme, column in _ID_COLUMNS.items() if data[column]}
    every_id.update(ids.get(data["id"], {}))
    return Paper(**data, notes=list(notes.get(data["id"], [])), ids=every_id)
