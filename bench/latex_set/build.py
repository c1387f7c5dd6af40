"""Build the LaTeX evaluation set: papers typeset by real LaTeX classes, with truth.json.

    python bench/latex_set/build.py [--out bench/out/latex-set] [--only NAME ...]

Needs pdflatex and the classes of TeX Live (see BENCHMARKS.md, "PDF extraction"). Writes
OUT/NAME.pdf for every paper below, OUT/truth.json in the format bench/pdf_eval.py reads
(file, title, authors, abstract, arxiv_id_or_null, layout_note, source, and the paper's wave),
and the LaTeX source of each paper in OUT/src/ (to look at a miss). The papers come in waves:
the extractor was fixed on wave 1; waves 2, 3 and 4 were added afterwards, each measured once
before anything was changed for it, as a check on whether the fixes generalise. Wave 4 copies
layouts that defeated extraction on real papers nobody here had seen.

Titles and abstracts are arXiv metadata (CC0) from tests/fixtures/arxiv/, or written for this
set (texts.py); people, places and body text are invented (texts.py). The templates/ folder
holds one LaTeX skeleton per layout; what varies per class (author blocks, keyword lists) is
written here. Output is reproducible: the date is fixed through SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from texts import (  # noqa: E402
    ACKNOWLEDGEMENTS,
    OTHER_LANGUAGE_ABSTRACTS,
    OWN_ABSTRACTS,
    PARAGRAPHS,
    PEOPLE,
    PLACES,
    REFERENCES,
    SECTION_TITLES,
)

FIXTURES = ROOT / "tests" / "fixtures" / "arxiv"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
EPOCH = "1717200000"  # 1 June 2024: \today and the PDF dates
DATE = "June 1, 2024"


# ---------------------------------------------------------------------------------------------
# Sources of titles and abstracts


def arxiv_records() -> dict[str, tuple[str, str]]:
    """arXiv id (no version) -> (title, abstract) from the recorded Atom responses."""
    records: dict[str, tuple[str, str]] = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for entry in root.findall("a:entry", ATOM):
            url = entry.findtext("a:id", "", ATOM)
            m = re.search(r"abs/(.+?)(?:v\d+)?$", url)
            if not m:
                continue
            title = " ".join(entry.findtext("a:title", "", ATOM).split())
            summary = " ".join(entry.findtext("a:summary", "", ATOM).split())
            records.setdefault(m.group(1), (title, summary))
    return records


# Abstracts with mathematics: (LaTeX, text as printed), written from the metadata by hand.
MATH_ABSTRACTS: dict[str, tuple[str, str]] = {
    "astro-ph/0601001": (
        r"We derive the frequencies of hot Jupiters (HJs) with 3--5 day periods and very hot "
        r"Jupiters (VHJs) with 1--3 day periods by comparing the planets actually detected in "
        r"the OGLE-III survey with those predicted by our models. The models are constructed "
        r"following Gould \& Morgan (2003) by populating the line of sight with stars drawn "
        r"from the Hipparcos catalog. Using these, we demonstrate that the number of stars with "
        r"sensitivity to HJs and VHJs is only 4--16\% of those in the OGLE-III fields "
        r"satisfying the spectroscopic-followup limit of $V_{\rm max}<17.5$. Hence, the "
        r"frequencies we derive are much higher than a naive estimate would indicate. We find "
        r"that at 90\% confidence the fraction of stars with planets in the two period ranges "
        r"is $(1/310)(1^{+1.39}_{-0.59})$ for HJs and $(1/690)(1^{+1.10}_{-0.54})$ for VHJs. "
        r"The HJ rate is statistically indistinguishable from that found in radial velocity "
        r"(RV) studies. However, we note that magnitude-limited RV samples are heavily biased "
        r"toward metal-rich (hence, planet-bearing) stars, while transit surveys are not, and "
        r"therefore we expect that more sensitive transit surveys should find a deficit of HJs "
        r"as compared to RV surveys. The detection of 3 transiting VHJs, all with periods less "
        r"than 2 days, is marginally consistent with the complete absence of such detections "
        r"in RV surveys. The planets detected are consistent with being uniformly distributed "
        r"between 1.00 and 1.25 Jovian radii, but there are too few in the sample to map this "
        r"distribution in detail.",
        "We derive the frequencies of hot Jupiters (HJs) with 3–5 day periods and very hot "
        "Jupiters (VHJs) with 1–3 day periods by comparing the planets actually detected in "
        "the OGLE-III survey with those predicted by our models. The models are constructed "
        "following Gould & Morgan (2003) by populating the line of sight with stars drawn "
        "from the Hipparcos catalog. Using these, we demonstrate that the number of stars with "
        "sensitivity to HJs and VHJs is only 4–16% of those in the OGLE-III fields "
        "satisfying the spectroscopic-followup limit of V max < 17.5. Hence, the "
        "frequencies we derive are much higher than a naive estimate would indicate. We find "
        "that at 90% confidence the fraction of stars with planets in the two period ranges "
        "is (1/310)(1 +1.39 −0.59) for HJs and (1/690)(1 +1.10 −0.54) for VHJs. "
        "The HJ rate is statistically indistinguishable from that found in radial velocity "
        "(RV) studies. However, we note that magnitude-limited RV samples are heavily biased "
        "toward metal-rich (hence, planet-bearing) stars, while transit surveys are not, and "
        "therefore we expect that more sensitive transit surveys should find a deficit of HJs "
        "as compared to RV surveys. The detection of 3 transiting VHJs, all with periods less "
        "than 2 days, is marginally consistent with the complete absence of such detections "
        "in RV surveys. The planets detected are consistent with being uniformly distributed "
        "between 1.00 and 1.25 Jovian radii, but there are too few in the sample to map this "
        "distribution in detail.",
    ),
    "2403.16981": (
        r"The sample complexity of simple binary hypothesis testing is the smallest number of "
        r"i.i.d.\ samples required to distinguish between two distributions $p$ and $q$ in "
        r"either: (i) the prior-free setting, with type-I error at most $\alpha$ and type-II "
        r"error at most $\beta$; or (ii) the Bayesian setting, with Bayes error at most "
        r"$\delta$ and prior distribution $(\pi, 1-\pi)$. This problem has only been studied "
        r"when $\alpha = \beta$ (prior-free) or $\pi = 1/2$ (Bayesian), and the sample "
        r"complexity is known to be characterized by the Hellinger divergence between $p$ and "
        r"$q$, up to multiplicative constants. In this paper, we derive a formula that "
        r"characterizes the sample complexity (up to multiplicative constants that are "
        r"independent of $p$, $q$, and all error parameters) for: (i) all "
        r"$0 \le \alpha, \beta \le 1/8$ in the prior-free setting; and (ii) all "
        r"$\delta \le \pi/4$ in the Bayesian setting. In particular, the formula admits "
        r"equivalent expressions in terms of certain divergences from the Jensen--Shannon and "
        r"Hellinger families. The main technical result concerns an $f$-divergence inequality "
        r"between members of the Jensen--Shannon and Hellinger families, which is proved by a "
        r"combination of information-theoretic tools and case-by-case analyses. We explore "
        r"applications of our results to (i) robust hypothesis testing, (ii) distributed "
        r"(locally-private and communication-constrained) hypothesis testing, (iii) sequential "
        r"hypothesis testing, and (iv) hypothesis testing with erasures.",
        "The sample complexity of simple binary hypothesis testing is the smallest number of "
        "i.i.d. samples required to distinguish between two distributions p and q in "
        "either: (i) the prior-free setting, with type-I error at most α and type-II "
        "error at most β; or (ii) the Bayesian setting, with Bayes error at most "
        "δ and prior distribution (π, 1 − π). This problem has only been studied "
        "when α = β (prior-free) or π = 1/2 (Bayesian), and the sample "
        "complexity is known to be characterized by the Hellinger divergence between p and "
        "q, up to multiplicative constants. In this paper, we derive a formula that "
        "characterizes the sample complexity (up to multiplicative constants that are "
        "independent of p, q, and all error parameters) for: (i) all "
        "0 ≤ α, β ≤ 1/8 in the prior-free setting; and (ii) all "
        "δ ≤ π/4 in the Bayesian setting. In particular, the formula admits "
        "equivalent expressions in terms of certain divergences from the Jensen–Shannon and "
        "Hellinger families. The main technical result concerns an f-divergence inequality "
        "between members of the Jensen–Shannon and Hellinger families, which is proved by a "
        "combination of information-theoretic tools and case-by-case analyses. We explore "
        "applications of our results to (i) robust hypothesis testing, (ii) distributed "
        "(locally-private and communication-constrained) hypothesis testing, (iii) sequential "
        "hypothesis testing, and (iv) hypothesis testing with erasures.",
    ),
    "2004.03322": (
        r"We present a method for efficient estimation of the prevalence of infection in a "
        r"population with high accuracy using only a small number of tests. The presented "
        r"approach uses pool testing with a mix of pool sizes of various sizes. The test "
        r"results are then combined to generate an accurate estimation over a wide range of "
        r"infection probabilities. This method does not require an initial guess on the "
        r"infection probability. We show that, using the suggested method, even a set of only "
        r"$50$ tests with a total of only $1000$ samples can produce reasonable estimation "
        r"over a wide range of probabilities. A measurement set with only $100$ tests is shown "
        r"to achieve $25\%$ accuracy over infection probabilities from $0.001$ to $0.5$. The "
        r"presented method is applicable to COVID-19 testing.",
        "We present a method for efficient estimation of the prevalence of infection in a "
        "population with high accuracy using only a small number of tests. The presented "
        "approach uses pool testing with a mix of pool sizes of various sizes. The test "
        "results are then combined to generate an accurate estimation over a wide range of "
        "infection probabilities. This method does not require an initial guess on the "
        "infection probability. We show that, using the suggested method, even a set of only "
        "50 tests with a total of only 1000 samples can produce reasonable estimation "
        "over a wide range of probabilities. A measurement set with only 100 tests is shown "
        "to achieve 25% accuracy over infection probabilities from 0.001 to 0.5. The "
        "presented method is applicable to COVID-19 testing.",
    ),
    # Wave 4: a displayed formula with stacked limits inside the abstract (amsart)
    "own-sieve": (
        r"We prove an explicit form of the large sieve inequality for moduli restricted to a "
        r"sparse set $\mathcal{Q}$ of integers. For any complex numbers $a_n$ supported on an "
        r"interval of length $N$, we show that"
        "\n"
        r"\[ \sum_{q \in \mathcal{Q}} \sum_{a \bmod q} |S(a/q)|^2 \le (N + 3Q^{3/2}) "
        r"\sum_{n \le N} |a_n|^2, \]"
        "\n"
        r"where $Q$ is the largest element of $\mathcal{Q}$ and the constant 3 is admissible "
        r"for every $Q \ge 10^4$. The bound improves on the classical inequality when "
        r"$\mathcal{Q}$ has fewer than $Q^{1/2}$ elements. As applications we bound the number "
        r"of primes in sparse sets of residue classes and give an explicit version of a theorem "
        r"of Gallagher on primes in short intervals.",
        "We prove an explicit form of the large sieve inequality for moduli restricted to a "
        "sparse set Q of integers. For any complex numbers an supported on an "
        "interval of length N, we show that "
        "∑ q∈Q ∑ a mod q |S(a/q)|2 ≤ (N + 3Q3/2) ∑ n≤N |an|2, "
        "where Q is the largest element of Q and the constant 3 is admissible "
        "for every Q ≥ 10^4. The bound improves on the classical inequality when "
        "Q has fewer than Q^1/2 elements. As applications we bound the number "
        "of primes in sparse sets of residue classes and give an explicit version of a theorem "
        "of Gallagher on primes in short intervals.",
    ),
    # Wave 4: an ion's charge and a power of ten as superscripts
    "own-calcium": (
        r"Long-term exposure to saturated fatty acids impairs insulin secretion, but how it "
        r"alters calcium signalling in beta cells is unclear. We loaded mouse islets with a "
        r"calcium indicator and recorded the cytosolic calcium concentration, "
        r"[Ca$^{2+}$]$_i$, in single beta cells after 72 hours of culture with 0.5 mM "
        r"palmitate. Palmitate raised the basal [Ca$^{2+}$]$_i$ by 40\% and abolished the "
        r"oscillations normally evoked by 11 mM glucose. Store-operated calcium entry, "
        r"measured after depletion of the endoplasmic reticulum, was twice as large as in "
        r"control cells. Expression profiling of 10$^{6.6}$ sorted cells per sample showed "
        r"that palmitate increased the expression of the calcium channel Orai1 three-fold. "
        r"Blocking Orai1 restored glucose-induced oscillations and insulin secretion. "
        r"Store-operated calcium entry may therefore be a target for protecting beta cells "
        r"in type 2 diabetes.",
        "Long-term exposure to saturated fatty acids impairs insulin secretion, but how it "
        "alters calcium signalling in beta cells is unclear. We loaded mouse islets with a "
        "calcium indicator and recorded the cytosolic calcium concentration, "
        "[Ca2+]i, in single beta cells after 72 hours of culture with 0.5 mM "
        "palmitate. Palmitate raised the basal [Ca2+]i by 40% and abolished the "
        "oscillations normally evoked by 11 mM glucose. Store-operated calcium entry, "
        "measured after depletion of the endoplasmic reticulum, was twice as large as in "
        "control cells. Expression profiling of 10^6.6 sorted cells per sample showed "
        "that palmitate increased the expression of the calcium channel Orai1 three-fold. "
        "Blocking Orai1 restored glucose-induced oscillations and insulin secretion. "
        "Store-operated calcium entry may therefore be a target for protecting beta cells "
        "in type 2 diabetes.",
    ),
}


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}


def to_latex(text: str) -> str:
    """Plain metadata text -> LaTeX that prints it. `` '' and -- are LaTeX already."""
    text = text.replace("->", "\u2192")
    out = "".join(_TEX_SPECIAL.get(c, c) for c in text)
    out = out.replace("\u2192", r"$\rightarrow$")
    return re.sub(r'"([^"]*)"', r"``\1''", out)


def as_printed(text: str) -> str:
    """Plain metadata text -> what LaTeX prints for to_latex(text)."""
    text = text.replace("->", "\u2192").replace("``", "\u201c").replace("''", "\u201d")
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
    text = text.replace("'", "\u2019")
    return text.replace("---", "\u2014").replace("--", "\u2013")


# ---------------------------------------------------------------------------------------------
# People


@dataclass
class Person:
    first: str
    last: str
    dept: str
    org: str
    city: str
    country: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        ascii_name = unicodedata.normalize("NFKD", f"{self.first}.{self.last}")
        local = "".join(c for c in ascii_name if c.isascii() and (c.isalnum() or c == "."))
        domain = self.org.split()[0].lower() + ".edu"
        return f"{local.lower()}@{domain}"

    @property
    def address(self) -> str:
        return f"{self.dept}, {self.org}, {self.city}, {self.country}"


def people_for(index: int, count: int) -> list[Person]:
    chosen = []
    for k in range(count):
        first, last = PEOPLE[(index * 7 + k * 3) % len(PEOPLE)]
        dept, org, city, country = PLACES[(index + k // 2) % len(PLACES)]
        chosen.append(Person(first, last, dept, org, city, country))
    return chosen


def places_of(people: list[Person]) -> list[str]:
    seen: list[str] = []
    for p in people:
        if p.address not in seen:
            seen.append(p.address)
    return seen


# Author blocks, one writer per class family.


def authors_article(people: list[Person]) -> str:
    return r" \and ".join(rf"{p.name}\\ {p.dept}\\ {p.org}\\ \texttt{{{p.email}}}" for p in people)


def authors_ieee_conf(people: list[Person]) -> str:
    return "\n\\and\n".join(
        rf"\IEEEauthorblockN{{{p.name}}}\IEEEauthorblockA{{\textit{{{p.dept}}}\\"
        rf"\textit{{{p.org}}}\\{p.city}, {p.country}\\{p.email}}}"
        for p in people
    )


def authors_ieee_journal(people: list[Person]) -> str:
    names = [rf"{p.first}~{p.last}" for p in people]
    names[0] += r",~\IEEEmembership{Member,~IEEE}"
    listed = ", ".join(names[:-1]) + (r", and~" if len(names) > 1 else "") + names[-1]
    about = "; ".join(rf"{p.first[0]}. {p.last} is with the {p.address}" for p in people[:2])
    return (
        rf"{listed}% <-this % stops a space"
        "\n"
        rf"\thanks{{{about}. E-mail: {people[0].email}}}%"
        "\n"
        r"\thanks{Manuscript received April 19, 2023; revised January 11, 2024.}"
    )


def authors_acm(people: list[Person]) -> str:
    return "\n".join(
        rf"\author{{{p.name}}}\affiliation{{\department{{{p.dept}}}\institution{{{p.org}}}"
        rf"\city{{{p.city}}}\country{{{p.country}}}}}\email{{{p.email}}}"
        for p in people
    )


def authors_llncs(people: list[Person]) -> str:
    places = places_of(people)
    names = r" \and ".join(
        rf"{p.name}\inst{{{places.index(p.address) + 1}}}\orcidID{{0000-000{i}-1825-009{i}}}"
        for i, p in enumerate(people)
    )
    institutes = r" \and ".join(
        rf"{a}\\ \email{{{', '.join(p.email for p in people if p.address == a)}}}" for a in places
    )
    return rf"\author{{{names}}}" + "\n" + rf"\institute{{{institutes}}}"


def authors_revtex(people: list[Person]) -> str:
    out = []
    for i, p in enumerate(people):
        out.append(rf"\author{{{p.name}}}" + (rf"\email{{{p.email}}}" if i == 0 else ""))
        out.append(rf"\affiliation{{{p.address}}}")
    return "\n".join(out)


def authors_elsarticle(people: list[Person]) -> str:
    places = places_of(people)
    out = []
    for i, p in enumerate(people):
        mark = places.index(p.address) + 1
        cor = r"\corref{cor1}" if i == 0 else ""
        out.append(rf"\author[{mark}]{{{p.name}{cor}}}" + (rf"\ead{{{p.email}}}" if i == 0 else ""))
    out.append(r"\cortext[cor1]{Corresponding author}")
    out += [rf"\affiliation[{i + 1}]{{organization={{{a}}}}}" for i, a in enumerate(places)]
    return "\n".join(out)


def authors_cas(people: list[Person]) -> str:
    places = places_of(people)
    out = []
    for i, p in enumerate(people):
        out.append(rf"\author[{places.index(p.address) + 1}]{{{p.name}}}")
        if i == 0:
            out.append(r"\cormark[1]")
            out.append(rf"\ead{{{p.email}}}")
    for i, a in enumerate(places):
        dept, org, city, country = a.split(", ")
        out.append(
            rf"\affiliation[{i + 1}]{{organization={{{dept}, {org}}}, city={{{city}}}, "
            rf"country={{{country}}}}}"
        )
    out.append(r"\cortext[cor1]{Corresponding author}")
    return "\n".join(out)


def authors_amsart(people: list[Person]) -> str:
    return "\n".join(
        rf"\author{{{p.name}}}\address{{{p.address}}}\email{{{p.email}}}" for p in people
    )


def authors_names(people: list[Person]) -> str:
    return r" \and ".join(p.name for p in people)


def authors_aastex(people: list[Person]) -> str:
    return "\n".join(rf"\author{{{p.name}}}\affiliation{{{p.address}}}" for p in people)


def authors_mnras(people: list[Person]) -> str:
    places = places_of(people)
    names = []
    for i, p in enumerate(people):
        mark = f"$^{{{places.index(p.address) + 1}}}$"
        thanks = rf"\thanks{{E-mail: {p.email}}}" if i == 0 else ""
        names.append(f"{p.name}{mark}{thanks}")
    lines = r"\\".join(f"$^{{{i + 1}}}${a}" for i, a in enumerate(places))
    return rf"\author[{people[0].first[0]}. {people[0].last} et al.]{{{', '.join(names)}\\{lines}}}"


def authors_jmlr(people: list[Person]) -> str:
    return (
        r"\author{"
        + r"\AND ".join(
            rf"\Name{{{p.name}}} \Email{{{p.email}}}\\ \addr {p.address}" for p in people
        )
        + "}"
    )


def authors_koma(people: list[Person]) -> str:
    return r" \and ".join(rf"{p.name}\thanks{{{p.address}, \texttt{{{p.email}}}}}" for p in people)


def authors_authblk(people: list[Person]) -> str:
    places = places_of(people)
    out = [rf"\author[{places.index(p.address) + 1}]{{{p.name}}}" for p in people]
    out += [rf"\affil[{i + 1}]{{{a}}}" for i, a in enumerate(places)]
    return "\n".join(out)


def authors_marked(people: list[Person]) -> str:
    """Names with affiliation numbers for classes that list the places separately."""
    places = places_of(people)
    names = [f"{p.name}$^{{{places.index(p.address) + 1}}}$" for p in people]
    return (", ".join(names[:-1]) + r" \& " + names[-1]) if len(names) > 1 else names[0]


def affiliation_items(people: list[Person]) -> str:
    return "\n".join(rf"\item {a}" for a in places_of(people))


def authors_spie(people: list[Person]) -> str:
    places = places_of(people)
    letters = "abcdefgh"
    names = [rf"{p.name}\supit{{{letters[places.index(p.address)]}}}" for p in people]
    addresses = r"\\".join(rf"\supit{{{letters[i]}}}{a}" for i, a in enumerate(places))
    return rf"\author{{{', '.join(names)} \skiplinehalf {addresses}}}"


def authors_ptptex(people: list[Person]) -> str:
    places = places_of(people)
    names = [f"{p.name}$^{{{places.index(p.address) + 1}}}$" for p in people]
    insts = r"\\".join(f"$^{{{i + 1}}}${a}" for i, a in enumerate(places))
    return rf"\author{{{' and '.join(names)}}}" + "\n" + rf"\inst{{{insts}}}"


def authors_kluwer(people: list[Person]) -> str:
    return "\n".join(rf"\author{{{p.name}}}\institute{{{p.address}}}" for p in people)


def authors_comma(people: list[Person]) -> str:
    names = [p.name for p in people]
    return (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else names[0]


def affiliation_lines(people: list[Person]) -> str:
    """The places of authors_marked, numbered, one a line."""
    return r"\\".join(f"$^{{{i + 1}}}${a}" for i, a in enumerate(places_of(people)))


def authors_dagger_blocks(people: list[Person]) -> str:
    """Blocks side by side (name, department, institution), the first name with a dagger
    raised clear of it, and what the dagger means under the blocks."""
    blocks = []
    for i, p in enumerate(people):
        dagger = r"\rlap{\raisebox{1.6ex}{\scriptsize$\dagger$}}" if i == 0 else ""
        blocks.append(
            rf"\begin{{tabular}}[t]{{c}}{{\large {p.name}{dagger}}}\\ \small {p.dept}\\ "
            rf"\small {p.org}\end{{tabular}}"
        )
    note = rf"{{\small $^\dagger$Corresponding author: {people[0].email}}}"
    return r"\hfill".join(blocks) + "\n\n\\medskip" + note


@dataclass(frozen=True)
class Layout:
    authors: Callable[[list[Person]], str]
    keyword_sep: str = ", "
    author_year: bool = False  # natbib in author-year mode: references need labels


LAYOUTS: dict[str, Layout] = {
    "article-1col": Layout(authors_article),
    "article-2col": Layout(authors_article),
    "article-2col-11pt": Layout(authors_article),
    "article-2col-wide": Layout(authors_article),
    "neurips-like": Layout(authors_article),
    "acl-like": Layout(authors_article),
    "ieee-conf": Layout(authors_ieee_conf),
    "ieee-journal": Layout(authors_ieee_journal),
    "ieee-compsoc": Layout(authors_ieee_journal),
    "acm-sigconf": Layout(authors_acm),
    "acm-acmsmall": Layout(authors_acm),
    "llncs": Layout(authors_llncs, r" \and "),
    "revtex-prl": Layout(authors_revtex),
    "revtex-pacs": Layout(authors_revtex),
    "elsarticle-preprint": Layout(authors_elsarticle, r" \sep "),
    "elsarticle-5p": Layout(authors_elsarticle, r" \sep "),
    "cas-dc": Layout(authors_cas, r" \sep "),
    "amsart": Layout(authors_amsart),
    "thesis": Layout(authors_names),
    "no-heading": Layout(authors_article),
    "aastex": Layout(authors_aastex, author_year=True),
    "mnras": Layout(authors_mnras, author_year=True),
    "jmlr": Layout(authors_jmlr, author_year=True),
    "koma": Layout(authors_koma),
    "authblk-section": Layout(authors_authblk),
    "nature": Layout(authors_marked),
    "koma-2col": Layout(authors_koma),
    "spie": Layout(authors_spie),
    "ptptex": Layout(authors_ptptex),
    "ieeeconf-old": Layout(authors_names),
    "smfart": Layout(authors_amsart),
    "kluwer": Layout(authors_kluwer),
    "achemso": Layout(authors_revtex),
    "aomart": Layout(authors_amsart),
    "acm-manuscript": Layout(authors_acm),
    "revtex-preprint": Layout(authors_revtex),
    "elsarticle-1p": Layout(authors_elsarticle, r" \sep "),
    "thesis-front": Layout(authors_names),
    "acm-sigplan": Layout(authors_acm),
    "acm-tog": Layout(authors_acm),
    "elsarticle-3p-2col": Layout(authors_elsarticle, r" \sep "),
    "revtex-prb": Layout(authors_revtex),
    "amsproc": Layout(authors_amsart),
    "submission-lineno": Layout(authors_article),
    "elsarticle-review": Layout(authors_elsarticle, r" \sep "),
    "inria-report": Layout(authors_comma),
    "journal-bilingual": Layout(authors_marked),
    "thesis-native": Layout(authors_names),
    "medical-3col": Layout(authors_marked),
    "physiology-letter": Layout(authors_dagger_blocks),
    "article-2col-footnotes": Layout(authors_koma),
}


# ---------------------------------------------------------------------------------------------
# The papers


@dataclass
class Spec:
    name: str  # file stem
    layout: str
    source: str  # an arXiv id of the fixtures or a key of OWN_ABSTRACTS
    note: str
    stamp: str | None = None  # the arXiv margin stamp, as arXiv prints it
    authors: int = 3
    keywords: list[str] = field(default_factory=lambda: ["evaluation", "benchmarks"])
    first_section: str = "Introduction"
    extra: dict[str, str] = field(default_factory=dict)  # further placeholders
    printed_id: str | None = None  # an arXiv id printed on page 1 other than by the stamp
    # 1: the papers extraction was first measured and fixed on; 2, 3 and 4: layouts added
    # after the changes made for the wave before, measured before any change made for them
    wave: int = 1
    # Words that open a new paragraph of the abstract (structured abstracts)
    paragraphs: list[str] = field(default_factory=list)
    # Words that open a new paragraph of the abstract set as a run-in bold label
    labels: list[str] = field(default_factory=list)


SPECS = [
    # Layouts given a second paper reuse an abstract from above: the layout is what differs.
    Spec(
        "preprint-article-stamped",
        "article-1col",
        "2005.14124",
        "article class, one column, OT1 Computer Modern; arXiv stamp",
        stamp="arXiv:2005.14124v2  [cs.SE]  3 Jun 2020",
        keywords=["fuzzing", "cyber-physical systems"],
    ),
    Spec(
        "article-twocolumn",
        "article-2col",
        "2204.08348",
        "article class, two columns, Times; abstract in the left column",
        authors=4,
        keywords=["REST APIs", "test generation"],
    ),
    Spec(
        "article-twocolumn-long-abstract",
        "article-2col",
        "2302.03287",
        "article class, two columns, six authors: the abstract runs from the foot of the "
        "left column into the right one",
        authors=6,
        first_section="Background",
        extra={"LONG_AUTHORS": "1"},
    ),
    Spec(
        "article-wide-abstract",
        "article-2col-wide",
        "own-speech",
        "two columns under a title block with the abstract across the page",
        keywords=["speech", "dialect identification"],
    ),
    Spec(
        "neurips-style-stamped",
        "neurips-like",
        "2604.21816",
        "ML-conference look, narrow column, title between rules; arXiv stamp",
        stamp="arXiv:2604.21816v1  [cs.AI]  23 Apr 2026",
        authors=2,
    ),
    Spec(
        "acl-style-stamped",
        "acl-like",
        "2202.12139",
        "CL-conference look, two columns, authors side by side; arXiv stamp",
        stamp="arXiv:2202.12139v1  [cs.SE]  24 Feb 2022",
        authors=3,
    ),
    Spec(
        "ieee-conference",
        "ieee-conf",
        "1205.1866",
        "IEEEtran conference: Abstract— run-in, Index Terms—",
        authors=2,
        keywords=["SoC testing", "IP-core", "microcontroller"],
    ),
    Spec(
        "ieee-conference-three-blocks-stamped",
        "ieee-conf",
        "2502.07719",
        "IEEEtran conference, three author blocks side by side; arXiv stamp",
        stamp="arXiv:2502.07719v2  [cs.SE]  14 Feb 2025",
        keywords=["ADAS testing", "interoperability", "road topologies"],
    ),
    Spec(
        "ieee-transactions",
        "ieee-journal",
        "2403.16981",
        "IEEEtran journal: membership, manuscript footnote, drop cap, maths in the abstract",
        keywords=["hypothesis testing", "sample complexity", "f-divergences"],
    ),
    Spec(
        "ieee-compsoc-journal",
        "ieee-compsoc",
        "1812.11470",
        "IEEEtran compsoc journal: sans-serif abstract across the page",
        authors=2,
        keywords=["GUI testing", "mobile applications", "systematic review"],
    ),
    Spec(
        "acm-sigconf-teaser",
        "acm-sigconf",
        "2405.13786",
        "acmart sigconf with a teaser figure across the page; CCS concepts, keywords, "
        "reference format, copyright block",
        authors=4,
        keywords=["test case prioritisation", "explainability", "learning to rank"],
        extra={"TEASER": "1"},
    ),
    Spec(
        "acm-sigconf-stamped",
        "acm-sigconf",
        "1912.09881",
        "acmart sigconf; arXiv stamp",
        stamp="arXiv:1912.09881v1  [cs.SE]  20 Dec 2019",
        authors=4,
        keywords=["software testing", "test automation", "datamorphic testing"],
    ),
    Spec(
        "acm-journal-no-heading",
        "acm-acmsmall",
        "own-hci",
        "acmart acmsmall: the abstract has no heading; CCS concepts and key words after it",
        authors=2,
        keywords=["stack traces", "eye tracking", "debugging"],
    ),
    Spec(
        "springer-lncs",
        "llncs",
        "1912.04900",
        "llncs: Abstract. run-in, Keywords:, ORCID marks, institutes with e-mails",
        authors=4,
        keywords=["software testing", "machine learning", "face recognition"],
    ),
    Spec(
        "springer-lncs-stamped",
        "llncs",
        "own-compilers",
        "llncs; arXiv stamp",
        stamp="arXiv:2311.04127v3  [cs.PL]  9 Feb 2024",
        authors=2,
        keywords=["type checking", "incremental computation"],
        first_section="Motivation",
    ),
    Spec(
        "aps-letter-stamped",
        "revtex-prl",
        "1312.2021",
        "revtex4-2 PRL: no abstract heading, abstract across the page, no first heading; "
        "arXiv stamp (four-digit id)",
        stamp="arXiv:1312.2021v1  [hep-th]  7 Dec 2013",
        first_section="",
    ),
    Spec(
        "aps-article-pacs",
        "revtex-pacs",
        "1605.08386",
        "revtex4-1 PRA: no abstract heading, PACS numbers after it",
        authors=2,
    ),
    Spec(
        "elsevier-preprint-highlights",
        "elsarticle-preprint",
        "own-bees",
        "elsarticle preprint: a page of highlights before the paper, Keywords",
        keywords=["pollinators", "urban ecology", "harmonic radar"],
        extra={"HIGHLIGHTS": "1"},
    ),
    Spec(
        "elsevier-preprint",
        "elsarticle-preprint",
        "2004.03322",
        "elsarticle preprint: Abstract between rules, Keywords, 'Preprint submitted to'",
        authors=1,
        keywords=["pool testing", "prevalence estimation", "COVID-19"],
    ),
    Spec(
        "elsevier-5p",
        "elsarticle-5p",
        "own-materials",
        "elsarticle 5p: two columns under the frontmatter",
        keywords=["nanocrystalline alloys", "grain boundary segregation", "fatigue"],
    ),
    Spec(
        "elsevier-cas-dc",
        "cas-dc",
        "2503.05378",
        "cas-dc: ARTICLE INFO box beside the ABSTRACT",
        authors=4,
        keywords=["web testing", "survey", "artificial intelligence"],
    ),
    Spec(
        "ams-article-stamped",
        "amsart",
        "own-graphs",
        "amsart: title in capitals, small-caps Abstract., subject classes in footnotes; "
        "arXiv stamp (old-style id)",
        stamp="arXiv:math/0611259v2  [math.CO]  14 Mar 2007",
        authors=2,
        keywords=["random graphs", "short cycles", "switching method"],
        first_section="",
    ),
    Spec(
        "ams-article",
        "amsart",
        "1707.08567",
        "amsart without a stamp",
        authors=4,
        keywords=["information theory", "workshop"],
    ),
    Spec(
        "thesis-title-page",
        "thesis",
        "2406.19956",
        "report class: a title page, the abstract on page 2",
        authors=1,
    ),
    Spec(
        "thesis-declaration",
        "thesis",
        "own-tides",
        "report class: a title page and a declaration page, the abstract on page 3",
        authors=1,
        extra={"DECLARATION": "1"},
    ),
    Spec(
        "no-abstract-heading",
        "no-heading",
        "1202.4527",
        "article class: the abstract is an italic paragraph without a heading",
        authors=2,
    ),
    Spec(
        "aas-journal-stamped",
        "aastex",
        "astro-ph/0601001",
        "aastex631 two columns: ABSTRACT across the page, Keywords; arXiv stamp (old-style id)",
        stamp="arXiv:astro-ph/0601001v1  1 Jan 2006",
        authors=4,
        keywords=["Exoplanets", "Transit photometry", "Galactic bulge"],
    ),
    Spec(
        "mnras-journal",
        "mnras",
        "quant-ph/0201082",
        "mnras: framed ABSTRACT block, Key words",
        authors=1,
        keywords=["methods: numerical", "quantum computing"],
    ),
    Spec(
        "jmlr-paper",
        "jmlr",
        "own-econ",
        "jmlr class: names with addresses, editor line, Abstract, Keywords",
        authors=2,
        keywords=["minimum wage", "retirement", "labour supply"],
    ),
    Spec(
        "koma-article",
        "koma",
        "own-robotics",
        "scrartcl (KOMA-Script): sans-serif title, footnote affiliations, microtype; "
        "hyperref with an Info title that is not the paper's",
        authors=1,
        keywords=["robotic assembly", "learning from demonstration"],
        extra={"PDFTITLE": "draft-v3-final"},
    ),
    Spec(
        "authblk-abstract-section",
        "authblk-section",
        "own-epidemiology",
        "article with authblk: 'Abstract' as an unnumbered section heading, Keywords:; "
        "an arXiv identifier printed in the affiliations",
        authors=3,
        keywords=["influenza", "household transmission", "cohort study"],
        printed_id="2402.01873",
    ),
    Spec(
        "article-twocolumn-11pt",
        "article-2col-11pt",
        "1707.08567",
        "article class, 11 pt in two columns (the 10 pt column gap is under one em), "
        "microtype, hyperref with the Info title set, a footnote mark on the title",
        authors=4,
        extra={"PDFTITLE": "1"},
    ),
    Spec(
        "acm-sigconf-review",
        "acm-sigconf",
        "2204.08348",
        "acmart sigconf in review mode: line numbers down both margins",
        authors=4,
        keywords=["REST APIs", "test generation"],
        extra={"CLASSOPT": ",review"},
    ),
    Spec(
        "elsevier-structured-abstract",
        "elsarticle-preprint",
        "1812.11470",
        "elsarticle preprint with a structured abstract in five paragraphs",
        authors=2,
        keywords=["GUI testing", "mobile applications", "systematic review"],
        paragraphs=["Objective.", "Method.", "Results.", "Conclusion."],
    ),
    # Wave 2: layouts added after the fixes made for wave 1, to see how those generalise.
    Spec(
        "nature-letter",
        "nature",
        "own-bees",
        "nature class: the summary paragraph in bold with no heading, numbered affiliations",
        wave=2,
    ),
    Spec(
        "koma-twocolumn-stamped",
        "koma-2col",
        "2403.16981",
        "scrartcl in two columns at 12 pt (a column gap under one em); arXiv stamp",
        stamp="arXiv:2403.16981v2  [math.ST]  9 Jul 2024",
        wave=2,
    ),
    Spec(
        "spie-proceedings",
        "spie",
        "2004.03322",
        "spie class: ABSTRACT as a section heading, Keywords",
        authors=2,
        keywords=["pool testing", "prevalence", "estimation"],
        wave=2,
    ),
    Spec(
        "ptp-journal",
        "ptptex",
        "1312.2021",
        "ptptex: the abstract in small type, indented, without a heading",
        authors=2,
        wave=2,
    ),
    Spec(
        "ieeeconf-old-class",
        "ieeeconf-old",
        "2502.07719",
        "IEEEconf (the older IEEE conference class): Abstract run in, in bold",
        authors=3,
        wave=2,
    ),
    Spec(
        "smf-article",
        "smfart",
        "1605.08386",
        "smfart: small-caps run-in Abstract, footnoted classes",
        authors=2,
        keywords=["Markov bases", "random walks", "mixing"],
        wave=2,
    ),
    Spec(
        "kluwer-journal",
        "kluwer",
        "2406.19956",
        "kluwer class: run-in Abstract., Keywords:, copyright and file stamp at the foot",
        authors=2,
        keywords=["score test", "history of statistics"],
        wave=2,
    ),
    Spec(
        "acs-journal",
        "achemso",
        "own-materials",
        "achemso (ACS): Abstract heading under authors with affiliations and e-mail",
        authors=3,
        wave=2,
    ),
    Spec(
        "annals-article",
        "aomart",
        "own-graphs",
        "aomart (Annals of Mathematics): abstract in small type under the title",
        authors=2,
        keywords=["random graphs", "cycles"],
        first_section="",
        wave=2,
    ),
    Spec(
        "acm-manuscript-review-stamped",
        "acm-manuscript",
        "2302.03287",
        "acmart manuscript,review: one column with line numbers; arXiv stamp",
        stamp="arXiv:2302.03287v3  [cs.SE]  20 Feb 2023",
        authors=4,
        keywords=["ChatGPT", "software testing education"],
        wave=2,
    ),
    Spec(
        "aip-preprint",
        "revtex-preprint",
        "own-tides",
        "revtex4-2 aip jap preprint: one column, double spaced, no abstract heading",
        authors=2,
        wave=2,
    ),
    Spec(
        "elsevier-1p",
        "elsarticle-1p",
        "1202.4527",
        "elsarticle 1p: one-column journal layout",
        authors=2,
        keywords=["GUI testing", "test case generation"],
        wave=2,
    ),
    Spec(
        "dissertation-long-front-matter",
        "thesis-front",
        "own-speech",
        "report class dissertation: title page, copyright, dedication, acknowledgements, then "
        "ABSTRACT on page 5",
        authors=1,
        wave=2,
    ),
    # Wave 3: added after the changes made for wave 2 and measured once, as they came.
    Spec(
        "acm-sigplan",
        "acm-sigplan",
        "own-compilers",
        "acmart sigplan: two columns, Abstract heading, CCS concepts, keywords",
        authors=3,
        keywords=["type checking", "incremental computation", "monorepos"],
        wave=3,
    ),
    Spec(
        "acm-tog-stamped",
        "acm-tog",
        "own-robotics",
        "acmart acmtog: abstract across the page over two columns; arXiv stamp",
        stamp="arXiv:2407.01234v1  [cs.RO]  1 Jul 2024",
        authors=5,
        keywords=["assembly", "compliance", "demonstrations"],
        wave=3,
    ),
    Spec(
        "elsevier-3p-twocolumn-stamped",
        "elsarticle-3p-2col",
        "astro-ph/0601001",
        "elsarticle 3p twocolumn; arXiv stamp (old-style id)",
        stamp="arXiv:astro-ph/0601001v1  1 Jan 2006",
        authors=4,
        keywords=["planets", "transits", "surveys"],
        wave=3,
    ),
    Spec(
        "aps-prb-many-authors",
        "revtex-prb",
        "2005.14124",
        "revtex4-2 PRB reprint with twelve authors and grouped affiliations",
        authors=12,
        wave=3,
    ),
    Spec(
        "ams-proceedings",
        "amsproc",
        "2403.16981",
        "amsproc: small-caps run-in Abstract., footnoted classes",
        authors=3,
        keywords=["hypothesis testing", "f-divergences"],
        first_section="",
        wave=3,
    ),
    Spec(
        "submission-double-spaced-numbered",
        "submission-lineno",
        "own-epidemiology",
        "article at 12 pt, double-spaced with every line numbered (setspace, lineno)",
        authors=3,
        keywords=["influenza", "transmission"],
        wave=3,
    ),
    Spec(
        "elsevier-review",
        "elsarticle-review",
        "2204.08348",
        "elsarticle review mode: 12 pt, double-spaced, one column",
        authors=4,
        keywords=["REST APIs", "test generation"],
        wave=3,
    ),
    Spec(
        "ieee-conference-long-abstract",
        "ieee-conf",
        "2302.03287",
        "IEEEtran conference with a long abstract and index terms",
        authors=3,
        keywords=["ChatGPT", "software testing education"],
        wave=3,
    ),
    # Wave 4: look-alikes of the layouts that failed on papers nobody here had seen, added
    # after the changes made for wave 3 and measured once before any change made for them.
    Spec(
        "ams-article-displayed-formula",
        "amsart",
        "own-sieve",
        "amsart: a centred displayed formula with stacked limits in the middle of the abstract",
        authors=2,
        keywords=["large sieve", "primes in progressions"],
        first_section="",
        wave=4,
    ),
    Spec(
        "inria-report-bilingual",
        "inria-report",
        "own-fluids",
        "research report in INRIA's style: a cover page; 'Abstract:' and 'Key-words:' run in, "
        "then 'Résumé :' in French and 'Mots-clés :' in the same type",
        keywords=["finite volumes", "shallow water", "wetting and drying"],
        wave=4,
    ),
    Spec(
        "journal-bilingual-abstracts",
        "journal-bilingual",
        "own-soils",
        "journal: 'Abstract.' in English, then 'Resumo.' in Portuguese a small skip below, "
        "then 'Keywords.' and 'Palavras-chave.'; body in two columns",
        keywords=["no-till", "soil organic carbon", "tropical soils"],
        wave=4,
    ),
    Spec(
        "thesis-resumo-portuguese",
        "thesis-native",
        "own-optics",
        "master's thesis (Brazil) in OT1 Computer Modern (a cedilla is a glyph of its own): "
        "the university's name in the largest type, a Portuguese title; 'Resumo' on page 2, "
        "'Abstract' on page 3",
        authors=1,
        keywords=["X-ray diffraction", "thin films", "zinc oxide"],
        extra={
            "FONTENC": "",
            "BABEL": "brazil",
            "UNIVERSITY": "UNIVERSIDADE FEDERAL DO PLANALTO",
            "FACULTY": "Instituto de Física",
            "DEGREE": "Dissertação apresentada ao Programa de Pós-Graduação em Física como "
            "requisito parcial para a obtenção do título de Mestre em Física.",
            "CITY": "Planaltina",
            "NATIVE_HEADING": "Resumo",
            "NATIVE_KEYWORDS": "Palavras-chave: difração de raios X, filmes finos, óxido de zinco",
        },
        wave=4,
    ),
    Spec(
        "thesis-zusammenfassung",
        "thesis-native",
        "own-hydrology",
        "doctoral thesis (Germany), T1 Latin Modern: the university's name in the largest "
        "type; 'Zusammenfassung' on page 2, 'Abstract' on page 3",
        authors=1,
        keywords=["groundwater recharge", "snowmelt", "climate change"],
        extra={
            "FONTENC": r"\usepackage[T1]{fontenc}\usepackage{lmodern}",
            "BABEL": "ngerman",
            "UNIVERSITY": "Technische Universität Nordstadt",
            "FACULTY": "Fakultät für Bau- und Umweltingenieurwesen",
            "DEGREE": "Dissertation zur Erlangung des akademischen Grades eines Doktors der "
            "Naturwissenschaften (Dr. rer. nat.)",
            "CITY": "Nordstadt",
            "NATIVE_HEADING": "Zusammenfassung",
            "NATIVE_KEYWORDS": "Schlagwörter: Grundwasserneubildung, Schneeschmelze, Klimawandel",
        },
        wave=4,
    ),
    Spec(
        "thesis-resume-french",
        "thesis-native",
        "own-linguistics",
        "doctoral thesis (France), T1 Latin Modern: the university's name in the largest "
        "type, a French title; 'Résumé' on page 2, 'Abstract' on page 3",
        authors=1,
        keywords=["prosody", "regional variation", "French"],
        extra={
            "FONTENC": r"\usepackage[T1]{fontenc}\usepackage{lmodern}",
            "BABEL": "french",
            "UNIVERSITY": "UNIVERSITÉ DE SUDVILLE",
            "FACULTY": "École doctorale Lettres, Langues et Cultures",
            "DEGREE": "Thèse présentée pour obtenir le grade de Docteur de l'Université de "
            "Sudville, spécialité Sciences du langage",
            "CITY": "Sudville",
            "NATIVE_HEADING": "Résumé",
            "NATIVE_KEYWORDS": "Mots-clés : prosodie, variation régionale, français",
        },
        wave=4,
    ),
    Spec(
        "medical-structured-three-column",
        "medical-3col",
        "own-sleep",
        "medical journal in three columns: a margin column of affiliations beside a "
        "structured abstract with run-in bold labels and no heading; body in two columns",
        authors=4,
        labels=["Background", "Methods", "Results", "Conclusions"],
        wave=4,
    ),
    Spec(
        "physiology-superscripts-copyright",
        "physiology-letter",
        "own-calcium",
        "OT1 Computer Modern: author blocks side by side with a raised dagger, superscripts "
        "in the abstract ([Ca2+]i, 10^6.6), a copyright line whose circle-c is two glyphs",
        wave=4,
    ),
    Spec(
        "article-twocolumn-footnotes-rule",
        "article-2col-footnotes",
        "2302.03287",
        "article class in two columns at 11 pt with Times: a long abstract in small type "
        "fills the left column above the authors' footnotes and goes on in the right one",
        wave=4,
    ),
]


# ---------------------------------------------------------------------------------------------
# Rendering


def body_latex(spec: Spec, index: int) -> str:
    """Sections of invented prose with a footnote, an equation, a list and references."""
    parts: list[str] = []
    titles = list(SECTION_TITLES)
    if spec.first_section:
        titles[0] = spec.first_section
    start = index % 3
    for k, title in enumerate(titles):
        if k or spec.first_section:
            parts.append(rf"\section{{{title}}}")
        for j in range(2):
            p = PARAGRAPHS[(start + 2 * k + j) % len(PARAGRAPHS)]
            if k == 0 and j == 0:
                p = p.replace(
                    "directions,", r"directions,\footnote{See the survey cited below.}", 1
                )
            parts.append(p)
            if p.endswith("of the form"):
                parts.append(
                    r"\begin{equation}\hat\theta = \arg\min_\theta \sum_{i=1}^n "
                    r"\ell(x_i;\theta) + \lambda \|\theta\|_1,\end{equation}"
                )
        if k == 1:
            parts.append(
                r"\begin{itemize}\item a rule-based baseline;\item a statistical model "
                r"trained on labelled examples;\item the method of this paper.\end{itemize}"
            )
    labels = ["[Author(2001)]", "[Researcher(2010)]", "[Scholar et~al.(2018)]"]
    if not LAYOUTS[spec.layout].author_year:
        labels = [""] * len(REFERENCES)
    items = "\n".join(
        rf"\bibitem{label}{{r{i}}} {r}"
        for i, (label, r) in enumerate(zip(labels, REFERENCES, strict=True))
    )
    parts.append(rf"\begin{{thebibliography}}{{9}}{items}\end{{thebibliography}}")
    return "\n\n".join(parts)


def stamp_latex(stamp: str) -> str:
    """arXiv's margin stamp: 20 pt Times, grey, turned 90 degrees, on the first page only."""
    return (
        r"\usepackage{graphicx}\usepackage{xcolor}"
        "\n"
        r"\AddToHookNext{shipout/background}{\put(0.45in,-0.5\paperheight){"
        r"\rotatebox{90}{\makebox[0pt][c]{\fontsize{20}{24}\usefont{T1}{ptm}{m}{n}"
        rf"\textcolor[gray]{{0.5}}{{{stamp}}}}}}}}}}}"
    )


TEASER = r"""\begin{teaserfigure}
\centering\fbox{\rule{0pt}{1.1in}\rule{0.9\textwidth}{0pt}}
\caption{Overview of the approach: test cases are ranked by a learned model, and each
ranking is explained by the features that contributed most to it.}
\end{teaserfigure}"""

HIGHLIGHTS = r"""\begin{highlights}
\item Workers from garden colonies foraged closest to home.
\item Flight distance rose with the share of sealed surface.
\item Flowering street trees shortened foraging flights.
\end{highlights}"""

DECLARATION = r"""\chapter*{Declaration}
I declare that this thesis was composed by myself, that the work contained herein is my own
except where explicitly stated otherwise in the text, and that this work has not been
submitted for any other degree or professional qualification.
\clearpage"""


def render(spec: Spec, index: int, records: dict[str, tuple[str, str]]) -> tuple[str, dict]:
    if spec.source in OWN_ABSTRACTS:
        title, abstract = OWN_ABSTRACTS[spec.source]
        origin = "title and abstract written for this set"
    else:
        title, abstract = records[spec.source]
        origin = f"title and abstract: arXiv metadata of {spec.source} (CC0)"
    if spec.source in MATH_ABSTRACTS:
        abstract_tex, abstract_truth = MATH_ABSTRACTS[spec.source]
    else:
        abstract_tex, abstract_truth = to_latex(abstract), as_printed(abstract)
    for opening in spec.paragraphs:
        abstract_tex = abstract_tex.replace(f" {opening}", f"\n\n{opening}", 1)
    for label in spec.labels:
        abstract_tex = abstract_tex.replace(f"{label} ", rf"\par\textbf{{{label}}} ", 1)
    people = people_for(index, spec.authors)
    layout = LAYOUTS[spec.layout]
    preamble = stamp_latex(spec.stamp) if spec.stamp else ""
    authors = layout.authors(people)
    if spec.printed_id:
        authors = authors.replace(
            r"\affil[1]{", rf"\affil[1]{{Preprint arXiv:{spec.printed_id}. ", 1
        )
    # (placeholders of one layout come in `extra`; the shared ones below take precedence)
    values = spec.extra | {
        "PREAMBLE": preamble,
        "TITLE": to_latex(title),
        "SHORTTITLE": to_latex(" ".join(title.split()[:4])),
        "SHORTAUTHORS": f"{people[0].last} et al.",
        "AUTHORS": authors,
        "ABSTRACT": abstract_tex,
        "KEYWORDS": layout.keyword_sep.join(to_latex(k) for k in spec.keywords),
        "BODY": body_latex(spec, index),
        "DATE": DATE,
        "TEASER": TEASER if spec.extra.get("TEASER") else "",
        "HIGHLIGHTS": HIGHLIGHTS if spec.extra.get("HIGHLIGHTS") else "",
        "DECLARATION": DECLARATION if spec.extra.get("DECLARATION") else "",
        "CLASSOPT": spec.extra.get("CLASSOPT", ""),
        "AFFILS": affiliation_items(people),
        "ACKNOWLEDGEMENTS": ACKNOWLEDGEMENTS,
        "PDFTITLE": spec.extra.get("PDFTITLE", ""),
        "OTHER_ABSTRACT": to_latex(OTHER_LANGUAGE_ABSTRACTS.get(spec.source, "")),
        "AFFILLINES": affiliation_lines(people),
        "EMAIL": people[0].email,
    }
    template = (HERE / "templates" / f"{spec.layout}.tex").read_text(encoding="utf-8")
    source = re.sub(r"<<([A-Z_]+)>>", lambda m: values[m.group(1)], template)
    stamp_id = re.match(r"arXiv:(\S+?)(?:v\d+)?\s", spec.stamp) if spec.stamp else None
    truth = {
        "file": f"{spec.name}.pdf",
        "title": as_printed(title),
        "authors": [as_printed(p.name) for p in people],
        "abstract": abstract_truth,
        "arxiv_id_or_null": stamp_id.group(1) if stamp_id else spec.printed_id,
        "language": "en",
        "layout_note": spec.note,
        "wave": spec.wave,
        "source": f"{origin}; people, places and body invented; typeset by "
        f"bench/latex_set/templates/{spec.layout}.tex",
    }
    return source, truth


def typeset(source: str, name: str, out: Path) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory() as tmp:
        tex = Path(tmp) / f"{name}.tex"
        tex.write_text(source, encoding="utf-8")
        for _ in range(2):  # twice: page references and acmart's page count
            run = subprocess.run(
                ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                errors="replace",
            )
            if run.returncode != 0:
                log = (Path(tmp) / f"{name}.log").read_text(errors="replace")
                errors = [ln for ln in log.splitlines() if ln.startswith("!")]
                raise SystemExit(f"{name}: pdflatex failed: {' | '.join(errors[:3])}")
        shutil.copy(Path(tmp) / f"{name}.pdf", out / f"{name}.pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description="Typeset the LaTeX evaluation set.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "latex-set")
    parser.add_argument("--only", nargs="*", help="build only these papers (file stems)")
    args = parser.parse_args()
    if shutil.which("pdflatex") is None:
        raise SystemExit("pdflatex not found: install TeX Live (see BENCHMARKS.md)")
    records = arxiv_records()
    (args.out / "src").mkdir(parents=True, exist_ok=True)
    truth = []
    for index, spec in enumerate(SPECS):
        source, entry = render(spec, index, records)
        truth.append(entry)
        if args.only and spec.name not in args.only:
            continue
        (args.out / "src" / f"{spec.name}.tex").write_text(source, encoding="utf-8")
        typeset(source, spec.name, args.out)
        print(f"{spec.name}.pdf", flush=True)
    (args.out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
