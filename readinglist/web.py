"""`rl serve`: the knowledge base in Datasette, read-only.

No web app of our own: Datasette serves the SQLite file (its connections open it with
mode=ro), configured by metadata built here from the knowledge base, and a small plugin
(readinglist.web_plugin) that links arXiv ids and DOIs and shows authors as names:
- the papers table is searched through papers_fts, the index behind `rl search`, and
  faceted by category, status and year;
- each category is a canned query listing its papers in the user's order, the queries in
  the order of the categories;
- the tables only rl itself needs (the source cache, the migrations) are hidden.

Datasette is an optional extra (pip install -e '.[web]'): it is imported only here and in
the plugin, and only when serving.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.errors import RLError

if TYPE_CHECKING:
    import socket

    from datasette.app import Datasette

    from readinglist.library import Library

PLUGIN = "readinglist"
HIDDEN_TABLES = ("source_cache", "_sqlite_migrations", "pdf_texts")
# The columns a category's canned query shows; `paper` (the id) links to the paper's page.
QUERY_COLUMNS = ("p.id AS paper", "p.title", "p.authors", "p.year", "p.venue", "p.status",
                 "p.read_at", "p.arxiv_id", "p.doi")  # fmt: skip


class MissingExtra(RLError):
    """Datasette is not installed."""


class CannotListen(RLError):
    """The port is taken, or not one this machine can listen on."""


def database_name(path: Path) -> str:
    """What Datasette calls a database file: its name without the suffix."""
    return path.stem


def metadata(library: Library) -> dict[str, Any]:
    """Datasette metadata for the knowledge base `library` (see the module docstring)."""
    from readinglist.search_index import FTS_TABLE

    queries = {
        f"category-{c.slug}": {
            "title": f"{c.heading} ({c.papers})",
            "description": f"The papers of '{c.heading}', in your order.",
            "sql": (
                f"SELECT {', '.join(QUERY_COLUMNS)} FROM papers p "
                f"WHERE p.category = '{c.slug}' ORDER BY p.position, p.id"
            ),
        }
        for c in library.categories()
    }
    tables: dict[str, Any] = {
        "papers": {
            "description": "Search them as rl search does; facet by category, status, year.",
            "facets": ["category", "status", "year"],
            "fts_table": FTS_TABLE,
            "fts_pk": "id",
            "label_column": "title",
        },
        "categories": {"label_column": "heading", "sort": "position"},
        **{name: {"hidden": True} for name in HIDDEN_TABLES},
    }
    name = database_name(library.path)
    return {
        "title": "Reading list",
        "description": f"{library.path.name}, read-only: rl's knowledge base in Datasette.",
        "databases": {name: {"tables": tables, "queries": queries}},
        "plugins": {PLUGIN: {"database": name}},
    }


def datasette(library: Library) -> Datasette:
    """A Datasette for the knowledge base, with rl's metadata and plugin, started."""
    try:
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError as e:
        raise MissingExtra(
            "rl serve needs Datasette, an optional extra: pip install -e '.[web]' "
            "(or pip install 'readinglist[web]')."
        ) from e
    from datasette import handle_exception

    from readinglist import web_plugin

    # Datasette 0.65 prints every error it answers (a 404, a statement that is not a
    # SELECT) as a rich traceback with its locals when rich is importable, which it is for
    # rl, and fails when no exception is being handled any more. The error page is what
    # the reader needs; the terminal needs nothing.
    handle_exception.rich = None
    if not pm.is_registered(web_plugin):
        pm.register(web_plugin, name=PLUGIN)
    return Datasette(
        [str(library.path)],
        metadata=metadata(library),
        settings={"default_page_size": 50, "allow_download": False},
    )


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0: one the system chooses), or a clear error: taken
    before the server starts, so a busy port is one line, not uvicorn's log and exit 3."""
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, OverflowError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise CannotListen(
            f"cannot listen on {host}:{port} ({reason}). Choose another port with --port N "
            "(or --port 0 for any free one)."
        ) from None
    return sock


def run(instance: Datasette, library: Library, sock: socket.socket) -> None:
    """Serve `instance` on `sock` until interrupted (Ctrl-C)."""
    import asyncio

    import uvicorn

    library.close()  # Datasette opens the file itself, read-only
    asyncio.run(instance.invoke_startup())
    config = uvicorn.Config(instance.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
