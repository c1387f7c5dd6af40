"""A README's reading list: read it (reader.py, over markdown-it-py's token stream; entry.py
for one entry, links.py for what a link points at, words.py for the words lists use) and
import it (importing.py)."""

from readinglist.readme.importing import (
    ImportResult,
    Placed,
    SectionResult,
    import_reading_list,
    new_headings,
    slugify,
)
from readinglist.readme.reader import (
    SHAPES,
    Reading,
    Row,
    Section,
    Skipped,
    parse_reading_list,
    read_readme,
)

__all__ = [
    "SHAPES",
    "ImportResult",
    "Placed",
    "Reading",
    "Row",
    "Section",
    "SectionResult",
    "Skipped",
    "import_reading_list",
    "new_headings",
    "parse_reading_list",
    "read_readme",
    "slugify",
]
