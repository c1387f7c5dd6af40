"""`rl import`: real exports of Zotero, Better BibTeX, doi.org, bibutils and rl itself, as a
user imports them."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from kb_state import state
from profile_kb import give_profile_categories

from readinglist.formats import bibtex

# The user's categories (survey, dialogue, llm, rl, other), as the shipped knowledge base has
# them: a new one has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def fixture(isolated: Path, *names: str, as_name: str | None = None) -> Path:
    """The fixture files `names`, one after the other, as one file in the test's folder."""
    target = isolated / (as_name or names[0])
    target.write_bytes(b"\n".join((EXPORTS / name).read_bytes() for name in names))
    return target


def bib_file(isolated, text, name="refs.bib"):
    path = isolated / name
    path.write_text(text)
    return path


def imported(rl, *args):
    r = rl("import", *args)
    assert r.exit_code == 0, r.stderr
    return r


def listed(rl):
    return {p["title"]: p for p in rl("list", "--json").json()}


def keys(rl):
    lines = [json.loads(line) for line in rl("export", "-f", "jsonl").stdout.splitlines()]
    return {p["title"]: p["citation_key"] for p in lines if p["type"] == "paper"}


def test_better_bibtex_arxiv_papers(rl, isolated):
    r = imported(rl, str(fixture(isolated, "betterbibtex-arxiv-460.bib")), "--cat", "other")
    assert "Imported 3 paper(s)" in r.stderr
    papers = listed(rl)
    speedup = papers["Defining and Detecting Quantum Speedup"]
    assert speedup["arxiv_id"] == "1401.2910"
    assert speedup["arxiv_categories"] == ["quant-ph"]
    assert speedup["doi"] == "10.1126/science.1252319"
    assert speedup["venue"].startswith("Science")
    assert speedup["year"] == 2014
    assert speedup["authors"][0] == "Troels F. Rønnow"  # R{\o}nnow, Troels F.
    assert speedup["status"] == "to-read" and speedup["resolution"] == "manual"
    assert speedup["metadata_source"] == "bibtex"
    assert speedup["abstract"].startswith("The development of small-scale digital")
    # {{BV Master Action}} for {{Heterotic}}...: the braces only protected the case.
    sen = papers["BV Master Action for Heterotic and Type II String Field Theories"]
    assert sen["arxiv_id"] == "1508.05387" and sen["doi"] == "10.1007/JHEP02(2016)087"
    # journal = {arXiv:1305.4904 [quant-ph]} names no venue.
    assert papers["Classical Signature of Quantum Annealing"]["venue"] is None
    assert keys(rl)["Defining and Detecting Quantum Speedup"] == "Ronnow.2014.Defining"
    # The keys stay what the user's documents cite.
    # Journal and pages go out as they came in.
    written = {e.key: e for e in bibtexparser.parse_string(rl("export").stdout).entries}
    again = written["Ronnow.2014.Defining"]
    assert again.entry_type == "article"
    assert (again["journal"], again["pages"]) == ("Science", "420--424")


def test_the_same_papers_as_biblatex_are_duplicates(rl, isolated):
    imported(rl, str(fixture(isolated, "betterbiblatex-arxiv-460.bib")), "--cat", "other")
    papers = listed(rl)
    assert {p["arxiv_id"] for p in papers.values()} == {"1401.2910", "1508.05387", "1305.4904"}
    assert papers["Defining and Detecting Quantum Speedup"]["arxiv_categories"] == ["quant-ph"]
    r = imported(rl, str(fixture(isolated, "betterbibtex-arxiv-460.bib")), "--cat", "llm")
    assert "Imported 0 paper(s)" in r.stderr and "3 already stored" in r.stderr
    assert "line 1: already stored as #1, not added again: Defining and Detecting" in r.stderr
    assert len(listed(rl)) == 3


def test_zotero_bibtex_export(rl, isolated):
    r = imported(rl, str(fixture(isolated, "zotero-papis.bib")), "--cat", "survey")
    assert "Imported 7 paper(s)" in r.stderr
    papers = listed(rl)
    drugs = papers["Receiving versus being denied an abortion and subsequent drug use"]
    assert drugs["venue"].startswith("Drug & Alcohol Dependence")  # Drug \& Alcohol ...
    assert drugs["doi"] == "10.1016/j.drugalcdep.2013.09.013"
    assert drugs["authors"] == ["Sarah C. M. Roberts", "Corinne H. Rocca", "Diana Greene Foster"]
    assert drugs["abstract"].startswith("Background\nSome research finds")  # lines kept
    assert sum(1 for p in papers.values() if p["doi"]) == 6  # one entry has none
    hits = rl("search", "marijuana", "--json").json()  # a word of one abstract
    assert [h["title"] for h in hits] == [drugs["title"]]
    assert rl("doctor").exit_code == 0
    assert all(p["category"] == "survey" for p in papers.values())


def test_google_scholar_and_mendeley_shapes(rl, isolated):
    """Hand-written in the shapes these tools export: Google Scholar names an arXiv preprint
    only in its journal; Mendeley adds arxivId; JabRef's "and others" is "et al."."""
    bib = isolated / "scholar.bib"
    bib.write_text(
        "@article{brown2020language,\n  title={Language models are few-shot learners},\n"
        "  author={Brown, Tom and Mann, Benjamin and others},\n"
        "  journal={arXiv preprint arXiv:2005.14165},\n  year={2020}\n}\n\n"
        "@article{Vaswani2017,\narchivePrefix = {arXiv},\narxivId = {1706.03762},\n"
        "author = {Vaswani, Ashish and Shazeer, Noam},\neprint = {1706.03762},\n"
        "journal = {Advances in Neural Information Processing Systems},\n"
        "title = {{Attention is all you need}},\nyear = {2017}\n}\n"
    )
    imported(rl, str(bib), "--cat", "llm")
    papers = listed(rl)
    brown = papers["Language models are few-shot learners"]
    assert (brown["arxiv_id"], brown["venue"]) == ("2005.14165", None)
    assert brown["authors"] == ["Tom Brown", "Benjamin Mann"]
    vaswani = papers["Attention is all you need"]
    assert vaswani["arxiv_id"] == "1706.03762"
    assert vaswani["venue"] == "Advances in Neural Information Processing Systems"


def test_dblp_semantic_scholar_and_mendeley_ids(rl, isolated):
    """dblp and Semantic Scholar name an arXiv paper by journal and volume only; Mendeley puts
    several URLs in one field; a howpublished that is a link is where, not a venue."""
    text = """@article{DBLP:journals/corr/abs-2301-00010,
  author = {Jane Doe}, title = {A CoRR Paper}, journal = {CoRR}, volume = {abs/2301.00010},
  year = {2023}, biburl = {https://dblp.org/rec/journals/corr/abs-2301-00010.bib}}
@article{s2, title = {A Semantic Scholar Paper}, journal = {ArXiv}, volume = {abs/2104.08691},
  year = 2021}
@article{mendeley, title = {Scaling Laws}, year = {2020},
  url = {http://arxiv.org/abs/2001.08361 https://www.semanticscholar.org/paper/abc}}
@misc{site, title = {A Web Page}, howpublished = {\\url{https://example.com/page}}}
@misc{journal, title = {Not CoRR}, journal = {Physics Letters}, volume = {abs/1234.5678}}
"""
    imported(rl, str(bib_file(isolated, text)), "--cat", "other")
    papers = listed(rl)
    assert papers["A CoRR Paper"]["arxiv_id"] == "2301.00010"
    assert papers["A CoRR Paper"]["venue"] is None
    assert papers["A Semantic Scholar Paper"]["arxiv_id"] == "2104.08691"
    scaling = papers["Scaling Laws"]
    assert (scaling["arxiv_id"], scaling["url"]) == ("2001.08361",
                                                     "http://arxiv.org/abs/2001.08361")  # fmt: skip
    page = papers["A Web Page"]
    assert (page["venue"], page["url"]) == (None, "https://example.com/page")
    assert papers["Not CoRR"]["arxiv_id"] is None


def test_doi_org_bibtex_and_bibutils(rl, isolated):
    both = fixture(isolated, "doi-org-pubs.bib", "bibutils-pubs.bib", as_name="mixed.bib")
    imported(rl, str(both), "--cat", "other", "--status", "read")
    papers = listed(rl)
    bell = papers["On the Einstein Podolsky Rosen paradox"]
    # {\cyrchar\cyrf}{\cyrchar\cyri}..., and the pages
    assert bell["venue"].startswith("Physics Physique физика")
    assert papers["Discussion of Probability Relations between Separated Systems"]["authors"] == [
        "E. Schrödinger", "M. Born"]  # fmt: skip
    # bibutils: a byte-order mark, "quoted" values, authors over several lines
    pagerank = papers["The PageRank Citation Ranking: Bringing Order to the Web."]
    assert pagerank["authors"] == ["Lawrence Page", "Sergey Brin", "Rajeev Motwani",
                                   "Terry Winograd"]  # fmt: skip
    assert {p["status"] for p in papers.values()} == {"read"}


def test_a_malformed_entry_is_reported_with_its_line_and_skipped(rl, isolated):
    mixed = fixture(isolated, "doi-org-pubs.bib", "no-key-pubs.bib", "bibutils-pubs.bib",
                    as_name="mixed.bib")  # fmt: skip
    line = mixed.read_text().splitlines().index("@incollection{") + 1
    r = imported(rl, str(mixed), "--cat", "other", "--json")
    assert f"line {line}: not a readable BibTeX entry: Expected comma after entry key" in r.stderr
    assert "Imported 4 paper(s)" in r.stderr and "1 skipped" in r.stderr
    report = r.json()
    assert [s["line"] for s in report["skipped"]] == [line]
    assert len(report["added"]) == 4 and report["format"] == "bibtex"


def test_a_file_with_nothing_readable_fails(rl, isolated, db_file):
    r = rl("import", str(fixture(isolated, "no-key-pubs.bib")), "--cat", "other")
    assert r.exit_code == 1
    assert "line 1: not a readable BibTeX entry" in r.stderr
    assert rl("list", "--json").json() == []


def test_a_missing_comma_is_reported_not_read_into_the_title(rl, isolated):
    text = """@article{missing,
  title = {Missing comma}
  author = {Doe, John},
  year = {2020}
}
@article{fine, title = {Fine}, author = {Doe, John}}
"""
    r = imported(rl, str(bib_file(isolated, text)), "--cat", "other", "--json")
    assert r.json()["skipped"] == [{"line": 1, "reason": "entry 'missing' is malformed: no comma "
                                    "before 'author = {Doe, John}'; skipped."}]  # fmt: skip
    assert "line 1: entry 'missing' is malformed: no comma before" in r.stderr
    assert list(listed(rl)) == ["Fine"]


def test_string_macros_concatenation_and_crossref(rl, isolated):
    text = """@string{proc = "Proceedings of the "}
@string{icml = proc # "International Conference on Machine Learning"}
@inproceedings{a, title = "Concatenated " # "Title " # {Works}, year = "20" # "20",
  booktitle = proc # "International Conference on Machine Learning"}
@inproceedings{b, title = {By Macro}, booktitle = icml, year = 2019, month = jun}
@inproceedings{child, title = {A Child Paper}, author = {Doe, Jane}, crossref = {icml2019},
  pages = {1--10}}
@proceedings{icml2019, title = {Proceedings of the 36th International Conference on Machine
  Learning}, booktitle = {ICML 2019}, year = {2019}, publisher = {PMLR}, doi = {10.5555/icml}}
@string{proc = "Redefined: "}
@misc{c, title = proc # {Below}}
"""
    r = imported(rl, str(bib_file(isolated, text)), "--cat", "other", "--json")
    assert r.json()["skipped"] == [] and len(r.json()["added"]) == 4
    papers = {p["title"]: p for p in rl("list", "--json").json()}
    assert list(papers) == ["Concatenated Title Works", "By Macro", "A Child Paper",
                            "Redefined: Below"]  # fmt: skip
    icml = "Proceedings of the International Conference on Machine Learning"
    assert (papers["Concatenated Title Works"]["venue"], papers["Concatenated Title Works"][
        "year"]) == (icml, 2020)  # fmt: skip
    assert papers["By Macro"]["venue"] == icml
    child = papers["A Child Paper"]
    assert (child["venue"], child["year"], child["doi"]) == ("ICML 2019", 2019, None)
    [entry] = bibtex.read(rl("export", "A Child Paper").stdout).entries
    assert entry.fields["venue"] == "ICML 2019"


def test_a_key_nothing_can_cite_by_is_not_kept(rl, isolated):
    text = "@article{key with space, title = {Spaced Out}, author = {Doe, John}, year = 2020}\n"
    r = imported(rl, str(bib_file(isolated, text)), "--cat", "other", "--json")
    assert r.json()["keys_refused"] == [{"line": 1, "key": "key with space"}]
    assert "line 1: 'key with space' cannot be a citation key" in r.stderr
    exported = bibtex.read(rl("export").stdout)
    assert [e.citation_key for e in exported.entries] == ["doe2020spaced"]
    assert not exported.problems


@pytest.mark.parametrize("text", ["", "% only a comment\n", "@comment{nothing here}\n",
                                  '@string{acl = "ACL"}\n'])  # fmt: skip
def test_a_file_with_no_entries_says_so(rl, isolated, db_file, text):
    path = bib_file(isolated, text, "empty.bib")
    before = state(db_file, isolated)
    r = rl("import", str(path), "--cat", "other")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no entries found in ")
    assert "nothing to import. Is it a bibtex file?" in r.stderr
    assert state(db_file, isolated) == before


def test_csl_json_of_a_zotero_library(rl, isolated):
    r = imported(rl, str(fixture(isolated, "betterbibtex-csl-1179.json")), "--cat", "other")
    assert "Imported 26 paper(s)" in r.stderr
    papers = listed(rl)
    # DOI "10/fqd6hj" is a short DOI; the doi.org URL beside it names the DOI itself.
    brittain = next(p for t, p in papers.items() if t.startswith("Perceptions of disability"))
    assert brittain["doi"] == "10.1177/0193723504268729"
    assert brittain["authors"] == ["Ian Brittain"] and brittain["year"] == 2004
    assert brittain["venue"].startswith("Journal of Sport and Social Issues")
    [item] = [i for i in json.loads(rl("export", "-f", "csl-json").stdout)
              if i["title"].startswith("Perceptions of disability")]  # fmt: skip
    assert (item["container-title"], item["page"]) == ("Journal of Sport and Social Issues",
                                                       "429-452")  # fmt: skip
    # A publisher's page with the DOI in its path.
    messner = next(p for t, p in papers.items() if t.startswith("Sports and male domination"))
    assert messner["doi"] == "10.1123/ssj.5.3.197"
    # An institution as author is one literal name.
    assert papers["Semenya, ASA and IAAF: Planning update"]["authors"] == [
        "Court of Arbitration for Sport"]  # fmt: skip
    assert keys(rl)["Sex, gender, and sports"] == "tannenbaum2019"
    assert keys(rl)["Caster Semenya: The 100 most influential people of 2019"] == "timeusa2019a"


def test_csl_json_preprints_as_zotero_writes_them(rl, isolated):
    """Hand-made in the shapes Zotero gives arXiv preprints: arXiv's DOI and number (Zotero
    7), or only "arXiv: ID" in the note (older Zotero), with rich-text tags in a title."""
    items = [
        {"id": "http://zotero.org/users/1/items/ABCD1234", "type": "article",
         "title": "Attention Is All You Need", "publisher": "arXiv",
         "number": "arXiv:1706.03762", "DOI": "10.48550/arXiv.1706.03762",
         "author": [{"family": "Vaswani", "given": "Ashish"}],
         "issued": {"date-parts": [["2017", 6, 12]]}},
        {"id": "ppo", "type": "article-journal", "title": "Proximal <i>Policy</i> Optimization",
         "note": "arXiv: 1707.06347", "issued": {"raw": "2017-07-20"},
         "author": [{"literal": "OpenAI"}]},
        {"id": "broken"},
        "not an item",
    ]  # fmt: skip
    path = isolated / "zotero.json"
    path.write_text(json.dumps(items, indent=2))
    lines = path.read_text().splitlines()
    broken = lines.index('    "id": "broken"')  # 0-based: the 1-based line of its "{"
    r = imported(rl, str(path), "--cat", "other", "--json")
    report = r.json()
    assert [s["line"] for s in report["skipped"]] == [broken, broken + 3]
    assert "item 'broken' has no title" in report["skipped"][0]["reason"]
    papers = listed(rl)
    attention = papers["Attention Is All You Need"]
    assert (attention["arxiv_id"], attention["doi"], attention["year"]) == ("1706.03762", None,
                                                                           2017)  # fmt: skip
    ppo = papers["Proximal Policy Optimization"]
    assert (ppo["arxiv_id"], ppo["year"], ppo["authors"]) == ("1707.06347", 2017, ["OpenAI"])
    # Zotero's URI ids are no citation keys; "ppo" is.
    assert keys(rl) == {"Attention Is All You Need": None, "Proximal Policy Optimization": "ppo"}


def test_csl_json_of_one_item_as_doi_org_gives_it(rl, isolated):
    """curl -LH "Accept: application/vnd.citationstyles.csl+json" https://doi.org/DOI: one
    object, not a list (shortened here)."""
    item = {"indexed": {"date-parts": [[2024, 3, 1]]}, "publisher": "Springer Science and "
            "Business Media LLC", "issue": "7553", "DOI": "10.1038/nature14539",
            "type": "article-journal", "page": "436-444", "source": "Crossref",
            "title": "Deep learning", "volume": "521",
            "author": [{"given": "Yann", "family": "LeCun", "sequence": "first",
                        "affiliation": []},
                       {"given": "Yoshua", "family": "Bengio", "sequence": "additional",
                        "affiliation": []}],
            "container-title": "Nature", "URL": "https://doi.org/10.1038/nature14539",
            "issued": {"date-parts": [[2015, 5, 27]]}}  # fmt: skip
    (isolated / "lecun.json").write_text(json.dumps(item, indent=2))
    (isolated / "saved-by-curl").write_text(json.dumps(item))  # no suffix: told by its text
    r = imported(rl, "lecun.json", "--cat", "other")
    assert "Imported 1 paper(s)" in r.stderr
    [paper] = rl("list", "--json").json()
    assert (paper["title"], paper["year"], paper["doi"]) == ("Deep learning", 2015,
                                                            "10.1038/nature14539")  # fmt: skip
    assert paper["authors"] == ["Yann LeCun", "Yoshua Bengio"]
    assert paper["venue"] == "Nature" and paper["pages"] == "436-444"
    r = imported(rl, "saved-by-curl", "--cat", "other")
    assert "(csl-json)" in r.stderr and "1 already stored" in r.stderr


def test_odd_csl_and_crossref_are_reported_or_read_not_a_traceback(rl, isolated):
    items = [{"id": "a", "title": "Authors Not a List", "author": "Jane Doe"},
             {"id": "b", "title": "Odd Volume", "volume": ["9"], "issue": True}]  # fmt: skip
    (isolated / "odd.json").write_text(json.dumps(items))
    r = imported(rl, "odd.json", "--cat", "other", "--json")
    assert [s["reason"] for s in r.json()["skipped"]] == [
        "item 'a' has an author that is no list of names; skipped."]  # fmt: skip
    # An entry naming itself in crossref, two naming each other: papers all, not parents.
    text = """@inproceedings{self, title = {Self}, crossref = {self}}
@inproceedings{x, title = {X}, crossref = {y}}
@inproceedings{y, title = {Y}, crossref = {x}, booktitle = {Both}}
"""
    imported(rl, str(bib_file(isolated, text)), "--cat", "other")
    papers = listed(rl)
    assert {t: papers[t]["venue"] for t in ("Self", "X", "Y")} == {"Self": None, "X": "Both",
                                                                    "Y": "Both"}  # fmt: skip


def test_duplicates_by_arxiv_id_doi_or_title_are_reported_not_added(rl, kb, isolated):
    kb.add_paper({"title": "Attention Is All You Need", "category": "llm"})
    kb.add_paper({"title": "Proximal Policy Optimization", "category": "rl",
                  "arxiv_id": "1707.06347"})  # fmt: skip
    kb.add_paper({"title": "Some Physics", "category": "other", "doi": "10.1103/PhysRev.47.777"})
    bib = isolated / "refs.bib"
    bib.write_text(
        "@misc{a, title = {{ATTENTION} is all you need!}}\n"
        "@misc{b, title = {PPO}, doi = {10.48550/arXiv.1707.06347}}\n"
        "@article{c, title = {Can Quantum-Mechanical Description Be Complete?},\n"
        "  doi = {10.1103/physrev.47.777}}\n"
        "@misc{d, title = {A New Paper}, eprint = {2101.00001}}\n"
        "@misc{e, title = {A new paper.}}\n"
        "@misc{f, title = {Another}, url = {https://arxiv.org/abs/2101.00001v2}}\n"
    )
    r = imported(rl, str(bib), "--cat", "other", "--json")
    report = r.json()
    assert [(d["line"], d["stored_as"]) for d in report["duplicates"]] == [
        (1, "#1"), (2, "#2"), (3, "#3"), (6, "#4 (line 5)"), (7, "#4 (line 5)")]  # fmt: skip
    assert report["added"] == [4]
    assert "line 6: already stored as #4 (line 5), not added again: A new paper." in r.stderr


def test_a_title_alone_is_no_duplicate_when_the_rest_differs(rl, kb, isolated):
    """Two papers may share a title: the same title is a duplicate only when neither DOI,
    arXiv id, year nor authors tell the two apart."""
    kb.add_paper({"title": "Deep learning", "category": "other", "year": 2015,
                  "doi": "10.1038/nature14539",
                  "authors": ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]})  # fmt: skip
    text = """@book{goodfellow, title = {Deep Learning}, year = {2016},
  author = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron}, publisher = {MIT Press}}
@article{ed1, title = {Editorial}, journal = {Nature}, doi = {10.1038/ed1}}
@article{ed2, title = {Editorial}, journal = {Nature}, doi = {10.1038/ed2}}
@misc{ed3, title = {Editorial}, doi = {10.1038/ED2}}
@article{lecun, title = {Deep Learning}, author = {LeCun, Yann}, year = 2015}
@misc{hinton, title = {Deep learning.}, author = {Geoffrey Hinton and Terry Sejnowski}}
@misc{other, title = {Deep learning}, author = {Jane Smith}}
"""
    path = bib_file(isolated, text)
    report = imported(rl, str(path), "--cat", "other", "--json").json()
    assert [(d["line"], d["stored_as"]) for d in report["duplicates"]] == [
        (5, "#4 (line 4)"), (6, "#1"), (7, "#1")]  # fmt: skip
    titles = [(p["title"], p["year"]) for p in rl("list", "--json").json()]
    assert titles == [("Deep learning", 2015), ("Deep Learning", 2016), ("Editorial", None),
                      ("Editorial", None), ("Deep learning", None)]  # fmt: skip


def test_dry_run_reports_and_stores_nothing(rl, isolated, db_file):
    rl("add", "Defining and Detecting Quantum Speedup", "--cat", "llm", "--offline")
    path = fixture(isolated, "betterbibtex-arxiv-460.bib")
    before = state(db_file, isolated)
    r = rl("import", str(path), "--cat", "other", "--dry-run", "--json")
    assert r.exit_code == 0, r.stderr
    assert "Would import 2 paper(s)" in r.stderr and "nothing was stored" in r.stderr
    assert r.json()["added"] == [2, 3] and r.json()["dry_run"] is True
    assert state(db_file, isolated) == before
    assert rl("import", str(path), "--cat", "other", "--json").json()["added"] == [2, 3]


def test_a_dry_run_reports_what_the_import_does(rl, isolated):
    """A file that lists a paper twice: the dry run asked for the first copy, which it had
    stored and rolled back ("no paper with id 1")."""
    path = bib_file(isolated, "@misc{x, title={Same Paper}, year=2020}\n"
                              "@misc{y, title={Same paper.}, year=2020}\n")  # fmt: skip
    for args in ([], ["--json"]):
        dry = rl("import", str(path), "--cat", "other", "--dry-run", *args)
        assert dry.exit_code == 0, dry.stderr
        assert "Would import 1 paper(s)" in dry.stderr and "1 already stored" in dry.stderr
    # Into a knowledge base the import would make: one made and thrown away.
    fresh = isolated / "new.sqlite"
    into_new = rl("--db", str(fresh), "import", str(path), "--cat", "other", "--dry-run", "--json")
    assert into_new.exit_code == 0, into_new.stderr
    assert into_new.json() == dry.json() and not fresh.exists()
    real = imported(rl, str(path), "--cat", "other", "--json")
    assert {**dry.json(), "dry_run": False} == real.json()
    assert real.json()["duplicates"] == [{"line": 2, "title": "Same paper.",
                                          "stored_as": "#1 (line 1)"}]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "content", "error"),
    [
        (["--cat", "nope"], b"@misc{a, title={A}}", "Error: unknown category 'nope'"),
        (["--cat", "other"], b"@misc{a, title={\xe9}}", "is not UTF-8 text"),
        (["--cat", "other", "--status", "done"], b"@misc{a, title={A}}", "unknown status"),
        (["--format", "csv"], b"a,b", "rl writes csv but cannot read it"),
    ],
)
def test_bad_input_leaves_everything_as_it_was(rl, isolated, db_file, args, content, error):
    rl("add", "Kept", "--cat", "other", "--offline")
    path = isolated / "in.bib"
    path.write_bytes(content)
    before = state(db_file, isolated)
    r = rl("import", str(path), *args)
    assert r.exit_code == 1
    assert error in r.stderr
    assert state(db_file, isolated) == before


def test_without_cat_papers_go_where_rl_add_puts_them(rl, isolated):
    path = bib_file(isolated, "@misc{a, title = {First}}\n")
    r = imported(rl, str(path))
    assert "No --cat given: importing into other" in r.stderr
    assert rl("config", "category", "llm").exit_code == 0
    imported(rl, str(bib_file(isolated, "@misc{b, title = {Second}}\n")))
    assert [(p["title"], p["category"]) for p in rl("list", "--json").json()] == [
        ("Second", "llm"), ("First", "other")]  # fmt: skip


def test_a_folder_help_and_line_ends(rl, isolated):
    r = rl("import", str(isolated), "--cat", "other")
    assert r.exit_code == 1
    assert r.stderr == f"Error: {isolated} is a directory; give a .bib, .json or .jsonl file.\n"
    helped = " ".join(rl("import", "--help").stdout.split())
    assert "One of: bibtex, biblatex, csl-json, jsonl (default" in helped
    assert "csv" not in helped and "markdown" not in helped
    from readinglist import formats

    assert list(formats.READ) == formats.imported()
    # A .bib saved on Windows: no \r left in an abstract.
    path = isolated / "windows.bib"
    path.write_bytes(b"@article{a,\r\n  title = {Saved on Windows},\r\n"
                     b"  abstract = {Line one.\r\nLine two.}\r\n}\r\n")  # fmt: skip
    imported(rl, str(path), "--cat", "other")
    assert listed(rl)["Saved on Windows"]["abstract"] == "Line one.\nLine two."


def test_a_file_of_no_known_kind(rl, isolated):
    path = isolated / "notes.txt"
    path.write_text("just some text\n")
    r = rl("import", str(path), "--cat", "other")
    assert r.exit_code == 1
    assert "cannot tell the format of" in r.stderr and "--format" in r.stderr
    path.write_text("@misc{k, title = {Sniffed}}\n")  # a .bib by its first character
    assert "Imported 1 paper(s)" in imported(rl, str(path), "--cat", "other").stderr


def test_a_taken_citation_key_gets_a_suffix(rl, isolated):
    imported(rl, str(fixture(isolated, "betterbibtex-arxiv-460.bib")), "--cat", "other")
    other = isolated / "other.bib"
    other.write_text("@misc{Ronnow.2014.Defining, title = {Something Else Entirely}}\n")
    r = imported(rl, str(other), "--cat", "other")
    assert "line 1: another paper is cited as 'Ronnow.2014.Defining'; this one is " in r.stderr
    assert keys(rl)["Something Else Entirely"] == "Ronnow.2014.Defininga"


def test_resolve_looks_imported_papers_up(rl, isolated, arxiv_server):
    bib = isolated / "refs.bib"
    bib.write_text(
        "@misc{vaswani, title = {Attention is all you need}, eprint = {1706.03762},\n"
        "  archivePrefix = {arXiv}}\n"
        "@misc{mine, title = {The Title I Typed}, eprint = {1605.08386}}\n"
    )
    r = imported(rl, str(bib), "--cat", "llm", "--resolve", "--no-input", "--json")
    assert "Resolved 2" in r.stderr
    papers = {p["id"]: p for p in r.json()["papers"]}
    assert papers[1]["resolution"] == "resolved" and papers[1]["metadata_source"] == "arxiv"
    assert papers[1]["title"] == "Attention Is All You Need"
    assert papers[2]["arxiv_id"] == "1605.08386" and papers[2]["resolution"] == "resolved"
    assert keys(rl)["Attention Is All You Need"] == "vaswani"  # resolving keeps the key


# -- what hand-made and odd .bib files hold ------------------------------------------------------


def test_a_link_in_a_field_is_read_not_a_traceback(rl, isolated):
    """pylatexenc read \\href with no arguments and failed with an IndexError, which ended
    the whole import; LaTeX it cannot read in one field must not either."""
    text = r"""@misc{data, title = {A Dataset}, year = 2020,
  howpublished = {\href{https://example.com/data}{Example data}}}
@misc{seen, title = {Seen in \href{https://example.org}{the Wild}}}
@misc{odd, title = {Tight Bounds\footnote}}
"""
    path = bib_file(isolated, text)
    r = imported(rl, str(path), "--cat", "other")
    assert "Imported 3 paper(s)" in r.stderr and "Traceback" not in r.stderr
    papers = listed(rl)
    data = papers["A Dataset"]
    assert (data["venue"], data["url"]) == ("Example data", "https://example.com/data")
    assert "Seen in the Wild" in papers
    assert "Tight Bounds" in papers  # pylatexenc fails on a bare \\footnote: its words are kept


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\texttt{word2vec} Explained", "word2vec Explained"),
        (r"The \LaTeX{} Companion", "The LaTeX Companion"),
        (r"The \TeX book", "The TeX book"),
        (r"\textsf{Sans} \mbox{Boxed} \textup{Upright} Words", "Sans Boxed Upright Words"),
        (r"Printing \verb|x| Verbatim", "Printing x Verbatim"),
        (r"As Shown by \cite{lecun2015} Before", "As Shown by [lecun2015] Before"),
        (r"{\noopsort{a}}Zeta Functions", "Zeta Functions"),
        (r"\MakeUppercase{Loud} and \textcolor{red}{Red}", "LOUD and Red"),
    ],
)
def test_latex_macros_keep_their_words(rl, isolated, latex, text):
    path = bib_file(isolated, f"@misc{{k, title = {{{latex}}}}}\n")
    imported(rl, str(path), "--cat", "other")
    assert list(listed(rl)) == [text]


# -- rl's own JSON Lines -----------------------------------------------------------------------


@pytest.fixture
def lived_in(rl, kb):
    """A knowledge base as months of use leave it: categories added, moved and left empty,
    papers added, moved, deleted (a gap in the ids) and resolved, notes with table labels,
    ids of other schemes, candidates of an unsure match, citation keys given."""
    kb.add_category("vision", "Computer Vision", position=2)
    kb.add_category("empty", "Nothing Yet")
    kb.move_category("rl", 1)
    for title, cat in [("(2015)A Neural Conversational Model", "dialogue"),
                       ("Attention Is All You Need", "llm"), ("To Be Deleted", "llm"),
                       ("Proximal Policy Optimization Algorithms", "rl"),
                       ("High-Resolution Image Synthesis", "vision"),
                       ("Language Models are Few-Shot Learners", "llm")]:  # fmt: skip
        assert rl("add", title, "--cat", cat, "--offline").exit_code == 0
    kb.delete_paper(3)
    kb.move_paper(6, 1)
    kb.update_paper(2, {"arxiv_id": "1706.03762v5", "authors": ["Ashish Vaswani", "Łukasz Kaiser"],
                        "year": 2017, "venue": "NeurIPS 2017", "abstract": "The dominant...",
                        "abstract_source": "arxiv", "metadata_source": "arxiv",
                        "resolution": "resolved", "arxiv_categories": ["cs.CL", "cs.LG"],
                        "published": "2017-06-12T17:57:34Z", "doi": "10.5555/3295222",
                        "ids": {"s2": "204e3073870fae3d05bcbc2f6a8e263d9b72e776"},
                        "url": "https://arxiv.org/abs/1706.03762v5", "status": "read"})  # fmt: skip
    kb.update_paper(4, {"resolution": "unresolved", "status": "reading",
                        "candidates": [{"source": "arxiv", "id": "1707.06347",
                                        "arxiv_id": "1707.06347", "title": "PPO",
                                        "score": 0.81}]})  # fmt: skip
    kb.add_note(
        1,
        "(2015) \\[Note\\] A Neural Conversational Model",
        label="(2015) \\[Note\\] A Neural Conversational Model",
    )
    kb.add_note(2, "Read *twice*.\n\n- heads\n- layers")
    kb.add_note(2, "  Third note, with | a pipe  ")
    rl("export", "-f", "bibtex", "--cat", "llm")  # llm papers get their citation keys
    return kb


def snapshot(rl, db):
    return (
        rl("--db", str(db), "list", "--json").stdout,
        rl("--db", str(db), "cat", "list", "--json").stdout,
        rl("--db", str(db), "export", "-f", "jsonl").stdout,
    )


def test_jsonl_round_trip_gives_an_equal_knowledge_base(rl, lived_in, isolated, db_file):
    assert rl("export", "-o", "kb.jsonl").exit_code == 0
    fresh = isolated / "fresh.sqlite"
    r = rl("--db", str(fresh), "import", str(isolated / "kb.jsonl"), "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["kept_ids"] is True
    assert snapshot(rl, fresh) == snapshot(rl, db_file)
    # Byte for byte: the export of the copy is the file it came from.
    assert snapshot(rl, fresh)[2] == (isolated / "kb.jsonl").read_text()
    # The search index knows the imported papers and notes, and is sound.
    found = rl("--db", str(fresh), "search", "layers", "--json").json()
    assert [hit["id"] for hit in found] == [2]
    doctor = rl("--db", str(fresh), "doctor")
    assert doctor.exit_code == 0, doctor.stdout + doctor.stderr
    # A deleted paper's id is not given again, in the copy as in the original.
    for db in (db_file, fresh):
        assert rl("--db", str(db), "add", "New", "--cat", "llm", "--offline", "--json").json()[
            "id"] == 7  # fmt: skip


def test_jsonl_into_a_knowledge_base_that_has_papers(rl, lived_in, isolated):
    export = isolated / "kb.jsonl"
    rl("export", "-o", str(export))
    other = isolated / "other.sqlite"
    give_profile_categories(other)
    rl("--db", str(other), "add", "Already Here", "--cat", "llm", "--offline")
    rl("--db", str(other), "add", "Attention Is All You Need", "--cat", "other", "--offline")
    r = rl("--db", str(other), "import", str(export), "--json")
    assert r.exit_code == 0, r.stderr
    report = r.json()
    assert report["kept_ids"] is False and report["categories_created"] == ["vision", "empty"]
    assert [d["stored_as"] for d in report["duplicates"]] == ["#2"]
    cats = [c["slug"] for c in rl("--db", str(other), "cat", "list", "--json").json()]
    # Each new category goes after the one above it in the file (rl, survey, vision, ...).
    assert cats == ["survey", "vision", "dialogue", "llm", "rl", "other", "empty"]
    llm = rl("--db", str(other), "list", "--cat", "llm", "--json").json()
    assert [p["title"] for p in llm] == ["Already Here", "Language Models are Few-Shot Learners"]
    assert [p["position"] for p in llm] == [1, 2]


def test_a_broken_jsonl_line_is_skipped(rl, lived_in, isolated):
    lines = rl("export", "-f", "jsonl").stdout.splitlines()
    lines[8] = lines[8][:40]
    lines.insert(3, '{"type": "paper", "title": "Odd", "category": "llm", "colour": "red"}')
    lines.insert(4, '{"type": "paper", "title": "Odder", "category": "llm", "authors": "Me"}')
    path = isolated / "broken.jsonl"
    path.write_text("\n".join(lines) + "\n")
    r = rl("--db", str(isolated / "fresh.sqlite"), "import", str(path), "--json")
    assert r.exit_code == 0, r.stderr
    skipped = {s["line"]: s["reason"] for s in r.json()["skipped"]}
    assert sorted(skipped) == [4, 5, 11]
    assert "unknown keys colour" in skipped[4]
    assert '"authors" is not a list of strings' in skipped[5]
    assert len(r.json()["added"]) == 4


def test_hand_edited_jsonl_values_of_the_wrong_kind_are_skipped(rl, isolated):
    """They ended the import with a ValueError or AttributeError traceback, or were stored
    as they were (a read_at that is no date)."""
    paper = '{"type": "paper", "title": "T%d", "category": "other", %s}'
    bad = ['"year": "abc"', '"resolution": "bogus"', '"doi": 12345', '"read_at": "not a date"',
           '"year": true', '"status": "done"', '"metadata_source": "Not A Source!"',
           '"field_sources": {"title": 1}', '"notes": [{"created_at": "yesterday", "text": "x"}]',
           '"added_at": 5']  # fmt: skip
    good = ['"year": 2020', '"read_at": "2024-05-01"', '"doi": "10.1/x", "resolution": "manual"']
    lines = [paper % (i, value) for i, value in enumerate(bad + good, 1)]
    path = isolated / "edited.jsonl"
    path.write_text("\n".join(lines) + "\n")
    r = rl("import", str(path), "--json")
    assert r.exit_code == 0, r.stderr
    skipped = {s["line"]: s["reason"] for s in r.json()["skipped"]}
    assert sorted(skipped) == list(range(1, len(bad) + 1))
    assert '"year" is not a whole number ("abc")' in skipped[1]
    assert "\"resolution\" is not one of resolved, unresolved, not-found, manual ('bogus')" in (
        skipped[2])  # fmt: skip
    assert '"doi" is not text (12345)' in skipped[3]
    assert "\"read_at\" is not a date and time ('not a date')" in skipped[4]
    assert "line 1: not a line of rl's JSON Lines" in r.stderr
    assert [p["title"] for p in rl("list", "--json").json()] == ["T11", "T12", "T13"]
    # Found by fuzzing: a line with no category (a KeyError), a null where the knowledge
    # base takes none (an IntegrityError), a key that is no text (a TypeError).
    lines = ['{"type": "paper", "title": "No Category"}',
             '{"type": "paper", "title": "Null", "category": "other", "resolution": null}',
             '{"type": "paper", "title": "K", "category": "other", "citation_key": [1]}',
             ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    r = rl("import", str(path), "--json")
    assert r.exit_code == 0, r.stderr
    reasons = [(s["line"], s["reason"]) for s in r.json()["skipped"]]
    assert reasons == [
        (1, 'it names no "category"; give it one, or import with --cat. Skipped.'),
        (3, 'not a line of rl\'s JSON Lines ("citation_key" is not text ([1])); skipped.'),
    ]
    assert listed(rl)["Null"]["resolution"] == "manual"


def test_an_import_stopped_midway_stores_nothing(kb, isolated, db_file):
    """One transaction: Ctrl-C on the fourth entry leaves the knowledge base as it was."""
    from readinglist import importing

    path = fixture(isolated, "zotero-papis.bib")
    before = state(db_file, isolated)

    def interrupted(items, work):
        for i, item in enumerate(items):
            if i == 3:
                raise KeyboardInterrupt
            work(item)
        return []

    with pytest.raises(KeyboardInterrupt):
        importing.import_file(kb, path, category="other", each=interrupted)
    assert state(db_file, isolated) == before


def test_jsonl_into_one_category_with_another_status(rl, lived_in, isolated):
    rl("export", "-o", "kb.jsonl")
    fresh = isolated / "fresh.sqlite"
    give_profile_categories(fresh)
    r = rl("--db", str(fresh), "import", "kb.jsonl", "--cat", "survey", "--status", "to-read")
    assert r.exit_code == 0, r.stderr
    papers = rl("--db", str(fresh), "list", "--json").json()
    assert {(p["category"], p["status"]) for p in papers} == {("survey", "to-read")}
    assert [p["position"] for p in papers] == [1, 2, 3, 4, 5]
    cats = [c["slug"] for c in rl("--db", str(fresh), "cat", "list", "--json").json()]
    assert cats == ["survey", "dialogue", "llm", "rl", "other"]  # the file's are not taken
