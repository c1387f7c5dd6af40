"""rl search: stemming, ranking, forgiving queries, --raw, filters, JSON, suggestions."""

from __future__ import annotations

import contextlib
import random
from typing import Any

import pytest

from readinglist.errors import InvalidInput
from readinglist.library import Library
from readinglist.search import Match, build_match, search, suggest

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")


def add(kb: Library, title: str, **fields: Any) -> int:
    fields.setdefault("category", "other")
    return kb.add_paper({"title": title, **fields}, force=True).id


@pytest.fixture
def kb(kb: Library) -> Library:
    """A small reading list to search."""
    add(
        kb,
        "Memory Networks",
        authors=["Jason Weston", "Sumit Chopra"],
        year=2014,
        abstract="We describe a new class of learning models called memory networks.",
        category="dialogue",
    )
    add(
        kb,
        "End-To-End Memory Networks",
        year=2015,
        category="dialogue",
        abstract="A neural network with a recurrent attention model over a large external memory.",
    )
    add(
        kb,
        "Attention Is All You Need",
        authors=["Ashish Vaswani"],
        year=2017,
        category="llm",
        abstract="The dominant sequence transduction models are based on recurrent networks.",
        status="reading",
    )
    add(
        kb,
        "Playing Atari with Deep Reinforcement Learning",
        year=2013,
        category="rl",
        abstract="We present the first deep learning model to learn control policies.",
    )
    add(
        kb,
        "Generative Agents",
        label="(2023)Generative Agents",
        year=2023,
        category="llm",
        abstract="Agents that store memories of their experiences and retrieve them to plan.",
    )
    return kb


def titles(results: list[dict[str, Any]]) -> list[str]:
    return [r["title"] for r in results]


def test_stemming_finds_other_forms_of_a_word(kb):
    memory = set(titles(search(kb, "memory")))
    assert memory == {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}
    assert set(titles(search(kb, "memories"))) == memory
    assert set(titles(search(kb, "agent"))) == {"Generative Agents"}


def test_bare_words_are_anded(kb):
    assert titles(search(kb, "memory external")) == ["End-To-End Memory Networks"]
    assert search(kb, "memory atari") == []


def test_accents_and_case_are_folded(kb):
    add(kb, "Kernel Methods", authors=["Bernhard Schölkopf"])
    assert titles(search(kb, "scholkopf")) == ["Kernel Methods"]
    assert titles(search(kb, "SCHÖLKOPF")) == ["Kernel Methods"]


def test_ranking_follows_field_weights(kb):
    # The same rare word in a different field of each paper, texts of equal length.
    pdf = add(kb, "Paper Five", abstract="filler words only here")
    notes = add(kb, "Paper Four", abstract="filler words only here")
    abstract = add(kb, "Paper Three", abstract="filler words zebra here")
    authors = add(kb, "Paper Two", authors=["Zebra Smith"], abstract="filler words only here")
    title = add(kb, "Zebra Paper", abstract="filler words only here")
    kb.add_note(notes, "filler words zebra here")
    with kb.conn:
        kb.conn.execute(
            "INSERT INTO pdf_texts (paper_id, text) VALUES (?, ?)", (pdf, "filler words zebra here")
        )
    ranked = [r["id"] for r in search(kb, "zebra")]
    assert ranked[:2] == [title, authors]
    assert set(ranked[2:4]) == {abstract, notes}
    assert ranked[4] == pdf
    scores = [r["score"] for r in search(kb, "zebra")]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1] > 0


def test_label_is_searched(kb):
    assert titles(search(kb, "2023")) == ["Generative Agents"]


# What each hostile query means; see the readinglist.search docstring.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"memory networks"', {"Memory Networks", "End-To-End Memory Networks"}),
        ('"networks memory"', set()),  # a phrase keeps its order
        ('"memory networks', {"Memory Networks", "End-To-End Memory Networks"}),  # unbalanced
        ('memory networks"', {"Memory Networks", "End-To-End Memory Networks"}),
        ('memory "external', {"End-To-End Memory Networks"}),
        ("memor*", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("*memory", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("mem*ory", set()),  # an inner * is a separator: "mem ory" as a phrase
        ("networks -end", {"Memory Networks", "Attention Is All You Need"}),
        ("networks NOT end", {"Memory Networks", "Attention Is All You Need"}),
        ('networks -"end to end"', {"Memory Networks", "Attention Is All You Need"}),
        (
            "atari OR transformer OR attention",
            {
                "Playing Atari with Deep Reinforcement Learning",
                "Attention Is All You Need",
                "End-To-End Memory Networks",
            },
        ),
        (
            "recurrent memory OR transduction",
            {"End-To-End Memory Networks", "Attention Is All You Need"},
        ),
        ("memory AND external", {"End-To-End Memory Networks"}),
        ("title:memory", {"Memory Networks", "End-To-End Memory Networks"}),
        (
            "abstract:memories",
            {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"},
        ),
        ("author:weston", {"Memory Networks"}),
        ('title:"memory networks"', {"Memory Networks", "End-To-End Memory Networks"}),
        ("-title:memory memory", {"Generative Agents"}),
        ("end-to-end", {"End-To-End Memory Networks"}),
        ("end:to:end", {"End-To-End Memory Networks"}),  # not a field: just text
        ("^memory", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("(memory)", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("(atari OR transformer)", {"Playing Atari with Deep Reinforcement Learning"}),
        ("NEAR(memory networks)", {"Memory Networks", "End-To-End Memory Networks"}),
        ("memory^2", set()),
        ("{title}:memory", {"Memory Networks", "End-To-End Memory Networks"}),
        ("memory OR", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("OR memory", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("memory AND AND", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("NOT NOT memory atari", set()),
        ("Attention!!! is; all, you. need?", {"Attention Is All You Need"}),
        ("all you need: attention", {"Attention Is All You Need"}),
        ("C++ OR atari", {"Playing Atari with Deep Reinforcement Learning"}),
        ("'memory'", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("100% memory", set()),
        ("\\memory/", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("mémory", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("memory 🧠", {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        ("or", set()),  # lower-case operators are words
        ("OR", set()),
    ],
)
def test_hostile_queries_give_sensible_results(kb, rl, query, expected):
    assert set(titles(search(kb, query))) == expected
    r = rl("search", "--json", "--", query)
    assert r.exit_code == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert {p["title"] for p in r.json()} == expected


@pytest.mark.parametrize(
    "query", ["", "   ", '"', '""', "***", "-", "--", ":", "^", "()", "AND", "NOT", "title:"]
)
def test_nothing_to_search_for_is_a_clear_error(kb, rl, query):
    r = rl("search", "--", query)
    if query in ("AND", "NOT", "title:"):
        # The operator word or field name alone: the person looks for the word itself.
        assert r.exit_code == 0 and "Traceback" not in r.stderr
        return
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: there is nothing to search for in")
    assert "rl search memory" in r.stderr


def test_only_exclusions_is_a_clear_error(kb, rl):
    r = rl("search", "--", "-memory")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: '-memory' only excludes words; add a word to look for, "
        'e.g. rl search "transformer -vision".\n'
    )


def test_random_queries_never_break_fts(kb):
    """Whatever is typed, the built expression is valid FTS5 (seeded, so repeatable)."""
    rng = random.Random(5)
    words = ["AND", "OR", "NOT", "NEAR", "memory", "title", "é", "ß", "中文", "\t", "\n", "0"]
    alphabet = [*"\"*-:^()+{}[]/\\.,;!?'`~@#$%&=<>|_ ", *words]
    for _ in range(2000):
        query = "".join(
            rng.choice(alphabet) + rng.choice(["", " "]) for _ in range(rng.randint(1, 12))
        )
        with contextlib.suppress(InvalidInput):  # nothing to search for: a message
            search(kb, query)


def test_build_match_examples():
    assert build_match("memory networks").stemmed == '"memory" AND "networks"'
    assert build_match("a b OR c -d").stemmed == '("a" AND ("b" OR "c")) NOT "d"'
    assert build_match("title:memory").stemmed == 'title : "memory"'
    assert build_match('say "hi').stemmed == '"say" AND "hi"'
    assert build_match('x AND "quo""te"').stemmed == '"x" AND "quo" AND "te"'
    assert build_match("NOT -x y").stemmed == '"x" AND "y"'
    # Prefixes go to the unstemmed index, and exclusions to the index of their kind.
    assert build_match('"neural machine"* -vision') == Match(
        prefixes='"neural machine"*', not_stemmed='"vision"'
    )
    assert build_match("generat* model -visio*") == Match(
        stemmed='"model"', prefixes='"generat"* NOT "visio"*'
    )


def test_raw_passes_fts5_syntax_through(kb, rl):
    r = rl("search", "--raw", "--json", "NEAR(memory external, 10) OR title:atari")
    assert r.exit_code == 0, r.stderr
    assert {p["title"] for p in r.json()} == {
        "End-To-End Memory Networks",
        "Playing Atari with Deep Reinforcement Learning",
    }


@pytest.mark.parametrize("query", ["title:(", "memory AND", '"unbalanced', "nosuchfield:x"])
def test_raw_invalid_syntax_is_a_clear_error(kb, rl, query):
    r = rl("search", "--raw", query)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: '{query}' is not a valid FTS5 query (")
    assert "drop --raw to search for the words as typed" in r.stderr
    assert "Traceback" not in r.stderr


def test_filters(kb, rl):
    assert {p["title"] for p in rl("search", "memory", "--cat", "llm", "--json").json()} == {
        "Generative Agents"
    }
    by_heading = rl("search", "memory", "--cat", "Dialogue system", "--json").json()
    assert {p["category"] for p in by_heading} == {"dialogue"}
    assert [
        p["title"] for p in rl("search", "networks", "--status", "reading", "--json").json()
    ] == ["Attention Is All You Need"]
    assert [p["title"] for p in rl("search", "memory", "--year", "2015", "--json").json()] == [
        "End-To-End Memory Networks"
    ]
    assert len(rl("search", "memory", "--limit", "2", "--json").json()) == 2
    assert len(rl("search", "memory", "-n", "1", "--json").json()) == 1


def test_filter_errors(kb, rl):
    r = rl("search", "memory", "--cat", "nope")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: unknown category 'nope'. Valid categories: survey, ")
    r = rl("search", "memory", "--status", "done")
    assert r.exit_code == 1
    assert r.stderr == "Error: unknown status 'done'. Use one of: to-read, reading, read.\n"
    r = rl("search", "memory", "--limit", "0")
    assert r.exit_code == 1
    assert r.stderr == "Error: --limit must be at least 1 (got 0).\n"


def test_json_shape(kb, rl):
    r = rl("search", "external", "--json")
    assert r.exit_code == 0
    (hit,) = r.json()
    assert list(hit) == ["id", "title", "year", "category", "status", "score", "field", "snippet"]
    assert hit["title"] == "End-To-End Memory Networks"
    assert hit["year"] == 2015 and hit["category"] == "dialogue" and hit["field"] == "abstract"
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert "over a large **external** memory" in hit["snippet"]


def test_snippet_comes_from_notes_and_title(kb, rl):
    paper = kb.find_paper("Playing Atari")
    kb.add_note(paper.id, "Read with the DQN **replay buffer** in mind.")
    (hit,) = rl("search", "buffer", "--json").json()
    assert hit["field"] == "notes" and "**buffer**" in hit["snippet"]
    (hit,) = rl("search", "vaswani", "--json").json()
    assert hit["field"] == "authors" and hit["snippet"] == "Ashish **Vaswani**"
    (hit,) = rl("search", "title:atari", "--json").json()
    assert hit["field"] == "title"
    assert hit["snippet"] == "Playing **Atari** with Deep Reinforcement Learning"


def test_a_snippet_is_one_line(kb, rl):
    paper = kb.find_paper("Playing Atari")
    kb.add_note(paper.id, "First thought.\n\nThe replay\nbuffer matters.")
    (hit,) = rl("search", "buffer", "--json").json()
    assert hit["snippet"] == "First thought. The replay **buffer** matters."
    assert len(rl("search", "buffer").stdout.splitlines()) == 3  # header, rule, one result


def test_table_output(kb, rl):
    r = rl("search", "external")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["id", "paper", "year", "category", "match"]
    assert "End-To-End Memory Networks" in r.stdout
    assert "over a large external memory" in r.stdout
    assert "\x1b[" not in r.stdout  # no colour codes when stdout is not a terminal


def test_table_highlights_in_colour_when_forced(kb, rl):
    r = rl("search", "external", env={"FORCE_COLOR": "1"})
    assert "\x1b[1;33mexternal\x1b[0m" in r.stdout
    r = rl("search", "external", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[1;33m" not in r.stdout


def test_query_may_be_several_words_without_quotes(kb, rl):
    r = rl("search", "memory", "external", "--json")
    assert [p["title"] for p in r.json()] == ["End-To-End Memory Networks"]


def test_typo_suggests_near_titles(kb, rl):
    r = rl("search", "memroy")
    assert r.exit_code == 0
    assert r.stdout == ""
    assert r.stderr.startswith("No papers match 'memroy'.\nDid you mean: rl search memory\n")
    assert "Near titles:" in r.stderr
    assert "#1  Memory Networks (2014)  [dialogue]" in r.stderr


def test_typo_in_one_of_several_words(kb):
    found = suggest(kb, "atari reinforcment")
    assert found.corrected == "atari reinforcement"
    assert [p["title"] for p in found.papers] == ["Playing Atari with Deep Reinforcement Learning"]


def test_no_match_without_near_titles(kb, rl):
    r = rl("search", "qwxzvk", "--json")
    assert r.exit_code == 0
    assert r.json() == []
    assert r.stderr == "No papers match 'qwxzvk'.\n"


def test_search_on_an_empty_knowledge_base(db_file, rl):
    from readinglist.library import open_library

    open_library(db_file).close()
    r = rl("search", "memory")
    assert r.exit_code == 0
    assert "No papers match 'memory'." in r.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["networks", "-end"], {"Memory Networks", "Attention Is All You Need"}),
        (["-end", "networks"], {"Memory Networks", "Attention Is All You Need"}),
        # -c and -s are short options; -consistency and -status are words to exclude
        (["memory", "-consistency"],
         {"Memory Networks", "End-To-End Memory Networks", "Generative Agents"}),
        (["memory", "-store"], {"Memory Networks", "End-To-End Memory Networks"}),
        (["memory", "-s", "to-read", "-external"], {"Memory Networks", "Generative Agents"}),
        (["memory", "-c", "llm"], {"Generative Agents"}),
        (["memory", "--cat=dialogue", "-external"], {"Memory Networks"}),
    ],
)  # fmt: skip
def test_a_dash_word_anywhere_is_an_exclusion_not_an_option(kb, rl, args, expected):
    r = rl("search", *args, "--json")
    assert r.exit_code == 0, r.stderr
    assert {p["title"] for p in r.json()} == expected


def test_an_unknown_long_option_is_still_an_error(kb, rl):
    r = rl("search", "memory", "--nope")
    assert (r.exit_code, r.stderr) == (1, "Error: no such option: --nope. See: rl search --help.\n")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("generat*", {"Generative Agents", "Dialogue Generation"}),
        ("optimiz*", {"Proximal Policy Optimization Algorithms"}),
        ("learni*", {"Playing Atari with Deep Reinforcement Learning", "Memory Networks"}),
        ("conversati*", {"Dialogue Generation"}),
        ("generati*", {"Generative Agents", "Dialogue Generation"}),
        ("generati* -agent", {"Dialogue Generation"}),  # the exclusion is stemmed
        ("generati* -agen*", {"Dialogue Generation"}),
        ("memories generat*", {"Generative Agents"}),  # a stemmed word and a prefix
        ("conversati* OR atari", {"Dialogue Generation",
                                  "Playing Atari with Deep Reinforcement Learning"}),
        ('"neural conversati"*', {"Dialogue Generation"}),
        ("title:generati*", {"Generative Agents", "Dialogue Generation"}),
        ("abstract:generati*", set()),
        ("memory -generati*", {"Memory Networks", "End-To-End Memory Networks"}),
    ],
)  # fmt: skip
def test_a_prefix_matches_the_words_as_written_beyond_their_stem(kb, rl, query, expected):
    """porter indexes "generation" as "gener": a prefix longer than the stem found nothing."""
    add(kb, "Dialogue Generation", abstract="A neural conversational model that talks.")
    add(kb, "Proximal Policy Optimization Algorithms", abstract="Policy gradients.")
    assert set(titles(search(kb, query))) == expected
    r = rl("search", "--json", "--", query)
    assert r.exit_code == 0, r.stderr
    assert {p["title"] for p in r.json()} == expected


def test_a_prefix_match_is_highlighted(kb, rl):
    add(kb, "Dialogue Generation", abstract="A neural conversational model that talks.")
    [hit] = rl("search", "conversati*", "--json").json()
    assert hit["field"] == "abstract" and "**conversational**" in hit["snippet"]
