"""The knowledge base schema, as numbered migrations.

Append-only: never edit a migration that has shipped; add `mNNN_...` below the last one and
bump `library.SCHEMA_VERSION` (a test checks that the two agree). They run in one exclusive
transaction (library._migrate), with foreign keys off so that a migration can rebuild a
table that others refer to; the foreign keys are checked before it commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

from readinglist.search_index import DROP_STATEMENTS, rebuild_statements, words_index_statements

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
    _rebuild_search_index(db)


@migrations()
def m004_note_rows(db: Database) -> None:
    # A note can also be a row of the user's reading-list table, written right after its
    # paper's row (the profile's "(2018b) \[Note\] Personalizing Dialogue Agents ..."): its
    # label is that row's Markdown exactly as written. NULL: the note is not shown in the table.
    db.table("notes").add_column("label", str)


@migrations()
def m005_many_sources(db: Database) -> None:
    # Room for sources beside arXiv (Semantic Scholar, Crossref, DBLP, ...):
    # - papers.abstract_source and the new papers.metadata_source name any source (a
    #   lower-case word) rather than arxiv/pdf/manual only;
    # - "not-on-arxiv" becomes "not-found": no source had the paper;
    # - paper_ids keeps the ids that have no column of their own (s2, acl, dblp, ...);
    # - the cache is keyed by source (the old one holds at most a day of arXiv answers);
    # - an index on label, which importing a README looks every row up by.
    # SQLite cannot change a CHECK constraint in place, so papers is rebuilt (the procedure
    # of https://www.sqlite.org/lang_altertable.html#otheralter). The search index's triggers
    # name papers, so they go first and come back at the end.
    for statement in DROP_STATEMENTS:
        db.execute(statement)
    source = "CHECK ({0} IS NULL OR ({0} <> '' AND {0} NOT GLOB '*[^a-z0-9-]*'))"
    db.executescript(
        f"""
        CREATE TABLE papers_new (
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
            abstract_source TEXT {source.format("abstract_source")},  -- arxiv, pdf, manual...
            metadata_source TEXT {source.format("metadata_source")},  -- where the rest came from
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
                CHECK (resolution IN ('resolved', 'unresolved', 'not-found', 'manual')),
            candidates TEXT,               -- JSON list while unresolved: [{{source, id, ...}}]
            added_at TEXT NOT NULL
        );
        INSERT INTO papers_new
        SELECT id, arxiv_id, version, title, title_key, label, authors, year, published,
            updated, abstract, abstract_source,
            CASE WHEN resolution = 'resolved' THEN 'arxiv' ELSE 'manual' END,
            arxiv_categories, doi, venue, comment, url, pdf_url, pdf_path, category, position,
            status, read_at,
            CASE WHEN resolution = 'not-on-arxiv' THEN 'not-found' ELSE resolution END,
            CASE WHEN candidates IS NULL THEN NULL ELSE (
                SELECT json_group_array(json_set(value, '$.source', 'arxiv',
                                                 '$.id', json_extract(value, '$.arxiv_id')))
                FROM json_each(papers.candidates)) END,
            added_at
        FROM papers;
        DROP TABLE papers;
        ALTER TABLE papers_new RENAME TO papers;
        CREATE INDEX papers_arxiv_id ON papers(arxiv_id);
        CREATE INDEX papers_doi ON papers(doi);
        CREATE INDEX papers_title_key ON papers(title_key);
        CREATE INDEX papers_label ON papers(label);
        CREATE INDEX papers_category_position ON papers(category, position);

        CREATE TABLE paper_ids (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            scheme TEXT NOT NULL,          -- s2, acl, dblp, openalex, ...
            value TEXT NOT NULL,
            PRIMARY KEY (paper_id, scheme)
        );
        CREATE INDEX paper_ids_value ON paper_ids(scheme, value);

        CREATE TABLE source_cache (
            source TEXT NOT NULL,          -- the MetadataSource's name
            key TEXT NOT NULL,             -- "id:<id>" or "title:<limit>:<normalised title>"
            fetched_at TEXT NOT NULL,      -- ISO 8601 UTC
            records TEXT NOT NULL,         -- JSON list of the records it answered
            PRIMARY KEY (source, key)
        );
        CREATE INDEX source_cache_fetched_at ON source_cache(fetched_at);
        DROP TABLE arxiv_cache;        -- a day's answers, in the old record shape: let go
        """
    )
    _rebuild_search_index(db)


@migrations()
def m006_pages_and_field_sources(db: Database) -> None:
    # Sources beside arXiv give a paper's pages; and a paper's fields may come from several
    # sources (arXiv's title, Semantic Scholar's venue, the user's year): field_sources is
    # the JSON map of which, shown by `rl show`.
    db.execute("ALTER TABLE papers ADD COLUMN pages TEXT")
    db.execute("ALTER TABLE papers ADD COLUMN field_sources TEXT")
    db.execute(
        "UPDATE papers SET field_sources = json_object("
        "'title', metadata_source, 'authors', metadata_source, 'year', metadata_source) "
        "WHERE metadata_source IS NOT NULL"
    )


def _rebuild_search_index(db: Database) -> None:
    for statement in rebuild_statements():
        db.execute(statement)


@migrations()
def m007_citation_keys(db: Database) -> None:
    # The key a paper is cited by in BibTeX and CSL JSON (vaswani2017attention): given the
    # first time the paper is exported (or taken from the file it was imported from) and
    # never changed after, so documents that cite it keep working. Keys are unique without
    # regard to case, as BibTeX compares them.
    db.execute(
        """
        CREATE TABLE citation_keys (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            key TEXT NOT NULL UNIQUE COLLATE NOCASE
        )
        """
    )


@migrations()
def m008_prefix_index(db: Database) -> None:
    # A second full-text index over the same text, unstemmed, for prefix terms: porter
    # indexes "generation" as "gener", so `rl search 'generat*'` found nothing.
    for statement in words_index_statements():
        db.execute(statement)


@migrations()
def m009_label_format(db: Database) -> None:
    # A label is either the user's Markdown, kept as written (an imported README row, --label)
    # or plain text rl made from what was typed or found (a title), which rendering escapes:
    # `rl add "Pipes | and <tags> in *titles*"` must not come out as an italic with the tag
    # swallowed. Labels stored before could be either; as written is how they were rendered.
    db.execute(
        "ALTER TABLE papers ADD COLUMN label_format TEXT NOT NULL DEFAULT 'markdown' "
        "CHECK (label_format IN ('markdown', 'text'))"
    )


@migrations()
def m010_new_knowledge_bases_start_with_other(db: Database) -> None:
    # m001 gave every knowledge base the five categories of one user's profile README (Survey,
    # Dialogue system, LLMs, Reinforcement learning, other); a new user brings their own
    # groups (rl import-readme makes them categories). A knowledge base that holds no paper
    # and still has exactly m001's categories keeps only "other"; any other is left as it is.
    # (The shipped knowledge base makes the profile's categories itself:
    # scripts/build_shipped_db.py.)
    papers = db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    categories = db.execute("SELECT slug, heading, position FROM categories ORDER BY position")
    untouched = [tuple(r) for r in categories] == [
        (slug, heading, i) for i, (slug, heading) in enumerate(DEFAULT_CATEGORIES)
    ]
    if papers == 0 and untouched:
        db.execute("DELETE FROM categories WHERE slug != 'other'")
        db.execute("UPDATE categories SET position = 0")


@migrations()
def m011_literal_authors(db: Database) -> None:
    # An author may be one name, not a person's to split into given and family names: a
    # collaboration or an organisation ("ATLAS Collaboration", "World Health Organization"),
    # as CSL JSON's literal names and BibTeX's braced ones say. The JSON list of those among
    # a paper's authors (NULL: none), so that exports keep them whole: {ATLAS Collaboration}
    # in BibTeX (abbrv.bst printed "A.~Collaboration"), a literal in CSL JSON.
    db.execute("ALTER TABLE papers ADD COLUMN literal_authors TEXT")


@migrations()
def m012_publication(db: Database) -> None:
    # How a paper imported from a .bib or CSL JSON file was published, as the file said and
    # the venue text cannot: its entry type (an @article in "Neural computation", which names
    # no kind, or in "Proceedings of the National Academy of Sciences", a journal), volume,
    # number, publisher and ISBN, with the venue they go with. A JSON object (NULL: none);
    # exports write them back while the venue is still that one.
    db.execute("ALTER TABLE papers ADD COLUMN publication TEXT")
