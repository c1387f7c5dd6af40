"""`rl cat ...`: categories are the user's data."""

import pytest

# A knowledge base to work on (only rl init and rl add make one).
pytestmark = pytest.mark.usefixtures("kb")


def slugs(rl):
    return [c["slug"] for c in rl("cat", "list", "--json").json()]


def test_a_new_knowledge_base_starts_with_other_only(rl):
    # Groups come from the user (rl cat add, rl import-readme), not from another's profile.
    assert [(c["slug"], c["heading"]) for c in rl("cat", "list", "--json").json()] == [
        ("other", "other")
    ]


@pytest.mark.usefixtures("profile_categories")
def test_the_profile_categories_as_the_shipped_knowledge_base_has_them(rl):
    cats = rl("cat", "list", "--json").json()
    assert [(c["slug"], c["heading"]) for c in cats] == [
        ("survey", "Survey"),
        ("dialogue", "Dialogue system"),
        ("llm", "LLMs"),
        ("rl", "Reinforcement learning"),
        ("other", "other"),
    ]
    assert "Reinforcement learning" in rl("cat", "list").stdout


def test_a_heading_in_another_script_keeps_a_readable_slug(rl):
    r = rl("cat", "add", "计算机视觉", "计算机视觉 - CNN")
    assert r.exit_code == 0, r.stderr
    assert slugs(rl) == ["other", "计算机视觉"]
    r = rl("add", "AlexNet", "--cat", "计算机视觉", "--offline", "--json")
    assert r.json()["category"] == "计算机视觉"


@pytest.mark.usefixtures("profile_categories")
def test_add_at_a_position_and_use_it(rl):
    r = rl("cat", "add", "vision", "Computer vision", "--position", "2")
    assert r.exit_code == 0, r.stderr
    assert slugs(rl) == ["survey", "vision", "dialogue", "llm", "rl", "other"]
    r = rl("add", "ViT", "--cat", "computer VISION", "--offline", "--json")
    assert r.json()["category"] == "vision"


@pytest.mark.usefixtures("profile_categories")
def test_add_rejects_bad_and_existing_slugs(rl):
    r = rl("cat", "add", "Bad Slug!")
    assert r.exit_code == 1 and "is not a valid category slug" in r.stderr
    r = rl("cat", "add", "llm")
    assert r.exit_code == 1 and "Error: category 'llm' already exists." in r.stderr


@pytest.mark.usefixtures("profile_categories")
def test_rename_heading_and_slug_carries_papers(rl):
    rl("add", "GPT", "--cat", "llm", "--offline")
    r = rl("cat", "rename", "llm", "Large language models", "--slug", "llms")
    assert r.exit_code == 0, r.stderr
    assert rl("show", "GPT", "--json").json()["category"] == "llms"
    cats = {c["slug"]: c for c in rl("cat", "list", "--json").json()}
    assert cats["llms"]["heading"] == "Large language models"
    assert cats["llms"]["papers"] == 1
    r = rl("cat", "rename", "llms", "Survey")
    assert r.exit_code == 1 and "already uses that slug or heading" in r.stderr


@pytest.mark.usefixtures("profile_categories")
def test_move_reorders(rl):
    r = rl("cat", "move", "other", "1")
    assert r.exit_code == 0
    assert slugs(rl) == ["other", "survey", "dialogue", "llm", "rl"]
    rl("cat", "move", "other", "99")
    assert slugs(rl)[-1] == "other"


@pytest.mark.usefixtures("profile_categories")
def test_rm_with_papers_needs_to(rl):
    rl("add", "PPO", "--cat", "rl", "--offline")
    rl("add", "Existing other", "--cat", "other", "--offline")
    r = rl("cat", "rm", "rl")
    assert r.exit_code == 1
    assert (
        "Error: category 'rl' still holds 1 paper(s); move them with: rl cat rm rl --to OTHER"
        in (r.stderr)
    )
    assert "rl" in slugs(rl)
    r = rl("cat", "rm", "rl", "--to", "other")
    assert r.exit_code == 0, r.stderr
    assert "rl" not in slugs(rl)
    papers = rl("list", "--json").json()
    assert [(p["title"], p["category"]) for p in papers] == [
        ("Existing other", "other"),
        ("PPO", "other"),
    ]


@pytest.mark.usefixtures("profile_categories")
def test_rm_empty_category_asks(rl):
    r = rl("cat", "rm", "survey", input="n\n")
    assert r.exit_code == 1 and "survey" in slugs(rl)
    r = rl("cat", "rm", "survey", "--yes")
    assert r.exit_code == 0 and "survey" not in slugs(rl)


@pytest.mark.usefixtures("profile_categories")
def test_unknown_category_everywhere_lists_valid_ones(rl):
    for args in (("cat", "rm", "nope"), ("cat", "move", "nope", "1"), ("list", "--cat", "nope")):
        r = rl(*args)
        assert r.exit_code == 1
        assert "Error: unknown category 'nope'. Valid categories: survey" in r.stderr
