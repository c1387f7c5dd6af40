"""`rl serve`: the knowledge base in Datasette, through Datasette's own test client and in
a real headless Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from chromium import Chromium, find_chromium
from kb_state import rows

from readinglist import web

# The user's categories (survey, dialogue, llm, rl, other), as the shipped knowledge base has
# them: a new one has only "other".
pytestmark = pytest.mark.usefixtures("profile_categories")


@pytest.fixture
def papers(kb):
    """Papers in three categories, in an order of the user's own (not by id)."""
    kb.add_paper({"title": "Attention Is All You Need", "category": "llm", "year": 2017,
                  "authors": ["Ashish Vaswani", "Noam Shazeer"], "arxiv_id": "1706.03762",
                  "status": "read", "abstract": "Sequence transduction models..."})  # fmt: skip
    kb.add_paper({"title": "End-To-End Memory Networks", "category": "dialogue", "year": 2015,
                  "authors": ["Sainbayar Sukhbaatar"], "arxiv_id": "1503.08895"})  # fmt: skip
    kb.add_paper({"title": "BLEU: a Method for Automatic Evaluation of Machine Translation",
                  "category": "other", "year": 2002, "authors": ["Kishore Papineni"],
                  "doi": "10.3115/1073083.1073135"})  # fmt: skip
    kb.add_paper({"title": "Language Models are Few-Shot Learners", "category": "llm",
                  "year": 2020, "authors": ["Tom B. Brown"], "arxiv_id": "2005.14165",
                  "status": "read"})  # fmt: skip
    kb.add_paper({"title": "Memory Networks", "category": "dialogue", "year": 2014,
                  "authors": ["Jason Weston"]})  # fmt: skip
    kb.move_paper(4, 1)
    kb.add_note(2, "Multiple hops over a long-term memory.")
    return kb


def get(instance, path: str):
    async def fetch():
        return await instance.client.get(path)

    return asyncio.run(fetch())


def get_json(instance, path: str):
    response = get(instance, path)
    assert response.status_code == 200, response.text
    return response.json()


def test_search_goes_through_the_index_of_rl_search(rl, papers):
    instance = web.datasette(papers)
    name = web.database_name(papers.path)
    found = get_json(instance, f"/{name}/papers.json?_search=memory&_shape=objects")
    expected = {hit["id"] for hit in rl("search", "memory", "--json").json()}
    assert {row["id"] for row in found["rows"]} == expected == {2, 5}
    # The note is in the index too: "hops" is only in paper 2's note.
    hops = get_json(instance, f"/{name}/papers.json?_search=hops&_shape=objects")
    assert [row["id"] for row in hops["rows"]] == [2]


def test_papers_are_faceted_by_category_status_and_year(papers):
    instance = web.datasette(papers)
    name = web.database_name(papers.path)
    data = get_json(instance, f"/{name}/papers.json")
    facets = data["facet_results"]
    assert set(facets) == {"category", "status", "year"}
    categories = {v["value"]: v["count"] for v in facets["category"]["results"]}
    assert categories == {"llm": 2, "dialogue": 2, "other": 1}
    labels = {v["label"] for v in facets["category"]["results"]}
    assert labels == {"LLMs", "Dialogue system", "other"}  # headings, through the foreign key
    chosen = get_json(instance, f"/{name}/papers.json?category=llm&_shape=objects")
    assert sorted(row["title"] for row in chosen["rows"]) == [
        "Attention Is All You Need", "Language Models are Few-Shot Learners"]  # fmt: skip


def test_papers_link_to_arxiv_and_doi(papers):
    instance = web.datasette(papers)
    html = get(instance, f"/{web.database_name(papers.path)}/papers").text
    assert '<a href="https://arxiv.org/abs/1706.03762">1706.03762</a>' in html
    assert '<a href="https://doi.org/10.3115/1073083.1073135">10.3115/1073083.1073135</a>' in html
    assert ('<a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a>'
            in html)  # fmt: skip
    assert "Ashish Vaswani, Noam Shazeer" in html  # authors as names, not JSON


def test_a_query_per_category_in_the_users_order(papers):
    papers.move_category("llm", 1)
    instance = web.datasette(papers)
    name = web.database_name(papers.path)
    queries = get_json(instance, f"/{name}.json")["queries"]
    assert [q["name"] for q in queries] == [f"category-{c.slug}" for c in papers.categories()]
    assert queries[0]["title"] == "LLMs (2)"
    llm = get_json(instance, f"/{name}/category-llm.json?_shape=objects")["rows"]
    assert [row["title"] for row in llm] == ["Language Models are Few-Shot Learners",
                                             "Attention Is All You Need"]  # fmt: skip
    html = get(instance, f"/{name}/category-llm").text
    assert f'<a href="/{name}/papers/4">#4</a>' in html


def test_only_what_a_reader_needs_is_shown(papers):
    instance = web.datasette(papers)
    tables = get_json(instance, f"/{web.database_name(papers.path)}.json")["tables"]
    hidden = {t["name"] for t in tables if t["hidden"]}
    assert {"source_cache", "_sqlite_migrations", "pdf_texts", "papers_fts"} <= hidden
    assert {"papers", "notes", "categories"} <= {t["name"] for t in tables if not t["hidden"]}


def test_the_knowledge_base_is_read_only(papers, db_file):
    instance = web.datasette(papers)
    name = web.database_name(papers.path)
    before = rows(db_file)
    for sql in ("delete from papers", "update papers set title = 'x'",
                "select 1; delete from papers"):  # fmt: skip
        response = get(instance, f"/{name}.json?sql={sql}")
        assert response.status_code == 400
    response = asyncio.run(instance.client.post(f"/{name}/papers/1/-/delete", json={}))
    assert response.status_code in (403, 404, 405)
    assert rows(db_file) == before


def test_without_datasette_rl_serve_says_what_to_install(rl, papers, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # as if it were not installed
    r = rl("serve")
    assert r.exit_code == 1
    assert r.stderr.strip().endswith(
        "Error: rl serve needs Datasette, an optional extra: pip install -e '.[web]' "
        "(or pip install 'readinglist[web]')."
    )


def test_a_port_taken_or_impossible_is_one_error_line(rl, papers):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = rl("serve", "--port", str(port))
    assert r.exit_code == 1 and "Serving" not in r.stderr
    assert r.stderr == (
        f"Error: cannot listen on 127.0.0.1:{port} (Address already in use). Choose another "
        "port with --port N (or --port 0 for any free one).\n"
    )
    r = rl("serve", "--port", "99999")
    assert (r.exit_code, r.stderr) == (
        1,
        "Error: --port: input should be less than or equal to 65535. See: rl serve --help.\n",
    )


def test_port_0_serves_on_a_free_port_and_says_which(papers, db_file):
    process = subprocess.Popen(
        [sys.executable, "-m", "readinglist", "serve", "--port", "0"],
        env={**os.environ, "RL_DB": str(db_file)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        said = process.stderr.readline().decode()
        port = int(said.split("http://127.0.0.1:")[1].split("/")[0])
        assert port != 0
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2):
                    break
            except OSError:
                threading.Event().wait(0.1)  # real time: the server is another process
        else:
            raise AssertionError(f"nothing answered on port {port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


# -- in a browser ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(papers, db_file):
    """`rl serve` as a user starts it, in its own process; its base URL."""
    port = free_port()
    env = {**os.environ, "RL_DB": str(db_file)}
    process = subprocess.Popen(
        [sys.executable, "-m", "readinglist", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/-/versions.json", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(process.communicate()[1].decode()) from None
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.skipif(
    find_chromium() is None, reason="no Chromium to drive (apt-get install chromium; .ci/run does)"
)
def test_a_reader_searches_filters_and_opens_a_paper_in_chromium(served, papers, tmp_path):
    name = web.database_name(papers.path)
    browser = Chromium(str(find_chromium()), tmp_path / "profile")
    try:
        browser.open(f"{served}/{name}/papers")
        assert browser.evaluate("document.querySelectorAll('tbody tr').length") == 5
        browser.type_into("input[name=_search]", "memory")
        browser.press_enter()
        titles = browser.evaluate(
            "[...document.querySelectorAll('td.col-title')].map(td => td.textContent.trim())"
        )
        assert sorted(titles) == ["End-To-End Memory Networks", "Memory Networks"]
        # Facet: the category the two papers share, as Datasette lists it.
        browser.click("#facet-category a[href*='category=dialogue']")
        assert "category=dialogue" in browser.evaluate("location.search")
        assert "_search=memory" in browser.evaluate("location.search")
        assert browser.evaluate("document.querySelectorAll('tbody tr').length") == 2
        # The paper's own page, from its id.
        browser.click("td.col-id a[href$='/papers/2']")
        assert browser.evaluate("location.pathname") == f"/{name}/papers/2"
        page = browser.evaluate("document.body.innerText")
        assert "End-To-End Memory Networks" in page and "1503.08895" in page
        links = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
        assert "https://arxiv.org/abs/1503.08895" in links
        shot = tmp_path / "paper.png"
        browser.screenshot(shot)
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    finally:
        browser.close()
    print(f"screenshot: {shot}")
    assert json.loads(urllib.request.urlopen(f"{served}/{name}.json").read())["tables"]
