"""arXiv id recognition: how many of the collected cases pass, and how fast ids are found.

    .venv/bin/python bench/identifiers_bench.py [--module PATH] [--mb 1] [--repeat 5]

Cases: tests/fixtures/arxiv_ids.json (other projects' test cases, each group naming its
source, and rl's own), counted by kind. A case passes when the function gives what the
fixture expects; where rl differs from a peer on purpose, the fixture also says what the peer
expects, and those cases are counted apart. `--module` scores another copy of
readinglist/identifiers.py (an older commit's, say: `git show COMMIT:readinglist/identifiers.py
> /tmp/identifiers_old.py`), so before and after are measured the same way.

Speed: `find_arxiv_ids` over about `--mb` MB of text built from the repository's own fixtures
(README table rows of tests/fixtures/profile-README.md, BibTeX entries and citation sentences
made from tests/fixtures/titles.json, about one id per 300 bytes), as one string and line by
line (as the README and BibTeX importers call it); the fastest of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "arxiv_ids.json"


def load(module_path: str | None) -> ModuleType:
    if module_path is None:
        sys.path.insert(0, str(ROOT))
        import readinglist.identifiers as module

        return module
    spec = importlib.util.spec_from_file_location("identifiers_under_test", module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answer(module: ModuleType, function: str, text: str) -> object:
    if function == "parse":
        found = module.parse_arxiv_id(text)
        return None if found is None else str(found)
    if function == "find":
        return [str(a) for a in module.find_arxiv_ids(text)]
    found = module.arxiv_id_from_filename(text)
    return None if found is None else str(found)


def score(module: ModuleType) -> None:
    groups = json.loads(CASES.read_text(encoding="utf-8"))["groups"]
    passed: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    differ_total = differ_as_rl = differ_as_peer = 0
    for group in groups:
        whose = "rl's own" if group["source"].startswith("rl ") else "peers'"
        for case in group["cases"]:
            got = answer(module, group["function"], case[0])
            if len(case) == 3:  # rl differs from the peer on purpose
                differ_total += 1
                differ_as_rl += got == case[1]
                differ_as_peer += got == case[2]
                continue
            key = (whose, group["kind"])
            total[key] += 1
            passed[key] += got == case[1]
    print(f"{'cases':<8} {'kind':<32} {'pass':>5} {'of':>5}")
    for whose in ("peers'", "rl's own"):
        keys = sorted(k for k in total if k[0] == whose)
        for key in keys:
            print(f"{whose:<8} {key[1]:<32} {passed[key]:>5} {total[key]:>5}")
        all_passed = sum(passed[k] for k in keys)
        all_total = sum(total[k] for k in keys)
        print(f"{whose:<8} {'ALL':<32} {all_passed:>5} {all_total:>5}")
    print(
        f"peers' cases where rl differs on purpose: {differ_total} "
        f"(as rl means: {differ_as_rl}, as the peer expects: {differ_as_peer})"
    )


def corpus(megabytes: float) -> str:
    readme = (ROOT / "tests" / "fixtures" / "profile-README.md").read_text(encoding="utf-8")
    titles = json.loads((ROOT / "tests" / "fixtures" / "titles.json").read_text("utf-8"))
    names = [t["title"] or t["text"] for t in titles["reading_list"]]
    parts: list[str] = []
    size = 0
    i = 0
    while size < megabytes * 1_000_000:
        title = names[i % len(names)]
        ident = f"{15 + i % 10}{(i % 12) + 1:02d}.{i % 90000 + 10000:05d}"
        parts.append(
            f"@article{{key{i},\n  title = {{{title}}},\n  author = {{Ada Lovelace and Alan"
            f" Turing}},\n  journal = {{arXiv preprint arXiv:{ident}}},\n  year = {{2019}}\n}}\n"
            f"As shown by {title} (arXiv:{ident}), models trained on 1.5 million dialogues in"
            f" 2019 reach 12.3 BLEU; see also https://arxiv.org/abs/{ident}v2 and Section 4.2.\n"
        )
        if i % 10 == 0:
            parts.append(readme)
        size += len(parts[-1]) + (len(parts[-2]) if i % 10 == 0 else 0)
        i += 1
    return "".join(parts)


def speed(module: ModuleType, megabytes: float, repeat: int) -> None:
    text = corpus(megabytes)
    lines = text.splitlines()
    whole = []
    by_line = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = module.find_arxiv_ids(text)
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        count = sum(len(module.find_arxiv_ids(line)) for line in lines)
        by_line.append(time.perf_counter() - start)
    print(
        f"find_arxiv_ids over {len(text) / 1e6:.2f} MB ({len(lines)} lines): "
        f"{len(found)} ids in one string: {min(whole) * 1000:.1f} ms; "
        f"{count} ids line by line: {min(by_line) * 1000:.1f} ms (fastest of {repeat})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", help="a copy of readinglist/identifiers.py to measure")
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    module = load(args.module)
    score(module)
    speed(module, args.mb, args.repeat)


if __name__ == "__main__":
    main()
