"""rl's Datasette plugin (registered by readinglist.web): papers' arXiv ids, DOIs and
titles as links, authors as names, and each paper in a canned query linked to its page.

It acts only on the knowledge base rl serves (the database named in its plugin config).
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from readinglist.render import paper_link

PLUGIN = "readinglist"


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Markup | None:  # fmt: skip
    config = datasette.plugin_config(PLUGIN) or {}
    if database != config.get("database") or value in (None, ""):
        return None
    if column == "arxiv_id":
        return _link(f"https://arxiv.org/abs/{value}", value)
    if column == "doi":
        return _link(f"https://doi.org/{value}", value)
    if column in ("authors", "arxiv_categories") and isinstance(value, str):
        try:
            names = json.loads(value)
        except ValueError:
            return None
        return escape(", ".join(str(n) for n in names)) if isinstance(names, list) else None
    if column == "paper" and table is None:  # the id column of a category's canned query
        return _link(datasette.urls.row(database, "papers", str(value)), f"#{value}")
    if column == "title" and table in (None, "papers"):
        link = paper_link(_as_dict(row))
        return _link(link, value) if link else None
    return None


def _link(href: str, text: Any) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def _as_dict(row: Any) -> dict[str, Any]:
    try:
        return dict(zip(row.keys(), tuple(row), strict=True))
    except (AttributeError, TypeError):
        return {}
