"""What a link in a reading list points at: a paper (and which id it carries), or something
else (a video, a blog post, code, a page of the same README).

Pure string handling over URLs; identifiers come from readinglist.identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from readinglist.identifiers import find_arxiv_ids, find_dois, read_identifier

# Kinds of link. A paper kind is evidence that the entry is a paper; an other kind, that it
# is not (unless a paper link stands beside it).
ARXIV, DOI, ACL, PAPER_PAGE, PDF = "arxiv", "doi", "acl", "paper page", "pdf"
VIDEO, BLOG, CODE, COURSE, SOCIAL, BADGE, REFERENCE = (
    "a video", "a blog post", "code", "a course or documentation page", "a social media post",
    "a badge", "an encyclopedia entry",
)  # fmt: skip
ANCHOR, LOCAL, WEB, EMPTY = "a link within the page", "a file of the repository", "web", "empty"
PAPER_KINDS = frozenset({ARXIV, DOI, ACL, PAPER_PAGE, PDF})
NOT_PAPER_KINDS = frozenset({VIDEO, BLOG, COURSE, SOCIAL, BADGE, REFERENCE, ANCHOR, LOCAL})

# Hosts whose pages are papers (proceedings, publishers, preprint servers, paper indexes).
_PAPER_HOSTS = (
    "openreview.net", "semanticscholar.org", "aclweb.org", "aclanthology.org", "acm.org",
    "ieee.org", "springer.com", "sciencedirect.com", "elsevier.com", "nips.cc", "neurips.cc",
    "mlr.press", "jmlr.org", "thecvf.com", "cv-foundation.org", "ijcai.org", "aaai.org",
    "nature.com", "science.org", "sciencemag.org", "pnas.org", "mdpi.com", "vldb.org",
    "usenix.org", "cidrdb.org", "iop.org", "distill.pub", "researchgate.net",
    "citeseerx.ist.psu.edu", "hal.science", "archives-ouvertes.fr", "jair.org",
    "tandfonline.com", "wiley.com",
    "biorxiv.org", "medrxiv.org", "ssrn.com", "ecva.net", "bmva.org", "isca-speech.org",
    "isca-archive.org", "plos.org", "frontiersin.org", "cell.com", "oup.com", "cambridge.org",
    "sagepub.com", "arxiv.org", "paperswithcode.com", "dblp.org", "scholar.google.com",
    "proceedings.com", "computer.org", "spiedigitallibrary.org", "ojs.aaai.org",
    "papers.ssrn.com", "journals.aps.org", "iopscience.iop.org", "acm.org", "ceur-ws.org",
)  # fmt: skip
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "bilibili.com", "b23.tv", "vimeo.com",
                "videolectures.net", "slideslive.com", "ixigua.com")  # fmt: skip
_BLOG_HOSTS = ("medium.com", "zhihu.com", "towardsdatascience.com", "substack.com",
               "wordpress.com", "blogspot.com", "jianshu.com", "cnblogs.com", "juejin.cn",
               "thegradient.pub", "mp.weixin.qq.com", "jiqizhixin.com", "hackernoon.com",
               "dev.to", "qiita.com", "zenn.dev", "note.com", "hatenablog.com",
               "sspai.com", "segmentfault.com", "lilianweng.github.io")  # fmt: skip
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "gitee.com", "huggingface.co",
               "colab.research.google.com", "kaggle.com", "pypi.org")  # fmt: skip
_COURSE_HOSTS = ("coursera.org", "udacity.com", "edx.org", "readthedocs.io", "ocw.mit.edu",
                 "deeplearning.ai", "fast.ai", "d2l.ai", "udemy.com")  # fmt: skip
_SOCIAL_HOSTS = ("twitter.com", "x.com", "linkedin.com", "reddit.com", "facebook.com",
                 "weibo.com", "news.ycombinator.com", "t.me", "discord.gg")  # fmt: skip
_BADGE_HOSTS = ("shields.io", "badgen.net", "komarev.com", "hits.seeyoufarm.com",
                "github-readme-stats.vercel.app", "visitor-badge.laobi.icu")  # fmt: skip
_REFERENCE_HOSTS = ("wikipedia.org", "plato.stanford.edu", "baike.baidu.com")
# Path segments of blog posts on any host (jbkjr.com/posts/..., nucl.ai/blog/...).
_BLOG_SEGMENTS = frozenset({"blog", "blogs", "post", "posts"})
# Documentation sites built by Sphinx and the like: /en/latest/..., docs.example.org.
_DOCS_SEGMENTS = frozenset({"latest", "stable"})
# An ACL Anthology id inside an aclweb.org / aclanthology.org path.
_ACL_IN_PATH = re.compile(r"([A-Z]\d{2}-\d{4}|\d{4}\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.\d+)")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?]")
_OPENREVIEW_ID = re.compile(r"[?&]id=([A-Za-z0-9_-]+)")


@dataclass(frozen=True)
class LinkTarget:
    """A link's target as the reading list means it."""

    url: str
    kind: str
    arxiv_id: str | None = None
    doi: str | None = None
    ids: dict[str, str] = field(default_factory=dict)  # acl, openreview, ...

    @property
    def is_paper(self) -> bool:
        return self.kind in PAPER_KINDS

    @property
    def is_not_paper(self) -> bool:
        return self.kind in NOT_PAPER_KINDS


def read_link(href: str) -> LinkTarget:
    """Classify a link target (as written in the Markdown)."""
    url = href.strip()
    if not url:
        return LinkTarget(url, EMPTY)
    if url.startswith("#"):
        return LinkTarget(url, ANCHOR)
    ident = read_identifier(url)
    if ident is not None:
        kind = {"arxiv": ARXIV, "doi": DOI, "acl": ACL}.get(ident.scheme, PAPER_PAGE)
        return _with_id(url, kind, ident.scheme, ident.value)
    parts = urlsplit(url if "://" in url or url.startswith("//") else "")
    host = (parts.hostname or "").lower()
    path = unquote(parts.path or "")
    if not host:
        # A path inside the repository: a PDF kept there, else a note page or an image.
        return LinkTarget(url, PDF if _is_pdf(url) else LOCAL)
    found = _ids_in_url(url)
    if found is not None:
        return found
    segments = {s.lower() for s in path.split("/") if s}
    if host.endswith("openreview.net"):
        m = _OPENREVIEW_ID.search(url)
        return LinkTarget(url, PAPER_PAGE, ids={"openreview": m.group(1)} if m else {})
    if _on(host, _BADGE_HOSTS):
        return LinkTarget(url, BADGE)
    if _on(host, _VIDEO_HOSTS):
        return LinkTarget(url, VIDEO)
    if _is_pdf(url):
        return LinkTarget(url, PDF)
    if _on(host, _PAPER_HOSTS):
        return LinkTarget(url, PAPER_PAGE)
    if _on(host, _BLOG_HOSTS) or "blog" in host:
        return LinkTarget(url, BLOG)
    if _on(host, _SOCIAL_HOSTS):
        return LinkTarget(url, SOCIAL)
    if _on(host, _REFERENCE_HOSTS):
        return LinkTarget(url, REFERENCE)
    if _on(host, _COURSE_HOSTS) or host.startswith("docs.") or segments & _DOCS_SEGMENTS:
        return LinkTarget(url, COURSE)
    if _on(host, _CODE_HOSTS):
        return LinkTarget(url, CODE)
    if segments & _BLOG_SEGMENTS:
        return LinkTarget(url, BLOG)
    return LinkTarget(url, WEB)


def urls_in_text(text: str) -> list[str]:
    """Bare URLs written in running text (GitHub shows them as links)."""
    return _URL_IN_TEXT.findall(text)


def ids_in_text(text: str) -> LinkTarget | None:
    """The first arXiv id or DOI cited in running text ("arXiv:1409.1556", "doi:10...")."""
    arxiv = find_arxiv_ids(text)
    if arxiv:
        return _with_id("", ARXIV, "arxiv", str(arxiv[0]))
    dois = find_dois(text)
    if dois:
        ident = read_identifier(dois[0])
        if ident is not None and ident.scheme == "arxiv":
            return _with_id("", ARXIV, "arxiv", ident.value)
        return _with_id("", DOI, "doi", dois[0])
    return None


def _with_id(url: str, kind: str, scheme: str, value: str) -> LinkTarget:
    if scheme == "arxiv":
        return LinkTarget(url, kind, arxiv_id=value)
    if scheme == "doi":
        return LinkTarget(url, kind, doi=value)
    return LinkTarget(url, kind, ids={scheme: value})


def _ids_in_url(url: str) -> LinkTarget | None:
    """An id a URL carries without consisting of it: a DOI in a publisher's path
    (dl.acm.org/doi/pdf/10.1145/...), an arXiv link with a query, an ACL Anthology PDF."""
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(("aclanthology.org", "aclweb.org")):
        m = _ACL_IN_PATH.search(urlsplit(url).path)
        if m:
            return _with_id(url, ACL, "acl", m.group(1))
    if host.endswith("arxiv.org"):
        arxiv = find_arxiv_ids(url.split("?")[0])
        if arxiv:
            return _with_id(url, ARXIV, "arxiv", str(arxiv[0]))
    dois = find_dois(unquote(url))
    if dois and not host.endswith(("scholar.google.com", "sci-hub.se")):
        ident = read_identifier(dois[0])
        if ident is not None and ident.scheme == "arxiv":
            return _with_id(url, ARXIV, "arxiv", ident.value)
        return _with_id(url, DOI, "doi", dois[0])
    return None


def _is_pdf(url: str) -> bool:
    path = urlsplit(url).path.lower()
    query = urlsplit(url).query.lower()
    return (
        path.endswith(".pdf")
        or "/pdf/" in path
        or path.endswith("/pdf")
        or "type=pdf" in query
        or ".pdf" in unquote(path)
    )


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)
