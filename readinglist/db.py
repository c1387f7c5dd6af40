"""The one way into the knowledge base: locate it, open it, migrate it.

Read-only commands must stay instant, so the hot path uses the standard library's sqlite3
only and compares `PRAGMA user_version` with SCHEMA_VERSION. sqlite-utils (and with it numpy,
~0.3 s of imports) is loaded only when migrations are pending or a command writes through it.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.errors import DatabaseError

if TYPE_CHECKING:
    from sqlite_utils import Database

# The number of migrations in readinglist.migrations; bump it with every new migration.
SCHEMA_VERSION = 4

DEFAULT_DB = Path("data") / "papers.sqlite"
# Several rl processes may write at once (a resolve --all beside an rl note): wait for the
# lock rather than failing with "database is locked".
BUSY_TIMEOUT_SECONDS = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"


def open_db(path: Path) -> sqlite3.Connection:
    """Open the knowledge base at `path`, creating and migrating it as needed."""
    path = Path(path).expanduser()
    is_new = _check_file(path)
    if is_new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"cannot create {path.parent}: {e.strerror}") from e
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
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
    if is_new:
        print(f"Created a new knowledge base at {path}", file=sys.stderr)
    return conn


def as_sqlite_utils(conn: sqlite3.Connection) -> Database:
    """Wrap a connection from open_db for code that writes through sqlite-utils."""
    from sqlite_utils import Database

    return Database(conn)


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
    from readinglist.migrations import migrations

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and migrations.migrations_table not in tables:
        raise DatabaseError(
            f"{path} is a SQLite database but not an rl knowledge base; refusing to change it. "
            "Point --db or RL_DB at an rl knowledge base (or a new file name)."
        )
    try:
        # WAL lets readers run beside a writer; it is stored in the file, so set it once here.
        conn.execute("PRAGMA journal_mode = WAL")
        db = as_sqlite_utils(conn)
        migrations.apply(db)
        applied = len(migrations.applied(db))
        conn.execute(f"PRAGMA user_version = {applied}")
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"cannot migrate {path}: {e}") from e
