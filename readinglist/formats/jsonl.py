"""JSON Lines: the knowledge base as text, one line per category and per paper.

The diffable twin of data/papers.sqlite: it can live in git beside (or instead of) the
binary file, and two branches that add papers merge line by line. Each line is one JSON
object with sorted keys: first the categories in the user's order ({"type": "category",
"slug", "heading"}), then the papers in display order ({"type": "paper", ...}: every stored
field, its ids, its notes with their times and table labels, its citation key). Importing
it into an empty knowledge base gives back an equal one; the text of attached PDFs is not
in it (re-attach PDFs with `rl pdf`).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from readinglist.formats import Entry, Export, Format, Reading
from readinglist.library import FIELDS, LABEL_FORMATS, RESOLUTIONS, STATUSES

CATEGORY, PAPER = "category", "paper"
# What editors and str.splitlines take for a line break besides \n (JSON escapes \r itself):
# written escaped, so that one paper stays one line everywhere.
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
# Paper keys that are no settable field: the importer handles them itself.
_OWN_KEYS = {"type", "id", "position", "added_at", "notes", "citation_key"}
# What each value of a paper must be (any may be null); the others are text.
_INTEGERS = ("year", "version")
_LISTS = ("authors", "arxiv_categories", "candidates", "literal_authors")  # checked in _entry
_OBJECTS = ("ids", "field_sources", "publication")
_CHOICES = {"status": STATUSES, "resolution": RESOLUTIONS, "label_format": LABEL_FORMATS}
_SOURCES = ("abstract_source", "metadata_source")
_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # as the knowledge base takes them
# The times rl sets itself (when a paper was read, added, a note written); published and
# updated are as a source gave them.
_DATES = ("read_at", "added_at", "created_at")


def write(export: Export) -> str:
    lines = [{"type": CATEGORY, "slug": c.slug, "heading": c.heading} for c in export.categories]
    for paper in export.papers:
        data = paper.as_dict()
        data["type"] = PAPER
        data["citation_key"] = export.keys.get(paper.id)
        lines.append(data)
    # A line's own keys are sorted, so that the same paper is always the same line; what is
    # inside a value (a candidate's keys) keeps the order it is stored in.
    return "".join(
        _LINE_BREAKS.sub(
            lambda m: f"\\u{ord(m.group()):04x}",
            json.dumps({key: line[key] for key in sorted(line)}, ensure_ascii=False),
        )
        + "\n"
        for line in lines
    )


def read(text: str) -> Reading:
    reading = Reading(categories=[])
    # Lines end at \n only: str.splitlines would also cut at U+0085 or U+2028 inside a string.
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            if data.get("type") == CATEGORY:
                assert reading.categories is not None
                reading.categories.append((str(data["slug"]), str(data["heading"])))
            elif data.get("type") == PAPER:
                reading.entries.append(_entry(data, number))
            else:
                raise ValueError('no "type" of "category" or "paper"')
        except (ValueError, KeyError, TypeError) as e:
            what = f"missing {e}" if isinstance(e, KeyError) else str(e)
            reading.problems.append((number, f"not a line of rl's JSON Lines ({what}); skipped."))
    return reading


def _entry(data: dict[str, Any], line: int) -> Entry:
    # null is as good as left out: the knowledge base's own default (a hand-edited
    # "resolution": null would break its NOT NULL rule).
    fields = {k: v for k, v in data.items() if k in FIELDS and v is not None}
    unknown = set(data) - set(FIELDS) - _OWN_KEYS
    if unknown:
        raise ValueError(f"unknown keys {', '.join(sorted(unknown))}")
    _check_values({**fields, "added_at": data.get("added_at"),
                   "citation_key": data.get("citation_key")})  # fmt: skip
    # The lists and maps a paper keeps as JSON must be what rl writes, or they could not
    # be read back.
    for key in ("authors", "arxiv_categories", "literal_authors"):
        if not _list_of(fields.get(key, []), str):
            raise ValueError(f'"{key}" is not a list of strings')
    if not _list_of(fields.get("candidates") or [], dict):
        raise ValueError('"candidates" is not a list of objects')
    ids = fields.get("ids") or {}
    if not isinstance(ids, dict) or not all(isinstance(v, str) for v in ids.values()):
        raise ValueError('"ids" is not an object of strings')
    if not _list_of(data.get("notes") or [], dict):
        raise ValueError('"notes" is not a list of objects')
    for note in data.get("notes") or []:
        _check_values({"created_at": note.get("created_at"), "text": note.get("text"),
                       "label": note.get("label")}, key="notes")  # fmt: skip
    notes = [
        (_number(note.get("id")), str(note["created_at"]), str(note["text"]), note.get("label"))
        for note in data.get("notes") or []
    ]
    return Entry(
        line=line,
        fields=fields,
        citation_key=data.get("citation_key"),
        notes=notes,
        paper_id=_number(data.get("id")),
        position=_number(data.get("position")),
        added_at=data.get("added_at"),
    )


def _check_values(values: dict[str, Any], key: str = "") -> None:
    """Refuse a value of the wrong kind (a hand-edited "year": "abc", "doi": 12345, an
    unknown resolution, a read_at that is no date), which would fail or be stored as it is."""
    for name, value in values.items():
        if value is None:
            continue
        said = f'"{key}" {name}' if key else f'"{name}"'
        if name in _INTEGERS:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{said} is not a whole number ({json.dumps(value)})")
        elif name in _OBJECTS:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ValueError(f"{said} is not an object of strings")
        elif name not in _LISTS and not isinstance(value, str):
            raise ValueError(f"{said} is not text ({json.dumps(value)})")
        elif name in _CHOICES and value not in _CHOICES[name]:
            raise ValueError(f"{said} is not one of {', '.join(_CHOICES[name])} ({value!r})")
        elif name in _SOURCES and not _SOURCE_NAME.match(value):
            raise ValueError(f"{said} is not a source name ({value!r})")
        elif name in _DATES and not _is_date(value):
            raise ValueError(f"{said} is not a date and time ({value!r})")


def _is_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _list_of(value: Any, kind: type) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


def _number(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not an id or position")
    return value


FORMAT = Format(
    name="jsonl",
    description="JSON Lines (.jsonl): the whole knowledge base as text, one paper a line",
    suffixes=(".jsonl", ".ndjson"),
    write=write,
    read=read,
)
