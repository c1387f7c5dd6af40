"""Score PDF extraction against a folder's truth.json.

    python bench/pdf_eval.py DIR [--show] [--repeat N]

DIR holds PDFs and truth.json: a list of {"file", "title", "abstract", "arxiv_id_or_null"}
(other keys are ignored). Scores:
- abstract: token-level F1 after NFKC and lower-casing (tokens are runs of word characters);
- title: equal ignoring case and whitespace (after NFKC);
- arXiv id: equal without the version (null must give null).
Prints one row per file, then the means and the seconds per PDF: extraction only, wall clock,
with pymupdf imported beforehand (`rl extract` pays that once per run). `--repeat N` reads each
file N times and counts its fastest read, for a figure that other load on the machine does not
inflate.
`--show` also prints what was extracted where the abstract F1 is below 0.97 or the title or id
is wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readinglist.errors import RLError
from readinglist.pdf import extract_pdf


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").lower())


def f1(predicted: str | None, truth: str | None) -> float:
    p, t = Counter(tokens(predicted)), Counter(tokens(truth))
    if not p and not t:
        return 1.0
    common = sum((p & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def same_title(predicted: str | None, truth: str | None) -> bool:
    def key(s: str | None) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or "").lower())

    return key(predicted) == key(truth)


def bare_id(arxiv_id: str | None) -> str | None:
    return re.sub(r"v\d+$", "", arxiv_id) if arxiv_id else None


def main() -> int:
    parser = argparse.ArgumentParser(description="Score PDF extraction against DIR/truth.json.")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--show", action="store_true", help="print the misses")
    parser.add_argument("--repeat", type=int, default=1, help="reads per file; the fastest counts")
    args = parser.parse_args()
    truth = json.loads((args.dir / "truth.json").read_text(encoding="utf-8"))
    truth.sort(key=lambda t: t["file"])

    import pymupdf  # noqa: F401  # imported before timing: `rl extract` pays it once per run

    rows, seconds, misses = [], 0.0, []
    for entry in truth:
        path = args.dir / entry["file"]
        fastest = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            try:
                got = extract_pdf(path, full_text=False)
                title, abstract, arxiv = got.title, got.abstract, got.arxiv_id
                problem = None
            except RLError as e:
                title = abstract = arxiv = None
                problem = e.message
            fastest = min(fastest, time.perf_counter() - start)
        seconds += fastest
        if problem:
            print(f"{entry['file']}: {problem}", file=sys.stderr)
        score = f1(abstract, entry["abstract"])
        title_ok = same_title(title, entry["title"])
        id_ok = bare_id(arxiv) == bare_id(entry.get("arxiv_id_or_null"))
        rows.append((entry["file"], score, title_ok, id_ok))
        if score < 0.97 or not title_ok or not id_ok:
            misses.append((entry, title, abstract, arxiv))

    width = max(len(r[0]) for r in rows)
    print(f"{'file':<{width}}  abstract_F1  title  arxiv_id")
    for name, score, title_ok, id_ok in rows:
        print(f"{name:<{width}}  {score:11.3f}  {'ok' if title_ok else 'MISS':>5}  "
              f"{'ok' if id_ok else 'MISS':>8}")  # fmt: skip
    n = len(rows)
    print()
    print(f"mean abstract F1: {sum(r[1] for r in rows) / n:.3f}")
    print(f"titles:           {sum(r[2] for r in rows)}/{n}")
    print(f"arXiv ids:        {sum(r[3] for r in rows)}/{n}")
    print(f"seconds per PDF:  {seconds / n:.3f}")
    if args.show:
        for entry, title, abstract, arxiv in misses:
            print(f"\n== {entry['file']}")
            print(f"title   : {title!r}\n  truth : {entry['title']!r}")
            print(f"arxiv   : {arxiv!r}  truth: {entry.get('arxiv_id_or_null')!r}")
            print(f"abstract: {abstract!r}\n  truth : {entry['abstract']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
