"""Markdown: the papers as a list under a heading per category, each title linked to its
arXiv page (or DOI or URL), with authors, venue, year and notes. Export only.

For the README table itself use `rl render`; this is for pasting a selection (`rl export
--format markdown --cat llm`) into notes, issues or a blog post.
"""

from __future__ import annotations

from itertools import groupby

from readinglist.formats import Export, Format
from readinglist.library import Paper
from readinglist.render import cell, link_target, paper_link


def _line(paper: Paper) -> str:
    title = cell(paper.title)
    link = paper_link({"arxiv_id": paper.arxiv_id, "doi": paper.doi, "url": paper.url})
    head = f"[{title}]({link_target(link)})" if link else title
    details = []
    if paper.authors:
        details.append(cell(", ".join(paper.authors)))
    if paper.venue:
        details.append(f"*{cell(paper.venue)}*")
    if paper.year:
        details.append(str(paper.year))
    line = f"- {head}" + (f". {'. '.join(details)}." if details else "")
    for note in paper.notes:
        line += "\n  - " + cell(note.text)
    return line


def write(export: Export) -> str:
    headings = {c.slug: c.heading for c in export.categories}
    sections = []
    for slug, papers in groupby(export.papers, key=lambda p: p.category):
        lines = "\n".join(_line(p) for p in papers)
        sections.append(f"## {cell(headings.get(slug, slug))}\n\n{lines}\n")
    return "\n".join(sections)


FORMAT = Format(
    name="markdown",
    description="Markdown (.md), a list under a heading per category, titles linked",
    suffixes=(".md", ".markdown"),
    write=write,
)
