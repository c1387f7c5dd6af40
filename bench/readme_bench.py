"""How well and how fast `rl import-readme` reads reading lists kept by other people.

    .venv/bin/python bench/readme_bench.py FOLDER [--checks bench/readme_checks.json]
                                                  [--entries] [--sizes 10000 20000]
    .venv/bin/python bench/readme_bench.py --speed-only [--sizes 10000 20000]

FOLDER holds README files and an index.json counted by hand: for each file, `file`,
`n_papers` (distinct papers), `groups` (each with `name`, parents joined by " > ", and `n`,
the paper rows under it), and optionally `n_arxiv_papers`. Nothing in FOLDER is copied or
written. For each file the script prints the papers imported (distinct, as stored in a new
knowledge base) against the hand count, the groups found against those counted, the arXiv
ids found, what was skipped, and the wrong entries: imported rows that are no paper and
papers the count has that were not imported, as judged by hand in the --checks file (titles
per file name, compared without case or punctuation; a file it does not name was judged to
have none; without the file, only the counts are compared). --entries lists every
imported row and every skipped one, to judge them.

Speed: a README of N rows in three shapes (the user's one-column table, all in one group or
with a bold group row every 100 rows; bullets of linked titles with arXiv links and a venue,
under a heading every 100 rows) is read and imported into a new knowledge base in a
temporary folder, timed (wall and CPU: on a shared machine the CPU time says more) from the
Markdown text to the committed transaction, the best of --runs. --speed-only runs only
that, and also works with an older rl whose reader was readinglist.readme_import
(one-column tables only): `PYTHONPATH=/path/to/old/checkout`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import readinglist
from readinglist.library import open_library

if (Path(readinglist.__file__).parent / "readme").is_dir():  # this rl
    from readinglist.readme import import_reading_list, parse_reading_list, read_readme
else:  # an rl from before readinglist.readme (one-column tables only)
    from readinglist.readme_import import (  # type: ignore[no-redef]
        import_reading_list,
        parse_reading_list,
    )

    read_readme = None  # type: ignore[assignment]

AIM = 0.05  # within 5 % of each hand count


def measure(folder: Path, checks: dict[str, Any], show_entries: bool) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    header = ("file", "papers", "count", "off", "groups", "arXiv", "skipped", "non-papers",
              "missed")  # fmt: skip
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    totals = {"papers": 0, "count": 0, "wrong": 0, "missed": 0}
    for entry in index:
        name = entry["file"]
        text = (folder / name).read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            kb = open_library(Path(tmp) / "kb.sqlite")
            try:
                reading = read_readme(text)
            except Exception as e:  # a README it cannot read counts as nothing imported
                print(f"{name} | 0 | {entry['n_papers']} | -100% | - | - | - | - | ({e})")
                totals["count"] += entry["n_papers"]
                continue
            result = import_reading_list(kb, reading.sections, status="read")
            papers = kb.papers()
            kb.close()
        titles = [p.title for p in papers]
        count = entry["n_papers"]
        off = (len(papers) - count) / count if count else 0.0
        expected = [g for g in entry.get("groups", []) if g["n"]]
        found = {_norm(s.heading): sum(1 for r in s.rows if not r.is_note)
                 for s in reading.sections}  # fmt: skip
        matched = sum(1 for g in expected if found.get(_norm(g["name"].split(" > ")[-1])) == g["n"])
        arxiv = len({p.arxiv_id for p in papers if p.arxiv_id})
        check = checks.get(name, {})
        judged = {_norm(t) for t in titles}
        wrong = [t for t in check.get("not_papers", []) if _norm(t) in judged]
        missed = [t for t in check.get("missed", []) if _norm(t) not in judged]
        totals["papers"] += len(papers)
        totals["count"] += count
        totals["wrong"] += len(wrong)
        totals["missed"] += len(missed)
        mark = "" if abs(off) <= AIM else " (!)"
        print(f"{name} | {len(papers)} | {count} | {off:+.1%}{mark} | {matched}/{len(expected)} | "
              f"{arxiv}/{entry.get('n_arxiv_papers', '?')} | {len(reading.skipped)} | "
              f"{len(wrong) if checks else '?'} | {len(missed) if checks else '?'}")  # fmt: skip
        if show_entries:
            for section in result.sections:
                print(f"    ## {section.heading} -> {section.category}")
                for placed in section.rows:
                    row = placed.row
                    ident = row.arxiv_id or row.doi or row.url or ""
                    print(f"      {row.line:>5} {placed.action:<8} {row.status or '-':<8} "
                          f"{row.title[:80]}  {ident[:50]}")  # fmt: skip
            for skip in reading.skipped:
                print(f"      {skip.line:>5} SKIPPED  {skip.reason}: {skip.text[:80]}")
        for title in wrong:
            print(f"    non-paper imported: {title}")
        for fragment in missed:
            print(f"    paper not imported: {fragment}")
    off = (totals["papers"] - totals["count"]) / totals["count"] if totals["count"] else 0.0
    print(
        f"all | {totals['papers']} | {totals['count']} | {off:+.1%} | | | | "
        f"{totals['wrong']} | {totals['missed']}"
    )


def _norm(text: str) -> str:
    return " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())


# -- speed -------------------------------------------------------------------------------------


def table_readme(n: int, group: int = 100) -> str:
    """The user's shape: a one-column table, a bold group row every `group` rows."""
    lines = ["## Have read:", "", "|Survey|", "|:---------:|"]
    for i in range(n):
        if i and i % group == 0:
            lines.append(f"|**Group {i // group}**|")
        lines.append(f"|({2000 + i % 25})A Study of Attention Mechanisms Number {i:06d} for "
                     "Dialogue Generation|")  # fmt: skip
    return "\n".join(lines) + "\n"


def bullet_readme(n: int) -> str:
    """Linked titles with arXiv links and a venue, a heading every 100 rows."""
    lines = ["# Papers", ""]
    for i in range(n):
        if i % 100 == 0:
            lines += ["", f"## Group {i // 100}", ""]
        arxiv = f"{1500 + i // 90000}.{i % 90000 + 10000:05d}"
        title = f"A Study of Attention Mechanisms Number {i:06d} for Dialogue Generation"
        lines.append(f"- [{title}](https://arxiv.org/abs/{arxiv}) - ICML {2000 + i % 25}")
    return "\n".join(lines) + "\n"


def time_import(markdown: str) -> tuple[float, float]:
    """Wall and CPU seconds from the Markdown text to the committed import."""
    with tempfile.TemporaryDirectory() as tmp:
        kb = open_library(Path(tmp) / "kb.sqlite")
        wall, cpu = time.perf_counter(), time.process_time()
        sections = parse_reading_list(markdown)
        import_reading_list(kb, sections)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert len(kb.papers()) == sum(len(s.rows) for s in sections)
        kb.close()
    return wall, cpu


def speed(sizes: list[int], runs: int) -> None:
    shapes = [
        ("one-column table, one group", lambda n: table_readme(n, group=n)),
        ("one-column table, a group every 100 rows", table_readme),
    ]
    if read_readme is not None:
        shapes.append(("bullets with arXiv links, a heading every 100", bullet_readme))
    print(f"shape | rows | wall s | CPU s | CPU µs a row  (best of {runs})")
    print("--- | ---: | ---: | ---: | ---:")
    for label, make in shapes:
        for n in sizes:
            markdown = make(n)
            timings = [time_import(markdown) for _ in range(runs)]
            wall, cpu = min(t[0] for t in timings), min(t[1] for t in timings)
            print(f"{label} | {n:,} | {wall:.2f} | {cpu:.2f} | {cpu / n * 1e6:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="READMEs and their index.json")
    parser.add_argument("--checks", type=Path, help="hand judgements: non-papers, missed papers")
    parser.add_argument("--entries", action="store_true", help="list every row and skip")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 20_000])
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="the best of this many, a size")
    args = parser.parse_args()
    if not args.speed_only:
        if args.folder is None or read_readme is None:
            sys.exit("give a folder of READMEs with index.json (and an rl with readinglist.readme)")
        checks = json.loads(args.checks.read_text(encoding="utf-8")) if args.checks else {}
        measure(args.folder, checks, args.entries)
        print()
    speed(args.sizes, args.runs)


if __name__ == "__main__":
    main()
