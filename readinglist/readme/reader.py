"""Read a README's reading list from markdown-it-py's token stream: its groups (headings, the
bold rows of the user's one-column table, parent items of nested lists) and its entries, in
every shape people keep them.

- The user's own shape: a one-column table whose header cell names the first group, a bold
  row (`| **LLMs** |`) each next one, every other row a paper whose cell is kept byte for
  byte as its label, and a row "(2018b) \\[Note\\] ..." right below the paper it names a
  note on that paper.
- Tables with several columns: the title column is found by its header (in several
  languages), else by its content; authors, year, venue, links, a status column (✅, ⭐, 🔜)
  and notes by theirs. A table of videos is no list of papers.
- Bullet, numbered and checkbox lists: one entry per item (`[x]` read, `[ ]` to read);
  nested items under an entry, and its `<details>`, are notes on it (and give its authors,
  venue, year and links when they read as such); nested items under a parent that is no
  entry ("Read", "To read", a topic) are entries of that status or group. An item that
  starts with a bold or italic title is an entry when what is below it reads as its details
  (authors, venue and year) rather than as entries of their own.
- Linked titles and citations on lines of their own, and headings that link a paper; a bare
  arXiv link under a reading-list heading or among papers (its title comes with --resolve).
- A paper linked inside a sentence is an entry under a reading-list heading, else skipped.

What is not a paper is skipped, with the reason: badges and images, links within the page
(tables of contents), blog posts, videos, courses, code, note pages of the repository,
quoted text, HTML comments and blocks; sections named for other things (Blogs, Books,
Courses) keep only entries that carry a paper's id.

Pure: Markdown text in, sections and rows out. `import_reading_list` (readinglist.readme.
importing) writes them.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readinglist.errors import InvalidInput
from readinglist.library import one_line
from readinglist.matching import normalise_title
from readinglist.readme import links as lk
from readinglist.readme.entry import (
    WEB_PAGE,
    Detail,
    Facts,
    Inline,
    Link,
    bare_arxiv_id,
    is_title_text,
    long_title,
    read_detail,
    read_facts,
    read_inline,
    split_names,
    starts_with_title,
    take_link,
)
from readinglist.readme.words import (
    AUTHORS,
    LINK,
    NOTES,
    READ,
    STATUS,
    TITLE,
    TO_READ,
    VENUE,
    YEAR,
    column_role,
    mark_status,
    normalise,
    section_kind,
    status_of,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

# A task-list box: the status is kept apart from the entry's label.
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]\s+")
# The tags of a <details> block around a note: the note is its text.
_DETAILS_TAG = re.compile(r"[ \t]*</?(?:details|summary)\b[^>]*>[ \t]*\n?", re.IGNORECASE)
# The user's marker for a row that is a note on the paper above it, as rendered text.
_NOTE_MARKER = re.compile(r"\[note\]", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d])(19[5-9]\d|20[0-4]\d)(?![\d])")
# Headings under which a plain line (no link, no citation) is taken for a paper's title.
_READING_WORDS = frozenset(("paper", "papers", "reading", "read", "readings", "论文", "論文",
                            "文献", "bibliography", "references", "literature"))  # fmt: skip
# A table whose rows link a video in at least this share of rows lists videos, not papers.
VIDEO_TABLE_SHARE = 0.5
# A column is the title column by content when this share of its cells hold a title.
TITLE_COLUMN_SHARE = 0.5

# The shapes of reading lists the reader knows, as the user is told of them.
ONE_COLUMN = "a one-column table whose header names the first group (your profile's)"
TABLE = "a table with a title column (Title, Paper, 论文, タイトル ...)"
LISTS = "bullet or numbered lists of linked, bold or italic titles"
CHECKBOXES = "checkbox lists (- [x] read, - [ ] to read)"
_CHECKED_BOX = re.compile(r"\[[ xX]\]\s")
LINES = "linked titles or citations on lines of their own"
HEADINGS = "headings that link a paper"
SHAPES = (ONE_COLUMN, TABLE, LISTS, CHECKBOXES, LINES, HEADINGS)


@dataclass
class Row:
    """One entry: a paper (or, in the user's table, a note row on the paper above it)."""

    label: str  # the entry's Markdown as written (for the user's table, the cell byte for byte)
    text: str  # the entry as plain text, the way a reader sees it
    line: int  # 1-based line in the file
    is_note: bool = False  # a note on the paper row above it (the user's table)
    title: str = ""  # the paper's title as the entry gives it
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    status: str | None = None  # from the list's own marks; None: --status decides
    note: str | None = None  # the rest of the entry (its sub-items, <details>, other columns)


@dataclass
class Section:
    """A group heading and the rows below it, in the order written."""

    heading: str
    line: int
    rows: list[Row] = field(default_factory=list)
    path: tuple[str, ...] = ()  # the headings above it, outermost first


@dataclass(frozen=True)
class Skipped:
    """Something that looked like an entry and is not imported, and why."""

    line: int
    text: str
    reason: str


@dataclass
class Reading:
    """What a README holds: its sections (with their rows), what was skipped, and the shapes
    the entries were found in."""

    sections: list[Section]
    skipped: list[Skipped] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]


def parse_reading_list(markdown: str) -> list[Section]:
    """The sections of the reading list in `markdown`, in document order.

    Raises InvalidInput, naming the shapes looked for, when there is none."""
    return read_readme(markdown).sections


def read_readme(markdown: str) -> Reading:
    """Everything `markdown` holds as a reading list. Raises InvalidInput when it holds no
    entry in any shape (the message names the shapes looked for and what was skipped)."""
    reading = _Reader(markdown).read()
    if not any(s.rows for s in reading.sections):
        raise InvalidInput(nothing_found(reading))
    return reading


def nothing_found(reading: Reading) -> str:
    looked = "; ".join(SHAPES)
    text = f"no reading list found. Looked for: {looked}."
    if reading.skipped:
        reasons: dict[str, int] = {}
        for skip in reading.skipped:
            reasons[skip.reason] = reasons.get(skip.reason, 0) + 1
        listed = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
        text += f" Skipped: {listed}."
    return text


# -- the walk over the token stream ----------------------------------------------------------


@dataclass
class _Heading:
    level: int
    text: str
    line: int
    status: str | None
    kind: str | None  # section_kind: "other", "empty" or None
    reading: bool  # names papers or reading: plain lines below it are titles


@dataclass
class _Context:
    """What the parents of a list item say about it."""

    status: str | None = None
    groups: tuple[str, ...] = ()  # parent items that name a group
    reading: bool = False
    list_at: int = -1  # the token of the list the item is in


@dataclass
class _Below:
    """What the blocks inside a list item, below its first line, hold."""

    entries: bool = False  # an item of its own shape: a linked or emphasised title, a citation
    details: list[Detail] = field(default_factory=list)  # authors, venue and year, links
    others: int = 0  # notes, prose, plain lines


class _Reader:
    def __init__(self, markdown: str) -> None:
        self.lines = markdown.splitlines()
        self.tokens = _parser().parse(markdown)
        self.close = _closing_indices(self.tokens)
        self.headings: list[_Heading] = []
        self.sections: list[Section] = []
        self.skipped: list[Skipped] = []
        self.shapes: list[str] = []
        self.last: Row | None = None  # the entry that notes below belong to
        self.notes_until_heading: int | None = None  # level of a heading that is an entry
        self.in_details = False
        self.last_paragraph_entry: tuple[Row, int] | None = None  # row, line its text ends
        self.lists_of_papers: dict[int, bool] = {}  # list token -> an item links a paper

    def read(self) -> Reading:
        i = 0
        while i < len(self.tokens):
            i = self._block(i)
        sections = [s for s in self.sections if s.rows]
        return Reading(sections, self.skipped, self.shapes)

    # -- blocks --------------------------------------------------------------------------

    def _block(self, i: int) -> int:
        tok = self.tokens[i]
        kind = tok.type
        follows, self.last_paragraph_entry = self.last_paragraph_entry, None
        if kind == "heading_open":
            self._heading(i)
        elif kind == "html_block":
            self._html(tok)
        elif self.in_details or self.notes_until_heading is not None:
            self._note(self.last, self._source(tok, tok))
        elif kind == "paragraph_open":
            self._paragraph(i)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if follows is not None and tok.map and follows[1] == tok.map[0]:
                # A list right under a linked title on its own line: notes on that paper.
                self._note(follows[0], self._source(tok, tok))
                _details_to_row(follows[0], self._below([i]).details)
            else:
                self._list(i, _Context(self._heading_status(), (), self._reading()))
        elif kind == "table_open":
            self._table(i)
        return self.close.get(i, i) + 1

    def _heading(self, i: int) -> None:
        tok, inline = self.tokens[i], self.tokens[i + 1]
        level = int(tok.tag[1:])
        self.in_details = False
        if self.notes_until_heading is not None and level <= self.notes_until_heading:
            self.notes_until_heading = None
        text = read_inline(inline.children or [])
        facts = read_facts(text)
        links = [link for link in text.links if link.target.is_paper]
        if links and facts.title and not facts.not_paper and starts_with_title(text):
            # "### 2024 - [Title](https://arxiv.org/...)": an entry; what follows is its note.
            context = _Context(self._heading_status(), (), self._reading())
            self._entry(text, facts, inline, _line(tok), context, shape=HEADINGS)
            self.notes_until_heading = level
            return
        heading = " ".join(text.text.split()).strip(" #")
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        words = normalise(heading)
        self.headings.append(_Heading(
            level, heading, _line(tok), status_of(heading), section_kind(heading),
            # The document's title ("# Deep Learning Papers Reading Roadmap") says nothing
            # of the plain lists below it; a section heading does.
            (level >= 2 and bool(set(words.split()) & _READING_WORDS))
            or status_of(heading) is not None,
        ))  # fmt: skip
        self.last = None

    def _html(self, tok: Token) -> None:
        content = tok.content
        opened = len(re.findall(r"<details\b", content, re.IGNORECASE))
        closed = len(re.findall(r"</details\s*>", content, re.IGNORECASE))
        if self.in_details or opened > closed:
            self._note(self.last, content)
        if opened > closed and self.last is not None:
            self.in_details = True
        elif closed > opened:
            self.in_details = False

    def _paragraph(self, i: int) -> None:
        inline = self.tokens[i + 1]
        text = read_inline(inline.children or [])
        lines = _split_lines(text, inline.content)
        line = _line(self.tokens[i])
        context = _Context(self._heading_status(), (), self._reading())
        if not all(_starts_entry(part) for part, _ in lines if part.text.strip()):
            # Prose that wraps onto a line starting with a link is no list of titles: the
            # paragraph is one entry when it starts with a title, else a sentence that may
            # name papers.
            if not _starts_entry(text):
                self._sentence(text, inline.content, line, context)
                return
            lines = [(text, inline.content)]
        end = self.tokens[i].map[1] if self.tokens[i].map else -1
        for offset, (part, source) in enumerate(lines):
            facts = read_facts(part)
            if facts.title is None:
                self._bare_link(part, facts, line + offset, context, context.reading,
                                source=_first_line_source(part, source))  # fmt: skip
                continue
            if not (facts.linked or facts.cited or context.reading or facts.not_paper):
                continue  # "**Hi**, I'm ...": a sentence that starts in bold
            row = self._entry(part, facts, None, line + offset, context, shape=LINES,
                              source=_first_line_source(part, source))  # fmt: skip
            if row is not None:
                self._note(row, _rest_source(part, source))
            self.last_paragraph_entry = (row, end) if row is not None else None

    def _sentence(self, text: Inline, source: str, line: int, context: _Context) -> None:
        """Papers linked inside a sentence ("I also liked [Title](arXiv link) a lot."): under
        a reading-list heading each is an entry, the sentence its note; elsewhere they are
        skipped, and said to be."""
        for link in text.links:
            if link.image or not link.target.is_paper or not is_title_text(link.text):
                continue
            target = link.target
            if len(link.text.split()) < 2 and not (target.arxiv_id or target.doi or target.ids):
                continue  # "its [API](https://api.semanticscholar.org/...)": a word, no paper
            part = _slice(text, link.start, link.end)
            facts = read_facts(part, line_only=False)
            if facts.title is None:
                continue
            if not context.reading:
                self.skipped.append(Skipped(line, " ".join(link.text.split())[:120],
                                            "a paper linked inside a sentence, not under a "
                                            "reading-list heading"))  # fmt: skip
                continue
            label = f"[{one_line(link.text)}]({link.target.url})"
            row = self._entry(part, facts, None, line, context, shape=LINES, source=label)
            self._note(row, source)

    def _bare_link(
        self,
        text: Inline,
        facts: Facts,
        line: int,
        context: _Context,
        among_papers: bool,
        *,
        inline: Token | None = None,
        source: str | None = None,
    ) -> Row | None:
        """An entry that is only its paper's arXiv link: one under a reading-list heading or
        among papers, with the id for its title until --resolve gives the paper's; else a
        skip, said."""
        arxiv_id = bare_arxiv_id(text)
        if arxiv_id is None:
            return None
        plain = " ".join(text.text.split())
        if not among_papers:
            self.skipped.append(Skipped(line, plain[:120], "a link without a title, not under "
                                        "a reading-list heading or among papers"))  # fmt: skip
            return None
        facts.title, facts.linked = f"arXiv:{arxiv_id}", True
        facts.arxiv_id = facts.arxiv_id or arxiv_id
        shape = LISTS if inline is not None else LINES
        return self._entry(text, facts, inline, line, context, shape=shape, source=source)

    def _list(self, i: int, context: _Context) -> None:
        context = _Context(context.status, context.groups, context.reading, list_at=i)
        j = i + 1
        while j < self.close[i]:
            if self.tokens[j].type == "list_item_open":
                self._item(j, context)
                j = self.close[j] + 1
            else:
                j += 1

    def _item(self, i: int, context: _Context) -> None:
        end = self.close[i]
        first = i + 1
        inline_tok = None
        body_start = first
        if first < end and self.tokens[first].type == "paragraph_open":
            inline_tok = self.tokens[first + 1]
            body_start = self.close[first] + 1
        nested = self._children(body_start, end)
        lists = [j for j in nested if self.tokens[j].type.endswith("_list_open")]
        if inline_tok is None:
            for j in lists:
                self._list(j, context)
            return
        text = read_inline(inline_tok.children or [])
        facts = read_facts(text)
        plain = " ".join(text.text.split())
        line = _line(self.tokens[i])
        weak = facts.title is None or (not facts.linked and not facts.cited)
        # A checkbox (- [x] Title) marks a reading list's entry, linked or not.
        boxed = _CHECKED_BOX.match(plain) is not None
        below = self._below(nested) if nested else _Below()
        bare = facts.title is None and bare_arxiv_id(text) is not None
        if (
            weak
            and lists
            and not (bare and not below.entries)
            and not _entry_over_details(facts, plain, boxed, below)
        ):
            # A parent: "Read" / "To read" give the status of the items below, a topic
            # their group.
            status = status_of(plain)
            groups = context.groups if status or not plain else (*context.groups, plain)
            parent = _Context(status or context.status, groups,
                              context.reading or status is not None)  # fmt: skip
            for j in lists:
                self._list(j, parent)
            return
        _take_details(facts, below.details)
        if facts.title is None:
            among_papers = context.reading or self._lists_papers(context.list_at)
            row = self._bare_link(text, facts, line, context, among_papers, inline=inline_tok)
            if (
                row is None
                and bare_arxiv_id(text) is None
                and plain
                and (text.links or context.reading)
            ):
                self.skipped.append(Skipped(line, plain[:120], "no title"))
        elif (
            weak
            and not context.reading
            and not facts.not_paper
            and not boxed
            and not _titled_entry(facts, below)
        ):
            self.skipped.append(Skipped(
                line, plain[:120],
                "a line without a link or a citation, not under a reading-list heading",
            ))  # fmt: skip
            return
        else:
            marked = facts.status is not None and _CHECKBOX.match(text.text) is not None
            row = self._entry(text, facts, inline_tok, line, context,
                              shape=CHECKBOXES if marked else LISTS)  # fmt: skip
        if row is not None and nested:
            self._note(row, self._source(self.tokens[nested[0]], self.tokens[nested[-1]]))

    def _below(self, blocks: list[int]) -> _Below:
        """What the blocks under an item's first line hold: items of their own, details of
        the item's paper, or notes."""
        found = _Below()
        for j in blocks:
            kind = self.tokens[j].type
            if kind == "paragraph_open":
                inline = self.tokens[j + 1]
                text = read_inline(inline.children or [])
                for part, _ in _split_lines(text, inline.content):
                    if part.text.strip():
                        _sort_below(found, part, sub_item=False)
            elif kind.endswith("_list_open"):
                for k in self._children(j + 1, self.close[j]):
                    first = k + 1
                    if self.tokens[k].type != "list_item_open":
                        continue
                    if first < self.close[k] and self.tokens[first].type == "paragraph_open":
                        inline = self.tokens[first + 1]
                        _sort_below(found, read_inline(inline.children or []), sub_item=True)
                    else:
                        found.others += 1
            else:
                found.others += 1
        return found

    def _lists_papers(self, at: int) -> bool:
        """Whether the list at token `at` is one of papers: two of its items or more link
        one (the item asking among them)."""
        if at < 0:
            return False
        if at not in self.lists_of_papers:
            linking = 0
            for k in self._children(at + 1, self.close[at]):
                first = k + 1
                if self.tokens[k].type == "list_item_open" and self.tokens[first].type == (
                    "paragraph_open"
                ):
                    text = read_inline(self.tokens[first + 1].children or [])
                    if any(link.target.is_paper and not link.image for link in text.links) or (
                        bare_arxiv_id(text) is not None
                    ):
                        linking += 1
                        if linking >= 2:
                            break
            self.lists_of_papers[at] = linking >= 2
        return self.lists_of_papers[at]

    def _children(self, start: int, end: int) -> list[int]:
        """Indices of the blocks directly inside [start, end)."""
        found, j = [], start
        while j < end:
            found.append(j)
            j = self.close.get(j, j) + 1
        return found

    # -- tables --------------------------------------------------------------------------

    def _table(self, i: int) -> None:
        end = self.close[i]
        header: list[Token] = []
        rows: list[list[Token]] = []
        row_lines: list[int] = []
        j = i
        while j < end:
            tok = self.tokens[j]
            if tok.type == "tr_open":
                cells = [self.tokens[k + 1] for k in range(j, self.close[j])
                         if self.tokens[k].type in ("th_open", "td_open")]  # fmt: skip
                if not header:
                    header = cells
                else:
                    rows.append(cells)
                    row_lines.append(_line(tok))
                j = self.close[j] + 1
            else:
                j += 1
        if len(header) == 1:
            self._one_column_table(header[0], [r[0] for r in rows if r])
        else:
            self._columns_table(header, rows, row_lines)

    def _one_column_table(self, header: Token, cells: list[Token]) -> None:
        """The user's table: header and bold rows name groups; rows are kept byte for byte."""
        line = _line(header)
        heading = _bold_row(header) or _plain(header)
        if not heading:
            raise InvalidInput(
                f"line {line}: the table's header cell is empty; it should name the first "
                "category, e.g. '|Survey|'."
            )
        self._shape(ONE_COLUMN)
        status = self._heading_status()
        section = Section(heading, line)
        self.sections.append(section)
        for cell in cells:
            bold = _bold_row(cell)
            if bold is not None:
                section = Section(bold, _line(cell))
                self.sections.append(section)
                continue
            text = _plain(cell)
            if not text:
                continue  # an empty row shows nothing and holds no paper
            row = Row(label=_cell_source(cell), text=text, line=_line(cell), title=text,
                      status=status)  # fmt: skip
            facts = read_facts(read_inline(cell.children or []), line_only=False)
            row.arxiv_id, row.doi, row.url, row.ids = (facts.arxiv_id, facts.doi, facts.url,
                                                       dict(facts.ids))  # fmt: skip
            previous = next((r for r in reversed(section.rows) if not r.is_note), None)
            row.is_note = previous is not None and _is_note_on(row.text, previous.text)
            section.rows.append(row)

    def _columns_table(
        self, header: list[Token], rows: list[list[Token]], lines: list[int]
    ) -> None:
        names = [_plain(h) for h in header]
        roles = [column_role(name) for name in names]
        inlines = [[read_inline(c.children or []) for c in row] for row in rows]
        if not rows:
            return
        videos = sum(any(link.target.kind == lk.VIDEO for cell in row for link in cell.links)
                     for row in inlines)  # fmt: skip
        if videos >= VIDEO_TABLE_SHARE * len(rows):
            self.skipped.append(Skipped(lines[0] - 2, " | ".join(names)[:120],
                                        f"a table of videos ({len(rows)} rows)"))  # fmt: skip
            return
        title_col = roles.index(TITLE) if TITLE in roles else _title_column(inlines, roles)
        if title_col is None:
            self.skipped.append(Skipped(lines[0] - 2, " | ".join(names)[:120],
                                        "a table without a title column"))  # fmt: skip
            return
        status_col = roles.index(STATUS) if STATUS in roles else _marks_column(rows, title_col)
        marks = [_mark(_plain(row[status_col])) if status_col is not None and status_col < len(row)
                 else None for row in rows]  # fmt: skip
        # Beside rows marked read, a blank cell is a paper not read yet. A column that marks
        # none read says nothing of its blank rows (a ✅ column not filled in yet, or one
        # that marks only what is to read): they get --status, as an unmarked list does.
        marks_read = any(m == READ for m in marks)
        blanks = [marks_read and status_col is not None
                  and not (status_col < len(row) and _plain(row[status_col]))
                  for row in rows]  # fmt: skip
        # Columns of authors and venue say the rows are papers, under any heading: books,
        # blog posts and tools have no venue. (Your own category may be called "Tools".)
        papers = AUTHORS in roles and VENUE in roles
        context = _Context(self._heading_status(), (), True)
        for row, cells, line, mark, blank in zip(rows, inlines, lines, marks, blanks,
                                                 strict=True):  # fmt: skip
            if title_col >= len(row):
                continue
            facts = read_facts(cells[title_col], line_only=False)
            if facts.title is None:
                continue
            if facts.not_paper == WEB_PAGE:
                facts.not_paper = None  # a table's title column names papers, if briefly
            notes: list[str] = []
            other_links: list[lk.LinkTarget] = []
            for col, (cell, inline) in enumerate(zip(row, cells, strict=False)):
                if col in (title_col, status_col) or col >= len(names):
                    continue
                value = " ".join(inline.text.split())
                role = roles[col]
                if role == YEAR and facts.year is None:
                    m = _YEAR.search(value)
                    facts.year = int(m.group(1)) if m else None
                elif role == AUTHORS and value:
                    facts.authors = split_names(value)
                elif role == VENUE and value:
                    facts.venue = value
                elif role == LINK:
                    other_links += [link.target for link in inline.links if not link.image]
                elif value:
                    notes.append(f"{names[col] or col + 1}: {one_line(cell.content)}")
                if role in (LINK, NOTES, None):
                    other_links += [link.target for link in inline.links
                                    if link.target.is_paper and not link.image]  # fmt: skip
            _links_of_row(facts, other_links)
            if mark is not None:
                facts.status = mark
            elif blank:
                facts.status = TO_READ
            row_obj = self._entry(cells[title_col], facts, row[title_col], line, context,
                                  shape=TABLE, source=_cell_source(row[title_col]),
                                  papers=papers)  # fmt: skip
            if row_obj is not None and notes:
                row_obj.note = "\n".join(notes)

    # -- entries ---------------------------------------------------------------------------

    def _entry(
        self,
        text: Inline,
        facts: Facts,
        inline: Token | None,
        line: int,
        context: _Context,
        *,
        shape: str,
        source: str | None = None,
        papers: bool = False,
    ) -> Row | None:
        """Add the entry (in `shape`) to the current section; None (and a skip) when it is
        no paper. `papers`: its shape says it is a paper, whatever the section's heading."""
        plain = " ".join(text.text.split())
        kind = self._section_kind()
        reason = None
        if kind == "empty":
            reason = f"in the section '{self._section_heading()}'"
        elif facts.not_paper:
            reason = facts.not_paper
        elif kind == "other" and not papers and not _carries_id(facts):
            reason = f"in the section '{self._section_heading()}' and carries no paper id"
        if reason is not None:
            self.skipped.append(Skipped(line, plain[:120], reason))
            self.last = None
            return None
        assert facts.title is not None
        if source is None:
            content = inline.content if inline is not None else text.text
            source, rest = _first_line_source(text, content), _rest_source(text, content)
        else:
            rest = None
        row = Row(
            label=one_line(_CHECKBOX.sub("", source, count=1)), text=plain, line=line,
            title=facts.title, authors=facts.authors, year=facts.year, venue=facts.venue,
            arxiv_id=facts.arxiv_id, doi=facts.doi, url=facts.url, ids=dict(facts.ids),
            status=facts.status or context.status, note=rest or None,
        )  # fmt: skip
        self._section(context).rows.append(row)
        self._shape(shape)
        self.last = row
        return row

    def _section(self, context: _Context) -> Section:
        path = tuple(h.text for h in self.headings) + context.groups
        heading = path[-1] if path else "other"
        current = self.sections[-1] if self.sections else None
        if current is None or current.heading != heading or current.path != path[:-1]:
            line = self.headings[-1].line if self.headings else 1
            current = Section(heading, line, path=path[:-1])
            self.sections.append(current)
        return current

    def _heading_status(self) -> str | None:
        for heading in reversed(self.headings):
            if heading.status is not None:
                return heading.status
        return None

    def _reading(self) -> bool:
        return any(h.reading for h in self.headings)

    def _kind_heading(self) -> _Heading | None:
        """The heading that says what the current section holds: the innermost one, else
        its parent (not the document's title: "# papers-courses-books-talks")."""
        for heading in reversed(self.headings[-2:]):
            if heading.kind and heading.level >= 2:
                return heading
        return None

    def _section_kind(self) -> str | None:
        found = self._kind_heading()
        return found.kind if found else None

    def _section_heading(self) -> str:
        found = self._kind_heading()
        return found.text if found else ""

    def _shape(self, shape: str) -> None:
        if shape not in self.shapes:
            self.shapes.append(shape)

    # -- notes -----------------------------------------------------------------------------

    def _note(self, row: Row | None, text: str) -> None:
        text = _DETAILS_TAG.sub("", text).strip("\n")
        if row is None or not text.strip():
            return
        row.note = f"{row.note}\n\n{text}" if row.note else text

    def _source(self, first: Token, last: Token) -> str:
        """The Markdown of the blocks from `first` to `last`, as written, dedented."""
        start = first.map[0] if first.map else None
        end = last.map[1] if last.map else (first.map[1] if first.map else None)
        if start is None or end is None:
            return first.content
        return textwrap.dedent("\n".join(self.lines[start:end]).expandtabs(4))


# -- helpers -----------------------------------------------------------------------------------


def _parser() -> Any:
    """CommonMark with GitHub's tables and strikethrough; link targets kept as written."""
    from markdown_it import MarkdownIt

    class Parser(MarkdownIt):
        # Percent-encoding and punycoding every link costs a third of the parse of a list
        # of links, and the reader wants the target as written anyway.
        def normalizeLink(self, url: str) -> str:
            return url

    return Parser("commonmark").enable(["table", "strikethrough"])


def _closing_indices(tokens: list[Token]) -> dict[int, int]:
    """For each opening token, the index of the token that closes it."""
    found: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.nesting == 1:
            stack.append(i)
        elif tok.nesting == -1 and stack:
            found[stack.pop()] = i
    return found


def _split_lines(text: Inline, source: str) -> list[tuple[Inline, str]]:
    """A paragraph's lines, each with its Markdown (a line break inside a link or a bold
    title does not end a line)."""
    out: list[tuple[Inline, str]] = []
    source_lines = source.split("\n")
    start, used = 0, 0
    while start <= len(text.text):
        rest = _slice(text, start, len(text.text))
        cut = rest.first_line_end()
        part = _slice(text, start, start + cut)
        breaks = rest.text[:cut].count("\n")
        out.append((part, "\n".join(source_lines[used : used + breaks + 1])))
        used += breaks + 1
        start += cut + 1
    return out


def _slice(text: Inline, start: int, end: int) -> Inline:
    part = Inline(text.text[start:end])
    part.links = [Link(link.text, link.target, link.start - start, link.end - start, link.image)
                  for link in text.links if start <= link.start and link.end <= end]  # fmt: skip
    part.spans = [(s - start, e - start) for s, e in text.spans if start <= s and e <= end]
    return part


def _first_line_source(text: Inline, source: str) -> str:
    """The Markdown of the entry's first line (a title may wrap onto the next)."""
    breaks = text.text[: text.first_line_end()].count("\n")
    return "\n".join(source.split("\n")[: breaks + 1])


def _rest_source(text: Inline, source: str) -> str:
    """The Markdown of the lines after the entry's first line."""
    breaks = text.text[: text.first_line_end()].count("\n")
    return "\n".join(source.split("\n")[breaks + 1 :]).strip()


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _plain(cell: Token) -> str:
    """What a reader sees: text and code, no markup; backslash escapes and entities resolved."""
    parts: list[str] = []
    for child in cell.children or []:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child))
    return " ".join("".join(parts).split())


def _cell_source(cell: Token) -> str:
    """The cell's Markdown exactly as written.

    The parser keeps a cell's inline source verbatim (so `\\[Note\\]` stays escaped) except
    for one thing: GFM removes the backslash of an escaped pipe, `\\|`, while splitting the
    row. Every `|` left in the cell was escaped (an unescaped one would have ended the
    cell), so putting the backslash back restores the source byte for byte.
    """
    return cell.content.replace("|", "\\|")


def _bold_row(cell: Token) -> str | None:
    """The heading of a bold row (`**LLMs**`), or None when the cell is not all bold."""
    children = [c for c in cell.children or [] if not (c.type == "text" and not c.content.strip())]
    if (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and not any(c.type == "strong_close" for c in children[1:-1])
    ):
        inner = type(cell)(cell.type, cell.tag, cell.nesting)
        inner.children = children[1:-1]
        return _plain(inner) or None
    return None


def _is_note_on(text: str, paper_text: str) -> bool:
    """'(2018b) [Note] Personalizing ...' is a note on '(2018b)Personalizing ...'."""
    if not _NOTE_MARKER.search(text):
        return False
    without = normalise_title(_NOTE_MARKER.sub(" ", text))
    return bool(without) and without == normalise_title(paper_text)


def _mark(text: str) -> str | None:
    if not text:
        return None
    return (
        mark_status(text)
        or status_of(text)  # "in progress", "to read"
        or next((mark_status(ch) for ch in text if mark_status(ch) is not None), None)
    )


def _title_column(rows: list[list[Inline]], roles: list[str | None]) -> int | None:
    """The column whose cells most often hold a title (a named link or several words)."""
    best, best_share = None, 0.0
    width = max(len(r) for r in rows)
    for col in range(width):
        if col < len(roles) and roles[col] not in (None, TITLE):
            continue
        titled = 0
        for row in rows:
            if col >= len(row):
                continue
            facts = read_facts(row[col], line_only=False)
            if facts.title and (facts.linked or len(facts.title.split()) >= 3):
                titled += 1
        share = titled / len(rows)
        if share > best_share:
            best, best_share = col, share
    return best if best_share >= TITLE_COLUMN_SHARE else None


def _marks_column(rows: list[list[Token]], title_col: int) -> int | None:
    """A column holding only marks (✅, 🔜) or nothing: the status column."""
    width = max(len(r) for r in rows)
    for col in range(width):
        if col == title_col:
            continue
        values = [_plain(r[col]) for r in rows if col < len(r)]
        marked = [v for v in values if v]
        if marked and all(_mark(v) is not None and len(v) <= 3 for v in marked):
            return col
    return None


def _carries_id(facts: Facts) -> bool:
    return bool(facts.arxiv_id or facts.doi or facts.ids.get("acl"))


def _starts_entry(text: Inline) -> bool:
    return starts_with_title(text) or bare_arxiv_id(text) is not None


def _sort_below(found: _Below, text: Inline, *, sub_item: bool) -> None:
    """Count a line under an item's first line: a detail of its paper, an entry of its own
    (a sub-item with a linked or emphasised title, or a citation), or a note."""
    detail = read_detail(text)
    if detail is not None:
        found.details.append(detail)
        return
    if sub_item and starts_with_title(text):
        facts = read_facts(text)
        if facts.title is not None and (facts.linked or facts.cited or facts.emphasised
                                        or bool(text.links)):  # fmt: skip
            found.entries = True
            return
    found.others += 1


def _entry_over_details(facts: Facts, plain: str, boxed: bool, below: _Below) -> bool:
    """An item with nested items that is an entry, not a group: nothing below is an entry of
    its own; below are its authors, venue and year (or, under a bold title that reads as a
    paper's, notes); "Read" or "To read" stay status parents."""
    if below.entries or facts.title is None or status_of(plain) is not None:
        return False
    if facts.emphasised or boxed:
        return bool(below.details) or boxed or long_title(facts.title)
    # "Layer Normalization" over its authors and venue, not "Conferences" over "ICML 2019".
    return below.others == 0 and any(
        d.authors or any(t.is_paper for t in d.targets) for d in below.details
    )


def _titled_entry(facts: Facts, below: _Below) -> bool:
    """An entry by its shape, not under a reading-list heading: a bold or italic title that
    reads as a paper's, or is written with its authors or year; or a title over the lines
    that give its authors and year (a citation written over several lines)."""
    if facts.emphasised:
        return (long_title(facts.title or "") or facts.year is not None or bool(facts.authors)
                or bool(below.details))  # fmt: skip
    return bool(below.details) and bool(facts.authors) and facts.year is not None


def _take_details(facts: Facts, details: list[Detail]) -> None:
    """What the lines under an entry say of its paper, where its own line does not say it."""
    for detail in details:
        facts.authors = facts.authors or detail.authors
        facts.venue = facts.venue or detail.venue
        facts.year = facts.year or detail.year
        for target in detail.targets:
            if target.is_paper:
                take_link(facts, target)


def _details_to_row(row: Row, details: list[Detail]) -> None:
    facts = Facts(authors=row.authors, year=row.year, venue=row.venue, arxiv_id=row.arxiv_id,
                  doi=row.doi, url=row.url, ids=row.ids)  # fmt: skip
    _take_details(facts, details)
    row.authors, row.year, row.venue = facts.authors, facts.year, facts.venue
    row.arxiv_id, row.doi, row.url = facts.arxiv_id, facts.doi, facts.url


def _links_of_row(facts: Facts, targets: list[lk.LinkTarget]) -> None:
    """The row's other links (a Link column): the paper's, or what the row is instead."""
    papers = [t for t in targets if t.is_paper]
    for target in papers:
        take_link(facts, target)
    if papers:
        facts.linked = True
        if facts.not_paper in ("code", WEB_PAGE):
            facts.not_paper = None
    elif targets and not facts.linked and all(t.is_not_paper for t in targets):
        facts.not_paper = targets[0].kind
