"""What changed between two builds of the public site, as a reader sees it (``sfxm site diff``).

Builds are deterministic (same data, same bytes), so comparing the build of a pull request's merged
result with the build of its base says exactly which public pages it adds, changes or removes. A
page is compared by the text of its content (the ``article`` of mkdocs-material: headings,
paragraphs, table rows), not its HTML: navigation, scripts and markup are noise to a reviewer.
Pagefind's search index is left out; other files that are not pages (open data, feeds, documents,
images) are listed by name.

The output goes into a pull request's summary and carries the pull request's own text: every value
is escaped for Markdown, and diffs sit in code fences longer than any run of backticks in them.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path

IGNORED = ("pagefind/",)  # the search index: derived from the pages, thousands of opaque files
_BLOCKS = {
    "p", "div", "section", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr",
    "table", "thead", "tbody", "br", "pre", "blockquote", "details", "summary", "dt", "dd", "dl", "hr",
    "figure", "figcaption",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _PageText(HTMLParser):
    """The title and the visible text of a page's main content, one block per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.lines: list[str] = []
        self._line: list[str] = []
        self._in_title = False
        self._article = 0  # depth inside the content article
        self._skip = 0
        self._hidden = 0  # depth inside an element hidden from readers (aria-hidden, hidden): search keys

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "article" and (self._article or "md-content__inner" in (dict(attrs).get("class") or "")):
            self._article += 1
        if not self._article:
            return
        if self._hidden:
            self._hidden += tag not in _VOID
            return
        found = dict(attrs)
        if tag not in _VOID and (found.get("aria-hidden") == "true" or "hidden" in found):
            self._hidden = 1
            return
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self._break()
        elif tag in ("td", "th") and self._line:
            self._line.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._article and tag in ("br", "hr"):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not self._article:
            return
        if self._hidden:
            self._hidden -= 1
            return
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._break()
        if tag == "article":
            self._article -= 1
            self._break()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._article and not self._skip and not self._hidden:
            self._line.append(data)

    def _break(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._line)).strip(" |")
        if text:
            self.lines.append(text)
        self._line = []


def page_text(html: str) -> tuple[str, list[str]]:
    """A page's title and the lines of text of its content."""
    parser = _PageText()
    parser.feed(html)
    parser.close()
    parser._break()
    return re.sub(r"\s+", " ", parser.title).strip(), parser.lines


@dataclass
class PageChange:
    url: str  # the page's address relative to the site root ("" for the home page)
    title: str
    change: str  # "added", "changed" or "removed"
    diff: list[str] = field(default_factory=list)  # unified diff of the text, for changed pages
    added: int = 0
    removed: int = 0


@dataclass
class SiteDiff:
    pages: list[PageChange] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})

    @property
    def empty(self) -> bool:
        return not self.pages and not any(self.files.values())

    def of(self, change: str) -> list[PageChange]:
        return [p for p in self.pages if p.change == change]


def _listing(site: Path) -> dict[str, Path]:
    return {
        rel: path
        for path in sorted(site.rglob("*"))
        if path.is_file() and not (rel := path.relative_to(site).as_posix()).startswith(IGNORED)
    }


def _url(rel: str) -> str:
    return rel.removesuffix("index.html") if rel.endswith("/index.html") or rel == "index.html" else rel


def diff_sites(old: Path, new: Path, context: int = 1) -> SiteDiff:
    """The pages and other files that differ between two built sites."""
    before, after = _listing(old), _listing(new)
    result = SiteDiff()
    home = after.get("index.html") or before.get("index.html")
    # Every title ends with " - <site name>" (the home page's title is "首页 - <site name>"): noise.
    suffix = " - " + page_text(home.read_text(encoding="utf-8"))[0].rsplit(" - ", 1)[-1] if home else None

    def text(path: Path | None) -> tuple[str, list[str]]:
        if path is None:
            return "", []
        title, lines = page_text(path.read_text(encoding="utf-8", errors="replace"))
        return (title.removesuffix(suffix) if suffix else title), lines

    for rel in sorted(before.keys() | after.keys()):
        a, b = before.get(rel), after.get(rel)
        if rel.endswith(".html"):
            if a is not None and b is not None and a.read_bytes() == b.read_bytes():
                continue
            (old_title, old_lines), (new_title, new_lines) = text(a), text(b)
            if a is None:
                result.pages.append(PageChange(_url(rel), new_title, "added", added=len(new_lines)))
            elif b is None:
                result.pages.append(PageChange(_url(rel), old_title, "removed", removed=len(old_lines)))
            elif (old_title, old_lines) != (new_title, new_lines):
                if old_title != new_title:
                    old_lines, new_lines = [f"标题：{old_title}", *old_lines], [f"标题：{new_title}", *new_lines]
                lines = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=context))[2:]
                plus = sum(1 for x in lines if x.startswith("+"))
                minus = sum(1 for x in lines if x.startswith("-"))
                result.pages.append(PageChange(_url(rel), new_title, "changed", lines, plus, minus))
        elif a is None:
            result.files["added"].append(rel)
        elif b is None:
            result.files["removed"].append(rel)
        elif a.read_bytes() != b.read_bytes():
            result.files["changed"].append(rel)
    return result


def as_json(diff: SiteDiff) -> str:
    return json.dumps(asdict(diff), ensure_ascii=False, indent=2) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def _md(text: str) -> str:
    """Plain text for Markdown: every character Markdown or HTML could read as markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _fence(lines: list[str]) -> str:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def markdown(
    diff: SiteDiff, *, title: str = "网站预览：公开页面的变化", max_pages: int = 60, max_lines: int = 40
) -> str:
    """The summary a reviewer reads: counts, then each added, changed and removed page."""
    added, changed, removed = diff.of("added"), diff.of("changed"), diff.of("removed")
    files = diff.files
    out = [f"## {title}", ""]
    if diff.empty:
        return "\n".join([*out, "合并后公开网站没有任何变化。", ""])
    out += [
        f"合并后：新增 {len(added)} 个页面，修改 {len(changed)} 个，删除 {len(removed)} 个；"
        f"其他文件（开放数据、订阅、文档、图片）新增 {len(files['added'])} 个，修改 {len(files['changed'])} 个，"
        f"删除 {len(files['removed'])} 个。搜索索引不列出。",
        "",
    ]

    def page_line(p: PageChange) -> str:
        return f"- {_md('/' + p.url)} {_md(p.title)}"

    shown = 0
    if changed:
        out += ["### 修改的页面", ""]
        for p in changed:
            if shown >= max_pages:
                out.append(f"- {_md('/' + p.url)} {_md(p.title)}（+{p.added} −{p.removed} 行）")
                continue
            shown += 1
            lines = p.diff[:max_lines]
            more = len(p.diff) - len(lines)
            fence = _fence(lines)
            out += [
                f"<details><summary>{escape('/' + p.url)} {escape(p.title)}（+{p.added} −{p.removed} 行）</summary>",
                "",
                f"{fence}diff",
                *lines,
                fence,
            ]
            if more:
                out.append(f"（另有 {more} 行差异未显示）")
            out += ["", "</details>", ""]
        out.append("")
    for label, pages in (("新增的页面", added), ("删除的页面", removed)):
        if pages:
            out += [f"### {label}", "", *(page_line(p) for p in pages), ""]
    for key, label in (("added", "新增"), ("changed", "修改"), ("removed", "删除")):
        if files[key]:
            names = files[key]
            listed = "、".join(_md(n) for n in names[:30]) + (f" 等 {len(names)} 个" if len(names) > 30 else "")
            out += [f"- 其他文件{label}：{listed}"]
    return "\n".join(out).rstrip() + "\n"
