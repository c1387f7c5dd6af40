"""One entry of a reading list, read from its inline tokens: the title (a link's text, a bold
or italic span, a quoted title, a citation, or the line itself), the authors, venue and year
written around it, the status its own mark gives, and the paper's link and ids; or why it is
not a paper (a blog post, a video, code, a link within the page).

Pure: markdown-it inline tokens in, facts out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readinglist.readme import links as lk
from readinglist.readme.words import (
    AUTHORS,
    READ,
    TO_READ,
    VENUE,
    YEAR,
    column_role,
    label_kind,
    mark_status,
    normalise,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

_LETTER = re.compile(r"[^\W\d_]")
_YEAR = re.compile(r"(?<![\d.])(19[5-9]\d|20[0-4]\d)(?!\d|\.\d)")
_SHORT_YEAR = re.compile(r"['’](\d{2})\b")
_NUMBERING = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s*")
_YEAR_PREFIX = re.compile(r"^\s*(?:\(?(19[5-9]\d|20[0-4]\d)\)?)\s*[-–—:|.]\s*")
_LEADING_MARK = re.compile(r"^\s*(✅|✔️|✔|☑️|☑|✓|🟢|📖|⏳|🔄|🔜|❌|⬜|🔲)\s*")
_CHECKBOX = re.compile(r"^\s*\[([ xX])\]\s+")
_QUOTED = re.compile(r"[\"“”„«]\s*(?P<title>[^\"“”„«»]{6,}?)[\"“”»]")
# APA: "Surname, A., & Other, B. (2024). Title. Venue." (GitHub profile citation bots).
_APA = re.compile(r"^(?P<authors>.+?)\s+\((?P<year>\d{4})[a-z]?(?:, [^)]*)?\)\.\s+(?P<title>.+?)"
                  r"(?:\.\s+(?P<rest>.*))?$", re.DOTALL)  # fmt: skip
# LNCS: "Surname, A., Other, B.: Title. In: Venue. (2016)".
_IN_VENUE = re.compile(r"^(?P<title>.+?)\.\s*In:\s*(?P<venue>[^()]+?)\.?\s*(?:\((?P<year>\d{4})\))?"
                       r"\.?\s*$", re.DOTALL)  # fmt: skip
_AUTHOR_LIST = re.compile(r"^(?:[^\W\d_][\w' -]*,\s*(?:[A-Za-z]\.\s*-?\s*)+,?\s*(?:&\s*)?)+$")
# "by A. Vaswani et. al - 2017", "- By Gulrajani et al -", "by A. One, B. Two - ICML 2016".
_BY_AUTHORS = re.compile(
    r"(?:^|[\s(])[Bb]y\s+(?P<names>[^–—|\n()\[\]]+?)(?:\s+et\.?\s*al\.?)?\s*"
    r"(?=$|\s[-–—|]\s|\s-$|[–—|\n(\[])"
)
_ET_AL = re.compile(r"\s*,?\s*\bet\.?\s*al\.?", re.IGNORECASE)
# Where a title written as plain text ends: an id or a URL after it is data, not title
# ("Attention Is All You Need. arXiv:1706.03762", "... https://arxiv.org/abs/...").
_ID_OR_URL = re.compile(
    r"https?://|\bwww\.|\barxiv(?:\s+preprint)?(?:\s+arxiv)?\s*:?\s*(?:abs/)?\d{4}\.\d{4,5}"
    r"|\bdoi\s*:|(?<![\w./])10\.\d{4,9}/",
    re.IGNORECASE,
)
# The parts of what follows a title: "- Kingma, Welling - ICLR 2014", ". arXiv 2016".
_PARTS = re.compile(r"\s[-–—|]\s|\s-$|\x1f|\n|(?<=[^\W\d_]{2})\.\s|(?<=\))\.?\s")
# Words of names that are no surname or given name, kept lower case ("Ludwig van Beethoven").
_NAME_PARTICLES = frozenset(("von", "van", "der", "den", "de", "da", "di", "del", "della", "la",
                             "le", "du", "dos", "des", "bin", "al", "el", "y", "zu"))  # fmt: skip
# Capitalised words that show a phrase is no list of names ("Best Paper", "Deep Learning").
_NOT_NAME_WORDS = frozenset((
    "paper", "papers", "award", "oral", "spotlight", "best", "workshop", "survey", "review",
    "code", "slides", "video", "notes", "note", "blog", "pdf", "arxiv", "preprint", "github",
    "proceedings", "conference", "journal", "transactions", "international", "learning",
    "neural", "networks", "network", "deep", "machine", "vision", "recognition", "models",
    "model", "language", "image", "data", "analysis", "using", "based", "towards", "toward",
    "via", "supplementary", "appendix", "project", "page", "website", "homepage", "demo",
    "tutorial", "introduction", "chapter", "book", "part", "section", "important",
    "recommended", "classic", "new", "read", "reading", "todo", "done", "summary", "link",
))  # fmt: skip
# "Published in ICML 2015", "arXiv 2016", "Journal of Machine Learning Research, 2014".
_VENUE_YEAR = re.compile(
    r"^(?:(?:published|presented|accepted|appeared)\s+(?:in|at)\s+)?(?P<venue>.*?)[\s,'’(]*"
    r"(?P<year>(?:19[5-9]|20[0-4])\d)\)?$",
    re.IGNORECASE,
)
_VENUE_CONNECTORS = frozenset(("of", "on", "in", "and", "for", "the", "&", "at", "de"))
MAX_VENUE_WORDS = 8  # "Annual Meeting of the Association for Computational Linguistics"
# "Authors: ...", "Venue: ...", "作者：..." on a line of its own.
_LABELLED = re.compile(r"^\s*([^:：]{1,24}?)\s*[:：]\s*(\S.*)$", re.DOTALL)
_MONTH = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.IGNORECASE
)
_SEPARATOR = re.compile(r"\s[-–—|]\s|[,;]\s|\n|\x1f|\s-\s*$")
# A parenthesis at the end of a title that annotates it rather than belongs to it:
# "(ICML 2018 Workshop)", "(!!Important)", "(Submitted on 5 Apr 2017)", "(Version 1)".
_ANNOTATION = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*$")
_ANNOTATION_WORDS = re.compile(
    r"\d|important|blog|paper|version|submitted|workshop|rejected|accepted|oral|spotlight|best|"
    r"preprint|draft|arxiv|^[A-Z]{2,}(?:\W+[A-Z]{2,})*$",
    re.IGNORECASE,
)
_BLOG_MARK = re.compile(r"[(\[（]\s*blog\b|\bblog\s*post\b|\bblog\s*[)\]）]", re.IGNORECASE)
_BOOK_MARK = re.compile(r"\bbook\b|\btextbook\b|教材|书籍", re.IGNORECASE)
# Stands for an inline HTML tag in the plain text: whitespace to str.split, a separator to
# the venue reader.
_TAG_BREAK = "\x1f"
_QUOTES = "\"“”'‘’«»„"
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})  # fmt: skip
# Fewer words than this, no colon, on a page that is no paper's: a project or a tool's page
# ("Tacotron series", "Fast LSTMs in PyTorch"), not a paper.
MIN_WORDS_OF_A_WEB_TITLE = 5
WEB_PAGE = "a web page, not a paper"


@dataclass
class Link:
    text: str  # as shown
    target: lk.LinkTarget
    start: int  # offsets of its text in Inline.text
    end: int
    image: bool = False  # the link wraps an image (a badge)


@dataclass
class Inline:
    """An inline token's content as a reader sees it: text (breaks as "\\n"), its links and
    its bold or italic spans, by offset."""

    text: str
    links: list[Link] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # bold or italic

    def first_line_end(self) -> int:
        """Where the first line ends, never inside a link or a span (a title may wrap)."""
        pos = 0
        while True:
            cut = self.text.find("\n", pos)
            if cut < 0:
                return len(self.text)
            spans = [*((link.start, link.end) for link in self.links), *self.spans]
            inside = [(s, e) for s, e in spans if s < cut < e]
            if not inside:
                return cut
            pos = max(end for _, end in inside)


@dataclass
class Facts:
    """What an entry says about its paper."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    status: str | None = None  # from its own mark
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    not_paper: str | None = None  # what it is instead, when it is no paper
    linked: bool = False  # the title is a link's text or the entry has a paper's link
    cited: bool = False  # written as a citation (authors, quotes, a venue and a year)
    emphasised: bool = False  # the entry starts with its title in bold or italic


def read_inline(children: list[Token]) -> Inline:
    """Flatten an inline token's children."""
    parts: list[str] = []
    pos = 0
    found = Inline("")
    open_links: list[tuple[int, str, list[bool]]] = []
    open_spans: list[int] = []
    for tok in children:
        kind = tok.type
        if kind in ("text", "text_special", "code_inline"):
            parts.append(tok.content)
            pos += len(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
            pos += 1
        elif kind == "html_inline":
            # <br> breaks the line; any other tag (<kbd>CVPR 2018</kbd>) separates what is
            # on either side of it, as whitespace does.
            cut = "\n" if re.match(r"<br\s*/?>", tok.content, re.IGNORECASE) else _TAG_BREAK
            parts.append(cut)
            pos += 1
        elif kind == "link_open":
            open_links.append((pos, str(tok.attrs.get("href") or ""), [False]))
        elif kind == "link_close" and open_links:
            start, href, image = open_links.pop()
            text = "".join(parts)[start:pos]
            found.links.append(Link(text, lk.read_link(href), start, pos, image[0]))
        elif kind == "image":
            for link in open_links:
                link[2][0] = True
        elif kind in ("strong_open", "em_open"):
            open_spans.append(pos)
        elif kind in ("strong_close", "em_close") and open_spans:
            found.spans.append((open_spans.pop(), pos))
    found.text = "".join(parts)
    found.links.sort(key=lambda link: link.start)
    found.spans.sort()
    return found


def mark_of(inline: Inline) -> tuple[str | None, int]:
    """The status the entry's own leading mark gives (`[x]`, `[ ]`, ✅, 🔜) and where the
    entry's text starts after it."""
    status, start = None, 0
    m = _CHECKBOX.match(inline.text)
    if m:
        status, start = (TO_READ if m.group(1) == " " else READ), m.end()
    m = _LEADING_MARK.match(inline.text, start)
    if m:
        status, start = mark_status(m.group(1)) or status, m.end()
    return status, start


def _entry_start(inline: Inline) -> int:
    """Where the entry's own words start: after its mark, its number, a leading year and an
    opening quote."""
    _, start = mark_of(inline)
    rest = inline.text[start:]
    skipped = start + len(rest) - len(_NUMBERING.sub("", rest, count=1))
    m = _YEAR_PREFIX.match(inline.text[skipped:])
    if m:
        skipped += m.end()
    while skipped < len(inline.text) and inline.text[skipped] in ' \t"“':
        skipped += 1
    return skipped


def starts_with_title(inline: Inline) -> bool:
    """The line starts (after a mark, a number or a year) with a link or a bold or italic
    span: the shape of an entry rather than of a sentence that mentions a paper."""
    skipped = _entry_start(inline)
    for span_start, _ in inline.spans:
        if span_start <= skipped and _is_numbering(inline.text[span_start:skipped]):
            return True  # **[12]** Authors. "**Title**" ...
    starts = [link.start for link in inline.links] + [s for s, _ in inline.spans]
    return skipped in starts


def _is_numbering(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*", text))


def read_facts(inline: Inline, *, line_only: bool = True) -> Facts:
    """The facts of an entry whose text is `inline` (its first line, unless `line_only` is
    False: a table cell)."""
    facts = Facts()
    facts.status, start = mark_of(inline)
    end = inline.first_line_end() if line_only else len(inline.text)
    text = inline.text[start:end]
    links = [link for link in inline.links if start <= link.start and link.end <= end]
    title, title_start, title_end, title_link = _title(inline, text, start, end, links)
    if title is not None and title_link is None and (title_start, title_end) in inline.spans:
        # "**Title**, Authors, Venue": the shape of an entry. "**Term**: what it means" is a
        # definition.
        follows = inline.text[title_end:end].lstrip(" *_")
        facts.emphasised = title_start == _entry_start(inline) and not follows.startswith(
            (":", "：")
        )
    if title is not None:
        before = inline.text[start:title_start]
        after = _without_labels(inline, title_end, end, links)
        _read_around(facts, before, after)
        title = _clean_title(facts, title)
    facts.title = title or None
    _read_links(facts, title_link, links, text)
    if (
        facts.title is not None
        and _BLOG_MARK.search(inline.text[start:end])
        and not (title_link is not None and title_link.target.is_paper)
    ):
        facts.not_paper = lk.BLOG
    if (
        facts.not_paper is None
        and not facts.linked
        and facts.arxiv_id is None
        and _BOOK_MARK.search(inline.text[start:end])
    ):
        facts.not_paper = "a book"
    return facts


def _title(
    inline: Inline, text: str, start: int, end: int, links: list[Link]
) -> tuple[str | None, int, int, Link | None]:
    """The title, where it is in inline.text, and the link it is the text of."""
    candidates: list[tuple[int, int, Link | None]] = []
    for link in links:
        if not link.image and _title_like(link.text):
            candidates.append((link.start, link.end, link))
    for s, e in inline.spans:
        if start <= s and e <= end and _title_like(inline.text[s:e]):
            inner = [link for link in links if s <= link.start and link.end <= e]
            if inner and label_kind(inner[0].text) is None:
                continue  # **[Title](url)**: the link is the candidate
            candidates.append((s, e, None))
    if candidates:
        s, e, chosen = min(candidates, key=lambda c: (c[0], c[2] is None))
        return inline.text[s:e], s, e, chosen
    m = _QUOTED.search(text)
    if m:
        return m.group("title"), start + m.start("title"), start + m.end("title"), None
    plain = _strip_prefix(text)
    apa = _APA.match(plain)
    if apa and _looks_like_authors(apa.group("authors")):
        offset = start + text.find(plain)
        return apa.group("title"), offset + apa.start("title"), offset + apa.end("title"), None
    # The line itself, up to its first link (a label such as [paper]), id or URL.
    cut = min([link.start for link in links] + [end]) - start
    found = _ID_OR_URL.search(text, 0, cut)
    if found is not None and _title_like(_strip_prefix(text[: found.start()])):
        cut = found.start()
    head = _strip_prefix(text[:cut]).rstrip(" .,;:([（")
    if not _title_like(head):
        return None, 0, 0, None
    offset = start + text.find(head)
    return head, offset, offset + len(head), None


def _strip_prefix(text: str) -> str:
    text = _NUMBERING.sub("", text.strip(), count=1)
    text = _YEAR_PREFIX.sub("", text, count=1)
    return text.strip().rstrip(",;:-–— ").strip()


def _without_labels(inline: Inline, begin: int, end: int, links: list[Link]) -> str:
    """The text after the title, without the texts of its other links ([pdf], [code])."""
    out, pos = [], begin
    for link in links:
        if link.start >= begin:
            out.append(inline.text[pos : link.start])
            pos = link.end
    out.append(inline.text[pos:end])
    return "".join(out)


def _title_like(text: str) -> bool:
    t = text.strip().strip("*_ ")
    if not t or not _LETTER.search(t):
        return False
    if label_kind(t.strip("[]【】()")) is not None:
        return False
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        return False
    if "://" in t or t.lower().startswith("www."):
        return False
    return not t.endswith((":", "："))


def _without_stray_marks(title: str) -> str:
    """`title` without emphasis marks the parser left at its ends ("**Title **", "*Title"):
    a run of * or _ at both ends, or at one end when the title has no other. A mark that is
    part of the title ("... in *titles*", written escaped) stays."""
    for mark in "*_":
        lead = len(title) - len(title.lstrip(mark))
        trail = len(title) - len(title.rstrip(mark))
        if lead and trail and lead == trail and lead < len(title):
            title = title[lead:-trail].strip()
        elif lead + trail and title.count(mark) == lead + trail:
            title = title.strip(mark).strip()
    return title


def _clean_title(facts: Facts, title: str) -> str:
    title = " ".join(title.translate(_LIGATURES).split())
    title = _unquote(_without_stray_marks(title.strip())).rstrip(".,;").strip()
    lncs = _IN_VENUE.match(title)
    if lncs:
        title = lncs.group("title")
        facts.venue = facts.venue or lncs.group("venue").strip() or None
        if lncs.group("year"):
            facts.year = facts.year or int(lncs.group("year"))
        facts.cited = True
    if ": " in title:
        names, _, rest = title.partition(": ")
        if _looks_like_authors(names):
            facts.authors = facts.authors or split_names(names)
            title, facts.cited = rest, True
    while True:
        m = _ANNOTATION.search(title)
        if not m or not _ANNOTATION_WORDS.search(m.group(1)) or m.start() == 0:
            break
        note = m.group(1)
        if _BLOG_MARK.search(f"({note})"):
            facts.not_paper = lk.BLOG
        year = _YEAR.search(note)
        if year and facts.year is None:
            facts.year = int(year.group(1))
        title = title[: m.start()].rstrip(" .")
    return title.strip()


def _unquote(title: str) -> str:
    """Quotes around a title go; a quote inside it ('"Style" Transfer for ...') stays."""
    while title and title[0] in _QUOTES and not any(q in title[1:] for q in _QUOTES):
        title = title[1:].strip()
    while title and title[-1] in _QUOTES and not any(q in title[:-1] for q in _QUOTES):
        title = title[:-1].strip()
    if len(title) > 2 and title[0] in _QUOTES and title[-1] in _QUOTES:
        inner = title[1:-1]
        if not any(q in inner for q in _QUOTES):
            title = inner.strip()
    return title


def _looks_like_authors(text: str) -> bool:
    text = text.strip()
    return bool(_AUTHOR_LIST.match(text + ("," if not text.endswith(",") else ""))) or (
        "&" in text and "," in text
    )


def split_names(text: str) -> list[str]:
    """'Xin, H., Ren, Z. Z., & Ruan, C.' -> ['H. Xin', 'Z. Z. Ren', 'C. Ruan']; 'LeCun, Yann,
    Yoshua Bengio, and Geoffrey Hinton' -> ['Yann LeCun', 'Yoshua Bengio', 'Geoffrey Hinton']."""
    had_et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text).strip(' .,;:"“')
    apa = re.findall(r"([^,&]+?),\s*((?:[A-Z]\.\s*-?\s*)+)", text)
    if apa and len(", ".join(f"{a}, {b}" for a, b in apa)) >= len(text.replace("&", "")) * 0.7:
        return [f"{initials.strip()} {surname.strip()}" for surname, initials in apa]
    parts = [p.strip() for p in re.split(r",\s*and\s+|\s+and\s+|,\s*|;\s*|\s*&\s*", text)]
    parts = [p for p in parts if p and _LETTER.search(p)]
    if (
        len(parts) >= 2
        and " " not in parts[0]
        and (
            re.search(r"\b[A-Z]\.", parts[1])
            or (len(parts) >= 3 and " " in parts[2])
            or (len(parts) == 2 and " " not in parts[1] and had_et_al)  # "Dai, Jifeng, et al."
        )
    ):
        parts = [f"{parts[1]} {parts[0]}", *parts[2:]]  # "Surname, Given, Next Author"
    return parts


def _read_around(facts: Facts, before: str, after: str) -> None:
    """Authors, venue and year from the text before and after the title."""
    m = _YEAR.search(after)
    year_text = m.group(1) if m else None
    if m is None:
        short = _SHORT_YEAR.search(after)
        if short:
            year_text = ("19" if int(short.group(1)) > 50 else "20") + short.group(1)
    if year_text is None:
        m = _YEAR.search(before)
        year_text = m.group(1) if m else None
    if year_text is not None and facts.year is None:
        facts.year = int(year_text)
    by = _BY_AUTHORS.search(after)
    if by:
        facts.authors = split_names(by.group("names"))
    else:
        names = _NUMBERING.sub("", before.strip(), count=1).strip(' ."“')
        if (
            names
            and not _YEAR.fullmatch(names.strip("()"))
            and ("," in names or " and " in names or _ET_AL.search(names))
        ):
            facts.authors = split_names(names)
            facts.cited = True
        else:
            facts.authors = facts.authors or _names_after(after)
    facts.venue = facts.venue or _venue(after)
    if facts.venue and facts.year and (facts.authors or '"' in before or "“" in before):
        facts.cited = True


def _names_after(after: str) -> list[str]:
    """The authors written right after a title ("- Kingma, Welling - ICLR 2014", ", Srivastava
    et al., JMLR 2014"), or none: only the first part or two are looked at, up to the venue."""
    looked = 0
    for part in _PARTS.split(after):
        part = part.strip(" ,;:.*_")
        if not part:
            continue
        looked += 1
        year = _YEAR.search(part)
        if year is not None:
            head = part[: year.start()].strip(" ,([")
            names = reads_as_names(head) or (
                reads_as_names(head.rsplit(",", 1)[0]) if "," in head else []
            )
            return names
        names = reads_as_names(part)
        if names or looked >= 2:
            return names
    return []


def reads_as_names(text: str, *, alone: bool = False) -> list[str]:
    """The names of `text` when it reads as a list of authors ("Kingma, Welling", "Srivastava
    et al.", "Geoffrey E. Hinton"), else none. One name alone counts only with an initial
    ("Highly Recommended" is no author), unless `alone` ("by Geoffrey Hinton")."""
    had_et_al = bool(_ET_AL.search(text))
    body = _ET_AL.sub("", text).strip(" .,;:")
    if not body or len(body) > 400:
        return []
    parts = [p for p in (q.strip() for q in re.split(r",\s*and\s+|\s+and\s+|,\s*|;\s*|\s*&\s*",
                                                     body)) if p]  # fmt: skip
    initials = False
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 5:
            return []
        for word in words:
            if word.lower() in _NAME_PARTICLES:
                continue
            if re.fullmatch(r"(?:[A-Z]\.-?)+|[A-Z]", word):
                initials = True
                continue
            if (
                not word[0].isupper()
                or not re.fullmatch(r"[^\W\d_][\w'’.-]*", word)
                or (word.isupper() and len(word) > 1)  # ICML, NIPS
                or word.lower().strip(".'’") in _NOT_NAME_WORDS
            ):
                return []
    if len(parts) < 2 and not had_et_al and not initials and not alone:
        return []
    return split_names(text)


@dataclass
class Detail:
    """What a line under an entry (a sub-item, a paragraph of the item) says of its paper."""

    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    year: int | None = None
    targets: list[lk.LinkTarget] = field(default_factory=list)  # its links ([pdf], [code])


def read_detail(inline: Inline) -> Detail | None:
    """The detail a line under an entry gives (authors, a venue and year, a year, the
    paper's id or links labelled [pdf] / [code]), or None when it is something else: a note,
    or an entry of its own."""
    text = inline.text.strip()
    if not text or "\n" in text:
        return None
    if inline.links:
        rest = normalise(_without_labels(inline, 0, len(inline.text), inline.links)).split()
        labels = all(
            not link.image and (label_kind(link.text) is not None or "://" in link.text)
            for link in inline.links
        )
        if labels and all(label_kind(word) is not None for word in rest):
            return Detail(targets=[link.target for link in inline.links])
        return None
    if " " not in text.strip(" .") and ("://" in text or text.lower().startswith("www.")):
        return Detail(targets=[lk.read_link(text.strip(" ."))])
    if re.fullmatch(r"(?:arxiv|doi)?\s*:?\s*\S+", text, re.IGNORECASE):
        cited = lk.ids_in_text(text)
        if cited is not None:
            return Detail(targets=[cited])
    parts = [p.strip(" ,;.") for p in _PARTS.split(text)]
    found = [_one_detail(p) for p in parts if p]
    if not found or any(d is None for d in found):
        return None
    merged = Detail()
    for detail in found:
        assert detail is not None
        merged.authors = merged.authors or detail.authors
        merged.venue = merged.venue or detail.venue
        merged.year = merged.year or detail.year
    return merged


def _one_detail(text: str) -> Detail | None:
    labelled = _LABELLED.match(text)
    if labelled is not None:
        role, value = column_role(labelled.group(1)), labelled.group(2).strip(" .")
        if role == AUTHORS:
            return Detail(authors=split_names(value))
        if role in (VENUE, YEAR):
            found = _venue_year(value)
            if found is not None:
                return found
            if role == VENUE:
                return Detail(venue=value)
            return None
        return None
    by = re.fullmatch(r"[Bb]y\s+(.+)", text)
    if by is not None:
        names = reads_as_names(by.group(1), alone=True)
        return Detail(authors=names) if names else None
    return _venue_year(text) or (Detail(authors=names) if (names := reads_as_names(text)) else None)


def _venue_year(text: str) -> Detail | None:
    """'ICML 2015', 'arXiv 2016', '(2015)', 'Journal of Machine Learning Research, 2014';
    'Sergey Ioffe, Christian Szegedy, ICML 2015' gives the names too."""
    m = _VENUE_YEAR.match(text.strip(" .()"))
    if m is None:
        return None
    year = int(m.group("year"))
    venue = m.group("venue").strip(" ,.(")
    if not venue or _MONTH.match(venue):
        return Detail(year=year)
    names: list[str] = []
    if "," in venue:
        head, _, last = venue.rpartition(",")
        names = reads_as_names(head)
        if not names:
            return None
        venue = last.strip()
    words = venue.split()
    if not (
        1 <= len(words) <= MAX_VENUE_WORDS
        and any(ch.isupper() for ch in words[0])
        and all(
            any(ch.isupper() for ch in w) or w.lower() in _VENUE_CONNECTORS
            or re.fullmatch(r"\d+(?:st|nd|rd|th)", w)
            for w in words
        )
    ):  # fmt: skip
        return None
    return Detail(authors=names, venue="arXiv" if venue.lower() == "arxiv" else venue, year=year)


def bare_arxiv_id(inline: Inline) -> str | None:
    """The arXiv id of an entry that is nothing but a link to its paper, or the id itself
    ("https://arxiv.org/abs/1512.03385", "<https://arxiv.org/abs/...>", "arXiv:1512.03385")."""
    text = inline.text[_entry_start(inline) :].strip().rstrip(".,;")
    token = re.sub(r"^arxiv\s*:\s*", "arXiv:", text, flags=re.IGNORECASE)
    if not token or any(ch.isspace() for ch in token):
        return None
    if "://" in token or token.lower().startswith("www."):
        target: lk.LinkTarget | None = lk.read_link(token)
    else:
        target = lk.ids_in_text(token) if token.lower().startswith("arxiv:") else None
    if target is None and len(inline.links) == 1 and label_kind(inline.links[0].text) == "paper":
        target = inline.links[0].target  # "[arXiv](https://arxiv.org/abs/...)"
    return target.arxiv_id if target is not None and target.kind == lk.ARXIV else None


def _venue(after: str) -> str | None:
    """'- ICML 2016 - [RL]' -> ICML; '." Nature 521.7553 (2015): 436-444.' -> Nature 521.7553."""
    for segment in _SEPARATOR.split(after):
        m = _YEAR.search(segment) or _SHORT_YEAR.search(segment)
        if not m:
            continue
        head = re.split(r"[()\[\]<>]", segment[: m.start()].rstrip(" ("))[-1]
        venue = re.sub(r"[\s\"“”'’.:(),\[\]-]+$", "", re.sub(r"^[\s\"“”'’.:(),\[\]-]+", "", head))
        if venue.lower().startswith("arxiv"):
            return "arXiv"
        if venue and _LETTER.search(venue) and not _MONTH.match(venue) and len(venue) <= 100:
            return venue
        return None
    return None


def _read_links(facts: Facts, title_link: Link | None, links: list[Link], text: str) -> None:
    """The paper's link and ids; or what the entry is, when its links say it is no paper."""
    labelled = [link for link in links if link is not title_link and not link.image]
    papers = [link for link in labelled if link.target.is_paper
              or (label_kind(link.text) == "paper" and link.target.kind == lk.WEB)]  # fmt: skip
    if title_link is not None:
        target = title_link.target
        facts.linked = True
        if papers:
            pass  # "[BagNet](project page) [pdf](arXiv)": the paper's link is beside it
        elif target.is_not_paper:
            facts.not_paper = target.kind
        elif target.kind in (lk.CODE, lk.WEB) and not long_title(facts.title or ""):
            facts.not_paper = "code" if target.kind == lk.CODE else WEB_PAGE
        take_link(facts, target)
    for link in papers:
        take_link(facts, link.target)
        facts.linked = True
    if title_link is None and not papers and labelled:
        kinds = {link.target.kind for link in labelled}
        if all(k in lk.NOT_PAPER_KINDS for k in kinds):
            facts.not_paper = labelled[0].target.kind
        elif all(label_kind(link.text) == "other" or link.target.kind == lk.CODE
                 for link in labelled):  # fmt: skip
            facts.not_paper = "code" if lk.CODE in kinds else labelled[0].target.kind
    lowered = text.lower()
    if "arxiv" in lowered or "10." in lowered:  # cheap test first: most lines cite no id
        cited = lk.ids_in_text(text)
        if cited is not None:
            take_link(facts, cited)
            facts.cited = True  # "Title. arXiv:1706.03762": the id says it is a paper
    if "://" in text:
        for url in lk.urls_in_text(text):
            take_link(facts, lk.read_link(url))


def take_link(facts: Facts, target: lk.LinkTarget) -> None:
    """Keep what the link gives that is not known yet."""
    facts.arxiv_id = facts.arxiv_id or target.arxiv_id
    facts.doi = facts.doi or target.doi
    for scheme, value in target.ids.items():
        facts.ids.setdefault(scheme, value)
    if (
        target.url
        and facts.url is None
        and target.kind not in (lk.ARXIV, lk.DOI)
        and (target.is_paper or target.kind == lk.WEB)
    ):
        facts.url = target.url


def is_title_text(text: str) -> bool:
    """Whether a link's text names something (a title), rather than label it ([pdf], here)
    or start a phrase ("the follow-up")."""
    t = text.strip()
    return _title_like(t) and not t[:1].islower()


def long_title(title: str) -> bool:
    """Words enough to be a paper's title rather than a name or a topic."""
    words = title.split()
    return len(words) >= MIN_WORDS_OF_A_WEB_TITLE or (":" in title and len(words) >= 3)
