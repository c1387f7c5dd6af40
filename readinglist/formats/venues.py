"""What a stored venue text says about where a paper appeared, for the citation formats.

A venue is free text (arXiv's journal_ref, or what the user or a source gave): "NeurIPS
2017", "IJCAI 2020, DOI 10.24963/ijcai.2020/517, pp. 3737-3743", "4th Workshop on ... at ACL
2022; ACL Anthology 2022.nlp4convai-1.13; pp. 148-165", "arXiv preprint". Pure.
"""

from __future__ import annotations

import re
from typing import Any

CONFERENCE, JOURNAL, REPORT, OTHER = "conference", "journal", "report", "other"

# What a venue's name says it is, checked in this order: "Transactions of the ACL" is a
# journal, "ICML 2015 Deep Learning Workshop" a conference.


def _words(pattern: str) -> re.Pattern[str]:
    """Any of the |-separated words (some ending in a full stop: "proc."), as whole words."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


_REPORT = _words(r"report|tech\.? rep\.?|white ?paper")
_JOURNAL = _words(r"journal|transactions|letters|magazine|review")
_CONFERENCE = _words(
    r"conference|conf\.|proceedings|proc\.|workshops?|symposium|meeting|congress|findings|"
    r"neurips|nips|icml|iclr|acl|emnlp|naacl|eacl|aacl|coling|lrec|sigdial|interspeech|"
    r"icassp|cvpr|iccv|eccv|wacv|aaai|ijcai|uai|aistats|colt|kdd|sigir|www|wsdm|cikm|chi|"
    r"uist|icra|iros|corl|rss|miccai"
)
_JOURNAL_NAMES = _words(r"nature|science|jmlr|tacl|tmlr|tpami|annals|bulletin|acta")
# A venue text that names no venue: a preprint server ("arXiv preprint", dblp's "CoRR").
PREPRINT = re.compile(r"^\s*(arxiv|corr\b|preprint)", re.IGNORECASE)
# "pp. 148-165", "pages 311--318".
_PAGES = re.compile(r"\b(?:pp?\.|pages?)\s*(\d+)\s*(?:-+|–|—)\s*(\d+)", re.IGNORECASE)
# What follows the venue's name in a venue text: its pages, DOI or ids.
_TAIL = re.compile(r"[,;]?\s*\b(?:(?:pp?\.|pages?)\s*\d|doi\b|acl anthology\b).*$", re.IGNORECASE)


def venue_name(venue: str | None) -> str | None:
    """The name of the venue in a venue text, or None when it names none (a preprint).
    The text before a ";" is the venue; what follows is notes about it."""
    if not venue:
        return None
    name = _TAIL.sub("", venue.split(";", 1)[0]).strip(" ,")
    if not name or PREPRINT.match(name):
        return None
    return name


def kind(venue: str | None) -> str:
    """CONFERENCE, JOURNAL, REPORT, or OTHER (no venue, a preprint, or a venue not told)."""
    name = venue_name(venue)
    if name is None:
        return OTHER
    if _REPORT.search(name):
        return REPORT
    if _JOURNAL.search(name):
        return JOURNAL
    if _CONFERENCE.search(name):
        return CONFERENCE
    if _JOURNAL_NAMES.search(name):
        return JOURNAL
    return OTHER


_RANGE = re.compile(r"^\s*(\d+)\s*(?:-+|–|—)\s*(\d+)\s*$")
_DASHES = re.compile(r"(?<=\w)\s*(?:-+|–|—)\s*(?=\w)")


def venue_and_pages(venue: str | None, pages_field: str | None) -> dict[str, str]:
    """The paper fields for a file's venue and pages (420--424). Where the knowledge base
    keeps pages in a field of their own they go there; else into the venue text ("Science,
    pp. 420-424"), which names them for the next export."""
    from readinglist.library import FIELDS

    fields: dict[str, str] = {}
    pages_text = _DASHES.sub("-", pages_field or "").strip()
    if "pages" in FIELDS and pages_text:
        fields["pages"] = pages_text
    elif venue and _RANGE.match(pages_field or ""):
        venue = f"{venue}, pp. {pages_text}"
    if venue:
        fields["venue"] = venue
    return fields


def pages_of(paper: Any) -> str | None:
    """The pages to cite a paper by (148-165): its own pages field where it has one, else
    those its venue text names."""
    own = getattr(paper, "pages", None)
    if own:
        return str(own)
    found = pages(paper.venue)
    return f"{found[0]}-{found[1]}" if found else None


def bibtex_pages(text: str) -> str:
    """Pages as BibTeX writes a range: 148--165."""
    return _DASHES.sub("--", text)


def pages(venue: str | None) -> tuple[str, str] | None:
    """The first and last page a venue text names."""
    found = _PAGES.search(venue or "")
    return (found.group(1), found.group(2)) if found else None


# Entry types that name a venue of their own (a journal, proceedings, an institution): one
# without a venue is told by the venue text instead (Google Scholar writes an arXiv preprint
# as an @article in "arXiv preprint arXiv:...", which names none).
NEEDS_VENUE = frozenset({"article", "inproceedings", "incollection", "inbook", "techreport",
                         "report", "phdthesis", "mastersthesis", "thesis"})  # fmt: skip


def publication(paper: Any) -> dict[str, str]:
    """How a paper was published as the file it came from said (its entry type, volume,
    number, publisher, ISBN), while its venue is still the one they go with: a source that
    later gave another venue makes them another paper's details."""
    stored: dict[str, str] = getattr(paper, "publication", None) or {}
    if stored.get("venue") != (paper.venue or None):
        return {}
    if stored.get("type") in NEEDS_VENUE and not venue_name(paper.venue):
        return {name: value for name, value in stored.items() if name != "type"}
    return stored
