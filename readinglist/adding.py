"""Adding a paper, and resolving a stored one again: a pipeline whose stages only go forward.

    read the input  ->  gather  ->  decide  ->  save

- read the input (`read_input`, `read_pdf_input`): what the user gave (a title, an arXiv id
  or URL; a PDF's printed id and title) and their own fields, checked once, before any
  request is spent: the category exists, the status and the note are valid, the paper is not
  stored already.
- gather: the records the sources give for it, asked in order. Sources only fetch; their
  answers are cached for a day through the Library. A network failure is kept, not raised.
- decide: readinglist.matching, pure; at a terminal the face's `choose` settles an unsure
  match.
- save: one transaction through the Library: the paper, its first note, its PDF (file and
  text). All or nothing.

Nothing the user typed is lost: when no source can be reached, or the match is unsure, the
paper is stored unresolved, to be settled later with `rl resolve`, which runs the same
gather and decide on a stored paper.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.errors import Duplicate, InvalidInput, NetworkError, NotFound
from readinglist.identifiers import PaperId, parse_arxiv_id, read_identifier
from readinglist.library import check_title
from readinglist.matching import (
    RESOLVED,
    UNSURE,
    ParsedTitle,
    Resolution,
    decide,
    key_words,
    normalise_title,
    parse_title,
)
from readinglist.sources import MetadataSource, PaperRecord, make_sources

if TYPE_CHECKING:
    from readinglist.attach import Attached, PdfFile
    from readinglist.library import Library, Paper

# One page of results: the right paper is near the top when a source has it.
SEARCH_LIMIT = 25
# How long a source's answer is reused: adding a title, then settling it with
# `rl resolve N --pick 2`, asks the source once.
CACHE_MAX_AGE = timedelta(days=1)

# Shown the candidates of an unsure resolution, returns the index of the right one, or None
# when none is. The face passes one that asks the user; without it nothing is asked.
Chooser = Callable[[Resolution], int | None]


@dataclass(frozen=True)
class Request:
    """What to add, as read from the user's input."""

    text: str  # as typed, on one line
    fields: dict[str, Any]  # the user's own fields, checked: they win over every source
    ident: PaperId | None = None  # the identifier typed, or printed in the PDF
    parsed: ParsedTitle | None = None  # the title typed, or printed in the PDF
    note: str | None = None
    # What the PDF says about the paper, stored when no source gives a record.
    fallback: dict[str, Any] = field(default_factory=dict)
    pdf: PdfFile | None = None  # attached with the paper


@dataclass(frozen=True)
class Gathered:
    """What the sources answered: records for an identifier or a title."""

    records: list[PaperRecord]
    by_id: bool  # the records answer an identifier (not a title search)
    error: NetworkError | None = None  # no source could be asked


@dataclass(frozen=True)
class Outcome:
    paper: Paper  # as stored now
    resolution: Resolution | None = None  # what was decided (None: nothing was looked up)
    error: NetworkError | None = None  # why the paper stayed unresolved, when sources failed
    declined: bool = False  # the user was shown the candidates and chose none
    attached: Attached | None = None  # the PDF stored with the paper


# -- the pipeline ----------------------------------------------------------------------------


def add(
    library: Library,
    text: str,
    fields: Mapping[str, Any],
    *,
    note: str | None = None,
    offline: bool = False,
    force: bool = False,
    sources: Sequence[MetadataSource] | None = None,
    choose: Chooser | None = None,
) -> Outcome:
    """Add a paper from a title or an identifier (an arXiv id or URL).

    `fields` are what the user gave besides (category, label, status, year, authors, venue,
    url, doi); they win over every source. An identifier no source knows raises NotFound and
    stores nothing; `offline` stores what was given without asking any source."""
    request = read_input(library, text, fields, note=note, force=force, offline=offline)
    return _run(library, request, offline=offline, force=force, sources=sources, choose=choose)


def add_pdf(
    library: Library,
    path: Path,
    fields: Mapping[str, Any],
    *,
    note: str | None = None,
    offline: bool = False,
    force: bool = False,
    sources: Sequence[MetadataSource] | None = None,
    choose: Chooser | None = None,
) -> Outcome:
    """Add a paper from its PDF, and attach the PDF to it.

    The identifier the PDF prints is looked up; without one (or one no source knows) the
    title it prints is resolved like a typed title. When no source gives a record, what the
    PDF says is stored: its title, authors and abstract (source 'pdf'). A PDF that cannot be
    read raises UnreadablePdf and stores nothing."""
    request = read_pdf_input(library, path, fields, note=note, force=force)
    return _run(library, request, offline=offline, force=force, sources=sources, choose=choose)


def _run(
    library: Library,
    request: Request,
    *,
    offline: bool,
    force: bool,
    sources: Sequence[MetadataSource] | None,
    choose: Chooser | None,
) -> Outcome:
    if offline:
        return save(library, request, None, force=force)
    chain = make_sources() if sources is None else sources
    gathered = gather(library, request, chain)
    decision = decide_request(request, gathered, choose)
    return save(library, request, decision, force=force)


# -- read the input ----------------------------------------------------------------------------


def read_input(
    library: Library,
    text: str,
    fields: Mapping[str, Any],
    *,
    note: str | None = None,
    force: bool = False,
    offline: bool = False,
) -> Request:
    """The user's text and options, checked. An identifier stays one; a title is parsed for
    the label prefixes around it ("(2017)", "(GPT2)")."""
    text = " ".join(text.split())
    if offline:
        # Stored exactly as given: the typed text is the title.
        return Request(check_title(text), {"title": text, **_given(fields)}, note=note)
    ident = read_identifier(text)
    parsed = None if ident is not None else parse_title(text)
    # Checked now, before a request is spent on it. (Saving checks the record a source gave,
    # which may name a stored paper under another title.)
    checked = library.check_new_paper(
        _given(fields),
        title=parsed.title if parsed is not None else text,
        arxiv_id=_unversioned(ident),
        note=note,
        force=force,
    )
    return Request(text, checked, ident=ident, parsed=parsed, note=note)


def read_pdf_input(
    library: Library,
    path: Path,
    fields: Mapping[str, Any],
    *,
    note: str | None = None,
    force: bool = False,
) -> Request:
    """A PDF and the user's options: the id and title it prints, and what it says about the
    paper (title, authors, abstract) to store when no source has a record."""
    from readinglist.attach import read_pdf

    # The user's fields first: a typo fails before the PDF is read.
    checked = library.check_new_paper(_given(fields), note=note)
    pdf = read_pdf(path)
    extract = pdf.extract
    title = extract.title or checked.get("label")
    if not title:
        raise InvalidInput(
            f'found no title in {path}. Give it with --label "TITLE" (it is looked up), or add '
            f'the paper by title and attach the PDF: rl add "TITLE" --cat C, then '
            f"rl pdf REF {path}"
        )
    if not force:
        library.refuse_duplicate(extract.arxiv_id, title)
    fallback: dict[str, Any] = {"title": title, "label": title, "metadata_source": "pdf"}
    if extract.authors:
        fallback["authors"] = extract.authors
    if extract.abstract:
        fallback.update(abstract=extract.abstract, abstract_source="pdf")
    ident = None
    if extract.arxiv_id:
        version = f"v{extract.arxiv_version}" if extract.arxiv_version else ""
        ident = PaperId("arxiv", extract.arxiv_id + version)
        fallback.update(arxiv_id=extract.arxiv_id, version=extract.arxiv_version)
    return Request(title, checked, ident=ident, parsed=parse_title(title), note=note,
                   fallback=fallback, pdf=pdf)  # fmt: skip


def _given(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _unversioned(ident: PaperId | None) -> str | None:
    """The arXiv id an identifier names, without its version (how papers store it)."""
    if ident is None or ident.scheme != "arxiv":
        return None
    arxiv = parse_arxiv_id(ident.value)
    return arxiv.id if arxiv else None


# -- gather ----------------------------------------------------------------------------------


def gather(library: Library, request: Request, sources: Sequence[MetadataSource]) -> Gathered:
    """The records the sources give for the request: the identifier's paper, else papers
    whose title may be the request's (first every word of the title; then, without a
    nickname such as "GPT3"; then its longest words, in case one is misspelt)."""
    if request.ident is not None:
        found = _lookup(library, request.ident, sources)
        if found.records or found.error or request.parsed is None:
            return found
        # No source knows the id a PDF prints (misread, withdrawn): its title may be found.
    assert request.parsed is not None
    parsed = request.parsed
    found = _search(library, parsed.title, sources)
    if not found.records and not found.error and parsed.nickname:
        found = _search(library, parsed.readings[1], sources)
    if not found.records and not found.error:
        fallback = key_words(parsed.title)
        if fallback:
            found = _search(library, fallback, sources)
    return found


def _lookup(library: Library, ident: PaperId, sources: Sequence[MetadataSource]) -> Gathered:
    able = [s for s in sources if ident.scheme in s.schemes]
    errors: list[NetworkError] = []
    for source in able:
        try:
            records = _ask(library, source, f"id:{ident}", _lookup_in(source, ident))
        except NetworkError as e:
            errors.append(e)
            continue
        if records:
            return Gathered(records, by_id=True)
    error = errors[0] if errors and len(errors) == len(able) else None
    return Gathered([], by_id=True, error=error)


def _search(library: Library, title: str, sources: Sequence[MetadataSource]) -> Gathered:
    records: list[PaperRecord] = []
    errors: list[NetworkError] = []
    key = f"title:{SEARCH_LIMIT}:{normalise_title(title)}"
    for source in sources:
        try:
            records += _ask(library, source, key, _search_in(source, title))
        except NetworkError as e:
            errors.append(e)
    error = errors[0] if errors and len(errors) == len(sources) else None
    return Gathered(records, by_id=False, error=error)


def _lookup_in(source: MetadataSource, ident: PaperId) -> Callable[[], list[PaperRecord]]:
    def ask() -> list[PaperRecord]:
        record = source.lookup(ident)
        return [record] if record is not None else []

    return ask


def _search_in(source: MetadataSource, title: str) -> Callable[[], list[PaperRecord]]:
    return lambda: source.search_title(title, SEARCH_LIMIT)


def _ask(
    library: Library,
    source: MetadataSource,
    key: str,
    ask: Callable[[], list[PaperRecord]],
) -> list[PaperRecord]:
    """`source`'s answer to `key`: from the cache when it answered within CACHE_MAX_AGE, else
    asked (and cached, with each record of a search also answering a lookup of its ids, so a
    later --pick costs no request). Failures are not cached."""
    if not source.cacheable:
        return ask()
    cached = library.cached_answer(source.name, key, CACHE_MAX_AGE)
    if cached is not None:
        return [PaperRecord.from_dict(d) for d in cached]
    records = ask()
    answers = {key: [r._asdict() for r in records]}
    for r, data in zip(records, answers[key], strict=True):
        ids = {"arxiv": r.arxiv_id, "doi": r.doi, **dict(r.ids)}
        for scheme in source.schemes:
            if ids.get(scheme):
                answers[f"id:{scheme}:{ids[scheme]}"] = [data]
    library.cache_answers(source.name, answers, CACHE_MAX_AGE)
    return records


# -- decide ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    resolution: Resolution | None  # None: the sources could not be asked (gathered.error)
    record: PaperRecord | None  # the record to store
    declined: bool = False  # the user was shown the candidates and chose none
    error: NetworkError | None = None
    by_id: bool = False  # the record is the one an identifier names


def decide_request(request: Request, gathered: Gathered, choose: Chooser | None) -> Decision:
    """Which record is the paper: the one an identifier names, or the matcher's choice among
    a title's candidates (the user's, when unsure and `choose` is given)."""
    if gathered.error is not None:
        return Decision(None, None, error=gathered.error)
    if gathered.by_id:
        assert request.ident is not None
        if not gathered.records:
            raise NotFound(f"{_no_paper(request.ident)}. Check the id; nothing was stored.")
        named = gathered.records[0]
        found = Resolution(RESOLVED, None, record=named, reason=f"{request.ident.scheme} id")
        return Decision(found, named, by_id=True)
    assert request.parsed is not None
    year = request.fields.get("year")
    parsed = request.parsed if year is None else dataclasses.replace(request.parsed, year=year)
    resolution = decide(parsed, gathered.records)
    record, declined = _settle(resolution, choose)
    return Decision(resolution, record, declined)


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


# -- save ------------------------------------------------------------------------------------


def save(library: Library, request: Request, decision: Decision | None, *, force: bool) -> Outcome:
    """Store the paper (one transaction: the paper, its first note, its PDF)."""
    stored = _stored_fields(request, decision)
    attached = None
    if request.pdf is None:
        paper = library.add_paper(stored, note=request.note, force=force)
    else:
        from readinglist.attach import attach

        try:
            with library.transaction():
                paper = library.add_paper(stored, note=request.note, force=force)
                # The PDF is the one this paper was made from: no id check.
                attached = attach(library, paper, request.pdf, force=True)
                paper = attached.paper
        except BaseException:
            if attached is not None:
                attached.path.unlink(missing_ok=True)  # a new paper's file: nobody else's
            raise
    if decision is None:
        return Outcome(paper, attached=attached)
    return Outcome(paper, decision.resolution, decision.error, decision.declined, attached)


def _stored_fields(request: Request, decision: Decision | None) -> dict[str, Any]:
    """The paper's fields: the record's, else what was given; the user's own fields win."""
    if decision is None:  # offline: exactly what was given
        return {"metadata_source": "manual", **request.fallback, "resolution": "manual",
                **request.fields}  # fmt: skip
    if decision.record is not None:
        # A title typed is the user's label; a paper found by its id is labelled by its title.
        label = {} if decision.by_id else {"label": request.text}
        return {**record_fields(decision.record), **label, **request.fields}
    parsed = request.parsed
    given: dict[str, Any] = {"metadata_source": "manual"}
    if parsed is not None:
        given.update(title=parsed.title, label=request.text, year=parsed.year)
    if request.ident is not None and request.ident.scheme == "arxiv":
        # Keep the id: `rl resolve` fetches it later.
        given.update(title=f"arXiv:{request.ident.value}", label=request.text,
                     arxiv_id=request.ident.value)  # fmt: skip
    given.update(request.fallback)
    given.update(request.fields)
    resolution = decision.resolution
    if decision.error is not None:
        return {**given, "resolution": "unresolved"}
    if resolution is not None and resolution.status == UNSURE and not decision.declined:
        candidates = [c.summary() for c in resolution.candidates]
        return {**given, "resolution": "unresolved", "candidates": candidates}
    return {**given, "resolution": "not-found"}


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
        "metadata_source": record.source,
        "resolution": "resolved",
        "candidates": None,
    }
    if record.abstract:
        fields["abstract"] = record.abstract
        fields["abstract_source"] = record.source
    optional = {"doi": record.doi, "venue": record.venue, "comment": record.comment,
                "pdf_url": record.pdf_url, "url": record.url}  # fmt: skip
    fields.update({k: v for k, v in optional.items() if v})
    if record.ids:
        fields["ids"] = dict(record.ids)
    return fields


# -- resolving stored papers -------------------------------------------------------------------


def resolve(
    library: Library,
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
    paper = library.paper(paper_id)
    if pick is not None and arxiv_id is not None:
        raise InvalidInput("give either --pick N or --arxiv ID, not both.")
    chain = make_sources() if sources is None else sources
    ident = None
    if pick is not None:
        ident = _candidate_ident(paper, pick)
    elif arxiv_id is not None:
        parsed_id = parse_arxiv_id(arxiv_id)
        if parsed_id is None:
            raise InvalidInput(
                f"'{arxiv_id}' is not an arXiv id (e.g. 1706.03762 or hep-th/9901001)."
            )
        ident = PaperId("arxiv", str(parsed_id))
    elif paper.arxiv_id:
        ident = PaperId("arxiv", paper.arxiv_id)
    if ident is not None:
        found = _lookup(library, ident, chain)
        if found.error is not None:
            raise found.error
        if not found.records:
            raise NotFound(f"{_no_paper(ident)}. Check the id; #{paper.id} is unchanged.")
        record = found.records[0]
        return _store_record(library, paper, record, force,
                             Resolution(RESOLVED, None, record=record, reason="id"))  # fmt: skip

    request = Request(_text_to_resolve(paper), {"year": paper.year} if paper.year else {},
                      parsed=parse_title(_text_to_resolve(paper)))  # fmt: skip
    gathered = gather(library, request, chain)
    if gathered.error is not None:
        raise gathered.error
    decision = decide_request(request, gathered, choose)
    assert decision.resolution is not None
    if decision.record is not None:
        return _store_record(library, paper, decision.record, force, decision.resolution)
    if decision.resolution.status == UNSURE and not decision.declined:
        changes: dict[str, Any] = {"resolution": "unresolved",
                   "candidates": [c.summary() for c in decision.resolution.candidates]}  # fmt: skip
    else:
        changes = {"resolution": "not-found", "candidates": None}
    stored = library.update_paper(paper_id, changes)
    return Outcome(stored, resolution=decision.resolution, declined=decision.declined)


def _no_paper(ident: PaperId) -> str:
    if ident.scheme == "arxiv":
        return f"arXiv has no paper {ident.value}"
    return f"no source has the paper {ident}"


def _candidate_ident(paper: Paper, pick: int) -> PaperId:
    candidates = paper.candidates or []
    if not candidates:
        raise InvalidInput(
            f"#{paper.id} has no candidates to pick from. Look them up with: "
            f"rl resolve {paper.id}   (or give the id: rl resolve {paper.id} --arxiv ID)"
        )
    if not 1 <= pick <= len(candidates):
        raise InvalidInput(
            f"--pick must be between 1 and {len(candidates)}: #{paper.id} has "
            f"{len(candidates)} candidate(s) (see them with: rl show {paper.id})."
        )
    chosen = candidates[pick - 1]
    if chosen.get("arxiv_id"):
        return PaperId("arxiv", str(chosen["arxiv_id"]))
    return PaperId(str(chosen["source"]), str(chosen["id"]))


def _store_record(
    library: Library,
    paper: Paper,
    record: PaperRecord,
    force: bool,
    resolution: Resolution,
) -> Outcome:
    changes = record_fields(record)
    if paper.abstract_source == "manual":
        # An abstract the user wrote themselves is theirs to replace.
        changes.pop("abstract", None)
        changes.pop("abstract_source", None)
    if parse_arxiv_id(paper.label) is not None:
        changes["label"] = record.title  # an id typed while the sources were down is no label
    with library.transaction():
        if not force:
            other = library.find_duplicate(record.arxiv_id, record.title, exclude=paper.id)
            if other is not None:
                raise Duplicate(
                    f"{record.title} ({record.arxiv_id}) is already stored as #{other.id} "
                    f"'{other.label}' ({other.category}); #{paper.id} is unchanged. "
                    f"Use --force to resolve #{paper.id} to it as well."
                )
        stored = library.update_paper(paper.id, changes)
    return Outcome(stored, resolution=resolution)


def _text_to_resolve(paper: Paper) -> str:
    """The label when it is the title as the user wrote it (its prefixes are hints: a year,
    a nickname); the stored title when the label is something else, like "Transformer paper"."""
    title = normalise_title(paper.title)
    readings = parse_title(paper.label).readings
    if any(normalise_title(r) == title for r in readings):
        return paper.label
    return paper.title
