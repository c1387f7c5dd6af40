"""BibTeX and biblatex: papers out as .bib entries, .bib files (Zotero, Better BibTeX,
Mendeley, Google Scholar, papis, pubs, JabRef) in, through bibtexparser v2.

Out: one entry per paper, keyed by its citation key. The entry type is the one of the file
the paper was imported from, with its volume, number, publisher and ISBN, while its venue is
still the one they go with (venues.publication); else it follows what the venue text says
(formats.venues: a conference: @inproceedings, a journal: @article, a report: @techreport,
nothing or a preprint: @misc). The pages follow the venue text too; arXiv papers carry eprint,
archivePrefix and primaryClass (biblatex: eprinttype and eprintclass). Text fields go
through `latex.to_latex`, so LaTeX's special characters print as themselves (but the math
of a title or abstract, "$\\mathcal{O}(n^2)$" as read from LaTeX, is written as math); classic
BibTeX gets non-ASCII letters as accents in braces (which BibTeX reads as one letter),
biblatex gets UTF-8 (biber reads it). Titles are wrapped in a second pair of braces:
styles that lower-case titles keep them as stored. DOIs, URLs and eprints are verbatim
fields and are written as they are.

In: every entry with a title; arXiv ids from eprint (with archivePrefix/eprinttype arXiv
or none), arxiv/arxivid fields, an arXiv DOI (10.48550/arXiv.*), a URL, dblp's and Semantic
Scholar's journal = {CoRR} with volume = {abs/ID}, or an "arXiv:..." in the journal or note;
DOIs from doi or a URL that names one; pages; the entry type, volume, number, publisher and
ISBN, kept for the next export (Paper.publication). A url field may hold
several URLs (Mendeley): each is read for ids, the first kept. A howpublished that is a link
gives the URL, not a venue. Values are read as BibTeX reads them: @string macros (and the
months) resolved, "a" # {b} # macro joined; an entry with crossref takes the venue, year,
publisher and the like it lacks from the entry named (an @proceedings), which is not
imported itself. What cannot be read is reported with its line and skipped: a value
followed by anything but # (a missing comma), unbalanced braces or quotes.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from readinglist.formats import Entry, Export, Format, Reading, venues
from readinglist.formats.latex import from_latex, to_latex
from readinglist.formats.links import identifier_in_url
from readinglist.formats.names import is_whole, plain, split_name
from readinglist.identifiers import find_arxiv_ids, parse_acl_id, parse_arxiv_id, read_identifier

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bibtexparser.model import Entry as BibEntry

    from readinglist.library import Paper

# -- writing ---------------------------------------------------------------------------------

_ENTRY_TYPES = {venues.CONFERENCE: "inproceedings", venues.JOURNAL: "article",
                venues.REPORT: "techreport", venues.OTHER: "misc"}  # fmt: skip
# The entry types of classic BibTeX; the others a file may hold (biblatex's) as the nearest
# of these, and the classic ones as biblatex names them.
_CLASSIC = frozenset({"article", "book", "booklet", "inbook", "incollection", "inproceedings",
                      "manual", "mastersthesis", "misc", "phdthesis", "proceedings",
                      "techreport", "unpublished"})  # fmt: skip
_AS_CLASSIC = {"report": "techreport", "thesis": "phdthesis", "conference": "inproceedings",
               "mvbook": "book", "bookinbook": "inbook", "collection": "book",
               "mvcollection": "book", "reference": "book", "inreference": "incollection",
               "mvproceedings": "proceedings"}  # fmt: skip
_AS_BIBLATEX = {"techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis",
                "conference": "inproceedings", "www": "online", "electronic": "online"}  # fmt: skip
# biblatex's @thesis says which in its type field.
_THESIS_TYPES = {"phdthesis": "phdthesis", "mastersthesis": "mathesis"}
# The field that names the venue, by entry type (else howpublished).
_VENUE_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle",
                "inbook": "booktitle", "techreport": "institution", "report": "institution",
                "phdthesis": "school", "mastersthesis": "school",
                "thesis": "institution"}  # fmt: skip


def _entry_type(paper: Paper, publication: dict[str, str], *, biblatex: bool) -> tuple[str, str]:
    """The entry type of a paper's entry (the file's it came from, else what its venue text
    says) and the field that names its venue."""
    kind = publication.get("type") or _ENTRY_TYPES[venues.kind(paper.venue)]
    if biblatex:
        kind = _AS_BIBLATEX.get(kind, kind)
    else:
        kind = _AS_CLASSIC.get(kind, kind)
        kind = kind if kind in _CLASSIC else "misc"
    venue_field = _VENUE_FIELD.get(kind, "howpublished")
    if biblatex and venue_field in ("journal", "school"):
        venue_field = {"journal": "journaltitle", "school": "institution"}[venue_field]
    return kind, venue_field


def _fields(paper: Paper, *, biblatex: bool) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and the fields of a paper's entry, values as written in the file."""

    def text(value: str, *, math: bool = False) -> str:
        return to_latex(value, ascii_only=not biblatex, math=math)

    publication = venues.publication(paper)
    kind, venue_field = _entry_type(paper, publication, biblatex=biblatex)
    venue = venues.venue_name(paper.venue)
    fields: list[tuple[str, str]] = []
    if paper.authors:
        literal = set(paper.literal_authors)
        people = (_person(name, text, whole=name in literal) for name in paper.authors)
        fields.append(("author", " and ".join(people)))
    fields.append(("title", "{" + text(paper.title, math=True) + "}"))
    if venue:
        fields.append((venue_field, text(venue)))
    if biblatex and kind == "thesis":
        fields.append(("type", _THESIS_TYPES.get(str(publication.get("type")), "phdthesis")))
    if paper.year:
        fields.append(("year", str(paper.year)))
    for name in ("volume", "number", "publisher"):
        if publication.get(name):
            fields.append((name, text(publication[name])))
    pages = venues.pages_of(paper)
    if pages:
        fields.append(("pages", venues.bibtex_pages(pages)))
    if publication.get("isbn"):
        fields.append(("isbn", publication["isbn"]))
    if paper.doi:
        fields.append(("doi", paper.doi))
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None)
    if url:
        fields.append(("url", url))
    if paper.arxiv_id:
        fields.append(("eprint", paper.arxiv_id))
        if biblatex:
            fields.append(("eprinttype", "arxiv"))
            if paper.arxiv_categories:
                fields.append(("eprintclass", paper.arxiv_categories[0]))
        else:
            fields.append(("archivePrefix", "arXiv"))
            if paper.arxiv_categories:
                fields.append(("primaryClass", paper.arxiv_categories[0]))
    if paper.abstract:
        fields.append(("abstract", text(paper.abstract, math=True)))
    return kind, fields


def _person(name: str, text: Any, *, whole: bool = False) -> str:
    """One name of an author list. A name that is one name (`whole`: an organisation), or
    that holds a comma or the word "and", is braced: BibTeX would split it into given and
    family names, read the comma as "Last, First" and the "and" as two people. A name with
    a suffix is written "von Last, Jr, First", the one way BibTeX reads the suffix."""
    if whole or is_whole(name):
        return "{" + text(name) + "}"
    parts = split_name(name)
    if parts is not None and parts.jr and parts.first:
        return f"{text(parts.family)}, {text(parts.jr)}, {text(parts.first)}"
    return text(name)


def write_bibtex(export: Export) -> str:
    return _write(export, biblatex=False)


def write_biblatex(export: Export) -> str:
    return _write(export, biblatex=True)


def _write(export: Export, *, biblatex: bool) -> str:
    import bibtexparser
    from bibtexparser.library import Library as BibLibrary
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import Field
    from bibtexparser.writer import BibtexFormat

    library = BibLibrary()
    for paper in export.papers:
        kind, fields = _fields(paper, biblatex=biblatex)
        key = export.keys[paper.id]
        library.add(BibEntry(kind, key, [Field(name, value) for name, value in fields]))
    layout = BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    return str(bibtexparser.write_string(library, bibtex_format=layout))


# -- reading ---------------------------------------------------------------------------------

# Fields whose value is verbatim (biber's own rule): no accents to resolve, only the
# escapes some exporters put in them (10.1000/a\_b).
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$])")
# Fields, in order of preference, that name the venue.
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "eventtitle", "institution", "school",
                 "organization", "howpublished")  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")  # also in "2017a" and "2014-07-25"
_LINK = re.compile(r"\\(?:href|url)\s*\{([^{}]*)\}")
_ONE_URL = re.compile(r"^https?://\S+$")
_LINE_END = re.compile(r"\r\n?")
_ARXIV_VOLUME = re.compile(r"^abs/(\S+)$")


def read(text: str) -> Reading:
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, String

    # A file saved on Windows: its \r\n would stay inside multi-line values (abstracts).
    text = _LINE_END.sub("\n", text)
    with _quiet_parser():
        # No middleware: the values as written, read by _value as BibTeX reads them.
        parsed = bibtexparser.parse_string(text, parse_stack=[])
    reading = Reading()
    # bibtexparser counts lines from 0.
    entries: list[tuple[int, BibEntry]] = [((e.start_line or 0) + 1, e) for e in parsed.entries]
    strings = list(parsed.strings)
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock) and block.raw:
            # Two entries with one key (Google Scholar exports do this): both are papers;
            # the second one's key is made unique when it is stored. Of two @strings with
            # one name, the later one counts, as in BibTeX.
            with _quiet_parser():
                again = bibtexparser.parse_string(block.raw, parse_stack=[])
            entries.extend((line, e) for e in again.entries)
            strings += [String(s.key, s.value, start_line=block.start_line) for s in again.strings]
            continue
        reading.problems.append((line, f"not a readable BibTeX entry: {_reason(block)}"))
    # In file order: an @string counts for the entries below it, as in BibTeX.
    blocks: list[tuple[int, BibEntry | String]] = sorted(
        [*entries, *(((s.start_line or 0) + 1, s) for s in strings)], key=lambda found: found[0]
    )
    macros = dict(_MONTHS)
    rows: list[tuple[int, str, str, dict[str, str]]] = []
    for line, item in blocks:
        try:
            if isinstance(item, String):
                macros[item.key.lower()] = _value(item.value, macros)
                continue
            values = {f.key.lower(): _value(f.value, macros) for f in item.fields
                      if isinstance(f.value, str)}  # fmt: skip
        except _Malformed as e:
            what = f"@string '{item.key}'" if isinstance(item, String) else f"entry '{item.key}'"
            reading.problems.append((line, f"{what} is malformed: {e}; skipped."))
            continue
        rows.append((line, item.key, item.entry_type.lower(), values))
    # crossref = {icml2019}: the entry takes what it lacks of where it appeared from that
    # entry (its @proceedings), which is no paper of its own, unless it names another
    # itself (a file's mistake: then both are papers).
    by_key = {key.lower(): values for _, key, _, values in rows}
    named = [_verbatim(values.get("crossref", "")).lower() for _, _, _, values in rows]
    children = {row[1].lower() for row, parent in zip(rows, named, strict=True) if parent}
    parents = set(named) - children - {""}
    for (line, key, kind, values), parent_key in zip(rows, named, strict=True):
        if key.lower() in parents:
            continue
        parent = by_key.get(parent_key) if parent_key != key.lower() else None
        try:
            whole = _inherit(values, parent) if parent else values
            reading.entries.append(_entry(key, whole, line, kind))
        except ValueError as e:
            reading.problems.append((line, str(e)))
    reading.problems.sort()
    return reading


# BibTeX's styles define the months; a file's @strings define the rest.
_MONTHS = {name[:3].lower(): name for name in ("January", "February", "March", "April", "May",
           "June", "July", "August", "September", "October", "November", "December")}  # fmt: skip
# What an entry takes from the entry it names in crossref: where and when it appeared (an
# @proceedings' title is its papers' booktitle), never what is the paper's own (title,
# authors, ids, pages, abstract).
_INHERITED = ("booktitle", "journal", "journaltitle", "eventtitle", "year", "date", "month",
              "publisher", "address", "location", "editor", "series", "volume", "number",
              "organization", "institution", "school", "howpublished", "isbn", "issn")  # fmt: skip


def _inherit(values: dict[str, str], parent: dict[str, str]) -> dict[str, str]:
    inherited = {name: parent[name] for name in _INHERITED if parent.get(name)}
    if parent.get("title"):
        inherited.setdefault("booktitle", parent["title"])
    return {**inherited, **{name: value for name, value in values.items() if value}}


class _Malformed(ValueError):
    """A field value BibTeX would not read as written."""


# A macro name (@string) or a number: what BibTeX takes unquoted, unbraced.
_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_BRACE = re.compile(r"(?<!\\)[{}]")  # as bibtexparser's splitter counts them: \{ is no brace
_BRACE_OR_QUOTE = re.compile(r'(?<!\\)[{}"]')


def _value(raw: str, strings: dict[str, str]) -> str:
    """A field value as BibTeX reads it: {braced} or "quoted" text, a number, or an @string
    macro's name, or several of them joined by # (concatenation); the macros resolved from
    `strings` (lower-case names; an unknown one stays as its name). Anything else after a
    value means a comma is missing: `title = {A}` then `author = {B}` on the next line reads
    as one value, which is refused rather than stored as the title "A author = B"."""
    if raw[:1] == "{" and raw[-1:] == "}":  # by far the commonest value
        inner = raw[1:-1]
        plain = "{" not in inner and "}" not in inner and inner[-1:] != "\\"
        if plain or _closing_brace(raw, 0) == len(raw) - 1:
            return inner
    if raw.isdigit():
        return raw
    parts: list[str] = []
    at = _skip_space(raw, 0)
    while at < len(raw):
        if raw[at] == "{":
            end = _closing_brace(raw, at)
            parts.append(raw[at + 1 : end])
        elif raw[at] == '"':
            end = _closing_quote(raw, at)
            parts.append(raw[at + 1 : end])
        else:
            name = _NAME.match(raw, at)
            if name is None:
                raise _Malformed(f"unexpected {_shown(raw[at:])}")
            end = name.end() - 1
            parts.append(strings.get(name.group().lower(), name.group()))
        at = _skip_space(raw, end + 1)
        if at == len(raw):
            break
        if raw[at] != "#":
            raise _Malformed(f"no comma before {_shown(raw[at:])}")
        at = _skip_space(raw, at + 1)
        if at == len(raw):
            raise _Malformed(f"nothing after the # in {_shown(raw)}")
    return "".join(parts)


def _skip_space(raw: str, at: int) -> int:
    while at < len(raw) and raw[at].isspace():
        at += 1
    return at


def _closing_brace(raw: str, start: int) -> int:
    """Where the brace opened at `start` closes."""
    depth = 0
    for mark in _BRACE.finditer(raw, start):
        depth += 1 if mark.group() == "{" else -1
        if depth == 0:
            return mark.start()
    raise _Malformed(f"a brace is not closed in {_shown(raw)}")


def _closing_quote(raw: str, start: int) -> int:
    """Where the quote opened at `start` closes (a quote inside braces is text: {"})."""
    depth = 0
    for mark in _BRACE_OR_QUOTE.finditer(raw, start + 1):
        if mark.group() == '"' and depth == 0:
            return mark.start()
        depth += {"{": 1, "}": -1}.get(mark.group(), 0)
    raise _Malformed(f"a quote is not closed in {_shown(raw)}")


def _shown(text: str) -> str:
    shown = " ".join(text.split())
    return f"'{shown[:40]}...'" if len(shown) > 40 else f"'{shown}'"


def _entry(key: str, values: dict[str, str], line: int, kind: str = "misc") -> Entry:
    title = " ".join(from_latex(values.get("title", "")).split())
    if not title:
        raise ValueError(f"entry '{key}' has no title; skipped.")
    fields: dict[str, Any] = {"title": title}
    authors, literal = _people(values.get("author", ""))
    if authors:
        fields["authors"] = authors
    if literal:
        fields["literal_authors"] = literal
    year = _YEAR.search(values.get("year") or values.get("date") or "")
    if year:
        fields["year"] = int(year.group(1))
    venue = " ".join(from_latex(next((values[k] for k in _VENUE_FIELDS if values.get(k)), ""))
                     .split())  # fmt: skip
    # Mendeley writes several URLs into one field, separated by spaces.
    urls = _verbatim(values.get("url", "")).split()
    urls += _linked(values)
    if _ONE_URL.match(venue):  # howpublished = {\url{https://...}}: where, not in what
        urls.append(venue)
        venue = ""
    if venues.PREPRINT.match(venue):
        venue = ""
    fields.update(venues.venue_and_pages(venue, values.get("pages")))
    abstract = from_latex(values.get("abstract", "")).strip()
    if abstract:
        fields["abstract"] = abstract
    if urls:
        fields["url"] = urls[0]
    ids = _identifiers(values, urls)
    fields.update(ids)
    category = values.get("primaryclass") or values.get("eprintclass")
    if category and "arxiv_id" in fields:
        fields["arxiv_categories"] = [_verbatim(category)]
    # How it was published, with the venue that goes with it (the venue text as stored).
    publication = {"type": kind, "venue": fields.get("venue", "")}
    for name in ("volume", "number", "publisher", "isbn"):
        publication[name] = " ".join(from_latex(values.get(name, "")).split())
    if _ARXIV_VOLUME.match(publication["volume"]):  # dblp's abs/2301.00010: an arXiv id
        publication["volume"] = ""
    fields["publication"] = {name: value for name, value in publication.items() if value}
    return Entry(line=line, fields=fields, citation_key=key or None)


def _linked(values: dict[str, str]) -> list[str]:
    """The URLs links in howpublished point at (\\href{URL}{text}, \\url{URL}): where the
    work was published. (A link in a note is as often to its code or data.)"""
    return [_verbatim(found.group(1)) for found in _LINK.finditer(values.get("howpublished", ""))]


def _identifiers(values: dict[str, str], urls: list[str]) -> dict[str, Any]:
    """The paper's arXiv id, DOI and ACL Anthology id, wherever the entry has them."""
    found: dict[str, Any] = {}
    doi_text = _verbatim(values.get("doi", ""))
    doi_id = read_identifier(doi_text) if doi_text else None
    in_urls = [ident for ident in map(identifier_in_url, urls) if ident is not None]
    url_doi = next((ident for ident in in_urls if ident.scheme == "doi"), None)
    url_arxiv = next((ident for ident in in_urls if ident.scheme == "arxiv"), None)
    if doi_id is None:
        doi_id = url_doi
    arxiv = None
    prefix = _verbatim(values.get("archiveprefix") or values.get("eprinttype") or "").lower()
    eprint = _verbatim(values.get("eprint", ""))
    if eprint and prefix in ("", "arxiv"):
        arxiv = parse_arxiv_id(eprint)
    for name in ("arxiv", "arxivid", "arxiv_id"):
        if arxiv is None and values.get(name):
            arxiv = parse_arxiv_id(_verbatim(values[name]))
    if arxiv is None and doi_id is not None and doi_id.scheme == "arxiv":
        arxiv = parse_arxiv_id(doi_id.value)
    if arxiv is None and url_arxiv is not None:
        arxiv = parse_arxiv_id(url_arxiv.value)
    # dblp and Semantic Scholar: journal = {CoRR} (or {ArXiv}), volume = {abs/2301.00010}.
    volume = _ARXIV_VOLUME.match(_verbatim(values.get("volume", "")))
    if arxiv is None and volume and venues.PREPRINT.match(_verbatim(values.get("journal", ""))):
        arxiv = parse_arxiv_id(volume.group(1))
    for name in ("journal", "note", "howpublished", "eprint"):
        if arxiv is None and values.get(name):
            cited = find_arxiv_ids(values[name])
            arxiv = cited[0] if cited else None
    if arxiv is not None:
        found["arxiv_id"] = str(arxiv)
    if doi_id is not None and doi_id.scheme == "doi":
        found["doi"] = doi_id.value
    acl = next(filter(None, map(parse_acl_id, urls)), None)
    if acl:
        found["ids"] = {"acl": acl}
    return found


def _people(value: str) -> tuple[list[str], list[str]]:
    """The names of an author list, each as "First von Last Jr" in plain text, and those of
    them braced whole ({World Health Organization}): one name, not a person's. Names are
    split on the LaTeX as written, so a braced "{Barnes and Noble}" stays one name."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    people: list[str] = []
    literal: list[str] = []
    for raw in split_multiple_persons_names(" ".join(value.split())) if value.strip() else []:
        name = _plain_name(raw)
        if name and name.lower() != "others":  # "and others" is BibTeX for "et al."
            people.append(name)
            if raw[:1] == "{" and _closing_brace(raw, 0) == len(raw) - 1 and name not in literal:
                literal.append(name)
    return people, literal


@lru_cache(maxsize=65536)
def _plain_name(raw: str) -> str:
    """One name as written in a .bib file, as plain text (co-authors repeat across a
    library: each is split and decoded once)."""
    parts = split_name(raw)
    return " ".join(from_latex(plain(parts) if parts else raw).split())


def _verbatim(value: str) -> str:
    return _VERBATIM_ESCAPE.sub(r"\1", value).replace("{", "").replace("}", "").strip()


def _reason(block: Any) -> str:
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error or "") or "unreadable"
    return " ".join(str(reason).split())


@contextmanager
def _quiet_parser() -> Iterator[None]:
    """bibtexparser logs every block it cannot read; rl reports them itself, with lines."""
    logger = logging.getLogger("bibtexparser")  # its modules' loggers inherit its level
    was = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(was)


BIBTEX = Format(
    name="bibtex",
    description="BibTeX (.bib), for LaTeX with natbib or plain BibTeX styles",
    suffixes=(".bib", ".bibtex"),
    write=write_bibtex,
    read=read,
    cites_by_key=True,
)
BIBLATEX = Format(
    name="biblatex",
    description="biblatex (.bib, UTF-8), for LaTeX with biber",
    suffixes=(".bib",),
    write=write_biblatex,
    read=read,
    cites_by_key=True,
)
