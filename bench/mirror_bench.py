"""The local arXiv mirror at scale: harvest parsing, index build, size on disk, peak memory,
and the latency of resolving a title and of discover queries.

    python bench/mirror_bench.py build 400000        # -> bench/out/mirror-400000.sqlite
    python bench/mirror_bench.py build 2600000       # all of arXiv; ~6 GB, minutes
    python bench/mirror_bench.py parse 400000        # OAI-PMH pages -> records, per second
    python bench/mirror_bench.py query 400000        # resolve and discover latency

`build` generates a corpus (seeded: the same N gives the same records) and stores it through
the harvest's own path, `Mirror.save_page`, one page of 1,000 records per transaction with
the full-text indexes kept by their triggers, then `Mirror.optimize`, as `rl mirror add`
does. Only the storing is timed, not the generating. Peak memory is the process's maximum
resident set (it includes the generator's vocabulary, ~60 MB).

`parse` renders pages of the corpus as arXiv's OAI-PMH interface sends them (the `arXiv`
format, in the layout of the recorded answers in tests/fixtures/arxiv-oai/) and times
`parse_page` on them.

`query` times, on a built mirror, in this process with a warm page cache:
- resolve: what `rl add TITLE` does with the mirror first in the chain (the pipeline's
  gather and decide, readinglist.adding, against the mirror alone) for titles of the mirror
  as typed (exact), with a typo, without their subtitle, in lower case without punctuation,
  and for titles it does not have;
- discover: readinglist.discover.discover for a mix of queries (common and rare words, two
  and three words, an author, --since, --cat).

The corpus: ids month by month from arXiv's first month (old-style ids before April 2007),
monthly counts growing as arXiv's did; titles of 4-12 words, a quarter of them "Name: ...",
drawn from machine-learning words and a Zipf vocabulary of ~35,000 words (bench/build_kb.py);
abstracts of 110-210 words from the same vocabulary (~1,150 characters); 1-12 authors from
~60,000 surnames; a primary category and 0-3 cross-lists. The 400,000 corpus is the size of
cs.CL + cs.LG + cs.AI; the 2.6 million one all of arXiv, drawn from the same machine-learning
vocabulary, so its topic words match more papers than real physics and mathematics would:
query times at 2.6 M are pessimistic.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from build_kb import COMMON, DOMAIN, SYLLABLES, vocabulary, words  # noqa: E402

from readinglist.mirror import open_mirror  # noqa: E402
from readinglist.sources import PaperRecord  # noqa: E402
from readinglist.sources.oai import OaiPage, OaiRecord, parse_page  # noqa: E402

OUT = HERE / "out"
PAGE = 1000
# arXiv's new submissions per month, roughly, at these years (arxiv.org/stats/monthly_submissions).
ALL_ARXIV = {1991: 100, 1995: 1500, 2000: 3000, 2005: 4000, 2010: 6500, 2015: 9000,
             2020: 15000, 2023: 20000, 2025: 24000}  # fmt: skip
# cs.CL + cs.LG + cs.AI (with cross-lists): small until the mid-2010s, then steep.
ML = {1998: 20, 2005: 100, 2010: 300, 2015: 1200, 2018: 3500, 2020: 5500, 2023: 9000,
      2025: 12000}  # fmt: skip
ML_PRIMARY = (("cs.LG", 45), ("cs.CL", 35), ("cs.AI", 20))
ML_CROSS = ("cs.CV", "stat.ML", "cs.IR", "cs.NE", "cs.RO", "cs.HC", "cs.SD", "eess.AS",
            "math.OC", "cs.CY", "cs.LG", "cs.CL", "cs.AI")  # fmt: skip
ALL_PRIMARY = (("cs.LG", 8), ("cs.CV", 7), ("cs.CL", 4), ("cs.AI", 3), ("cs.RO", 2),
               ("cs.CR", 2), ("cs.IT", 2), ("cs.DS", 1), ("cs.SE", 1), ("math.AP", 3),
               ("math.PR", 3), ("math.CO", 3), ("math.AG", 2), ("math.NT", 2),
               ("math.OC", 3), ("math.DG", 2), ("stat.ME", 2), ("stat.ML", 2),
               ("quant-ph", 7), ("hep-th", 5), ("hep-ph", 5), ("gr-qc", 3), ("astro-ph.GA", 4),
               ("astro-ph.CO", 3), ("astro-ph.SR", 3), ("astro-ph.HE", 3),
               ("cond-mat.mes-hall", 3), ("cond-mat.str-el", 3), ("cond-mat.mtrl-sci", 4),
               ("cond-mat.stat-mech", 3), ("physics.optics", 2), ("physics.flu-dyn", 2),
               ("eess.SP", 2), ("eess.IV", 1), ("q-bio.NC", 1), ("econ.EM", 1),
               ("q-fin.ST", 1), ("nucl-th", 1), ("math-ph", 1))  # fmt: skip
OLD_ARCHIVE_OF = {"cs": "cs", "math": "math", "stat": "math", "quant-ph": "quant-ph",
                  "hep-th": "hep-th", "hep-ph": "hep-ph", "gr-qc": "gr-qc",
                  "astro-ph": "astro-ph", "cond-mat": "cond-mat", "physics": "physics",
                  "eess": "cs", "q-bio": "q-bio", "econ": "math", "q-fin": "math",
                  "nucl-th": "nucl-th", "math-ph": "math-ph"}  # fmt: skip
FUNCTION = ("for", "of", "with", "via", "in", "on", "and", "from", "towards", "under", "using")
# Topic words of physics and mathematics papers, most frequent first, standing in for
# build_kb's machine-learning DOMAIN in those fields' titles and abstracts (all of arXiv).
PHYSICS = words(
    """
quantum field energy spin magnetic states phase dark matter gravitational black holes mass
lattice gauge theory symmetry dynamics scattering neutrino galaxy galaxies stellar star
stars cosmological cosmology spectrum spectra superconducting topological electron
electrons photon photons plasma thermal temperature density wave waves particle particles
nuclear decay collisions hadron quark quarks boson higgs string strings holographic
entanglement qubit qubits optical laser cavity resonance magnetization ferromagnetic
insulator semiconductor graphene transport conductivity hall effect effects coupling
interaction interactions excitations fluctuations turbulence flow fluid viscosity
relativity spacetime inflation radiation emission absorption x-ray gamma ray rays cosmic
supernova pulsar neutron binary accretion disk jets redshift survey clusters halo halos
baryon baryonic lepton muon detector experiment luminosity observations telescope solar
planet planets exoplanet atmosphere atmospheric orbital rotation vortex vortices soliton
solitons nonlinear chaos chaotic equilibrium entropy phonon phonons crystal crystalline
anisotropy dielectric polarization superfluid condensate bose fermi fermions bosons
"""
)
MATH = words(
    """
theorem proof lemma algebra algebras group groups manifold manifolds space spaces operator
operators equation equations boundary problem problems solutions existence uniqueness
regularity estimates inequality inequalities bounded functions function polynomial
polynomials graph graphs combinatorial prime primes number numbers modular forms curves
curve surface surfaces variety varieties cohomology homology homotopy category categories
functor sheaves sheaf moduli stack stacks lie representation representations invariant
invariants finite infinite dimensional hilbert banach sobolev elliptic parabolic
hyperbolic riemannian metric metrics curvature geodesic flows flow measure measures
ergodic random walk walks stochastic probability distribution distributions asymptotic
convergence approximation numerical scheme schemes discretization convex optimization
matrix matrices eigenvalue eigenvalues spectral trace determinant permutation partition
partitions lattice lattices ring rings module modules ideal ideals field fields galois
extension extensions arithmetic integer integers rational points zeta series sums
conjecture classification characterization structure structures symmetric quotient
"""
)
FORENAMES = words(
    """Ada Alan Grace Yann Yoshua Geoffrey Fei Andrew Ilya Oriol Quoc Jason Sumit Tomas Maria
    Wei Li Chen Anna Pierre Hiroshi Priya Ahmed Sofia Lucas Elena Mateo Yuki Olga Kwame Ines
    Noah Mei Omar Sara Jonas Aisha Diego Hana"""
)


def field_of(category: str) -> str:
    """Whose words a paper of this primary category is written in."""
    archive = category.split(".")[0]
    if archive in ("math",) or category in ("math-ph",):
        return "math"
    if archive in ("cs", "stat", "eess", "econ", "q-fin", "q-bio"):
        return "ml"
    return "physics"


def monthly_counts(
    n: int, anchors: dict[int, int], first: tuple[int, int]
) -> list[tuple[int, int, int]]:
    """(year, month, records) from `first` to December 2025, growing between the anchors and
    scaled to `n` records in all."""
    years = sorted(anchors)
    months = []
    year, month = first
    while year <= 2025:
        lo = max([y for y in years if y <= year], default=years[0])
        hi = min([y for y in years if y > year], default=years[-1])
        t = 0.0 if hi == lo else (year - lo + (month - 1) / 12) / (hi - lo)
        months.append((year, month, anchors[lo] + t * (anchors[hi] - anchors[lo])))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    scale = n / sum(w for *_, w in months)
    counts = [max(0, round(w * scale)) for *_, w in months]
    counts[-1] += n - sum(counts)  # exactly n
    return [(y, m, c) for (y, m, _), c in zip(months, counts, strict=True)]


class Corpus:
    """Records drawn as described in the module doc; `records()` yields them in id order."""

    def __init__(self, n: int, *, everything: bool) -> None:
        self.n = n
        self.everything = everything
        rng = random.Random(n)
        vocab, cum = vocabulary(rng)
        self.cum = np.array(cum) / cum[-1]
        content_cum = np.array(list(itertools.accumulate(
            1.0 / (k + 1) ** 1.1 for k in range(len(vocab) - len(COMMON)))))  # fmt: skip
        self.content_cum = content_cum / content_cum[-1]
        dcum = np.array(list(itertools.accumulate(1.0 / (k + 3) for k in range(len(DOMAIN)))))
        self.domain_cum = dcum / dcum[-1]
        # One vocabulary per field, alike but for the topic words in their slots: a word drawn
        # at rank k is the k-th word of the record's field (all of arXiv), else of ML.
        fields = {"ml": DOMAIN, "physics": PHYSICS, "math": MATH} if everything else {"ml": DOMAIN}
        slots = {w: i for i, w in enumerate(vocab) if w in set(DOMAIN)}
        self.words, self.content, self.domain = {}, {}, {}
        for field, topic in fields.items():
            topic = (topic * 2)[: len(DOMAIN)]
            own = list(vocab)
            for ml_word, word in zip(DOMAIN, topic, strict=True):
                own[slots[ml_word]] = word
            self.words[field] = np.array(own, dtype=object)
            self.content[field] = np.array(own[len(COMMON) :], dtype=object)
            self.domain[field] = np.array(topic, dtype=object)
        made = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))).capitalize()
                       for _ in range(80000)})  # fmt: skip
        rng.shuffle(made)
        self.surnames = np.array(made, dtype=object)
        scum = np.array(list(itertools.accumulate(1.0 / (k + 20) for k in range(len(made)))))
        self.surname_cum = scum / scum[-1]
        primary = ALL_PRIMARY if everything else ML_PRIMARY
        self.primary = [c for c, _ in primary]
        self.field_of = [field_of(c) if everything else "ml" for c in self.primary]
        weights = np.array([w for _, w in primary], dtype=float)
        self.primary_p = weights / weights.sum()
        self.months = monthly_counts(n, ALL_ARXIV if everything else ML,
                                     (1991, 8) if everything else (1998, 1))  # fmt: skip
        self.rng = np.random.default_rng(n)

    def records(self) -> Iterator[OaiRecord]:
        """Every record, month by month, in pages' worth of vectorised draws."""
        made = 0
        pending: list[tuple[str, int, int, int]] = []
        for year, month, count in self.months:
            pending.extend(self._ids(year, month, count))
            while len(pending) >= PAGE:
                yield from self._draw(pending[:PAGE])
                made += PAGE
                del pending[:PAGE]
        if pending:
            yield from self._draw(pending)

    def _ids(self, year: int, month: int, count: int) -> list[tuple[str, int, int, int]]:
        """(arXiv id, year, month, primary category) of a month's records."""
        primaries = self.rng.choice(len(self.primary), size=count, p=self.primary_p)
        yymm = f"{year % 100:02d}{month:02d}"
        if (year, month) >= (2007, 4):
            width = 4 if year < 2015 else 5
            return [(f"{yymm}.{i:0{width}d}", year, month, int(primaries[i - 1]))
                    for i in range(1, count + 1)]  # fmt: skip
        numbers: dict[str, int] = {}
        ids = []
        for primary in primaries:
            archive = OLD_ARCHIVE_OF[self.primary[primary].split(".")[0]]
            numbers[archive] = numbers.get(archive, 0) + 1
            ids.append((f"{archive}/{yymm}{numbers[archive]:03d}", year, month, int(primary)))
        return ids

    def _draw(self, ids: list[tuple[str, int, int, int]]) -> Iterator[OaiRecord]:
        rng = self.rng
        m = len(ids)
        abstract_lengths = rng.integers(110, 211, size=m)
        abstract_ranks = np.searchsorted(self.cum, rng.random(abstract_lengths.sum()))
        title_lengths = rng.integers(4, 13, size=m)
        total = int(title_lengths.sum())
        domain_ranks = np.searchsorted(self.domain_cum, rng.random(total))
        content_ranks = np.searchsorted(self.content_cum, rng.random(total))
        kind = rng.random(total)
        author_counts = np.minimum(rng.geometric(0.25, size=m), 12)
        surnames = self.surnames[np.searchsorted(self.surname_cum,
                                                 rng.random(int(author_counts.sum())))]  # fmt: skip
        extra = rng.random((m, 6))
        glue = rng.random(total)
        a = t = s = 0
        for i, (arxiv_id, year, month, primary_index) in enumerate(ids):
            field = self.field_of[primary_index]
            domain, content = self.domain[field], self.content[field]
            # Content words (the field's topic words more often than the rest), each used
            # once, with a function word after some of them, never last.
            drawn = (domain[domain_ranks[j]] if kind[j] < 0.65 else content[content_ranks[j]]
                     for j in range(t, t + title_lengths[i]))  # fmt: skip
            words = []
            for j, word in enumerate(dict.fromkeys(drawn), start=t):
                if words and glue[j] < 0.2:
                    words.append(FUNCTION[int(glue[j] * 997) % len(FUNCTION)])
                words.append(word.capitalize())
            t += title_lengths[i]
            if extra[i, 0] < 0.25:  # "Name: what it does"
                name = "".join(SYLLABLES[int(x * 19)] for x in extra[i, 1:3]).capitalize()
                words.insert(0, name + ":")
            elif extra[i, 0] < 0.4:  # "A main title: and its subtitle", both 3+ words
                cuts = [k for k in range(3, len(words) - 2)
                        if words[k - 1] not in FUNCTION and words[k] not in FUNCTION]  # fmt: skip
                if cuts:
                    words[cuts[int(extra[i, 4] * len(cuts))] - 1] += ":"
            title = " ".join(words)
            abstract = " ".join(self.words[field][abstract_ranks[a : a + abstract_lengths[i]]])
            a += abstract_lengths[i]
            authors = tuple(f"{FORENAMES[int(x * 997) % len(FORENAMES)]} {surnames[k]}"
                            for k, x in zip(range(s, s + author_counts[i]),
                                            itertools.cycle(extra[i]), strict=False))  # fmt: skip
            s += author_counts[i]
            primary = self.primary[primary_index]
            crossed = (ML_CROSS[int(x * 1000) % len(ML_CROSS)]
                       for x in extra[i, 3 : 3 + int(extra[i, 5] * 4)])  # fmt: skip
            cross = tuple(c for c in dict.fromkeys(crossed) if c != primary)
            day = 1 + int(extra[i, 1] * 28)
            created = f"{year}-{month:02d}-{day:02d}"
            updated = (
                created if extra[i, 2] < 0.7 else f"{min(year + 1, 2025)}-{month:02d}-{day:02d}"
            )
            record = PaperRecord(
                title=title, source="arxiv", source_id=arxiv_id, arxiv_id=arxiv_id,
                authors=authors, year=year, abstract=abstract.capitalize() + ".",
                published=created, updated=updated, categories=(primary, *cross),
            )  # fmt: skip
            yield OaiRecord(arxiv_id, updated, record, ())


# -- build -----------------------------------------------------------------------------------


def mirror_path(n: int) -> Path:
    return OUT / f"mirror-{n}.sqlite"


def build(n: int) -> None:
    path = mirror_path(n)
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    corpus = Corpus(n, everything=n > 1_000_000)
    mirror = open_mirror(path, create=True)
    spec = "bench"
    mirror.add_sets([(spec, "cs.CL")], "arXiv")
    storing = storing_cpu = 0.0
    started = time.perf_counter()
    page: list[OaiRecord] = []
    done = 0

    def save(last: bool) -> None:
        nonlocal storing, storing_cpu, done
        token = None if last else f"bench|{done + len(page)}"
        answer = OaiPage(page, token, n, done, "2025-12-31")
        t0, c0 = time.perf_counter(), time.process_time()
        mirror.save_page(spec, answer, since=None)
        storing += time.perf_counter() - t0
        storing_cpu += time.process_time() - c0
        done += len(page)
        page.clear()
        if done % 100_000 < PAGE:
            print(
                f"  {done:>9,} records, storing {storing:6.1f} s (CPU {storing_cpu:6.1f} s), "
                f"in all {time.perf_counter() - started:6.1f} s",
                flush=True,
            )

    for record in corpus.records():
        page.append(record)
        if len(page) == PAGE and done + PAGE < n:
            save(last=False)
    save(last=True)
    t0, c0 = time.perf_counter(), time.process_time()
    mirror.optimize()
    optimizing, optimizing_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    mirror.refresh_term_stats()
    counting, counting_cpu = time.perf_counter() - t0, time.process_time() - c0
    sizes = dict(mirror.conn.execute(
        "SELECT CASE WHEN name LIKE 'records_fts%' THEN 'records_fts' "
        "WHEN name LIKE 'titles_fts%' THEN 'titles_fts' ELSE name END, sum(pgsize) "
        "FROM dbstat GROUP BY 1").fetchall())  # fmt: skip
    mirror.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = path.stat().st_size
    generating = time.perf_counter() - started - storing - optimizing - counting
    print(f"\n## build, {n:,} records -> {path.relative_to(HERE.parent)}")
    print(f"{'':52} {'wall s':>8} {'CPU s':>8}")
    print(
        f"{'storing (save_page, 1,000 records a transaction)':52} {storing:8.1f} {storing_cpu:8.1f}"
    )
    print(
        f"{'optimize (each index merged into one segment)':52} {optimizing:8.1f} "
        f"{optimizing_cpu:8.1f}"
    )
    print(f"{'word counts for discover (refresh_term_stats)':52} {counting:8.1f} "
          f"{counting_cpu:8.1f}")  # fmt: skip
    total, total_cpu = storing + optimizing + counting, storing_cpu + optimizing_cpu + counting_cpu
    print(f"{'index build in all':52} {total:8.1f} {total_cpu:8.1f}")
    print(f"{'generating the corpus (not counted)':52} {generating:8.1f}")
    print(f"size on disk: {size / 1e9:.2f} GB ({size / n:,.0f} bytes a record)")
    for name, bytes_ in sorted(sizes.items(), key=lambda kv: -kv[1])[:8]:
        print(f"   {bytes_ / 1e6:9.1f} MB  {name}")
    print(f"peak memory (max RSS of this process, generator included): {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("build", "parse", "query"))
    parser.add_argument("n", type=int, nargs="+", help="records (several sizes allowed)")
    parser.add_argument("--runs", type=int, default=10, help="runs per query (query)")
    parser.add_argument("--verbose", action="store_true", help="titles not resolved (query)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    for n in args.n:
        if args.what == "query":
            query(n, args.runs, args.verbose)
        else:
            {"build": build, "parse": parse}[args.what](n)


# -- parse ---------------------------------------------------------------------------------


OAI_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.open'
    'archives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'
    "<responseDate>2025-12-31T20:31:07Z</responseDate>\n"
    '<request verb="ListRecords" metadataPrefix="arXiv" set="cs:cs:CL">'
    "https://oaipmh.arxiv.org/oai</request>\n<ListRecords>\n"
)
ARXIV_NS = (
    'xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd"'
)


def render_page(records: list[OaiRecord], token: str | None, cursor: int, size: int) -> bytes:
    """A ListRecords answer in the `arXiv` format, laid out as arXiv's recorded answers are
    (tests/fixtures/arxiv-oai/): titles folded at 79 columns, abstracts indented by two."""
    parts = [OAI_HEAD]
    for found in records:
        r = found.record
        assert r is not None
        authors = "".join(
            f"<author><keyname>{escape(a.rsplit(' ', 1)[-1])}</keyname>"
            f"<forenames>{escape(a.rsplit(' ', 1)[0])}</forenames></author>"
            for a in r.authors
        )
        title = "\n  ".join(textwrap.wrap(escape(r.title), 77))
        abstract = "\n".join(textwrap.wrap(escape(r.abstract or ""), 79, initial_indent="  "))
        parts.append(
            f"<record>\n<header>\n <identifier>oai:arXiv.org:{found.arxiv_id}</identifier>\n"
            f" <datestamp>{found.datestamp}</datestamp>\n <setSpec>cs:cs:CL</setSpec>\n"
            f"</header>\n<metadata>\n <arXiv {ARXIV_NS}>\n <id>{found.arxiv_id}</id>"
            f"<created>{r.published}</created><updated>{r.updated}</updated>"
            f"<authors>{authors}</authors><title>{title}</title>"
            f"<categories>{' '.join(r.categories)}</categories>"
            "<license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license>"
            f"<abstract>{abstract}\n</abstract></arXiv>\n</metadata>\n</record>\n"
        )
    counts = f'cursor="{cursor}" completeListSize="{size}"'
    parts.append(f"<resumptionToken {counts}>{token}</resumptionToken>\n" if token
                 else f"<resumptionToken {counts}/>\n")  # fmt: skip
    parts.append("</ListRecords>\n</OAI-PMH>\n")
    return "".join(parts).encode()


def parse(n: int, pages: int = 100) -> None:
    """Parse the first `pages` pages of the corpus of `n` records as the harvester reads them."""
    corpus = Corpus(n, everything=n > 1_000_000)
    records = corpus.records()
    answers = []
    for k in range(pages):
        batch = list(itertools.islice(records, PAGE))
        answers.append(render_page(batch, f"7731214|{(k + 1) * PAGE + 1}", k * PAGE, n))
    start, cpu = time.perf_counter(), time.process_time()
    parsed = [parse_page(a) for a in answers]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    count = sum(len(p.records) for p in parsed)
    megabytes = sum(len(a) for a in answers) / 1e6
    assert count == pages * PAGE and not any(p.skipped for p in parsed)
    print(f"\n## parsing OAI-PMH pages (arXiv format), {pages} pages of {PAGE:,} records, "
          f"{megabytes:.1f} MB")  # fmt: skip
    print(
        f"wall {wall:.2f} s, CPU {cpu:.2f} s: {count / cpu:,.0f} records/s, "
        f"{megabytes / cpu:.1f} MB/s of XML (CPU), {cpu / pages * 1000:.1f} ms a page"
    )
    print(
        f"the {n:,} records of this corpus: {n / (count / cpu) / 60:.1f} min of parsing, "
        f"against {n / PAGE * 3 / 3600:.1f} h of arXiv's 3 s between pages"
    )


# -- query -----------------------------------------------------------------------------------

DISCOVER_MIX: list[tuple[str, dict[str, object]]] = [
    ("memory networks", {}),
    ("reinforcement learning", {}),
    ("dialogue generation", {}),
    ("multimodal", {}),
    ("in-context learning", {}),
    ("retrieval augmented generation", {}),
    ("chain of thought reasoning", {}),
    ("contrastive representation learning", {}),
    ("graph neural networks", {}),
    ("knowledge distillation compression", {}),
    ("memory", {}),
    ("learning", {}),
    ("transformer attention", {"since": 2023}),
    ("reinforcement learning", {"categories": ["cs.CL"]}),
    ("dialogue", {"since": 2020, "categories": ["cs.AI"]}),
    ('"language models"', {}),
    ("distill*", {}),
    ("attention -vision", {}),
    ("title:retrieval", {}),
    ("theorem proving", {}),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def typo(title: str) -> str:
    """Two letters swapped inside the title's longest word (as people mistype)."""
    words = title.split()
    k = max(range(len(words)), key=lambda i: (len(words[i]), -i))
    w = words[k]
    if len(w) >= 6 and w.isalpha():
        words[k] = w[:2] + w[3] + w[2] + w[4:]
    return " ".join(words)


def query(n: int, runs: int, verbose: bool = False) -> None:
    from readinglist.adding import Request, decide_request, gather
    from readinglist.discover import discover
    from readinglist.library import open_library
    from readinglist.matching import RESOLVED, parse_title
    from readinglist.sources import make_sources

    path = mirror_path(n)
    if not path.exists():
        print(f"\n(no mirror of {n:,}: run python bench/mirror_bench.py build {n})")
        return
    os.environ["RL_MIRROR"] = str(path)
    mirror = open_mirror(path, readonly=True)
    total = mirror.counts()["records"]
    # A seeded sample of the records (their ids from the title index's row sizes, one small
    # row each: cheaper to read than the records themselves).
    ids = [r[0] for r in mirror.conn.execute("SELECT id FROM titles_fts_docsize")]
    chosen = random.Random(7).sample(ids, 150)
    marks = ", ".join("?" * len(chosen))
    found = mirror.conn.execute(
        f"SELECT id, arxiv_id || char(9) || title FROM records WHERE id IN ({marks})", chosen
    )
    titles = dict(found.fetchall())
    sample = [tuple(titles[i].split("\t", 1)) for i in chosen]
    subtitled = [(a, t) for a, t in sample if ": " in t and len(t.split(": ")[0].split()) >= 3]
    absent = [r.record.title for r in itertools.islice(Corpus(n + 1, everything=False).records(),
                                                        5000, 5050) if r.record]  # fmt: skip
    cases = ([("exact", a, t) for a, t in sample[:50]]
             + [("typo", a, typo(t)) for a, t in sample[50:100]]
             + [("no subtitle", a, t.split(": ")[0]) for a, t in subtitled[:25]]
             + [("lower case, no punctuation", a, t.lower().replace(":", ""))
                for a, t in sample[100:125]]
             + [("not in the mirror", None, t) for t in absent])  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        kb = open_library(Path(tmp) / "kb.sqlite")
        chain = make_sources(["mirror"])
        times: dict[str, list[float]] = {}
        verdicts: dict[str, dict[str, int]] = {}
        for kind, arxiv_id, text in cases:
            request = Request(text, {}, parsed=parse_title(text))
            for _ in range(runs):
                start = time.perf_counter()
                decision = decide_request(request, gather(kb, request, chain), None)
                times.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
            record = (
                decision.record
                if decision.resolution and decision.resolution.status == RESOLVED
                else None
            )
            verdict = ("unresolved" if record is None
                       else "right" if record.arxiv_id == arxiv_id else "wrong")  # fmt: skip
            if verbose and verdict != "right" and arxiv_id is not None:
                reason = decision.resolution.reason if decision.resolution else ""
                print(f"  {verdict}: {text!r} ({arxiv_id}): {reason}")
            verdicts.setdefault(kind, {"right": 0, "unresolved": 0, "wrong": 0})[verdict] += 1
        kb.close()
    print(
        f"\n## resolve a title against the mirror alone ({total:,} records), "
        f"{runs} runs per title, ms"
    )
    print(f"{'titles':34} {'n':>4} {'right':>6} {'unres.':>6} {'wrong':>6} {'p50':>7} {'p95':>7}")
    everything = []
    for kind, values in times.items():
        everything += values
        v = verdicts[kind]
        print(
            f"{kind:34} {sum(v.values()):>4} {v['right']:>6} {v['unresolved']:>6} "
            f"{v['wrong']:>6} {percentile(values, 50):>7.2f} {percentile(values, 95):>7.2f}"
        )
    print(
        f"{'all':34} {len(cases):>4} {'':>6} {'':>6} {'':>6} "
        f"{percentile(everything, 50):>7.2f} {percentile(everything, 95):>7.2f}"
    )

    print(f"\n## discover ({total:,} records), {runs} runs per query, ms")
    print(f"{'query':46} {'matches':>9} {'ranked':>8} {'p50':>7} {'p95':>7}")
    everything = []
    from readinglist.discover import mirror_match

    for text, options in DISCOVER_MIX:
        for _ in range(2):
            discover(mirror, None, text, **options)  # type: ignore[arg-type]  # warm the cache
        values = []
        for _ in range(runs):
            start = time.perf_counter()
            found = discover(mirror, None, text, **options)  # type: ignore[arg-type]
            values.append((time.perf_counter() - start) * 1000)
        everything += values
        matches = mirror.conn.execute("SELECT count(*) FROM records_fts WHERE records_fts "
                                      "MATCH ?", (mirror_match(text),)).fetchone()[0]  # fmt: skip
        label = text + "".join(
            f" --{k.replace('categories', 'cat')} {v[0] if isinstance(v, list) else v}"
            for k, v in options.items()
        )
        ranked = f"from {found.ranked_from}" if found.ranked_from else "all"
        print(
            f"{label:46} {matches:>9,} {ranked:>8} {percentile(values, 50):>7.2f} "
            f"{percentile(values, 95):>7.2f}"
        )
    print(
        f"{'all':46} {'':>9} {'':>8} {percentile(everything, 50):>7.2f} "
        f"{percentile(everything, 95):>7.2f}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\npeak memory of this process: {peak:.0f} MB (the mirror is memory-mapped: pages "
        "read count here, and are the operating system's cache)"
    )


if __name__ == "__main__":
    main()
