"""Recognise paper identifiers in the forms people paste them: arXiv ids today (bare,
versioned, `arXiv:`, arxiv.org URLs, old style), with room for DOIs and ACL Anthology ids.

Pure string handling (no network, no arxiv import) so that `rl show 1706.03762` stays instant.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# New style (April 2007 on): YYMM.NNNN (to 2014) or YYMM.NNNNN, optional version.
_NEW = r"(?P<new>\d{4}\.\d{4,5})"
# Old style: archive(.SUBJECT-CLASS)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"

_FULL = re.compile(
    r"^\s*(?:arxiv\s*:\s*"
    r"|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/)?"
    rf"{_ID}(?:\.pdf)?/?(?:[?#].*)?\s*$",
    re.IGNORECASE,
)


# An id inside running text, e.g. the stamp arXiv puts in the margin of page 1
# ("arXiv:2203.02155v1 [cs.CL] 4 Mar 2022"), "ArXiv ePrint: 0807.3577" or an arxiv.org link.
# Unlike _FULL it needs the arXiv prefix or URL: a bare number in a paper is rarely an id.
_IN_TEXT = re.compile(
    r"(?:\barxiv\s*(?:e-?print)?\s*(?:[:#.]|no\.?)?\s*"
    r"|arxiv\.org/(?:abs|pdf|html)/)"
    rf"{_ID}(?![\d.]*\d)",
    re.IGNORECASE,
)
# A file name such as 2203.02155v1.pdf, arXiv-2203.02155.pdf or quant-ph_9508027.pdf
# ("/" cannot appear in a file name, so old-style ids are saved with "_" or nothing).
_IN_FILENAME = re.compile(
    r"(?<![\w.])(?:arxiv[-_:. ]?)?"
    r"(?:(?P<new>\d{4}\.\d{4,5})|(?P<old>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?)[_/]?(?P<num>\d{7}))"
    r"(?:v(?P<version>\d+))?(?![\w])",
    re.IGNORECASE,
)
# Archives that had old-style ids (before April 2007); a file name like "lncs_2006123" is not one.
_OLD_ARCHIVES = frozenset(
    [
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "astro-ph",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "cond-mat",
        "cs",
        "dg-ga",
        "funct-an",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math",
        "math-ph",
        "mtrl-th",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "patt-sol",
        "physics",
        "plasm-ph",
        "q-alg",
        "q-bio",
        "quant-ph",
        "solv-int",
        "supr-con",
    ]
)


class PaperId(NamedTuple):
    """An identifier of a paper in some scheme: ("arxiv", "1706.03762v5"), later ("doi", ...),
    ("acl", ...). Sources say which schemes they can look up."""

    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class ArxivId(NamedTuple):
    id: str  # without version
    version: int | None

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId | None:
    """The arXiv id `text` consists of (bare, `arXiv:` prefixed or an arxiv.org URL), or None."""
    m = _FULL.match(text)
    if not m:
        return None
    ident = m.group("new") or m.group("old")
    if m.group("old"):
        archive, number = ident.split("/")
        head, _, subject = archive.partition(".")
        ident = f"{head.lower()}{'.' + subject.upper() if subject else ''}/{number}"
    version = m.group("version")
    return ArxivId(ident, int(version) if version else None)


def read_identifier(text: str) -> PaperId | None:
    """The identifier `text` consists of, in any scheme rl knows, or None (a title):
    an arXiv id in any form (its DOI 10.48550/arXiv.ID too), a DOI (bare, `doi:`, a doi.org
    URL), or an ACL Anthology id (`P02-1040`, `2022.coling-1.23`, an aclanthology.org URL)."""
    arxiv = parse_arxiv_id(text)
    if arxiv is not None:
        return PaperId("arxiv", str(arxiv))
    doi = parse_doi(text)
    if doi is not None:
        on_arxiv = _ARXIV_DOI.match(doi)
        arxiv = parse_arxiv_id(on_arxiv.group(1)) if on_arxiv else None
        return PaperId("arxiv", str(arxiv)) if arxiv else PaperId("doi", doi)
    acl = parse_acl_id(text)
    if acl is not None:
        return PaperId("acl", acl)
    return None


# A DOI: "10." then a registrant code, "/" and a suffix (Crossref's own pattern, with the
# characters its suffixes use). Case does not matter to DOIs; the prefix is kept as written.
_DOI_BODY = r"10\.\d{4,9}/[-._;()/:<>\[\]A-Za-z0-9]+"
_DOI_FULL = re.compile(
    r"^\s*(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)?"
    rf"(?P<doi>{_DOI_BODY})\s*$",
    re.IGNORECASE,
)
_DOI_IN_TEXT = re.compile(rf"(?<![\w/.])(?P<doi>{_DOI_BODY})", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
# ACL Anthology ids: old style, a venue letter, a two-digit year and a number (P02-1040,
# W18-5713); new style (2020 on), year.venue-volume.number (2022.coling-1.23).
_ACL_ID = r"(?P<acl>[A-Z]\d{2}-\d{4}|\d{4}\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.\d+)"
_ACL_FULL = re.compile(
    r"^\s*(?:https?://)?(?:www\.)?(?:aclanthology\.org/|aclweb\.org/anthology/)?"
    rf"{_ACL_ID}(?:\.pdf|\.bib)?/?\s*$"
)


def parse_doi(text: str) -> str | None:
    """The DOI `text` consists of (bare, `doi:` prefixed, or a doi.org URL), or None.
    Trailing sentence punctuation is not part of it."""
    m = _DOI_FULL.match(text)
    return _trim_doi(m.group("doi")) if m else None


def find_dois(text: str) -> list[str]:
    """Every DOI in running text, in order."""
    return [_trim_doi(m.group("doi")) for m in _DOI_IN_TEXT.finditer(text)]


def parse_acl_id(text: str) -> str | None:
    """The ACL Anthology id `text` consists of (bare, or an aclanthology.org URL), or None."""
    m = _ACL_FULL.match(text)
    return m.group("acl") if m else None


def _trim_doi(doi: str) -> str:
    doi = doi.rstrip(".,;:")
    # A closing bracket belongs to the DOI only when the DOI opened it (10.1002/(SICI)...).
    while (
        doi
        and doi[-1] in ")]>"
        and doi.count(doi[-1]) > doi.count({")": "(", "]": "[", ">": "<"}[doi[-1]])
    ):
        doi = doi[:-1].rstrip(".,;:")
    return doi


def _plausible(ident: str) -> bool:
    """A real id's YYMM is a month arXiv existed in: new style from 0704, old style 9108-0703."""
    if "/" in ident:
        archive, number = ident.split("/")
        yymm = number[:4]
        if archive.split(".")[0].lower() not in _OLD_ARCHIVES:
            return False
        return 1 <= int(yymm[2:]) <= 12 and (yymm >= "9108" or yymm <= "0703")
    yymm = ident[:4]
    return 1 <= int(yymm[2:]) <= 12 and yymm >= "0704"


def find_arxiv_ids(text: str) -> list[ArxivId]:
    """Every arXiv id in `text` written with an `arXiv:` prefix or as a link, in order."""
    found = []
    for m in _IN_TEXT.finditer(text):
        parsed = parse_arxiv_id(m.group("new") or m.group("old"))
        if parsed is not None and _plausible(parsed.id):
            version = m.group("version")
            found.append(ArxivId(parsed.id, int(version) if version else None))
    return found


def arxiv_id_from_filename(name: str) -> ArxivId | None:
    """The id in a downloaded paper's file name (`2203.02155v1.pdf`, `quant-ph_9508027.pdf`)."""
    stem = name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    for m in _IN_FILENAME.finditer(stem):
        ident = m.group("new") or f"{m.group('old')}/{m.group('num')}"
        parsed = parse_arxiv_id(ident)
        if parsed is not None and _plausible(parsed.id):
            version = m.group("version")
            return ArxivId(parsed.id, int(version) if version else None)
    return None
