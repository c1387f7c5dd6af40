"""Search time when one paper's stored PDF text is pathological: at the 2 M character cap, or
the text of a PDF text bomb.

    python bench/search_long_texts.py                        # the code of this checkout
    git archive BASE readinglist | tar -x -C /tmp/rl-before
    python bench/search_long_texts.py --code /tmp/rl-before  # another version of rl

Builds, in bench/out/long-texts/ (the knowledge bases with the code of this checkout; the
stored text does not depend on the search code), a knowledge base of 1,000 ordinary papers
(bench/build_kb.py; 100 of them with a PDF text of about 40,000 characters of the same
Zipf-distributed words as their abstracts) and four copies of it, each with one more paper:

- plausible-2M: its PDF text is 2,000,000 characters of those words (the cap,
  readinglist.pdf.MAX_TEXT_CHARS), among them "zeolite" 20 times and, as its last word only,
  "tokamak", stored as `rl pdf` stores a text (Library.record_pdf);
- bomb-one-page: tests/pdfmaker.py's bomb(), 100 MB of text drawn on page 1 (a few
  hundred KB on disk), attached with readinglist.attach.attach_pdf as `rl pdf REF FILE` does;
- bomb-42-pages: a 7 KB PDF of 42 pages that share one content stream of one repeated
  line in a built-in font, attached the same way: reading stops at the 2 M character cap;
- none: the ordinary papers alone.

Then runs each query as `search()` (what `rl search` calls: parse, rank, fetch, snippets) in
a new process running the code of --code, best of --runs (one run when a run takes over
2 s), killed after --timeout; and `rl search QUERY` as a whole command once. Prints seconds,
the results, and the snippet of the pathological paper when it is among them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

OUT = HERE / "out" / "long-texts"
BASE_PAPERS = 1000
WITH_PDF = 100  # ordinary papers given a PDF text
ORDINARY_PDF_CHARS = 40_000
CAP = 2_000_000
MARKER = "zeolite"  # a word only the plausible 2 M text holds
LAST = "tokamak"  # its last word, and nowhere else

# (query, what it tests) for each case; the bombs' line is pdfmaker's filler prose.
QUERIES = {
    "plausible-2M": [
        (MARKER, "a word in it only, 20 times"),
        (LAST, "a word at its very end only"),
        (f"{MARKER} the", "and a word 38,500 times in it, in every paper"),
        ("the learning", "common words"),
        ("zeol*", "a prefix"),
        (f'"a {MARKER}"', "a phrase"),
        ('"of the"', "a phrase of common words"),
        ("structure", "a word not in it"),
    ],
    "bomb": [
        ("structure", "a word of the bomb's line only"),
        ("the structure", "with a word of every paper"),
        ("struc*", "a prefix"),
        ('"person would"', "a phrase"),
        ("memory", "a word not in it"),
    ],
}
_LINE = (
    "The method reads each page of the document in the order a person would read it and "
    "keeps the structure of the text intact"
)

# Runs first in each child: with --code, rl is imported from that folder, ahead of an
# editable install (whose import hook would otherwise find this checkout whatever sys.path says).
_PRELUDE = """
import os, sys
if os.environ.get("RL_BENCH_CODE"):
    sys.path.insert(0, os.environ["RL_BENCH_CODE"])
    sys.meta_path[:] = [f for f in sys.meta_path
                        if not getattr(f, "__module__", "").startswith("__editable__")]
"""
_SEARCH = (
    _PRELUDE
    + """
import json, time
from pathlib import Path
from readinglist.library import open_library
from readinglist.search import MARK_START, search
library = open_library(Path(sys.argv[1]))
start = time.perf_counter()
results = search(library, sys.argv[2])
seconds = time.perf_counter() - start
odd = [r for r in results if r["id"] == int(sys.argv[3])]
print(json.dumps({"seconds": seconds, "results": len(results),
                  "snippet": odd[0]["snippet"] if odd else None,
                  "field": odd[0]["field"] if odd else None}))
"""
)
_WHERE = "import readinglist; print(readinglist.__file__)"
_RL = "from readinglist.cli import main; main()"


def plausible_text(rng: random.Random, chars: int, marker: int = 0) -> str:
    import build_kb

    words, weights = build_kb.vocabulary(random.Random(BASE_PAPERS))
    parts: list[str] = []
    total = 0
    while total < chars:
        line = build_kb.sentence(rng, words, weights, rng.randint(14, 26)).capitalize() + ".\n"
        parts.append(line)
        total += len(line)
    for k in range(marker):  # spread through the text, the last near its end
        at = (k + 1) * len(parts) // (marker + 1)
        parts[at] = f"A {MARKER} {parts[at]}"
    return "".join(parts)[:chars]


def small_bomb(path: Path, pages: int, lines_per_page: int) -> Path:
    """A title page, then `pages` - 1 pages that all draw one shared content stream of one
    line repeated `lines_per_page` times, in a built-in font (nothing embedded): the file
    holds that stream once, and Flate packs its 50 KB into a few dozen bytes."""
    import pymupdf

    doc = pymupdf.open()
    first = doc.new_page()
    first.insert_text((72, 72), "A Paper That Inflates", fontsize=12, fontname="helv")
    line = f"0 -5 Td ({_LINE}) Tj\n".encode()
    data = b"".join(
        b"BT /helv 8 Tf 72 400 Td\n" + line * min(60, lines_per_page - n) + b"ET\n"
        for n in range(0, lines_per_page, 60)
    )
    shared = None
    for _ in range(pages - 1):
        page = doc.new_page()
        page.insert_text((72, 72), "Inflating text follows.", fontsize=8, fontname="helv")
        if shared is None:
            shared = page.get_contents()[-1]
            doc.update_stream(shared, doc.xref_stream(shared) + data, compress=True)
        else:
            doc.xref_set_key(page.xref, "Contents", f"{shared} 0 R")
    doc.save(path, garbage=4, deflate=True)
    return path


def build(out: Path) -> dict[str, tuple[Path, int, str]]:
    """The knowledge bases: case -> (file, id of the pathological paper, how it was made)."""
    import build_kb
    from pdfmaker import bomb

    from readinglist.attach import attach_pdf
    from readinglist.library import open_library

    out.mkdir(parents=True, exist_ok=True)
    base = out / "kb-none.sqlite"
    build_kb.build(BASE_PAPERS, base)
    library = open_library(base)
    rng = random.Random(7)
    with library.transaction():
        for paper_id in range(1, BASE_PAPERS + 1, BASE_PAPERS // WITH_PDF):
            text = plausible_text(rng, ORDINARY_PDF_CHARS)
            library.record_pdf(paper_id, f"pdfs/paper-{paper_id}.pdf", text, 12)
    library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    library.close()
    cases: dict[str, tuple[Path, int, str]] = {"none": (base, 0, "1,000 ordinary papers")}
    sources = {
        "bomb-one-page": lambda p: bomb(p, 100),
        "bomb-42-pages": lambda p: small_bomb(p, 42, 400),
    }
    for case in ("plausible-2M", *sources):
        path = out / f"kb-{case}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, path)
        library = open_library(path)
        fields = {"title": f"The pathological paper ({case})", "category": "other"}
        paper = library.add_paper(fields)
        if case == "plausible-2M":
            text = plausible_text(random.Random(2), CAP - len(LAST) - 2, marker=20)
            text += f" {LAST}."
            library.record_pdf(paper.id, "pdfs/plausible.pdf", text, 700)
            made = f"{len(text):,} characters stored"
        else:
            pdf = sources[case](out / f"{case}.pdf")
            attached = attach_pdf(library, paper.id, pdf)
            stored = library.conn.execute(
                "SELECT length(text) FROM pdf_texts WHERE paper_id = ?", (paper.id,)
            ).fetchone()[0]
            made = (f"{pdf.stat().st_size / 1000:.0f} KB PDF, {attached.pages} pages, "
                    f"{stored:,} characters stored")  # fmt: skip
        library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        library.close()
        cases[case] = (path, paper.id, made)
    return cases


def run(argv: list[str], env: dict[str, str], timeout: float) -> tuple[float, str | None]:
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed:\n{done.stderr}")
    return time.perf_counter() - start, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="a folder holding the readinglist package")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120, help="seconds a search may take")
    parser.add_argument("--reuse", action="store_true", help="keep knowledge bases built before")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.code:
        env["RL_BENCH_CODE"] = str(args.code.resolve())
    if args.reuse and (OUT / "cases.json").exists():
        cases = {k: (Path(p), i, m) for k, (p, i, m) in
                 json.loads((OUT / "cases.json").read_text()).items()}  # fmt: skip
    else:
        cases = build(OUT)
        (OUT / "cases.json").write_text(json.dumps({k: [str(p), i, m] for k, (p, i, m)
                                                    in cases.items()}))  # fmt: skip
    code = subprocess.run([sys.executable, "-c", _PRELUDE + _WHERE], env=env,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"code: {code}")
    for case, (_, _, made) in cases.items():
        print(f"{case}: {made}")
    print(f"\n{'case':<13} {'query':<16} {'search() s':>10} {'rl search s':>11} {'results':>7}  "
          "snippet of the pathological paper")  # fmt: skip
    for case, (path, paper_id, _) in cases.items():
        queries = QUERIES["bomb" if case.startswith("bomb") else "plausible-2M"]
        if case == "none":
            queries = list(dict(QUERIES["plausible-2M"] + QUERIES["bomb"]).items())
        for query, _what in queries:
            best, shown = None, None
            for _ in range(args.runs):
                _, out = run([sys.executable, "-c", _SEARCH, str(path), query,
                              str(paper_id)], env, args.timeout)  # fmt: skip
                if out is None:
                    best = None
                    break
                got = json.loads(out)
                best = got["seconds"] if best is None else min(best, got["seconds"])
                shown = got
                if got["seconds"] > 2:
                    break
            whole, _ = run([sys.executable, "-c", _PRELUDE + _RL, "--db", str(path), "search",
                            query], env, args.timeout)  # fmt: skip
            if best is None or shown is None:
                print(f"{case:<13} {query:<16} {'> ' + format(args.timeout, '.0f'):>10} "
                      f"{whole:>11.2f}")  # fmt: skip
                continue
            snippet = shown["snippet"]
            note = (f"{shown['field']}, {len(snippet)} chars: {snippet[:70]!r}" if snippet
                    else "-")  # fmt: skip
            print(f"{case:<13} {query:<16} {best:>10.3f} {whole:>11.2f} "
                  f"{shown['results']:>7}  {note}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
