"""`rl search` against papis and pubs on the same 1,000 papers.

    python -m venv /tmp/refman && /tmp/refman/bin/pip install papis pubs pyparsing 'bibtexparser<2'
    python bench/build_kb.py 1000
    python bench/compare_tools.py --tools-bin /tmp/refman/bin

Exports the papers of bench/out/kb-1000.sqlite into a papis library (one folder with an
info.yaml per paper) and a pubs repository (imported from BibTeX), all under
bench/out/compare/, with configuration files there too so nothing in $HOME is read or
written. Each tool is run once to build its cache, then the timed runs are interleaved.
papis and pubs live in their own virtual environment: they are benchmarks, not dependencies.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
WORK = OUT / "compare"


def load_papers(path: Path) -> list[dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT id, title, authors, year, abstract FROM papers ORDER BY id")
    return [dict(r) | {"authors": json.loads(r["authors"])} for r in rows]


def papis_library(papers: list[dict]) -> tuple[Path, Path]:
    library = WORK / "papis-library"
    for paper in papers:
        folder = library / f"paper-{paper['id']}"
        folder.mkdir(parents=True)
        info = {
            "type": "article",
            "ref": f"paper{paper['id']}",
            "title": paper["title"],
            "author": " and ".join(paper["authors"]),
            "year": paper["year"],
            "abstract": paper["abstract"],
        }
        # JSON is valid YAML: no YAML library needed to write info.yaml.
        (folder / "info.yaml").write_text(json.dumps(info, indent=1) + "\n")
    config = WORK / "papis.conf"
    config.write_text(f"[settings]\ndefault-library = bench\n\n[bench]\ndirs = ['{library}']\n")
    return library, config


def pubs_repository(papers: list[dict], tools_bin: Path) -> Path:
    bib = WORK / "papers.bib"
    with bib.open("w") as f:
        for paper in papers:
            fields = {
                "title": paper["title"],
                "author": " and ".join(paper["authors"]),
                "year": str(paper["year"]),
                "abstract": paper["abstract"],
            }
            body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
            f.write(f"@article{{paper{paper['id']},\n{body}\n}}\n\n")
    config = WORK / "pubsrc"
    run([str(tools_bin / "pubs"), "-c", str(config), "init", "-p", str(WORK / "pubs-repo")])
    run([str(tools_bin / "pubs"), "-c", str(config), "import", str(bib)])
    return config


def run(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools-bin", type=Path, required=True, help="bin/ with papis and pubs")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", default="memory")
    args = parser.parse_args()
    kb = OUT / "kb-1000.sqlite"
    if not kb.exists():
        sys.exit("build it first: python bench/build_kb.py 1000")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    papers = load_papers(kb)
    # XDG folders inside WORK: papis keeps its cache there, and nothing touches $HOME.
    env = os.environ | {
        "XDG_CONFIG_HOME": str(WORK / "config"),
        "XDG_CACHE_HOME": str(WORK / "cache"),
        "XDG_DATA_HOME": str(WORK / "data"),
        "COLUMNS": "120",
    }
    commands: dict[str, list[str]] = {}
    tools_bin = args.tools_bin.resolve()
    library, papis_config = papis_library(papers)
    commands["papis list --all"] = [
        str(tools_bin / "papis"), "-c", str(papis_config), "-l", str(library),
        "list", "--all", args.query,
    ]  # fmt: skip
    pubs_config = pubs_repository(papers, tools_bin)
    # pubs has no free-text query ("Invalid query"): title: is the closest it offers.
    commands["pubs list title:"] = [
        str(tools_bin / "pubs"), "-c", str(pubs_config), "list", f"title:{args.query}",
    ]  # fmt: skip
    rl = Path(sys.executable).parent / "rl"
    commands["rl search"] = [str(rl), "--db", str(kb), "search", args.query, "--limit", "1000"]
    commands["rl search --json"] = [*commands["rl search"], "--json"]
    found: dict[str, str] = {}
    for name, cmd in commands.items():
        result = run(cmd, env)  # also builds papis's cache before the timed runs
        if name == "rl search --json":
            found[name] = str(len(json.loads(result.stdout)))
        elif name == "rl search":
            found[name] = "(a table)"
        else:  # one line per paper
            found[name] = str(sum(1 for line in result.stdout.splitlines() if line.strip()))
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            run(cmd, env)
            times[name].append((time.perf_counter() - start) * 1000)
    print(f"## {len(papers)} papers, query '{args.query}', {args.runs} interleaved runs each")
    print(f"{'command':20} {'median ms':>10} {'min ms':>8} {'papers found':>14}")
    for name, values in times.items():
        print(f"{name:20} {statistics.median(values):>10.1f} {min(values):>8.1f} {found[name]:>14}")


if __name__ == "__main__":
    main()
