"""Where the knowledge base is (found as git finds .git), and `rl config`, the user's settings.
Only rl init and rl add make a knowledge base, and they say where."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def nowhere(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with no knowledge base in it or above it, and no RL_DB."""
    monkeypatch.delenv("RL_DB")
    folder = isolated / "somewhere" / "else"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_reading_commands_never_create_a_knowledge_base(rl, nowhere):
    for args in (["list"], ["list", "--json"], ["search", "memory"], ["show", "1"], ["stats"],
                 ["render"], ["cat", "list"]):  # fmt: skip
        r = rl(*args)
        assert r.exit_code == 1, args
        assert r.stderr.startswith("Error: no knowledge base here: no data/papers.sqlite in "), args
        assert "rl init" in r.stderr and len(r.stderr.splitlines()) == 1
    assert files_under(nowhere) == []


def test_the_project_knowledge_base_is_found_from_any_folder_below(rl, isolated, monkeypatch):
    monkeypatch.delenv("RL_DB")
    project = isolated / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    r = rl("init")
    assert "Created a new knowledge base at data/papers.sqlite" in r.stderr
    assert rl("add", "Memory Networks", "--cat", "other", "--offline").exit_code == 0
    deep = project / "notes" / "week1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    before = files_under(project)
    assert [p["title"] for p in rl("list", "--json").json()] == ["Memory Networks"]
    assert rl("cat", "add", "llm", "LLMs").exit_code == 0
    assert rl("add", "Attention Is All You Need", "--cat", "llm", "--offline").exit_code == 0
    assert len(rl("list", "--json").json()) == 2
    assert files_under(project) == before  # nothing new under notes/
    r = rl("config")
    assert f"Knowledge base: {project / 'data' / 'papers.sqlite'} (found here or above)." in (
        r.stderr
    )


def test_init_makes_the_knowledge_base_here_as_git_init_does(rl, isolated, monkeypatch):
    monkeypatch.delenv("RL_DB")
    rl("init")
    inner = isolated / "inner"
    inner.mkdir()
    monkeypatch.chdir(inner)
    r = rl("init")
    assert r.exit_code == 0
    assert (inner / "data" / "papers.sqlite").is_file()


def test_add_creates_one_here_when_there_is_none_and_says_where(rl, nowhere):
    r = rl("add", "Memory Networks", "--cat", "other", "--offline")
    assert r.exit_code == 0
    assert r.stderr.startswith("Created a new knowledge base at data/papers.sqlite\n")
    assert (nowhere / "data" / "papers.sqlite").is_file()


def test_the_default_from_rl_config_is_used_where_nothing_is_found(rl, nowhere, isolated):
    default = isolated / "my-papers.sqlite"
    r = rl("config", "db", str(default))
    assert r.exit_code == 0
    assert f"Set db = {default} in {isolated / 'config' / 'rl' / 'config.toml'}." in r.stderr
    assert "does not exist yet: rl add creates it" in r.stderr
    r = rl("list")
    assert r.exit_code == 1
    assert f"Error: your default knowledge base {default} (rl config db) does not exist." in (
        r.stderr
    )
    r = rl("add", "Memory Networks", "--cat", "other", "--offline")
    assert f"Created a new knowledge base at {default}" in r.stderr
    assert [p["title"] for p in rl("list", "--json").json()] == ["Memory Networks"]
    assert files_under(nowhere) == []


def test_a_given_path_that_does_not_exist_is_an_error_for_reading(rl, isolated, monkeypatch):
    missing = isolated / "gone.sqlite"
    monkeypatch.setenv("RL_DB", str(missing))
    r = rl("list")
    assert (r.exit_code, r.stderr) == (
        1, f"Error: no knowledge base at {missing} (from RL_DB). Create it with: "
        f"rl --db {missing} init; or check the path\n",
    )  # fmt: skip
    r = rl("--db", str(missing), "stats")
    assert "(from --db)" in r.stderr and not missing.exists()


def test_config_shows_sets_and_removes_settings(rl, isolated):
    r = rl("config")
    assert r.exit_code == 0 and r.stdout == ""
    assert "No settings yet" in r.stderr
    assert rl("config", "category", "llm").exit_code == 0
    assert rl("config", "db", "~/papers.sqlite").exit_code == 0
    home = Path("~").expanduser()
    assert rl("config").stdout == f"category = llm\ndb = {home / 'papers.sqlite'}\n"
    shown = rl("config", "--json").json()
    assert shown["settings"] == {"category": "llm", "db": str(home / "papers.sqlite")}
    # RL_DB (set for every test) wins over the default, as the text form says too.
    assert shown["knowledge_base"] == {"path": str(isolated / "kb.sqlite"), "how": "given",
                                       "exists": False}  # fmt: skip
    assert f"Knowledge base: {isolated / 'kb.sqlite'} (from RL_DB; it does not exist" in (
        rl("config").stderr
    )
    assert rl("config", "category").stdout == "llm\n"
    r = rl("config", "--unset", "category")
    assert r.exit_code == 0 and "Removed category" in r.stderr
    r = rl("config", "--unset", "category")
    assert r.exit_code == 0 and r.stderr == "category is not set: nothing to remove.\n"
    r = rl("config", "category")
    assert r.exit_code == 1 and r.stderr.startswith("Error: category is not set")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["colour", "red"], "Error: unknown setting 'colour'. Settings: db, category."),
        (["--unset"], "Error: --unset removes one setting: rl config --unset KEY"),
    ],
)
def test_config_refuses_what_it_does_not_know(rl, args, error):
    r = rl("config", *args)
    assert (r.exit_code, r.stderr) == (1, error + "\n")


def test_a_broken_settings_file_is_an_error_that_names_it(rl, isolated, nowhere):
    settings = isolated / "config" / "rl" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text("db = [unclosed\n")
    r = rl("list")
    assert r.exit_code == 1 and r.stderr.startswith(
        f"Error: cannot read the settings in {settings}"
    )


def test_add_without_cat_uses_the_default_category_and_says_so(rl, kb):
    r = rl("add", "Memory Networks", "--offline", "--json")
    assert r.exit_code == 0
    assert r.json()["category"] == "other"
    assert "No --cat given: adding to other (set your default: rl config category SLUG)." in (
        r.stderr
    )
    rl("cat", "add", "llm", "LLMs")
    rl("config", "category", "llm")
    assert rl("add", "Attention", "--offline", "--json").json()["category"] == "llm"
    # A default the knowledge base lacks would fail every add: refused when set.
    r = rl("config", "category", "vision")
    assert r.exit_code == 1 and r.stderr.startswith("Error: no category 'vision' in ")
    assert "Create it first with: rl cat add vision" in r.stderr
    assert rl("config", "category").stdout == "llm\n"
