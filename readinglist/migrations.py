"""The knowledge base schema, as numbered migrations.

Append-only: never edit a migration that has shipped; add `mNNN_...` below the last one and
bump `db.SCHEMA_VERSION` (a test checks that the two agree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

from readinglist.search_index import create_search_index

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = Migrations("readinglist")

DEFAULT_CATEGORIES = [
    ("survey", "Survey"),
    ("dialogue", "Dialogue system"),
    ("llm", "LLMs"),
    ("rl", "Reinforcement learning"),
    ("other", "other"),
]


@migrations()
def m001_papers_categories_notes(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE categories (
            slug TEXT PRIMARY KEY,
            heading TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: ids stay stable
            arxiv_id TEXT,                 -- without version, e.g. 1706.03762 or hep-th/9901001
            version INTEGER,               -- the arXiv version the metadata came from
            title TEXT NOT NULL,           -- canonical title
            title_key TEXT NOT NULL,       -- normalised title, for duplicate detection
            label TEXT NOT NULL,           -- the text as the user writes it in their table
            authors TEXT NOT NULL DEFAULT '[]',           -- JSON list, in order
            year INTEGER,
            published TEXT,
            updated TEXT,
            abstract TEXT,
            abstract_source TEXT CHECK (abstract_source IN ('arxiv', 'pdf', 'manual')),
            arxiv_categories TEXT NOT NULL DEFAULT '[]',  -- JSON list, primary first
            doi TEXT,
            venue TEXT,                    -- venue or arXiv journal_ref
            comment TEXT,                  -- arXiv author comment
            url TEXT,
            pdf_url TEXT,
            pdf_path TEXT,
            category TEXT NOT NULL REFERENCES categories(slug) ON UPDATE CASCADE,
            position INTEGER NOT NULL,     -- order within its category
            status TEXT NOT NULL DEFAULT 'to-read'
                CHECK (status IN ('to-read', 'reading', 'read')),
            read_at TEXT,
            resolution TEXT NOT NULL DEFAULT 'manual'
                CHECK (resolution IN ('resolved', 'unresolved', 'not-on-arxiv', 'manual')),
            candidates TEXT,               -- JSON list while unresolved: [{arxiv_id, title, score}]
            added_at TEXT NOT NULL
        );
        CREATE INDEX papers_arxiv_id ON papers(arxiv_id);
        CREATE INDEX papers_title_key ON papers(title_key);
        CREATE INDEX papers_category_position ON papers(category, position);
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            body TEXT NOT NULL             -- Markdown
        );
        CREATE INDEX notes_paper_id ON notes(paper_id);
        """
    )
    db.table("categories").insert_all(
        {"slug": slug, "heading": heading, "position": i}
        for i, (slug, heading) in enumerate(DEFAULT_CATEGORIES)
    )


@migrations()
def m002_arxiv_cache(db: Database) -> None:
    # Answers of metadata sources (arXiv first), kept for a day so that repeating a lookup
    # costs no request. `key` is "<source>:id:<id>" or "<source>:title:<limit>:<title>";
    # `records` is the JSON list of PaperRecords the source returned (empty: nothing found).
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS arxiv_cache (
            key TEXT PRIMARY KEY,
            fetched_at TEXT NOT NULL,      -- ISO 8601 UTC
            records TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS arxiv_cache_fetched_at ON arxiv_cache(fetched_at);
        """
    )


@migrations()
def m003_search_index(db: Database) -> None:
    # pdf_texts is filled when a PDF is attached; it lives apart from papers so that listing
    # papers never reads megabytes of text.
    db.execute(
        """
        CREATE TABLE pdf_texts (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            pages INTEGER,
            extracted_at TEXT
        )
        """
    )
    create_search_index(db.conn)


@migrations()
def m004_note_rows(db: Database) -> None:
    # A note can also be a row of the user's reading-list table, written right after its
    # paper's row (the profile's "(2018b) \[Note\] Personalizing Dialogue Agents ..."): its
    # label is that row's Markdown exactly as written. NULL: the note is not shown in the table.
    db.table("notes").add_column("label", str)
