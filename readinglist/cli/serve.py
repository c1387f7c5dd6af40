"""`rl serve`: browse and search the knowledge base in Datasette, read-only."""

from typing import Annotated

import typer

from readinglist.cli import library
from readinglist.cli._output import message

PANEL = "Knowledge base"
app = typer.Typer()


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[
        int,
        typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on (0: any free one)."),
    ] = 8001,
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0: every network interface).")
    ] = "127.0.0.1",
) -> None:
    """Browse and search the knowledge base in Datasette, read-only.

    Full-text search as rl search does, facets by category, status and year, papers linked
    to arXiv and DOI, and one query per category in your order.

    Needs the web extra: pip install -e '.[web]'.
    """
    from readinglist import web

    kb = library(ctx)
    instance = web.datasette(kb)  # fails early, with what to install, without Datasette
    sock = web.listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    message(f"Serving {kb.path} read-only at http://{shown}:{sock.getsockname()[1]}/ "
            "(Ctrl-C stops).")  # fmt: skip
    web.run(instance, kb, sock)
