"""The built-in templates for the shapes reading lists are kept in: bullets under a heading per
group, and a table per group. Both link every title; `rl import-readme` reads what they render
back as it was, so a README kept in either shape can be rendered from the knowledge base."""

from pathlib import Path

import pytest
from gfm import parse

from readinglist.readme import read_readme

READMES = Path(__file__).parent / "fixtures" / "readmes"
TEMPLATES = ["reading-list-bullets.md.j2", "reading-list-table.md.j2"]


@pytest.fixture
def imported(rl) -> list[dict]:
    for name in ("status-sections.md", "tables.md", "other-languages.md"):
        assert rl("import-readme", str(READMES / name), "--no-input").exit_code == 0
    return rl("list", "--json").json()


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_rendered_list_reads_back_as_it_was(rl, imported, template):
    rendered = rl("render", "--template", template)
    assert rendered.exit_code == 0, rendered.stderr
    reading = read_readme(rendered.stdout)
    headings = {c["slug"]: c["heading"] for c in rl("cat", "list", "--json").json()}
    expected: dict[str, list[str]] = {}
    for paper in imported:
        expected.setdefault(headings[paper["category"]], []).append(paper["title"])
    assert [(s.heading, [r.title for r in s.rows]) for s in reading.sections] == list(
        expected.items()
    )
    assert reading.skipped == []
    for paper, row in zip(imported, reading.rows, strict=True):
        assert (row.arxiv_id, row.doi, row.year) == (paper["arxiv_id"], paper["doi"], paper["year"])
        if not paper["arxiv_id"] and not paper["doi"]:
            assert row.url == paper["url"]
        if template == TEMPLATES[1]:  # the table says all three statuses; the boxes two
            assert row.status == paper["status"]
        else:
            assert (row.status == "read") == (paper["status"] == "read")


def test_the_table_links_every_title_that_has_a_link(rl, imported):
    out = rl("render", "--template", "reading-list-table.md.j2").stdout
    found = parse(out)
    rows = [row for table in found.tables for row in table[1:]]
    links = [row[0] for table in found.links for row in table[1:]]
    assert [r[0] for r in rows] == [p["title"] for p in imported]
    for paper, link in zip(imported, links, strict=True):
        if paper["arxiv_id"]:
            assert link == f"https://arxiv.org/abs/{paper['arxiv_id']}"
        else:
            assert link == paper["url"]
    assert {r[4] for r in rows} == {"✅", "📖", "🔜"}


def test_bullets_link_titles_and_box_the_read_ones(rl, imported):
    out = rl("render", "--template", "reading-list-bullets.md.j2").stdout
    assert "## Read\n\n- [x] [Attention Is All You Need](https://arxiv.org/abs/1706.03762) " in out
    assert "by Ashish Vaswani - NIPS 2017\n" in out
    assert "- [ ] [ResNet](https://arxiv.org/abs/1512.03385) - 2015\n" in out
