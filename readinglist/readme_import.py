"""Import the reading-list table of a Markdown README, as the user keeps it.

The table has one column. Its header cell names the first category ("Survey"); a row whose
whole cell is bold (`| **LLMs** |`) starts the next category; every other row is a paper, and
its cell's Markdown is kept byte for byte as the paper's label. A row such as
"(2018b) \\[Note\\] Personalizing ..." directly below the paper it names is the user's note on
that paper, and is stored as a note that is also a table row.

Parsing (`parse_reading_list`) is pure; `import_reading_list` writes.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readinglist import papers
from readinglist.categories import add_category, get_category, list_categories, slugify
from readinglist.errors import Duplicate, InvalidInput, NotFound

if TYPE_CHECKING:
    from markdown_it.token import Token

# The user's marker for a row that is a note on the paper above it, as rendered text.
_NOTE_MARKER = re.compile(r"\[note\]", re.IGNORECASE)


@dataclass
class Row:
    """One paper (or note) row of the table."""

    label: str  # the cell's Markdown source, byte for byte
    text: str  # the cell as plain text, the way a reader sees it
    line: int  # 1-based line in the file
    is_note: bool = False  # a note on the paper row above it


@dataclass
class Section:
    """A category heading and the rows below it, in the order written."""

    heading: str
    line: int
    rows: list[Row] = field(default_factory=list)


@dataclass
class ImportResult:
    added: list[int] = field(default_factory=list)  # ids of the papers added, in table order
    existing: list[int] = field(default_factory=list)  # ids of rows already stored
    notes_added: int = 0
    categories_created: list[str] = field(default_factory=list)  # slugs


def parse_reading_list(markdown: str) -> list[Section]:
    """The sections of every one-column table in `markdown`, in document order.

    Raises InvalidInput when there is no such table.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    sections: list[Section] = []
    found_table = False
    for start, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        # GFM tables do not nest: the table ends at the next table_close.
        end = next(j for j in range(start, len(tokens)) if tokens[j].type == "table_close")
        table = tokens[start:end]
        if sum(t.type == "th_open" for t in table) != 1:
            continue  # not a reading list: those have exactly one column
        found_table = True
        sections.extend(_table_sections(table))
    if not found_table:
        raise InvalidInput(
            "no reading-list table found: expected a one-column Markdown table whose header "
            "names the first category, e.g. '|Survey|' then '|:---:|' then one paper per row."
        )
    return sections


def new_headings(conn: sqlite3.Connection, sections: list[Section]) -> list[str]:
    """Headings that name no stored category: importing creates a category for each."""
    unknown: list[str] = []
    for section in sections:
        if _find_category(conn, section.heading) is None and section.heading not in unknown:
            unknown.append(section.heading)
    return unknown


def import_reading_list(
    conn: sqlite3.Connection, sections: list[Section], *, status: str = "read"
) -> ImportResult:
    """Store the papers and notes of `sections` that are not stored yet.

    A row is already stored when a paper has exactly its label, or (through add_paper's
    duplicate check) the same normalised title. New papers keep the table's order: each goes
    right after the row above it. Importing the same table twice adds nothing.
    """
    papers.check_status(status)
    result = ImportResult()
    previous_category: str | None = None
    for section in sections:
        category = _find_category(conn, section.heading)
        if category is None:
            category = _create_category(conn, section.heading, after=previous_category)
            result.categories_created.append(category)
        previous_category = category
        above: int | None = None  # the paper of the last paper row in this section
        for row in section.rows:
            if row.is_note and above is not None:
                result.notes_added += _add_note_row(conn, above, row)
                continue
            paper_id, added = _add_paper_row(conn, row, category, status, above)
            (result.added if added else result.existing).append(paper_id)
            above = paper_id
    return result


def _table_sections(table: list[Token]) -> list[Section]:
    # One inline token per cell of the header's single column. As on GitHub, cells past it
    # in a row are dropped by the parser: they are not shown, so they are not imported.
    cells = [t for t in table if t.type == "inline"]
    header, body = cells[0], cells[1:]
    line = _line(header)
    heading = _heading(header) or _plain_text(header.children or [])
    if not heading:
        raise InvalidInput(
            f"line {line}: the table's header cell is empty; it should name the first "
            "category, e.g. '|Survey|'."
        )
    sections = [Section(heading, line)]
    for cell in body:
        bold = _heading(cell)
        if bold is not None:
            sections.append(Section(bold, _line(cell)))
            continue
        text = _plain_text(cell.children or [])
        if not text:
            continue  # an empty row shows nothing and holds no paper
        row = Row(label=_cell_source(cell), text=text, line=_line(cell))
        previous = next((r for r in reversed(sections[-1].rows) if not r.is_note), None)
        row.is_note = previous is not None and _is_note_on(row.text, previous.text)
        sections[-1].rows.append(row)
    return sections


def _cell_source(cell: Token) -> str:
    """The cell's Markdown exactly as written.

    The parser keeps a cell's inline source verbatim (so `\\[Note\\]` stays escaped) except
    for one thing: GFM removes the backslash of an escaped pipe, `\\|`, while splitting the
    row. Every `|` left in the cell was escaped (an unescaped one would have ended the
    cell), so putting the backslash back restores the source byte for byte.
    """
    return cell.content.replace("|", "\\|")


def _heading(cell: Token) -> str | None:
    """The heading of a bold row (`**LLMs**`), or None when the cell is not all bold."""
    children = [c for c in cell.children or [] if not (c.type == "text" and not c.content.strip())]
    if (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and not any(c.type == "strong_close" for c in children[1:-1])
    ):
        return _plain_text(children[1:-1]) or None
    return None


def _plain_text(children: list[Token]) -> str:
    """What a reader sees: text and code, no markup; backslash escapes and entities resolved."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_text(child.children or []))
    return " ".join("".join(parts).split())


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _is_note_on(text: str, paper_text: str) -> bool:
    """'(2018b) [Note] Personalizing ...' is a note on '(2018b)Personalizing ...'."""
    if not _NOTE_MARKER.search(text):
        return False
    without = papers.normalise_title(_NOTE_MARKER.sub(" ", text))
    return bool(without) and without == papers.normalise_title(paper_text)


def _find_category(conn: sqlite3.Connection, heading: str) -> str | None:
    try:
        return str(get_category(conn, heading)["slug"])
    except NotFound:
        return None


def _create_category(conn: sqlite3.Connection, heading: str, after: str | None) -> str:
    """A category for an unknown heading, placed after the section above it in the table."""
    taken = {c["slug"] for c in list_categories(conn)}
    base = slugify(heading)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    position = None
    if after is not None:
        position = [c["slug"] for c in list_categories(conn)].index(after) + 2
    return str(add_category(conn, slug, heading, position)["slug"])


def _add_paper_row(
    conn: sqlite3.Connection, row: Row, category: str, status: str, above: int | None
) -> tuple[int, bool]:
    """The paper's id, and whether it was added (False: it was already stored)."""
    stored = conn.execute(
        "SELECT id FROM papers WHERE label = ? ORDER BY id LIMIT 1", (row.label,)
    ).fetchone()
    if stored is not None:
        return int(stored["id"]), False
    # The title is the text as the reader sees it until the paper is resolved on arXiv.
    fields: dict[str, Any] = {
        "title": row.text,
        "label": row.label,
        "category": category,
        "status": status,
        "resolution": "unresolved",
    }
    try:
        paper_id = papers.add_paper(conn, fields)
    except Duplicate:
        duplicate = papers.find_duplicate(conn, None, row.text)
        assert duplicate is not None
        return int(duplicate["id"]), False
    if above is not None:
        _place_after(conn, paper_id, above)
    return paper_id, True


def _place_after(conn: sqlite3.Connection, paper_id: int, above: int) -> None:
    """Keep the table's order when a row is new in an already imported table."""
    category = conn.execute("SELECT category FROM papers WHERE id = ?", (paper_id,)).fetchone()[0]
    order = [
        r["id"]
        for r in conn.execute(
            "SELECT id FROM papers WHERE category = ? ORDER BY position, id", (category,)
        )
    ]
    if above not in order or order.index(paper_id) == order.index(above) + 1:
        return
    order.remove(paper_id)
    papers.move_paper(conn, paper_id, order.index(above) + 2)


def _add_note_row(conn: sqlite3.Connection, paper_id: int, row: Row) -> int:
    """1 when the note row was added, 0 when the paper already has it."""
    stored = conn.execute(
        "SELECT 1 FROM notes WHERE paper_id = ? AND label = ?", (paper_id, row.label)
    ).fetchone()
    if stored is not None:
        return 0
    papers.add_note(conn, paper_id, row.label, label=row.label)
    return 1
