"""The citation key a paper would like: first author's surname, year, first significant
word of the title, in lower-case ASCII (vaswani2017attention), as Google Scholar writes them.

Pure. The Library stores keys, makes them unique (vaswani2017attentiona, ...) and never
changes one once given.
"""

from __future__ import annotations

import re
import unicodedata

from readinglist.formats.names import split_name
from readinglist.library import Paper

# Words a title starting with them is not about ("A Neural Conversational Model": neural).
STOP_WORDS = frozenset(["a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with",
                        "from", "by", "at", "as", "into", "onto", "via", "is", "are", "be",
                        "do", "does"])  # fmt: skip
# Letters NFKD does not take apart into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                          "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae",
                          "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i"})  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
# What a key must not hold to be cited in LaTeX and read back by BibTeX and biber: spaces,
# and the characters that end or quote a key or a value in a .bib file.
_NOT_IN_KEY = re.compile(r"[\s,{}#%\"'()=\\~]")
# A key for a paper with no author.
ANONYMOUS = "anon"


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of `text`, accents dropped (Schölkopf: scholkopf)."""
    folded = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(_WORD.findall(folded.encode("ascii", "ignore").decode().lower()))


def surname(name: str) -> str:
    """The last name of an author, without particles or suffix ("Ludwig van Beethoven":
    Beethoven), as BibTeX splits names."""
    parts = split_name(name)
    if parts is not None and parts.last:
        return parts.last
    words = name.split()
    return words[-1] if words else ""


def first_word(title: str) -> str:
    for word in title.split():
        folded = ascii_word(word)
        if folded and folded not in STOP_WORDS:
            return folded
    return ""


def is_citable(key: str) -> bool:
    """Whether `key` can cite a paper (\\cite{key}) and be written as a .bib entry's key."""
    return bool(key) and not _NOT_IN_KEY.search(key)


def citable(key: str) -> str:
    """`key` without what a key must not hold: a key stored before rl refused such keys
    ("key with space") is written so that the file can be read (keywithspace)."""
    return _NOT_IN_KEY.sub("", key) or ANONYMOUS


def wanted_key(paper: Paper) -> str:
    first = paper.authors[0] if paper.authors else ""
    # An organisation is cited by its whole name (atlascollaboration2020...).
    author = ascii_word(first if first in paper.literal_authors else surname(first))
    return f"{author or ANONYMOUS}{paper.year or ''}{first_word(paper.title)}"
