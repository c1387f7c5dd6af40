"""`rl open` (the PDF, else the paper's page, in the browser) and shell completion of paper
refs and category slugs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The user's categories (survey, dialogue, llm, rl, other), as the shipped knowledge base has
# them: a new one has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

RL = Path(sys.executable).parent / "rl"


@pytest.fixture
def papers(kb):
    kb.add_paper({"title": "Attention Is All You Need", "arxiv_id": "1706.03762",
                  "category": "llm"})  # fmt: skip
    kb.add_paper({"title": "BLEU", "doi": "10.3115/1073083.1073135", "category": "other"})
    kb.add_paper({"title": "A Web Page", "url": "https://example.org/paper", "category": "other"})
    kb.add_paper({"title": "Nowhere", "category": "other"})
    return kb


def test_open_print_says_where_the_paper_is(rl, papers, isolated):
    assert rl("open", "1", "--print").stdout == "https://arxiv.org/abs/1706.03762\n"
    assert rl("open", "BLEU", "--print").stdout == "https://doi.org/10.3115/1073083.1073135\n"
    assert rl("open", "3", "--print").stdout == "https://example.org/paper\n"
    # An attached PDF comes first, when its file is there.
    (isolated / "pdfs").mkdir()
    (isolated / "pdfs" / "1706.03762.pdf").write_bytes(b"%PDF-1.4\n")
    papers.update_paper(1, {"pdf_path": "pdfs/1706.03762.pdf"})
    assert rl("open", "1", "--print").stdout == f"{isolated / 'pdfs' / '1706.03762.pdf'}\n"
    r = rl("open", "4", "--print")
    assert r.exit_code == 1 and r.stderr.startswith("Error: #4 Nowhere has no PDF and no link.")


def test_open_hands_the_page_to_the_browser(papers, db_file, isolated):
    opened = isolated / "opened.txt"
    browser = isolated / "browser"
    browser.write_text(f"#!{sys.executable}\nimport sys\nopen({str(opened)!r}, 'a').write("
                       "sys.argv[1] + '\\n')\n")  # fmt: skip
    browser.chmod(0o755)
    env = {**os.environ, "RL_DB": str(db_file), "BROWSER": str(browser)}
    for ref in ("1", "BLEU"):
        done = subprocess.run([str(RL), "open", ref], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert opened.read_text().splitlines() == [
        "https://arxiv.org/abs/1706.03762", "https://doi.org/10.3115/1073083.1073135"
    ]  # fmt: skip
    assert done.stderr == "Opened #2 BLEU: https://doi.org/10.3115/1073083.1073135\n"


def complete(line: str, env: dict[str, str]) -> list[str]:
    """What `rl` offers at TAB after `line` (zsh: value:help pairs, one a line)."""
    done = subprocess.run(
        [str(RL)], capture_output=True, text=True,
        env={**os.environ, **env, "_RL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout.strip()
    if out == "_files":  # nothing to offer: zsh falls back to file names
        return []
    assert out.startswith("_arguments '*: :((") and out.endswith("))'"), out
    return out[len("_arguments '*: :((") : -len("))'")].splitlines()


def test_paper_refs_and_category_slugs_complete(papers, db_file):
    env = {"RL_DB": str(db_file)}
    assert complete("rl show ", env) == [
        '"4":"Nowhere"', '"3":"A Web Page"', '"2":"BLEU"', '"1":"Attention Is All You Need"'
    ]  # fmt: skip
    assert complete("rl open 2", env) == ['"2":"BLEU"']
    assert complete("rl list --cat o", env) == ['"other":"other"']
    assert complete("rl cat rm d", env) == ['"dialogue":"Dialogue system"']
    assert complete("rl add x --status re", env) == ['"reading"', '"read"']


def test_completion_without_a_knowledge_base_offers_nothing_and_creates_nothing(isolated):
    missing = isolated / "none.sqlite"
    assert complete("rl show ", {"RL_DB": str(missing)}) == []
    assert not missing.exists()
