"""How far one `rl add TITLE --cat C` travels through rl's own modules.

Runs `rl add "Attention Is All You Need" --cat other` in-process against the local arXiv
server of the tests (tests/arxiv_server.py), on a knowledge base that already exists and
holds one paper, under sys.setprofile. Every call or return that moves from one `readinglist`
module to another is a hop: a call into a function of another module is one, its return
back is another. Frames of other packages (typer, click, arxiv, requests) are transparent:
a hop is counted between the readinglist module that was running before and the one that
runs now. Prints the hops, the modules visited, and the order in which each module was
first entered.

Usage: python bench/hops.py [--trace]    (--trace prints every call that is a hop)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from arxiv_server import ArxivServer  # noqa: E402

TITLE = "Attention Is All You Need"


class HopCounter:
    def __init__(self) -> None:
        self.stack: list[str | None] = []  # the readinglist module of every live frame
        self.current: str | None = None  # the readinglist module that runs now
        self.hops: list[tuple[str, str]] = []
        self.trace: list[str] = []  # each call into another module: "a -> b.function"
        self.calls = 0  # the hops that are calls (the others are returns)
        self.first_seen: list[str] = []

    def _enter(self, module: str) -> None:
        if module not in self.first_seen:
            self.first_seen.append(module)
        if self.current is not None and module != self.current:
            self.hops.append((self.current, module))
        self.current = module

    def profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event not in ("call", "return"):
            return  # C calls run no readinglist code
        name = frame.f_globals.get("__name__", "")
        module = name if name.startswith("readinglist") else None
        if event == "call":
            self.stack.append(module)
            if module is not None:
                if self.current is not None and module != self.current:
                    self.calls += 1
                    self.trace.append(f"{self.current} -> {module}.{frame.f_code.co_name}")
                self._enter(module)
        elif self.stack:
            self.stack.pop()
            back = next((m for m in reversed(self.stack) if m is not None), None)
            if back is not None:
                self._enter(back)


def measure(trace: bool) -> None:
    from typer.testing import CliRunner

    with tempfile.TemporaryDirectory() as tmp:
        server = ArxivServer().start()
        env = {"RL_DB": str(Path(tmp) / "kb.sqlite"), "RL_ARXIV_URL": server.url,
               "RL_ARXIV_DELAY": "0", "XDG_CACHE_HOME": str(Path(tmp) / "cache")}  # fmt: skip
        os.environ.update(env)
        # An existing knowledge base, migrated, with a paper in it: the everyday case.
        subprocess.run([sys.executable, "-m", "readinglist", "add", "Memory Networks", "--cat",
                        "other", "--offline"], check=True, capture_output=True)  # fmt: skip
        args = ["add", TITLE, "--cat", "other", "--no-input"]
        counter = HopCounter()
        sys.setprofile(counter.profile)
        try:
            # Imported under the profiler, as a new `rl` process would: module code counts.
            from readinglist.cli import app

            result = CliRunner().invoke(app, args)
        finally:
            sys.setprofile(None)
            server.stop()
        assert result.exit_code == 0, result.output
        assert "1706.03762" in result.output, result.output
    if trace:
        print("\n".join(counter.trace))
    pairs = Counter(frozenset(h) for h in counter.hops)
    print(f"rl add '{TITLE}' --cat other  (existing knowledge base, local arXiv)")
    returns = len(counter.hops) - counter.calls
    print(f"hops: {counter.calls} calls into another module ({returns} returns back besides)")
    print(f"modules: {len(counter.first_seen)}")
    print("first entered, in order:")
    for module in counter.first_seen:
        print(f"  {module}")
    print("busiest borders:")
    for pair, n in pairs.most_common(8):
        print(f"  {n:3}  {' <-> '.join(sorted(pair))}")


if __name__ == "__main__":
    measure(trace="--trace" in sys.argv)
