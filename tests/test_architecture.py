"""The rules ARCHITECTURE.md states, checked on the code itself: only the storage module runs
SQL, only sources/arxiv imports arxiv, only the PDF reader imports pymupdf, the core imports
neither typer nor rich and prints nothing, no import cycles, and one `rl add` goes down the
pipeline without wandering between modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "readinglist"
SQL_METHODS = {"execute", "executemany", "executescript"}
# The storage module runs the SQL; the migrations hold (and run) the DDL.
STORAGE = {
    "readinglist.library",
    "readinglist.migrations",
    "readinglist.mirror",  # the local arXiv mirror is a second store, in its own file
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in
           sorted(PACKAGE.rglob("*.py"))}  # fmt: skip
CORE = {name: tree for name, tree in MODULES.items() if not name.startswith("readinglist.cli")}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes inside `if TYPE_CHECKING:` blocks (imports for type hints only)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def imports(name: str, tree: ast.AST) -> set[str]:
    """Every module `name` imports when it runs (at the top or inside a function), not
    counting imports for type hints only."""
    hints = _type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            assert not node.level, f"{name}: relative imports are not used here"
            found.add(base)
            # `from readinglist import adding` imports the module readinglist.adding
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if f"{base}.{alias.name}" in MODULES)  # fmt: skip
    return found


def test_only_the_storage_module_runs_sql():
    runs_sql = {
        name
        for name, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_METHODS
    }
    assert runs_sql == STORAGE
    connects = {name for name, tree in MODULES.items() if "sqlite3.connect" in ast.unparse(tree)}
    assert connects == {"readinglist.library", "readinglist.mirror"}


@pytest.mark.parametrize(
    ("library", "owner"),
    [("arxiv", "readinglist.sources.arxiv"), ("pymupdf", "readinglist.pdf.reader"),
     ("fitz", None), ("sqlite_utils", None)],
)  # fmt: skip
def test_one_module_imports_each_heavy_library(library, owner):
    importers = {name for name, tree in MODULES.items()
                 if any(m == library or m.startswith(library + ".")
                        for m in imports(name, tree))}  # fmt: skip
    if library == "sqlite_utils":  # migrations are written for it; the opener applies them
        assert importers == {"readinglist.library", "readinglist.migrations"}
    else:
        assert importers == ({owner} if owner else set())


def test_the_core_has_no_face():
    """Outside readinglist/cli/ nothing imports typer, click or rich, nor prints."""
    for name, tree in CORE.items():
        heavy = {m.split(".")[0] for m in imports(name, tree)} & {"typer", "click", "rich"}
        assert not heavy, f"{name} imports {heavy}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "input"), f"{name} calls {node.func.id}"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                stream = f"{node.value.id}.{node.attr}"
                assert stream not in ("sys.stdout", "sys.stderr"), f"{name} uses {stream}"


def test_no_import_cycles():
    graph = {name: {m for m in imports(name, tree) if m in MODULES and m != name}
             for name, tree in MODULES.items()}  # fmt: skip
    # A package's __init__ runs before any of its modules; a module importing its own
    # package is no cycle (every module of readinglist.cli imports the shared options).
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycle = [*path[path.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_one_rl_add_goes_down_the_pipeline():
    """bench/hops.py: an exact arXiv title on an existing knowledge base crosses from one
    readinglist module to another fewer than 35 times, through at most 12 modules, and every
    call goes down the layers: the face, the pipeline, the sources and the storage, the pure
    rules (matching, identifiers). No module calls back up."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "hops.py"), "--trace"],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    hops = int(next(ln for ln in lines if ln.startswith("hops:")).split()[1])
    modules = int(next(ln for ln in lines if ln.startswith("modules:")).split()[1])
    assert hops < 35 and modules <= 12
    calls = [ln.split(" -> ") for ln in lines if " -> " in ln and ".<module>" not in ln]
    layer = {"readinglist.cli": 0, "readinglist.adding": 1, "readinglist.sources": 2,
             "readinglist.library": 2, "readinglist.identifiers": 3,
             "readinglist.matching": 3}  # fmt: skip

    def rank(module: str) -> int:
        return next(r for prefix, r in layer.items() if module.startswith(prefix))

    for caller, callee in calls:
        callee_module = callee.rsplit(".", 1)[0]
        # Only one call goes back up: the HTTP session hands arXiv's answer to the arXiv
        # module to check it is a feed.
        if (caller, callee_module) == ("readinglist.sources.http", "readinglist.sources.arxiv"):
            continue
        assert rank(caller) <= rank(callee_module), f"{caller} calls back up into {callee}"
        assert not (
            caller.startswith("readinglist.sources") and callee.startswith("readinglist.library")
        ), "a source never touches the knowledge base"
