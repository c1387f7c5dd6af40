"""Text clean-up: what PyMuPDF reads -> the words a reader sees.

PDFs print ligatures as single glyphs, LaTeX's OT1 fonts set accents as characters of their
own beside the letter, and fonts without a Unicode map give control characters; all three are
mended here, on plain strings, for every stage.

A hyphen at the end of a line is dropped or kept by what the rest of the paper prints: the
joined word, or the hyphenated pair in mid-line (`HyphenEvidence`). PyMuPDF's own dehyphenate
flag joins every such hyphen, turning "parameter-efficient" into "parameterefficient".
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

# Presentation-form ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ, Ĳ, Ǆ...): NFKC turns each into its letters. Applied
# to these only, so that ², ™ and µ stay as printed.
_LIGATURE = re.compile("[\ufb00-\ufb06\u0132\u0133\u013f\u0140\u01c4-\u01cc\u01f1-\u01f3]")
# LaTeX's OT1 fonts print accents as separate spacing characters before the letter ("M´exico").
SPACING_ACCENT = {
    "\u00b4": "\u0301",
    "`": "\u0300",
    "\u00a8": "\u0308",
    "\u02c6": "\u0302",
    "\u02dc": "\u0303",
    "\u00b8": "\u0327",
    "\u02c7": "\u030c",
    "\u02d8": "\u0306",
}
# (˚ is left alone: it serves as a degree sign as often as as a ring accent. The cedilla, set
# under its letter, comes before it in the text layer too: "difra¸cão".)
_LOOSE_ACCENT = re.compile("([\u00b4`\u00a8\u02c6\u02dc\u02c7\u02d8\u00b8]) ?([a-zA-Z\u0131])")
# A copyright sign built from two glyphs, a c and a large circle (LaTeX 2.09's \copyright, and
# OT1 fonts without one), reads as c with a combining enclosing circle, in either order.
TWO_GLYPH_COPYRIGHT = re.compile("c\u20dd|\u20ddc")
# Control characters and U+FFFD: glyphs whose font has no Unicode map. They carry nothing.
UNMAPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """`text` with every run of whitespace one space, and none at the ends."""
    return _SPACES.sub(" ", text).strip()


def _fix_accent(m: re.Match[str]) -> str:
    letter = "i" if m.group(2) == "\u0131" else m.group(2)
    return unicodedata.normalize("NFC", letter + SPACING_ACCENT[m.group(1)])


def clean_text(text: str) -> str:
    """Ligatures to letters (NFKC), loose accents onto their letters, a two-glyph copyright sign
    to ©, unmapped glyphs out, whitespace collapsed."""
    text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _LOOSE_ACCENT.sub(_fix_accent, text)
    text = TWO_GLYPH_COPYRIGHT.sub("\u00a9", text)
    text = UNMAPPED.sub("", text)
    return collapse_spaces(text)


# ---------------------------------------------------------------------------------------------
# Line-end hyphens


_WORDISH = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
_HYPHENS = re.compile("[-\u2010]")
# (\b first: without it the search restarts inside every word.)
_LINE_BREAK_WORD = re.compile(r"\b[^\W\d_]*[-\u2010\u00ad][ \t]*\n\s*[^\W\d_]*")
# The word a line ends with, before its final hyphen ("state-of-the-" -> "state-of-the").
_HYPHENATED_TAIL = re.compile(r"([^\W\d_]+(?:[-\u2010][^\W\d_]+)*)[-\u2010]$")
# How much of a line's end the search above looks at, in characters: longer than any
# hyphenated compound, and it spares the regex a long line's whole length.
_HYPHENATED_TAIL_CHARS = 80
_LEADING_WORD = re.compile(r"[^\W\d_]+")
# The fewest letters TeX leaves before a hyphen at a line break (\lefthyphenmin is 2; word
# processors agree).
_LEFT_HYPHEN_MIN = 2
# Words after a line-end hyphen that make it a suspended hyphen ("token- and sentence-level").
_SUSPENDED = {"and", "or", "nor", "to", "versus", "vs"}


@dataclass
class HyphenEvidence:
    """How the paper spells words in mid-line, where no line break forced a hyphen."""

    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Text still to count, read only when a hyphen needs deciding: most of the time spent on a
    # paper goes into reading its later pages, and many abstracts break no word.
    pending: Iterator[str] | None = None

    def add_text(self, text: str) -> None:
        """Count the words of `text` (lines separated by newlines), leaving out the words a
        line-end hyphen splits: they are what is being decided."""
        tokens = _WORDISH.findall(_LINE_BREAK_WORD.sub(" ", text.lower()))
        self.words.update(tokens)
        for token in tokens:
            if "-" in token or "\u2010" in token:
                parts = _HYPHENS.split(token)
                self.words.update(parts)
                self.pairs.update(itertools.pairwise(parts))

    def keeps_hyphen(self, before: str, after: str) -> bool:
        """Whether `before-` at a line end and `after` at the next line's start form a word
        with a real hyphen (True) or one word broken across the lines (False)."""
        if self.pending is not None:
            for text in self.pending:
                self.add_text(text)
            self.pending = None
        pieces = _HYPHENS.split(before)
        head = pieces[-1]
        joined = self.words[(head + after).lower()]
        hyphenated = self.pairs[(head.lower(), after.lower())]
        if joined or hyphenated:
            return hyphenated > joined
        if len(pieces) > 1:
            # TeX never hyphenates a word that already has a hyphen: this one is real.
            return True
        if len(head) < _LEFT_HYPHEN_MIN:
            # Nor does it break a word this close to its start: "f-divergence", "k-means",
            # "t-test".
            return True
        # Syllable breaks never start a capital or a digit: "BERT-", "Large"; "GPT-", "3".
        return after[:1].isupper() or any(c.isdigit() for c in head + after[:1])


def join_lines(lines: Sequence[str], evidence: HyphenEvidence) -> str:
    """Lines of one paragraph -> one string, deciding each line-end hyphen on the evidence."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        prev = parts[-1]
        if prev.endswith("\u00ad"):
            parts[-1] = prev[:-1]
            parts.append(line)
            continue
        tail = _HYPHENATED_TAIL.search(prev[-_HYPHENATED_TAIL_CHARS:])
        first = _LEADING_WORD.match(line)
        if tail and first:
            after = first.group()
            if after.lower() in _SUSPENDED:
                parts.extend((" ", line))
            elif evidence.keeps_hyphen(tail.group(1), after):
                parts.append(line)
            else:
                parts[-1] = prev[:-1]
                parts.append(line)
        else:
            parts.extend((" ", line))
    return "".join(parts)


def paragraph_text(lines: Sequence[str], evidence: HyphenEvidence) -> str:
    """Lines of one paragraph -> its clean text."""
    return clean_text(join_lines(lines, evidence))
