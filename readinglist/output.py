"""Everything the user sees: rich tables and panels on stdout, messages on stderr, JSON.

rich is imported inside the functions: a command that prints JSON or one line should not
pay for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_STATUS_STYLE = {"read": "green", "reading": "yellow", "to-read": "dim"}
_RESOLUTION_MARK = {"resolved": "", "manual": "", "unresolved": "?", "not-on-arxiv": "—"}


def stdout_console() -> Console:
    from rich.console import Console

    return Console(soft_wrap=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def message(text: str) -> None:
    """A one-line status message for humans, on stderr so stdout stays clean for pipes."""
    print(text, file=sys.stderr)


def error(text: str, details: Iterable[str] = ()) -> None:
    print(f"Error: {text}", file=sys.stderr)
    for line in details:
        print(f"  {line}", file=sys.stderr)


def paper_json(paper: dict[str, Any]) -> dict[str, Any]:
    """The stable JSON shape of a paper (keys sorted by importance, not alphabet)."""
    first = ("id", "arxiv_id", "version", "title", "label", "authors", "year", "abstract",
             "category", "status", "read_at", "notes", "resolution")  # fmt: skip
    return {k: paper.get(k) for k in first} | {k: v for k, v in paper.items() if k not in first}


def print_paper_list(
    papers: Sequence[dict[str, Any]], categories: Sequence[dict[str, Any]]
) -> None:
    """One table per category, in the user's order; empty categories are skipped."""
    from rich.table import Table

    console = stdout_console()
    by_category: dict[str, list[dict[str, Any]]] = {}
    for paper in papers:
        by_category.setdefault(paper["category"], []).append(paper)
    if not papers:
        message("No papers. Add one with: rl add TITLE --cat CATEGORY")
        return
    for cat in categories:
        rows = by_category.get(cat["slug"])
        if not rows:
            continue
        table = Table(title=f"{cat['heading']} ({len(rows)})", title_justify="left", expand=False)
        table.add_column("id", justify="right", style="cyan", no_wrap=True)
        table.add_column("paper", overflow="fold")
        table.add_column("year", justify="right", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("arXiv", no_wrap=True)
        for p in rows:
            mark = _RESOLUTION_MARK.get(p["resolution"], "")
            table.add_row(
                str(p["id"]),
                p["label"],
                str(p["year"] or ""),
                f"[{_STATUS_STYLE[p['status']]}]{p['status']}[/]",
                p["arxiv_id"] or mark,
            )
        console.print(table)


def print_paper(paper: dict[str, Any], category_heading: str) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = stdout_console()
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")

    def fact(name: str, value: Any) -> None:
        if value not in (None, "", []):
            facts.add_row(name, Text(str(value)))

    fact("label", paper["label"] if paper["label"] != paper["title"] else None)
    fact("authors", ", ".join(paper["authors"]))
    fact("year", paper["year"])
    fact("category", f"{category_heading} ({paper['category']})")
    fact("status", paper["status"] + (f" ({paper['read_at'][:10]})" if paper["read_at"] else ""))
    arxiv = paper["arxiv_id"] and f"{paper['arxiv_id']}" + (
        f"v{paper['version']}" if paper.get("version") else ""
    )
    fact("arXiv", arxiv)
    fact("resolution", paper["resolution"])
    fact("categories", ", ".join(paper["arxiv_categories"]))
    fact("venue", paper["venue"])
    fact("doi", paper["doi"])
    fact("url", paper["url"])
    fact("pdf", paper["pdf_path"])
    fact("published", (paper["published"] or "")[:10])
    fact("added", paper["added_at"][:10])
    console.print(Panel(facts, title=Text(f"#{paper['id']} {paper['title']}"), title_align="left"))
    if paper["abstract"]:
        source = f" (from {paper['abstract_source']})" if paper["abstract_source"] else ""
        console.print(Panel(Text(paper["abstract"]), title=f"Abstract{source}", title_align="left"))
    if paper.get("candidates"):
        cands = Table(
            title="Candidates (settle with: rl resolve REF --pick N)", title_justify="left"
        )
        for col in ("N", "arXiv", "title", "score"):
            cands.add_column(col)
        for i, c in enumerate(paper["candidates"], 1):
            cands.add_row(str(i), c["arxiv_id"], c["title"], f"{c['score']:.2f}")
        console.print(cands)
    for note in paper["notes"]:
        console.print(Panel(Markdown(note["text"]), title=f"Note {note['created_at'][:16]}",
                            title_align="left"))  # fmt: skip


def marked_to_markdown(text: str) -> str:
    """A search snippet for JSON: matched words as **bold**, as a Markdown reader shows it."""
    from readinglist.search import MARK_END, MARK_START

    return text.replace(MARK_START, "**").replace(MARK_END, "**")


def print_search_results(results: Sequence[dict[str, Any]]) -> None:
    """Search hits as a table, best first, matched words highlighted.

    Plain text through readinglist.terminal rather than rich: `rl search` must start
    instantly, and rich alone would cost it about 0.1 s.
    """
    from readinglist.search import MARK_END, MARK_START
    from readinglist.terminal import DIM, RESET, Column, format_table, mark, use_colour

    colour = use_colour()
    rows = []
    for r in results:
        if r["field"] == "title":
            snippet = ""  # the match is in the title, highlighted in the paper column
        elif r["field"] == "abstract":
            snippet = r["snippet"]
        else:
            snippet = f"{r['field']}: {r['snippet']}"
        rows.append([str(r["id"]), r["label_marked"], str(r["year"] or ""), r["category"], snippet])
    columns = [
        Column("id", align_right=True),
        Column("paper", share=2),
        Column("year", align_right=True),
        Column("category"),
        Column("match", share=3),
    ]
    table = format_table(columns, rows, markers=(MARK_START, MARK_END))
    lines = table.splitlines()
    if colour:
        lines[0] = DIM + lines[0] + RESET
    sys.stdout.write("\n".join(mark(line, MARK_START, MARK_END, colour) for line in lines) + "\n")
