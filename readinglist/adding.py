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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from readinglist.errors import Duplicate, Interrupted, InvalidInput, NetworkError, NotFound
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
    without_one_word,
)
from readinglist.sources import PaperRecord, SourceRef, make_sources

if TYPE_CHECKING:
    from readinglist.attach import Attached, PdfFile
    from readinglist.library import Library, Paper
    from readinglist.sources.arxiv import ArxivSource

# One page of results: the right paper is near the top when a source has it.
SEARCH_LIMIT = 25
# Titles asked in one arXiv request when many papers are resolved at once: their queries
# ORed make a URL of a few KB and an answer of a few hundred entries at most.
TITLES_PER_REQUEST = 10
# How long a source's answer is reused: adding a title, then settling it with
# `rl resolve N --pick 2`, asks the source once.
CACHE_MAX_AGE = timedelta(days=1)

# Shown the candidates of an unsure resolution (or none, when nothing was found), returns the
# index of the right one, NONE_OF_THESE, or None to decide later: the paper stays unresolved,
# with its candidates. The face passes one that asks the user; without it nothing is asked.
Chooser = Callable[[Resolution], int | None]
NONE_OF_THESE = -1


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
    resolution: Resolution | None = None  # for a title: what the matcher made of the records


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
    sources: Sequence[SourceRef] | None = None,
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
    sources: Sequence[SourceRef] | None = None,
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
    sources: Sequence[SourceRef] | None,
    choose: Chooser | None,
) -> Outcome:
    if offline:
        return save(library, request, None, force=force)
    chain = make_sources() if sources is None else sources
    try:
        gathered = gather(library, request, chain)
    except KeyboardInterrupt:
        # Ctrl-C while waiting for a source: what the user typed is not lost.
        stopped = NetworkError("the lookup was interrupted.")
        kept = save(library, request, Decision(None, None, error=stopped), force=force)
        raise Interrupted(
            f"interrupted while looking it up: stored #{kept.paper.id} {kept.paper.label}, "
            f"unresolved. Finish with: rl resolve {kept.paper.id}"
        ) from None
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
    fallback: dict[str, Any] = {"title": title, "label": title, "label_format": "text",
                                "metadata_source": "pdf"}  # fmt: skip
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


def gather(library: Library, request: Request, sources: Sequence[SourceRef]) -> Gathered:
    """The records the sources give for the request, asking them in order and stopping at
    the first that settles it: the identifier's paper, or a title the matcher accepts.

    A title is searched first by every word, then without a nickname such as "GPT3", then
    by its longest words (in case one is misspelt). A record another source says is on arXiv
    is then fetched from arXiv, which stays the reference for what it has. A source that
    fails is passed over; the error is kept only when no source could be asked at all."""
    if request.ident is not None:
        found = _lookup(library, request.ident, sources)
        if found.records or found.error or request.parsed is None:
            return found
        # No source knows the id a PDF prints (misread, withdrawn): its title may be found.
    assert request.parsed is not None
    parsed = request.parsed
    year = request.fields.get("year")
    if year is not None:
        parsed = dataclasses.replace(parsed, year=year)
    records: list[PaperRecord] = []
    errors: list[NetworkError] = []
    resolution = None
    for ref in sources:
        try:
            records += _search_plan(library, ref, parsed)
        except NetworkError as e:
            errors.append(e)
            continue
        resolution = decide(parsed, records)
        if resolution.status == RESOLVED:
            break
    if resolution is None:
        resolution = decide(parsed, records)
    if resolution.status == RESOLVED and resolution.record is not None:
        arxiv = _through_arxiv(library, resolution.record, sources)
        if arxiv is not resolution.record:
            resolution = dataclasses.replace(resolution, record=arxiv)
    # A source that could not be asked may have had the paper: "not found" needs every answer,
    # so the paper waits unresolved, unless there are candidates to show the user.
    settled = resolution.status == RESOLVED or (
        resolution.status == UNSURE and bool(resolution.candidates)
    )
    error = errors[0] if errors and not settled else None
    return Gathered(records, by_id=False, error=error, resolution=resolution)


def _search_plan(library: Library, ref: SourceRef, parsed: ParsedTitle) -> list[PaperRecord]:
    found = _ask(library, ref, parsed.title, _search_in(ref, parsed.title))
    if not found and parsed.nickname:
        found = _ask(library, ref, parsed.readings[1], _search_in(ref, parsed.readings[1]))
    if not found:
        fallback = key_words(parsed.title)
        if fallback:
            found = _ask(library, ref, fallback, _search_in(ref, fallback))
    if not found:
        # In case one word is misspelt: each of the longest words left out in turn.
        for query in without_one_word(parsed.title):
            found = _ask(library, ref, query, _search_in(ref, query))
            if found:
                break
    return found


def _lookup(library: Library, ident: PaperId, sources: Sequence[SourceRef]) -> Gathered:
    able = [ref for ref in sources if ident.scheme in ref.schemes]
    errors: list[NetworkError] = []
    for ref in able:
        try:
            records = _ask(library, ref, f"id:{ident}", _lookup_in(ref, ident))
        except NetworkError as e:
            errors.append(e)
            continue
        if records:
            return Gathered([_through_arxiv(library, records[0], sources)], by_id=True)
    if ident.scheme == "acl" and not errors:
        # Papers the ACL published since 2016 have the DOI 10.18653/v1/ID (Crossref has them).
        found = _lookup(library, PaperId("doi", f"10.18653/v1/{ident.value}"), sources)
        if found.records:
            return found
    # One source that could not be asked may have had it: no "no such paper" on half an answer.
    return Gathered([], by_id=True, error=errors[0] if errors else None)


def _through_arxiv(
    library: Library, record: PaperRecord, sources: Sequence[SourceRef]
) -> PaperRecord:
    """A record another source says is on arXiv, completed from arXiv's own record: arXiv's
    fields win, the other source fills what arXiv lacks (venue, DOI, pages) and adds its ids.
    A record whose DOI is arXiv's own (10.48550/arXiv.ID) is on arXiv too. Otherwise
    unchanged when arXiv is not in the chain, does not answer, or does not know the id."""
    named = read_identifier(record.doi) if record.doi and not record.arxiv_id else None
    if named is not None and named.scheme == "arxiv":
        record = record._replace(arxiv_id=_unversioned(named), doi=None)
    arxiv = next((ref for ref in sources if ref.name == "arxiv"), None)
    if record.source == "arxiv" or not record.arxiv_id or arxiv is None:
        return record
    ident = PaperId("arxiv", record.arxiv_id)
    try:
        found = _ask(library, arxiv, f"id:{ident}", _lookup_in(arxiv, ident))
    except NetworkError:
        return record
    return merge_records(found[0], record) if found else record


def merge_records(first: PaperRecord, other: PaperRecord) -> PaperRecord:
    """`first`, with what only `other` has: its empty fields filled, its ids added, and where
    each field came from (field_sources) kept."""
    filled = {name: getattr(other, name) for name in _MERGED_FIELDS
              if not getattr(first, name) and getattr(other, name)}  # fmt: skip
    origins = dict(first.field_sources) or {name: first.source for name in _MERGED_FIELDS
                                              if getattr(first, name)}  # fmt: skip
    origins.update((name, other.source) for name in filled)
    ids = dict(other.ids) | dict(first.ids)
    return first._replace(**filled, ids=tuple(sorted(ids.items())),
                          field_sources=tuple(sorted(origins.items())))  # fmt: skip


# The fields a record gives a paper that one source may have and another lack.
_MERGED_FIELDS = ("title", "authors", "year", "abstract", "doi", "venue", "pages", "url")


def _lookup_in(ref: SourceRef, ident: PaperId) -> Callable[[], list[PaperRecord]]:
    def ask() -> list[PaperRecord]:
        record = ref.get().lookup(ident)
        return [record] if record is not None else []

    return ask


def _search_in(ref: SourceRef, title: str) -> Callable[[], list[PaperRecord]]:
    return lambda: ref.get().search_title(title, SEARCH_LIMIT)


def _ask(
    library: Library,
    ref: SourceRef,
    question: str,
    ask: Callable[[], list[PaperRecord]],
) -> list[PaperRecord]:
    """`ref`'s answer to `question` (an "id:scheme:value" or a title): from the cache when it
    answered within CACHE_MAX_AGE, else asked (and cached, with each record of a search also
    answering a lookup of its ids, so a later --pick costs no request). Failures are not
    cached."""
    if not ref.cacheable:
        return ask()
    key = _cache_key(question)
    cached = library.cached_answer(ref.name, key, CACHE_MAX_AGE)
    if cached is not None:
        return [PaperRecord.from_dict(d) for d in cached]
    records = ask()
    _keep(library, ref, {key: records})
    return records


def _cache_key(question: str) -> str:
    return question if question.startswith("id:") else (
        f"title:{SEARCH_LIMIT}:{normalise_title(question)}")  # fmt: skip


def _keep(library: Library, ref: SourceRef, answers: Mapping[str, list[PaperRecord]]) -> None:
    """Cache a source's answers, each record also as the answer to a lookup of its ids."""
    kept: dict[str, list[dict[str, Any]]] = {}
    for key, records in answers.items():
        kept[key] = [r._asdict() for r in records]
        for r, data in zip(records, kept[key], strict=True):
            ids = {"arxiv": r.arxiv_id, "doi": r.doi, **dict(r.ids)}
            for scheme in ref.schemes:
                if ids.get(scheme):
                    kept.setdefault(f"id:{scheme}:{ids[scheme]}", [data])
    library.cache_answers(ref.name, kept, CACHE_MAX_AGE)


# -- many papers at once -------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchProgress:
    requests: int  # made so far
    planned: int  # made and still to make, as far as is known now
    spacing: float  # seconds between two requests (arXiv asks for 3)

    @property
    def seconds_left(self) -> float:
        return (self.planned - self.requests) * self.spacing


def prefetch(library: Library, paper_ids: Sequence[int],
             sources: Sequence[SourceRef]) -> Iterator[BatchProgress]:  # fmt: skip
    """Ask arXiv about many papers in few requests, before they are resolved one by one, and
    keep its answers where `resolve` looks first (the cache): the resolving then costs no
    arXiv request, and decides exactly as it would have.

    Known arXiv ids go IDS_PER_REQUEST to a request; titles TITLES_PER_REQUEST to a request
    (their queries ORed, each title given the records its own query would match), in the
    rounds a single title goes through: the title, then without a nickname, then its longest
    words, then without each of those in turn, each round only for the titles the last left
    with nothing. A combined search with
    more results than one answer holds is not kept: those titles are asked one at a time.
    Yields after every request, so the face can show progress. When arXiv fails, it stops:
    the papers are then resolved one at a time, each failure kept to its own paper."""
    from readinglist.sources.arxiv import ArxivSource

    ref = next((r for r in sources if r.name == "arxiv" and r.cacheable), None)
    if ref is None:
        return
    arxiv = cast(ArxivSource, ref.get())
    papers = [library.paper(i) for i in paper_ids]
    ids = list(dict.fromkeys(PaperId("arxiv", p.arxiv_id) for p in papers if p.arxiv_id and
                             library.cached_answer("arxiv", f"id:arxiv:{p.arxiv_id}",
                                                   CACHE_MAX_AGE) is None))  # fmt: skip
    titles = [parse_title(_text_to_resolve(p)) for p in papers if _stored_ident(p) is None]
    mirror = next((r for r in sources if r.name == "mirror"), None)
    if mirror is not None:
        # A local mirror answers in a millisecond: arXiv is asked only for what it lacks.
        titles = [t for t in titles if not _settles(mirror, t)]
    try:
        yield from _prefetch(library, ref, arxiv, ids, titles)
    except NetworkError:
        return


def _settles(ref: SourceRef, title: ParsedTitle) -> bool:
    try:
        found = ref.get().search_title(title.title, SEARCH_LIMIT)
    except NetworkError:
        return False
    return decide(title, found).status == RESOLVED


def _prefetch(library: Library, ref: SourceRef, arxiv: ArxivSource, ids: list[PaperId],
              titles: list[ParsedTitle]) -> Iterator[BatchProgress]:  # fmt: skip
    from readinglist.sources.arxiv import IDS_PER_REQUEST, Incomplete

    spacing = arxiv.client.settings.delay
    id_batches = [ids[i : i + IDS_PER_REQUEST] for i in range(0, len(ids), IDS_PER_REQUEST)]
    made, planned = 0, len(id_batches) + -(-len(titles) // TITLES_PER_REQUEST)
    for batch in id_batches:
        found = arxiv.lookup_many(batch)
        _keep(library, ref, {f"id:{ident}": [r] if r else [] for ident, r in found.items()})
        made += 1
        yield BatchProgress(made, planned, spacing)
    # The questions of each round for a title; the last round has several (the title without
    # each of its longest words), all asked at once, and read in order when it is resolved.
    rounds: list[Callable[[ParsedTitle], list[str]]] = [
        lambda t: [t.title],
        lambda t: [t.readings[1]] if t.nickname else [],
        lambda t: [key_words(t.title)],
        lambda t: without_one_word(t.title),
    ]
    pending = titles
    for question in rounds:
        to_ask: dict[ParsedTitle, list[str]] = {}
        going_on: list[ParsedTitle] = []  # no answer yet: on to the next round
        for title in pending:
            asked = [q for q in question(title) if q]
            known = [library.cached_answer("arxiv", _cache_key(q), CACHE_MAX_AGE) for q in asked]
            if any(k is None for k in known):
                to_ask[title] = [q for q, k in zip(asked, known, strict=True) if k is None]
            elif not any(known):
                going_on.append(title)
        questions = list(dict.fromkeys(q for qs in to_ask.values() for q in qs))
        chunks = [questions[i : i + TITLES_PER_REQUEST]
                  for i in range(0, len(questions), TITLES_PER_REQUEST)]  # fmt: skip
        planned = made + len(chunks)
        empty: set[str] = set()
        for chunk in chunks:
            try:
                answers = arxiv.search_titles(chunk, SEARCH_LIMIT)
            except Incomplete:
                answers = {}  # asked one at a time when resolved
            _keep(library, ref, {_cache_key(q): records for q, records in answers.items()})
            empty.update(q for q, records in answers.items() if not records)
            made += 1
            yield BatchProgress(made, planned, spacing)
        pending = going_on + [t for t, qs in to_ask.items() if all(q in empty for q in qs)]


# -- decide ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    resolution: Resolution | None  # None: the sources could not be asked (gathered.error)
    record: PaperRecord | None  # the record to store
    declined: bool = False  # the user was shown the candidates and chose none
    error: NetworkError | None = None
    by_id: bool = False  # the record is the one an identifier names
    # The sources found nothing at all: no evidence the paper is not there (a typo can do it)
    found_nothing: bool = False


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
    assert gathered.resolution is not None
    found_nothing = not gathered.records
    record, declined = _settle(gathered.resolution, choose, found_nothing)
    return Decision(gathered.resolution, record, declined, found_nothing=found_nothing)


def _settle(
    resolution: Resolution, choose: Chooser | None, found_nothing: bool
) -> tuple[PaperRecord | None, bool]:
    """(the record to store, whether the user declined every candidate). The user is asked
    about an unsure match, and about a paper nothing was found for (is it really not there?)."""
    if resolution.status == RESOLVED:
        return resolution.record, False
    unsure = resolution.status == UNSURE and bool(resolution.candidates)
    if choose is None or not (unsure or found_nothing):
        return None, False
    index = choose(resolution)
    if index == NONE_OF_THESE:
        return None, True
    if index is None:
        return None, False  # decided later: it stays unresolved
    return resolution.candidates[index].record, False


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
    """The paper's fields: the record's, else what was given; the user's own fields win, and
    a label they gave (--label) is their Markdown, as written."""
    stored = _fields_to_store(request, decision)
    if "label" in request.fields:
        stored.pop("label_format", None)
    return stored


def _fields_to_store(request: Request, decision: Decision | None) -> dict[str, Any]:
    if decision is None:  # offline: exactly what was given
        origins = {name: "pdf" for name in _MERGED_FIELDS if request.fallback.get(name)}
        origins.update({name: "manual" for name in _MERGED_FIELDS if name in request.fields})
        return {"metadata_source": "manual", **request.fallback, "resolution": "manual",
                **request.fields, "field_sources": origins}  # fmt: skip
    if decision.record is not None:
        # A title typed was a query: the paper is labelled by its own title, with what the user
        # put around it ("(2017)"). Only --label sets a label as written; a paper found by its
        # id is labelled by its title.
        label: dict[str, Any] = {}
        typed = request.parsed
        if typed is not None and not decision.by_id:
            label = {"label": typed.before + decision.record.title + typed.after,
                     "label_format": "text"}  # fmt: skip
        found = record_fields(decision.record)
        typed_fields = {name: "manual" for name in _MERGED_FIELDS if name in request.fields}
        origins = {**found["field_sources"], **typed_fields}
        return {**found, **label, **request.fields, "field_sources": origins}
    parsed = request.parsed
    # What was typed, as plain text (rendering escapes it); --label wins, as written.
    given: dict[str, Any] = {"metadata_source": "manual", "label_format": "text"}
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
    if decision.found_nothing and not decision.declined:
        return {**given, "resolution": "unresolved"}  # nothing says it is not there
    return {**given, "resolution": "not-found"}


def record_fields(record: PaperRecord) -> dict[str, Any]:
    """Paper fields from a source record (fields the record lacks are left out), with where
    each came from."""
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
    origins = dict(record.field_sources)
    if record.abstract:
        fields["abstract"] = record.abstract
        fields["abstract_source"] = origins.get("abstract", record.source)
    optional = {"doi": record.doi, "venue": record.venue, "pages": record.pages,
                "comment": record.comment, "pdf_url": record.pdf_url,
                "url": record.url}  # fmt: skip
    fields.update({k: v for k, v in optional.items() if v})
    if record.ids:
        fields["ids"] = dict(record.ids)
    fields["field_sources"] = {name: origins.get(name, record.source) for name in _MERGED_FIELDS
                               if fields.get(name)}  # fmt: skip
    return fields


# -- resolving stored papers -------------------------------------------------------------------


def resolve(
    library: Library,
    paper_id: int,
    *,
    pick: int | None = None,
    arxiv_id: str | None = None,
    sources: Sequence[SourceRef] | None = None,
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
    else:
        ident = _stored_ident(paper)
        if ident is not None and not any(ident.scheme in ref.schemes for ref in chain):
            ident = None  # no source asked reads such ids (RL_SOURCES): look the title up
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
    elif decision.found_nothing and not decision.declined:
        changes = {"resolution": "unresolved", "candidates": None}
    else:
        changes = {"resolution": "not-found", "candidates": None}
    stored = library.update_paper(paper_id, changes)
    return Outcome(stored, resolution=decision.resolution, declined=decision.declined)


def _stored_ident(paper: Paper) -> PaperId | None:
    """The identifier a stored paper is looked up by again: its arXiv id, else its DOI, else
    another id a source can look up (ACL Anthology, Semantic Scholar)."""
    if paper.arxiv_id:
        return PaperId("arxiv", paper.arxiv_id)
    if paper.doi:
        return PaperId("doi", paper.doi)
    for scheme in ("acl", "s2"):
        if paper.ids.get(scheme):
            return PaperId(scheme, paper.ids[scheme])
    return None


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
    if chosen.get("doi"):
        return PaperId("doi", str(chosen["doi"]))
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
    if paper.label_format == "text":
        # A label rl made from what was typed (a query, an id): the paper's title now, with
        # what the user put around it.
        typed = parse_title(paper.label)
        if parse_arxiv_id(paper.label) is not None:
            typed = dataclasses.replace(typed, before="", after="")
        changes.update(label=typed.before + record.title + typed.after, label_format="text")
    elif parse_arxiv_id(paper.label) is not None:
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
