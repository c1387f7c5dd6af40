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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readinglist.errors import Duplicate, InvalidInput
from readinglist.library import check_status
from readinglist.matching import normalise_title

if TYPE_CHECKING:
    from markdown_it.token import Token

    from readinglist.library import Library

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


def new_headings(library: Library, sections: list[Section]) -> list[str]:
    """Headings that name no stored category: importing creates a category for each."""
    unknown: list[str] = []
    for section in sections:
        if library.find_category(section.heading) is None and section.heading not in unknown:
            unknown.append(section.heading)
    return unknown


def import_reading_list(
    library: Library, sections: list[Section], *, status: str = "read"
) -> ImportResult:
    """Store the papers and notes of `sections` that are not stored yet, in one transaction.

    A row is already stored when a paper has exactly its label, or (through add_paper's
    duplicate check) the same normalised title. New papers keep the table's order: each goes
    right after the row above it. Importing the same table twice adds nothing.
    """
    check_status(status)
    result = ImportResult()
    previous_category: str | None = None
    with library.transaction():
        for section in sections:
            found = library.find_category(section.heading)
            if found is None:
                category = _create_category(library, section.heading, after=previous_category)
                result.categories_created.append(category)
            else:
                category = found.slug
            previous_category = category
            above: int | None = None  # the paper of the last paper row in this section
            for row in section.rows:
                if row.is_note and above is not None:
                    result.notes_added += _add_note_row(library, above, row)
                    continue
                paper_id, added = _add_paper_row(library, row, category, status, above)
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
    without = normalise_title(_NOTE_MARKER.sub(" ", text))
    return bool(without) and without == normalise_title(paper_text)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "category"


def _create_category(library: Library, heading: str, after: str | None) -> str:
    """A category for an unknown heading, placed after the section above it in the table."""
    order = [c.slug for c in library.categories()]
    base = slugify(heading)
    slug, n = base, 2
    while slug in order:
        slug, n = f"{base}-{n}", n + 1
    position = order.index(after) + 2 if after is not None else None
    return library.add_category(slug, heading, position).slug


def _add_paper_row(
    library: Library, row: Row, category: str, status: str, above: int | None
) -> tuple[int, bool]:
    """The paper's id, and whether it was added (False: it was already stored)."""
    stored = library.paper_with_label(row.label)
    if stored is not None:
        return stored, False
    # The title is the text as the reader sees it until the paper is resolved.
    fields: dict[str, Any] = {
        "title": row.text,
        "label": row.label,
        "category": category,
        "status": status,
        "resolution": "unresolved",
        "metadata_source": "manual",
    }
    try:
        paper_id = library.add_paper(fields).id
    except Duplicate:
        duplicate = library.find_duplicate(None, row.text)
        assert duplicate is not None
        return duplicate.id, False
    if above is not None:
        library.place_after(paper_id, above)
    return paper_id, True


def _add_note_row(library: Library, paper_id: int, row: Row) -> int:
    """1 when the note row was added, 0 when the paper already has it."""
    if library.has_note_row(paper_id, row.label):
        return 0
    library.add_note(paper_id, row.label, label=row.label)
    return 1
