"""The local arXiv mirror as a metadata source: titles and arXiv ids answered from the
harvested categories (readinglist.mirror), with no request at all.

It is first in the chain once the mirror's file exists (sources.make_sources), so a title
in a mirrored category resolves here and the others fall through to the arXiv API. Its
records are arXiv's own metadata (source "arxiv"), so the pipeline neither completes them
from the API nor caches them, and the matcher decides on them as on any source's: this
source only proposes candidates.

A lookup by arXiv id gives the mirror's record of the paper (its latest version), whatever
version was asked for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.errors import NetworkError, RLError
from readinglist.identifiers import PaperId, parse_arxiv_id
from readinglist.matching import SMALL_WORDS, normalise_title
from readinglist.sources import PaperRecord, mirror_file

if TYPE_CHECKING:
    from readinglist.mirror import Mirror

# Titles that begin with the title searched (it with a subtitle), or with its first half or
# end with its second half (it with a typo), read in title order. Ten missed typos at 2.6
# million titles, where dozens begin "Neural Learning Deep" (BENCHMARKS.md); 50 cost 0.2 ms.
NEAR_LIMIT = 50
# A title whose words are each in more titles than this is searched by its halves only:
# walking the posting lists of common words alone costs 25-50 ms at 2.6 million titles.
RARE_TITLES = 2000
# At most this many titles holding every word are read (the closest in length proposed); a
# title whose words more papers share ("Deep Learning") is left to the exact and prefix
# lookups. Reading 1,000 titles' lengths costs about a millisecond (BENCHMARKS.md).
TITLE_BUDGET = 1000
MAX_WORDS = 12


class MirrorUnavailable(NetworkError):
    """The mirror's file is missing or unreadable: the chain goes on to the next source."""


class MirrorSource:
    """The local arXiv mirror as a MetadataSource (its file: sources.mirror_file())."""

    name = "mirror"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or mirror_file()
        self._mirror: Mirror | None = None

    @property
    def mirror(self) -> Mirror:
        if self._mirror is None:
            from readinglist.mirror import open_mirror

            try:
                self._mirror = open_mirror(self.path, readonly=True)
            except RLError as e:
                raise MirrorUnavailable(e.message) from None
        return self._mirror

    def lookup(self, ident: PaperId) -> PaperRecord | None:
        arxiv = parse_arxiv_id(ident.value) if ident.scheme == "arxiv" else None
        return self.mirror.record(arxiv.id) if arxiv is not None else None

    def search_title(self, title: str, limit: int) -> list[PaperRecord]:
        from readinglist.mirror import title_key

        return self.mirror.title_candidates(
            title_key(title),
            title_words(title),
            limit=limit,
            budget=TITLE_BUDGET,
            rare=RARE_TITLES,
            near_limit=NEAR_LIMIT,
        )


def title_words(title: str) -> list[str]:
    """The words a title search needs: as the arXiv API is asked (sources.arxiv.title_query),
    without small words, single letters and $math$."""
    words: list[str] = []
    for word in normalise_title(re.sub(r"\$[^$]*\$", " ", title)).split():
        if word in SMALL_WORDS or (len(word) == 1 and word.isalpha()) or word in words:
            continue
        words.append(word)
    return words[:MAX_WORDS]
