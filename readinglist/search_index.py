"""The full-text index behind `rl search`: its schema, the triggers that keep it in sync, and
the queries that check it. The SQL only: readinglist.library runs it (and the migrations).

One FTS5 row per paper, rowid = papers.id, holding the paper's title, label, authors, abstract,
all of its notes and its PDF text; and beside it the same rows unstemmed, for prefix terms
(WORDS_TABLE). The text comes from three tables, so sqlite-utils'
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
# The same text with its words as written, for prefix terms: porter indexes "generation" as
# "gener", so `generat*` finds nothing in FTS_TABLE. This index holds no copy of the text: its
# content is FTS_TABLE's (external content, read by rowid for highlight() and snippet()),
# and the triggers below keep it in step with FTS_TABLE, row for row.
WORDS_TABLE = "papers_words"
WORDS_TOKENIZE = "unicode61 remove_diacritics 2"

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

_COLUMN_LIST = ", ".join(COLUMNS)
_INSERT = f"INSERT INTO {FTS_TABLE} (rowid, {_COLUMN_LIST})"


def _index_words(where: str) -> str:
    """Add FTS_TABLE's rows `where` to WORDS_TABLE (after they were written)."""
    return (
        f"INSERT INTO {WORDS_TABLE} (rowid, {_COLUMN_LIST}) "
        f"SELECT rowid, {_COLUMN_LIST} FROM {FTS_TABLE} WHERE {where};"
    )


def _unindex_words(where: str) -> str:
    """Take FTS_TABLE's rows `where` out of WORDS_TABLE (before they go): an external-content
    index forgets a row only when told the text it indexed."""
    return (
        f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}, rowid, {_COLUMN_LIST}) "
        f"SELECT 'delete', rowid, {_COLUMN_LIST} FROM {FTS_TABLE} WHERE {where};"
    )


def index_new_papers() -> list[str]:
    """Statements indexing the papers with ids above ?1 that are not indexed yet (an import
    stores them with the insert trigger dropped): the index of prefixes first, then the
    search index, so that both take the same papers, chosen before either holds them."""
    where = (f"WHERE p.id > ?1 AND p.id NOT IN (SELECT rowid FROM {FTS_TABLE} WHERE rowid > ?1) "
             "ORDER BY p.id")  # fmt: skip
    return [
        f"INSERT INTO {WORDS_TABLE} (rowid, {_COLUMN_LIST}) {SOURCE_SELECT} {where}",
        f"{_INSERT} {SOURCE_SELECT} {where}",
    ]


def _refresh(*paper_ids: str) -> str:
    """Trigger body statements that re-index the given papers (SQL expressions)."""
    ids = ", ".join(paper_ids)
    return (
        f"{_unindex_words(f'rowid IN ({ids})')}\n"
        f"    DELETE FROM {FTS_TABLE} WHERE rowid IN ({ids});\n"
        f"    {_INSERT} {SOURCE_SELECT} WHERE p.id IN ({ids});\n"
        f"    {_index_words(f'rowid IN ({ids})')}"
    )


# name -> CREATE TRIGGER statement. UPDATE triggers name their columns so that reordering a
# category (which rewrites `position` on many rows) does not re-index anything.
TRIGGERS: dict[str, str] = {
    "papers_fts_paper_insert": f"""
CREATE TRIGGER papers_fts_paper_insert AFTER INSERT ON papers BEGIN
    {_INSERT} {SOURCE_SELECT} WHERE p.id = new.id;
    {_index_words("rowid = new.id")}
END""",
    "papers_fts_paper_update": f"""
CREATE TRIGGER papers_fts_paper_update
AFTER UPDATE OF id, title, label, authors, abstract ON papers BEGIN
    {_refresh("old.id", "new.id")}
END""",
    "papers_fts_paper_delete": f"""
CREATE TRIGGER papers_fts_paper_delete AFTER DELETE ON papers BEGIN
    {_unindex_words("rowid = old.id")}
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
    f"DROP TABLE IF EXISTS {WORDS_TABLE}",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
_CREATE_WORDS = (
    f"CREATE VIRTUAL TABLE {WORDS_TABLE} USING fts5({_COLUMN_LIST}, content = '{FTS_TABLE}', "
    f"tokenize = '{WORDS_TOKENIZE}')"
)
# Filled from FTS_TABLE's rows (FTS5's 'rebuild' cannot read another FTS5 table's content).
_FILL_WORDS = _index_words("1 ORDER BY rowid")


def rebuild_statements() -> list[str]:
    """The statements that (re)create the FTS table and its triggers and fill it from the
    papers, in order.

    Safe to run at any time: they first drop whatever is there. A migration that rebuilds
    papers, notes or pdf_texts drops their triggers, so it must run these afterwards, as llm
    re-enables FTS after its transforms.
    """
    return [
        *DROP_STATEMENTS,
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_COLUMN_LIST}, tokenize = '{TOKENIZE}')",
        _CREATE_WORDS,
        *TRIGGERS.values(),
        f"{_INSERT} {SOURCE_SELECT} ORDER BY p.id",
        _FILL_WORDS,
        # Merge the b-tree segments the bulk insert left behind: fewer segments, faster queries.
        f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')",
        f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}) VALUES ('optimize')",
    ]


def words_index_statements() -> list[str]:
    """The statements that add WORDS_TABLE beside an existing FTS_TABLE (and the triggers that
    now keep both), filled from FTS_TABLE: the main index is left as it is."""
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
        f"DROP TABLE IF EXISTS {WORDS_TABLE}",
        _CREATE_WORDS,
        *TRIGGERS.values(),
        _FILL_WORDS,
        f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}) VALUES ('optimize')",
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
# Papers whose row in the index of prefixes is missing, left over, or differs from their row in
# the search index, by id. Both tokenizers cut text into the same words (porter only stems
# them), so the word counts per column that FTS5 keeps for each row (its docsize table) agree
# exactly when the two indexes hold the same text.
CHECK_WORDS_ROWS = (
    f"SELECT f.id FROM {FTS_TABLE}_docsize f LEFT JOIN {WORDS_TABLE}_docsize w ON w.id = f.id "
    f"WHERE w.sz IS NOT f.sz "
    f"UNION SELECT id FROM {WORDS_TABLE}_docsize WHERE id NOT IN "
    f"(SELECT id FROM {FTS_TABLE}_docsize) ORDER BY 1"
)
