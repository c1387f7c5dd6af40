"""rl render (stdout, --in-place, --check) and rl init, as a user runs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.markers import END, START

# These tests file papers under the profile's categories; a new knowledge base has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")

START_LINE, END_LINE = START + "\n", END + "\n"


@pytest.fixture
def two_papers(kb):
    kb.add_paper({"title": "Attention Is All You Need", "category": "other",
                     "arxiv_id": "1706.03762", "authors": ["Ashish Vaswani", "Noam Shazeer"],
                     "year": 2017, "status": "read"})  # fmt: skip
    kb.add_paper({"title": "Proximal Policy Optimization Algorithms", "category": "rl",
                  "status": "read"})  # fmt: skip
    return kb


def marked(inside: str = "old list\n") -> str:
    return f"# My page\n\nIntro.\n\n{START_LINE}{inside}{END_LINE}\nOutro.\n"


def test_render_prints_the_readme(rl, two_papers):
    r = rl("render")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("### Hi there")
    assert "|Reinforcement learning|\n|:---------:|\n|Proximal Policy" in r.stdout
    assert r.stderr == ""


def test_in_place_replaces_only_the_marked_block(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(marked())
    r = rl("render", "--template", "reading-list.md.j2", "--in-place", str(page))
    assert r.exit_code == 0, r.stderr
    assert f"Updated {page}." in r.stderr
    listing = rl("render", "--template", "reading-list.md.j2").stdout
    assert page.read_text() == marked(listing)
    assert [p.name for p in isolated.iterdir() if p.name.startswith(".README")] == []


def test_in_place_writes_nothing_when_nothing_changed(rl, two_papers, isolated):
    page = isolated / "README.md"
    listing = rl("render", "-t", "reading-list.md.j2").stdout
    page.write_text(marked(listing))
    os.utime(page, (1_000_000, 1_000_000))
    r = rl("render", "-t", "reading-list.md.j2", "--in-place", str(page))
    assert r.exit_code == 0
    assert f"{page} is up to date." in r.stderr
    assert page.stat().st_mtime == 1_000_000


def test_in_place_keeps_the_file_mode(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(marked())
    page.chmod(0o640)
    rl("render", "-t", "reading-list.md.j2", "--in-place", str(page))
    assert page.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("# no markers\n", f"has no {START} and {END} line; it was left untouched."),
        (f"{START_LINE}x\n", f"has no {END} line; it was left untouched."),
        (f"{START_LINE}{END_LINE}{START_LINE}{END_LINE}", f"has 2 {START} and 2 {END} lines"),
        (f"{START_LINE}{START_LINE}{END_LINE}", f"has 2 {START} and 1 {END} lines"),
        (f"a\n{END_LINE}b\n{START_LINE}", f"has {END} on line 2, before {START} on line 4"),
        # A marker must be a line of its own, not part of a sentence.
        (f"See {START} here\n{END_LINE}", f"has no {START} line"),
    ],
    ids=["none", "no-end", "two-pairs", "two-starts", "misordered", "inline"],
)
def test_bad_markers_leave_the_file_untouched(rl, two_papers, isolated, text, error):
    page = isolated / "README.md"
    page.write_text(text)
    before = page.stat().st_mtime_ns
    r = rl("render", "--in-place", str(page))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {page} ")
    assert error in r.stderr
    assert page.read_text() == text
    assert page.stat().st_mtime_ns == before


def test_a_template_that_renders_markers_cannot_go_in_place(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(marked())
    (isolated / "self.md.j2").write_text(f"{START_LINE}list\n{END_LINE}")
    r = rl("render", "--template", "self.md.j2", "--in-place", str(page))
    assert r.exit_code == 1
    assert "the rendered text itself contains" in r.stderr
    assert page.read_text() == marked()


def test_a_broken_template_names_template_and_line_and_touches_nothing(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(marked())
    (isolated / "templates").mkdir()
    (isolated / "templates" / "reading-list.md.j2").write_text("one\ntwo\n{% if %}\n")
    r = rl("render", "--in-place", str(page))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: template templates/reading-list.md.j2, line 3: ")
    assert "Traceback" not in r.stderr
    assert page.read_text() == marked()


def test_check_passes_on_a_current_file(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(marked(rl("render", "-t", "reading-list.md.j2").stdout))
    r = rl("render", "-t", "reading-list.md.j2", "--check", str(page))
    assert r.exit_code == 0
    assert r.stdout == ""
    assert f"{page} is up to date." in r.stderr


def test_check_fails_with_a_diff_on_a_stale_file(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(marked())
    r = rl("render", "-t", "reading-list.md.j2", "--check", str(page))
    assert r.exit_code == 1
    assert r.stdout.startswith(f"--- {page} (current)\n+++ {page} (rendered)\n@@")
    assert "\n-old list\n" in r.stdout
    assert "\n+### Reinforcement learning (1)\n" in r.stdout
    assert f"update it with: rl render --template reading-list.md.j2 --in-place {page}" in r.stderr
    assert page.read_text() == marked()


def test_check_compares_a_whole_file_without_markers(rl, two_papers, isolated):
    page = isolated / "README.md"
    page.write_text(rl("render").stdout)
    assert rl("render", "--check", str(page)).exit_code == 0
    two_papers.add_paper({"title": "A new one", "category": "llm", "status": "read"})
    r = rl("render", "--check", str(page))
    assert r.exit_code == 1
    assert "+|A new one|" in r.stdout
    assert f"update it with: rl render > {page}" in r.stderr


def test_in_place_and_check_together_is_refused(rl, isolated):
    page = isolated / "README.md"
    page.write_text(marked())
    r = rl("render", "--in-place", str(page), "--check", str(page))
    assert r.exit_code == 1
    assert "use either --in-place or --check, not both" in r.stderr


def test_in_place_on_a_missing_file(rl, isolated):
    r = rl("render", "--in-place", str(isolated / "nope.md"))
    assert r.exit_code == 1
    assert "nope.md does not exist." in r.stderr


def test_size_warning_on_stderr(rl, kb, isolated):
    (isolated / "big.md.j2").write_text('{% for i in range(4700) %}{{ "x" * 99 }}\n{% endfor %}')
    r = rl("render", "--template", "big.md.j2")
    assert r.exit_code == 0
    assert len(r.stdout.encode()) == 470_000
    assert "Warning: the rendered text is 458 KB; GitHub stops rendering" in r.stderr


def test_render_never_opens_readme(rl, two_papers, isolated):
    # An audit hook sees every file Python opens; none may be README.md.
    opened: list[str] = []
    recording = [True]

    def hook(event: str, args: tuple) -> None:
        if recording[0] and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            opened.append(os.fsdecode(args[0]))

    (isolated / "README.md").write_text("whatever the shell left here\n")
    sys.addaudithook(hook)
    try:
        r = rl("render")
    finally:
        recording[0] = False
    assert r.exit_code == 0
    assert not [p for p in opened if Path(p).name == "README.md"]
    assert any(p.endswith("README.md.j2") for p in opened)


def test_render_redirected_over_readme_in_a_shell(two_papers, isolated, db_file):
    readme = isolated / "README.md"
    readme.write_text("the old README, emptied by the shell before rl runs\n")
    expected = subprocess.run(
        [sys.executable, "-m", "readinglist", "render"], capture_output=True, check=True
    ).stdout
    done = subprocess.run(
        f'"{sys.executable}" -m readinglist render > README.md', shell=True, cwd=isolated
    )
    assert done.returncode == 0
    assert readme.read_bytes() == expected
    assert expected.startswith(b"### Hi there")


def test_init_creates_the_knowledge_base_and_template_copies(rl, isolated, monkeypatch):
    monkeypatch.delenv("RL_DB")
    r = rl("init")
    assert r.exit_code == 0, r.stderr
    assert (isolated / "data" / "papers.sqlite").is_file()
    assert "Created a new knowledge base at data/papers.sqlite" in r.stderr
    copies = sorted(p.name for p in (isolated / "templates").iterdir())
    assert copies == [
        "README.md.j2", "reading-list-bullets.md.j2", "reading-list-table.md.j2",
        "reading-list.md.j2",
    ]  # fmt: skip
    assert "Wrote templates/README.md.j2" in r.stderr
    # The copies are what rl renders now, and they are the user's to edit.
    mine = isolated / "templates" / "README.md.j2"
    mine.write_text("my own {{ count }}\n")
    r = rl("init")
    assert "Kept templates/README.md.j2 (exists; --force overwrites it)" in r.stderr
    assert rl("render").stdout == "my own 0\n"
    rl("init", "--force")
    assert rl("render").stdout.startswith("### Hi there")


def test_help_and_list_do_not_import_markdown_or_jinja(db_file):
    code = (
        "import sys, json\n"
        "from readinglist.cli import app\n"
        f"sys.argv = ['rl', '--db', {str(db_file)!r}, 'list']\n"
        "try:\n    app()\n"
        "except SystemExit:\n    pass\n"
        "print(json.dumps([m for m in ('jinja2', 'markdown_it') if m in sys.modules]),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_in_place_without_a_template_renders_the_list_only(rl, two_papers, isolated):
    """Between the markers of a hand-written page goes the reading list, not the default
    profile with its "Hi there" heading and prose."""
    page = isolated / "README.md"
    page.write_text(marked())
    r = rl("render", "--in-place", str(page))
    assert r.exit_code == 0, r.stderr
    listing = rl("render", "--template", "reading-list.md.j2").stdout
    assert page.read_text() == marked(listing)
    assert "Hi there" not in page.read_text()
    r = rl("render", "--check", str(page))
    assert r.exit_code == 0 and f"{page} is up to date." in r.stderr


def test_a_typed_title_is_plain_text_and_a_given_label_is_markdown(rl, isolated):
    """A title typed on the command line reads as typed (no italics, no swallowed tag); a
    label given with --label is the user's Markdown, kept as written."""
    from gfm import parse

    typed = "Pipes | and <tags> in *titles*"
    assert rl("add", typed, "--cat", "other", "--offline").exit_code == 0
    assert rl("add", "Second", "--cat", "other", "--offline", "--label", "A *kept* <b>x</b>"
              ).exit_code == 0  # fmt: skip
    out = rl("render").stdout
    found = parse(out)
    assert [row[0] for row in found.tables[0][1:]] == [typed, "A kept x"]
    assert found.tags.count("em") == 1 and found.tags.count("b") == 1  # only in the label
    rich = parse(rl("render", "-t", "reading-list.md.j2").stdout)
    assert [row[0] for row in rich.tables[0][1:]] == [typed, "Second"]
