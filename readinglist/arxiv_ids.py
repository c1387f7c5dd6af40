"""Recognise arXiv identifiers in the forms people paste them.

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


def split_entry_id(entry_id: str) -> ArxivId:
    """`http://arxiv.org/abs/1706.03762v7` -> ArxivId('1706.03762', 7)."""
    parsed = parse_arxiv_id(entry_id)
    if parsed is None:
        raise ValueError(f"not an arXiv entry id: {entry_id!r}")
    return parsed
