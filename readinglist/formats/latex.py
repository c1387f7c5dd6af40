"""Text as BibTeX field values hold it, and back: Unicode <-> LaTeX, through pylatexenc.

`to_latex` escapes what LaTeX would act on (& % $ # _ { } ~ ^ \\) and, for classic BibTeX,
writes non-ASCII letters as LaTeX accents in braces ({\\"o}, {\\o}), which BibTeX treats as
one letter when it abbreviates, sorts or changes case. `from_latex` reads what any BibTeX
file holds (ours and other tools') back into the text: from_latex(to_latex(s)) == s.

Reading is the slow part of an import (pylatexenc parses LaTeX at about 0.3 ms a field), so
a value without a backslash, dollar or ligature only loses its braces, and the values that
need pylatexenc are remembered (author names repeat across a library).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

# What each ASCII character LaTeX acts on is written as. \textasciicircum and
# \textasciitilde rather than \^{} and \~{}, which are accents on nothing.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
# LaTeX's ligatures (-- and --- are dashes, `` and '' quotes): a run of them is written with
# an empty group between, so it reads back as the characters typed.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')")
# In what is read back, what only pylatexenc understands: commands, math, ligatures.
_NEEDS_PARSER = re.compile(r"[\\$]|--|``|''")
_BRACES = re.compile(r"[{}]")
_NBSP = "\u00a0"
# Values longer than this are not remembered (abstracts): they rarely repeat.
_CACHED_LENGTH = 200


def to_latex(text: str, *, ascii_only: bool) -> str:
    """`text` as a BibTeX field value that LaTeX prints as `text` exactly. With `ascii_only`
    (classic BibTeX), other letters become LaTeX accents; without (biber reads UTF-8),
    they stay as they are. Characters LaTeX has no name for stay as they are either way."""
    escaped = _LIGATURE.sub("{}", _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text))
    if not ascii_only or escaped.isascii():
        return escaped
    return "".join(
        cluster
        if cluster.isascii() or len(cluster) > 1 or unicodedata.combining(cluster)
        else _letter_as_latex(cluster)
        for cluster in _clusters(escaped)
    )


@lru_cache(maxsize=4096)
def _letter_as_latex(letter: str) -> str:
    """A non-ASCII letter as a LaTeX accent, when that reads back as the letter itself:
    pylatexenc writes some as their nearest look-alike (ŧ as t with a macron), and those
    stay as they are."""
    from pylatexenc.latexencode import unicode_to_latex

    latex = unicode_to_latex(
        letter,
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )
    return latex if from_latex(latex) == letter else letter


def _clusters(text: str) -> list[str]:
    """`text` as letters with the combining marks that follow them ("i" + U+0307). Such a
    letter, or a mark on nothing, stays as it is: pylatexenc would write the mark alone, as
    an accent on nothing (\\ensuremath{\\dot{}}), and the letter would read back without it."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def from_latex(value: str) -> str:
    """The text a BibTeX field value stands for: accents and escapes resolved, braces
    (which only protect case) dropped, math kept as written ($x_1$)."""
    if not _NEEDS_PARSER.search(value):
        return _BRACES.sub("", value).replace("~", _NBSP)
    if len(value) > _CACHED_LENGTH:
        return _parse(value)
    return _parse_cached(value)


@lru_cache(maxsize=65536)
def _parse_cached(value: str) -> str:
    return _parse(value)


def _parse(value: str) -> str:
    return _converter().latex_to_text(value)


@cache
def _converter() -> LatexNodes2Text:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context(keep_categories=None)
    # pylatexenc reads \textasciicircum as the modifier letter U+02C6; LaTeX prints "^".
    context.add_context_category(
        "rl", prepend=True, macros=[MacroTextSpec("textasciicircum", simplify_repl="^")]
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")
