"""Build a synthetic knowledge base of N papers for the search benchmarks.

    python bench/build_kb.py 10000            # -> bench/out/kb-10000.sqlite

Titles (~9 words) and abstracts (~180 words, ~1,200 characters) are drawn from a Zipf-weighted
vocabulary of real machine-learning words plus invented rare ones, so common words match many
papers and rare words few, as in a real reading list. A fifth of the papers get a note. The
database is created through rl's own migrations, and papers go in through plain INSERTs so
the search-index triggers run for every row, as they do for `rl add`. Seeded: the same N
always gives the same papers.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readinglist.library import open_library
from readinglist.matching import normalise_title

OUT = Path(__file__).resolve().parent / "out"


def words(text: str) -> list[str]:
    return text.split()


# Roughly in the order of how often they appear in ML titles: "learning" is in about a third
# of them, "memory" in a few percent.
DOMAIN = words(
    """
learning neural networks models language deep model network reinforcement large training
generative transformer attention graph representation efficient multimodal data vision
adversarial self supervised image text diffusion policy agents dialogue optimization
reasoning retrieval scaling robust alignment instruction tuning knowledge evaluation
benchmark memory sequence embeddings pretraining agent generation augmented inference
bayesian variational probabilistic kernel sparse dense gradient descent stochastic laws
human feedback preference fine adaptation low rank quantization distillation dataset corpus
question answering summarization translation machine speech recognition parsing semantic
syntactic robustness uncertainty calibration exploration planning world value function
actor critic offline online continual meta few shot zero prompt prompting in-context long
context memories memorization episodic working recall search tree monte carlo game games
atari control robotics navigation hierarchical modular mixture experts routing compression
tokenization vocabulary multilingual cross lingual code program synthesis mathematical
theorem proving verification interpretability probing causal chain thought convolutional
recurrent encoder decoder contrastive unsupervised representations
"""
)
COMMON = words(
    """
the of and a to in for on with we that is this by our from are as an be which can show
propose using based new approach method methods results performance state art tasks task
data large small paper present study demonstrate existing improve improves significantly
across both while also however than more without framework via through between these
"""
)
SYLLABLES = words("ka lo mi nu pe ra si to vu xe zo bri cla dre fli gro plu stra tri vo")
FIRST = words("Ada Alan Grace Yann Yoshua Geoffrey Fei Andrew Ilya Oriol Quoc Jason Sumit Tomas")
FAMOUS = words(
    "Lovelace Turing Hopper LeCun Bengio Hinton Li Ng Sutskever Vinyals Le Weston Chopra"
)
# Flatter than 1/k: no single word may dominate titles the way "the" dominates prose.
DOMAIN_WEIGHTS = list(itertools.accumulate(1.0 / (k + 3) for k in range(len(DOMAIN))))
CATEGORIES = ("survey", "dialogue", "llm", "rl", "other")
STATUSES = ("read", "read", "read", "reading", "to-read")


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Abstract words by rank: function words, then topic words spread among ~30,000 rare
    ones (topic word k at rank ~60 + 8k), drawn with Zipf weights 1/rank^1.1. That puts
    "learning" in about a fifth of abstracts and "memory" in a few percent."""
    rare = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))) for _ in range(40000)})
    rng.shuffle(rare)
    words = list(COMMON)
    for k, word in enumerate(DOMAIN):
        words.extend(rare[: 8 if k else 60 - len(COMMON)])
        del rare[: 8 if k else 60 - len(COMMON)]
        words.append(word)
    words.extend(rare)
    # Cumulative weights, computed once: random.choices would add them up on every call.
    return words, list(itertools.accumulate(1.0 / (k + 1) ** 1.1 for k in range(len(words))))


def sentence(rng: random.Random, words: list[str], weights: list[float], n: int) -> str:
    return " ".join(rng.choices(words, cum_weights=weights, k=n))


def surnames(rng: random.Random) -> tuple[list[str], list[float]]:
    """A few thousand surnames, a handful of them famous and frequent: the most common is
    on about one paper in twenty, like a prolific author in a large reading list."""
    made = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()
                   for _ in range(6000)})  # fmt: skip
    rng.shuffle(made)
    ordered = made[:5] + FAMOUS + made[5:]
    return ordered, list(itertools.accumulate(1.0 / (k + 10) for k in range(len(ordered))))


def make_paper(
    rng: random.Random,
    i: int,
    vocab: tuple[list[str], list[float]],
    names: tuple[list[str], list[float]],
) -> dict:
    words, weights = vocab
    title_words = rng.choices(DOMAIN, cum_weights=DOMAIN_WEIGHTS, k=rng.randint(4, 9))
    title = " ".join(w.capitalize() for w in dict.fromkeys(title_words)) + f" {i}"
    sentences = [
        sentence(rng, words, weights, rng.randint(14, 26)).capitalize() + "."
        for _ in range(rng.randint(6, 10))
    ]
    surnames, surname_weights = names
    authors = [
        f"{rng.choice(FIRST)} {surname}"
        for surname in rng.choices(surnames, cum_weights=surname_weights, k=rng.randint(1, 8))
    ]
    return {
        "title": title,
        "title_key": normalise_title(title),
        "label": f"({2010 + i % 15}){title}",
        "authors": json.dumps(authors),
        "year": 2010 + i % 15,
        "abstract": " ".join(sentences),
        "abstract_source": "arxiv",
        "category": CATEGORIES[i % len(CATEGORIES)],
        "position": i,
        "status": STATUSES[i % len(STATUSES)],
        "resolution": "manual",
        "added_at": "2024-01-01T00:00:00+00:00",
    }


def build(n: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(n)
    vocab = vocabulary(rng)
    library = open_library(path)
    # A new knowledge base has only "other": the papers are spread over the profile's five.
    existing = {c.slug for c in library.categories()}
    for slug in CATEGORIES:
        if slug not in existing:
            library.add_category(slug, slug.title())
    conn = library.conn
    names = surnames(rng)
    papers = [make_paper(rng, i, vocab, names) for i in range(1, n + 1)]
    columns = list(papers[0])
    insert = (
        f"INSERT INTO papers ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    )
    words, weights = vocab
    notes = [
        (i, "2024-01-02T00:00:00+00:00", sentence(rng, words, weights, rng.randint(10, 60)))
        for i in range(1, n + 1)
        if rng.random() < 0.2
    ]
    with library.transaction():
        conn.executemany(insert, papers)
        conn.executemany("INSERT INTO notes (paper_id, created_at, body) VALUES (?, ?, ?)", notes)
        conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+", help="number of papers (several allowed)")
    args = parser.parse_args()
    for n in args.n:
        start = time.perf_counter()
        path = build(n, OUT / f"kb-{n}.sqlite")
        size = path.stat().st_size / 1e6
        print(f"{n:>7} papers -> {path} ({size:.1f} MB, {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
