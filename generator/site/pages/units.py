"""Per unit: its projects over the years; and the index of units."""

from __future__ import annotations

from generator.model.types import UnitClass
from generator.site import text
from generator.site.data import SiteData
from generator.site.pages.common import Pages, html_link, html_table, project_table, sample_notice, unit_path
from generator.status import State


def unit_page(data: SiteData, code: str) -> str:
    unit = data.units[code]
    path = unit_path(code)
    classes = "、".join(UnitClass(c).label for c in unit.classes)
    lines = [
        text.front_matter(unit.name, search={"exclude": True}),
        f"# {text.inline(unit.name)}",
        "",
        sample_notice(data.sample),
    ]
    lines += [
        f"单位类别：{text.inline(classes)}" + (f"；{text.inline(unit.designated)}" if unit.designated else ""),
        "",
    ]
    for call in reversed(data.calls):
        mine = [p for p in call.projects if p.unit == code]
        if not mine:
            continue
        demo = sum(1 for p in mine if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED))
        lines += [f"## {text.inline(call.call.title)}", "", f"推荐 {len(mine)} 个项目，其中示范项目 {demo} 个。", ""]
        lines.append(
            project_table(
                path, mine, data, ("申报编号", "项目名称", "申请主体", "方向", "状态"), filters=("方向", "状态")
            )
        )
        lines.append("")
    if len(lines) <= 6:
        lines += ["本单位还没有申报项目。", ""]
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "units/index.md"
    rows = []
    for code, unit in sorted(data.units.items()):
        projects = [p for p in data.projects if p.unit == code]
        demo = sum(1 for p in projects if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED))
        rows.append(
            (
                html_link(path, unit_path(code), unit.name),
                text.html(code),
                text.html("、".join(UnitClass(c).label for c in unit.classes)),
                str(len(projects)),
                str(demo),
            )
        )
    lines = [text.front_matter("推荐单位"), "# 推荐单位", "", "各申报组织单位推荐的项目和入选的示范项目。", ""]
    lines.append(html_table(["单位", "代码", "类别", "申报项目", "示范项目"], rows, "sfxm-list", ["类别"]))
    return "\n".join(lines) + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"units/index.md": index_page(data)}
    for code in data.units:
        pages[unit_path(code)] = unit_page(data, code)
    return pages
