"""CSV: one row per paper, for spreadsheets. Export only: a spreadsheet is no place to
keep notes' times or ids, so rl does not read it back (use JSON Lines for that)."""

from __future__ import annotations

import csv
import io

from readinglist.formats import Export, Format

COLUMNS = ("id", "citation_key", "title", "authors", "year", "venue", "category", "status",
           "read_at", "arxiv_id", "doi", "url", "label", "added_at", "notes")  # fmt: skip


def write(export: Export) -> str:
    out = io.StringIO()
    # "\n" line ends whatever the platform: exports are compared and kept in git.
    table = csv.writer(out, lineterminator="\n")
    table.writerow(COLUMNS)
    for paper in export.papers:
        table.writerow([
            paper.id,
            export.keys.get(paper.id, ""),
            paper.title,
            "; ".join(paper.authors),
            paper.year or "",
            paper.venue or "",
            paper.category,
            paper.status,
            paper.read_at or "",
            paper.arxiv_id or "",
            paper.doi or "",
            paper.url or "",
            paper.label,
            paper.added_at,
            "\n\n".join(note.text for note in paper.notes),
        ])  # fmt: skip
    return out.getvalue()


FORMAT = Format(
    name="csv",
    description="CSV (.csv), one row per paper, for spreadsheets",
    suffixes=(".csv",),
    write=write,
)
