"""The floor for `rl search` wall time: a bare Typer app with one command, in the same
environment. Whatever rl adds on top of this is what rl costs."""

import typer

app = typer.Typer()


@app.command()
def search(query: str) -> None:
    print(query)


if __name__ == "__main__":
    app()
