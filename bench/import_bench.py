"""How long `rl import` takes on a large .bib file, and where the time goes.

    python bench/import_bench.py                 # 10,000 entries
    python bench/import_bench.py 2000 10000      # several sizes

Writes a seeded, Zotero-like .bib of N entries to a temporary folder (titles with braced
words, 3-6 authors "Last, First" of whom one in seven has an accented name written in
LaTeX, abstracts of about 150 words, a DOI on most, an arXiv eprint on two in five, keywords
and file fields that rl ignores), then:
- times `rl import FILE --cat other` as a user runs it (a new process, a new knowledge base,
  the progress bar on), best of three;
- times the two stages in-process: reading the file (bibtexparser, LaTeX decoding) and
  storing the entries (duplicate checks, inserts, the search index's triggers).
Then times the way back: `rl export` of those papers as BibTeX, CSL JSON and JSON Lines, and
`rl import` of that JSON Lines file into a new knowledge base. Prints the figures per size.
The target is an import of 10,000 entries in under 5 s (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from readinglist import importing  # noqa: E402
from readinglist.library import open_library  # noqa: E402


def words(text: str) -> list[str]:
    return text.split()


SURNAMES = words("""Smith Wang Li Zhang Chen Kumar Garcia Müller Schmidt Rossi Tanaka Kim Nguyen
                 Brown Wilson Taylor Martin Lee Silva Novak Dubois Andersen Ivanov Cohen""")
ACCENTED = (r"M{\"u}ller", r"Sch{\"o}lkopf", r"R{\o}nnow", r"{\L}ukasiewicz", r"Jos{\'e}",
            r"Fran{\c{c}}ois", r"{\v{C}}apek", r"Gonz{\'a}lez", r"N{\'u}{\~n}ez")  # fmt: skip
GIVEN = words("Ashish Noam Niki Jakob Llion Aidan Lukasz Illia Yann Yoshua Geoffrey Fei Andrew")
WORDS = words("""learning neural networks language models deep attention transformer graph
              representation efficient multimodal vision adversarial self supervised diffusion
              policy agents dialogue optimization reasoning retrieval scaling robust alignment
              memory sequence embeddings generation inference bayesian kernel sparse""")


def entry(i: int, rng: random.Random) -> str:
    authors = []
    for _ in range(rng.randint(3, 6)):
        surname = rng.choice(ACCENTED) if rng.random() < 1 / 7 else rng.choice(SURNAMES)
        authors.append(f"{surname}, {rng.choice(GIVEN)}")
    title_words = rng.sample(WORDS, 8)
    title_words[0] = "{" + title_words[0].upper() + "}"  # an acronym, braced as Zotero does
    title = " ".join(title_words).capitalize() + f" {i}"
    abstract = " ".join(rng.choice(WORDS) for _ in range(150)).capitalize() + "."
    year = rng.randint(1995, 2024)
    fields = [
        f"title = {{{{{title}}}}}",
        f"author = {{{' and '.join(authors)}}}",
        f"year = {{{year}}}",
        f"journal = {{Journal of {rng.choice(WORDS).capitalize()} Research}}",
        f"abstract = {{{abstract}}}",
        f"keywords = {{{', '.join(rng.sample(WORDS, 3))}}}",
        f"file = {{Full Text PDF:files/{i}/paper.pdf:application/pdf}}",
    ]
    if rng.random() < 0.8:
        fields.append(f"doi = {{10.{1000 + i % 9000}/bench.{i}}}")
    if rng.random() < 0.4:
        fields += [f"eprint = {{{2000 + i // 100000:04d}.{i % 100000:05d}}}",
                   "archivePrefix = {arXiv}", "primaryClass = {cs.LG}"]  # fmt: skip
    body = ",\n  ".join(fields)
    return f"@article{{bench{i},\n  {body}\n}}\n"


def write_bib(path: Path, n: int) -> None:
    rng = random.Random(n)
    path.write_text("\n".join(entry(i, rng) for i in range(n)), encoding="utf-8")


def best_of(runs: int, command: list[str], prepare: Callable[[], None]) -> tuple[float, float]:
    """The best wall time of `runs` runs of `command`, and the CPU time (user + system) of
    that run: on a machine shared with other work, the CPU time says what rl itself costs."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        prepare()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, (wall, cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    args = parser.parse_args()
    rl = str(Path(sys.executable).with_name("rl"))
    print("entries | rl import: wall s (best of 3) | its CPU s | read s | store s | stored")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            bib = Path(tmp) / "library.bib"
            write_bib(bib, n)
            db = Path(tmp) / "kb.sqlite"

            def fresh(db: Path = db) -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)

            wall, cpu = best_of(3, [rl, "--db", str(db), "import", str(bib), "--cat", "other"],
                                fresh)  # fmt: skip
            fresh()
            start = time.perf_counter()
            chosen, reading = importing.read_file(bib)
            read = time.perf_counter() - start
            kb = open_library(db)
            start = time.perf_counter()
            report = importing.import_reading(kb, chosen, reading, category="other")
            store = time.perf_counter() - start
            kb.close()
            print(f"{n} | {wall:.2f} | {cpu:.2f} | {read:.2f} | {store:.2f} | {len(report.added)}")
            # The other way: the same papers out again, and rl's own file back in.
            timings = []
            for fmt in ("bibtex", "csl-json", "jsonl"):
                out = Path(tmp) / f"out.{fmt}"
                command = [rl, "--db", str(db), "export", "-f", fmt, "-o", str(out)]
                timings.append((f"rl export -f {fmt}", *best_of(3, command, lambda: None)))
            copy = Path(tmp) / "copy.sqlite"

            def fresh_copy(copy: Path = copy) -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)

            command = [rl, "--db", str(copy), "import", str(Path(tmp) / "out.jsonl")]
            timings.append(("rl import (its jsonl)", *best_of(3, command, fresh_copy)))
            for what, wall, cpu in timings:
                print(f"  {what}: {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
