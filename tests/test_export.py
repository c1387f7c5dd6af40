"""`rl export`: what LaTeX, biber, citeproc, spreadsheets and git get, read back by the
tools that consume it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kb_state import state

from readinglist.formats import bibtex

# The user's categories (survey, dialogue, llm, rl, other), as the shipped knowledge base has
# them: a new one has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

TRICKY_TITLE = r"Über $\ell_1$ penalties: 50% & #1 a_b {x} ~ ^ \ -- more"
TRICKY_AUTHORS = ["Erwin Schrödinger", "Troels F. Rønnow", "Ludwig van Beethoven",
                  "Martin Luther King Jr.", "OpenAI", "Barnes and Noble",
                  "Tarō Yamada"]  # fmt: skip
ABSTRACT = "Scaling up language models has been shown to improve $x^2$ & more..."


@pytest.fixture
def papers(kb):
    """Papers of every kind: a conference paper on arXiv, a journal paper with LaTeX's
    special characters and names BibTeX splits with care, a preprint, a report, a journal
    paper on arXiv, and a second paper that would take the first one's key."""
    kb.add_paper({"title": "Attention Is All You Need", "category": "llm", "year": 2017,
                  "authors": ["Ashish Vaswani", "Noam Shazeer", "Łukasz Kaiser"],
                  "arxiv_id": "1706.03762v5", "arxiv_categories": ["cs.CL", "cs.LG"],
                  "venue": "NeurIPS 2017", "status": "read"})  # fmt: skip
    kb.add_paper({"title": TRICKY_TITLE, "category": "other", "year": 1926,
                  "authors": TRICKY_AUTHORS, "venue": "Annalen der Physik",
                  "doi": "10.1002/andp.19263840404"})  # fmt: skip
    kb.add_paper({"title": "Proximal Policy Optimization Algorithms", "category": "rl",
                  "year": 2017, "authors": ["John Schulman"], "arxiv_id": "1707.06347",
                  "arxiv_categories": ["cs.LG"], "status": "reading"})  # fmt: skip
    kb.add_paper({"title": "Improving Language Understanding by Generative Pre-Training",
                  "category": "llm", "year": 2018, "authors": ["Alec Radford"],
                  "venue": "OpenAI technical report"})  # fmt: skip
    kb.add_paper({"title": "Emergent Abilities of Large Language Models", "category": "survey",
                  "year": 2022, "authors": ["Jason Wei"], "arxiv_id": "2206.07682",
                  "venue": "Transactions on Machine Learning Research",
                  "abstract": ABSTRACT})  # fmt: skip
    kb.add_paper({"title": "Attention Mechanisms Revisited", "category": "llm", "year": 2017,
                  "authors": ["Ashish Vaswani"], "venue": "ICML 2017 Workshop"})  # fmt: skip
    kb.add_note(1, "Multi-head attention.\n\nSecond *paragraph*.")
    return kb.papers()


def export(rl, *args):
    r = rl("export", *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def entries(text):
    import bibtexparser

    return {e.key: e for e in bibtexparser.parse_string(text).entries}


def test_bibtex_entries_follow_what_is_known(rl, papers):
    found = entries(export(rl, "--format", "bibtex"))
    assert sorted(found) == ["radford2018improving", "schrodinger1926uber",
                             "schulman2017proximal", "vaswani2017attention",
                             "vaswani2017attentiona", "wei2022emergent"]  # fmt: skip
    attention = found["vaswani2017attention"]
    assert attention.entry_type == "inproceedings"
    assert attention["booktitle"] == "NeurIPS 2017"
    assert (attention["eprint"], attention["archivePrefix"], attention["primaryClass"]) == (
        "1706.03762", "arXiv", "cs.CL")  # fmt: skip
    assert found["schrodinger1926uber"].entry_type == "misc"  # a venue of no known kind
    assert found["schrodinger1926uber"]["doi"] == "10.1002/andp.19263840404"
    preprint = found["schulman2017proximal"]
    assert preprint.entry_type == "misc" and preprint["eprint"] == "1707.06347"
    assert found["radford2018improving"].entry_type == "techreport"
    assert found["radford2018improving"]["institution"] == "OpenAI technical report"
    assert found["wei2022emergent"].entry_type == "article"
    assert found["wei2022emergent"]["journal"] == "Transactions on Machine Learning Research"
    assert found["vaswani2017attentiona"].entry_type == "inproceedings"
    # Classic BibTeX gets ASCII: accents as LaTeX, in braces.
    assert export(rl, "-f", "bibtex").isascii()


def test_bibtex_reads_back_exactly(rl, papers):
    for name in ("bibtex", "biblatex"):
        reading = bibtex.read(export(rl, "--format", name))
        assert not reading.problems
        back = {e.citation_key: e.fields for e in reading.entries}
        assert back["schrodinger1926uber"]["title"] == TRICKY_TITLE
        assert back["schrodinger1926uber"]["authors"] == TRICKY_AUTHORS
        assert back["vaswani2017attention"]["authors"] == ["Ashish Vaswani", "Noam Shazeer",
                                                           "Łukasz Kaiser"]  # fmt: skip
        assert back["vaswani2017attention"]["arxiv_id"] == "1706.03762"
        assert back["vaswani2017attention"]["arxiv_categories"] == ["cs.CL"]
        assert back["schrodinger1926uber"]["doi"] == "10.1002/andp.19263840404"
        assert back["wei2022emergent"]["abstract"] == ABSTRACT
        assert {fields["year"] for fields in back.values()} == {1926, 2017, 2018, 2022}


def test_biblatex_uses_its_own_fields_and_utf8(rl, papers):
    text = export(rl, "--format", "biblatex")
    found = entries(text)
    attention = found["vaswani2017attention"]
    assert (attention["eprinttype"], attention["eprintclass"]) == ("arxiv", "cs.CL")
    assert "archivePrefix" not in attention.fields_dict
    assert found["wei2022emergent"]["journaltitle"].startswith("Transactions")
    assert found["radford2018improving"].entry_type == "report"
    assert "Schrödinger" in text and "Łukasz" in text


def _decoded(latex: str) -> str:
    from readinglist.formats.latex import from_latex

    return " ".join(from_latex(latex).replace("\u00a0", " ").split())


def _has_bibtex() -> bool:
    if shutil.which("bibtex") is None or shutil.which("kpsewhich") is None:
        return False
    found = subprocess.run(["kpsewhich", "plain.bst"], capture_output=True, text=True)
    return bool(found.stdout.strip())


@pytest.mark.skipif(not _has_bibtex(), reason="no BibTeX with plain.bst (apt-get install "
                    "texlive-base; .ci/run does)")  # fmt: skip
def test_bibtex_typesets_every_title_and_name_as_stored(rl, papers, isolated):
    """Real BibTeX (plain style) on a document citing every paper: it reads the file without
    a warning, and its bibliography prints each title and name as stored."""
    export(rl, "-o", "refs.bib")
    # What LaTeX writes to the .aux of a document with \nocite{*} and \bibliography{refs}.
    (isolated / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plain}\n"
                                      "\\bibdata{refs}\n")  # fmt: skip
    done = subprocess.run(["bibtex", "doc"], cwd=isolated, capture_output=True, text=True)
    log = (isolated / "doc.blg").read_text()
    assert done.returncode == 0, done.stdout + log
    assert "Warning" not in log and "error" not in log.lower()
    bbl = (isolated / "doc.bbl").read_text()
    items = dict(re.findall(r"\\bibitem\{([^}]*)\}(.*?)(?=\\bibitem|\\end\{thebib)", bbl, re.S))
    assert len(items) == len(papers)
    keys = rl("export", "-f", "jsonl").stdout.splitlines()
    key_of = {json.loads(line)["id"]: json.loads(line)["citation_key"] for line in keys
              if '"type": "paper"' in line}  # fmt: skip
    for paper in papers:
        printed = _decoded(items[key_of[paper.id]])
        assert paper.title in printed
        for name in paper.authors:
            # plain.bst prints a suffix after a comma: "Martin Luther King, Jr."
            assert name.replace(" Jr.", ", Jr.") in printed


@pytest.mark.skipif(not _has_bibtex(), reason="no BibTeX with plain.bst (apt-get install "
                    "texlive-base; .ci/run does)")  # fmt: skip
def test_bibtex_typesets_math_as_math(rl, kb, isolated):
    kb.add_paper({"title": r"Sorting in $\mathcal{O}(n^2)$ Time", "category": "other"})
    export(rl, "-o", "refs.bib")
    (isolated / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plain}\n"
                                      "\\bibdata{refs}\n")  # fmt: skip
    done = subprocess.run(["bibtex", "doc"], cwd=isolated, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert r"Sorting in $\mathcal{O}(n^2)$ Time" in (isolated / "doc.bbl").read_text()


def _import_organisations(rl, isolated):
    """A CSL literal name (doi.org writes collaborations so) and a braced BibTeX one."""
    item = {"id": "atlas2012", "type": "article-journal", "title": "Observation of a New Particle",
            "author": [{"literal": "ATLAS Collaboration"}], "container-title": "Physics Letters B",
            "issued": {"date-parts": [[2012]]}}  # fmt: skip
    (isolated / "atlas.json").write_text(json.dumps([item]))
    (isolated / "who.bib").write_text("@techreport{who2015, title = {World Report on Ageing},\n"
                                      "  author = {{World Health Organization} and Jane Doe},\n"
                                      "  institution = {WHO}, year = 2015}\n")  # fmt: skip
    for name in ("atlas.json", "who.bib"):
        assert rl("import", name, "--cat", "other").exit_code == 0


def test_organisations_stay_one_name(rl, isolated):
    _import_organisations(rl, isolated)
    found = entries(export(rl, "-f", "bibtex"))
    assert found["atlas2012"]["author"] == "{ATLAS Collaboration}"
    assert found["who2015"]["author"] == "{World Health Organization} and Jane Doe"
    items = {i["id"]: i for i in json.loads(export(rl, "-f", "csl-json"))}
    assert items["atlas2012"]["author"] == [{"literal": "ATLAS Collaboration"}]
    assert items["who2015"]["author"] == [{"literal": "World Health Organization"},
                                          {"family": "Doe", "given": "Jane"}]  # fmt: skip
    # Through rl's own JSON Lines into another knowledge base, and out again.
    assert rl("export", "-o", "kb.jsonl").exit_code == 0
    assert rl("--db", "copy.sqlite", "import", "kb.jsonl").exit_code == 0
    copied = rl("--db", "copy.sqlite", "export").stdout
    assert entries(copied)["atlas2012"]["author"] == "{ATLAS Collaboration}"


@pytest.mark.skipif(not _has_bibtex(), reason="no BibTeX with abbrv.bst (apt-get install "
                    "texlive-base; .ci/run does)")  # fmt: skip
def test_abbrv_prints_an_organisation_whole(rl, isolated):
    _import_organisations(rl, isolated)
    export(rl, "-o", "refs.bib")
    (isolated / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{abbrv}\n"
                                      "\\bibdata{refs}\n")  # fmt: skip
    done = subprocess.run(["bibtex", "doc"], cwd=isolated, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    bbl = (isolated / "doc.bbl").read_text()
    assert "ATLAS Collaboration" in bbl and "A.~Collaboration" not in bbl
    assert "{World Health Organization} and J.~Doe" in bbl


def test_math_from_latex_goes_out_as_math(rl, isolated):
    """A title's $...$ read from a .bib is stored as written; it went out escaped
    (\\$\\textbackslash{}mathcal\\{O\\}...), so the PDF showed the LaTeX source."""
    (isolated / "in.bib").write_text(
        "@article{sort, title = {Sorting in $\\mathcal{O}(n^2)$ Time}, year = 2020}\n"
        "@misc{price, title = {Costs \\$5 and \\$10}, year = 2021}\n"
    )
    assert rl("import", "in.bib", "--cat", "other").exit_code == 0
    titles = [p["title"] for p in rl("list", "--json").json()]
    assert titles == ["Sorting in $\\mathcal{O}(n^2)$ Time", "Costs $5 and $10"]
    for name in ("bibtex", "biblatex"):
        found = entries(export(rl, "-f", name))
        assert found["sort"]["title"] == "{Sorting in $\\mathcal{O}(n^2)$ Time}"
        assert found["price"]["title"] == "{Costs \\$5 and \\$10}"  # a price is no math
        back = bibtex.read(export(rl, "-f", name)).entries
        assert [e.fields["title"] for e in back] == titles


def test_entry_type_and_publication_details_come_back_as_imported(rl, kb, isolated):
    """A journal whose name says no kind went out as @misc{howpublished}, PNAS ("Proceedings
    of ...") as @inproceedings, and volume, number, publisher and ISBN were dropped."""
    (isolated / "in.bib").write_text(r"""@article{hochreiter1997long,
  title = {Long Short-Term Memory}, author = {Hochreiter, Sepp and Schmidhuber, J{\"u}rgen},
  journal = {Neural computation}, volume = {9}, number = {8}, pages = {1735--1780},
  year = {1997}, publisher = {MIT Press}}
@article{hopfield1982neural, title = {Neural Networks and Physical Systems},
  author = {Hopfield, John J}, year = {1982}, volume = {79}, number = {8},
  journal = {Proceedings of the National Academy of Sciences}}
@book{goodfellow2016deep, title = {Deep Learning}, author = {Goodfellow, Ian},
  publisher = {MIT Press}, isbn = {978-0262035613}, year = {2016}}
@phdthesis{doe2020thesis, title = {A Thesis}, author = {Doe, Jane}, school = {MIT},
  year = {2020}}
@article{brown2020language, title = {Language Models are Few-Shot Learners},
  author = {Brown, Tom}, journal = {arXiv preprint arXiv:2005.14165}, year = {2020}}
""")
    assert rl("import", "in.bib", "--cat", "other").exit_code == 0
    found = entries(export(rl, "-f", "bibtex"))
    lstm = found["hochreiter1997long"]
    assert lstm.entry_type == "article" and lstm["journal"] == "Neural computation"
    assert (lstm["volume"], lstm["number"], lstm["publisher"]) == ("9", "8", "MIT Press")
    assert found["hopfield1982neural"].entry_type == "article"
    book = found["goodfellow2016deep"]
    assert (book.entry_type, book["publisher"], book["isbn"]) == ("book", "MIT Press",
                                                                  "978-0262035613")  # fmt: skip
    assert (found["doe2020thesis"].entry_type, found["doe2020thesis"]["school"]) == (
        "phdthesis", "MIT")  # fmt: skip
    assert found["brown2020language"].entry_type == "misc"  # an @article in no journal
    latex = entries(export(rl, "-f", "biblatex"))
    assert latex["hochreiter1997long"]["journaltitle"] == "Neural computation"
    assert (latex["doe2020thesis"].entry_type, latex["doe2020thesis"]["type"]) == (
        "thesis", "phdthesis")  # fmt: skip
    items = {i["id"]: i for i in json.loads(export(rl, "-f", "csl-json"))}
    assert (items["hochreiter1997long"]["type"], items["hochreiter1997long"]["volume"],
            items["hochreiter1997long"]["issue"]) == ("article-journal", "9", "8")  # fmt: skip
    assert (items["goodfellow2016deep"]["type"], items["goodfellow2016deep"]["ISBN"]) == (
        "book", "978-0262035613")  # fmt: skip
    assert (items["doe2020thesis"]["type"], items["doe2020thesis"]["publisher"]) == (
        "thesis", "MIT")  # fmt: skip
    # Another venue (a source's, the user's): the details were the other venue's.
    [lstm_id] = [p.id for p in kb.papers() if p.title == "Long Short-Term Memory"]
    kb.update_paper(lstm_id, {"venue": "NeurIPS 1997"})
    moved = entries(export(rl, "-f", "bibtex"))["hochreiter1997long"]
    assert moved.entry_type == "inproceedings" and "volume" not in moved.fields_dict


def test_csl_json_details_go_out_as_bibtex(rl, isolated):
    item = {"id": "lecun2015", "type": "article-journal", "title": "Deep learning",
            "container-title": "Nature", "volume": "521", "issue": "7553", "page": "436-444",
            "publisher": "Springer Science and Business Media LLC", "DOI": "10.1038/nature14539",
            "issued": {"date-parts": [[2015, 5, 27]]}}  # fmt: skip
    (isolated / "one.json").write_text(json.dumps(item))
    assert rl("import", "one.json", "--cat", "other").exit_code == 0
    entry = entries(export(rl))["lecun2015"]
    assert (entry.entry_type, entry["journal"], entry["volume"], entry["number"]) == (
        "article", "Nature", "521", "7553")  # fmt: skip
    again = json.loads(export(rl, "-f", "csl-json"))[0]
    assert {k: again[k] for k in ("type", "volume", "issue", "publisher")} == {
        k: item[k] for k in ("type", "volume", "issue", "publisher")}  # fmt: skip


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_the_biblatex_export_as_stored(rl, papers, isolated):
    export(rl, "-f", "biblatex", "-o", "refs.bib")
    done = subprocess.run(["biber", "--tool", "--output-file=out.bib", "refs.bib"],
                          cwd=isolated, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARN" not in done.stdout and "ERROR" not in done.stdout
    # biber rewrites the file its own way ("Rønnow, Troels F.", its own field order)
    back = {e.citation_key: e.fields for e in
            bibtex.read((isolated / "out.bib").read_text()).entries}  # fmt: skip
    for paper in papers:
        stored = back[next(k for k in back if back[k]["title"] == paper.title)]
        assert stored["authors"] == paper.authors


def test_citation_keys_never_change_once_given(rl, kb, papers):
    first = entries(export(rl, "-f", "bibtex"))
    kb.update_paper(1, {"title": "Transformers", "authors": ["Someone Else"], "year": 2020})
    kb.add_paper({"title": "Attention, Again", "category": "llm", "year": 2017,
                  "authors": ["Ashish Vaswani"]})  # fmt: skip
    again = entries(export(rl, "-f", "biblatex"))
    assert set(first) < set(again)
    assert again["vaswani2017attention"]["title"] == "{Transformers}"
    assert "vaswani2017attentionb" in again  # a, then b: the a was taken
    csl = json.loads(export(rl, "-f", "csl-json"))
    assert {item["id"] for item in csl} == set(again)


# citeproc-py predates CSL 1.0.2's citation-key variable, which Pandoc and Zotero read.
@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_csl_json_formats_with_citeproc(rl, papers):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(export(rl, "--format", "csl-json"))
    preprint = next(i for i in items if i["id"] == "schulman2017proximal")
    assert preprint["number"] == "arXiv:1707.06347"
    assert preprint["DOI"] == "10.48550/arXiv.1707.06347"
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(papers)
    for paper in papers:
        entry = next(r for r in rendered if paper.title in r)
        assert str(paper.year) in entry
        family = "Vaswani" if paper.authors[0] == "Ashish Vaswani" else None
        if family:
            assert entry.startswith(family)
    tricky = next(r for r in rendered if TRICKY_TITLE in r)
    assert tricky.startswith("Schrödinger, E. et al. (1926)")
    names = next(i for i in items if i["title"] == TRICKY_TITLE)["author"]
    assert names[2:6] == [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"literal": "OpenAI"},
        {"literal": "Barnes and Noble"},
    ]


def test_jsonl_is_one_sorted_line_per_category_and_paper(rl, kb, papers):
    lines = [json.loads(line) for line in export(rl, "-f", "jsonl").splitlines()]
    categories = [line for line in lines if line["type"] == "category"]
    assert [c["slug"] for c in categories] == [c.slug for c in kb.categories()]
    assert lines[: len(categories)] == categories
    assert [p["id"] for p in lines[len(categories) :]] == [p.id for p in kb.papers()]
    raw = export(rl, "-f", "jsonl").splitlines()
    assert all(list(json.loads(line)) == sorted(json.loads(line)) for line in raw)
    first = next(p for p in lines if p.get("id") == 1)
    assert first["notes"][0]["text"] == "Multi-head attention.\n\nSecond *paragraph*."
    assert first["citation_key"] is None  # none given yet: JSON Lines cites by nothing


def test_csv_has_a_row_per_paper(rl, papers):
    rows = list(csv.DictReader(io.StringIO(export(rl, "-f", "csv"))))
    assert [r["title"] for r in rows] == [p.title for p in papers]
    attention = next(r for r in rows if r["id"] == "1")
    assert attention["authors"] == "Ashish Vaswani; Noam Shazeer; Łukasz Kaiser"
    assert attention["notes"] == "Multi-head attention.\n\nSecond *paragraph*."


def test_markdown_lists_papers_under_their_headings(rl, papers):
    text = export(rl, "-f", "markdown", "--cat", "llm")
    assert text.startswith("## LLMs\n\n- [Attention Is All You Need]"
                           "(https://arxiv.org/abs/1706.03762). Ashish Vaswani, ")  # fmt: skip
    assert "  - Multi-head attention. Second \\*paragraph\\*." in text
    assert "## Survey" not in text


def test_refs_cat_and_status_choose_the_papers(rl, papers):
    keys = sorted(entries(export(rl, "1707.06347", "Emergent", "#1")))
    assert keys == ["schulman2017proximal", "vaswani2017attention", "wei2022emergent"]
    assert sorted(entries(export(rl, "--cat", "llm", "--status", "read"))) == [
        "vaswani2017attention"]  # fmt: skip
    r = rl("export", "nothing like this")
    assert r.exit_code == 1 and r.stderr.startswith("Error: no paper matches")


def test_output_file_format_from_its_suffix(rl, papers, isolated):
    r = rl("export", "-o", "refs.json")
    assert r.exit_code == 0, r.stderr
    assert "Exported 6 paper(s) as csl-json to refs.json." in r.stderr
    assert r.stdout == ""
    assert len(json.loads((isolated / "refs.json").read_text())) == 6
    assert rl("export", "-o", "list.md").exit_code == 0
    assert (isolated / "list.md").read_text().startswith("## Survey")
    assert rl("export", "-o", "refs.txt").exit_code == 0  # unknown suffix: BibTeX
    assert (isolated / "refs.txt").read_text().startswith("@article{wei2022emergent,")


def test_a_bad_format_or_output_changes_nothing(rl, papers, isolated, db_file):
    before = state(db_file, isolated)
    r = rl("export", "--format", "ris")
    assert r.exit_code == 1
    assert "Error: unknown format 'ris'. Use one of: bibtex, biblatex, csl-json" in r.stderr
    r = rl("export", "-o", str(Path("missing") / "refs.bib"))
    assert r.exit_code == 1 and "does not exist" in r.stderr
    assert state(db_file, isolated) == before  # not even citation keys were given


def test_export_replaces_the_file_whole(rl, papers, isolated):
    (isolated / "refs.bib").write_text("old")
    (isolated / "refs.bib").chmod(0o640)
    assert rl("export", "-o", "refs.bib").exit_code == 0
    assert (isolated / "refs.bib").read_text().startswith("@article{wei2022emergent,")
    assert (isolated / "refs.bib").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in isolated.iterdir() if p.is_file() and "kb" not in p.name) == [
        "refs.bib"]  # fmt: skip


@pytest.mark.parametrize("args", [["--help"], ["list"], ["search", "memory"]])
def test_everyday_commands_load_no_exchange_library(args, db_file):
    """bibtexparser, pylatexenc and Datasette load only when a file is exported, imported or
    served."""
    code = (
        "import sys\n"
        "from readinglist.cli import app\n"
        f"sys.argv = ['rl', '--db', {str(db_file)!r}, *{args!r}]\n"
        "try:\n    app()\n"
        "except SystemExit:\n    pass\n"
        "print([m for m in ('bibtexparser', 'pylatexenc', 'datasette', 'citeproc')"
        " if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("venue", "entry_type", "name"),
    [
        ("NeurIPS 2017", "inproceedings", "NeurIPS 2017"),
        ("Proc. of the 40th ACL, pages 311--318", "inproceedings", "Proc. of the 40th ACL"),
        ("IJCAI 2020, DOI 10.24963/ijcai.2020/517, pp. 3737-3743", "inproceedings", "IJCAI 2020"),
        ("ICML 2015 Deep Learning Workshop (arXiv preprint)", "inproceedings", None),
        ("Transactions of the ACL", "article", "Transactions of the ACL"),
        ("Nature Physics", "article", "Nature Physics"),
        ("OpenAI technical report (GPT-1), 2018", "techreport", None),
        ("arXiv preprint (v1 31 Dec 2022); later EMNLP 2024", "misc", ""),
        ("Pages of Wisdom", "misc", "Pages of Wisdom"),
    ],
)
def test_the_entry_type_follows_the_venue(rl, kb, venue, entry_type, name):
    kb.add_paper({"title": "A Paper", "category": "other", "venue": venue, "year": 2020})
    [entry] = entries(export(rl)).values()
    assert entry.entry_type == entry_type
    field = {"inproceedings": "booktitle", "article": "journal", "techreport": "institution",
             "misc": "howpublished"}[entry_type]  # fmt: skip
    written = entry.fields_dict.get(field)
    assert (written.value if written else "") == (venue if name is None else name)
