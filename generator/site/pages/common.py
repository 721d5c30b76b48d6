"""Helpers shared by the page writers: links, tables, numbers, dates, the project table."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from generator.site import text
from generator.site.data import Project, SiteData
from generator.status import State

BEIJING = ZoneInfo("Asia/Shanghai")
Pages = dict[str, str | bytes]


def link(from_page: str, to_page: str, label: str) -> str:
    """A Markdown link from one docs page to another (mkdocs checks that it resolves)."""
    return f"[{text.inline(label)}]({relative(from_page, to_page)})"


def relative(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def url(from_page: str, to_page: str) -> str:
    """A relative URL for raw HTML (mkdocs does not rewrite those): docs page → built page."""
    target = to_page
    if target.endswith("index.md"):
        target = target[: -len("index.md")]
    elif target.endswith(".md"):
        target = target[:-3] + "/"
    source = from_page[: -len("index.md")] if from_page.endswith("index.md") else from_page[:-3] + "/"
    rel = posixpath.relpath(target or ".", source or ".")
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    css: str = "",
    filters: Sequence[str] = (),
    *,
    search: bool = True,
) -> str:
    """A Markdown table; cells must already be escaped (``text.inline``) or be links.

    With ``css`` the table is wrapped in a block of that class; ``filters`` name columns the
    reader can filter by (the site's script adds the controls; without script the table is whole).
    """
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("\n", " ") or " " for cell in row) + " |" for row in rows]
    out = "\n".join(lines) + "\n"
    if css:
        data = f' data-filters="{text.html(",".join(filters))}"' if filters else ""
        data += "" if search else " data-search-exclude"
        out = f'<div class="{text.html(css)}"{data} markdown>\n\n{out}\n</div>\n'
    return out


def html_link(from_page: str, to_page: str, label: str) -> str:
    """A link for raw HTML: an escaped label and a relative URL of the built page."""
    return f'<a href="{text.html(url(from_page, to_page))}">{text.html(label)}</a>'


def html_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], css: str, filters: Sequence[str] = (), *, search: bool = True
) -> str:
    """A table as raw HTML; cells must already be HTML (``text.html`` or ``html_link``).

    Long lists are written as HTML rather than Markdown: Python-Markdown's inline processing of
    thousands of table cells was most of the build time of a large site. The links are relative
    URLs of built pages; a test checks that every one of them resolves. ``filters`` name columns the
    reader can filter by (the site's script adds the controls; without script the table is whole).
    """
    attrs = f' class="{text.html(css)}"'
    if filters:
        attrs += f' data-filters="{text.html(",".join(filters))}"'
    if not search:
        attrs += " data-search-exclude"
    head = "".join(f"<th>{text.html(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<div{attrs}><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n"


def number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    return f"{value:,}"


def day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(BEIJING)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def sample_notice(sample: bool) -> str:
    """The sample-data warning, as Material's admonition markup, kept out of the search index."""
    if not sample:
        return ""
    return (
        '<div class="admonition warning" data-search-exclude><p class="admonition-title">示例数据</p>'
        "<p>本站展示的批次数据为演示用的示例，申请主体、项目、人员和数字纯属虚构。</p></div>\n\n"
    )


STATE_CSS = {
    State.REVOKED: "revoked",
    State.WITHDRAWN: "withdrawn",
    State.DEMONSTRATION: "demonstration",
    State.ENDED: "ended",
    State.PROPOSED: "proposed",
    State.NOT_TAKEN: "not-taken",
}


def badge(state: State) -> str:
    css = STATE_CSS.get(state, "other")
    return f'<span class="sfxm-state sfxm-state--{css}">{text.html(state.label)}</span>'


def project_path(project: Project) -> str:
    return f"projects/{project.id}.md"


def unit_path(code: str) -> str:
    return f"units/{code}.md"


def direction_path(call_id: str, code: str) -> str:
    return f"directions/{call_id}-{code}.md"


def call_path(call_id: str) -> str:
    return f"calls/{call_id}/index.md"


def projects_path(call_id: str) -> str:
    return f"calls/{call_id}/projects.md"


def publicity_path(call_id: str) -> str:
    return f"calls/{call_id}/publicity.md"


def final_path(call_id: str) -> str:
    return f"calls/{call_id}/final.md"


def record_path(name: str) -> str:
    return f"notices/{name}.md"


def case_path(ident: str) -> str:
    return f"cases/{ident}/index.md"


def final_export(call_id: str, ext: str) -> str:
    return f"data/{call_id}/final-list-{call_id}.{ext}"


def notice_export(call_id: str, name: str) -> str:
    return f"data/{call_id}/notice-{name}.docx"


def report_export(call_id: str) -> str:
    return f"data/{call_id}/report-{call_id}.docx"


COLUMNS = ("申报编号", "项目名称", "申请主体", "推荐单位", "方向", "批次", "状态")


def project_rows(page: str, projects: Iterable[Project], data: SiteData, columns: Sequence[str]) -> list[list[str]]:
    """HTML cells of a list of projects."""
    rows = []
    for p in projects:
        call = data.call(p.call)
        direction = call.direction(p.direction) if call else None
        unit = data.units.get(p.unit)
        cells = {
            "申报编号": text.html(p.id),
            "项目名称": html_link(page, project_path(p), p.name),
            "申请主体": text.html(p.applicant),
            "推荐单位": html_link(page, unit_path(p.unit), unit.name) if unit else text.html(p.unit),
            "方向": html_link(page, direction_path(p.call, p.direction), f"{p.direction} {direction.name}")
            if direction
            else text.html(p.direction),
            "批次": html_link(page, call_path(p.call), call.call.title) if call else text.html(p.call),
            "状态": badge(p.state),
        }
        rows.append([cells[c] for c in columns])
    return rows


def project_table(
    page: str,
    projects: Iterable[Project],
    data: SiteData,
    columns: Sequence[str] = COLUMNS,
    filters: Sequence[str] = ("推荐单位", "方向", "状态"),
) -> str:
    rows = project_rows(page, projects, data, columns)
    if not rows:
        return "（无）\n"
    # Lists repeat what each project's page says: out of the search index, which finds the page itself.
    return html_table(list(columns), rows, "sfxm-list", [f for f in filters if f in columns], search=False)
