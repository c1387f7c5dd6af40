"""Score PDF extraction against a folder's truth.json.

    python bench/pdf_eval.py DIR [--show] [--repeat N] [--wave N]

DIR holds PDFs and truth.json: a list of {"file", "title", "authors", "abstract",
"arxiv_id_or_null"} (other keys are ignored). Scores:
- abstract: token-level F1 after NFKC and lower-casing (tokens are runs of word characters);
- title: equal ignoring case and whitespace (after NFKC);
- first author: the surname (last word, less Jr. and the like) of the first name extracted
  equals the first author's, ignoring case (papers whose truth lists no authors are left out);
- arXiv id: equal without the version (null must give null);
- language of the abstract, where truth.json gives one ("language", ISO 639-1): equal.
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


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def surname(name: str | None) -> str | None:
    words = [w for w in tokens(name) if w not in _NAME_SUFFIXES]
    return words[-1] if words else None


def bare_id(arxiv_id: str | None) -> str | None:
    return re.sub(r"v\d+$", "", arxiv_id) if arxiv_id else None


def main() -> int:
    parser = argparse.ArgumentParser(description="Score PDF extraction against DIR/truth.json.")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--show", action="store_true", help="print the misses")
    parser.add_argument("--repeat", type=int, default=1, help="reads per file; the fastest counts")
    parser.add_argument("--wave", type=int, help="only the papers of this wave (LaTeX set)")
    args = parser.parse_args()
    truth = json.loads((args.dir / "truth.json").read_text(encoding="utf-8"))
    if args.wave is not None:
        truth = [t for t in truth if t.get("wave") == args.wave]
    truth.sort(key=lambda t: t["file"])

    import pymupdf  # noqa: F401  # imported before timing: `rl extract` pays it once per run

    rows, seconds, misses = [], 0.0, []
    languages: list[bool] = []
    for entry in truth:
        path = args.dir / entry["file"]
        fastest = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            try:
                got = extract_pdf(path, full_text=False)
                title, abstract, arxiv = got.title, got.abstract, got.arxiv_id
                authors, language = got.authors, got.language
                problem = None
            except RLError as e:
                title = abstract = arxiv = None
                authors, language = [], None
                problem = e.message
            fastest = min(fastest, time.perf_counter() - start)
        seconds += fastest
        if problem:
            print(f"{entry['file']}: {problem}", file=sys.stderr)
        score = f1(abstract, entry["abstract"])
        title_ok = same_title(title, entry["title"])
        id_ok = bare_id(arxiv) == bare_id(entry.get("arxiv_id_or_null"))
        true_authors = entry.get("authors") or []
        author_ok = (
            surname(authors[0] if authors else None) == surname(true_authors[0])
            if true_authors
            else None
        )
        if "language" in entry:
            languages.append(language == entry["language"])
        rows.append((entry["file"], score, title_ok, id_ok, author_ok))
        if score < 0.97 or not title_ok or not id_ok or author_ok is False:
            misses.append((entry, title, authors, abstract, arxiv))

    width = max(len(r[0]) for r in rows)
    marks = {True: "ok", False: "MISS", None: "-"}
    print(f"{'file':<{width}}  abstract_F1  title  arxiv_id  author")
    for name, score, title_ok, id_ok, author_ok in rows:
        print(f"{name:<{width}}  {score:11.3f}  {marks[title_ok]:>5}  {marks[id_ok]:>8}  "
              f"{marks[author_ok]:>6}")  # fmt: skip
    n = len(rows)
    with_authors = [r[4] for r in rows if r[4] is not None]
    print()
    print(f"mean abstract F1: {sum(r[1] for r in rows) / n:.3f}")
    print(f"titles:           {sum(r[2] for r in rows)}/{n}")
    print(f"arXiv ids:        {sum(r[3] for r in rows)}/{n}")
    print(f"first authors:    {sum(with_authors)}/{len(with_authors)}")
    if languages:
        print(f"languages:        {sum(languages)}/{len(languages)}")
    print(f"seconds per PDF:  {seconds / n:.3f}")
    if args.show:
        for entry, title, authors, abstract, arxiv in misses:
            print(f"\n== {entry['file']}")
            print(f"title   : {title!r}\n  truth : {entry['title']!r}")
            print(f"authors : {authors!r}\n  truth : {entry.get('authors')!r}")
            print(f"arxiv   : {arxiv!r}  truth: {entry.get('arxiv_id_or_null')!r}")
            print(f"abstract: {abstract!r}\n  truth : {entry['abstract']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
