"""The user's categories (survey, dialogue, llm, rl, other) in a knowledge base, as the shipped
one has them (a new knowledge base has only "other"), made by the script that builds the
shipped one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from readinglist.library import open_library

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_shipped_db.py"


def give_profile_categories(db_file: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_shipped_db", SCRIPT)
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    library = open_library(db_file)
    build.add_profile_categories(library)
    library.close()
