"""`rl export`: the papers chosen, in one of the formats of readinglist.formats, as text.

Papers are chosen by REF, category and status, and written in display order (categories
in the user's order, then each paper's place). A format cited by key (BibTeX, CSL JSON)
first gives every chosen paper that has none its citation key (formats.citekeys), which is
stored and never changes after: exporting again cites the same papers by the same keys.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist import formats
from readinglist.errors import InvalidInput

if TYPE_CHECKING:
    from readinglist.library import Library, Paper

DEFAULT_FORMAT = "bibtex"


def choose_format(name: str | None, output: Path | None) -> formats.Format:
    """The format asked for; else the one the output file's suffix names; else BibTeX."""
    if name is not None:
        chosen = formats.get(name)
        if chosen.write is None:
            raise InvalidInput(
                f"rl reads {name} but does not write it. Export formats: "
                f"{', '.join(formats.exported())}."
            )
        return chosen
    if output is not None:
        by_suffix = formats.by_suffix(output.name, reading=False)
        if by_suffix is not None:
            return by_suffix
    return formats.get(DEFAULT_FORMAT)


def export(
    library: Library,
    chosen: formats.Format,
    *,
    refs: Sequence[str] = (),
    category: str | None = None,
    status: str | None = None,
) -> tuple[str, int]:
    """The chosen papers in the format `chosen`, and how many there are."""
    assert chosen.write is not None
    papers = select(library, refs=refs, category=category, status=status)
    if chosen.cites_by_key:
        from readinglist.formats.citekeys import citable, wanted_key

        keys = library.give_citation_keys({p.id: wanted_key(p) for p in papers})
        # A key stored before imports refused uncitable ones is written so it can be read.
        keys = {paper_id: citable(key) for paper_id, key in keys.items()}
    else:
        keys = library.citation_keys()
    export = formats.Export(papers=papers, categories=library.categories(), keys=keys)
    return chosen.write(export), len(papers)


def select(
    library: Library,
    *,
    refs: Sequence[str] = (),
    category: str | None = None,
    status: str | None = None,
) -> list[Paper]:
    """The papers of `category` with `status` (all when not given), only those named by
    `refs` when any are given; in display order."""
    papers = library.papers(category=category, status=status)
    if refs:
        wanted = {library.find_paper(ref).id for ref in refs}
        papers = [p for p in papers if p.id in wanted]
    return papers


def check_output(path: Path) -> None:
    """Refuse, before anything is exported, an output file that cannot be written."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise InvalidInput(f"{path} is a directory; give a file name for -o.")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist.")


def write_file(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (readinglist.files): a reader (or a crash)
    never sees half an export, and a failure leaves the old file as it was."""
    from readinglist.files import replace_file

    check_output(path)
    replace_file(path, text, failed="nothing was written")
