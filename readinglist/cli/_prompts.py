"""What rl asks the user: which candidate is the paper (see cli.chooser for when)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readinglist.cli._output import candidates_table, stderr_console, stop_spinner, visible

if TYPE_CHECKING:
    from readinglist.matching import Resolution

# Answers that mean "none of these is the paper" (stored as not found); Enter decides later.
_NONE = ("n", "no", "none", "0")


def ask_which(resolution: Resolution) -> int | None:
    """Show the candidates and read the user's choice: an index, NONE_OF_THESE, or None to
    decide later (Enter, or the end of input): the paper then stays unresolved, with its
    candidates, for rl resolve."""
    from readinglist.adding import NONE_OF_THESE

    stop_spinner()
    console = stderr_console()
    what = resolution.parsed.text if resolution.parsed else "this paper"
    count = len(resolution.candidates)
    if count:
        console.print(visible(f"Which paper is '{what}'? Not sure: {resolution.reason}."))
        console.print(candidates_table(resolution))
        ask = f"Number 1-{count}, n for none of these, or Enter to decide later: "
    else:
        console.print(visible(f"Nothing was found for '{what}'. Is it misspelt?"))
        ask = "n if it is not there (stored as not found), or Enter to keep it to retry later: "
    while True:
        try:
            answer = console.input(ask).strip().lower()
        except EOFError:
            console.print()
            answer = ""
        if not answer:
            console.print("Kept unresolved: settle it later with rl resolve.", markup=False)
            return None
        if answer in _NONE:
            return NONE_OF_THESE
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer) - 1
        choices = f"a number from 1 to {count}, " if count else ""
        console.print(f"Type {choices}n for none, or press Enter to decide later.", markup=False)


def confirm(question: str, *, default: bool = False) -> bool | None:
    """The user's yes or no to `question`, asked on stderr; None when no answer came (the end
    of input: Ctrl-D, or no terminal and nothing piped), which the caller takes as no."""
    import typer

    try:
        # visible(): a question names a paper, whose label must not command the terminal.
        return typer.confirm(visible(question), default=default, err=True)
    except typer.Abort:
        stderr_console().print()
        return None


def confirm_deletion(question: str) -> None:
    """Go on only if the user says yes to deleting; else say nothing was deleted, and why
    when no answer came, and stop (exit 1)."""
    import typer

    from readinglist.cli._output import message

    answer = confirm(question)
    if not answer:
        no_answer = "" if answer is False else " (no answer: --yes deletes without asking)"
        message(f"Nothing deleted{no_answer}.")
        raise typer.Exit(1)
