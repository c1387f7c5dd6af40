"""The full-text index behind `rl search`: its schema, the triggers that keep it in sync, and
the queries that check it. The SQL only: readinglist.library runs it (and the migrations).

One FTS5 row per paper, rowid = papers.id, holding the paper's title, label, authors, abstract,
all of its notes and its PDF text. The text comes from three tables, so sqlite-utils'
`enable_fts(create_triggers=True)` (one content table, one row per row) cannot build it; the
triggers here follow the same pattern: after any write that changes indexed text, the paper's
row is deleted and re-inserted from SOURCE_SELECT. The FTS5 table keeps its own copy of the
text (not `content=`), so deleting a row never depends on the source still holding the old
values, and snippets need no lookups. The copy costs disk, not speed.

No imports: `rl search` loads this module and must stay light.
"""

from __future__ import annotations

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


# Dropping the index and its triggers (a migration that rebuilds papers does this first).
DROP_STATEMENTS = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def rebuild_statements() -> list[str]:
    """The statements that (re)create the FTS table and its triggers and fill it from the
    papers, in order.

    Safe to run at any time: they first drop whatever is there. A migration that rebuilds
    papers, notes or pdf_texts drops their triggers, so it must run these afterwards, as llm
    re-enables FTS after its transforms.
    """
    return [
        *DROP_STATEMENTS,
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(COLUMNS)}, "
        f"tokenize = '{TOKENIZE}')",
        *TRIGGERS.values(),
        f"{_INSERT} {SOURCE_SELECT} ORDER BY p.id",
        # Merge the b-tree segments the bulk insert left behind: fewer segments, faster queries.
        f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')",
    ]


# Papers whose index row is missing (second column 1) or differs from what SOURCE_SELECT
# says it should hold (0), by id.
CHECK_INDEX_ROWS = (
    f"SELECT s.paper_id, f.rowid IS NULL FROM ({SOURCE_SELECT}) s "
    f"LEFT JOIN {FTS_TABLE} f ON f.rowid = s.paper_id "
    f"WHERE f.rowid IS NULL OR {' OR '.join(f'f.{c} IS NOT s.{c}' for c in COLUMNS)} "
    "ORDER BY s.paper_id"
)
# Index rows of papers that no longer exist.
INDEX_ORPHANS = (
    f"SELECT rowid FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM papers) ORDER BY rowid"
)
