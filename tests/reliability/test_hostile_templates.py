"""A template from a pull request runs in CI: it may read only regular files inside the
template folders, and its render is bounded in output, memory and time, each with a clear
error and nothing written."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

README = "# Me\n<!-- reading-list:start -->\nold\n<!-- reading-list:end -->\n"


@pytest.fixture
def folder(isolated: Path, rl) -> Path:
    rl("add", "Memory Networks", "--cat", "other", "--offline")
    templates = isolated / "mine"
    templates.mkdir()
    return templates


def _render(rl, template: Path, *extra: str):
    return rl("render", "--template", str(template), *extra)


def test_an_include_through_a_symlink_out_of_the_folder_is_refused(rl, folder, tmp_path):
    secret = tmp_path / "secret.env"
    secret.write_text("CI_TOKEN=ghp_secret\n")
    (folder / "leak.j2").symlink_to(secret)
    (folder / "page.j2").write_text('{% include "leak.j2" %}')
    r = _render(rl, folder / "page.j2")
    assert r.exit_code == 1
    assert "ghp_secret" not in r.stdout + r.stderr
    assert "leads out of its template folder" in r.stderr


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_the_environment_cannot_be_included(rl, folder, monkeypatch):
    monkeypatch.setenv("CI_TOKEN", "ghp_from_environment")
    (folder / "env.j2").symlink_to("/proc/self/environ")
    (folder / "page.j2").write_text('{% include "env.j2" %}')
    r = _render(rl, folder / "page.j2")
    assert r.exit_code == 1
    assert "ghp_from_environment" not in r.stdout + r.stderr


def test_the_template_itself_may_not_be_a_symlink_out(rl, isolated, folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CI_TOKEN=ghp_secret\n")
    local = isolated / "templates"
    local.mkdir()
    (local / "README.md.j2").symlink_to(secret)
    r = rl("render")
    assert r.exit_code == 1 and "ghp_secret" not in r.stdout + r.stderr


def test_a_symlink_within_the_folder_is_fine(rl, folder):
    (folder / "row.j2").write_text("{% for p in papers %}{{ p.title }}\n{% endfor %}")
    (folder / "alias.j2").symlink_to(folder / "row.j2")
    (folder / "page.j2").write_text('{% include "alias.j2" %}')
    r = _render(rl, folder / "page.j2")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "Memory Networks\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_no_template_and_does_not_hang(rl, folder):
    os.mkfifo(folder / "pipe.j2")
    (folder / "page.j2").write_text('{% include "pipe.j2" %}')
    r = _render(rl, folder / "page.j2")
    assert r.exit_code == 1 and "not a regular file" in r.stderr


@pytest.mark.parametrize(
    "source",
    [
        "{{ ('a' * 100000 * 100000)|length }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'.center(1000000000) }}",
        "{{ 'x'.ljust(1000000000) }}",
        "{{ '%1000000000d' % 1 }}",
        "{{ '%1000000000d'|format(1) }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ 'x'|indent(1000000000) }}",
        "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "{{ ('x' * 1000000)|replace('x', 'x' * 1000000)|length }}",
    ],
)
def test_a_render_is_bounded_in_output_and_memory(rl, folder, isolated, source):
    readme = isolated / "README.md"
    readme.write_text(README)
    (folder / "page.j2").write_text(source)
    r = _render(rl, folder / "page.j2", "--in-place", str(readme))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: template ") and "nothing was written" in r.stderr
    assert readme.read_text() == README


@pytest.mark.skipif(sys.platform == "win32", reason="bounded in time by a timer signal")
def test_a_render_is_bounded_in_time(rl, folder):
    (folder / "page.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    r = rl("render", "--template", str(folder / "page.j2"), env={"RL_RENDER_TIMEOUT": "0.5"})
    assert r.exit_code == 1
    assert "it ran for more than 0.5 s" in r.stderr


def test_ordinary_formatting_still_works(rl, folder):
    (folder / "page.j2").write_text(
        "{{ '%-6s|' % 'ab' }}{{ '{:>4}'.format(7) }}{{ 'x'|center(5) }}|{{ '-' * 10 }}"
    )
    r = _render(rl, folder / "page.j2")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "ab    |   7  x  |----------"
