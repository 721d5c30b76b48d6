"""Helpers shared by the page writers: links, tables, numbers, dates, the project table."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from generator.site import text
from generator.site.data import CallView, Project, SiteData
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


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain Markdown table; cells must already be escaped (``text.inline``) or be links.

    Never wrapped in an HTML block: without md_in_html, Markdown inside HTML is shown as source
    (the bug that once put a raw table on the notices page). Styled or filterable lists are
    ``html_table``.
    """
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("\n", " ") or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def html_link(from_page: str, to_page: str, label: str) -> str:
    """A link for raw HTML: an escaped label and a relative URL of the built page."""
    return f'<a href="{text.html(url(from_page, to_page))}">{text.html(label)}</a>'


Cell = str | tuple[str, str]  # HTML, or (HTML, a sort key for the column: registry order, status order)


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    css: str,
    filters: Sequence[str] = (),
    *,
    search: bool = True,
    caption: str | None = None,
) -> str:
    """A table as raw HTML; cells must already be HTML (``text.html`` or ``html_link``).

    Long lists are written as HTML rather than Markdown: Python-Markdown's inline processing of
    thousands of table cells was most of the build time of a large site. The links are relative
    URLs of built pages; a test checks that every one of them resolves. ``filters`` name columns the
    reader can filter by (the site's script adds the controls; without script the table is whole).
    Each cell carries its column's name (``data-label``), which a phone shows beside the value when
    the rows become cards; a cell given as (HTML, key) sorts and orders its filter by the key.
    """
    attrs = f' class="{text.html(css)}"'
    if filters:
        attrs += f' data-filters="{text.html(",".join(filters))}"'
    if not search:
        attrs += " data-search-exclude"
    labels = [text.html(h) for h in headers]
    head = "".join(f'<th scope="col">{label}</th>' for label in labels)
    # Only lists turn into cards on a phone; key-value tables need no labels in their cells.
    cards = "sfxm-list" in css.split()
    body = []
    for row in rows:
        cells = []
        for label, cell in zip(labels, row, strict=True):
            named = f' data-label="{label}"' if cards else ""
            if isinstance(cell, tuple):
                cells.append(f'<td{named} data-sort="{text.html(cell[1])}">{cell[0]}</td>')
            else:
                cells.append(f"<td{named}>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{text.html(caption)}</caption>" if caption else ""
    return f"<div{attrs}><table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>\n"


def number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    return f"{value:,}"


def day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(BEIJING)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def sample_notice(calls: Iterable[CallView]) -> str:
    """The sample-data warning for a page about ``calls``, kept out of the search index.

    Samples are a property of a call: a page says "示例" only for the sample calls it shows, and
    never labels a real call's content as fictional.
    """
    calls = list(calls)
    samples = [c for c in calls if c.sample]
    if not samples:
        return ""
    if len(samples) == len(calls):
        body = "本页内容为演示用的示例数据：申请主体、项目、人员和数字纯属虚构。"
    else:
        names = "、".join(f"“{c.call.title}”" for c in samples)
        body = f"本页中{names}的内容为演示用的示例数据，纯属虚构；其他批次的内容为正式数据。"
    return (
        '<div class="admonition warning" data-search-exclude><p class="admonition-title">示例数据</p>'
        f"<p>{text.html(body)}</p></div>\n\n"
    )


STATE_CSS = {
    State.REVOKED: "revoked",
    State.WITHDRAWN: "withdrawn",
    State.NOT_CONFIRMED: "withdrawn",  # the same kind of end: proposed, not in the final list
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
STATE_ORDER = {state: f"{i:02d}" for i, state in enumerate(State)}


def unit_order(data: SiteData) -> dict[str, str]:
    """Each unit's place in the registry (its order is the plan's: provinces, then the cities, …)."""
    cache = data.__dict__.setdefault("_unit_order", {})
    if not cache:
        cache.update({code: f"{i:03d}" for i, code in enumerate(data.units)})
    return cache


def project_rows(page: str, projects: Iterable[Project], data: SiteData, columns: Sequence[str]) -> list[list[Cell]]:
    """HTML cells of a list of projects; 序号 numbers them in the list's own order."""
    rows: list[list[Cell]] = []
    order = unit_order(data)
    for n, p in enumerate(projects, start=1):
        call = data.call(p.call)
        direction = call.direction(p.direction) if call else None
        unit = data.units.get(p.unit)
        cells: dict[str, Cell] = {
            "序号": str(n),
            "申报编号": text.html(p.id),
            "项目名称": html_link(page, project_path(p), p.name),
            "申请主体": text.html(p.applicant),
            "推荐单位": (html_link(page, unit_path(p.unit), unit.name), order[p.unit]) if unit else text.html(p.unit),
            "方向": html_link(page, direction_path(p.call, p.direction), f"{p.direction} {direction.name}")
            if direction
            else text.html(p.direction),
            "批次": html_link(page, call_path(p.call), call.call.title) if call else text.html(p.call),
            "状态": (badge(p.state), STATE_ORDER[p.state]),
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


# -- search: what Pagefind records about a page --------------------------------------------------

KIND_PROJECT, KIND_NOTICE, KIND_LIST, KIND_CALL = "项目", "通报与监督", "名单", "批次"
KIND_UNIT, KIND_DIRECTION, KIND_CASE = "推荐单位", "方向", "典型案例"


def search_meta(kind: str, *, info: str = "", status: str = "", state: str = "", **filters: str) -> str:
    """An empty element that tells Pagefind what the page is: its kind and a project's status as
    metadata (shown with each result), and the filters the search page offers (kind, call, unit,
    direction, status). Values travel in attributes, so that no text of them is indexed twice."""
    values = {"kind": kind, "status": status, "state": state, "info": info, **filters}
    values = {k: v for k, v in values.items() if v}
    meta = [k for k in ("kind", "status", "state", "info") if k in values]
    filt = [k for k in ("kind", "call", "unit", "direction", "status") if k in values]
    attrs = "".join(f' data-{k}="{text.html(v)}"' for k, v in values.items())
    return (
        f'<div class="sfxm-search-meta" hidden{attrs}'
        f' data-pagefind-meta="{", ".join(f"{k}[data-{k}]" for k in meta)}"'
        f' data-pagefind-filter="{", ".join(f"{k}[data-{k}]" for k in filt)}"></div>\n'
    )


def search_keys(*values: str | None) -> str:
    """The exact-match keys of a page (its id, credit code, full names) as index words of their own.

    Pagefind matches words, and segments Chinese into words, so a full company name or an id with
    hyphens is never one word of the index. Each key is normalised (``search.normalise``) and
    hashed into a word of consonants that no text contains; the search page hashes the whole query
    the same way and puts pages whose key it is first. Hidden from readers; weighted highest.
    """
    from generator.site.search import key_tokens

    tokens = key_tokens(v for v in values if v)
    if not tokens:
        return ""
    return f'<div class="sfxm-keys" aria-hidden="true" data-pagefind-weight="10">{" ".join(tokens)}</div>\n'
