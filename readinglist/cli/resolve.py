"""`rl resolve`: look stored papers up again, one or every unresolved one; and the run over
many papers that `rl import-readme --resolve` shares."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from readinglist.cli import JsonOpt, NoInputOpt, OptionalRefArg, chooser, is_interactive, library
from readinglist.cli._output import message, paper_json, print_json, report, waiting_on
from readinglist.errors import InvalidInput, RLError

if TYPE_CHECKING:
    from readinglist.adding import Outcome
    from readinglist.library import Library

PANEL = "Papers"
app = typer.Typer()


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
    force: Annotated[
        bool,
        typer.Option("--force", help="Resolve even to a paper another entry already has."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Look papers up again (arXiv, then the other sources): one (REF) or every unresolved one
    (--all).

    Settle an unsure paper with --pick N (a candidate shown by rl add or rl show) or --arxiv ID.

    A resolved paper has its metadata refreshed.
    """
    from readinglist import adding
    from readinglist.cli._output import report_results, results_json

    kb = library(ctx)
    if all_:
        if ref is not None or pick is not None or arxiv is not None:
            raise InvalidInput("--all resolves every unresolved paper: give either REF or --all.")
        ids = kb.unresolved_ids()
        if not ids:
            message("No unresolved papers.")
            if json_:
                print_json([])
            return
        results = resolve_with_progress(kb, ids, interactive=is_interactive(no_input),
                                        force=force)  # fmt: skip
        counts = report_results(results, of="unresolved")
        if json_:
            print_json(results_json(kb, results))
        if counts["failed"]:
            raise typer.Exit(1)
        return
    if ref is None:
        raise InvalidInput("give a paper to resolve (REF), or --all for every unresolved one.")
    paper = kb.find_paper(ref)
    with waiting_on(f"Looking up #{paper.id} {paper.label}"):
        outcome = adding.resolve(
            kb, paper.id, pick=pick, arxiv_id=arxiv, choose=chooser(no_input), force=force
        )
    report(outcome, added=False)
    if json_:
        print_json(paper_json(outcome.paper))


def resolve_with_progress(
    kb: "Library", ids: Sequence[int], *, interactive: bool, force: bool = False
) -> "list[tuple[int, Outcome | RLError]]":
    """Resolve the papers `ids` one after the other under a progress bar; each paper's
    outcome, or the error that stopped it (one failure never stops the rest). In a terminal
    the user then picks among the candidates of each unsure paper."""
    from readinglist import adding
    from readinglist.cli._progress import each_with_progress, follow_requests
    from readinglist.cli._prompts import ask_which
    from readinglist.sources import make_sources

    # One chain of sources for the whole run, so its requests stay spaced apart.
    sources = make_sources()

    def work(paper_id: int) -> "Outcome":
        return adding.resolve(kb, paper_id, sources=sources, force=force)

    results: list[tuple[int, Outcome | RLError]] = []
    try:
        # arXiv first, many papers a request; each is then resolved from those answers.
        follow_requests(adding.prefetch(kb, ids, sources), label="Asking arXiv")
        results = each_with_progress(ids, work, label="Resolving", transient=interactive)
    except KeyboardInterrupt:
        done = sum(kb.paper(i).resolution != "unresolved" for i in ids)
        message(f"Interrupted: {done} of {len(ids)} papers are settled and kept; the others "
                "stay unresolved. Run the same command again to go on.")  # fmt: skip
        raise typer.Exit(130) from None
    if interactive:
        # Asked after the bar is gone; the lookups are cached, so asking costs no request.
        for i, (paper_id, result) in enumerate(results):
            if _to_ask_about(result):
                try:
                    results[i] = (paper_id, adding.resolve(
                        kb, paper_id, sources=sources, choose=ask_which, force=force
                    ))  # fmt: skip
                except RLError as e:
                    results[i] = (paper_id, e)
    return results


def _to_ask_about(result: "Outcome | RLError") -> bool:
    """Left unresolved by what the sources said: unsure among candidates, or nothing found
    (a network failure is no question for the user)."""
    return (
        not isinstance(result, RLError)
        and result.paper.resolution == "unresolved"
        and result.error is None
        and result.resolution is not None
    )
