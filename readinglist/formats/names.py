"""People's names as rl stores them ("Ashish Vaswani", "Ludwig van Beethoven", "Martin
Luther King Jr.") split into BibTeX's parts (first, von, last, jr) by bibtexparser's
implementation of BibTeX's own rules, and joined back.

BibTeX reads a trailing "Jr." as the last name unless it is written "King, Jr., Martin
Luther"; rl writes it so, and reads it back as "Martin Luther King Jr.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after a surname that are not part of it.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass
class Name:
    first: str
    von: str
    last: str
    jr: str

    @property
    def family(self) -> str:
        """The surname with its particles ("van Beethoven")."""
        return " ".join(p for p in (self.von, self.last) if p)


def is_whole(name: str) -> bool:
    """A name BibTeX must not split: one holding a comma (it would read "Last, First") or
    the word "and" (it would read two people), such as "Barnes and Noble"."""
    return "," in name or re.search(r"\band\b", name, re.IGNORECASE) is not None


def split_name(name: str) -> Name | None:
    """The parts of a name, or None when BibTeX's rules cannot split it (unbalanced braces,
    too many commas)."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    words = name.split()
    suffix = ""
    if "," not in name and len(words) >= 3 and words[-1].lower().rstrip(".") in SUFFIXES:
        suffix, name = words[-1], " ".join(words[:-1])
    try:
        parts = parse_single_name_into_parts(name)
    except InvalidNameError:
        return None
    jr = " ".join(parts.jr) or suffix
    return Name(" ".join(parts.first), " ".join(parts.von), " ".join(parts.last), jr)


def plain(parts: Name) -> str:
    """A name as rl stores it: "First von Last Jr"."""
    return " ".join(p for p in (parts.first, parts.von, parts.last, parts.jr) if p)
