"""Time and peak memory of reading a PDF whose content stream inflates to MB of text.

    python bench/pdf_bomb.py [--mb 100] [--timeout 300]

Builds bench/out/bomb/bomb-MBmb-pageN.pdf with tests/pdfmaker.py (a two-page paper; page N
also draws MB megabytes of text in one Flate-compressed content stream, a few hundred KB on
disk), then reads each in a new process, as a user would:
- `rl extract FILE` (title, authors, abstract: what the command prints);
- `extract_pdf(FILE, full_text=True)`, as `rl add FILE.pdf` and `rl pdf` call it, and the
  characters of text it returns (what they would store).
Prints wall seconds, peak resident memory of the process (MB) and what came back.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_BUILD = (
    "import sys\n"
    "from pathlib import Path\n"
    f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
    "from pdfmaker import bomb\n"
    "bomb(Path(sys.argv[1]), float(sys.argv[2]), page=int(sys.argv[3]))\n"
)
_FULL_TEXT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from readinglist.pdf import extract_pdf\n"
    "got = extract_pdf(Path(sys.argv[1]), full_text=True)\n"
    'print(f\'{len(got.text or ""):,} characters of text; notes: {getattr(got, "notes", [])}\')\n'
)


def measured(argv: list[str], timeout: float) -> tuple[float, float, str]:
    """Wall seconds and peak resident memory (MB) of `argv` run in a new process, and its
    output (stdout and stderr)."""
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            # wait4 rather than Popen.wait: it gives this child's own peak memory (ru_maxrss,
            # in KB on Linux)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if seconds > timeout:
        text = f"killed after {timeout:.0f} s"
    return seconds, usage.ru_maxrss / 1024, text


def main() -> int:
    parser = argparse.ArgumentParser(description="Read PDFs whose text inflates.")
    parser.add_argument("--mb", type=float, default=100, help="megabytes of text to inflate")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run at most")
    args = parser.parse_args()
    out = ROOT / "bench" / "out" / "bomb"
    out.mkdir(parents=True, exist_ok=True)
    rl = str(Path(sys.executable).with_name("rl"))
    print(f"{'file':<24} {'command':<28} {'seconds':>8} {'peak MB':>8}  result")
    for page in (1, 2):
        path = out / f"bomb-{args.mb:g}mb-page{page}.pdf"
        # built in a process of its own: the inflated text would stay in this one's memory, and
        # a child's peak memory counts what it shared with this process when it was forked
        subprocess.run(
            [sys.executable, "-c", _BUILD, str(path), str(args.mb), str(page)], check=True
        )
        size = path.stat().st_size / 1e6
        for label, argv in (
            ("rl extract FILE", [rl, "extract", str(path)]),
            ("extract_pdf(full_text=True)", [sys.executable, "-c", _FULL_TEXT, str(path)]),
        ):
            seconds, peak, text = measured(argv, args.timeout)
            shown = [
                ln[:240]
                for ln in text.splitlines()
                if ln.startswith(("title", "Note", "Error", "killed")) or "characters" in ln
            ]
            result = " | ".join(shown)
            print(f"{path.name + f' ({size:.1f} MB)':<24} {label:<28} {seconds:8.1f} {peak:8.0f}"
                  f"  {result}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
