"""Which paper does the user mean? The matching rules: clean the user's text, score each
candidate record a source gave, decide.

Precision comes before recall: a wrong match silently corrupts the reading list. So a candidate
is accepted only when its title is the user's title after normalisation (case, accents,
punctuation, spacing and hyphens), or differs from it only by a dropped subtitle, by small
words ("for" / "on") or by one typo inside one word. Anything merely similar is asked about,
and nothing close enough means no source had the paper. Sources rank by their own notion of
relevance (arXiv puts "Tool Attention Is All You Need: ..." above "Attention Is All You
Need"), so their order is never trusted: every candidate is scored.

Pure: titles and records in, a decision out. No database, no network, no printing; this
module knows no source by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readinglist.sources import PaperRecord

RESOLVED = "resolved"  # one paper, confidently
UNSURE = "unsure"  # some candidates come close; the user decides
ABSENT = "absent"  # the sources answered, and nothing is close: no source has it

ACCEPT = 0.95  # scores from here on are "the same title" (see _compare)
ASK = 0.80  # from here on a candidate is worth showing the user as a likely match
SHOW = 0.60  # weaker candidates still listed beside a likely one, to choose from
LONGER_IN_FRONT = 0.75  # highest score of a title that is the user's with words in front
MAX_CANDIDATES = 5
# A typo is accepted only inside a word this long or longer: in shorter words one letter makes
# another word ("from" / "form").
TYPO_LENGTH = 5
# A year given by the user may be the conference year, a year after the arXiv preprint, and is
# sometimes simply wrong; only a gap wider than this keeps an exact title from being accepted.
YEAR_TOLERANCE = 2

# Lucene's English stop words, which search engines drop anyway; "not" and "no" are kept
# when comparing titles: "Not All Attention Is All You Need" is a different paper.
_SMALL = "a an and are as at be but by for if in into is it of on or such that the their then "
SMALL_WORDS = frozenset((_SMALL + "there these they this to was will with").split())

# Match kinds, as shown to the user.
EXACT = "same title"
SUBTITLE = "same title without its subtitle"
SMALL_WORDS_DIFFER = "same title apart from small words"
TYPO = "same title but for a typo"
PREFIX = "your title is the start of a longer one"
SIMILAR = "similar title"


@dataclass(frozen=True)
class ParsedTitle:
    """The user's text split into the title to look for and the hints around it."""

    text: str  # as the user wrote it
    title: str  # the title to search for: label prefixes removed
    year: int | None = None  # from a prefix like (2015), 2022- or (Zhang 2020a)
    hints: tuple[str, ...] = ()  # other words of those prefixes: GPT2, Zhang, latent diffusion
    nickname: str | None = None  # a leading token like "GPT3 " that may or may not be title
    readings: tuple[str, ...] = ()  # every way to read the text, best first (scoring takes max)
    key: str = ""  # the title normalised: what duplicates and cached answers are found by
    # The text around the title as the user typed it ("(2017)", "GPT3 ", " (2015)"): a label
    # made from the paper's title keeps them, as `before + title + after`.
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Candidate:
    record: PaperRecord
    score: float
    match: str

    def summary(self) -> dict[str, object]:
        """The stored form: papers.candidates holds a list of these."""
        return {
            "source": self.record.source,
            "id": self.record.source_id,
            "arxiv_id": self.record.arxiv_id,
            **({"doi": self.record.doi} if self.record.doi else {}),
            "title": self.record.title,
            "score": round(self.score, 2),
        }


@dataclass(frozen=True)
class Resolution:
    status: str  # RESOLVED, UNSURE or ABSENT
    parsed: ParsedTitle | None  # None when the user gave an identifier
    record: PaperRecord | None = None  # the paper, when RESOLVED
    candidates: tuple[Candidate, ...] = ()  # best first, when UNSURE
    reason: str = ""  # why, in words for the user


# -- cleaning ------------------------------------------------------------------------------

_PREFIX_GROUP = re.compile(r"^\s*\\?[(\[]\s*([^()\[\]\\]{1,40}?)\s*\\?[)\]]\s*")
_YEAR = re.compile(r"(?<![\w.])((?:19|20)\d{2})[a-z]?(?![\w.])")
_YEAR_PREFIX = re.compile(r"^\s*((?:19|20)\d{2})[a-z]?\s*[-–—:.]\s*(?=\S)")
_YEAR_SUFFIX = re.compile(r"\s*\\?[(\[]\s*((?:19|20)\d{2})[a-z]?\s*\\?[)\]]\s*$")
_NICKNAME = re.compile(r"^([A-Za-z]+\d+[A-Za-z\d]*)\s+(?=\S+\s+\S)")


def parse_title(text: str) -> ParsedTitle:
    """Strip the labels people put around titles and keep them as hints.

    "(Zhang 2020a)Modeling ..." -> year 2020, hint "Zhang"; "2022-A Survey ..." -> year 2022;
    "(GPT2)language models ..." -> hint "GPT2"; "GPT3 Language Models ..." -> nickname "GPT3",
    searched without it but also scored with it, in case it belongs to the title.
    """
    original = " ".join(text.split())
    rest = original
    head = 0  # how much of `original` lies before `rest`
    year: int | None = None
    hints: list[str] = []
    for _ in range(3):  # "(2018b) \[Note\] Personalizing ..." has two
        m = _PREFIX_GROUP.match(rest)
        if not m or not rest[m.end() :].strip():
            break
        inside = m.group(1)
        found = _YEAR.search(inside)
        if found:
            year = year or int(found.group(1))
            inside = inside[: found.start()] + inside[found.end() :]
        if inside.strip():
            hints.append(" ".join(inside.split()))
        rest, head = rest[m.end() :], head + m.end()
    m = _YEAR_PREFIX.match(rest)
    if m:
        year = year or int(m.group(1))
        rest, head = rest[m.end() :], head + m.end()
    m = _YEAR_SUFFIX.search(rest)
    if m and rest[: m.start()].strip():
        year = year or int(m.group(1))
        rest = rest[: m.start()]
    before = after = ""
    if rest.strip():
        head += len(rest) - len(rest.lstrip())
        rest = rest.strip()
        before, after = original[:head], original[head + len(rest) :]
    else:
        rest = original
    nickname = None
    readings = [rest]
    m = _NICKNAME.match(rest)
    if m:
        nickname = m.group(1)
        readings = [rest[m.end() :], rest]
        before += rest[: m.end()]
    if original not in readings:
        readings.append(original)
    return ParsedTitle(
        text=original,
        title=readings[0],
        year=year,
        hints=tuple(hints),
        nickname=nickname,
        readings=tuple(readings),
        key=normalise_title(readings[0]),
        before=before,
        after=after,
    )


@lru_cache(maxsize=4096)
def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing removed: what makes two titles 'the same'.

    Cached: one add normalises the same few titles many times over (the user's title against
    every candidate, the duplicate check, the stored key)."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def without_one_word(title: str, tries: int = 3) -> list[str]:
    """What to search for when a title may have one misspelt word (nothing has every word,
    nor its key words): the title without its longest word, then without the next longest,
    and so on (`tries` at most, words of TYPO_LENGTH letters or more, where the typo rule
    looks). A query that still holds the misspelt word finds nothing; the one without it
    finds the paper, whose title the typo rule then accepts."""
    words = [w for w in dict.fromkeys(_norm(title).split()) if w not in SMALL_WORDS]
    suspects = sorted((w for w in words if len(w) >= TYPO_LENGTH),
                      key=lambda w: (-len(w), words.index(w)))[:tries]  # fmt: skip
    queries: list[str] = []
    for suspect in suspects:
        rest = [w for w in words if w != suspect]
        query = key_words(" ".join(rest)) or " ".join(rest)
        if len(rest) >= 2 and query not in queries:
            queries.append(query)
    return queries


def key_words(title: str, keep: int = 4) -> str:
    """The `keep` longest significant words, in title order ("" when that is all of them):
    what to search for when nothing has every word of a title (one may be misspelt)."""
    words = [w for w in dict.fromkeys(_norm(title).split()) if w not in SMALL_WORDS]
    if len(words) <= keep:
        return ""
    longest = set(sorted(words, key=lambda w: (-len(w), words.index(w)))[:keep])
    return " ".join(w for w in words if w in longest)


# -- scoring -------------------------------------------------------------------------------

_MAIN_TITLE_END = re.compile(r"\s*:(?=\s|[^\W\d])|\?\s|\s[-–—]+\s")


def _norm(text: str) -> str:
    return normalise_title(re.sub(r"[\\${}^_]", " ", text))


def _squash(normalised: str) -> str:
    """Spacing removed, so "auto encoder", "auto-encoder" and "autoencoder" compare equal."""
    return normalised.replace(" ", "")


def _compounds_as_in(text: str, other: str) -> str:
    """`text` (normalised) with each word that `other` writes as several words split the same
    way, so that "chainofthought" meets "chain of thought" and "autoencoder" meets "auto
    encoder" word for word: a hyphen or a space inside a compound never makes two titles
    differ."""
    words = other.split()
    parts = {"".join(words[i : i + n]): " ".join(words[i : i + n])
             for n in (2, 3, 4) for i in range(len(words) - n + 1)}  # fmt: skip
    return " ".join(parts.get(w, w) for w in text.split())


def _main_title(title: str) -> str:
    """The part before a subtitle: "Towards X: A Comprehensive ..." -> "Towards X"."""
    m = _MAIN_TITLE_END.search(title)
    return title[: m.start()] if m and title[: m.start()].strip() else title


def _one_typo_apart(a: str, b: str) -> bool:
    """True when one word of the title has a typo: two letters swapped, one letter wrong,
    missing or extra, inside a word of five letters or more. Not at the word's end, where a
    letter changes the word ("Model" / "Models"), and never more than one word."""
    from rapidfuzz.distance import OSA

    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    differ = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    return min(len(x), len(y)) >= TYPO_LENGTH and x[-1] == y[-1] and OSA.distance(x, y) == 1


def _small_words_apart(a: str, b: str) -> bool:
    """True when the titles differ in one place only, by a small word or two ("A Survey for
    In-context Learning" / "A Survey on ..."). One place: a small word moved ("Are Language
    Models ...?" / "Language Models are ...") turns a claim into a question, another paper."""
    from difflib import SequenceMatcher

    words_a, words_b = a.split(), b.split()
    changes = [op for op in SequenceMatcher(a=words_a, b=words_b, autojunk=False).get_opcodes()
               if op[0] != "equal"]  # fmt: skip
    if len(changes) != 1:
        return False
    _, a1, a2, b1, b2 = changes[0]
    changed = words_a[a1:a2] + words_b[b1:b2]
    return len(changed) <= 3 and all(w in SMALL_WORDS for w in changed)


def _compare(user: str, title: str) -> tuple[float, str]:
    """How sure we are that `title` is the paper the user wrote as `user`, and why.

    ACCEPT and above only for the same title (see the module doc); below ACCEPT for anything
    merely similar, however close: a word added or changed is a different paper as often as not.
    """
    from rapidfuzz import fuzz

    u, c = _norm(user), _norm(title)
    if not u or not c:
        return 0.0, SIMILAR
    if _squash(u) == _squash(c):
        return 1.0, EXACT
    main = _norm(_main_title(title))
    u = _compounds_as_in(_compounds_as_in(u, c), main)
    c, main = _compounds_as_in(c, u), _compounds_as_in(main, u)
    # A bare word or two ("BERT") matching a main title is a nickname, not a title.
    long_enough = len(u.split()) >= 3
    if main != c and _squash(u) == _squash(main):
        return (0.97 if long_enough else 0.9), SUBTITLE
    if long_enough and _small_words_apart(u, c):
        return 0.95, SMALL_WORDS_DIFFER
    if len(u.split()) >= 4 and _one_typo_apart(u, c):
        return ACCEPT, TYPO
    if long_enough and main != c and _small_words_apart(u, main):
        return 0.93, SUBTITLE
    if long_enough and c.startswith(u + " "):
        # The start of a longer title: the user may have cut it short. Worth asking about.
        return 0.88, PREFIX
    ratio = fuzz.ratio(u, c)
    if main != c:
        ratio = max(ratio, 0.97 * fuzz.ratio(u, main))
    if c.endswith(" " + u) or main.endswith(" " + u):
        # Words in front of the user's whole title make another paper: "End-To-End Memory
        # Networks", "Grid Long Short-Term Memory", "Tool Attention Is All You Need: ...".
        return min(ratio / 100, LONGER_IN_FRONT), SIMILAR
    return min(ratio / 100, ACCEPT - 0.01), SIMILAR


def score(parsed: ParsedTitle, record: PaperRecord) -> Candidate:
    """The best score over every reading of the user's text."""
    best = max((_compare(reading, record.title) for reading in parsed.readings),
               key=lambda pair: pair[0])  # fmt: skip
    return Candidate(record, best[0], best[1])


def decide(parsed: ParsedTitle, records: Sequence[PaperRecord]) -> Resolution:
    """Accept one record, ask about a few, or conclude the paper is not among them."""
    by_id: dict[str, Candidate] = {}
    for record in records:
        candidate = score(parsed, record)
        key = record.arxiv_id or f"{record.source}:{record.source_id or record.title}"
        if key not in by_id or candidate.score > by_id[key].score:
            by_id[key] = candidate
    ranked = sorted(by_id.values(), key=lambda c: -c.score)  # stable: ties keep source order
    if not ranked or ranked[0].score < ASK:
        near = f"; the closest is '{ranked[0].record.title}'" if ranked else ""
        return Resolution(ABSENT, parsed, reason=f"no title close enough{near}")
    shown = tuple(c for c in ranked if c.score >= SHOW)[:MAX_CANDIDATES]
    best = ranked[0]
    if best.score < ACCEPT:
        return Resolution(UNSURE, parsed, candidates=shown, reason=f"closest: {best.match}")
    leaders = [c for c in ranked if c.score == best.score]
    chosen = leaders[0] if len(leaders) == 1 else _break_tie(parsed, leaders)
    if chosen is None:
        return Resolution(
            UNSURE, parsed, candidates=shown, reason=f"{len(leaders)} papers have this title"
        )
    year = chosen.record.year
    if parsed.year and year and abs(parsed.year - year) > YEAR_TOLERANCE:
        # Keep it first: the user most likely just has the year wrong, but should say so.
        others = tuple(c for c in shown if c is not chosen)
        return Resolution(
            UNSURE,
            parsed,
            candidates=(chosen, *others)[:MAX_CANDIDATES],
            reason=f"the title matches, but that paper is from {year}, not {parsed.year}",
        )
    return Resolution(RESOLVED, parsed, record=chosen.record, reason=chosen.match)


def _break_tie(parsed: ParsedTitle, leaders: list[Candidate]) -> Candidate | None:
    """Several equally good titles: the year, then an author named in the label, decide;
    otherwise nobody does."""
    if parsed.year:
        for tolerance in (0, 1):
            near = [c for c in leaders if c.record.year is not None
                    and abs(c.record.year - parsed.year) <= tolerance]  # fmt: skip
            if len(near) == 1:
                return near[0]
    names = {w.casefold() for hint in parsed.hints for w in hint.split()}
    if names:
        named = [c for c in leaders if any(_surname(a) in names for a in c.record.authors)]
        if len(named) == 1:
            return named[0]
    return None


def _surname(author: str) -> str:
    parts = author.split()
    return parts[-1].casefold() if parts else ""
