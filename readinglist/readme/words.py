"""The words reading lists use, in the languages they are written in: what a heading or a
parent item means for reading status, what a table column holds, which link texts are labels
rather than titles, and which sections hold no papers.

Everything is compared after `normalise` (lower case, punctuation and emoji dropped).
"""

from __future__ import annotations

import re
import unicodedata

READ, READING, TO_READ = "read", "reading", "to-read"

# Whole headings (or parent items) that say how far the papers below them are read.
_STATUS_PHRASES = {
    READ: (
        "read", "have read", "i have read", "already read", "papers read", "papers i have read",
        "papers i read", "read papers", "done", "finished", "completed", "已读", "读过",
        "已读论文", "读完", "読んだ", "読了", "既読", "읽은 논문", "lu", "lus", "gelesen",
        "leídos",
    ),
    READING: (
        "reading", "currently reading", "reading now", "now reading", "in progress",
        "正在读", "在读", "阅读中", "読んでいる", "読書中", "en cours", "lese gerade",
    ),
    TO_READ: (
        "to read", "to-read", "toread", "want to read", "papers to read", "to be read",
        "waiting list", "reading queue", "queue", "backlog", "todo", "to do", "planned",
        "next", "up next", "wishlist", "待读", "想读", "未读", "待读论文", "读书计划",
        "読みたい", "積読", "未読", "à lire", "zu lesen", "por leer",
    ),
}  # fmt: skip
_STATUS_BY_PHRASE = {phrase: status for status, ps in _STATUS_PHRASES.items() for phrase in ps}

# Single marks in a list item or a table cell.
MARKS = {
    "✅": READ, "✔": READ, "✔️": READ, "☑": READ, "☑️": READ, "✓": READ, "🟢": READ,
    "[x]": READ, "x": READ, "yes": READ, "y": READ, "done": READ, "read": READ, "是": READ,
    "已读": READ, "📖": READING, "⏳": READING, "🔄": READING, "reading": READING,
    "🔜": TO_READ, "❌": TO_READ, "⬜": TO_READ, "🔲": TO_READ, "[ ]": TO_READ,
    "no": TO_READ, "todo": TO_READ, "否": TO_READ,
}  # fmt: skip

# Table headers, by the role of their column.
TITLE, AUTHORS, YEAR, VENUE, LINK, STATUS, NOTES = (
    "title", "authors", "year", "venue", "link", "status", "notes")  # fmt: skip
_HEADER_WORDS = {
    TITLE: (
        "title", "paper", "papers", "paper title", "paper name", "name", "article", "work",
        "publication", "resource", "resources", "reading", "标题", "论文", "论文名", "论文名称",
        "论文标题", "文章", "文章名称", "文章标题", "名字", "名称", "题目", "题名", "篇名",
        "タイトル", "論文", "論文名", "論文タイトル", "表題", "題名", "제목", "논문", "titre",
        "título", "titel", "titolo", "artikel",
    ),
    AUTHORS: (
        "author", "authors", "author s", "first author", "作者", "著者", "筆者", "저자",
        "auteur", "auteurs", "autor", "autores", "autoren",
    ),
    YEAR: (
        "year", "m year", "date", "published", "time", "年份", "年", "日期", "时间", "发表时间",
        "発表年", "年度", "出版年", "연도", "année", "año", "jahr", "anno",
    ),
    VENUE: (
        "venue", "conference", "journal", "conf", "published in", "source", "会议", "期刊",
        "会议 期刊", "出处", "来源", "発表", "学会", "会議", "掲載", "学会名", "학회",
        "conférence", "revue",
    ),
    LINK: (
        "link", "links", "link s", "url", "pdf", "paper link", "arxiv", "download", "链接",
        "地址", "论文链接", "原文", "リンク", "링크", "lien",
    ),
    STATUS: (
        "status", "read", "read notes", "done", "state", "progress", "已读", "状态", "进度",
        "已录制", "読了", "状態", "상태", "lu", "statut",
    ),
    NOTES: (
        "notes", "note", "comment", "comments", "summary", "description", "tl dr", "tldr",
        "remarks", "thoughts", "简介", "备注", "笔记", "摘要", "说明", "总结", "评论", "感想",
        "メモ", "概要", "要約", "備考", "메모", "요약", "remarque",
    ),
}  # fmt: skip
_ROLE_BY_HEADER = {w: role for role, ws in _HEADER_WORDS.items() for w in ws}

# Link texts that label a link ("[pdf]", "[code]") rather than name the paper. The first
# group says the link is the paper; the second that it is something else.
PAPER_LABELS = frozenset((
    "pdf", "paper", "link", "html", "arxiv", "abs", "abstract", "doi", "url", "here",
    "full text", "fulltext", "openreview", "acl", "acm", "ieee", "springer", "论文", "原文",
    "链接", "論文", "リンク", "pdf link", "paper link", "preprint", "proceedings",
))  # fmt: skip
OTHER_LABELS = frozenset((
    "code", "github", "blog", "video", "videos", "slides", "slide", "notes", "note",
    "summary", "project", "project page", "website", "homepage", "home", "demo", "repo",
    "intro", "playlist", "youtube", "bilibili", "talk", "poster", "dataset", "data", "bibtex",
    "bib", "supp", "supplementary", "review", "reviews", "tweet", "thread", "知乎", "代码",
    "笔记", "视频", "博客", "中文版本", "中文", "解读", "コード", "ブログ", "動画", "repro",
    "site", "article", "colab", "model", "models", "weights", "leaderboard", "zhihu",
    "csdn", "return top", "back to top", "top", "toc", "more",
))  # fmt: skip

# Headings of sections that list things other than papers: an entry there is imported only
# when it carries a paper's id (arXiv, DOI, ACL Anthology). Plural or unmistakable forms
# only: "Video" or "Code Generation" are research topics.
_OTHER_SECTIONS = frozenset((
    "blog", "blogs", "book", "books", "talks", "courses", "course", "lectures",
    "lecture notes", "videos", "tutorials", "tools", "slides", "podcasts", "websites",
    "links", "resources", "libraries", "frameworks", "repositories", "repos", "textbooks",
    "newsletters", "博客", "书籍", "书单", "课程", "视频", "教程", "工具", "资源", "链接",
    "ブログ", "書籍", "講義", "動画", "ツール", "リンク",
))  # fmt: skip
# Headings of sections that hold no papers at all.
_EMPTY_SECTIONS = frozenset((
    "table of contents", "contents", "toc", "index", "license", "licence", "contributing",
    "contribution", "contributions", "contributors", "acknowledgements", "acknowledgments",
    "acknowledgement", "citation", "cite", "how to cite", "contact", "about", "about me",
    "installation", "install", "usage", "star history", "stargazers", "sponsors", "support",
    "目录", "目次", "许可", "许可证", "贡献", "致谢", "引用", "联系", "联系方式", "关于",
    "ライセンス", "謝辞", "連絡先",
))  # fmt: skip

_NOT_WORD = re.compile(r"[^\w\s'+-]+")


def normalise(text: str) -> str:
    """Lower case, without punctuation, emoji or surrounding space; spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    return " ".join(_NOT_WORD.sub(" ", text).replace("-", " ").split())


def status_of(text: str) -> str | None:
    """The reading status a heading or parent item names, or None ("Machine Reading
    Comprehension" names none: the whole text must be a status phrase)."""
    words = normalise(text)
    found = _STATUS_BY_PHRASE.get(words)
    if found is None and words.endswith(" papers"):
        found = _STATUS_BY_PHRASE.get(words[: -len(" papers")])
    if found is None and words.startswith("papers "):
        found = _STATUS_BY_PHRASE.get(words[len("papers ") :])
    return found


def mark_status(text: str) -> str | None:
    """The status a mark such as ✅, 🔜 or [x] gives, or None."""
    return MARKS.get(text.strip().lower())


def column_role(header: str) -> str | None:
    """What a table column holds, from its header ("Read? [Notes]" -> status; a mark such
    as ✅ names the column of marks)."""
    if header.strip() and mark_status(header) is not None and not header.strip().isalpha():
        return STATUS
    words = normalise(header)
    if not words:
        return None
    if words in _ROLE_BY_HEADER:
        return _ROLE_BY_HEADER[words]
    first = words.split()[0]
    return _ROLE_BY_HEADER.get(first)


def section_kind(heading: str) -> str | None:
    """What a section holds, by its heading: "other" for non-papers (Blogs, Books),
    "empty" for nothing at all (Table of Contents, License), else None (papers)."""
    words = normalise(heading)
    if words in _EMPTY_SECTIONS:
        return "empty"
    tokens = words.split()
    if words in _OTHER_SECTIONS or (tokens and tokens[-1] in _OTHER_SECTIONS):
        return "other"
    if len(tokens) >= 2 and " ".join(tokens[-2:]) in _OTHER_SECTIONS:
        return "other"
    return None


def label_kind(text: str) -> str | None:
    """What a link text says the link is: "paper" for a label of the paper's link ([pdf],
    [paper]), "other" for a label of something else ([code], [blog]), None for a text that
    names something (a title)."""
    words = normalise(text)
    if words in PAPER_LABELS:
        return "paper"
    if words in OTHER_LABELS:
        return "other"
    return None
