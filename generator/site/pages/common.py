"""Helpers shared by the page writers: links, tables, numbers, dates."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from generator.site import text

BEIJING = ZoneInfo("Asia/Shanghai")
Pages = dict[str, str]


def link(from_page: str, to_page: str, label: str) -> str:
    """A Markdown link from one docs page to another (mkdocs checks that it resolves)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"[{text.inline(label)}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    """A Markdown table; cells must already be escaped (``text.inline``) or be links."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    out = "\n".join(lines) + "\n"
    if css:
        out = f'<div class="{text.html(css)}" markdown>\n\n{out}\n</div>\n'
    return out


def number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:,f}"
    return f"{value:,}"


def day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(BEIJING)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def sample_notice(sample: bool) -> str:
    if not sample:
        return ""
    return '!!! warning "示例数据"\n    本站展示的批次数据为演示用的示例，申请主体、项目、人员和数字纯属虚构。\n\n'
