"""Read rendered Markdown the way GitHub shows it: cmark-gfm to HTML, then the tables' cells."""

from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options


def to_html(markdown: str) -> str:
    # GitHub's own extensions: tables, strikethrough, autolinks, and its tag filter.
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.links: list[list[list[str | None]]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
            self.links.append([])
        elif tag == "tr":
            self.tables[-1].append([])
            self.links[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._href = None
        elif tag == "a" and self._cell is not None:
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self.links[-1][-1].append(self._href)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(markdown: str) -> list[list[list[str]]]:
    """Each table, as rows of cell texts (header row first), as a reader sees them."""
    parser = _Tables()
    parser.feed(to_html(markdown))
    return parser.tables


def parse(markdown: str) -> _Tables:
    parser = _Tables()
    parser.feed(to_html(markdown))
    return parser
