"""Deciding which paper a title means: cleaning, queries, scoring and the traps; and the
pipeline's gather and decide stages against the local arXiv."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.adding import Request, decide_request, gather
from readinglist.identifiers import read_identifier
from readinglist.library import Library
from readinglist.matching import (
    ABSENT,
    RESOLVED,
    UNSURE,
    Resolution,
    decide,
    parse_title,
    without_one_word,
)
from readinglist.sources import PaperRecord, make_sources
from readinglist.sources.arxiv import title_query


def resolve_title(kb: Library, text: str) -> Resolution:
    """Gather and decide, as `rl add TEXT` does, without storing."""
    request = Request(text, {}, parsed=parse_title(text))
    resolution = decide_request(
        request, gather(kb, request, make_sources(["arxiv"])), None
    ).resolution
    assert resolution is not None
    return resolution


def resolve_id(kb: Library, text: str) -> PaperRecord | None:
    ident = read_identifier(text)
    if ident is None:
        return None
    found = gather(kb, Request(text, {}, ident=ident), make_sources(["arxiv"]))
    return found.records[0] if found.records else None


TITLES = json.loads((Path(__file__).parent / "fixtures" / "titles.json").read_text())


def paper(
    title: str, arxiv_id: str, year: int = 2020, authors: tuple[str, ...] = ()
) -> PaperRecord:
    return PaperRecord(title=title, source="arxiv", source_id=arxiv_id, arxiv_id=arxiv_id,
                       version=1, year=year, published=f"{year}-05-01T00:00:00+00:00",
                       authors=authors)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "title", "year", "hints"),
    [
        ("(2015)A Neural Conversational Model", "A Neural Conversational Model", 2015, ()),
        ("(Zhang 2020a)Modeling Topical Relevance for Multi-Turn Dialogue Generation",
         "Modeling Topical Relevance for Multi-Turn Dialogue Generation", 2020, ("Zhang",)),
        ("(GPT2)language models are unsupervised multitask learners",
         "language models are unsupervised multitask learners", None, ("GPT2",)),
        ("(latent diffusion)High-Resolution Image Synthesis",
         "High-Resolution Image Synthesis", None, ("latent diffusion",)),
        ("2022-A Survey for In-context Learning", "A Survey for In-context Learning", 2022, ()),
        ("(2022 Ju)Learning to Improve Persona Consistency in Multi-party Dialogue",
         "Learning to Improve Persona Consistency in Multi-party Dialogue", 2022, ("Ju",)),
        ("(2018b) \\[Note\\] Personalizing Dialogue Agents I have a dog",
         "Personalizing Dialogue Agents I have a dog", 2018, ("Note",)),
        ("Attention Is All You Need (2017)", "Attention Is All You Need", 2017, ()),
        ("  Attention Is\nAll You Need ", "Attention Is All You Need", None, ()),
        ("(2015)", "(2015)", None, ()),
    ],
)  # fmt: skip
def test_label_prefixes_become_hints(text, title, year, hints):
    parsed = parse_title(text)
    assert (parsed.title, parsed.year, parsed.hints) == (title, year, hints)


def test_a_nickname_without_parentheses_is_searched_without_but_scored_with():
    parsed = parse_title("GPT3 Language Models are Few-Shot Learners")
    assert parsed.title == "Language Models are Few-Shot Learners"
    assert parsed.nickname == "GPT3"
    assert "GPT3 Language Models are Few-Shot Learners" in parsed.readings
    assert parse_title("BERT Rediscovers the Classical NLP Pipeline").nickname is None
    assert parse_title("Word2Vec Explained").nickname is None


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ('Attention: Is "All" You Need?*', "ti:attention AND ti:all AND ti:you AND ti:need"),
        ("To Trust Or Not To Trust A Classifier", "ti:trust AND ti:classifier"),
        ("An Auto-Encoder Matching Model", "ti:auto AND ti:encoder AND ti:matching AND ti:model"),
        (
            "$Q^2$: Evaluating Factual Consistency",
            "ti:evaluating AND ti:factual AND ti:consistency",
        ),
        ("ti:hack AND au:someone", "ti:ti AND ti:hack AND ti:au AND ti:someone"),
        ("To Be or Not to Be", 'ti:"to be or not to be"'),
        ("Über-Fast (Deep) Learning*", "ti:uber AND ti:fast AND ti:deep AND ti:learning"),
    ],
)
def test_queries_carry_words_only_never_query_syntax(title, query):
    assert title_query(title) == query


def test_exact_short_title_wins_over_longer_titles_containing_it():
    found = [paper("End-To-End Memory Networks", "1503.08895", 2015),
             paper("Key-Value Memory Networks for Directly Reading Documents", "1606.03126", 2016),
             paper("Memory Networks", "1410.3916", 2014)]  # fmt: skip
    resolution = decide(parse_title("Memory Networks"), found)
    assert (resolution.status, resolution.record.arxiv_id) == (RESOLVED, "1410.3916")
    # Without the real paper among them, the longer titles are no match at all.
    assert decide(parse_title("Memory Networks"), found[:2]).status == ABSENT


def test_words_in_front_of_the_whole_title_make_another_paper():
    for title in ("Tool Attention Is All You Need: Dynamic Tool Gating",
                  "Not All Attention Is All You Need", "Grid Long Short-Term Memory",
                  "xLSTM: Extended Long Short-Term Memory"):  # fmt: skip
        user = "Long Short-Term Memory" if "Memory" in title else "Attention Is All You Need"
        assert decide(parse_title(user), [paper(title, "2101.00001")]).status == ABSENT, title


def test_a_near_identical_title_is_asked_about_never_accepted():
    gpt2 = "(GPT2)language models are unsupervised multitask learners"
    for title in ("Large Language Models are Unsupervised Multitask Learners",
                  "Are Language Models Unsupervised Multitask Learners?"):  # fmt: skip
        resolution = decide(parse_title(gpt2), [paper(title, "2101.00002")])
        assert resolution.status == UNSURE, title
        assert resolution.candidates[0].summary()["arxiv_id"] == "2101.00002"
    ncm = decide(parse_title("A Persona-Based Neural Conversational Model"),
                 [paper("A Persona-Based Neural Conversation Model", "1603.06155")])  # fmt: skip
    assert ncm.status == UNSURE and ncm.candidates[0].score > 0.9


@pytest.mark.parametrize(
    ("user", "title", "status"),
    [
        ("Towards Unified Dialogue System Evaluation",
         "Towards Unified Dialogue System Evaluation: A Comprehensive Analysis", RESOLVED),
        ("A Survey for In-context Learning", "A Survey on In-context Learning", RESOLVED),
        ("Neural Conversation Model", "A Neural Conversation Model", RESOLVED),
        ("personalizing dialogue agents i have a dog do you have pets too",
         "Personalizing Dialogue Agents: I have a dog, do you have pets too?", RESOLVED),
        ("An Autoencoder Matching Model", "An Auto-Encoder Matching Model", RESOLVED),
        ("Emergent Abliities of Large Language Models",
         "Emergent Abilities of Large Language Models", RESOLVED),
        ("Enhancing Dialogue Generation via Mutli-Level Contrastive Learning",
         "Enhancing Dialogue Generation via Multi-Level Contrastive Learning", RESOLVED),
        ("Emergent Abliities of Large Langauge Models",
         "Emergent Abilities of Large Language Models", UNSURE),
        ("Emergent Abilities of Large Language Model",
         "Emergent Abilities of Large Language Models", UNSURE),
        ("Attention Is Not All You Need", "Attention Is All You Need", UNSURE),
        ("BERT", "BERT: Pre-training of Deep Bidirectional Transformers", UNSURE),
        ("Learning to Improve Persona Consistency in Multi-party Dialogue",
         "Learning to Improve Persona Consistency in Multi-party Dialogue Generation via Text "
         "Knowledge Enhancement", UNSURE),
    ],
)  # fmt: skip
def test_what_counts_as_the_same_title(user, title, status):
    assert decide(parse_title(user), [paper(title, "2101.00003")]).status == status


def test_the_year_breaks_ties_and_otherwise_the_user_decides():
    twins = [paper("Deep Learning", "1501.00001", 2015, ("Yann LeCun",)),
             paper("Deep Learning", "1901.00001", 2019, ("Ann Other",))]  # fmt: skip
    assert decide(parse_title("(2019)Deep Learning"), twins).record.arxiv_id == "1901.00001"
    assert decide(parse_title("(2016)Deep Learning"), twins).record.arxiv_id == "1501.00001"
    assert decide(parse_title("(LeCun)Deep Learning"), twins).record.arxiv_id == "1501.00001"
    unsure = decide(parse_title("Deep Learning"), twins)
    assert unsure.status == UNSURE
    assert unsure.reason == "2 papers have this title"
    assert [c.record.arxiv_id for c in unsure.candidates] == ["1501.00001", "1901.00001"]


def test_a_distant_year_questions_an_exact_title_but_never_decides_alone():
    found = [paper("Long Short-Term Memory", "2301.00009", 2023)]
    resolution = decide(parse_title("(1997)Long Short-Term Memory"), found)
    assert resolution.status == UNSURE
    assert resolution.reason == "the title matches, but that paper is from 2023, not 1997"
    # A year one off (a conference a year after the preprint) does not matter...
    assert decide(parse_title("(2022)Long Short-Term Memory"), found).status == RESOLVED
    # ...and the year alone never makes a different title acceptable.
    assert decide(parse_title("(2023)Long Short-Term Memories"), found).status != RESOLVED


def test_candidates_are_summarised_for_storing():
    found = [paper("A Persona-Based Neural Conversation Model", "1603.06155")]
    resolution = decide(parse_title("A Persona-Based Neural Conversational Model"), found)
    assert resolution.candidates[0].summary() == {
        "source": "arxiv", "id": "1603.06155", "arxiv_id": "1603.06155",
        "title": "A Persona-Based Neural Conversation Model", "score": 0.94,
    }  # fmt: skip


@pytest.mark.parametrize(
    "row", TITLES["reading_list"] + TITLES["traps"], ids=lambda r: r["text"][:40]
)
def test_every_row_of_the_reading_list_and_every_trap(arxiv_server, kb, row):
    """Against the local arXiv: the right paper for every title on arXiv, and never a
    neighbour for one that is not."""
    resolution = resolve_title(kb, row["text"])
    if row["arxiv_id"]:
        assert resolution.status == RESOLVED, resolution.reason
        assert resolution.record.arxiv_id == row["arxiv_id"]
    else:
        assert resolution.status != RESOLVED, resolution.record
    assert arxiv_server.unmatched == []  # every query asked has a recorded answer
    # Every word, then the key words, then up to three tries without one of the longest words
    # (only when nothing at all was found).
    assert 1 <= len(arxiv_server.requests) <= 5


def test_every_form_of_arxiv_id_finds_the_paper(arxiv_server, kb):
    forms = {
        "1605.08386": "1605.08386v1",
        "arXiv:1605.08386": "1605.08386v1",
        "https://arxiv.org/abs/1605.08386": "1605.08386v1",
        "arxiv.org/pdf/1605.08386.pdf": "1605.08386v1",
        "1706.03762v5": "1706.03762v5",
        "arXiv:1706.03762v5": "1706.03762v5",
        "https://arxiv.org/pdf/2104.12255v1.pdf": "2104.12255v1",
        "astro-ph/0601001": "astro-ph/0601001v1",
        "https://arxiv.org/abs/quant-ph/0201082v1": "quant-ph/0201082v1",
    }
    for form, expected in forms.items():
        record = resolve_id(kb, form)
        assert record is not None and record.versioned_id == expected, form
    assert resolve_id(kb, "0808.05394") is None
    assert resolve_id(kb, "not an id") is None
    assert arxiv_server.unmatched == []


COT = "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("chain of thought prompting", UNSURE),  # the start of a longer title: asked
        ("chainofthought prompting", UNSURE),
        ("Chain of Thought Prompting Elicits Reasoning", UNSURE),
        ("Chain of thought prompting elicits reasoning in large language models", RESOLVED),
        # one typo, and a compound written as one word: both are forgiven together
        ("Chainofthought Prompting Elicits Reasoning in Large Langauge Models", RESOLVED),
        ("Chain-of-Thought Prompting Elicits Reasoning in Small Language Models", UNSURE),
    ],
)
def test_hyphenated_words_compare_equal_to_the_same_words_unhyphenated(user, status):
    resolution = decide(parse_title(user), [paper(COT, "2201.11903")])
    assert resolution.status == status, resolution.reason


def test_a_compound_and_a_typo_together(kb):
    title = "An Auto-Encoder Matching Model for Learning Utterance-Level Semantic Dependency"
    typed = "An Autoencoder Matching Model for Learning Utterance-Level Semantic Dependancy"
    assert decide(parse_title(typed), [paper(title, "1808.08795")]).status == RESOLVED


def test_a_title_that_starts_a_longer_one_is_asked_about(arxiv_server, kb):
    resolution = resolve_title(kb, "chain of thought prompting")
    assert resolution.status == UNSURE
    assert resolution.candidates[0].record.arxiv_id == "2201.11903"
    assert resolution.candidates[0].match == "your title is the start of a longer one"


def test_a_misspelt_word_is_left_out_of_the_next_search(arxiv_server, kb):
    """Nothing has every word of a misspelt title; a search without the misspelt word finds
    the paper, and the typo rule accepts its title."""
    resolution = resolve_title(kb, "Proximal Policy Optimizaton Algorithms")
    assert resolution.status == RESOLVED, resolution.reason
    assert resolution.record.arxiv_id == "1707.06347"
    assert [s.params["search_query"] for s in arxiv_server.requests] == [
        "ti:proximal AND ti:policy AND ti:optimizaton AND ti:algorithms",
        "ti:proximal AND ti:policy AND ti:algorithms",
    ]


def test_without_one_word_leaves_out_the_longest_words_first():
    assert without_one_word("Proximal Policy Optimizaton Algorithms") == [
        "proximal policy algorithms", "proximal policy optimizaton", "policy optimizaton algorithms"
    ]  # fmt: skip
    assert without_one_word("Memory Networks") == []  # one word left is no search
