"""Per direction of each call: its projects; and the index of directions by call."""

from __future__ import annotations

from generator.site import text
from generator.site.data import CallView, Direction, SiteData
from generator.site.pages.common import Pages, call_path, direction_path, link, project_table, sample_notice, table
from generator.status import State


def direction_page(data: SiteData, call: CallView, direction: Direction) -> str:
    path = direction_path(call.id, direction.code)
    title = f"{direction.code} {direction.name}"
    lines = [
        text.front_matter(f"{call.call.year}年 {title}", search={"exclude": True}),
        f"# {text.inline(title)}",
        "",
        sample_notice(call.call.sample),
    ]
    where = " › ".join(direction.path)
    lines += [f"{link(path, call_path(call.id), call.call.title)}" + (f" › {text.inline(where)}" if where else ""), ""]
    if direction.description:
        lines += [text.paragraphs(direction.description, "sfxm-text"), ""]
    mine = [p for p in call.projects if p.direction == direction.code]
    lines.append(
        project_table(
            path, mine, data, ("申报编号", "项目名称", "申请主体", "推荐单位", "状态"), filters=("推荐单位", "状态")
        )
    )
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "directions/index.md"
    lines = [text.front_matter("方向"), "# 方向", "", "各批次的类别和方向，以及各方向的申报项目和示范项目。", ""]
    for call in reversed(data.calls):
        rows = []
        for d in call.directions:
            mine = [p for p in call.projects if p.direction == d.code]
            demo = sum(1 for p in mine if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED))
            rows.append(
                (
                    text.inline(" › ".join(d.path) or "—"),
                    link(path, direction_path(call.id, d.code), f"{d.code} {d.name}"),
                    str(len(mine)),
                    str(demo),
                )
            )
        lines += [f"## {text.inline(call.call.title)}", "", table(["上级", "方向", "申报项目", "示范项目"], rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"directions/index.md": index_page(data)}
    for call in data.calls:
        for d in call.directions:
            pages[direction_path(call.id, d.code)] = direction_page(data, call, d)
    return pages
