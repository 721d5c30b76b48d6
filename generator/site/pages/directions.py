"""Per direction of each call: its projects and its case studies; and the index of directions by call."""

from __future__ import annotations

from generator.site import text
from generator.site.data import CallView, Direction, SiteData
from generator.site.pages.cases import case_rows
from generator.site.pages.common import (
    KIND_DIRECTION,
    Pages,
    call_path,
    direction_path,
    html_table,
    link,
    project_table,
    sample_notice,
    search_meta,
    table,
)
from generator.status import State


def direction_page(data: SiteData, call: CallView, direction: Direction) -> str:
    path = direction_path(call.id, direction.code)
    title = f"{direction.code} {direction.name}"
    mine = [p for p in call.projects if p.direction == direction.code]
    lines = [
        text.front_matter(f"{call.call.year}年 {title}"),
        f"# {text.inline(title)}",
        "",
        search_meta(
            KIND_DIRECTION,
            info=f"{call.call.title} · {len(mine)} 个申报项目",
            call=call.call.title,
            direction=f"{call.call.year}年 {title}",
        ),
        sample_notice([call]),
    ]
    where = " › ".join(direction.path)
    lines += [f"{link(path, call_path(call.id), call.call.title)}" + (f" › {text.inline(where)}" if where else ""), ""]
    if direction.description:
        lines += [text.paragraphs(direction.description, "sfxm-text"), ""]
    cases = [c for c in data.cases if c.call == call.id and (p := data.project(c.id)) and p.direction == direction.code]
    if cases:
        columns = ("案例", "项目", "推荐单位")
        lines += [
            "## 典型案例",
            "",
            html_table(list(columns), case_rows(path, cases, data, columns), "sfxm-list", search=False),
            "",
        ]
    lines += ["## 申报项目", ""] if cases else []
    lines.append(
        project_table(
            path, mine, data, ("申报编号", "项目名称", "申请主体", "推荐单位", "状态"), filters=("推荐单位", "状态")
        )
    )
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "directions/index.md"
    lines = [
        text.front_matter("方向"),
        "# 方向",
        "",
        "各批次的类别和方向，以及各方向的申报项目、示范项目和典型案例。",
        "",
    ]
    for call in reversed(data.calls):
        rows = []
        for d in call.directions:
            mine = [p for p in call.projects if p.direction == d.code]
            demo = sum(1 for p in mine if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED))
            cases = sum(1 for p in mine if p.case)
            rows.append(
                (
                    text.inline(" › ".join(d.path) or "—"),
                    link(path, direction_path(call.id, d.code), f"{d.code} {d.name}"),
                    str(len(mine)),
                    str(demo),
                    str(cases),
                )
            )
        lines += [
            f"## {text.inline(call.call.title)}",
            "",
            table(["上级", "方向", "申报项目", "示范项目", "典型案例"], rows),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"directions/index.md": index_page(data)}
    for call in data.calls:
        for d in call.directions:
            pages[direction_path(call.id, d.code)] = direction_page(data, call, d)
    return pages
