"""`rl resolve`: look stored papers up on arXiv again; and the prompts and reports that
`rl add` shares with it."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readinglist.commands.options import JsonOpt, conn
from readinglist.errors import InvalidInput, RLError
from readinglist.output import message, paper_json, print_json, stderr_console

if TYPE_CHECKING:
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
    bool, typer.Option(help="Resolve even to an arXiv paper another entry already has.")
]


@app.command()
def resolve(
    ctx: typer.Context,
    ref: Annotated[
        str | None,
        typer.Argument(help="Paper id, arXiv id, or a fragment of its title.", show_default=False),
    ] = None,
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

    Settle an unsure paper with --pick N (a candidate shown by rl add or rl show) or
    --arxiv ID. A resolved paper has its metadata refreshed.
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
    from rich.progress import Progress

    from readinglist import resolution as core
    from readinglist.papers import get_paper

    db = conn(ctx)
    ids = core.unresolved_ids(db)
    if not ids:
        message("No unresolved papers.")
        if json_:
            print_json([])
        return
    sources = core.default_sources(db)
    results: list[tuple[int, Outcome | RLError]] = []
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
    counts = {"resolved": 0, "unresolved": 0, "not-on-arxiv": 0, "failed": 0}
    for paper_id, result in results:
        if isinstance(result, RLError):
            counts["failed"] += 1
            message(f"#{paper_id}: {result.message}")
        else:
            counts[result.paper["resolution"]] += 1
            if result.paper["resolution"] != "resolved":
                report(result, added=False)
    message(
        f"Resolved {counts['resolved']}, unsure {counts['unresolved']}, "
        f"not on arXiv {counts['not-on-arxiv']}, failed {counts['failed']} "
        f"(of {len(results)} unresolved)."
    )
    if json_:
        papers = []
        for paper_id, result in results:
            if isinstance(result, RLError):
                papers.append(paper_json(get_paper(db, paper_id)) | {"error": result.message})
            else:
                papers.append(paper_json(result.paper))
        print_json(papers)
    if counts["failed"]:
        raise typer.Exit(1)


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
