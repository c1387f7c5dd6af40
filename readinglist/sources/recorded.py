"""Records read from a JSON file instead of the network: `rl add --load FILE.json`, as the
dogsheep tools' --load does. For scripts, tests, and answers saved while offline.

The file holds a JSON list of records, each an object with PaperRecord's fields ("title"
required; "source" defaults to "recorded"; authors, categories as lists; ids as
[scheme, value] pairs). Looking up an id answers the record that has it; searching a title
answers every record, and the matcher decides, exactly as with a source's search results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from readinglist.errors import InvalidInput
from readinglist.identifiers import PaperId, parse_arxiv_id
from readinglist.sources import PaperRecord, SourceRef


def recorded_sources(path: Path) -> list[SourceRef]:
    """The chain for `rl add --load FILE.json`: the file alone. Its answers are not cached:
    the file is the answer, and a cache would outlive it."""
    source = RecordedSource.from_file(path)
    return [SourceRef(source.name, frozenset({"arxiv", "doi"}), source=source, cacheable=False)]


class RecordedSource:
    name = "recorded"

    def __init__(self, records: list[PaperRecord]) -> None:
        self.records = records

    @classmethod
    def from_file(cls, path: Path) -> RecordedSource:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidInput(f"{path} does not exist.") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InvalidInput(f"cannot read records from {path}: {e}.") from None
        if not isinstance(data, list):
            raise InvalidInput(f"{path} must hold a JSON list of records, one object each.")
        return cls([_record(item, path, n) for n, item in enumerate(data, 1)])

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        for record in self.records:
            if ident.scheme == "doi" and record.doi and record.doi.lower() == ident.value.lower():
                return record
            arxiv = parse_arxiv_id(ident.value) if ident.scheme == "arxiv" else None
            if arxiv is not None and record.arxiv_id == arxiv.id:
                return record
        return None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        return self.records[:limit]


def _record(item: Any, path: Path, n: int) -> PaperRecord:
    if not isinstance(item, dict) or not isinstance(item.get("title"), str):
        raise InvalidInput(f'{path}: record {n} is not an object with a "title".')
    data = {"source": "recorded", **item}
    if data.get("year") is None and str(data.get("published") or "")[:4].isdigit():
        data["year"] = int(str(data["published"])[:4])
    data.setdefault("source_id", data.get("arxiv_id") or data.get("doi"))
    try:
        return PaperRecord.from_dict(data)
    except (TypeError, ValueError) as e:
        raise InvalidInput(f"{path}: record {n} cannot be read ({e}).") from None
