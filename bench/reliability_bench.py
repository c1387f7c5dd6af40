"""Faults and hostile input, measured: the figures of RELIABILITY.md.

Each part runs real `rl` processes (python -m readinglist) in a temporary folder and prints
what was tried, how long it took, the peak memory of the process and what was lost.

    python bench/reliability_bench.py                 # every part
    python bench/reliability_bench.py writers answers # some parts

Parts: writers (16 processes adding 25 papers each to a knowledge base none has made yet),
answers (an arXiv that trickles, answers 200 MB, or garbage), damage (random bytes over a page
of a knowledge base, 20 pages), templates (renders that would take memory or time without
bounds), text (titles that command a terminal or rich).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from api_server import ApiServer  # noqa: E402

RL = [sys.executable, "-m", "readinglist"]


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[Done, float, float]:
    """The finished process, its wall seconds and its peak resident MB: the kernel's high-water
    mark of the process after it became rl (read every 20 ms while it runs)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([*RL, *args], env=env, cwd=cwd, stdout=out, stderr=err)
        peak_kb = 0
        while process.poll() is None:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
                peak_kb = max(peak_kb, int(status.split("VmHWM:")[1].split()[0]))
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        done = Done(
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )
    return done, seconds, peak_kb / 1024


class Done(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def base_env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RL_DB": str(folder / "kb.sqlite"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "RL_SOURCES": "arxiv",
        "NO_COLOR": "1",
    }


def writers(folder: Path) -> None:
    loops, adds = 16, 25
    env = base_env(folder)

    def loop(n: int) -> list[int]:
        codes = []
        for i in range(adds):
            done = subprocess.run(
                [*RL, "add", f"paper {n}-{i}", "--cat", "other", "--offline"],
                env=env,
                cwd=folder,
                capture_output=True,
                text=True,
            )
            codes.append(done.returncode)
        return codes

    start = time.perf_counter()
    with ThreadPoolExecutor(loops) as pool:
        codes = [c for result in pool.map(loop, range(loops)) for c in result]
    seconds = time.perf_counter() - start
    conn = sqlite3.connect(folder / "kb.sqlite")
    stored = conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    print(
        f"writers: {loops} processes x {adds} adds on a new knowledge base: "
        f"{codes.count(0)} of {len(codes)} succeeded, {stored} stored, "
        f"lost {len(codes) - stored}, integrity {check}, {seconds:.1f} s"
    )


def answers(folder: Path) -> None:
    cases: list[tuple[str, Callable[[ApiServer], None], dict[str, str]]] = [
        (
            "headers, then a byte every 5 s",
            lambda s: s.queue(200, b"<feed>" + b" " * 100, trickle=5.0, times=5),
            {"RL_ARXIV_TIMEOUT": "5"},
        ),
        ("a 200 MB answer", lambda s: s.queue(200, b"<feed>" + b" " * (200 << 20), times=5), {}),
        ("garbage", lambda s: s.queue(200, os.urandom(4096), times=5), {}),
        ("an entity bomb", lambda s: s.queue(200, _entity_bomb(), times=5), {}),
    ]
    for name, script, extra in cases:
        server = ApiServer("s2").start()  # its queued answers come first
        try:
            script(server)
            env = {
                **base_env(folder),
                "RL_ARXIV_URL": f"{server.url}/api/query",
                "RL_ARXIV_DELAY": "0",
                **extra,
            }
            (folder / "kb.sqlite").unlink(missing_ok=True)
            done, seconds, peak = run(
                ["add", "Some Paper Title", "--cat", "other", "--json"], env, folder
            )
            stored = (
                "stored unresolved" if '"unresolved"' in done.stdout else f"exit {done.returncode}"
            )
            print(f"answers: {name}: {seconds:.1f} s, peak {peak:.0f} MB, {stored}")
        finally:
            server.stop()


def _entity_bomb() -> bytes:
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    return f'<?xml version="1.0"?>{lol}<feed>&lol9;</feed>'.encode()


def damage(folder: Path) -> None:
    env = base_env(folder)
    db = folder / "kb.sqlite"
    tried = clear = recovered_runs = 0
    lost_rows: list[int] = []
    for trial in range(20):
        for p in folder.glob("kb*"):
            p.unlink()
        subprocess.run([*RL, "init"], env=env, cwd=folder, capture_output=True)
        conn = sqlite3.connect(db)
        conn.executemany(
            "INSERT INTO papers (title, label, title_key, category, position, added_at, status, "
            "resolution, label_format) "
            "VALUES (?, ?, ?, 'other', ?, '2026', 'read', 'manual', 'text')",
            [(f"Paper {i} " + "word " * 60, f"Paper {i}", f"paper {i}", i) for i in range(400)],
        )
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.close()
        page = random.Random(trial).randrange(2, pages + 1)
        with db.open("r+b") as f:
            f.seek((page - 1) * 4096)
            f.write(random.Random(page).randbytes(4096))
        before = db.read_bytes()
        for args in (["list"], ["render"], ["search", "word"], ["stats"], ["doctor"]):
            done = subprocess.run([*RL, *args], env=env, cwd=folder, capture_output=True, text=True)
            tried += 1
            clear += "Traceback" not in done.stderr and db.read_bytes() == before
        new = folder / f"kb-{trial}.sqlite"
        done = subprocess.run(
            [*RL, "doctor", "--recover", str(new)],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            recovered_runs += 1
            conn = sqlite3.connect(new)
            lost_rows.append(400 - conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])
            conn.close()
    print(
        f"damage: 20 knowledge bases of 400 papers, one random page overwritten each: "
        f"{clear} of {tried} commands ended without a traceback and left the file as it was; "
        f"--recover ran on {recovered_runs}, papers lost per page: "
        f"median {sorted(lost_rows)[len(lost_rows) // 2] if lost_rows else '-'}, "
        f"at most {max(lost_rows) if lost_rows else '-'}"
    )


TEMPLATES = {
    "('a'*100000*100000)|length": "{{ ('a' * 100000 * 100000)|length }}",
    "'x'|center(1000000000)": "{{ 'x'|center(1000000000) }}",
    "'%1000000000d' % 1": "{{ '%1000000000d' % 1 }}",
    "nested range(100000) loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "a string doubled 40 times": "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "100000 x 100000 characters of output": "{% for i in range(100000) %}{{ 'x' * 100000 }}"
    "{% endfor %}",
}


def templates(folder: Path) -> None:
    env = base_env(folder)
    subprocess.run([*RL, "init"], env=env, cwd=folder, capture_output=True)
    for name, source in TEMPLATES.items():
        (folder / "t.j2").write_text(source)
        done, seconds, peak = run(["render", "--template", "t.j2"], env, folder)
        said = done.stderr.strip().split(": ", 2)[-1][:70]
        print(
            f"templates: {name}: exit {done.returncode} in {seconds:.1f} s, "
            f"peak {peak:.0f} MB: {said}"
        )


def text(folder: Path) -> None:
    env = base_env(folder)
    titles = [
        "\x1b]0;pwned\x07 Title",
        "\x1b[2J\x1b[H Cleared",
        "\x1b[31mred\x1b[0m",
        "\x9b31m C1",
        "\u202eReversed",
        "[/] closing",
        "[link=https://evil.example]x[/link]",
        "[bold]b[/]",
    ]
    subprocess.run([*RL, "init"], env=env, cwd=folder, capture_output=True)
    obeyed = 0
    for title in titles:
        subprocess.run(
            [*RL, "add", f"{title} Paper", "--cat", "other", "--offline"],
            env=env,
            cwd=folder,
            capture_output=True,
        )
    for args in (["list"], ["show", "1"], ["search", "paper"], ["stats"], ["cat", "list"]):
        done = subprocess.run([*RL, *args], env=env, cwd=folder, capture_output=True, text=True)
        obeyed += sum(done.stdout.count(c) + done.stderr.count(c) for c in "\x1b\x07\x9b\u202e")
    print(
        f"text: {len(titles)} hostile titles through list, show, search, stats and cat list: "
        f"{obeyed} control characters reached the terminal"
    )


PARTS = {
    "writers": writers,
    "answers": answers,
    "damage": damage,
    "templates": templates,
    "text": text,
}


def main() -> None:
    chosen = sys.argv[1:] or list(PARTS)
    for name in chosen:
        with tempfile.TemporaryDirectory(prefix=f"rl-{name}-") as folder:
            PARTS[name](Path(folder))


if __name__ == "__main__":
    main()
