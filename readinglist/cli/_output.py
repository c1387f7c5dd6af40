"""Everything the user sees: rich tables and panels on stdout, messages and reports on stderr,
JSON.

rich is imported inside the functions: a command that prints JSON or one line should not
pay for it.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from readinglist.adding import Outcome
    from readinglist.attach import Attached
    from readinglist.errors import RLError
    from readinglist.library import Category, Library, Paper
    from readinglist.matching import Resolution
    from readinglist.readme import ImportResult, Reading

_STATUS_STYLE = {"read": "green", "reading": "yellow", "to-read": "dim"}
_RESOLUTION_MARK = {"resolved": "", "manual": "", "unresolved": "?", "not-found": "—"}
# The JSON shape of a paper starts with these keys, in this order (importance, not alphabet).
_FIRST_KEYS = ("id", "arxiv_id", "version", "title", "label", "authors", "year", "abstract",
               "category", "status", "read_at", "notes", "resolution")  # fmt: skip


# What a terminal would obey rather than show: C0 controls but tab and newline (ESC starts
# the sequences that retitle, clear or recolour it; CR overwrites a line), DEL, the C1
# controls (U+009B is a one-character ESC [), and the bidirectional overrides and isolates
# that show text in another order than it is stored.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, keep: str = "") -> str:
    """`text` safe to print: each control character shown as its picture (ESC as ␛) or its
    code point, so a hostile title is seen rather than obeyed. `keep` names characters
    to leave alone (search's highlight marks)."""

    def picture(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        if code < 0x20:
            return chr(0x2400 + code)  # the Control Pictures block: ␛ ␇ ␍
        return "\u2421" if code == 0x7F else f"<U+{code:04X}>"

    return _CONTROLS.sub(picture, text)


# Data is never markup: consoles print strings as they are, and every piece of a paper goes
# through data() (control characters made visible) before it reaches a table or panel.


def stdout_console() -> Console:
    from rich.console import Console

    return Console(soft_wrap=False, markup=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, markup=False)


def data(value: Any, style: str = "") -> Text:
    """A stored value as rich text: never read as markup, its control characters shown."""
    from rich.text import Text

    return Text(visible(str(value)), style=style)


# JSON escapes C0 controls itself; C1 controls and bidirectional overrides pass through
# ensure_ascii=False, so they are escaped too (the same string to a JSON reader).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def print_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def write_text(text: str) -> None:
    """`text` on stdout as UTF-8 with its own line ends, whatever the platform or locale: a
    rendered README, an export, a diff."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def message(text: str) -> None:
    """A one-line status message for humans, on stderr so stdout stays clean for pipes."""
    print(visible(text), file=sys.stderr)


def error(text: str, details: Iterable[str] = ()) -> None:
    print(visible(f"Error: {text}"), file=sys.stderr)
    for line in details:
        print(visible(f"  {line}"), file=sys.stderr)


# Every paper's JSON names these ids, null when unknown, so scripts need not test for keys.
_ID_KEYS = ("arxiv", "doi", "s2", "acl", "dblp")


# -- waiting ---------------------------------------------------------------------------------

_spinning: Any = None  # the spinner shown now, so that a question can stop it first


def waiting_on(what: str) -> AbstractContextManager[Any]:
    """While the block runs, a spinner on stderr saying `what` rl is doing, and what it waits
    for (the spacing between requests, a retry's pause), as the sources tell it; nothing when
    stderr is not a terminal."""
    if not sys.stderr.isatty():
        return nullcontext()
    return _Spinner(what)


class _Spinner:
    def __init__(self, what: str) -> None:
        self.what = visible(what)  # a title: shown, never obeyed by the terminal

    def __enter__(self) -> _Spinner:
        from rich.text import Text

        from readinglist.sources import http

        global _spinning
        # Text, not markup: a title is data ("[bold]" in it is no style).
        self.status = stderr_console().status(Text(f"{self.what}…"))
        self.status.start()
        _spinning = self.status
        http.waiting = lambda text: self.status.update(Text(f"{self.what}: {text}…"))
        return self

    def __exit__(self, *exc: object) -> None:
        from readinglist.sources import http

        global _spinning
        http.waiting = None
        self.status.stop()
        _spinning = None


def stop_spinner() -> None:
    """Stop the spinner, if one turns: a question or a report follows."""
    if _spinning is not None:
        _spinning.stop()


def paper_json(paper: Paper) -> dict[str, Any]:
    """The stable JSON shape of a paper."""
    data = paper.as_dict()
    data["ids"] = dict.fromkeys(_ID_KEYS) | data["ids"]
    return {k: data[k] for k in _FIRST_KEYS} | {k: v for k, v in data.items()
                                                 if k not in _FIRST_KEYS}  # fmt: skip


def shown_path(path: Path) -> str:
    """`path` relative to the current folder when it is below it (data/pdfs/...)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- papers ----------------------------------------------------------------------------------


def print_paper_list(library: Library, category: str | None, status: str | None) -> None:
    """The papers, one line each under their category's heading, written as they are read.

    Through the pager on a terminal (git's way: $RL_PAGER, $PAGER, less); without one, the
    first screenful and how many more there are; into a pipe, every line, plain. Plain text
    through _terminal, not rich: rich's table costs about 0.4 ms a paper, 40 s at 100,000."""
    from readinglist.cli._terminal import page, pager_command, use_colour

    sections = library.listing(category, status)
    if not sections:
        filtered = category is not None or status is not None
        message("No papers match." if filtered else
                "No papers. Add one with: rl add TITLE --cat CATEGORY")  # fmt: skip
        return
    # Closed here, not when collected: a reader that goes away (rl list | head) must not
    # leave the query running on after the knowledge base is closed.
    with contextlib.closing(
        _listing_lines(library, sections, status, colour=use_colour())
    ) as lines:
        if not sys.stdout.isatty():
            sys.stdout.writelines(lines)
        elif pager_command() is not None:
            sys.stdout.flush()
            page(lines)
        else:
            _first_screenful(lines, total=sum(n for _, n in sections))


def _listing_lines(
    library: Library, sections: Sequence[tuple[Category, int]], status: str | None,
    *, colour: bool,
) -> Generator[str, None, None]:  # fmt: skip
    from readinglist.cli._terminal import DIM, RESET

    bold, reset = ("\x1b[1m", RESET) if colour else ("", "")
    shades = {"read": "\x1b[32m", "reading": "\x1b[33m", "to-read": DIM} if colour else {}
    id_width, arxiv_width = library.listed_widths()
    arxiv_width = max(arxiv_width, 1)
    for i, (cat, count) in enumerate(sections):
        yield ("\n" if i else "") + f"{bold}{visible(cat.heading)} ({count}){reset}\n"
        for p in library.listed(cat.slug, status):
            mark = p.arxiv_id or _RESOLUTION_MARK.get(p.resolution, "")
            shade, label = shades.get(p.status, ""), visible(p.label)
            yield (f"  {p.id:>{id_width}}  {p.year or '':<4}  {shade}{p.status:<7}"
                   f"{reset if shade else ''}  {mark:<{arxiv_width}}  {label}\n")  # fmt: skip


def _first_screenful(lines: Iterator[str], *, total: int) -> None:
    """As many lines as fit the terminal, each cut to its width, then how many papers were
    left out and how to see them."""
    import shutil

    from readinglist.cli._terminal import fit

    width, height = shutil.get_terminal_size((100, 24))
    room, shown = max(height - 2, 3), 0
    out: list[str] = []
    for line in lines:
        if len(out) == room:
            break
        out.append(fit(line.rstrip("\n"), width) + "\n")
        shown += line.startswith("  ")
    sys.stdout.writelines(out)
    if shown < total:
        message(f"… and {total - shown} more papers. All of them: rl list | less; fewer: "
                "--cat CATEGORY, --status STATUS.")  # fmt: skip


def print_stats(figures: dict[str, Any], headings: dict[str, str]) -> None:
    """The counts as a plain table (rl stats must start as fast as rl search: no rich)."""
    from readinglist.cli._terminal import Column, format_table

    rows = [[visible(headings.get(slug, slug)), str(n)]
            for slug, n in figures["by_category"].items()]  # fmt: skip
    rows.append(["", ""])
    for name in ("by_status", "by_resolution"):
        rows += [[key, str(n)] for key, n in figures[name].items()]
    rows.append(["", ""])
    rows += [["with abstract", str(figures["with_abstract"])],
             ["with arXiv id", str(figures["with_arxiv_id"])],
             ["with PDF", str(figures["with_pdf"])]]  # fmt: skip
    sys.stdout.write(f"{figures['papers']} papers, {figures['notes']} notes\n\n")
    sys.stdout.write(format_table([Column(""), Column("papers", align_right=True)], rows))


def print_papers_json(library: Library, category: str | None, status: str | None) -> None:
    """The papers as a JSON array, written paper by paper: one per line into a pipe (what
    SQLite made of it), indented on a terminal, as gh prints JSON."""
    from readinglist.library import Paper

    keys = (*_FIRST_KEYS, *(k for k in Paper.__dataclass_fields__ if k not in _FIRST_KEYS))
    out = sys.stdout
    pretty = out.isatty()
    first = True
    out.write("[")
    for cat, _ in library.listing(category, status):
        for text in library.papers_json(cat.slug, keys, status, id_keys=_ID_KEYS):
            if pretty:
                text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
                text = text.replace("\n", "\n  ")
            text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
            out.write(("\n" if first else ",\n") + ("  " if pretty else "") + text)
            first = False
    out.write("]\n" if first else "\n]\n")


def print_paper(paper: Paper, category_heading: str) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.table import Table

    console = stdout_console()
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")

    def fact(name: str, value: Any) -> None:
        if value not in (None, "", []):
            facts.add_row(name, data(value))

    fact("label", paper.label if paper.label != paper.title else None)
    fact("authors", ", ".join(paper.authors))
    fact("year", paper.year)
    fact("category", f"{category_heading} ({paper.category})")
    fact("status", paper.status + (f" ({paper.read_at[:10]})" if paper.read_at else ""))
    arxiv = paper.arxiv_id and paper.arxiv_id + (f"v{paper.version}" if paper.version else "")
    fact("arXiv", arxiv)
    fact("resolution", paper.resolution)
    fact("categories", ", ".join(paper.arxiv_categories))
    fact("venue", paper.venue)
    fact("pages", paper.pages)
    fact("doi", paper.doi)
    others = {k: v for k, v in paper.ids.items() if k not in ("arxiv", "doi")}
    fact("ids", ", ".join(f"{k}: {v}" for k, v in others.items()))
    fact("url", paper.url)
    fact("pdf", paper.pdf_path)
    fact("published", (paper.published or "")[:10])
    fact("added", paper.added_at[:10])
    fact("from", _origins(paper))
    console.print(Panel(facts, title=data(f"#{paper.id} {paper.title}"), title_align="left"))
    if paper.abstract:
        source = f" (from {paper.abstract_source})" if paper.abstract_source else ""
        console.print(
            Panel(data(paper.abstract), title=data(f"Abstract{source}"), title_align="left")
        )
    if paper.candidates:
        cands = Table(
            title="Candidates (settle with: rl resolve REF --pick N)", title_justify="left"
        )
        for col in ("N", "source", "id", "title", "score"):
            cands.add_column(col)
        for i, c in enumerate(paper.candidates, 1):
            cands.add_row(str(i), data(c.get("source", "")),
                          data(c.get("arxiv_id") or c.get("id") or ""), data(c["title"]),
                          f"{c['score']:.2f}")  # fmt: skip
        console.print(cands)
    for note in paper.notes:
        console.print(Panel(Markdown(visible(note.text)), title=f"Note {note.created_at[:16]}",
                            title_align="left"))  # fmt: skip


def _origins(paper: Paper) -> str:
    """Where the fields came from, by source: "arxiv: title, authors; s2: venue"."""
    by_source: dict[str, list[str]] = {}
    order = ("title", "authors", "year", "venue", "pages", "doi", "abstract", "url")
    for name, source in sorted(
        paper.field_sources.items(),
        key=lambda item: order.index(item[0]) if item[0] in order else 99,
    ):
        by_source.setdefault(source, []).append(name)
    if paper.abstract and paper.abstract_source and "abstract" not in paper.field_sources:
        by_source.setdefault(paper.abstract_source, []).append("abstract")
    return "; ".join(f"{source}: {', '.join(names)}" for source, names in by_source.items())


def marked_to_markdown(text: str) -> str:
    """A search snippet for JSON: matched words as **bold**, as a Markdown reader shows it."""
    from readinglist.search import MARK_END, MARK_START

    return text.replace(MARK_START, "**").replace(MARK_END, "**")


def print_search_results(results: Sequence[dict[str, Any]]) -> None:
    """Search hits as a table, best first, matched words highlighted.

    Plain text through _terminal rather than rich: `rl search` must start instantly, and
    rich alone would cost it about 0.1 s.
    """
    from readinglist.cli._terminal import DIM, RESET, Column, format_table, mark, use_colour
    from readinglist.search import MARK_END, MARK_START

    colour = use_colour()
    rows = []
    for r in results:
        if r["field"] == "title":
            snippet = ""  # the match is in the title, highlighted in the paper column
        elif r["field"] == "abstract":
            snippet = r["snippet"]
        else:
            snippet = f"{r['field']}: {r['snippet']}"
        cells = [str(r["id"]), r["label_marked"], str(r["year"] or ""), r["category"], snippet]
        rows.append([visible(cell, keep=MARK_START + MARK_END) for cell in cells])
    columns = [
        Column("id", align_right=True),
        Column("paper", share=2),
        Column("year", align_right=True),
        Column("category"),
        Column("match", share=3),
    ]
    table = format_table(columns, rows, markers=(MARK_START, MARK_END))
    lines = table.splitlines()
    if colour:
        lines[0] = DIM + lines[0] + RESET
    sys.stdout.write("\n".join(mark(line, MARK_START, MARK_END, colour) for line in lines) + "\n")


# -- reports of adding and resolving -----------------------------------------------------------


def candidates_table(resolution: Resolution) -> Any:
    from rich.table import Table

    table = Table()
    for column in ("N", "id", "title", "first author", "year", "score"):
        table.add_column(column, justify="right" if column in ("N", "year", "score") else "left")
    for i, c in enumerate(resolution.candidates, 1):
        r = c.record
        table.add_row(str(i), data(r.versioned_id or r.source_id or ""), data(r.title),
                      data(r.authors[0] if r.authors else ""), str(r.year or ""),
                      f"{c.score:.2f}")  # fmt: skip
    return table


def report(outcome: Outcome, *, added: bool) -> None:
    """Tell the user, on stderr, what was stored and what to do next."""
    paper = outcome.paper
    ref = f"#{paper.id}"
    head = f"Added {ref} {paper.label} to {paper.category}" if added else f"{ref} {paper.label}"
    if outcome.resolution is None and outcome.error is None:
        source = " from its PDF" if outcome.attached is not None else ""
        message(f"{head}{source}.")  # nothing was looked up (--offline)
    elif outcome.error is not None:
        message(
            f"{head}, unresolved: {outcome.error.message} "
            f"Nothing is lost; retry with: rl resolve {paper.id}"
        )
    elif paper.resolution == "resolved":
        if paper.arxiv_id:
            version = f"v{paper.version}" if paper.version else ""
            message(f"{head}: arXiv {paper.arxiv_id}{version} '{paper.title}'.")
        else:
            message(f"{head}: {paper.metadata_source} '{paper.title}'.")
    elif paper.resolution == "not-found":
        if outcome.declined:
            which = "none of the candidates" if outcome.resolution and (
                outcome.resolution.candidates) else "as you said"  # fmt: skip
            message(
                f"{head}, as not found ({which}). If it is on arXiv after all: "
                f"rl resolve {paper.id} --arxiv ID"
            )
        else:
            reason = outcome.resolution.reason if outcome.resolution else "no match"
            message(f"{head}, as given: not found ({reason}).")
    elif not paper.candidates:
        message(
            f"{head}, unresolved: nothing was found for it (a misspelt word does that). "
            f'Correct the title and look it up again: rl edit {paper.id} --title "TITLE" && '
            f"rl resolve {paper.id}   (or give its id: rl resolve {paper.id} --arxiv ID)"
        )
    else:
        reason = outcome.resolution.reason if outcome.resolution else "not looked up yet"
        lines = [f"{head}, unresolved: not sure which paper it is ({reason}). Candidates:"]
        for i, c in enumerate(paper.candidates or [], 1):
            shown_id = c.get("arxiv_id") or c.get("id")
            lines.append(f"  {i}. {shown_id}  {c['title']}  (score {c['score']:.2f})")
        lines.append(
            f"Settle it with: rl resolve {paper.id} --pick N   "
            f"(or: rl resolve {paper.id} --arxiv ID)"
        )
        message("\n".join(lines))
    if outcome.attached is not None:
        report_attached(outcome.attached)


def report_results(results: Sequence[tuple[int, Outcome | RLError]], *, of: str) -> dict[str, int]:
    """Tell the user, on stderr, what needs their attention and how many papers ended where;
    returns those counts. Papers that failed for the same reason (arXiv down) share one line.
    `of` says what the papers were, e.g. "unresolved" or "imported"."""
    from readinglist.errors import RLError

    counts = {"resolved": 0, "unresolved": 0, "not-found": 0, "failed": 0}
    failures: dict[str, list[int]] = {}
    for paper_id, result in results:
        if isinstance(result, RLError):
            counts["failed"] += 1
            failures.setdefault(result.message, []).append(paper_id)
        else:
            counts[result.paper.resolution] += 1
            if result.paper.resolution != "resolved":
                report(result, added=False)
    for reason, ids in failures.items():
        message(f"{_id_list(ids)}: {reason}")
    message(
        f"Resolved {counts['resolved']}, unresolved {counts['unresolved']}, "
        f"not found {counts['not-found']}, failed {counts['failed']} "
        f"(of {len(results)} {of})."
    )
    return counts


def results_json(library: Library, results: Sequence[tuple[int, Any]]) -> list[dict[str, Any]]:
    """Each paper as stored now; one whose work failed carries the reason as "error"."""
    from readinglist.errors import RLError

    papers = []
    for paper_id, result in results:
        if isinstance(result, RLError):
            papers.append(paper_json(library.paper(paper_id)) | {"error": result.message})
        else:
            papers.append(paper_json(result.paper))
    return papers


def _id_list(ids: list[int]) -> str:
    """#3, #5-#9: consecutive ids as one range, so 24 papers failing alike take one line."""
    runs: list[list[int]] = []
    for i in ids:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ", ".join(f"#{r[0]}" if len(r) == 1 else f"#{r[0]}-#{r[-1]}" for r in runs)


def report_attached(attached: Attached) -> None:
    """Tell the user, on stderr, where the PDF went and what it gave the paper."""
    paper = attached.paper
    verb = "Replaced the PDF of" if attached.replaced else "Attached a PDF to"
    lines = [f"{verb} #{paper.id} {paper.label}: {shown_path(attached.path)} "
             f"({attached.pages} page{'s' if attached.pages != 1 else ''})."]  # fmt: skip
    if attached.abstract_from_pdf:
        lines.append("Its abstract comes from the PDF.")
    elif not paper.abstract:
        lines.append("No abstract found in the PDF; add one with: "
                     f'rl edit {paper.id} --abstract "..."')  # fmt: skip
    # A broken or hostile file (never a paper) is read, stored and searched only up to the
    # reading limits: say what they cut, as rl extract does.
    lines += [f"Note: {attached.shown}: {note}." for note in attached.notes]
    if attached.notes:
        lines.append("Only the text that was read is stored and searched.")
    message("\n".join(lines))


# -- importing a README ------------------------------------------------------------------------

# How many rows of each group `rl import-readme --dry-run` shows.
FIRST_ROWS = 3


def report_import(result: ImportResult, reading: Reading, path: Path) -> None:
    """Tell the user, on stderr, what an import stored."""
    for slug in result.categories_created:
        message(f"New category: {slug}")
    notes = f" and {result.notes_added} note(s)" if result.notes_added else ""
    message(
        f"Imported {len(result.added)} paper(s){notes} from {path}; "
        f"{len(result.existing)} already stored."
    )
    repeated = result.repeated
    if repeated:
        message(f"{len(repeated)} paper(s) listed twice are stored once, where first listed "
                f"(see: rl import-readme {path} --dry-run).")  # fmt: skip
    if reading.skipped:
        what = (
            "entry that is no paper" if len(reading.skipped) == 1 else "entries that are no papers"
        )
        message(f"Skipped {len(reading.skipped)} {what} (see: rl import-readme {path} --dry-run).")


def print_import_plan(result: ImportResult, reading: Reading, path: Path) -> None:
    """What importing `path` would do: each group with its category and first rows, papers
    listed twice, and what is skipped and why."""
    from readinglist.readme.importing import NEW, NOTE, REPEATED

    papers = sum(1 for s in result.sections for p in s.rows if p.action != NOTE)
    new = len(result.added)
    lines = [f"{path}: {papers} paper(s) in {len(result.sections)} group(s); {new} new, "
             f"{len(result.existing)} already stored. Nothing was written (--dry-run).",
             f"Read as: {'; '.join(reading.shapes)}.", ""]  # fmt: skip
    for section in result.sections:
        where = "new category" if section.created else "category"
        count = sum(1 for p in section.rows if p.action != NOTE)
        lines.append(f"{section.heading}  ({where} '{section.category}', {count} paper(s))")
        shown = [p for p in section.rows if p.action != NOTE]
        for placed in shown[:FIRST_ROWS]:
            row = placed.row
            status = row.status or "(--status)"
            ident = (f"  arXiv:{row.arxiv_id}" if row.arxiv_id else f"  doi:{row.doi}"
                     if row.doi else "")  # fmt: skip
            mark = {NEW: "", REPEATED: "  [listed above]"}.get(placed.action, "  [stored]")
            lines.append(f"  line {row.line:<5} {status:<11} {row.title}{ident}{mark}")
        if len(shown) > FIRST_ROWS:
            lines.append(f"  ... and {len(shown) - FIRST_ROWS} more")
    repeated = result.repeated
    if repeated:
        lines += ["", "Listed twice, stored once (in the group that lists it first):"]
        for placed in repeated:
            first = placed.first
            at = f"line {first.line}" if first is not None else "an earlier row"
            lines.append(f"  line {placed.row.line:<5} {placed.row.title}  (same paper as {at}, "
                         f"in '{placed.category}')")  # fmt: skip
    if reading.skipped:
        lines += ["", f"Skipped ({len(reading.skipped)}):"]
        for skip in reading.skipped:
            lines.append(f"  line {skip.line:<5} {skip.reason}: {skip.text}")
    sys.stdout.write("\n".join(lines) + "\n")


def import_json(result: ImportResult, reading: Reading) -> dict[str, Any]:
    """The JSON shape of an import (or, with dry_run, of what it would do)."""
    from readinglist.readme.importing import NOTE

    data: dict[str, Any] = {
        "added": [] if result.dry_run else result.added,
        "existing": result.existing,
        "notes_added": result.notes_added,
        "categories_created": result.categories_created,
        "repeated": [
            {
                "line": p.row.line,
                "title": p.row.title,
                "first_line": p.first.line if p.first else None,
                "category": p.category,
            }
            for p in result.repeated
        ],
        "skipped": [{"line": s.line, "text": s.text, "reason": s.reason} for s in reading.skipped],
    }
    if result.dry_run:
        data["dry_run"] = True
        data["shapes"] = reading.shapes
        data["sections"] = [
            {"heading": s.heading, "category": s.category, "new_category": s.created,
             "rows": [{"line": p.row.line, "action": p.action, "title": p.row.title,
                       "label": p.row.label, "status": p.row.status, "authors": p.row.authors,
                       "year": p.row.year, "venue": p.row.venue, "arxiv_id": p.row.arxiv_id,
                       "doi": p.row.doi, "url": p.row.url, "ids": p.row.ids,
                       "note": p.row.note}
                      for p in s.rows if p.action != NOTE]}
            for s in result.sections
        ]  # fmt: skip
    return data
