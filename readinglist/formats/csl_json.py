"""CSL JSON: what Zotero exports and what Pandoc and citeproc read (https://citeproc-js.
readthedocs.io/en/latest/csl-json/markup.html).

Out: one item per paper, its `id` the citation key (Pandoc cites [@id]). arXiv papers
without a venue are preprints as Zotero writes them (publisher "arXiv", number
"arXiv:ID", the arXiv DOI when no other is known); others are of the type of the file they
were imported from (with its volume, issue, publisher and ISBN, while the venue is still
theirs), else articles, conference papers or reports as their venue says. Names are split
as BibTeX splits them (given, particle, family); organisations are literal names.

In: a JSON list of items, or one item (what doi.org answers for a DOI asked for
application/vnd.citationstyles.csl+json). arXiv ids come from the DOI (10.48550/arXiv.*),
the URL, the number or the note ("arXiv: 1401.2910", as Zotero keeps it); DOIs from DOI or
a doi.org URL; the type (as BibTeX's entry type), volume, issue, publisher and ISBN kept for
the next export. Titles lose CSL's rich-text tags (<i>, <b>, <sup>, <span class="nocase">).
"""

from __future__ import annotations

import json
import re
from typing import Any

from readinglist.formats import Entry, Export, Format, Reading, venues
from readinglist.formats.citekeys import is_citable
from readinglist.formats.links import identifier_in_url
from readinglist.formats.names import is_whole, split_name
from readinglist.identifiers import find_arxiv_ids, parse_arxiv_id, read_identifier
from readinglist.library import Paper

_CSL_TYPES = {
    venues.CONFERENCE: "paper-conference",
    venues.JOURNAL: "article-journal",
    venues.REPORT: "report",
    venues.OTHER: "article",  # CSL's type for a preprint or any other document
}
# Entry types (BibTeX's, as a paper keeps the one of the file it came from) as CSL's, and
# back. CSL's "article" is a preprint or any other document: BibTeX's @misc.
_FROM_ENTRY_TYPE = {"article": "article-journal", "inproceedings": "paper-conference",
                    "conference": "paper-conference", "incollection": "chapter",
                    "inbook": "chapter", "book": "book", "mvbook": "book", "collection": "book",
                    "proceedings": "book", "techreport": "report", "report": "report",
                    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
                    "unpublished": "manuscript", "online": "webpage",
                    "misc": "article"}  # fmt: skip
_TO_ENTRY_TYPE = {"article-journal": "article", "article-magazine": "article",
                  "article-newspaper": "article", "paper-conference": "inproceedings",
                  "chapter": "incollection", "book": "book", "report": "techreport",
                  "thesis": "phdthesis", "manuscript": "unpublished", "webpage": "online",
                  "article": "misc"}  # fmt: skip
# The types whose venue is their publisher: an institution, a university.
_PUBLISHED_BY = ("report", "thesis")
# CSL's rich text: the only tags it knows (https://citeproc-js.readthedocs.io, "Rich text").
_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span(?:\s+(?:class|style)=\"[^\"]*\")?)\s*>", re.I)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_LINE_END = re.compile(r"\r\n?")  # Windows' and old Macs' line ends, in an abstract


# -- writing ---------------------------------------------------------------------------------


def _item(paper: Paper, key: str) -> dict[str, Any]:
    publication = venues.publication(paper)
    kind = _FROM_ENTRY_TYPE.get(publication.get("type", "")) or _CSL_TYPES[venues.kind(paper.venue)]
    item: dict[str, Any] = {"id": key, "citation-key": key, "type": kind,
                            "title": paper.title}  # fmt: skip
    if paper.authors:
        literal = set(paper.literal_authors)
        item["author"] = [{"literal": name} if name in literal else _person(name)
                          for name in paper.authors]  # fmt: skip
    if paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    venue = venues.venue_name(paper.venue)
    if venue:
        item["publisher" if kind in _PUBLISHED_BY else "container-title"] = venue
    for name, csl_name in (("volume", "volume"), ("number", "issue"), ("publisher", "publisher"),
                           ("isbn", "ISBN")):  # fmt: skip
        if publication.get(name):
            item.setdefault(csl_name, publication[name])
    pages = venues.pages_of(paper)
    if pages:
        item["page"] = pages
    doi = paper.doi
    if paper.arxiv_id and not venue:
        # A preprint, as Zotero writes one; arXiv's DOI names the preprint, not a later
        # published version, so it stands in only when no other is known.
        item.update(publisher="arXiv", number=f"arXiv:{paper.arxiv_id}")
        doi = doi or f"10.48550/arXiv.{paper.arxiv_id}"
    if doi:
        item["DOI"] = doi
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None)
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def _person(name: str) -> dict[str, str]:
    """A name as CSL wants it: given, particle and family apart; a one-word name (OpenAI)
    or one BibTeX rules cannot split is a literal."""
    parts = None if is_whole(name) else split_name(name)
    if parts is None or not (parts.first or parts.von):
        return {"literal": name}
    person = {"family": parts.last}
    if parts.first:
        person["given"] = parts.first
    if parts.von:
        person["non-dropping-particle"] = parts.von
    if parts.jr:
        person["suffix"] = parts.jr
    return person


def write(export: Export) -> str:
    items = [_item(p, export.keys[p.id]) for p in export.papers]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- reading ---------------------------------------------------------------------------------


def read(text: str) -> Reading:
    """The items of a CSL JSON list, each with the line it starts on."""
    reading = Reading()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        reading.problems.append((e.lineno, f"not valid JSON ({e.msg}); nothing was read."))
        return reading
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]  # CSL JSON as some tools wrap it: {"items": [...]}
    elif isinstance(data, dict):
        data = [data]  # one item, as doi.org's content negotiation gives it
    if not isinstance(data, list):
        reading.problems.append((1, "not CSL JSON: expected a list of items or one item."))
        return reading
    lines = _item_lines(text, len(data)) if text.lstrip().startswith("[") else [1] * len(data)
    for line, item in zip(lines, data, strict=True):
        try:
            reading.entries.append(_entry(item, line))
        except ValueError as e:
            reading.problems.append((line, str(e)))
    return reading


def _item_lines(text: str, count: int) -> list[int]:
    """The line each item of a top-level list starts on."""
    decoder = json.JSONDecoder()
    lines = []
    index = text.index("[") + 1
    for _ in range(count):
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        lines.append(text.count("\n", 0, index) + 1)
        try:
            _, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            return [1] * count
    return lines


def _entry(item: Any, line: int) -> Entry:
    if not isinstance(item, dict):
        raise ValueError("not a CSL item (an object with a title); skipped.")
    title = _plain(item.get("title"))
    if not title:
        raise ValueError(f"item '{item.get('id', '?')}' has no title; skipped.")
    fields: dict[str, Any] = {"title": title}
    named = item.get("author") or []
    if not isinstance(named, list):
        raise ValueError(f"item '{item.get('id', '?')}' has an author that is no list of names; "
                         "skipped.")  # fmt: skip
    people = [p for p in named if isinstance(p, dict)]
    authors = [_name(p) for p in people]
    if any(authors):
        fields["authors"] = [a for a in authors if a]
    literal = [name for name, p in zip(authors, people, strict=True) if name and p.get("literal")]
    if literal:
        fields["literal_authors"] = list(dict.fromkeys(literal))
    year = _year(item.get("issued"))
    if year:
        fields["year"] = year
    venue = _plain(item.get("container-title") or item.get("event") or item.get("event-title"))
    publisher = _plain(item.get("publisher"))
    if not venue and item.get("type") in _PUBLISHED_BY:
        venue, publisher = publisher, ""
    if venues.PREPRINT.match(venue):
        venue = ""
    fields.update(venues.venue_and_pages(venue, str(item.get("page") or "")))
    abstract = _plain(item.get("abstract"), one_line=False)
    if abstract:
        fields["abstract"] = abstract
    url = str(item.get("URL") or "").strip()
    if url:
        fields["url"] = url
    fields.update(_identifiers(item, url))
    # How it was published, with the venue that goes with it. arXiv is no publisher of a
    # paper (Zotero writes it as one for a preprint).
    publication = {"type": _TO_ENTRY_TYPE.get(str(item.get("type")), ""),
                   "venue": fields.get("venue", ""), "volume": _number(item.get("volume")),
                   "number": _number(item.get("issue")),
                   "publisher": "" if publisher.lower() == "arxiv" else publisher,
                   "isbn": _number(item.get("ISBN"))}  # fmt: skip
    fields["publication"] = {name: value for name, value in publication.items() if value}
    key = item.get("citation-key") or item.get("id")
    # Zotero's own ids are URIs or numbers, not keys anyone cites by.
    usable = isinstance(key, str) and is_citable(key) and "/" not in key
    return Entry(line=line, fields=fields, citation_key=key if usable else None)


def _identifiers(item: dict[str, Any], url: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    doi_text = str(item.get("DOI") or "").strip()
    ident = read_identifier(doi_text) if doi_text else None
    if ident is None and url:
        ident = identifier_in_url(url)
    arxiv = parse_arxiv_id(ident.value) if ident is not None and ident.scheme == "arxiv" else None
    for name in ("number", "note", "archive_location", "container-title"):
        text = str(item.get(name) or "")
        if arxiv is None and text:
            cited = find_arxiv_ids(text)
            arxiv = cited[0] if cited else parse_arxiv_id(text)
    if arxiv is not None:
        found["arxiv_id"] = str(arxiv)
    if ident is not None and ident.scheme == "doi":
        found["doi"] = ident.value
    return found


def _name(person: dict[str, Any]) -> str:
    if person.get("literal"):
        return " ".join(str(person["literal"]).split())
    parts = [person.get("given"), person.get("dropping-particle"),
             person.get("non-dropping-particle"), person.get("family")]  # fmt: skip
    name = " ".join(str(p) for p in (*parts, person.get("suffix")) if p)
    return " ".join(name.split())


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                return int(parts[0][0])
            except (TypeError, ValueError):
                return None
        found = _YEAR.search(str(issued.get("raw") or issued.get("literal") or ""))
        return int(found.group(1)) if found else None
    found = _YEAR.search(str(issued or ""))
    return int(found.group(1)) if found else None


def _number(value: Any) -> str:
    """A volume, issue or ISBN: text or a number (CSL allows both), else nothing."""
    return _plain(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _plain(value: Any, *, one_line: bool = True) -> str:
    text = _MARKUP.sub("", str(value or ""))
    return " ".join(text.split()) if one_line else _LINE_END.sub("\n", text).strip()


FORMAT = Format(
    name="csl-json",
    description="CSL JSON (.json), for Zotero, Pandoc and citeproc",
    suffixes=(".json", ".csl.json"),
    write=write,
    read=read,
    cites_by_key=True,
)
