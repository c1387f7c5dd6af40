"""Build bench/batch_titles.json: a labelled list of titles as people type them, for
bench/batch_bench.py.

Papers on arXiv come from the corpus of the arXiv stand-in (tests/arxiv_standin.py: every
entry recorded or hand-made in tests/fixtures/arxiv/); papers not on arXiv from the real dblp
recordings in tests/fixtures/sources/dblp/ (database conference papers the corpus does not
hold). Each title is one of:
- exact: the title as arXiv has it;
- misspelt: two letters of its longest word swapped;
- subtitle dropped: the part before the colon;
- prefixed: a label prefix such as "(2019)" or "(Surname 2019)" in front;
- not on arXiv: a real paper arXiv's corpus here does not have.
Seeded: the same corpus always gives the same list.

Usage: python bench/build_batch_titles.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from arxiv_standin import load_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "batch_titles.json"
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL)
        for name in ("title", "published", "name")}  # fmt: skip


def main() -> None:
    rng = random.Random(2026)
    corpus = load_corpus()
    papers = []
    for arxiv_id, paper in sorted(corpus.items()):
        title = " ".join(_TAG["title"].search(paper.entry).group(1).split())  # type: ignore[union-attr]
        if arxiv_id.startswith("99") or len(title.split()) < 3:
            continue  # the fictional neighbours are distractors, not papers to look for
        year = _TAG["published"].search(paper.entry).group(1)[:4]  # type: ignore[union-attr]
        surname = _TAG["name"].search(paper.entry).group(1).split()[-1]  # type: ignore[union-attr]
        papers.append((arxiv_id, title, year, surname))
    rng.shuffle(papers)
    rows = []

    def row(kind: str, text: str, arxiv_id: str | None) -> None:
        rows.append({"kind": kind, "text": text, "arxiv_id": arxiv_id})

    for arxiv_id, title, _, _ in papers[:55]:
        row("exact", title, arxiv_id)
    for arxiv_id, title, _, _ in papers[55:105]:
        words = title.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        w = words[longest]
        if len(w) < 6:
            continue
        words[longest] = w[:2] + w[3] + w[2] + w[4:]
        row("misspelt", " ".join(words), arxiv_id)
    subtitled = [p for p in papers if ":" in p[1] and len(p[1].split(":")[0].split()) >= 3]
    for arxiv_id, title, _, _ in subtitled[:30]:
        row("subtitle dropped", title.split(":")[0], arxiv_id)
    for i, (arxiv_id, title, year, surname) in enumerate(papers[105:150]):
        prefix = f"({year})" if i % 2 else f"({surname} {year})"
        row("prefixed", prefix + title, arxiv_id)
    dblp = ROOT / "tests" / "fixtures" / "sources" / "dblp"
    outside = []
    for path in sorted(dblp.glob("genderdblp_*.json")):
        hits = json.loads(path.read_text(encoding="utf-8"))["result"]["hits"].get("hit", [])
        outside += [" ".join(h["info"]["title"].rstrip(".").split()) for h in hits]
    rng.shuffle(outside)
    for title in outside[:45]:
        row("not on arXiv", title, None)
    OUT.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"wrote {OUT}: {len(rows)} titles", kinds)


if __name__ == "__main__":
    main()
