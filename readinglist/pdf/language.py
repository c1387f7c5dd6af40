"""Which language a text is in, from its function words: no model, no dependency.

Abstracts come in a handful of languages (English above all, then those of the journals and
theses that print a second abstract). Every language has a few dozen short words (articles,
prepositions, pronouns, auxiliaries) that make up a third or more of any text in it and are
rare in the others; counting them tells the languages apart from about twenty words on.
`guess_language` counts, for each language below, the words of a text that are among its
function words, and names the language with the most when it is clear: at least 8% of the words
and a quarter more of them than the runner-up. Otherwise (too short, mixed, a language not
listed) it says None rather than guess.
"""

from __future__ import annotations

import re

# ISO 639-1 code -> its most frequent function words. A word several languages use often ("de",
# "la", "en") counts for each of them; the guess rests on the words that differ.
_FUNCTION_WORDS: dict[str, str] = {
    "en": (
        "the of and to in is that for with as are on by this we be it from which an or at "
        "not these their has have was were its our can than between such been but into also "
        "more when how they both only while"
    ),
    # (elided words count with their apostrophe: l'eau, d'un, qu'il)
    "fr": (
        "de la le les des du une un est et en dans pour que qui sur au aux par pas avec ce "
        "cette ces nous leur leurs plus sont ou entre sous être été elle il ils mais aussi "
        "dont où à l' d' qu' n' s' c' j'"
    ),
    "de": (
        "der die das und ist in den von zu mit sich des auf für nicht eine einer eines einem "
        "dem im wird werden wurde sind als auch bei aus nach wie oder zur zum über diese "
        "dieser wir es um durch kann ein"
    ),
    "es": (
        "de la que el en y a los las del se por un una con para es al lo como más pero sus su "
        "sobre entre esta este estos fue son ha han también sin muy cuando hay ser según"
    ),
    "pt": (
        "de a o que e do da em um para com não uma os no se na por mais as dos como mas foi "
        "ao das pelo pela pelos pelas são é também seu sua seus suas entre esse essa este "
        "esta nos nas ou já quando muito"
    ),
    "it": (
        "di e il la che a per un in è del della dei delle non con si al alla nel nella sono "
        "come più anche tra questo questa ha hanno stato essere gli lo le una l' dell' un' "
        "all' nell'"
    ),
    "nl": (
        "de het een en van in is dat op te met voor zijn niet aan er ook als bij door "
        "worden wordt werd naar dan uit om deze dit over tot hun"
    ),
}
_VOCABULARIES = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}
# The guess needs this share of the words to be function words of one language, and that
# language to have this many times the count of the next one; fewer than 10 words (a title)
# give no guess.
_MIN_SHARE = 0.08
_MIN_LEAD = 1.25
_MIN_WORDS = 10

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ELIDED = re.compile(r"['’]")


def guess_language(text: str | None) -> str | None:
    """The ISO 639-1 code of the language `text` is written in (en, fr, de, es, pt, it, nl), or
    None when the text is too short or no language stands out."""
    # (an elided article or pronoun counts as itself with its apostrophe: l'eau -> l')
    words = [
        w.lower().replace("’", "'").split("'")[0] + "'" if _ELIDED.search(w) else w.lower()
        for w in _WORD.findall(text or "")
    ]
    if len(words) < _MIN_WORDS:
        return None
    counts = sorted(
        ((sum(w in vocabulary for w in words), code) for code, vocabulary in _VOCABULARIES.items()),
        reverse=True,
    )
    (best, code), (second, _) = counts[0], counts[1]
    if best < _MIN_SHARE * len(words) or best < _MIN_LEAD * second:
        return None
    return code
