"""`rl discover`: finding papers to read in the local arXiv mirror, ranked by relevance and
recency, with the ones already in the knowledge base marked; and filing one of them.

What a query means is what it means for `rl search` (readinglist.search.parse_query:
words ANDed and stemmed, "phrases", prefix*, -exclusion, OR, title:/author:/abstract:),
over each record's title, authors and abstract.

The ranking, for each matching paper:

    score = relevance * (1 + RECENCY_WEIGHT * HALF_LIFE / (HALF_LIFE + age))
    relevance = sum over the query's words of idf(word) * (TITLE_WEIGHT if the word is in
                the paper's title, else TEXT_WEIGHT)

idf is BM25's, ln(1 + (N - n + 0.5) / (n + 0.5)) for a word in n of the mirror's N papers
(counted after each harvest); age is in months since the paper's first version (the month
of its arXiv id). That relevance is BM25 with k1 = 0: a word counts once per paper,
weighted by its rarity and by where it is (title 10, authors or abstract 2, as rl search
weighs title and abstract). FTS5's own bm25 cannot be used at this size: it counts each
word's papers anew on every query by walking the word's whole posting list, 7-60 ms for a
common word at 2.6 million papers. A paper of this month scores twice its relevance
(RECENCY_WEIGHT 1), one two years old (HALF_LIFE) 1.5 times, one eight years old 1.2 times:
among papers as relevant the newer come first; a more relevant older one still wins.

A query that more than BUDGET papers match is ranked over the newest BUDGET of them only
(the result says from which month), and a word that more than BUDGET titles of those hold
counts as in the title for the newest BUDGET of them, so that the commonest words cost
what a specific query costs. --since, --cat or another word rank them all.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from readinglist.errors import InvalidInput

if TYPE_CHECKING:
    from readinglist.adding import Chooser, Outcome
    from readinglist.library import Library
    from readinglist.mirror import Mirror, Unit
    from readinglist.search import ParsedQuery, Term
    from readinglist.sources import PaperRecord

# What a word weighs in the title, and elsewhere (rl search weighs title 10, abstract 2).
TITLE_WEIGHT = 10.0
TEXT_WEIGHT = 2.0
RECENCY_WEIGHT = 1.0
HALF_LIFE_MONTHS = 24
# At most this many matches (and titles of each word) are ranked, the newest: a few
# milliseconds at 2.6 million records (BENCHMARKS.md, "A local arXiv").
BUDGET = 10_000
DEFAULT_LIMIT = 20
# rl search's fields that a mirror record has (label is the user's: the title stands in).
_COLUMNS = {"title": "title", "label": "title", "authors": "authors", "abstract": "abstract"}


@dataclass(frozen=True)
class Found:
    """One result: the paper, its score, and the knowledge base's paper with its arXiv id."""

    rank: int  # 1 = best
    record: PaperRecord
    score: float
    paper_id: int | None  # stored already as this paper of the knowledge base


@dataclass(frozen=True)
class Discovery:
    results: list[Found]
    # "2024-03": more papers matched than are ranked; these are the newest, from that month.
    ranked_from: str | None = None


def discover(
    mirror: Mirror,
    library: Library | None,
    query: str,
    *,
    since: int | None = None,
    categories: Sequence[str] = (),
    limit: int = DEFAULT_LIMIT,
    today: date | None = None,
) -> Discovery:
    """The best `limit` papers of the mirror for `query`, from the year `since` on, in any of
    `categories` (arXiv categories or archives: cs.CL, cs, hep-th), best first; each marked
    with the id of the knowledge base's paper when `library` holds it."""
    from readinglist.mirror import MONTH_SPAN, month_index, month_of

    if limit < 1:
        raise InvalidInput("--limit must be 1 or more.")
    match = mirror_match(query)
    for category in categories:
        if not mirror.has_category(category):
            raise InvalidInput(
                f"no paper of the mirror is in '{category}'. Mirrored: "
                f"{', '.join(s.category for s in mirror.harvested_sets()) or 'nothing yet'} "
                "(add one with: rl mirror add CAT)."
            )
    now = today or datetime.now(UTC).date()
    ranked = mirror.rank(
        match,
        rank_units(mirror, query),
        title_weight=TITLE_WEIGHT,
        text_weight=TEXT_WEIGHT,
        recency_weight=RECENCY_WEIGHT,
        half_life_months=HALF_LIFE_MONTHS,
        now_month=month_index(now.year, now.month),
        since=month_index(since) * MONTH_SPAN if since else 0,
        categories=categories,
        limit=limit,
        budget=BUDGET,
    )
    results = []
    for rank, (record, score) in enumerate(ranked.results, start=1):
        stored = None
        if library is not None and record.arxiv_id:
            stored = library.paper_with_id("arxiv", record.arxiv_id)
        results.append(Found(rank, record, score, stored.id if stored else None))
    ranked_from = None
    if ranked.window_start is not None:
        year, month = month_of(ranked.window_start)
        ranked_from = f"{year}-{month:02d}"
    return Discovery(results, ranked_from)


def mirror_match(query: str) -> str:
    """The FTS5 expression of a typed query over the mirror's columns (rl search's rules:
    readinglist.search). Raises InvalidInput when there is nothing to look for."""
    parsed = _parsed(query)

    def fts(term: Term) -> str:
        return dataclasses.replace(term, column=_COLUMNS.get(term.column or "")).fts()

    parts = [fts(g[0]) if len(g) == 1 else "(" + " OR ".join(fts(t) for t in g) + ")"
             for g in parsed.groups]  # fmt: skip
    expression = " AND ".join(parts)
    if parsed.excluded:
        if len(parts) > 1:
            expression = f"({expression})"
        expression += "".join(f" NOT {fts(t)}" for t in parsed.excluded)
    return expression


def rank_units(mirror: Mirror, query: str) -> list[Unit]:
    """What ranking needs of each ANDed part of the query: its IDF (of its rarest word for a
    phrase, of its commonest alternative for an OR), and the FTS5 expression of the titles
    that hold it."""
    from readinglist.mirror import Unit

    total = mirror.records_total()
    units = []
    for group in _parsed(query).groups:
        columns = {_COLUMNS.get(t.column or "") for t in group}
        titles = None
        if columns <= {None, "title"}:
            titles = " OR ".join(dataclasses.replace(t, column=None).fts() for t in group)
        idf = min(_idf(mirror, t, total) for t in group)
        units.append(Unit(idf, titles, in_title=columns == {"title"}))
    return units


def _idf(mirror: Mirror, term: Term, total: int | None) -> float:
    """BM25's IDF of a term, from the mirror's word counts (1 when it has none yet)."""
    if not total:
        return 1.0
    stems = mirror.stems(term.text)
    if not stems:
        return 1.0
    if term.prefix:
        docs = min(total, mirror.prefix_docs(stems[-1] if len(stems) > 1 else term.text.lower()))
    else:
        counts = mirror.term_docs(stems)
        docs = min(counts.get(s, 0) for s in stems)  # a phrase is as rare as its rarest word
    return math.log(1 + (total - docs + 0.5) / (docs + 0.5))


def _parsed(query: str) -> ParsedQuery:
    from readinglist.search import parse_query

    parsed = parse_query(query)
    # Small words ("chain of thought") are in nearly every abstract: they change which papers
    # match by a hair, and cost FTS5 a walk through their whole posting lists.
    content = [g for g in parsed.groups if len(g) > 1 or not _small(g[0])]
    parsed = dataclasses.replace(parsed, groups=content or parsed.groups)
    if not parsed.groups:
        raise InvalidInput(
            f"there is nothing to look for in '{query.strip()}'; type some words, e.g. "
            'rl discover "memory networks".'
        )
    return parsed


def _small(term: Term) -> bool:
    from readinglist.matching import SMALL_WORDS

    return not term.column and not term.prefix and term.text.casefold() in SMALL_WORDS


def add_found(
    library: Library,
    found: Found,
    fields: dict[str, Any],
    *,
    note: str | None = None,
    force: bool = False,
    choose: Chooser | None = None,
) -> Outcome:
    """File a result in the knowledge base: `rl add ARXIV_ID` with the mirror asked first
    (the record is there: no request), then the usual sources."""
    from readinglist import adding
    from readinglist.sources import make_sources

    assert found.record.arxiv_id is not None
    chain = make_sources()
    if all(ref.name != "mirror" for ref in chain):
        chain = [*make_sources(["mirror"]), *chain]
    return adding.add(library, found.record.arxiv_id, fields, note=note, force=force,
                      sources=chain, choose=choose)  # fmt: skip
