"""Rendering: GitHub-safe cells, the sandbox, and errors that name the template and line."""

from pathlib import Path

import pytest
from gfm import parse, tables

from readinglist import render
from readinglist.errors import InvalidInput, NotFound

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

HOSTILE_TITLES = [
    "Pipes | in | the title",
    "Line one\nline two\r\nline three",
    "<script>alert(1)</script> and <b>bold</b>",
    "Fish & Chips &amp; &#x41; entities",
    "*stars* and _underscores_ and **strong** and __strong__",
    "~~struck~~ and `code` and $x^2$ math",
    "[a link](https://evil.example) and ![an image](x.png)",
    "Ends with a backslash \\",
    "Back\\slash before \\| a pipe",
    "<https://autolink.example> and # not a heading",
    "Unicode: naïve café — 中文 😀",
]


def rich_rows(markdown: str) -> list[list[str]]:
    """Cells of every table body row in the rich list, in order."""
    return [row for table in tables(markdown) for row in table[1:]]


def test_cell_escapes_what_markdown_and_html_would_act_on():
    assert render.cell("a | b") == "a \\| b"
    assert render.cell("x\ny") == "x y"
    assert render.cell("<b> & </b>") == "&lt;b&gt; &amp; &lt;/b&gt;"
    assert render.cell("*a* _b_ ~c~") == "\\*a\\* \\_b\\_ \\~c\\~"
    assert render.cell("ends \\") == "ends &#92;"  # never escapes the closing pipe
    assert render.cell(None) == ""


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_title_is_one_cell_that_reads_exactly_as_the_title(kb, title):
    kb.add_paper({"title": title, "category": "other", "arxiv_id": "1706.03762"})
    out = render.render(kb, "reading-list.md.j2")
    found = parse(out)
    assert len(found.tables) == 1
    assert found.tables[0][1] == [" ".join(title.split()), "", ""]
    assert found.links[0][1][0] == "https://arxiv.org/abs/1706.03762"
    # No HTML from the title reaches the page.
    assert not {"script", "b", "em", "strong", "del", "code", "img"} & set(found.tags)


def test_every_hostile_title_in_one_list(kb):
    for i, title in enumerate(HOSTILE_TITLES):
        kb.add_paper({"title": title, "category": "other", "year": 2000 + i})
    rows = rich_rows(render.render(kb, "reading-list.md.j2"))
    assert [r[0] for r in rows] == [" ".join(t.split()) for t in HOSTILE_TITLES]
    assert [r[2] for r in rows] == [str(2000 + i) for i in range(len(HOSTILE_TITLES))]


def test_labels_are_markdown_kept_as_written_one_cell_per_row(kb):
    labels = ["(2015)A \\[Note\\] *kept*", "A label | with a bare pipe", "Line\nbreak", "Ends \\"]
    for label in labels:
        kb.add_paper({"title": label.replace("\n", " ") + " t", "label": label, "category": "llm",
                      "status": "read"})  # fmt: skip
    out = render.render(kb, "README.md.j2")
    assert "|(2015)A \\[Note\\] *kept*|\n" in out
    assert "|A label \\| with a bare pipe|\n" in out
    [table] = tables(out)
    assert [len(r) for r in table] == [1] * 5
    assert [r[0] for r in table] == ["LLMs", "(2015)A [Note] kept", "A label | with a bare pipe",
                                     "Line break", "Ends \\"]  # fmt: skip


def test_markdown_cell_changes_nothing_a_table_cell_can_hold():
    for label in ["(2018b) \\[Note\\] Personalizing", "A \\| B", "x  y", "<b>b</b> &amp;"]:
        assert render.markdown_cell(label) == label


def test_links_go_to_arxiv_then_doi_then_url(kb):
    kb.add_paper({"title": "On arXiv", "category": "other", "arxiv_id": "1706.03762v5"})
    kb.add_paper({"title": "Has a DOI", "category": "other", "doi": "10.1002/(SICI)1097<x>|y"})
    kb.add_paper({"title": "Has a URL", "category": "other", "url": "https://x.org/a b(c)"})
    kb.add_paper({"title": "Not a web URL", "category": "other", "url": "javascript:alert(1)"})
    found = parse(render.render(kb, "reading-list.md.j2"))
    assert [row[0] for row in found.links[0][1:]] == [
        "https://arxiv.org/abs/1706.03762",
        "https://doi.org/10.1002/(SICI)1097%3Cx%3E%7Cy",
        "https://x.org/a%20b(c)",
        None,
    ]
    assert [row[0] for row in found.tables[0][1:]] == [
        "On arXiv", "Has a DOI", "Has a URL", "Not a web URL",
    ]  # fmt: skip


def test_rich_list_shows_first_author_year_and_counts(kb):
    kb.add_paper({"title": "Solo", "category": "llm", "authors": ["Ada L."], "year": 2019,
                  "status": "read"})  # fmt: skip
    kb.add_paper({"title": "Team", "category": "llm", "authors": ["A. Vaswani", "N. S."],
                  "status": "read"})  # fmt: skip
    kb.add_paper({"title": "Elsewhere", "category": "rl", "status": "read"})
    out = render.render(kb, "reading-list.md.j2")
    assert "### LLMs (2)\n" in out
    assert "### Reinforcement learning (1)\n" in out
    assert "Survey" not in out  # empty sections are left out
    assert rich_rows(out) == [
        ["Solo", "Ada L.", "2019"],
        ["Team", "A. Vaswani et al.", ""],
        ["Elsewhere", "", ""],
    ]


def test_note_rows_follow_their_paper(kb):
    first = kb.add_paper({"title": "First", "category": "other", "status": "read"}).id
    kb.add_paper({"title": "Second", "category": "other", "status": "read"})
    kb.add_note(first, "just a note")
    kb.add_note(first, "row", label="(x) \\[Note\\] First")
    [table] = tables(render.render(kb, "README.md.j2"))
    assert [r[0] for r in table] == ["other", "First", "(x) [Note] First", "Second"]


def test_output_is_deterministic(kb):
    for title in HOSTILE_TITLES:
        kb.add_paper({"title": title, "category": "dialogue"})
    first = render.render(kb, "reading-list.md.j2")
    assert render.render(kb, "reading-list.md.j2") == first
    assert "\r" not in first


def test_an_empty_knowledge_base_renders(kb):
    assert "Nothing yet" in render.render(kb)
    assert render.render(kb, "reading-list.md.j2").strip() == "No papers yet."


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_syntax_error_names_the_template_and_line(kb, isolated):
    broken = write(isolated / "broken.md.j2", "# Title\n\n{% for p in papers %}\n{{ p.title }\n")
    with pytest.raises(InvalidInput) as e:
        render.render(kb, broken)
    assert e.value.message.startswith("template broken.md.j2, line 4: unexpected '}'")


def test_an_error_while_rendering_names_the_template_and_line(kb, isolated):
    kb.add_paper({"title": "T", "category": "other"})
    template = "ok\n{% for p in papers %}\n{{ p.titel }}\n{% endfor %}\n"
    write(isolated / "templates" / "typo.md.j2", template)
    with pytest.raises(InvalidInput) as e:
        render.render(kb, "typo.md.j2")
    assert e.value.message.startswith("template templates/typo.md.j2, line 3: UndefinedError:")
    assert "'titel'" in e.value.message


def test_an_error_in_an_included_template_names_that_template(kb, isolated):
    write(isolated / "templates" / "part.md.j2", "fine\n{{ nothing_here }}\n")
    main = write(isolated / "main.md.j2", "{% include 'part.md.j2' %}\n")
    with pytest.raises(InvalidInput) as e:
        render.render(kb, main)
    assert e.value.message.startswith("template templates/part.md.j2, line 2: UndefinedError")


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__[1].__subclasses__()",
        "cycler.__init__.__globals__",
        "papers.__class__.__base__",
        "lipsum.__globals__",
        "'x' * 10**9",
        "2 ** 10000000",
    ],
)
def test_the_sandbox_blocks_unsafe_templates(kb, isolated, expression):
    evil = write(isolated / "evil.md.j2", f"line one\n{{{{ {expression} }}}}\n")
    with pytest.raises(InvalidInput) as e:
        render.render(kb, evil)
    assert e.value.message.startswith("template evil.md.j2, line 2: SecurityError")


def test_lookup_order_path_then_local_templates_then_defaults(kb, isolated):
    assert "### Hi there" in render.render(kb, "README.md.j2")  # the shipped default
    write(isolated / "templates" / "README.md.j2", "local\n")
    assert render.render(kb) == "local\n"
    assert render.render(kb, write(isolated / "mine" / "README.md.j2", "path\n")) == "path\n"


def test_an_unknown_template_lists_the_defaults(kb):
    with pytest.raises(NotFound) as e:
        render.render(kb, "nope.md.j2")
    assert "no template 'nope.md.j2'" in e.value.message
    assert (
        "(README.md.j2, reading-list-bullets.md.j2, reading-list-table.md.j2, "
        "reading-list.md.j2)" in e.value.message
    )


def test_size_warning_over_450_kb():
    assert render.size_warning("x" * 450 * 1024) is None
    warning = render.size_warning("é" * 240 * 1024)  # two bytes each in UTF-8
    assert warning is not None
    assert "480 KB; GitHub stops rendering a README at 512 KB" in warning


def by_status(kb):
    kb.add_paper({"title": "Read It", "category": "llm", "status": "read"})
    kb.add_paper({"title": "Reading It", "category": "llm", "status": "reading"})
    kb.add_paper({"title": "Later One", "category": "rl", "status": "to-read"})
    kb.add_paper({"title": "Later Two", "category": "llm", "status": "to-read"})


def test_the_profile_lists_only_read_papers_as_read_and_the_others_apart(kb):
    by_status(kb)
    out = render.render(kb, "README.md.j2")
    have_read, rest = out.split("## Reading now:")
    [table] = tables(have_read)
    assert [r[0] for r in table] == ["LLMs", "Read It"]
    reading, to_read = rest.split("## To read:")
    assert reading.strip() == "- Reading It"
    assert to_read.strip() == "- Later Two\n- Later One"  # in the order of the list


def test_the_rich_list_has_a_section_for_reading_and_one_for_to_read(kb):
    by_status(kb)
    out = render.render(kb, "reading-list.md.j2")
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    assert headings == ["### LLMs (1)", "### Reading now (1)", "### To read (2)"]
    assert [r[0] for r in rich_rows(out)] == ["Read It", "Reading It", "Later Two", "Later One"]


def test_no_status_section_without_papers_of_that_status(kb):
    kb.add_paper({"title": "Read It", "category": "llm", "status": "read"})
    for template in ("README.md.j2", "reading-list.md.j2"):
        out = render.render(kb, template)
        assert "Reading now" not in out and "To read" not in out
    kb.add_paper({"title": "Later", "category": "llm", "status": "to-read"})
    assert "Reading now" not in render.render(kb, "README.md.j2")


def test_nothing_read_yet_still_lists_what_is_to_read(kb):
    kb.add_paper({"title": "Later", "category": "llm", "status": "to-read"})
    out = render.render(kb, "reading-list.md.j2")
    assert out.startswith("Nothing read yet.\n\n### To read (1)\n")
    profile = render.render(kb, "README.md.j2")
    assert "## Have read:\n\nNothing read yet.\n\n## To read:\n\n- Later\n" in profile


def test_the_users_own_profile_template_holds_only_what_was_read(kb):
    """templates/README.md.j2 is the user's page: a paper still to read is not on it."""
    by_status(kb)
    template = Path(__file__).resolve().parent.parent / "templates" / "README.md.j2"
    out = render.render(kb, str(template))
    [table] = tables(out)
    assert [r[0] for r in table] == ["LLMs", "Read It"]
    assert "Reading It" not in out and "Later" not in out
