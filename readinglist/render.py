"""The reading list through a Jinja2 template: knowledge base + template -> Markdown text.

Pure: reads the knowledge base and the template, returns text; prints nothing, writes nothing.

Templates run in Jinja2's sandbox because a README template can arrive in a pull request and
run in CI. Text reaches Markdown through two filters, because the reading list holds two
kinds of text:
- `markdown_cell`: a label is the user's own Markdown, exactly as written in their table
  (`(2018b) \\[Note\\] ...`), so it is kept byte for byte; only what would break the table
  row (an unescaped `|`, a line break) is changed. A label rl made from a title (typed on the
  command line, or the paper's) is plain text: templates get it already escaped (`cell`).
- `cell`: a canonical title, author or heading is plain text (from arXiv or typed by the
  user), so everything Markdown or HTML would act on is escaped and the reader sees exactly
  that text.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from readinglist.errors import InvalidInput, NotFound, RLError
from readinglist.library import one_line

if TYPE_CHECKING:
    from jinja2 import Environment

    from readinglist.library import Library, Paper

DEFAULT_TEMPLATE = "README.md.j2"
# The template for the block between the markers of a hand-written README (--in-place): the
# list only, where the default is a whole profile page.
BLOCK_TEMPLATE = "reading-list.md.j2"
# Looked up after a path given as is: the user's editable copies, then rl's own defaults.
LOCAL_TEMPLATES = Path("templates")
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
# GitHub stops rendering a README at 512 KB; warn well before the cut.
SIZE_WARNING_BYTES = 450 * 1024
# A render is bounded: a template is a page of Markdown, so a render beyond these is a
# template attacking the machine it runs on (CI), not a reading list. RL_RENDER_TIMEOUT
# changes the time allowed.
RENDER_SECONDS = 10.0
MAX_OUTPUT_CHARS = 8 * 1024 * 1024
RENDER_MEMORY_BYTES = 512 * 1024 * 1024  # on top of what rl already holds
MAX_TEMPLATE_BYTES = 1024 * 1024

# Plain text: characters that could start emphasis (* _), strikethrough (~), code (`),
# a link or image ([ ]), GitHub math ($) or end a table cell (|) are backslash-escaped.
# < > & become entities so no HTML tag, autolink or entity can form; a backslash becomes
# one too, so it can never escape the character after it (not even the cell's closing |).
_BACKSLASHED = frozenset("`*_[]|~$")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;"}
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# Characters not allowed raw in a Markdown link destination, or that would end a table cell.
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def cell(text: Any) -> str:
    """Plain text as one GitHub-safe Markdown table cell that reads exactly as `text`."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())
    return "".join(
        _ENTITIES[ch] if ch in _ENTITIES else "\\" + ch if ch in _BACKSLASHED else ch for ch in flat
    )


def markdown_cell(markdown: Any) -> str:
    """The user's Markdown as one table cell: byte for byte, unless it would break the row."""
    if markdown is None:
        return ""
    return _no_trailing_backslash(_UNESCAPED_PIPE.sub(r"\\|", one_line(str(markdown))))


def link_target(url: Any) -> str:
    """A URL as a Markdown link destination that stays inside its table cell."""
    if not url:
        return ""
    encoded = quote(str(url).strip(), safe=_URL_SAFE)
    # Backslash escapes work in link destinations: keep ( ) & literal without unbalancing
    # the link or forming an entity.
    return re.sub(r"([()&])", r"\\\1", encoded)


def _no_trailing_backslash(text: str) -> str:
    # A cell ending in "\" would escape the "|" that closes it; a space keeps them apart
    # and is trimmed from the cell.
    return text + " " if text.endswith("\\") else text


def paper_link(paper: dict[str, Any]) -> str | None:
    """Where a reader finds the paper: its arXiv abs page, else its DOI, else its URL."""
    if paper.get("arxiv_id"):
        return f"https://arxiv.org/abs/{paper['arxiv_id']}"
    if paper.get("doi"):
        return f"https://doi.org/{paper['doi']}"
    url = paper.get("url") or ""
    return url if re.match(r"https?://", url) else None


# Template names for the reading list by status: "read" is what a reading list lists.
_BY_STATUS = {"read": "read", "reading": "reading", "to-read": "to_read"}


def where_to_read(paper: Paper, folder: Path) -> str | None:
    """Where to read the paper: its attached PDF when the file is there (a path; relative
    ones are relative to the knowledge base's `folder`), else its page (see paper_link)."""
    if paper.pdf_path:
        pdf = Path(paper.pdf_path).expanduser()
        pdf = pdf if pdf.is_absolute() else folder / pdf
        if pdf.is_file():
            return str(pdf)
    return paper_link(paper.as_dict())


def reading_list(library: Library) -> dict[str, Any]:
    """What templates see.

    sections: every category in the user's order (empty ones too), each with slug, heading,
        position, count and papers, and those papers by status: read, reading, to_read.
    papers: all papers in that order. A paper has every stored field plus `first_author`,
        `link` (see paper_link) and `note_rows` (the labels of its notes that are table rows);
        its `label` is Markdown (a plain-text label escaped), `label_text` the label as stored.
    read, reading, to_read: the papers of each status, in that order.
    count: the number of papers.
    """
    stored = [p.as_dict() for p in library.papers()]
    sections: list[dict[str, Any]] = []
    for category in library.categories():
        held = [_paper_context(p) for p in stored if p["category"] == category.slug]
        section = {
            "slug": category.slug,
            "heading": category.heading,
            "position": category.position,
            "count": len(held),
            "papers": held,
        }
        for status, name in _BY_STATUS.items():
            section[name] = [p for p in held if p["status"] == status]
        sections.append(section)
    papers = [p for s in sections for p in s["papers"]]
    context: dict[str, Any] = {"sections": sections, "papers": papers, "count": len(papers)}
    for status, name in _BY_STATUS.items():
        context[name] = [p for p in papers if p["status"] == status]
    return context


def _paper_context(paper: dict[str, Any]) -> dict[str, Any]:
    # A template gets every label as Markdown: the user's as written, a plain-text one (a title
    # typed or found) escaped so that it reads exactly as typed. label_text is as stored.
    plain = paper["label_format"] == "text"
    return {
        **paper,
        "label": cell(paper["label"]) if plain else paper["label"],
        "label_text": paper["label"],
        "first_author": paper["authors"][0] if paper["authors"] else None,
        "link": paper_link(paper),
        "note_rows": [n["label"] for n in paper["notes"] if n.get("label")],
    }


def render(library: Library, template: str | None = None) -> str:
    """The reading list rendered through `template` (a path or a template name)."""
    return render_template(template, reading_list(library))


def render_template(template: str | None, context: dict[str, Any]) -> str:
    """Render `template` with `context`. A broken template raises InvalidInput naming the
    template file and line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    search_path, name = locate_template(template or DEFAULT_TEMPLATE)
    env = _environment(search_path)
    seconds = _render_seconds()
    try:
        # Compiling is bounded too: Jinja works out constant expressions ('%9d' % 1) then.
        with _time_limit(seconds), _memory_limit(RENDER_MEMORY_BYTES):
            try:
                compiled = env.get_template(name)
            except TemplateNotFound as e:
                raise NotFound(
                    f"no template '{template}' ({e}). Give a path to a template file."
                ) from e
            return _collect(compiled.generate(context))
    except NotFound:
        raise
    except TemplateSyntaxError as e:  # in the template or one it includes
        raise _template_error(
            e.filename or e.name or name, e.lineno, e.message or "syntax error"
        ) from e
    except Exception as e:
        where = _template_frame(e)
        file, line = where if where else (name, None)
        if isinstance(e, TemplateNotFound):
            folders = ", ".join(str(p) for p in search_path)
            what = f"it includes '{e.name}', which is in none of: {folders}"
        elif isinstance(e, RLError):
            what = e.message
        elif isinstance(e, MemoryError):
            what = f"it needs more than {RENDER_MEMORY_BYTES // 2**20} MB of memory"
        else:
            what = f"{type(e).__name__}: {e}"
        raise _template_error(file, line, what) from e


def locate_template(template: str) -> tuple[list[Path], str]:
    """The loader's search path and the template's name in it.

    Lookup order: `template` as a path, ./templates/, then the defaults shipped with rl.
    Includes and imports inside a template are looked up the same way.
    """
    given = Path(template)
    fallbacks = [LOCAL_TEMPLATES, PACKAGE_TEMPLATES]
    if given.is_file():
        return [given.parent, *fallbacks], given.name
    for folder in fallbacks:
        if (folder / template).is_file():
            return fallbacks, template
    raise NotFound(
        f"no template '{template}': it is not a file, not in {LOCAL_TEMPLATES}/, and not one "
        f"of rl's default templates ({', '.join(default_template_names())}). "
        "Give a path, or copy the defaults to edit with: rl init"
    )


def default_template_names() -> list[str]:
    return sorted(p.name for p in PACKAGE_TEMPLATES.glob("*.j2"))


def default_templates() -> list[Path]:
    """The templates shipped with rl, which `rl init` copies into ./templates/."""
    return sorted(PACKAGE_TEMPLATES.glob("*.j2"))


def size_warning(text: str) -> str | None:
    size = len(text.encode("utf-8"))
    if size <= SIZE_WARNING_BYTES:
        return None
    return (
        f"the rendered text is {size // 1024} KB; GitHub stops rendering a README at 512 KB. "
        "Consider a shorter template (e.g. drop abstracts or notes)."
    )


class RenderLimit(RLError):
    """A render went past one of the bounds above."""


def _collect(chunks: Iterator[str]) -> str:
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise RenderLimit(
                f"its output passed {MAX_OUTPUT_CHARS // 2**20} M characters (a README is a few KB)"
            )
        parts.append(chunk)
    return "".join(parts)


def _render_seconds() -> float:
    try:
        seconds = float(os.environ.get("RL_RENDER_TIMEOUT", RENDER_SECONDS))
    except ValueError as e:
        raise InvalidInput("RL_RENDER_TIMEOUT must be a number of seconds.") from e
    if not 0 < seconds < 86400:
        raise InvalidInput("RL_RENDER_TIMEOUT must be between 0 and 86400 seconds.")
    return seconds


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the render after `seconds` of wall time: a loop in a template calls nothing
    that could check a clock, so a timer signal does it (where there is one: POSIX, the main
    thread; elsewhere only output and memory are bounded)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise RenderLimit(f"it ran for more than {seconds:g} s (RL_RENDER_TIMEOUT)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_limit(extra: int) -> Iterator[None]:
    """Let the render allocate at most `extra` bytes more than the process holds now; past
    that Python raises MemoryError instead of the machine swapping (Linux; elsewhere the
    output bound and the template operators' bounds still hold)."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            in_use = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    limit = in_use + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield  # already bounded more tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# Templates are small: any `x ** y` or `"s" * n` beyond this is a template trying to
# exhaust memory in CI, not a reading list.
_MAX_POWER = 100
_MAX_REPEAT = 1_000_000  # items or characters a repetition may make
# Widths passed to str methods and filters that pad (center, ljust, indent, format...).
_MAX_WIDTH = 10_000


def _environment(search_path: list[Path]) -> Environment:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.exceptions import SecurityError, TemplateNotFound
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import SandboxedEnvironment

    class FolderLoader(FileSystemLoader):
        """Only regular files inside the template folders: a symlink out of them (to
        /proc/self/environ, holding CI tokens) or a device or pipe is no template."""

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            pieces = split_template_path(template)  # refuses ".." itself
            for folder in self.searchpath:
                path = Path(folder, *pieces)
                if not path.exists():
                    continue
                real, root = path.resolve(), Path(folder).resolve()
                if not real.is_relative_to(root):
                    raise SecurityError(f"{path} leads out of its template folder, to {real}")
                info = real.stat()
                if not stat.S_ISREG(info.st_mode):
                    raise SecurityError(f"{path} is not a regular file")
                if info.st_size > MAX_TEMPLATE_BYTES:
                    raise SecurityError(f"{path} is larger than a template can be (1 MB)")
                source = real.read_text(encoding="utf-8")
                return source, str(path), lambda: False  # rl renders once; never cached
            raise TemplateNotFound(template)

    class ReadingListSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int | float) and abs(right) > _MAX_POWER:
                raise SecurityError(f"exponent {right} is too large for a template")
            if operator == "*" and _too_long(left, right):
                raise SecurityError("repeating a sequence that many times is not allowed")
            if operator == "%" and isinstance(left, str) and _wide_format(left):
                raise SecurityError("a field that wide is not allowed in a template")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            # Padding methods ('x'.center(10**9), 'x'.ljust(...)) make a string as wide as
            # asked in one step.
            if isinstance(getattr(__obj, "__self__", None), str):
                numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
                if any(abs(n) > _MAX_WIDTH for n in numbers):
                    raise SecurityError("a width that large is not allowed in a template")
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            # str.format and format_map in a template: '{:>999999999}'.format(1)
            text = getattr(value, "__self__", None)
            if isinstance(text, str) and _wide_format(text):

                def refuse(*args: Any, **kwargs: Any) -> str:
                    raise SecurityError("a field that wide is not allowed in a template")

                return refuse
            return super().wrap_str_format(value)

    env = ReadingListSandbox(
        loader=FolderLoader([str(p) for p in search_path], encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: the filters above do the escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        newline_sequence="\n",
        auto_reload=False,
    )
    env.filters.update(cell=cell, markdown_cell=markdown_cell, link_target=link_target)
    for name in ("center", "indent", "wordwrap", "truncate", "format"):
        env.filters[name] = _bounded_filter(env.filters[name], SecurityError)
    return env


def _bounded_filter(original: Any, refuse: type[Exception]) -> Any:
    """`original`, refusing widths and format fields beyond _MAX_WIDTH."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and abs(value) > _MAX_WIDTH:
                raise refuse("a width that large is not allowed in a template")
            if isinstance(value, str) and _wide_format(value):
                raise refuse("a field that wide is not allowed in a template")
        return original(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):  # environment/context filters keep their kind
        if hasattr(original, attribute):
            setattr(bounded, attribute, getattr(original, attribute))
    return bounded


# A width or precision of five digits or more in a %-format or a format() field.
_WIDE_FIELD = re.compile(r"%[-#0 +]*\d{5,}|%[-#0 +]*\d*\.\d{5,}|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


def _wide_format(text: str) -> bool:
    return ("%" in text or "{" in text) and bool(_WIDE_FIELD.search(text))


def _too_long(left: Any, right: Any) -> bool:
    for seq, n in ((left, right), (right, left)):
        if (
            isinstance(seq, str | list | tuple)
            and isinstance(n, int)
            and (n > _MAX_REPEAT or len(seq) * n > _MAX_REPEAT)
        ):
            return True
    return False


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    """The template file and line where `error` was raised (innermost), if in a template.

    Jinja rewrites tracebacks so that frames inside templates carry the template's file
    name and line, and mark their globals with __jinja_exception__.
    """
    found = None
    tb = error.__traceback__
    for frame, line in traceback.walk_tb(tb):
        if "__jinja_exception__" in frame.f_globals:
            found = (frame.f_code.co_filename, line)
    return found


def _template_error(file: str, line: int | None, what: str) -> InvalidInput:
    shown = _display_path(file)
    at = f", line {line}" if line else ""
    return InvalidInput(f"template {shown}{at}: {what}. Fix the template; nothing was written.")


def _display_path(file: str) -> str:
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
