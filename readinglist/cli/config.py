"""`rl config`: the user's settings (the default knowledge base, the default category)."""

from pathlib import Path
from typing import Annotated

import typer

from readinglist.cli import JsonOpt, state
from readinglist.cli._output import message, print_json
from readinglist.errors import InvalidInput, NotFound

PANEL = "Knowledge base"
app = typer.Typer()


@app.command()
def config(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Argument(metavar="KEY", help="db or category.", show_default=False)
    ] = None,
    value: Annotated[
        str | None, typer.Argument(metavar="VALUE", help="Its new value.", show_default=False)
    ] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Remove the setting KEY.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Show or change your settings: rl config lists them, rl config KEY shows one, rl config
    KEY VALUE sets it, rl config --unset KEY removes it.

    db: the knowledge base to use where no data/papers.sqlite is found in the current folder or
    a folder above it (rl add creates it if it does not exist yet).

    category: the category rl add puts a paper in without --cat (else other).

    Kept in $XDG_CONFIG_HOME/rl/config.toml (else ~/.config/rl/config.toml).
    """
    from readinglist import config as core

    if unset:
        if key is None or value is not None:
            raise InvalidInput("--unset removes one setting: rl config --unset KEY")
        core.check_key(key)
        if core.read_config().get(key) is None:
            message(f"{key} is not set: nothing to remove.")
            return
        path = core.set_value(key, None)
        message(f"Removed {key} from {path}.")
        return
    if key is None:
        _list(ctx, core.read_config(), json_=json_)
        return
    core.check_key(key)
    if value is None:
        current = core.read_config().get(key)
        if current is None:
            raise NotFound(f"{key} is not set ({core.KEYS[key]}). Set it with: rl config {key} ...")
        if json_:
            print_json({key: current})
        else:
            print(current)
        return
    if key == "category":
        _check_category(ctx, value)
    path = core.set_value(key, value)
    stored = core.read_config(path)[key]
    message(f"Set {key} = {stored} in {path}.")
    if key == "db" and not Path(stored).exists():
        message(f"{stored} does not exist yet: rl add creates it.")


def _check_category(ctx: typer.Context, slug: str) -> None:
    """A default category the knowledge base in use lacks would fail every rl add: said now.
    (With no knowledge base yet there is nothing to check it against.)"""
    found = state(ctx).location()
    if found is None or not found.path.exists():
        return
    kb = state(ctx).library()
    if kb.find_category(slug) is None:
        known = ", ".join(c.slug for c in kb.categories())
        raise NotFound(f"no category '{slug}' in {found.path} (its categories: {known}). "
                       f"Create it first with: rl cat add {slug}")  # fmt: skip


def _list(ctx: typer.Context, settings: dict[str, str], *, json_: bool) -> None:
    from readinglist.config import config_path

    # Where this run finds the knowledge base, and why: git rev-parse --git-dir, for rl.
    found = state(ctx).location()
    how = {"given": f"from {state(ctx).given_by}", "found": "found here or above",
           "default": "your default"}  # fmt: skip
    if json_:
        where = None if found is None else {
            "path": str(found.path), "how": found.how, "exists": found.path.exists()}  # fmt: skip
        print_json({"settings": settings, "config_file": str(config_path()),
                    "knowledge_base": where})  # fmt: skip
        return
    for key, value in settings.items():
        print(f"{key} = {value}")
    if not settings:
        message(f"No settings yet (they go in {config_path()}). Set one with: rl config KEY VALUE")
    if found is None:
        message("No knowledge base here, above, or as your default (rl init makes one here).")
    else:
        missing = "" if found.path.exists() else "; it does not exist yet: rl init makes it"
        message(f"Knowledge base: {found.path} ({how[found.how]}{missing}).")
