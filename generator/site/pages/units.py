"""Per unit: its projects over the years, and the units it is linked to (a province and its
计划单列市); and the index of units, in the registry's order."""

from __future__ import annotations

from generator.model.types import UnitClass
from generator.site import text
from generator.site.data import SiteData, UnitView
from generator.site.pages.common import (
    KIND_UNIT,
    Pages,
    html_link,
    html_table,
    link,
    project_table,
    sample_notice,
    search_keys,
    search_meta,
    unit_path,
)
from generator.status import State

PROVINCE, CITY = UnitClass.PROVINCE.value, UnitClass.SEPARATELY_PLANNED_CITY.value


def related(data: SiteData, unit: UnitView) -> tuple[list[UnitView], UnitView | None]:
    """A province's 计划单列市, or a 计划单列市's province.

    sfxm's own rule, from the codes: a 计划单列市 belongs to the province whose GB/T 2260 code
    shares its first two digits (大连 210200 and 辽宁 210000). Each recommends on its own.
    """
    if PROVINCE in unit.classes:
        cities = [u for u in data.units.values() if CITY in u.classes and u.code[:2] == unit.code[:2]]
        return cities, None
    if CITY in unit.classes:
        province = next((u for u in data.units.values() if PROVINCE in u.classes and u.code[:2] == unit.code[:2]), None)
        return [], province
    return [], None


def unit_page(data: SiteData, code: str) -> str:
    unit = data.units[code]
    path = unit_path(code)
    classes = "、".join(UnitClass(c).label for c in unit.classes)
    mine_all = [p for p in data.projects if p.unit == code]
    calls = [c for c in data.calls if any(p.call == c.id for p in mine_all)]
    lines = [
        text.front_matter(unit.name),
        f"# {text.inline(unit.name)}",
        "",
        search_meta(KIND_UNIT, info=f"{classes} · {len(mine_all)} 个申报项目", unit=unit.name),
        sample_notice(calls),
    ]
    lines += [
        f"单位类别：{text.inline(classes)}" + (f"；{text.inline(unit.designated)}" if unit.designated else ""),
        "",
    ]
    cities, province = related(data, unit)
    if cities:
        names = "、".join(link(path, unit_path(c.code), c.name) for c in cities)
        lines += [f"本省的计划单列市（单独推荐项目）：{names}。", ""]
    if province is not None:
        lines += [f"所在省份：{link(path, unit_path(province.code), province.name)}（计划单列市单独推荐项目）。", ""]
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
    if not mine_all:
        lines += ["本单位还没有申报项目。", ""]
    lines.append(search_keys(unit.name, unit.code))
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "units/index.md"
    rows = []
    for i, (code, unit) in enumerate(data.units.items()):
        projects = [p for p in data.projects if p.unit == code]
        demo = sum(1 for p in projects if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED))
        rows.append(
            (
                (html_link(path, unit_path(code), unit.name), f"{i:03d}"),
                text.html(code),
                text.html("、".join(UnitClass(c).label for c in unit.classes)),
                str(len(projects)),
                str(demo),
            )
        )
    lines = [
        text.front_matter("推荐单位"),
        "# 推荐单位",
        "",
        "各申报组织单位推荐的项目和入选的示范项目，按单位名录的顺序排列。",
        "",
    ]
    lines.append(
        html_table(["单位", "代码", "类别", "申报项目", "示范项目"], rows, "sfxm-list", ["类别"], search=False)
    )
    return "\n".join(lines) + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"units/index.md": index_page(data)}
    for code in data.units:
        pages[unit_path(code)] = unit_page(data, code)
    return pages
