"""Categories are data: the user's own groups (slug, heading, order) that papers belong to."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from readinglist.errors import InvalidInput, NotFound

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def list_categories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """All categories in display order, each with the number of papers it holds."""
    rows = conn.execute(
        """
        SELECT c.slug, c.heading, c.position, COUNT(p.id) AS papers
        FROM categories c LEFT JOIN papers p ON p.category = c.slug
        GROUP BY c.slug ORDER BY c.position, c.slug
        """
    )
    return [dict(r) for r in rows]


def get_category(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """A category by slug or heading, case-insensitively; unknown ones list the valid ones."""
    row = conn.execute(
        "SELECT slug, heading, position FROM categories "
        "WHERE slug = ?1 COLLATE NOCASE OR heading = ?1 COLLATE NOCASE "
        "ORDER BY slug = ?1 DESC LIMIT 1",
        (ref.strip(),),
    ).fetchone()
    if row is None:
        valid = ", ".join(c["slug"] for c in list_categories(conn))
        raise NotFound(
            f"unknown category '{ref}'. Valid categories: {valid} "
            "(add one with: rl cat add SLUG HEADING)."
        )
    return dict(row)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "category"


def add_category(
    conn: sqlite3.Connection, slug: str, heading: str | None = None, position: int | None = None
) -> dict[str, Any]:
    """Create a category at `position` (1-based; default last)."""
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"'{slug}' is not a valid category slug: use lower-case letters, digits, '-' or '_' "
            "(e.g. 'vision')."
        )
    heading = (heading or slug).strip()
    existing = conn.execute(
        "SELECT slug FROM categories WHERE slug = ? OR heading = ? COLLATE NOCASE",
        (slug, heading),
    ).fetchone()
    if existing:
        raise InvalidInput(f"category '{existing['slug']}' already exists.")
    count = conn.execute("SELECT COUNT(*) FROM categories").fetchone()[0]
    with conn:
        conn.execute(
            "INSERT INTO categories (slug, heading, position) VALUES (?, ?, ?)",
            (slug, heading, count),
        )
        if position is not None:
            _move(conn, slug, position)
    return get_category(conn, slug)


def rename_category(
    conn: sqlite3.Connection, ref: str, heading: str | None = None, slug: str | None = None
) -> dict[str, Any]:
    """Change a category's heading and/or slug; papers follow a new slug."""
    cat = get_category(conn, ref)
    if heading is None and slug is None:
        raise InvalidInput("nothing to rename: give a new HEADING and/or --slug NEW.")
    new_slug = cat["slug"] if slug is None else slug.strip().lower()
    new_heading = cat["heading"] if heading is None else heading.strip()
    if not _SLUG.match(new_slug):
        raise InvalidInput(f"'{new_slug}' is not a valid category slug.")
    clash = conn.execute(
        "SELECT slug FROM categories WHERE slug != ? AND (slug = ? OR heading = ? COLLATE NOCASE)",
        (cat["slug"], new_slug, new_heading),
    ).fetchone()
    if clash:
        raise InvalidInput(f"category '{clash['slug']}' already uses that slug or heading.")
    with conn:
        # papers.category follows through ON UPDATE CASCADE
        conn.execute(
            "UPDATE categories SET slug = ?, heading = ? WHERE slug = ?",
            (new_slug, new_heading, cat["slug"]),
        )
    return get_category(conn, new_slug)


def move_category(conn: sqlite3.Connection, ref: str, position: int) -> list[dict[str, Any]]:
    """Move a category to `position` (1-based) in the display order."""
    cat = get_category(conn, ref)
    with conn:
        _move(conn, cat["slug"], position)
    return list_categories(conn)


def remove_category(conn: sqlite3.Connection, ref: str, to: str | None = None) -> int:
    """Delete a category; its papers move to `to`, which is required when it holds any.

    Returns the number of papers moved.
    """
    cat = get_category(conn, ref)
    held = count_papers(conn, cat["slug"])
    target = None
    if to is not None:
        target = get_category(conn, to)
        if target["slug"] == cat["slug"]:
            raise InvalidInput("--to must name a different category.")
    if held and target is None:
        raise InvalidInput(
            f"category '{cat['slug']}' still holds {held} paper(s); "
            f"move them with: rl cat rm {cat['slug']} --to OTHER"
        )
    with conn:
        if target is not None and held:
            base = conn.execute(
                "SELECT COALESCE(MAX(position), 0) FROM papers WHERE category = ?",
                (target["slug"],),
            ).fetchone()[0]
            conn.execute(
                "UPDATE papers SET category = ?, position = position + ? WHERE category = ?",
                (target["slug"], base, cat["slug"]),
            )
        conn.execute("DELETE FROM categories WHERE slug = ?", (cat["slug"],))
        _renumber(conn, [r["slug"] for r in conn.execute(_ORDERED)])
    return held


def count_papers(conn: sqlite3.Connection, slug: str) -> int:
    return int(
        conn.execute("SELECT COUNT(*) FROM papers WHERE category = ?", (slug,)).fetchone()[0]
    )


_ORDERED = "SELECT slug FROM categories ORDER BY position, slug"


def _move(conn: sqlite3.Connection, slug: str, position: int) -> None:
    order = [r["slug"] for r in conn.execute(_ORDERED) if r["slug"] != slug]
    index = min(max(position, 1), len(order) + 1) - 1
    order.insert(index, slug)
    _renumber(conn, order)


def _renumber(conn: sqlite3.Connection, order: list[str]) -> None:
    conn.executemany(
        "UPDATE categories SET position = ? WHERE slug = ?", [(i, s) for i, s in enumerate(order)]
    )
