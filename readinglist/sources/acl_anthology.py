"""The ACL Anthology's own metadata: the XML files of its repository (data/xml/*.xml of
github.com/acl-org/acl-anthology), read into PaperRecords by Anthology id.

The Anthology has no query API, so this is a local source: point it at XML files (one
collection each, such as P02.xml or 2022.coling.xml). The shipped knowledge base takes the
metadata of the user's ACL papers from excerpts of these files (data/acl-anthology/).

Traps in the XML: titles carry <fixed-case> markup ("<fixed-case>B</fixed-case>leu"), page
ranges an en dash, venue and year live in the volume's <meta>, old volumes have no abstract
and non-ACL publishers (COLING 2022) no DOI. Old-style ids join collection and volume with a
dash and pad the paper number (P02 volume 1 paper 40 is P02-1040); new-style ids join them
with dots (2022.coling volume 1 paper 23 is 2022.coling-1.23).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from readinglist.identifiers import PaperId
from readinglist.sources import PaperRecord


class AclAnthologySource:
    """Records from Anthology XML files: lookup by ACL id; no title search."""

    name = "acl"

    def __init__(self, files: Iterable[Path]) -> None:
        self.records: dict[str, PaperRecord] = {}
        for path in files:
            self.records.update(read_collection(path))

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        return self.records.get(ident.value) if ident.scheme == "acl" else None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        return []


def read_collection(path: Path) -> dict[str, PaperRecord]:
    """Every paper of one Anthology XML file, by Anthology id."""
    root = ElementTree.parse(path).getroot()
    collection = root.get("id", "")
    found: dict[str, PaperRecord] = {}
    for volume in root.iter("volume"):
        meta = volume.find("meta")
        venue = _text(meta.find("booktitle")) if meta is not None else None
        year_text = _text(meta.find("year")) if meta is not None else None
        year = int(year_text) if year_text and year_text.isdigit() else None
        for paper in volume.iter("paper"):
            ident = _paper_id(collection, volume.get("id", ""), paper.get("id", ""))
            authors = tuple(
                " ".join(p for p in (_text(a.find("first")), _text(a.find("last"))) if p)
                for a in paper.findall("author")
            )
            pages = _text(paper.find("pages"))
            found[ident] = PaperRecord(
                title=_text(paper.find("title")) or "",
                source="acl",
                source_id=ident,
                authors=authors,
                year=year,
                abstract=_text(paper.find("abstract")),
                published=f"{year:04d}-01-01T00:00:00+00:00" if year else None,
                doi=_text(paper.find("doi")),
                venue=venue,
                pages=pages.replace("\u2013", "-") if pages else None,
                url=f"https://aclanthology.org/{ident}",
                ids=(("acl", ident),),
            )
    return found


def _paper_id(collection: str, volume: str, paper: str) -> str:
    if "." in collection:  # new style: 2022.coling-1.23
        return f"{collection}-{volume}.{paper}"
    return f"{collection}-{volume}{int(paper):03d}"  # old style: P02-1040


def _text(element: ElementTree.Element | None) -> str | None:
    """An element's whole text, markup such as <fixed-case> dropped, spacing normalised."""
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None
