"""Full-text search over the knowledge base: forgiving query parsing, bm25 ranking, snippets,
and near-title suggestions when nothing matches.

What a typed query means (build_match turns it into an FTS5 expression that is always valid):

- bare words are ANDed: `memory networks` finds papers with both words, in any field;
  stemming makes `memory` find "memories" too;
- `"a balanced phrase"` stays a phrase (its words adjacent, in order);
- a trailing `*` is a prefix of the words as written: `memor*`, `generat*`, `"neural mach"*`
  (looked up in an unstemmed index: the stemmed one holds "gener" for "generation");
- `-word`, `-"a phrase"` or `NOT word` exclude papers that contain it;
- `A OR B` matches either; OR binds tighter than the implicit AND, as in web search:
  `transformer memory OR attention` = transformer AND (memory OR attention);
- `field:word` or `field:"a phrase"` searches one field: title, label, author(s), abstract,
  note(s) or pdf (FTS5's `{title}:` spelling works too); any other `something:` is text;
- everything else is text, never syntax: punctuation inside a word splits it into a phrase
  (`self-attention` = "self attention", `GPT-4` = "gpt 4"); `^`, parentheses and a `*` that
  does not end a word are ignored (use OR for alternatives); `AND` is the default anyway and
  `NEAR` is read as AND; an unbalanced `"` is dropped; an operator with nothing to act on
  is dropped (or searched as a word if it is all there is).

`raw=True` hands the query to FTS5 untouched (column filters, NEAR, grouping); invalid syntax
then raises InvalidInput with FTS5's own message.

The Library runs the SQL; this module reads the query and shapes the results. Plain re
and the Library only: `rl search` must start fast. rapidfuzz is imported only when a
query finds nothing.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readinglist.errors import DatabaseError, InvalidInput
from readinglist.search_index import FTS_TABLE

if TYPE_CHECKING:
    from readinglist.library import Library

# bm25 weight per indexed column: title and label (the user's
# own name for the paper) above authors, above abstract and notes, above PDF text.
WEIGHTS = {"title": 10.0, "label": 10.0, "authors": 5.0, "abstract": 2.0, "notes": 2.0,
           "pdf_text": 1.0}  # fmt: skip
FIELD_NAMES = {
    "title": "title", "label": "label", "author": "authors", "authors": "authors",
    "abstract": "abstract", "note": "notes", "notes": "notes", "pdf": "pdf_text",
}  # fmt: skip
DEFAULT_LIMIT = 20
# Matched words in snippets are wrapped in these; output turns them into colour or **bold**.
# Control characters, so they cannot collide with anything in a title or a note.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 16
# Where to take a snippet from, in order of preference; the title and label are shown (and
# highlighted) beside it anyway.
_SNIPPET_COLUMNS = ("abstract", "notes", "pdf_text", "authors")

_OPERATORS = ("AND", "OR", "NOT", "NEAR")
_TOKEN = re.compile(
    r"""
    (?P<neg>-+)?                         # -word, -"phrase": exclude
    (?:(?P<field>[^\W\d_]+):)?           # field:word, field:"phrase"
    (?: "(?P<phrase>[^"]*)"(?P<star>\*)? # a balanced quoted phrase, maybe a prefix
      | (?P<word>[^\s"]+)                # anything else up to a space or a quote
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Term:
    """One phrase of a parsed query (a bare word is a one-word phrase)."""

    text: str
    negated: bool = False
    column: str | None = None
    prefix: bool = False

    def fts(self) -> str:
        phrase = '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")
        return f"{self.column} : {phrase}" if self.column else phrase


@dataclass(frozen=True)
class ParsedQuery:
    groups: list[list[Term]]  # ANDed; the terms within a group are ORed
    excluded: list[Term]

    def words(self) -> list[str]:
        """The searched-for words, lower-cased, in order (for suggestions)."""
        return [w.casefold() for g in self.groups for t in g for w in _words(t.text)]


_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def parse_query(query: str) -> ParsedQuery:
    """Read what a person typed; see the module docstring for the rules."""
    # Control characters separate words; a NUL would end the query inside SQLite.
    query = _CONTROLS.sub(" ", query)
    if query.count('"') % 2:
        # An unbalanced quote: drop the last one and keep its words as bare words.
        cut = query.rfind('"')
        glue = "" if query[cut - 1 : cut] == ":" else " "  # keep title:"memory a field filter
        query = query[:cut] + glue + query[cut + 1 :]
    # Grouping is not offered (OR binds tighter than AND instead), so parentheses only
    # separate words: "(atari OR go)" is atari OR go. FTS5's {title}: is read as title:.
    query = query.replace("(", " ").replace(")", " ").replace("{", "").replace("}", "")
    items: list[Term | str] = []
    for m in _TOKEN.finditer(query):
        negated = bool(m["neg"])
        field = m["field"]
        column = FIELD_NAMES.get(field.casefold()) if field else None
        if m["phrase"] is not None:
            text, prefix = m["phrase"], bool(m["star"])
        else:
            text = m["word"]
            prefix = text.endswith("*")
            text = text.rstrip("*")
            if not negated and not field and text in _OPERATORS and not prefix:
                items.append(text)
                continue
        if field and column is None:
            text = f"{field}:{text}"  # not a field we index: it was just text
        if _has_token(text):
            items.append(Term(text, negated, column, prefix))
    return _combine(items)


def _combine(items: list[Term | str]) -> ParsedQuery:
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    negate_next = join_next = False
    last_was_positive = False
    for item in items:
        if isinstance(item, str):
            if item == "NOT":
                negate_next = not negate_next
            elif item == "OR":
                join_next = last_was_positive
            last_was_positive = False
            continue
        # NOT and - cancel out: "NOT -x" (or "NOT NOT x") looks for x.
        term = Term(item.text, item.negated != negate_next, item.column, item.prefix)
        if term.negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        last_was_positive = not term.negated
        negate_next = join_next = False
    if not groups and not excluded:
        # Nothing but operators ("OR", "NOT"): the person is looking for the word itself.
        groups = [[Term(item)] for item in items if isinstance(item, str)]
    return ParsedQuery(groups, excluded)


@dataclass(frozen=True)
class Match:
    """A typed query as FTS5 MATCH expressions over the two indexes (search_index): the
    stemmed one for words, the unstemmed one for prefixes (porter indexes "generation" as
    "gener", which `generat*` would never find). A paper must match both expressions given;
    `not_stemmed` and `not_prefixes` hold the exclusions when there is no expression of
    that kind to attach them to."""

    stemmed: str | None = None
    prefixes: str | None = None
    not_stemmed: str | None = None
    not_prefixes: str | None = None


def build_match(query: str) -> Match:
    """The FTS5 MATCH expressions for a typed query. Raises InvalidInput when there is
    nothing to look for.

    A group of alternatives with a prefix in it goes to the unstemmed index whole: in
    `generat* OR model`, "model" is then matched as written (not "models")."""
    parsed = parse_query(query)
    if not parsed.groups:
        if parsed.excluded:
            raise InvalidInput(
                f"'{query.strip()}' only excludes words; add a word to look for, "
                'e.g. rl search "transformer -vision".'
            )
        raise InvalidInput(
            f"there is nothing to search for in '{query.strip()}'; type some words, "
            "e.g. rl search memory."
        )
    words = [g for g in parsed.groups if not any(t.prefix for t in g)]
    prefixes = [g for g in parsed.groups if any(t.prefix for t in g)]
    not_words = [t for t in parsed.excluded if not t.prefix]
    not_prefixes = [t for t in parsed.excluded if t.prefix]
    return Match(
        stemmed=_expression(words, not_words) if words else None,
        prefixes=_expression(prefixes, not_prefixes) if prefixes else None,
        not_stemmed=_either(not_words) if not words else None,
        not_prefixes=_either(not_prefixes) if not prefixes else None,
    )


def _expression(groups: list[list[Term]], excluded: list[Term]) -> str:
    parts = [
        group[0].fts() if len(group) == 1 else "(" + " OR ".join(t.fts() for t in group) + ")"
        for group in groups
    ]
    expression = " AND ".join(parts)
    if excluded:
        if len(parts) > 1:
            expression = f"({expression})"
        expression += "".join(f" NOT {t.fts()}" for t in excluded)
    return expression


def _either(terms: list[Term]) -> str | None:
    return " OR ".join(t.fts() for t in terms) or None


def search(
    library: Library,
    query: str,
    *,
    category: str | None = None,
    status: str | None = None,
    year: int | None = None,
    limit: int = DEFAULT_LIMIT,
    raw: bool = False,
) -> list[dict[str, Any]]:
    """The best `limit` papers for `query`, best first.

    Each result: id, title, label, year, category, status, score (higher is better),
    label_marked and snippet (matched words between MARK_START and MARK_END) and field
    (where the snippet comes from).
    """
    if limit < 1:
        raise InvalidInput(f"--limit must be at least 1 (got {limit}).")
    match = Match(stemmed=query) if raw else build_match(query)
    try:
        results = library.search(
            match.stemmed,
            WEIGHTS,
            prefix_match=match.prefixes,
            exclude=match.not_stemmed,
            prefix_exclude=match.not_prefixes,
            category=category,
            status=status,
            year=year,
            limit=limit,
            marks=(MARK_START, MARK_END),
            snippet_columns=_SNIPPET_COLUMNS,
            snippet_tokens=SNIPPET_TOKENS,
            snippet_match=query if raw else snippet_match(query),
        )
    except sqlite3.OperationalError as e:
        raise _query_error(e, query, raw) from e
    for r in results:
        # bm25 is tiny when a word is in most papers: keep significant digits, not decimals.
        r["score"] = float(f"{r['score']:.4g}")
    return results


def snippet_match(query: str) -> str:
    """The phrases a snippet shows, as one FTS5 expression: every phrase looked for, ORed (a
    snippet is taken from a stretch of a long text, which need not hold them all), each
    with its field."""
    parsed = parse_query(query)
    return " OR ".join(term.fts() for group in parsed.groups for term in group)


def _query_error(e: sqlite3.OperationalError, query: str, raw: bool) -> Exception:
    text = str(e)
    if f"no such table: {FTS_TABLE}" in text:
        return DatabaseError("the search index is missing. Rebuild it with: rl doctor --reindex")
    if raw:
        return InvalidInput(
            f"'{query}' is not a valid FTS5 query ({text}). Fix the syntax "
            "(https://www.sqlite.org/fts5.html#full_text_query_syntax) or drop --raw to "
            "search for the words as typed."
        )
    return e


def _has_token(text: str) -> bool:
    """Whether FTS5's unicode61 tokenizer finds a word in `text` (letters, digits, private
    use). A phrase with none would match nothing and empty the whole AND."""
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co"
               for ch in text)  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


@dataclass
class Suggestions:
    """What to offer when a query finds nothing."""

    corrected: str | None  # the query with misspelt words replaced, when any were
    papers: list[dict[str, Any]]  # id, title, year, category of near titles


def suggest(library: Library, query: str, *, limit: int = 5, **filters: Any) -> Suggestions:
    """Near titles for a query that found nothing: first correct misspelt words against the
    words of all titles and labels ("memroy" -> "memory") and search again; failing that,
    the titles most similar to the whole query."""
    from rapidfuzz import fuzz, process

    try:
        words = parse_query(query).words()
    except InvalidInput:
        words = []
    # All titles and labels as one string, split by one regex: looping over 100,000 rows
    # in Python costs seconds. (\w also takes "_", which FTS5 splits on: rare in titles.)
    vocabulary = Counter(re.findall(r"\w+", library.title_words().casefold()))
    choices = sorted(vocabulary)
    corrected_words = []
    for word in words:
        if word in vocabulary or len(word) < 3:
            corrected_words.append(word)
            continue
        near = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=70, limit=10)
        # Best score first, then the more common word, then alphabetical: deterministic.
        best = min(near, key=lambda m: (-m[1], -vocabulary[m[0]], m[0]), default=None)
        corrected_words.append(best[0] if best else word)
    corrected = " ".join(corrected_words) if corrected_words != words else None
    found: list[dict[str, Any]] = []
    if corrected:
        found = search(library, corrected, limit=limit, **filters)
    if not found and query.strip():
        near_titles = process.extract(
            query, library.titles(), scorer=fuzz.WRatio, score_cutoff=60, limit=limit
        )
        ids = [key for _, _, key in sorted(near_titles, key=lambda m: (-m[1], m[2]))]
        found = [dataclasses.asdict(library.paper(paper_id)) for paper_id in ids]
    papers = [{k: p[k] for k in ("id", "title", "year", "category")} for p in found]
    return Suggestions(corrected if found else None, papers)
