"""`rl init`: the folders a reading-list project works from."""

from __future__ import annotations

import shutil
from pathlib import Path

from readinglist.errors import InvalidInput
from readinglist.render import LOCAL_TEMPLATES, default_templates


def copy_default_templates(
    folder: Path = LOCAL_TEMPLATES, *, force: bool = False
) -> list[tuple[Path, bool]]:
    """Copy rl's default templates into `folder` for editing.

    Returns (path, copied) for each template; an existing file is kept unless `force`.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InvalidInput(f"cannot create {folder}: {e.strerror}.") from e
    done = []
    for source in default_templates():
        target = folder / source.name
        if target.exists() and not force:
            done.append((target, False))
            continue
        shutil.copyfile(source, target)
        done.append((target, True))
    return done
