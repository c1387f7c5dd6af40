"""The full-text index behind `rl search`: its schema, the triggers that keep it in sync, and
its maintenance (rebuild, sync check).

One FTS5 row per paper, rowid = papers.id, holding the paper's title, label, authors, abstract,
all of its notes and its PDF text. The text comes from three tables, so sqlite-utils'
`enable_fts(create_triggers=True)` (one content table, one row per row) cannot build it; the
triggers here follow the same pattern: after any write that changes indexed text, the paper's
row is deleted and re-inserted from SOURCE_SELECT. The FTS5 table keeps its own copy of the
text (not `content=`), so deleting a row never depends on the source still holding the old
values, and snippets need no lookups. The copy costs disk, not speed.

Plain sqlite3 only: `rl search` imports this module and must stay light.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

FTS_TABLE = "papers_fts"
# Order matters: bm25 weights in readinglist.search are given per column in this order.
COLUMNS = ("title", "label", "authors", "abstract", "notes", "pdf_text")
# porter stems English ("memories" -> "memori" = "memory"); unicode61 with remove_diacritics 2
# folds case and accents so "Schölkopf" is found by "scholkopf".
TOKENIZE = "porter unicode61 remove_diacritics 2"

# Each paper's indexed text. Triggers, the rebuild and the sync check all use this one
# definition, so they cannot disagree about what "in sync" means. Authors are stored as a
# JSON list; the index gets them as "A, B" so snippets read naturally.
SOURCE_SELECT = """
SELECT
    p.id AS paper_id,
    p.title,
    p.label,
    CASE WHEN json_valid(p.authors)
         THEN (SELECT group_concat(value, ', ') FROM json_each(p.authors))
         ELSE p.authors END AS authors,
    p.abstract,
    (SELECT group_concat(n.body, char(10) || char(10))
       FROM (SELECT body FROM notes WHERE paper_id = p.id ORDER BY created_at, id) AS n) AS notes,
    (SELECT t.text FROM pdf_texts t WHERE t.paper_id = p.id) AS pdf_text
FROM papers p
"""

_INSERT = f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(COLUMNS)})"


def _refresh(*paper_ids: str) -> str:
    """Trigger body statements that re-index the given papers (SQL expressions)."""
    ids = ", ".join(paper_ids)
    return (
        f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({ids});\n"
        f"    {_INSERT} {SOURCE_SELECT} WHERE p.id IN ({ids});"
    )


# name -> CREATE TRIGGER statement. UPDATE triggers name their columns so that reordering a
# category (which rewrites `position` on many rows) does not re-index anything.
TRIGGERS: dict[str, str] = {
    "papers_fts_paper_insert": f"""
CREATE TRIGGER papers_fts_paper_insert AFTER INSERT ON papers BEGIN
    {_INSERT} {SOURCE_SELECT} WHERE p.id = new.id;
END""",
    "papers_fts_paper_update": f"""
CREATE TRIGGER papers_fts_paper_update
AFTER UPDATE OF id, title, label, authors, abstract ON papers BEGIN
    {_refresh("old.id", "new.id")}
END""",
    "papers_fts_paper_delete": f"""
CREATE TRIGGER papers_fts_paper_delete AFTER DELETE ON papers BEGIN
    DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
END""",
    "papers_fts_note_insert": f"""
CREATE TRIGGER papers_fts_note_insert AFTER INSERT ON notes BEGIN
    {_refresh("new.paper_id")}
END""",
    "papers_fts_note_update": f"""
CREATE TRIGGER papers_fts_note_update AFTER UPDATE OF paper_id, body ON notes BEGIN
    {_refresh("old.paper_id", "new.paper_id")}
END""",
    "papers_fts_note_delete": f"""
CREATE TRIGGER papers_fts_note_delete AFTER DELETE ON notes BEGIN
    {_refresh("old.paper_id")}
END""",
    "papers_fts_pdf_insert": f"""
CREATE TRIGGER papers_fts_pdf_insert AFTER INSERT ON pdf_texts BEGIN
    {_refresh("new.paper_id")}
END""",
    "papers_fts_pdf_update": f"""
CREATE TRIGGER papers_fts_pdf_update AFTER UPDATE OF paper_id, text ON pdf_texts BEGIN
    {_refresh("old.paper_id", "new.paper_id")}
END""",
    "papers_fts_pdf_delete": f"""
CREATE TRIGGER papers_fts_pdf_delete AFTER DELETE ON pdf_texts BEGIN
    {_refresh("old.paper_id")}
END""",
}


def create_search_index(conn: sqlite3.Connection) -> None:
    """(Re)create the FTS table and its triggers and fill it from the papers.

    Safe to call at any time: it first drops whatever is there. A migration that rebuilds
    papers, notes or pdf_texts (e.g. sqlite-utils' transform()) drops their triggers, so it
    must call this afterwards, as llm re-enables FTS after its transforms.
    """
    drop_search_index(conn)
    conn.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        f"{', '.join(COLUMNS)}, tokenize = '{TOKENIZE}')"
    )
    for sql in TRIGGERS.values():
        conn.execute(sql)
    conn.execute(f"{_INSERT} {SOURCE_SELECT} ORDER BY p.id")
    # Merge the b-tree segments the bulk insert left behind: fewer segments, faster queries.
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


def drop_search_index(conn: sqlite3.Connection) -> None:
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


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


def check_search_index(conn: sqlite3.Connection) -> IndexHealth:
    """Compare the index with what SOURCE_SELECT says it should hold, row by row."""
    health = IndexHealth()
    health.papers = conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).fetchone()
    if not exists:
        health.problems.append("the search index is missing")
        return health
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    health.missing_triggers = [name for name in TRIGGERS if name not in present]
    if health.missing_triggers:
        health.problems.append(
            f"{len(health.missing_triggers)} of the triggers that keep the search index in sync "
            f"are missing ({', '.join(health.missing_triggers)})"
        )
    try:
        # FTS5's own check: the inverted index matches the text the table holds. It is
        # spelt as an INSERT, so commit at once: an open write transaction would block
        # every other rl process.
        with conn:
            conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as e:
        health.problems.append(f"the search index is damaged ({e})")
        return health
    health.indexed = conn.execute(f"SELECT COUNT(*) FROM {FTS_TABLE}").fetchone()[0]
    differs = " OR ".join(f"f.{c} IS NOT s.{c}" for c in COLUMNS)
    for row in conn.execute(
        f"SELECT s.paper_id, f.rowid IS NULL FROM ({SOURCE_SELECT}) s "
        f"LEFT JOIN {FTS_TABLE} f ON f.rowid = s.paper_id "
        f"WHERE f.rowid IS NULL OR {differs} ORDER BY s.paper_id"
    ):
        (health.missing if row[1] else health.stale).append(row[0])
    health.orphans = [
        r[0]
        for r in conn.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM papers) "
            "ORDER BY rowid"
        )
    ]
    for ids, what in (
        (health.missing, "not in the search index"),
        (health.stale, "indexed with outdated text"),
        (health.orphans, "deleted but still in the search index"),
    ):
        if ids:
            shown = ", ".join(f"#{i}" for i in ids[:10]) + (" ..." if len(ids) > 10 else "")
            health.problems.append(f"{len(ids)} paper(s) {what}: {shown}")
    return health
