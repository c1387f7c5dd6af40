"""Resolving the papers of the knowledge base: ask resolve.py, store what it decided.

Fetching (arxiv_api, through sources and the cache), deciding (resolve) and storing (here)
stay apart. Nothing the user typed is lost: when arXiv cannot be reached, or the match is
unsure, the paper is stored unresolved, to be settled later with `rl resolve`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.categories import get_category
from readinglist.errors import Duplicate, InvalidInput, NetworkError, NotFound, RLError
from readinglist.identifiers import parse_arxiv_id
from readinglist.papers import (
    add_paper,
    check_status,
    find_duplicate,
    get_paper,
    normalise_title,
    update_paper,
)
from readinglist.records import PaperRecord
from readinglist.resolve import (
    RESOLVED,
    UNSURE,
    Resolution,
    parse_title,
    resolve_id,
    resolve_title,
)
from readinglist.sources import MetadataSource

# Shown the candidates of an unsure resolution, returns the index of the right one, or None
# when none is. Commands pass one that asks the user; without it nothing is asked.
Chooser = Callable[[Resolution], int | None]


@dataclass(frozen=True)
class Outcome:
    paper: dict[str, Any]  # as stored now
    resolution: Resolution | None = None  # what the resolver decided (None: network failed)
    error: NetworkError | None = None  # why the paper stayed unresolved, when arXiv failed
    declined: bool = False  # the user was shown the candidates and chose none


def default_sources(conn: sqlite3.Connection) -> list[MetadataSource]:
    """arXiv, through the knowledge base's day-long cache. Build once per command run: the
    arXiv client inside spaces all of that run's requests apart."""
    from readinglist.cache import CachedSource
    from readinglist.sources import ArxivSource

    return [CachedSource(ArxivSource(), conn)]


def record_fields(record: PaperRecord) -> dict[str, Any]:
    """Paper fields from a source record; fields the record lacks are left out."""
    fields: dict[str, Any] = {
        "arxiv_id": record.arxiv_id,
        "version": record.version,
        "title": record.title,
        "authors": list(record.authors),
        "year": record.year,
        "published": record.published,
        "updated": record.updated,
        "arxiv_categories": list(record.categories),
        "resolution": "resolved",
        "candidates": None,
    }
    if record.abstract:
        fields["abstract"] = record.abstract
        fields["abstract_source"] = "arxiv"
    optional = {"doi": record.doi, "venue": record.journal_ref, "comment": record.comment,
                "pdf_url": record.pdf_url, "url": record.url}  # fmt: skip
    fields.update({k: v for k, v in optional.items() if v})
    return fields


def add_resolved(
    conn: sqlite3.Connection,
    text: str,
    fields: Mapping[str, Any],
    *,
    sources: Sequence[MetadataSource] | None = None,
    choose: Chooser | None = None,
    force: bool = False,
    fallback: Mapping[str, Any] | None = None,
) -> Outcome:
    """Add a paper from a title, arXiv id or arxiv.org URL, resolved on arXiv.

    `fields` are what the user gave besides (category, label, status, year, authors, venue,
    url, doi); they win over arXiv's. The text stays the label unless `fields` has one (an id
    or URL gives way to the canonical title). An id arXiv does not know raises NotFound and
    stores nothing; a network failure stores the paper unresolved (Outcome.error says why).
    `fallback` holds what another source (a PDF) says about the paper: stored, below `fields`,
    when arXiv gives no record (unresolved, not on arXiv, or unreachable).
    """
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("the title is empty.")
    get_category(conn, fields["category"])  # an unknown category fails before any request
    if fields.get("status") is not None:
        check_status(fields["status"])
    sources = default_sources(conn) if sources is None else sources
    ident = parse_arxiv_id(text)
    given = {k: v for k, v in fields.items() if v is not None}
    known = {k: v for k, v in (fallback or {}).items() if v not in (None, "", [])}

    if ident is not None:
        if not force:
            _refuse_duplicate(conn, ident.id, None)
        try:
            record = resolve_id(text, sources)
        except NetworkError as e:
            # Keep the id: `rl resolve` fetches it later.
            pending = {"title": f"arXiv:{ident}", "label": text, "arxiv_id": str(ident),
                       "resolution": "unresolved"}  # fmt: skip
            return _added(conn, {**pending, **known, **given}, force, error=e)
        if record is None:
            raise NotFound(f"arXiv has no paper {ident}. Check the id; nothing was stored.")
        found = Resolution(RESOLVED, None, record=record, reason="arXiv id")
        return _added(conn, {**record_fields(record), **given}, force, resolution=found)

    parsed = parse_title(text)
    if not force:
        _refuse_duplicate(conn, None, parsed.title)
    as_given = {"title": parsed.title, "label": text, "year": parsed.year, **known, **given}
    try:
        resolution = resolve_title(text, sources, year=given.get("year"))
    except NetworkError as e:
        return _added(conn, {**as_given, "resolution": "unresolved"}, force, error=e)
    chosen, declined = _settle(resolution, choose)
    if chosen is not None:
        stored = {**record_fields(chosen), "label": text, **given}
    elif resolution.status == UNSURE and not declined:
        candidates = [c.summary() for c in resolution.candidates]
        stored = {**as_given, "resolution": "unresolved", "candidates": candidates}
    else:
        stored = {**as_given, "resolution": "not-on-arxiv"}
    return _added(conn, stored, force, resolution=resolution, declined=declined)


def resolve_paper(
    conn: sqlite3.Connection,
    paper_id: int,
    *,
    pick: int | None = None,
    arxiv_id: str | None = None,
    sources: Sequence[MetadataSource] | None = None,
    choose: Chooser | None = None,
    force: bool = False,
) -> Outcome:
    """Resolve a stored paper again: by candidate number (`pick`, 1-based, from the stored
    candidates), by an arXiv id the user gives, by its own arXiv id (refreshing the metadata),
    or by its title. Network errors propagate and leave the paper unchanged."""
    paper = get_paper(conn, paper_id)
    if pick is not None and arxiv_id is not None:
        raise InvalidInput("give either --pick N or --arxiv ID, not both.")
    sources = default_sources(conn) if sources is None else sources
    if pick is not None:
        arxiv_id = _candidate_id(paper, pick)
    if arxiv_id is not None:
        ident = parse_arxiv_id(arxiv_id)
        if ident is None:
            raise InvalidInput(
                f"'{arxiv_id}' is not an arXiv id (e.g. 1706.03762 or hep-th/9901001)."
            )
        return _resolved_by_id(conn, paper, str(ident), sources, force)
    if paper["arxiv_id"]:
        return _resolved_by_id(conn, paper, paper["arxiv_id"], sources, force)

    text = _text_to_resolve(paper)
    resolution = resolve_title(text, sources, year=paper["year"])
    chosen, declined = _settle(resolution, choose)
    if chosen is not None:
        return _store_record(conn, paper, chosen, force, resolution)
    if resolution.status == UNSURE and not declined:
        changes: dict[str, Any] = {"resolution": "unresolved",
                   "candidates": [c.summary() for c in resolution.candidates]}  # fmt: skip
    else:
        changes = {"resolution": "not-on-arxiv", "candidates": None}
    stored = update_paper(conn, paper_id, changes)
    return Outcome(stored, resolution=resolution, declined=declined)


def unresolved_ids(conn: sqlite3.Connection) -> list[int]:
    rows = conn.execute("SELECT id FROM papers WHERE resolution = 'unresolved' ORDER BY id")
    return [r[0] for r in rows]


def resolve_each(
    conn: sqlite3.Connection,
    paper_ids: Sequence[int],
    *,
    sources: Sequence[MetadataSource] | None = None,
    force: bool = False,
) -> Iterator[tuple[int, Outcome | RLError]]:
    """Resolve papers one after the other (no questions asked), yielding each outcome or the
    error that stopped that paper: one failure never stops the rest. One set of sources serves
    them all, so requests stay spaced apart across the whole run."""
    sources = default_sources(conn) if sources is None else sources
    for paper_id in paper_ids:
        try:
            yield paper_id, resolve_paper(conn, paper_id, sources=sources, force=force)
        except RLError as e:
            yield paper_id, e


# -- internals -------------------------------------------------------------------------------


def _settle(resolution: Resolution, choose: Chooser | None) -> tuple[PaperRecord | None, bool]:
    """(the record to store, whether the user declined every candidate)."""
    if resolution.status == RESOLVED:
        return resolution.record, False
    if resolution.status == UNSURE and choose is not None and resolution.candidates:
        index = choose(resolution)
        if index is None:
            return None, True
        return resolution.candidates[index].record, False
    return None, False


def _added(
    conn: sqlite3.Connection,
    fields: dict[str, Any],
    force: bool,
    *,
    resolution: Resolution | None = None,
    error: NetworkError | None = None,
    declined: bool = False,
) -> Outcome:
    paper_id = add_paper(conn, fields, force=force)
    return Outcome(get_paper(conn, paper_id), resolution, error, declined)


def _refuse_duplicate(conn: sqlite3.Connection, arxiv_id: str | None, title: str | None) -> None:
    """The duplicate check of add_paper, made before any request is spent."""
    if arxiv_id is not None:
        row = conn.execute(
            "SELECT id, label, category FROM papers WHERE arxiv_id = ? ORDER BY id LIMIT 1",
            (arxiv_id,),
        ).fetchone()
        existing = dict(row) if row else None
    else:
        existing = find_duplicate(conn, None, title or "")
    if existing is not None:
        raise Duplicate(
            f"already stored as #{existing['id']} '{existing['label']}'"
            f" ({existing['category']}). Use --force to add it again anyway."
        )


def _candidate_id(paper: dict[str, Any], pick: int) -> str:
    candidates = paper["candidates"] or []
    if not candidates:
        raise InvalidInput(
            f"#{paper['id']} has no candidates to pick from. Look them up with: "
            f"rl resolve {paper['id']}   (or give the id: rl resolve {paper['id']} --arxiv ID)"
        )
    if not 1 <= pick <= len(candidates):
        raise InvalidInput(
            f"--pick must be between 1 and {len(candidates)}: #{paper['id']} has "
            f"{len(candidates)} candidate(s) (see them with: rl show {paper['id']})."
        )
    return str(candidates[pick - 1]["arxiv_id"])


def _resolved_by_id(
    conn: sqlite3.Connection,
    paper: dict[str, Any],
    identifier: str,
    sources: Sequence[MetadataSource],
    force: bool,
) -> Outcome:
    record = resolve_id(identifier, sources)
    if record is None:
        raise NotFound(
            f"arXiv has no paper {identifier}. Check the id; #{paper['id']} is unchanged."
        )
    found = Resolution(RESOLVED, None, record=record, reason="arXiv id")
    return _store_record(conn, paper, record, force, found)


def _store_record(
    conn: sqlite3.Connection,
    paper: dict[str, Any],
    record: PaperRecord,
    force: bool,
    resolution: Resolution,
) -> Outcome:
    if not force:
        other = find_duplicate(conn, record.arxiv_id, record.title, exclude=paper["id"])
        if other is not None:
            raise Duplicate(
                f"{record.title} ({record.arxiv_id}) is already stored as #{other['id']} "
                f"'{other['label']}' ({other['category']}); #{paper['id']} is unchanged. "
                f"Use --force to resolve #{paper['id']} to it as well."
            )
    changes = record_fields(record)
    if paper["abstract_source"] == "manual":
        # An abstract the user wrote themselves is theirs to replace.
        changes.pop("abstract", None)
        changes.pop("abstract_source", None)
    if parse_arxiv_id(paper["label"]) is not None:
        changes["label"] = record.title  # an id typed while arXiv was down is no label
    stored = update_paper(conn, paper["id"], changes)
    return Outcome(stored, resolution=resolution)


def _text_to_resolve(paper: dict[str, Any]) -> str:
    """The label when it is the title as the user wrote it (its prefixes are hints: a year,
    a nickname); the stored title when the label is something else, like "Transformer paper"."""
    title = normalise_title(paper["title"])
    readings = parse_title(paper["label"]).readings
    if any(normalise_title(r) == title for r in readings):
        return str(paper["label"])
    return str(paper["title"])
