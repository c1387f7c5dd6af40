"""What attaching PDFs costs, and how many arXiv requests `rl add FILE.pdf` and
`rl pdf --download` make.

1. Attaching: every PDF of DIR attached (readinglist.attach.attach_pdf, as `rl pdf REF FILE`
   calls it: full text extracted, file copied, text stored and indexed for search) to a paper
   of a fresh knowledge base. Prints seconds per PDF, the text stored, and how much the
   knowledge base grew (the PDF text is kept twice: pdf_texts and the search index).
2. Requests: the real `rl` in a subprocess against the local arXiv server of the tests
   (tests/arxiv_server.py), on PDFs built by tests/pdfmaker.py, counting requests.

Usage: python bench/attach_bench.py DIR [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from arxiv_server import ArxivServer  # noqa: E402
from pdfmaker import ABSTRACT, Paper, build  # noqa: E402

from readinglist.attach import attach_pdf  # noqa: E402
from readinglist.library import open_library  # noqa: E402


def attaching(folder: Path, repeat: int) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf")
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "kb.sqlite"
        library = open_library(kb)
        conn = library.conn
        empty = kb.stat().st_size
        print(f"{'file':<34} {'pages':>5} {'text chars':>10} {'seconds':>8}")
        for i, path in enumerate(files):
            paper_id = library.add_paper({"title": f"Paper {i}", "category": "other"}).id
            best = float("inf")
            for _ in range(repeat):  # attaching again replaces: each run does the full work
                start = time.perf_counter()
                attached = attach_pdf(library, paper_id, path, force=True)
                best = min(best, time.perf_counter() - start)
            times.append(best)
            chars = conn.execute(
                "SELECT length(text) FROM pdf_texts WHERE paper_id = ?", (paper_id,)
            ).fetchone()[0]
            print(f"{path.name:<34} {attached.pages:>5} {chars:>10} {best:>8.3f}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        grown = kb.stat().st_size - empty
        text = conn.execute("SELECT SUM(length(text)) FROM pdf_texts").fetchone()[0]
        pdfs = sum(p.stat().st_size for p in (Path(tmp) / "pdfs").iterdir())
        conn.close()
    print()
    print(f"PDFs attached:             {len(files)}")
    print(f"seconds per PDF:           mean {statistics.mean(times):.3f}, "
          f"max {max(times):.3f} (best of {repeat})")  # fmt: skip
    print(f"text stored:               {text / 1024:.0f} KB")
    print(f"knowledge base grew by:    {grown / 1024:.0f} KB "
          f"({grown / len(files) / 1024:.0f} KB per PDF)")  # fmt: skip
    print(f"PDF files copied:          {pdfs / 1024 / 1024:.1f} MB")


def requests() -> None:
    server = ArxivServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            here = Path(tmp)
            stamped = build(here / "stamped.pdf", Paper(
                title=["Attention Is All You Need"], abstract=ABSTRACT,
                stamp="arXiv:1706.03762v5  [cs.CL]  6 Dec 2017"))  # fmt: skip
            titled = build(here / "titled.pdf", Paper(
                title=["Attention Is All You Need"], abstract=ABSTRACT))  # fmt: skip
            absent = build(here / "absent.pdf", Paper(
                title=["Language Models are Unsupervised Multitask Learners"],
                abstract=ABSTRACT))  # fmt: skip
            server.add_pdf("1706.03762v7", titled.read_bytes())
            commands = [
                ("rl add FILE.pdf: an arXiv id printed", ["add", str(stamped)]),
                ("rl add FILE.pdf: a title on arXiv", ["add", str(titled), "--force"]),
                ("rl add FILE.pdf: a title not on arXiv", ["add", str(absent)]),
                ("rl pdf REF --download", ["pdf", "2", "--download"]),
                ("rl pdf --all --download (nothing left)", ["pdf", "--all", "--download"]),
            ]
            env = {**os.environ, "RL_DB": str(here / "kb.sqlite"), "RL_ARXIV_URL": server.url,
                   "RL_ARXIV_DELAY": "0", "XDG_CACHE_HOME": str(here / "cache")}  # fmt: skip
            print(f"{'command':<42} requests")
            for what, args in commands:
                if args[0] == "add":
                    args = [*args, "--cat", "other", "--no-input"]
                before = len(server.requests)
                done = subprocess.run([sys.executable, "-m", "readinglist", *args], env=env,
                                      capture_output=True, text=True, cwd=tmp)  # fmt: skip
                if done.returncode != 0:
                    raise SystemExit(f"{what} failed: {done.stderr}")
                print(f"{what:<42} {len(server.requests) - before}")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of PDFs")
    parser.add_argument("--repeat", type=int, default=1, help="attach each PDF N times")
    args = parser.parse_args()
    attaching(args.folder, max(1, args.repeat))
    print()
    requests()


if __name__ == "__main__":
    main()
