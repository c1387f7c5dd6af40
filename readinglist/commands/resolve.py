"""`rl resolve`: look stored papers up on arXiv again; the prompts and reports that `rl add`
shares with it; and the progress-bar run over many papers that `rl import-readme --resolve`
shares with `rl resolve --all`."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.commands.options import JsonOpt, OptionalRefArg, conn
from readinglist.errors import InvalidInput, RLError
from readinglist.output import message, paper_json, print_json, stderr_console

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Sequence

    from readinglist.resolution import Chooser, Outcome
    from readinglist.resolve import Resolution

app = typer.Typer()

NoInputOpt = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never ask which candidate is right: leave unsure papers unresolved "
        "(the default without a terminal).",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Resolve even to an arXiv paper another entry already has."),
]


@app.command()
def resolve(
    ctx: typer.Context,
    ref: OptionalRefArg = None,
    all_: Annotated[bool, typer.Option("--all", help="Every unresolved paper.")] = False,
    pick: Annotated[
        int | None,
        typer.Option("--pick", metavar="N", help="Take candidate N (see: rl show REF)."),
    ] = None,
    arxiv: Annotated[
        str | None, typer.Option("--arxiv", metavar="ID", help="Take this arXiv id.")
    ] = None,
    no_input: NoInputOpt = False,
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Look papers up on arXiv again: one (REF) or every unresolved one (--all).

    Settle an unsure paper with --pick N (a candidate shown by rl add or rl show) or --arxiv ID.

    A resolved paper has its metadata refreshed.
    """
    from readinglist import resolution as core
    from readinglist.papers import find_paper

    db = conn(ctx)
    if all_:
        if ref is not None or pick is not None or arxiv is not None:
            raise InvalidInput("--all resolves every unresolved paper: give either REF or --all.")
        resolve_all(ctx, interactive=is_interactive(no_input), force=force, json_=json_)
        return
    if ref is None:
        raise InvalidInput("give a paper to resolve (REF), or --all for every unresolved one.")
    paper = find_paper(db, ref)
    outcome = core.resolve_paper(
        db, paper["id"], pick=pick, arxiv_id=arxiv, choose=chooser(no_input), force=force
    )
    report(outcome, added=False)
    if json_:
        print_json(paper_json(outcome.paper))


def resolve_all(ctx: typer.Context, *, interactive: bool, force: bool, json_: bool) -> None:
    from readinglist import resolution as core

    db = conn(ctx)
    ids = core.unresolved_ids(db)
    if not ids:
        message("No unresolved papers.")
        if json_:
            print_json([])
        return
    results = resolve_with_progress(db, ids, interactive=interactive, force=force)
    counts = report_results(results, of="unresolved")
    if json_:
        print_json(results_json(db, results))
    if counts["failed"]:
        raise typer.Exit(1)


# -- shared with rl import-readme --resolve ------------------------------------------------

Results = list[tuple[int, "Outcome | RLError"]]


def resolve_with_progress(
    db: "sqlite3.Connection", ids: "Sequence[int]", *, interactive: bool, force: bool = False
) -> Results:
    """Resolve the papers `ids` one after the other under a progress bar on stderr; each
    paper's outcome, or the error that stopped it (one failure never stops the rest). In a
    terminal the user then picks among the candidates of each unsure paper."""
    from rich.progress import Progress

    from readinglist import resolution as core

    # One set of sources for the whole run, so its requests stay spaced apart.
    sources = core.default_sources(db)
    results: Results = []
    with Progress(console=stderr_console(), transient=interactive) as progress:
        task = progress.add_task("Resolving on arXiv", total=len(ids))
        for paper_id, result in core.resolve_each(db, ids, sources=sources, force=force):
            results.append((paper_id, result))
            progress.advance(task)
    if interactive:
        # Asked after the bar is gone; the lookups are cached, so asking costs no request.
        for i, (paper_id, result) in enumerate(results):
            if _is_unsure(result):
                try:
                    results[i] = (paper_id, core.resolve_paper(
                        db, paper_id, sources=sources, choose=ask_which, force=force
                    ))  # fmt: skip
                except RLError as e:
                    results[i] = (paper_id, e)
    return results


def report_results(results: Results, *, of: str) -> dict[str, int]:
    """Tell the user, on stderr, what needs their attention and how many papers ended where;
    returns those counts. Papers that failed for the same reason (arXiv down) share one line.
    `of` says what the papers were, e.g. "unresolved" or "imported"."""
    counts = {"resolved": 0, "unresolved": 0, "not-on-arxiv": 0, "failed": 0}
    failures: dict[str, list[int]] = {}
    for paper_id, result in results:
        if isinstance(result, RLError):
            counts["failed"] += 1
            failures.setdefault(result.message, []).append(paper_id)
        else:
            counts[result.paper["resolution"]] += 1
            if result.paper["resolution"] != "resolved":
                report(result, added=False)
    for reason, ids in failures.items():
        message(f"{_id_list(ids)}: {reason}")
    message(
        f"Resolved {counts['resolved']}, unsure {counts['unresolved']}, "
        f"not on arXiv {counts['not-on-arxiv']}, failed {counts['failed']} "
        f"(of {len(results)} {of})."
    )
    return counts


def results_json(db: "sqlite3.Connection", results: Results) -> list[dict[str, Any]]:
    """Each paper as stored now; one whose lookup failed carries the reason as "error"."""
    from readinglist.papers import get_paper

    papers = []
    for paper_id, result in results:
        if isinstance(result, RLError):
            papers.append(paper_json(get_paper(db, paper_id)) | {"error": result.message})
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


def _is_unsure(result: "Outcome | RLError") -> bool:
    return (
        not isinstance(result, RLError)
        and result.paper["resolution"] == "unresolved"
        and (result.resolution is not None and bool(result.resolution.candidates))
    )


# -- shared with rl add --------------------------------------------------------------------


def is_interactive(no_input: bool) -> bool:
    """Ask only a person at a terminal; scripts and pipes get unsure papers left unresolved."""
    return not no_input and sys.stdin.isatty()


def chooser(no_input: bool) -> "Chooser | None":
    return ask_which if is_interactive(no_input) else None


def ask_which(resolution: "Resolution") -> int | None:
    """Show the candidates and read the user's choice: an index, or None for none of them."""
    console = stderr_console()
    what = resolution.parsed.text if resolution.parsed else "this paper"
    console.print(f"Which arXiv paper is '{what}'? Not sure: {resolution.reason}.", markup=False)
    console.print(candidates_table(resolution))
    count = len(resolution.candidates)
    while True:
        try:
            answer = console.input(f"Number 1-{count}, or Enter for none of these: ").strip()
        except EOFError:
            return None
        if answer.lower() in ("", "0", "n", "no", "none"):
            return None
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer) - 1
        console.print(f"Type a number from 1 to {count}, or press Enter for none.")


def candidates_table(resolution: "Resolution") -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for column in ("N", "arXiv", "title", "first author", "year", "score"):
        table.add_column(column, justify="right" if column in ("N", "year", "score") else "left")
    for i, c in enumerate(resolution.candidates, 1):
        r = c.record
        table.add_row(str(i), r.versioned_id or "", Text(r.title),
                      Text(r.authors[0] if r.authors else ""), str(r.year or ""),
                      f"{c.score:.2f}")  # fmt: skip
    return table


def report(outcome: "Outcome", *, added: bool) -> None:
    """Tell the user, on stderr, what was stored and what to do next."""
    paper = outcome.paper
    ref = f"#{paper['id']}"
    head = (
        f"Added {ref} {paper['label']} to {paper['category']}"
        if added
        else (f"{ref} {paper['label']}")
    )
    if outcome.error is not None:
        message(
            f"{head}, unresolved: {outcome.error.message} "
            f"Nothing is lost; retry with: rl resolve {paper['id']}"
        )
    elif paper["resolution"] == "resolved":
        version = f"v{paper['version']}" if paper["version"] else ""
        message(f"{head}: arXiv {paper['arxiv_id']}{version} '{paper['title']}'.")
    elif paper["resolution"] == "not-on-arxiv":
        if outcome.declined:
            message(
                f"{head}, as not on arXiv (none of the candidates). If it is there after all: "
                f"rl resolve {paper['id']} --arxiv ID"
            )
        else:
            reason = outcome.resolution.reason if outcome.resolution else "no match"
            message(f"{head}, as given: not found on arXiv ({reason}).")
    else:
        reason = outcome.resolution.reason if outcome.resolution else "not looked up yet"
        lines = [f"{head}, unresolved: not sure which arXiv paper it is ({reason}). Candidates:"]
        for i, c in enumerate(paper["candidates"] or [], 1):
            lines.append(f"  {i}. {c['arxiv_id']}  {c['title']}  (score {c['score']:.2f})")
        lines.append(
            f"Settle it with: rl resolve {paper['id']} --pick N   "
            f"(or: rl resolve {paper['id']} --arxiv ID)"
        )
        message("\n".join(lines))
