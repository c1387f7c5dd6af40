"""`rl extract FILE|DIR [--json]` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pdfmaker import ABSTRACT, ABSTRACT_TEXT, Paper, bomb, build


def _paper(path: Path, **options: object) -> Path:
    options.setdefault("abstract", ABSTRACT)
    return build(path, Paper(**options))  # type: ignore[arg-type]


def test_extract_file_prints_fields(rl, tmp_path: Path) -> None:
    path = _paper(tmp_path / "p.pdf", stamp="arXiv:2203.02155v1  [cs.CL]  4 Mar 2022")
    r = rl("extract", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "== p.pdf",
        "title:    Reading Order for Synthetic Papers",
        "authors:  Ada Lovelace, Alan Turing, Grace Hopper",
        "arXiv:    2203.02155",
        "pages:    2",
        "language: en",
        f"abstract: {ABSTRACT_TEXT}",
        "",
    ]


def test_extract_json(rl, tmp_path: Path) -> None:
    r = rl("extract", str(_paper(tmp_path / "p.pdf")), "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json() == {
        "title": "Reading Order for Synthetic Papers",
        "authors": ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        "abstract": ABSTRACT_TEXT,
        "language": "en",
        "abstract_other": None,
        "language_other": None,
        "arxiv_id": None,
        "pages": 2,
        "notes": [],
    }


def test_extract_stores_nothing(rl, tmp_path: Path, db_file: Path) -> None:
    assert rl("extract", str(_paper(tmp_path / "p.pdf"))).exit_code == 0
    assert not db_file.exists()


def test_no_abstract_found(rl, tmp_path: Path) -> None:
    path = _paper(tmp_path / "p.pdf", heading=None, abstract=["Short line."])
    r = rl("extract", str(path))
    assert r.exit_code == 0, r.stderr
    assert "abstract: no abstract found" in r.stdout
    assert rl("extract", str(path), "--json").json()["abstract"] is None  # type: ignore[index]


def test_folder_gives_one_object_per_file_and_survives_a_bad_one(rl, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    _paper(folder / "b.pdf", title=["Second Paper About Layout"])
    _paper(folder / "a.pdf")
    (folder / "broken.pdf").write_text("not a pdf")
    (folder / "notes.txt").write_text("ignored")
    r = rl("extract", str(folder), "--json")
    assert r.exit_code == 1
    rows = r.json()
    assert [row["file"] for row in rows] == ["a.pdf", "b.pdf", "broken.pdf"]  # type: ignore[index]
    assert rows[0]["title"] == "Reading Order for Synthetic Papers"  # type: ignore[index]
    assert rows[1]["title"] == "Second Paper About Layout"  # type: ignore[index]
    assert rows[1]["abstract"] == ABSTRACT_TEXT  # type: ignore[index]
    assert rows[2] == {  # type: ignore[index]
        "file": "broken.pdf",
        "error": f"{folder / 'broken.pdf'} is not a PDF (it does not start with %PDF-).",
    }
    assert f"Error: {folder / 'broken.pdf'} is not a PDF" in r.stderr
    assert "Error: 1 of 3 PDFs could not be read (see above)." in r.stderr
    assert "Traceback" not in r.stderr


def test_folder_text_output(rl, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    _paper(folder / "a.pdf")
    _paper(folder / "b.pdf", title=["Second Paper About Layout"])
    r = rl("extract", str(folder))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.index("== a.pdf") < r.stdout.index("== b.pdf")
    assert "title:    Second Paper About Layout" in r.stdout


def test_folder_shows_progress_on_stderr(rl, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        _paper(folder / name)
    # rich draws progress only on a terminal; these variables say stderr is one.
    r = rl("extract", str(folder), "--json", env={"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"})
    assert r.exit_code == 0, r.stderr
    assert "Reading PDFs" in r.stderr
    assert "3/3" in r.stderr
    assert len(r.json()) == 3  # type: ignore[arg-type]


def test_missing_path(rl, tmp_path: Path) -> None:
    r = rl("extract", str(tmp_path / "nope.pdf"))
    assert r.exit_code == 1
    assert r.stderr == f"Error: no such file or folder: {tmp_path / 'nope.pdf'}\n"


def test_empty_folder(rl, tmp_path: Path) -> None:
    r = rl("extract", str(tmp_path))
    assert r.exit_code == 1
    assert r.stderr == f"Error: no PDF files in {tmp_path}.\n"


def test_bad_file(rl, tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    r = rl("extract", str(path))
    assert r.exit_code == 1
    assert r.stderr == f"Error: {path} is empty (0 bytes). Download it again.\n"
    assert r.stdout == ""


def test_extract_has_help(rl) -> None:
    r = rl("extract", "--help")
    assert r.exit_code == 0
    assert "storenothing" in r.stdout.replace(" ", "").replace("\n", "").replace("│", "")


def test_extract_loads_no_layout_models(tmp_path: Path) -> None:
    # pymupdf 2 imports its layout package, onnxruntime and numpy with itself: a second of
    # start-up for models rl never uses. The version range in pyproject.toml keeps them out.
    path = _paper(tmp_path / "p.pdf")
    code = (
        "import sys, json\n"
        "from readinglist.cli import app\n"
        f"sys.argv = ['rl', 'extract', {str(path)!r}, '--json']\n"
        "try:\n    app()\n"
        "except SystemExit:\n    pass\n"
        "watched = ('pymupdf', 'pymupdf.layout', 'numpy', 'onnxruntime')\n"
        "print(json.dumps([m for m in watched if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Reading Order for Synthetic Papers"
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == ["pymupdf"], f"rl extract imported {loaded}"


def test_a_pdf_whose_text_inflates_is_read_within_the_limits(rl, tmp_path: Path) -> None:
    # 6 MB of text on page 1 from a file of about 100 KB: read up to its first 2 MB, said so.
    path = bomb(tmp_path / "bomb.pdf", 6)
    assert path.stat().st_size < 500_000
    r = rl("extract", str(path), "--json")
    assert r.exit_code == 0, r.stderr
    got = r.json()
    assert got["title"] == "A Paper That Inflates"  # type: ignore[index]
    assert got["abstract"] == ABSTRACT_TEXT  # type: ignore[index]
    assert got["notes"] == [  # type: ignore[index]
        "page 1's content inflates to more than 2 MB: only the first 2 MB were read",
        "page 1 has more than 50,000 characters of text: the rest was not read",
    ]
    assert r.stderr.splitlines() == [
        f"Note: {path}: page 1's content inflates to more than 2 MB: only the first 2 MB were "
        "read.",
        f"Note: {path}: page 1 has more than 50,000 characters of text: the rest was not read.",
    ]
