"""Recognise paper identifiers in the forms people paste them: arXiv ids (bare, versioned,
`arXiv:`, links to arxiv.org and the sites that mirror it, arXiv's DOIs, old style), DOIs and
ACL Anthology ids.

Pure string handling (no network, no arxiv import) so that `rl show 1706.03762` stays instant.
Every arXiv id is checked against arXiv's numbering (https://info.arxiv.org/help/arxiv_identifier):
a form that cannot name a paper is no id, wherever it was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# Archives that had old-style ids (August 1991 to March 2007), from arXiv's taxonomy
# (arxiv-base, arxiv/taxonomy/definitions.py); "lncs/2006123" is no id.
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
# Archives opened after April 2007: they appear only before a new-style id, in citations
# such as "stat.ML/1706.03762" (the archive adds nothing to the id).
_NEW_ARCHIVES = frozenset(["econ", "eess", "q-fin", "stat"])
# An archive as written, with or without its hyphen: "quantph/0703103" is a common slip
# (arXiv's reference extractor and its browse site's Identifier both mend it).
_ARCHIVE_SPELLINGS = {
    spelling: name
    for name in _OLD_ARCHIVES | _NEW_ARCHIVES
    for spelling in (name, name.replace("-", ""))
}

# New-style ids began in April 2007, with four-digit numbers; five digits from January 2015.
_FIRST_NEW_STYLE = "0704"
_FIVE_DIGITS_FROM = "1501"
# Old-style ids ran from August 1991 to March 2007.
_FIRST_OLD_STYLE = "9108"
_LAST_OLD_STYLE = "0703"

# The id itself, shared by every form. Digits are spelled [0-9] and patterns compiled ASCII:
# Python's \d also takes other scripts' digits (arXiv's browse tests refuse gr-qc/۹۷۰۶123).
# An archive (and subject class) may stand before either style: hep-th/9901001,
# math.GT/0309136, and the mash-ups hep-th/1601.07616 or math.RT/1206.5933, which name the
# new-style id.
_ARCHIVE = r"(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.\s?[a-z]+(?:-[a-z]+)?)?/+"
_ID = (
    rf"(?:{_ARCHIVE})?"
    r"(?:(?P<yymm>[0-9]{4})\.(?P<seq>[0-9]{4,5})|(?P<number>[0-9]{7}))"
    r"(?:v(?P<version>[0-9]+))?"
)
_FLAGS = re.IGNORECASE | re.ASCII

# Hosts that show a paper at /ID, /abs/ID, /pdf/ID, ...: arxiv.org and its mirrors and
# subdomains (export., ar5iv.labs.), its old name xxx.lanl.gov, arxiv.com (a common slip,
# papis's tests), ar5iv.org, alphaxiv.org (with pdfs.assets.) and Hugging Face's paper pages.
_HOST = r"(?:arxiv\.org|arxiv\.com|ar5iv\.org|alphaxiv\.org|xxx\.lanl\.gov|huggingface\.co)"
# The page before the id: arXiv's own routes, alphaxiv's /overview/ and Hugging Face's
# /papers/; alphaxiv puts a language first (/zh/abs/ID).
_PAGE = (
    r"(?:[a-z]{2}(?:-[a-z]{2,4})?/)?"
    r"(?:(?:abs|pdf|ps|html|format|src|e-print|overview|papers)/+)?"
)

_FULL = re.compile(
    r"^\s*<?"
    r"(?:(?:https?://)?(?:[a-z0-9-]+\.)*" + _HOST + "/" + _PAGE +
    # arXiv's DOI, bare or as a link: 10.48550/arXiv.2205.15044
    r"|(?:doi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?10\.48550/arxiv\."
    r"|arxiv\s*[:.]\s*|arxiv\s+"
    # arXiv's own paths, /hep-th/0702050v1
    r"|/+"
    r")?"
    # idutils writes its links as arxiv.org/abs/arXiv:1310.2590
    r"(?:arxiv:)?" + _ID +
    # The subject class arXiv prints after an id ("arXiv:1107.4612 [astro-ph.CO]", JabRef,
    # Zotero); a file's extension; the rest of a path (arXiv serves
    # hep-th/9901001/anything as the paper); a query or fragment; sentence punctuation; the
    # ">" that closes an <URL>.
    r"(?:\s*\[[a-z]+(?:-[a-z]+)?(?:\.[a-z]+(?:-[a-z]+)?)?\])?"
    r"(?:\.(?:pdf|ps|ps\.gz|gz|md|html))?"
    r"(?:/[^\s?#]*)?(?:[?#]\S*)?[.,;:]?>?\s*$",
    _FLAGS,
)

# An id inside running text (a README, a BibTeX field, page 1 of a PDF) needs something that
# says arXiv: an `arXiv` prefix (arXiv:2203.02155v1 [cs.CL], ArXiv ePrint: 0807.3577,
# arXiv preprint 1602.02129, arXiv e-prints 1306.1595, arXiv, 1511.03262, an archive as in
# arXiv:quant-ph 1503.01017v3, arXiv's DOI), a link, DBLP's "CoRR abs/1810.04805", an
# old-style id's archive (hep-th/0306165), or the brackets physics citations put around an id
# ([0903.0883]). A bare number is not enough: "decays, 1701.01871 LHCB-PAPER" and
# "113005 (2013), 1307.4331" cite other things (arXiv's reference extractor's negative cases).
#
# Each way is its own pattern, run over the lower-cased text, each led by a literal so that
# the regex engine skips ahead to it: one pattern with every way as an alternative tries each
# of them at every character, three times slower (bench/identifiers_bench.py). What must not
# stand before a match is checked afterwards, for the same reason.
_END = r"(?![0-9a-z]|\.[0-9])"  # 2203.021551234 and 1706.03762x are no ids
_IN_TEXT_PASSES = (
    # (the text a pass needs, its pattern, characters that may not stand before a match)
    (
        "arxiv",
        re.compile(
            r"arxiv(?:\.(?:org|com)/" + _PAGE + r"(?:arxiv:)?"
            r"|(?:\s*(?:e-?prints?|pre-?print))?\s*(?:[:#,.=]|no\.?)?\s*"
            r"(?:(?P<cited_archive>[a-z]+(?:-[a-z]+)?)(?:\.[a-z]+(?:-[a-z]+)?)?\s+(?=[0-9]))?)"
            + _ID
            + _END,
            re.ASCII,
        ),
        "_",
    ),
    (
        "/",
        re.compile(
            r"(?:(?:ar5iv|alphaxiv)\.org|xxx\.lanl\.gov|huggingface\.co)/" + _PAGE + _ID + _END,
            re.ASCII,
        ),
        "_-",
    ),
    ("abs/", re.compile(r"abs/" + _ID + _END, re.ASCII), "_-./"),
    # (square brackets only: "(1012.3456)" is as likely a standard error in a table)
    ("[", re.compile(r"\[\s*" + _ID + _END + r"\s*\]", re.ASCII), ""),
)
# A bare old-style id (hep-th/0306165) is found from the slash before its number, looking back
# for its archive: a pattern led by the archive would be tried at every word.
_SLASH_BEFORE_NUMBER = re.compile(r"/(?=[0-9]{4}\.[0-9]{4,5}|[0-9]{7})")
_ARCHIVE_BEFORE_SLASH = re.compile(
    r"(?<![\w/.-])[a-z]+(?:-[a-z]+)?(?:\.\s?[a-z]+(?:-[a-z]+)?)?/*\Z", re.ASCII
)
_LONGEST_ARCHIVE_WITH_CLASS = 24  # cond-mat.stat-mech, with room to spare
_OLD_STYLE_IN_TEXT = re.compile(_ID + _END, re.ASCII)
# Every id has one of these runs of digits: a line without one is passed over at once.
_ID_DIGITS = re.compile(r"[0-9]{4}(?:\.[0-9]{4}|[0-9]{3})")
# A file name such as 2203.02155v1.pdf, arXiv-2203.02155.pdf, quant-ph_9508027.pdf or
# hep-th9901001v2.pdf ("/" cannot appear in a file name, so old-style ids are saved with
# "_" or nothing).
_IN_FILENAME = re.compile(
    r"(?<![\w.])(?:arxiv[-_:. ]?)?"
    r"(?:(?P<yymm>[0-9]{4})\.(?P<seq>[0-9]{4,5})"
    r"|(?P<archive>[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?)[_/]?(?P<number>[0-9]{7}))"
    r"(?:v(?P<version>[0-9]+))?(?![\w])",
    _FLAGS,
)


class PaperId(NamedTuple):
    """An identifier of a paper in some scheme: ("arxiv", "1706.03762v5"), ("doi", ...),
    ("acl", ...). Sources say which schemes they can look up."""

    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class ArxivId(NamedTuple):
    id: str  # without version; old style without subject class: math/0309136
    version: int | None

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId | None:
    """The arXiv id `text` consists of (bare or versioned, `arXiv:` prefixed, a link to
    arxiv.org or a mirror, arXiv's DOI), or None; None too for an id arXiv never gave
    (month 13, number 0, a five-digit number before 2015, ...)."""
    m = _FULL.match(text)
    return _checked(m) if m else None


def find_arxiv_ids(text: str) -> list[ArxivId]:
    """Every arXiv id cited in running text, in order (see _IN_TEXT_PASSES for what counts)."""
    if _ID_DIGITS.search(text) is None:
        return []
    low = text.lower()
    found = sorted([*_cited_ids(low), *_bare_old_style_ids(low)], key=lambda f: f[0])
    # The same id found two ways (arXiv:hep-th/9901001 holds hep-th/9901001) counts once.
    ids = []
    end = 0
    for start, stop, ident in found:
        if start >= end:
            ids.append(ident)
            end = stop
    return ids


def _cited_ids(low: str) -> Iterator[tuple[int, int, ArxivId]]:
    for needed, pattern, not_before in _IN_TEXT_PASSES:
        if needed not in low:
            continue
        for m in pattern.finditer(low):
            before = low[m.start() - 1] if m.start() > 0 else " "
            if before.isalnum() or before in not_before:
                continue  # myarxiv.org, notalphaxiv.org, example.org/abs/...
            cited = m.groupdict().get("cited_archive")
            if cited is not None and cited not in _ARCHIVE_SPELLINGS:
                continue  # "arXiv paper 1602.02129": only an archive may stand there
            ident = _checked(m)
            if ident is not None:
                yield m.start(), m.end(), ident


def _bare_old_style_ids(low: str) -> Iterator[tuple[int, int, ArxivId]]:
    if "/" not in low:
        return
    for slash in _SLASH_BEFORE_NUMBER.finditer(low):
        archive = _ARCHIVE_BEFORE_SLASH.search(
            low, max(0, slash.start() - _LONGEST_ARCHIVE_WITH_CLASS), slash.start()
        )
        m = _OLD_STYLE_IN_TEXT.match(low, archive.start()) if archive else None
        ident = _checked(m) if m else None
        if m is not None and ident is not None:
            yield m.start(), m.end(), ident


def arxiv_id_from_filename(name: str) -> ArxivId | None:
    """The id in a downloaded paper's file name (`2203.02155v1.pdf`, `quant-ph_9508027.pdf`)."""
    stem = name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    for m in _IN_FILENAME.finditer(stem):
        ident = _checked(m)
        if ident is not None:
            return ident
    return None


def _checked(m: re.Match[str]) -> ArxivId | None:
    """The id a match of _ID names, in arXiv's canonical form, if arXiv could have given it.

    Old-style ids lose their subject class: math.GT/0309136 is sent, stored and compared as
    math/0309136. That is the spelling arXiv's API is recorded answering, and the one its
    entries carry (id_list=math/0211159 answers http://arxiv.org/abs/math/0211159v1, primary
    category math.DG; likewise astro-ph/0601001 and quant-ph/0201082v1). No recording asks
    with a subject class, so rl never does: the lookup would then depend on an answer nobody
    has seen, and its entry (math/...) would not match the id asked for. arXiv's own
    Identifier (arxiv-base) and idutils drop the class the same way."""
    archive = m["archive"]
    if archive is not None:
        archive = _ARCHIVE_SPELLINGS.get(archive.lower())
        if archive is None:
            return None
    version = m["version"]
    if version is not None and version.startswith("0"):
        return None  # versions count from v1
    if m["yymm"] is not None:
        ident = _new_style(m["yymm"], m["seq"])
    elif archive in _OLD_ARCHIVES:
        ident = _old_style(archive, m["number"])
    else:
        return None  # seven digits need an archive, and one that had old-style ids
    if ident is None:
        return None
    return ArxivId(ident, int(version) if version is not None else None)


def _new_style(yymm: str, seq: str) -> str | None:
    # No upper bound, as in arXiv's own Identifier: no clock is read (and rl's hand-made test
    # recordings use fictional ids from 2099).
    if yymm < _FIRST_NEW_STYLE or not 1 <= int(yymm[2:]) <= 12 or int(seq) == 0:
        return None
    # Four digits before 2015, five after. arXiv's site also reads 1808.0953 as 1808.00953,
    # but a pasted id a digit short is as likely cut off as missing a zero (and 5403.1234 is
    # no id, arxiv-dl's tests): rl asks for the id as arXiv writes it.
    if len(seq) != (4 if yymm < _FIVE_DIGITS_FROM else 5):
        return None
    return f"{yymm}.{seq}"


def _old_style(archive: str, number: str) -> str | None:
    yymm, seq = number[:4], number[4:]
    if not (yymm >= _FIRST_OLD_STYLE or yymm <= _LAST_OLD_STYLE):
        return None
    if not 1 <= int(yymm[2:]) <= 12 or seq == "000":
        return None
    return f"{archive}/{number}"


def read_identifier(text: str) -> PaperId | None:
    """The identifier `text` consists of, in any scheme rl knows, or None (a title):
    an arXiv id in any form (its DOI 10.48550/arXiv.ID too), a DOI (bare, `doi:`, a doi.org
    URL), or an ACL Anthology id (`P02-1040`, `2022.coling-1.23`, an aclanthology.org URL)."""
    arxiv = parse_arxiv_id(text)
    if arxiv is not None:
        return PaperId("arxiv", str(arxiv))
    doi = parse_doi(text)
    if doi is not None:
        return PaperId("doi", doi)
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
