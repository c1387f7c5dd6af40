"""Properties that hold for any input, checked on inputs hypothesis makes up: the title
cleaner, the search query reader, and BibTeX and JSON Lines round trips."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from readinglist.errors import InvalidInput
from readinglist.library import check_title, open_library
from readinglist.matching import normalise_title, parse_title
from readinglist.readme.words import section_kind, status_of
from readinglist.search import build_match, search

# Every example runs in its own knowledge base; the function-scoped fixtures (the isolated
# folder, the rl runner) are the same for all of them, as hypothesis wants to be told.
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    # Not the explain phase: over examples that each run rl, it took minutes to report.
    phases=[phase for phase in Phase if phase != Phase.explain],
)

# Text as people paste it: any letters, digits, punctuation, symbols and spaces, controls too.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
words = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)


@given(any_text)
def test_a_title_is_one_line_with_a_word_or_refused(text):
    try:
        title = check_title(text)
    except InvalidInput:
        assert not any(ch.isalnum() for ch in text)
        return
    assert title == " ".join(title.split()) and "\n" not in title
    assert normalise_title(title)  # the duplicate key of a stored title is never empty
    assert check_title(title) == title


@given(any_text)
def test_normalising_a_title_is_stable(text):
    key = normalise_title(text)
    assert normalise_title(key) == key
    assert normalise_title(text.upper()) == normalise_title(text.lower()) or not text.isascii()
    assert key == key.strip() and "  " not in key


@given(st.lists(words, min_size=1, max_size=8), st.sampled_from(["(2017)", "(Zhang 2020a)", ""]))
def test_a_prefix_label_never_changes_the_title_found(title_words, prefix):
    title = " ".join(title_words)
    parsed = parse_title(f"{prefix}{title}")
    assert parsed.key == normalise_title(title) or parsed.key == normalise_title(parsed.title)
    assert normalise_title(title) in {normalise_title(r) for r in parsed.readings}


@EXAMPLES
@given(any_text)
def test_any_typed_query_is_a_result_or_a_clear_error(isolated, text):
    with tempfile.TemporaryDirectory() as folder:
        kb = open_library(Path(folder) / "kb.sqlite")
        kb.add_paper({"title": "Memory Networks", "category": "other", "abstract": "memory"})
        try:
            try:
                build_match(text)
            except InvalidInput:
                return
            results = search(kb, text)  # an FTS5 syntax error would raise sqlite3's own
            assert isinstance(results, list)
        finally:
            kb.close()


# -- round trips through files ----------------------------------------------------------------

name_part = st.text(
    st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x17F), min_size=2, max_size=10
).map(str.capitalize)
author = st.builds(lambda given, family: f"{given} {family}", name_part, name_part)
# Titles with the characters LaTeX treats specially, accents and other scripts.
title_text = st.text(
    st.characters(
        whitelist_categories=("L", "N", "Zs", "Pd", "Po", "Sm", "Sc"),
        blacklist_characters="\u00a0\u2007\u202f",
    )
    | st.sampled_from(list("{}\\$%&#_^~<>|*[]")),
    min_size=1,
    max_size=60,
).map(lambda t: " ".join(t.split()))
paper = st.fixed_dictionaries(
    {
        "title": title_text.filter(lambda t: any(ch.isalnum() for ch in t)),
        "authors": st.lists(author, min_size=1, max_size=4),
        "year": st.integers(1950, 2030),
        "venue": st.none() | st.sampled_from(["NeurIPS", "ACL 2020", "Proc. of EMNLP"]),
        "doi": st.none()
        | st.from_regex(r"10\.[0-9]{4,5}/[a-z0-9]([a-z0-9.]{0,10}[a-z0-9])?", fullmatch=True),
    }
)
papers = st.lists(paper, min_size=1, max_size=5, unique_by=lambda p: normalise_title(p["title"]))


def _store(db: Path, items: list[dict]) -> None:
    kb = open_library(db)
    for item in items:
        fields = {k: v for k, v in item.items() if v is not None}
        kb.add_paper({**fields, "category": "other"})
    kb.close()


def _listed(rl, db: Path) -> list[dict]:
    return [
        {k: p[k] for k in ("title", "authors", "year", "venue", "doi")}
        for p in rl("--db", str(db), "list", "--json").json()
    ]


@EXAMPLES
@given(papers)
def test_bibtex_export_then_import_gives_the_same_papers(rl, isolated, items):
    with tempfile.TemporaryDirectory() as folder:
        first, second, bib = (Path(folder) / n for n in ("a.sqlite", "b.sqlite", "out.bib"))
        _store(first, items)
        exported = rl("--db", str(first), "export", "--format", "bibtex", "-o", str(bib))
        assert exported.exit_code == 0, exported.stderr
        imported = rl("--db", str(second), "import", str(bib), "--cat", "other")
        assert imported.exit_code == 0, imported.stderr
        assert _listed(rl, second) == _listed(rl, first)


@EXAMPLES
@given(papers, st.lists(any_text.filter(str.strip), max_size=2))
def test_json_lines_export_then_import_is_the_identity(rl, isolated, items, notes):
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.sqlite", Path(folder) / "b.sqlite"
        _store(first, items)
        for note in notes:
            rl("--db", str(first), "note", "1", note)
        out_first, out_second = Path(folder) / "a.jsonl", Path(folder) / "b.jsonl"
        assert rl("--db", str(first), "export", "-o", str(out_first)).exit_code == 0
        imported = rl("--db", str(second), "import", str(out_first))
        assert imported.exit_code == 0, imported.stderr
        assert rl("--db", str(second), "export", "-o", str(out_second)).exit_code == 0
        assert out_second.read_bytes() == out_first.read_bytes()
        rows = [json.loads(line) for line in out_first.read_text().splitlines()]
        assert [r["title"] for r in rows if "title" in r] == [i["title"] for i in items]


@pytest.mark.parametrize("text", ["", "   ", "\x00", "***", "-", '"'])
def test_queries_with_nothing_to_look_for_are_clear_errors(text):
    with pytest.raises(InvalidInput):
        build_match(text)


# -- a README rendered, then read back ----------------------------------------------------------

# Words of a title: a letter, then letters and digits, with what Markdown would act on
# inside them (a title of digits alone is no title a reading list has). Not the ligatures
# (ﬁ, ﬀ): the reader writes them out, as a title pasted from a PDF needs.
letters = st.characters(whitelist_categories=("L", "N"), blacklist_characters="ﬀﬁﬂﬃﬄﬅﬆ")
word = st.builds(
    lambda letter, head, mark, tail: letter + head + mark + tail,
    st.characters(whitelist_categories=("L",), blacklist_characters="ﬀﬁﬂﬃﬄﬅﬆ"),
    st.text(letters, max_size=7),
    st.sampled_from(["", "", "", "|", "*", "_", "[", "]", "`", "~", "$", "<", ">", "&", "-", "'"]),
    st.text(letters, min_size=1, max_size=8),
)
# Not a title that calls itself a book or a blog post: the reader files those apart from the
# papers on purpose (a reading list's "Deep Learning (book)" is no paper to look up).
readme_title = (
    st.lists(word, min_size=2, max_size=7)
    .map(" ".join)
    .filter(lambda title: not re.search(r"\b(text)?book\b|\bblog\b|教材|书籍", title, re.I))
)
reading_list = st.lists(
    st.tuples(
        # The group's heading; not one the reader takes for a section of something other
        # than papers ("Books", "License") or for a status ("To read"), as it does on purpose.
        st.lists(word, min_size=1, max_size=3)
        .map(" ".join)
        .filter(lambda h: section_kind(h) is None and status_of(h) is None),
        st.lists(readme_title, min_size=1, max_size=4),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda group: normalise_title(group[0]),
)


@EXAMPLES
@pytest.mark.parametrize(
    "template", ["README.md.j2", "reading-list-bullets.md.j2", "reading-list-table.md.j2"]
)
@given(reading_list)
def test_a_rendered_reading_list_reads_back_as_it_was(rl, isolated, template, groups):
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.sqlite", Path(folder) / "b.sqlite"
        kb = open_library(first)
        for n, (heading, titles) in enumerate(groups):
            kb.add_category(f"group-{n}", heading)
            for title in titles:
                if normalise_title(title) not in seen:  # a title listed twice is one paper
                    seen.add(normalise_title(title))
                    kb.add_paper({"title": title, "category": f"group-{n}", "status": "read"})
        kb.close()
        readme = Path(folder) / "README.md"
        rendered = rl("--db", str(first), "render", "--template", template).stdout
        readme.write_text(rendered, encoding="utf-8")
        r = rl("--db", str(second), "import-readme", str(readme), "--no-input")
        assert r.exit_code == 0, r.stderr
        again = rl("--db", str(second), "render", "--template", template).stdout
        assert again == rendered
