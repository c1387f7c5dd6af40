"""Text as BibTeX field values hold it, and back: Unicode <-> LaTeX, through pylatexenc.

`to_latex` escapes what LaTeX would act on (& % $ # _ { } ~ ^ \\) and, for classic BibTeX,
writes non-ASCII letters as LaTeX accents in braces ({\\"o}, {\\o}), which BibTeX treats as
one letter when it abbreviates, sorts or changes case. `from_latex` reads what any BibTeX
file holds (ours and other tools') back into the text: from_latex(to_latex(s)) == s. It
keeps every word: the argument of a formatting macro (\\texttt{word2vec}), logos (\\LaTeX),
a link's text, a citation's key; and a value pylatexenc fails on loses only its macro names.

Reading is the slow part of an import (pylatexenc parses LaTeX at about 0.3 ms a field), so
a value without a backslash, dollar or ligature only loses its braces, and the values that
need pylatexenc are remembered (author names repeat across a library).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

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


# A span of math in a stored text, as a .bib file or arXiv wrote it ("in $\\mathcal{O}(n^2)$
# time"): from a $ to the next, with no space just inside either (so that a price, "$5 and
# $10", is none). It is math when it holds what only math has (a command, ^, _, braces) or is
# one letter ($n$), and BibTeX and LaTeX can read it as written: its braces balanced, no
# bare % (a comment), # or &.
_MATH_SPAN = re.compile(r"\$(?=\S)([^$]*?\S)\$")
_MATH_SIGN = re.compile(r"[\\^_{}]|^[A-Za-z]$")
_NOT_IN_MATH = re.compile(r"(?<!\\)[%#&]")


def to_latex(text: str, *, ascii_only: bool, math: bool = False) -> str:
    """`text` as a BibTeX field value that LaTeX prints as `text` exactly. With `ascii_only`
    (classic BibTeX), other letters become LaTeX accents; without (biber reads UTF-8),
    they stay as they are. Characters LaTeX has no name for stay as they are either way.
    With `math`, a span of math ($\\ell_1$) is written as it is, for LaTeX to typeset: it
    came from LaTeX, and from_latex reads it back as it is."""
    if math and "$" in text:
        pieces, last = [], 0
        for span in _MATH_SPAN.finditer(text):
            if _is_math(span.group(1)):
                pieces += [to_latex(text[last : span.start()], ascii_only=ascii_only),
                           span.group()]  # fmt: skip
                last = span.end()
        if pieces:
            return "".join(pieces) + to_latex(text[last:], ascii_only=ascii_only)
    escaped = _LIGATURE.sub("{}", _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text))
    if not ascii_only or escaped.isascii():
        return escaped
    return "".join(
        cluster
        if cluster.isascii() or len(cluster) > 1 or unicodedata.combining(cluster)
        else _letter_as_latex(cluster)
        for cluster in _clusters(escaped)
    )


def _is_math(inside: str) -> bool:
    if not _MATH_SIGN.search(inside) or _NOT_IN_MATH.search(inside):
        return False
    # BibTeX counts every brace, \\{ too: the field must stay balanced for it.
    depth = 0
    for brace in _BRACES.finditer(inside):
        depth += 1 if brace.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


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
    (which only protect case) dropped, math kept as written ($x_1$). Never fails: a value
    pylatexenc cannot read is stripped of its macro names and braces instead."""
    if not _NEEDS_PARSER.search(value):
        return _BRACES.sub("", value).replace("~", _NBSP)
    if len(value) > _CACHED_LENGTH:
        return _parse(value)
    return _parse_cached(value)


@lru_cache(maxsize=65536)
def _parse_cached(value: str) -> str:
    return _parse(value)


def _parse(value: str) -> str:
    converter, walker_context = _converter()
    # A URL is verbatim in LaTeX (\url{a_b%20c}); pylatexenc would read its % as a comment
    # and its & or ~ as text: each goes through as a placeholder and comes back as written.
    urls: list[str] = []

    def hold(m: re.Match[str]) -> str:
        urls.append(m.group(2))
        return f"{m.group(1)}{{{_HELD}{len(urls) - 1}{_HELD}}}"

    held = _URL_ARGUMENT.sub(hold, value) if "\\" in value else value
    try:
        text = str(converter.latex_to_text(held, latex_context=walker_context))
    except Exception:
        # pylatexenc fails on some input (a bare \\footnote, \\title): one field it cannot
        # read must not end an import.
        text = _roughly(held)
    if urls:
        text = _HELD_URL.sub(lambda m: urls[int(m.group(1))], text)
    return text


# The URL argument of \url, \href and their kin; where it is held meanwhile.
_URL_ARGUMENT = re.compile(r"(\\(?:url|href|path|nolinkurl)\s*)\{([^{}]*)\}")
_HELD = "\ue000"
_HELD_URL = re.compile(f"{_HELD}(\\d+){_HELD}")


# What is left of a value pylatexenc could not read: a macro's name goes, its arguments
# stay (\emph{word}: word), an escaped character is itself (\&: &).
_MACRO_NAME = re.compile(r"\\([A-Za-z]+\*?|.)")


def _roughly(value: str) -> str:
    text = _MACRO_NAME.sub(lambda m: m.group(1) if len(m.group(1)) == 1 else "", value)
    return _BRACES.sub("", text).replace("~", _NBSP)


# Macros whose argument is the text LaTeX prints (in another font, box or case).
_KEEP_ARGUMENT = ("texttt", "textsf", "textup", "textmd", "textnormal", "textsuperscript",
                  "textsubscript", "mbox", "hbox", "fbox", "NoCaseChange", "enquote",
                  "mkbibquote", "mkbibemph", "mkbibbold", "path", "nolinkurl")  # fmt: skip
_UPPER_CASE, _LOWER_CASE = ("MakeUppercase", "uppercase"), ("MakeLowercase", "lowercase")
# Logos LaTeX prints as a word of its own.
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
          "BibLaTeX": "BibLaTeX", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX",
          "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX",
          "AmS": "AMS"}  # fmt: skip
# Macros that print nothing a reader wants in the text: \noopsort{a} only sorts the entry
# (BibTeX's trick for ordering), the others are layout.
_DISCARD = ("noopsort", "nocite", "label", "hspace", "vspace", "hphantom", "vphantom",
            "color", "index", "hypersetup", "input", "include")  # fmt: skip
# Citation macros: their keys are kept, in brackets, rather than pylatexenc's "<cit.>".
_CITES = ("cite", "citet", "citep", "citealt", "citealp", "citeauthor", "citeyear",
          "citeyearpar", "parencite", "textcite", "autocite", "footcite", "citenum")  # fmt: skip
# The arguments of macros pylatexenc's parser does not know, or knows too few of.
_ARGUMENTS = {**dict.fromkeys((*_KEEP_ARGUMENT, *_UPPER_CASE, *_LOWER_CASE, "noopsort",
                               "index"), "{"),
              **dict.fromkeys(("parencite", "textcite", "autocite", "footcite", "nocite"),
                              "*[[{"),
              "href": "{{", "textcolor": "[{{",
              # pylatexenc would take the next letter for a file name to read.
              "input": "", "include": ""}  # fmt: skip


def _arguments(node: Any) -> list[Any]:
    return [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]


def _last_argument(node: Any, l2tobj: Any) -> str:
    return str(l2tobj.nodelist_to_text(_arguments(node)[-1:]))


def _upper(node: Any, l2tobj: Any) -> str:
    return _last_argument(node, l2tobj).upper()


def _lower(node: Any, l2tobj: Any) -> str:
    return _last_argument(node, l2tobj).lower()


def _verbatim(node: Any) -> str:
    return str(getattr(node.nodeargd, "verbatim_text", ""))


def _cited(node: Any, l2tobj: Any) -> str:
    """A citation's keys, in brackets: [vaswani2017attention]."""
    keys = _last_argument(node, l2tobj).strip()
    return f"[{keys}]" if keys else ""


def _link_text(node: Any, l2tobj: Any) -> str:
    """\\href{url}{text}: the text, or the URL when there is none."""
    args = _arguments(node)
    text = str(l2tobj.nodelist_to_text(args[1:2]))
    return text if text.strip() else str(l2tobj.nodelist_to_text(args[:1]))


@cache
def _converter() -> tuple[LatexNodes2Text, Any]:
    """pylatexenc's converter as rl reads field values, and the parser context it needs
    (which macros take arguments). pylatexenc's own drops the argument of the macros it has
    no text rule for (\\texttt{word2vec}: nothing), prints logos as nothing, writes a
    citation as "<cit.>" and reads \\href with no arguments, then fails on it."""
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
    from pylatexenc.macrospec import std_macro

    walker = latexwalker.get_default_latex_context_db()
    walker.add_context_category(
        "rl", prepend=True, macros=[std_macro(name, spec) for name, spec in _ARGUMENTS.items()]
    )
    context = get_default_latex_context_db().filter_context(keep_categories=None)
    macros = [
        # pylatexenc reads \textasciicircum as the modifier letter U+02C6; LaTeX prints "^".
        MacroTextSpec("textasciicircum", simplify_repl="^"),
        *(MacroTextSpec(name, discard=False) for name in _KEEP_ARGUMENT),
        # A logo keeps the space after it, which LaTeX would eat ("\\TeX book": TeXbook).
        *(MacroTextSpec(name, simplify_repl=lambda n, w=word: w + n.macro_post_space)
          for name, word in _LOGOS.items()),
        *(MacroTextSpec(name, discard=True) for name in _DISCARD),
        *(MacroTextSpec(name, simplify_repl=_cited) for name in _CITES),
        *(MacroTextSpec(name, simplify_repl=_upper) for name in _UPPER_CASE),
        *(MacroTextSpec(name, simplify_repl=_lower) for name in _LOWER_CASE),
        MacroTextSpec("href", simplify_repl=_link_text),
        MacroTextSpec("url", simplify_repl=_last_argument),
        MacroTextSpec("textcolor", simplify_repl=_last_argument),
        MacroTextSpec("verb", simplify_repl=_verbatim),
    ]  # fmt: skip
    context.add_context_category("rl", prepend=True, macros=macros)
    # A macro whose arguments the parser knows and that has no rule prints its arguments.
    context.set_unknown_macro_spec(MacroTextSpec("", discard=False))
    # pylatexenc logs what it reads as best it can ("\\frac failed its substitution") to
    # stderr; rl reads field values, not documents, and says nothing of them.
    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    return LatexNodes2Text(latex_context=context, math_mode="verbatim"), walker
