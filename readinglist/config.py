"""Where the knowledge base is, and the user's own settings.

The knowledge base is found the way git finds `.git`: the path given (`--db`, `$RL_DB`), else
`data/papers.sqlite` in the current folder or the nearest folder above it that has one, else
the user's default from their settings. Only `rl init`, `rl add` and the imports create one
(the face decides that); finding never creates anything.

Settings live in one small TOML file, `$XDG_CONFIG_HOME/rl/config.toml` (else
`~/.config/rl/config.toml`), read and written by `rl config` as `git config --global` and
`gh config` do theirs: a few known keys, each a string.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from readinglist.errors import InvalidInput

# The knowledge base of a reading-list project, relative to the project's folder.
PROJECT_DB = Path("data") / "papers.sqlite"
# key -> what it means (`rl config` lists these)
KEYS = {
    "db": "the knowledge base used where no data/papers.sqlite is found in or above the folder",
    "category": "the category rl add puts a paper in without --cat (else: other)",
}


@dataclass(frozen=True)
class Location:
    """Where the knowledge base of this run is, and how rl knows."""

    path: Path
    how: str  # "given" (--db, RL_DB), "found" (in or above the folder), "default" (settings)


def config_path() -> Path | None:
    """The settings file: $XDG_CONFIG_HOME/rl/config.toml, else ~/.config/rl/config.toml (None
    without a home folder to put it in)."""
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative path
        return Path(xdg) / "rl" / "config.toml"
    try:
        return Path.home() / ".config" / "rl" / "config.toml"
    except (RuntimeError, KeyError):
        return None


def read_config(path: Path | None = None) -> dict[str, str]:
    """The settings (an empty dict when there is no file)."""
    import tomllib

    path = path or config_path()
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InvalidInput(f"cannot read the settings in {path} ({e}). Fix or delete it.") from e
    return {k: str(v) for k, v in data.items() if k in KEYS}


def set_value(key: str, value: str | None) -> Path:
    """Set `key` (None: remove it) and write the file, atomically. Returns the file."""
    check_key(key)
    path = config_path()
    if path is None:
        raise InvalidInput("there is no home folder to keep settings in; set XDG_CONFIG_HOME.")
    settings = read_config(path)
    if value is None:
        settings.pop(key, None)
    else:
        if key == "db":
            value = str(Path(value).expanduser().resolve())
        settings[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("# rl's settings: see rl config --help\n")
            # A JSON string is a TOML basic string: quotes, backslashes and the rest escaped.
            f.writelines(
                f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in settings.items()
            )
        os.replace(name, path)
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror}.") from e
    return path


def check_key(key: str) -> str:
    if key not in KEYS:
        raise InvalidInput(f"unknown setting '{key}'. Settings: {', '.join(KEYS)}.")
    return key


def find_project_db(start: Path) -> Path | None:
    """data/papers.sqlite in `start` or the nearest folder above it that has one."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / PROJECT_DB
        if path.is_file():
            return path
    return None


def locate(given: Path | None, start: Path) -> Location | None:
    """The knowledge base of this run: given, found in or above `start`, or the user's
    default (which may not exist yet); None when there is none of these."""
    if given is not None:
        return Location(given, "given")
    found = find_project_db(start)
    if found is not None:
        return Location(_shown(found, start), "found")
    default = read_config().get("db")
    if default:
        return Location(Path(default).expanduser(), "default")
    return None


def _shown(path: Path, start: Path) -> Path:
    """`path` relative to `start` when it is below it (data/papers.sqlite), else as is."""
    try:
        return path.relative_to(start.resolve())
    except ValueError:
        return path
