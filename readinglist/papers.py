"""Papers and their notes: store, find, change. Plain data in, plain dicts out."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from readinglist.categories import get_category
from readinglist.errors import Ambiguous, Duplicate, InvalidInput, NotFound
from readinglist.identifiers import parse_arxiv_id

STATUSES = ("to-read", "reading", "read")
RESOLUTIONS = ("resolved", "unresolved", "not-on-arxiv", "manual")
ABSTRACT_SOURCES = ("arxiv", "pdf", "manual")
# Columns a caller may set; id, title_key, position and added_at are ours to manage.
FIELDS = (
    "arxiv_id", "version", "title", "label", "authors", "year", "published", "updated",
    "abstract", "abstract_source", "arxiv_categories", "doi", "venue", "comment", "url",
    "pdf_url", "pdf_path", "category", "status", "read_at", "resolution", "candidates",
)  # fmt: skip
_JSON_FIELDS = ("authors", "arxiv_categories", "candidates")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing removed: what makes two titles 'the same'."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def one_line(label: str) -> str:
    """A label on one line, otherwise kept byte for byte.

    Labels are the user's own Markdown (a table cell as written), so runs of spaces inside
    them are theirs to keep; only line breaks, which would break the table row, become spaces.
    """
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", label).strip(" \t")


def parse_authors(text: str) -> list[str]:
    """'A. Vaswani, N. Shazeer; N. Parmar' -> three names. Also accepts ' and '."""
    parts = re.split(r"\s*[;,]\s*|\s+and\s+", text.strip())
    return [p for p in (part.strip() for part in parts) if p]


def add_paper(conn: sqlite3.Connection, fields: Mapping[str, Any], *, force: bool = False) -> int:
    """Store a new paper at the end of its category; returns its id.

    Refuses (Duplicate) a paper whose arXiv id or normalised title is already stored, unless
    `force` is set.
    """
    record = _clean(conn, fields)
    if not record.get("title"):
        raise InvalidInput("a paper needs a title.")
    _check_title(record["title"])
    record.setdefault("label", record["title"])
    if not force:
        existing = find_duplicate(conn, record.get("arxiv_id"), record["title"])
        if existing is not None:
            raise Duplicate(
                f"already stored as #{existing['id']} '{existing['label']}'"
                f" ({existing['category']}). Use --force to add it again anyway."
            )
    record["title_key"] = normalise_title(record["title"])
    record["added_at"] = now()
    if record.get("status") == "read" and not record.get("read_at"):
        record["read_at"] = record["added_at"]
    with conn:
        record["position"] = _next_position(conn, record["category"])
        columns = ", ".join(record)
        marks = ", ".join(f":{k}" for k in record)
        cursor = conn.execute(f"INSERT INTO papers ({columns}) VALUES ({marks})", record)
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def find_duplicate(
    conn: sqlite3.Connection, arxiv_id: str | None, title: str, *, exclude: int | None = None
) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, label, category FROM papers "
        "WHERE ((?1 IS NOT NULL AND arxiv_id = ?1) OR title_key = ?2) AND id IS NOT ?3 "
        "ORDER BY id LIMIT 1",
        (arxiv_id, normalise_title(title), exclude),
    ).fetchone()
    return dict(row) if row else None


def get_paper(conn: sqlite3.Connection, paper_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
    if row is None:
        raise NotFound(f"no paper with id {paper_id}. See the ids with: rl list")
    paper = _decode(row)
    paper["notes"] = list_notes(conn, paper_id)
    return paper


def find_paper(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """A paper by id, arXiv id, or a fragment of its title or label.

    A fragment that matches several papers raises Ambiguous listing them, never a guess.
    """
    ref = ref.strip()
    if not ref:
        raise InvalidInput("REF is empty: give an id, an arXiv id or part of a title.")
    if ref.lstrip("#").isdigit():
        return get_paper(conn, int(ref.lstrip("#")))
    arxiv = parse_arxiv_id(ref)
    if arxiv is not None:
        row = conn.execute("SELECT id FROM papers WHERE arxiv_id = ?", (arxiv.id,)).fetchone()
        if row is None:
            raise NotFound(f"no stored paper has arXiv id {arxiv.id}. Add it with: rl add {ref}")
        return get_paper(conn, row["id"])
    pattern = "%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        "SELECT id, label, title, category FROM papers "
        "WHERE title LIKE ?1 ESCAPE '\\' OR label LIKE ?1 ESCAPE '\\' ORDER BY id",
        (pattern,),
    ).fetchall()
    if not rows:
        key = normalise_title(ref)
        rows = [r for r in conn.execute("SELECT id, label, title, category FROM papers")
                if key and key in normalise_title(r["label"] + " " + r["title"])]  # fmt: skip
    if not rows:
        raise NotFound(f"no paper matches '{ref}'. Try: rl search {ref}")
    if len(rows) > 1:
        exact = [r for r in rows if normalise_title(r["title"]) == normalise_title(ref)]
        if len(exact) == 1:
            return get_paper(conn, exact[0]["id"])
        raise Ambiguous(
            f"'{ref}' matches {len(rows)} papers; use an id or a longer part of the title:",
            details=[f"#{r['id']}  {r['label']}  ({r['category']})" for r in rows],
        )
    return get_paper(conn, rows[0]["id"])


def list_papers(
    conn: sqlite3.Connection, category: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """Papers in display order (category order, then position), optionally filtered."""
    where, params = paper_filters(conn, category=category, status=status)
    sql = (
        "SELECT p.* FROM papers p JOIN categories c ON c.slug = p.category"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.position, p.position, p.id"
    )
    papers = [_decode(r) for r in conn.execute(sql, params)]
    notes: dict[int, list[dict[str, Any]]] = {}
    for note in conn.execute("SELECT * FROM notes ORDER BY created_at, id"):
        notes.setdefault(note["paper_id"], []).append(_note(note))
    for paper in papers:
        paper["notes"] = notes.get(paper["id"], [])
    return papers


def paper_filters(
    conn: sqlite3.Connection,
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
        params.append(get_category(conn, category)["slug"])
    if status is not None:
        where.append("p.status = ?")
        params.append(check_status(status))
    if year is not None:
        where.append("p.year = ?")
        params.append(year)
    return where, params


def update_paper(
    conn: sqlite3.Connection, paper_id: int, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Change stored fields. Moving category puts the paper last in its new category."""
    current = get_paper(conn, paper_id)
    record = _clean(conn, changes)
    if "title" in record:
        if not record["title"]:
            raise InvalidInput("the title cannot be empty.")
        _check_title(record["title"])
        record["title_key"] = normalise_title(record["title"])
    if record.get("status") == "read" and current["status"] != "read":
        record.setdefault("read_at", now())
    elif "status" in record and record["status"] != "read":
        record["read_at"] = None
    if not record:
        return current
    with conn:
        if "category" in record and record["category"] != current["category"]:
            record["position"] = _next_position(conn, record["category"])
        assignments = ", ".join(f"{k} = :{k}" for k in record)
        conn.execute(
            f"UPDATE papers SET {assignments} WHERE id = :_id", {**record, "_id": paper_id}
        )
    return get_paper(conn, paper_id)


def move_paper(conn: sqlite3.Connection, paper_id: int, position: int) -> dict[str, Any]:
    """Put a paper at `position` (1-based) within its category, shifting the others."""
    paper = get_paper(conn, paper_id)
    order = [
        r["id"]
        for r in conn.execute(
            "SELECT id FROM papers WHERE category = ? AND id != ? ORDER BY position, id",
            (paper["category"], paper_id),
        )
    ]
    order.insert(min(max(position, 1), len(order) + 1) - 1, paper_id)
    with conn:
        conn.executemany(
            "UPDATE papers SET position = ? WHERE id = ?",
            [(i, pid) for i, pid in enumerate(order, 1)],
        )
    return get_paper(conn, paper_id)


def set_status(conn: sqlite3.Connection, paper_id: int, status: str) -> dict[str, Any]:
    return update_paper(conn, paper_id, {"status": status})


def delete_paper(conn: sqlite3.Connection, paper_id: int) -> None:
    get_paper(conn, paper_id)
    with conn:
        conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))


def add_note(
    conn: sqlite3.Connection, paper_id: int, body: str, *, label: str | None = None
) -> dict[str, Any]:
    """Add a note. With `label`, the note is also a row of the reading-list table, shown
    right after its paper's row with exactly that Markdown text."""
    get_paper(conn, paper_id)
    body = body.strip()
    if not body:
        raise InvalidInput("the note is empty; nothing was saved.")
    if label is not None:
        label = one_line(label)
    with conn:
        cursor = conn.execute(
            "INSERT INTO notes (paper_id, created_at, body, label) VALUES (?, ?, ?, ?)",
            (paper_id, now(), body, label or None),
        )
    row = conn.execute("SELECT * FROM notes WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return _note(row)


def list_notes(conn: sqlite3.Connection, paper_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM notes WHERE paper_id = ? ORDER BY created_at, id", (paper_id,)
    )
    return [_note(r) for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts by category, status, resolution, and how many papers have an abstract."""

    def counts(column: str) -> dict[str, int]:
        rows = conn.execute(f"SELECT {column}, COUNT(*) FROM papers GROUP BY 1 ORDER BY 1")
        return {r[0]: r[1] for r in rows}

    categories = conn.execute(
        "SELECT c.slug, COUNT(p.id) FROM categories c LEFT JOIN papers p ON p.category = c.slug "
        "GROUP BY c.slug ORDER BY c.position"
    )
    one = conn.execute(
        "SELECT COUNT(*), COUNT(abstract), COUNT(arxiv_id), COUNT(pdf_path) FROM papers"
    ).fetchone()
    return {
        "papers": one[0],
        "with_abstract": one[1],
        "with_arxiv_id": one[2],
        "with_pdf": one[3],
        "notes": conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0],
        "by_category": {r[0]: r[1] for r in categories},
        "by_status": {s: counts("status").get(s, 0) for s in STATUSES},
        "by_resolution": {r: counts("resolution").get(r, 0) for r in RESOLUTIONS},
    }


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"unknown status '{status}'. Use one of: {', '.join(STATUSES)}.")
    return status


def _clean(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate caller-supplied fields and encode them for storage."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown paper fields: {sorted(unknown)}")
    record = {k: v for k, v in fields.items()}
    if record.get("title") is not None:
        # A title is one line: newlines would break the Markdown table it renders into.
        record["title"] = " ".join(str(record["title"]).split())
    if record.get("label") is not None:
        record["label"] = one_line(str(record["label"]))
    if "category" in record:
        record["category"] = get_category(conn, record["category"])["slug"]
    if "status" in record:
        check_status(record["status"])
    if record.get("resolution") not in (None, *RESOLUTIONS):
        raise ValueError(f"unknown resolution {record['resolution']!r}")
    if record.get("abstract_source") not in (None, *ABSTRACT_SOURCES):
        raise ValueError(f"unknown abstract source {record['abstract_source']!r}")
    if record.get("arxiv_id"):
        parsed = parse_arxiv_id(record["arxiv_id"])
        if parsed is None:
            raise InvalidInput(f"'{record['arxiv_id']}' is not an arXiv id (e.g. 1706.03762).")
        record["arxiv_id"] = parsed.id
        if parsed.version is not None:
            record.setdefault("version", parsed.version)
    if "year" in record and record["year"] is not None:
        year = int(record["year"])
        if not 1000 <= year <= 9999:
            raise InvalidInput(f"year {year} is not a four-digit year.")
        record["year"] = year
    for key in _JSON_FIELDS:
        if key in record and record[key] is not None and not isinstance(record[key], str):
            record[key] = json.dumps(list(record[key]), ensure_ascii=False)
    return record


def _check_title(title: str) -> None:
    # Without a letter or digit a title can be neither looked up nor told apart from another
    # (its normalised form, the duplicate key, would be empty).
    if not normalise_title(title):
        raise InvalidInput(
            f"'{title}' is not a title: it has no letters or digits. Give the paper's title."
        )


def _next_position(conn: sqlite3.Connection, category: str) -> int:
    row = conn.execute(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM papers WHERE category = ?", (category,)
    ).fetchone()
    return int(row[0])


def _decode(row: sqlite3.Row) -> dict[str, Any]:
    paper = dict(row)
    for key in _JSON_FIELDS:
        if key in paper:
            empty: list[Any] | None = None if key == "candidates" else []
            paper[key] = json.loads(paper[key]) if paper[key] else empty
    paper.pop("title_key", None)
    return paper


def _note(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created_at": row["created_at"],
        "text": row["body"],
        "label": row["label"],
    }
