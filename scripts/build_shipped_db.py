"""Build data/papers.sqlite, the knowledge base shipped with rl, from its sources.

    python scripts/build_shipped_db.py [--out data/papers.sqlite]

1. Create the profile's categories (survey, dialogue, llm, rl, other), then import
   tests/fixtures/profile-README.md (the user's profile README) with the code behind
   `rl import-readme`: papers with their labels as written, the note row.
2. Attach data/reading-list-facts.json to the paper whose label is the fact's `as_written`:
   canonical title, year, first author, venue, and a DOI / ACL Anthology URL found in the
   venue text. A row with an arXiv id becomes 'resolved' with that id; one without,
   'not-found'. The facts were checked by hand, so their metadata source is 'manual'.
3. The papers the ACL Anthology published get its metadata from data/acl-anthology/ (the
   Anthology's own XML): every author in order, venue, pages, DOI, abstract where it has one,
   and their Anthology id; they are 'resolved' from source 'acl'. The hand-checked title and
   year stay.
4. Every paper gets its citation key (formats.citekeys), as its first export would give it.

This script is the source of truth for the shipped file: rebuild after any change to the
schema (new migrations) or to the sources. The build is deterministic: every timestamp is
pinned to BUILT_AT and the file is vacuumed, so unchanged sources give the same content.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from readinglist.formats.citekeys import wanted_key
from readinglist.library import Library, open_library
from readinglist.migrations import DEFAULT_CATEGORIES as PROFILE_CATEGORIES
from readinglist.readme import import_reading_list, parse_reading_list
from readinglist.sources.acl_anthology import AclAnthologySource

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "tests" / "fixtures" / "profile-README.md"
FACTS = ROOT / "data" / "reading-list-facts.json"
ANTHOLOGY = ROOT / "data" / "acl-anthology"
OUT = ROOT / "data" / "papers.sqlite"
# Timestamps in the shipped file say when the list was imported, not when it was built.
BUILT_AT = "2024-01-01T00:00:00+00:00"

_DOI = re.compile(r"\bDOI (10\.[^\s;,)]+)")
_ACL_ANTHOLOGY = re.compile(r"\bACL Anthology ([A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9]+-\d+\.\d+)\b")


def build(out: Path = OUT, readme: Path = README, facts: Path = FACTS) -> dict[str, int]:
    """Write the knowledge base to `out` (replaced atomically); returns a few counts."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".build-") as tmp:
        kb = open_library(Path(tmp) / "work.sqlite")
        add_profile_categories(kb)
        sections = parse_reading_list(readme.read_text(encoding="utf-8"))
        result = import_reading_list(kb, sections)
        attached = attach_facts(kb, json.loads(facts.read_text(encoding="utf-8")))
        # Keys given now, as the first export would (and keep): exporting the shipped list
        # then changes nothing in the file git tracks.
        kb.give_citation_keys({p.id: wanted_key(p) for p in kb.papers()})
        _pin_timestamps(kb.conn)
        built = Path(tmp) / "built.sqlite"
        kb.conn.execute("VACUUM INTO ?", (str(built),))
        kb.close()
        # VACUUM INTO writes a rollback-journal file; rl's knowledge bases are WAL (the mode
        # is stored in the file), so that several rl processes can work on it at once.
        copy = sqlite3.connect(built)
        copy.execute("PRAGMA journal_mode = WAL")
        copy.close()
        for side in ("-wal", "-shm"):
            # A stale WAL next to the new file would be replayed onto it.
            Path(f"{out}{side}").unlink(missing_ok=True)
        os.replace(built, out)
    return {"papers": len(result.added), "notes": result.notes_added, "facts": attached}


def add_profile_categories(kb: Library) -> None:
    """The profile's categories, with the slugs the user types (a new knowledge base has
    only "other"; an import would make "dialogue-system" of "Dialogue system")."""
    for position, (slug, heading) in enumerate(PROFILE_CATEGORIES, 1):
        if kb.find_category(slug) is None:
            kb.add_category(slug, heading, position)


def attach_facts(kb: Library, facts: list[dict[str, Any]]) -> int:
    for fact in facts:
        paper_id = kb.paper_with_label(fact["as_written"])
        if paper_id is None:
            raise SystemExit(f"no imported row is written {fact['as_written']!r}")
        venue = fact.get("venue") or None
        changes: dict[str, Any] = {
            "title": fact["title"],
            "year": fact["year"],
            "authors": [fact["first_author"]] if fact.get("first_author") else [],
            "venue": venue,
            "arxiv_id": fact.get("arxiv_id"),
            "resolution": "resolved" if fact.get("arxiv_id") else "not-found",
            "metadata_source": "manual",
            "field_sources": {
                "title": "manual",
                "year": "manual",
                "authors": "manual",
                "venue": "manual",
            },
        }
        doi = _DOI.search(venue or "")
        if doi:
            changes["doi"] = doi.group(1)
        anthology = _ACL_ANTHOLOGY.search(venue or "")
        if anthology:
            changes["url"] = f"https://aclanthology.org/{anthology.group(1)}"
            if not fact.get("arxiv_id"):  # arXiv stays the reference for what it has
                changes.update(_anthology_fields(anthology.group(1)))
        kb.update_paper(paper_id, changes)
    return len(facts)


def _anthology_fields(acl_id: str) -> dict[str, Any]:
    """What the ACL Anthology's XML says of a paper, as fields (the title and year checked by
    hand stay)."""
    record = AclAnthologySource(sorted(ANTHOLOGY.glob("*.xml"))).records[acl_id]
    fields: dict[str, Any] = {
        "authors": list(record.authors),
        "venue": record.venue,
        "pages": record.pages,
        "url": record.url,
        "ids": {"acl": acl_id},
        "resolution": "resolved",
        "metadata_source": "acl",
        "field_sources": {
            "title": "manual",
            "year": "manual",
            "authors": "acl",
            "venue": "acl",
            "pages": "acl",
            "url": "acl",
        },
    }
    if record.doi:
        fields["doi"] = record.doi
        fields["field_sources"]["doi"] = "acl"
    if record.abstract:
        fields.update(abstract=record.abstract, abstract_source="acl")
        fields["field_sources"]["abstract"] = "acl"
    return fields


def _pin_timestamps(conn: sqlite3.Connection) -> None:
    # A build step, not something rl does: the one place outside the Library that writes.
    with conn:
        conn.execute(
            "UPDATE papers SET added_at = ?1, read_at = CASE WHEN read_at IS NULL THEN NULL "
            "ELSE ?1 END",
            (BUILT_AT,),
        )
        conn.execute("UPDATE notes SET created_at = ?", (BUILT_AT,))
        conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", (BUILT_AT,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    args = parser.parse_args()
    counts = build(args.out)
    print(
        f"Wrote {args.out}: {counts['papers']} papers, {counts['notes']} note(s), "
        f"{counts['facts']} facts attached.",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
