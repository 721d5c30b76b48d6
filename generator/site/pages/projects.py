"""A page per project: public fields, status, timeline, banners, its case study. Out of the nav.

For search, the name (the page's title), the lead sentence (id, applicant, unit, call, direction,
status) and the summary count fully, the long texts half, and the facts table and the timeline not
at all (they repeat the lead); the id, credit code and full names are exact-match keys.
"""

from __future__ import annotations

from typing import Any

from generator.model.types import Money
from generator.selection import NOT_TAKEN, PLAN_RULE
from generator.site import text
from generator.site.data import CallView, Project, SiteData
from generator.site.pages.common import (
    KIND_PROJECT,
    STATE_CSS,
    Pages,
    badge,
    case_path,
    direction_path,
    html_link,
    html_table,
    link,
    number,
    project_path,
    record_path,
    sample_notice,
    search_keys,
    search_meta,
    unit_path,
)
from generator.site.pages.notices import title as record_title
from generator.status import State


def money(value: dict[str, Any] | None) -> str:
    return text.html(str(Money.model_validate(value))) if value else "—"


def facts(data: SiteData, call: CallView, project: Project, path: str) -> list[tuple[str, str]]:
    """The short public fields, as HTML cells."""
    p = project.public
    applicant, users, investment = p["applicant"], p["users"], p["investment"]
    unit = data.units.get(project.unit)
    direction = call.direction(project.direction)
    where = " › ".join([*direction.path, f"{direction.code} {direction.name}"]) if direction else project.direction
    h = text.html
    return [
        ("状态", badge(project.state)),
        ("申报编号", h(p["id"])),
        ("批次", html_link(path, f"calls/{call.id}/index.md", call.call.title)),
        ("推荐单位", html_link(path, unit_path(project.unit), unit.name) if unit else h(project.unit)),
        (
            h(call.call.classification.levels[-1]),
            html_link(path, direction_path(call.id, project.direction), where) if direction else h(where),
        ),
        ("申请主体", h(applicant["name"])),
        ("统一社会信用代码", h(applicant["credit_code"])),
        ("法人类型", h(applicant["legal_form"])),
        ("独立法人资格", "申请主体已声明具有独立法人资格" if applicant["independent_legal_person"] else "—"),
        ("注册地址", h(applicant["address"])),
        ("用户规模", h(f"{number(users['count'])} {users['unit']}（{users['note']}）")),
        ("项目总投资", money(investment["total"])),
        ("已完成投资", money(investment.get("completed"))),
    ]


SECTIONS = (
    ("项目简介", ("summary",), True),
    ("建设内容", ("construction",), False),
    ("创新点", ("innovation",), False),
    ("商业模式", ("business_model",), False),
    ("经济效益", ("benefits", "economic"), False),
    ("社会效益", ("benefits", "social"), False),
    ("推广价值", ("promotion",), False),
    ("投资说明", ("investment", "note"), False),
)


def _get(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _banner(path: str, project: Project, data: SiteData) -> list[str]:
    if project.state is State.REVOKED and project.revocation is not None:
        r = project.revocation.data
        grounds = "、".join(r["grounds"])
        return [
            '!!! danger "已取消示范项目资格"',
            f"    自 {r['effective'].isoformat()} 起取消本项目示范项目资格。理由：{text.inline(grounds)}。"
            f"见{link(path, record_path(project.revocation.name), r['notice']['title'])}（{text.inline(r['number'])}）。",
            "",
        ]
    if project.state is State.WITHDRAWN and project.withdrawal is not None:
        r = project.withdrawal.data
        when = next((e.label for e in project.timeline if e.record == project.withdrawal.name), "经核实撤销")
        return [
            f'!!! warning "{project.state.label}"',
            f"    本项目曾列入拟支持项目名单，{text.inline(when)}，未列入示范项目名单。理由：{text.inline(r['reason'])}"
            f"（见{link(path, record_path(project.withdrawal.name), record_title(project.withdrawal, data))}，"
            f"{text.inline(r['number'])}）",
            "",
        ]
    if project.state is State.NOT_CONFIRMED:
        reason = f"理由：{text.inline(project.not_confirmed)}" if project.not_confirmed else "详见示范项目名单。"
        return [
            f'!!! warning "{project.state.label}"',
            f"    本项目曾列入拟支持项目名单，公示后经研究未列入示范项目名单。{reason}",
            "",
        ]
    if project.state is State.ENDED:
        return ['!!! note "已终止实施"', "    项目承担单位书面报备项目终止实施，详见下方时间线。", ""]
    if project.state is State.NOT_TAKEN:
        return [
            f'!!! note "{project.state.label}"',
            f"    推荐单位推荐的项目超过名额，按推荐顺序选取排在前面的项目，本项目{NOT_TAKEN}，不进入评审"
            f"（实施方案：“{PLAN_RULE}”）。",
            "",
        ]
    return []


def lead(data: SiteData, call: CallView, project: Project) -> str:
    """One sentence saying who declared it, who recommended it, in which call and direction (searchable)."""
    unit = data.units.get(project.unit)
    direction = call.direction(project.direction)
    return text.inline(
        f"{project.applicant}申报，{unit.name if unit else project.unit}推荐，{call.call.title}"
        + (f"，{direction.name}方向" if direction else "")
        + f"，申报编号 {project.id}。当前状态：{project.state.label}。"
    )


def timeline(path: str, project: Project, data: SiteData) -> list[str]:
    if not project.timeline:
        return []
    rows = []
    for event in project.timeline:
        label = text.html(event.label)
        if event.record:
            label = html_link(path, record_path(event.record), event.label)
        if event.superseded_by:
            later = data.record(event.superseded_by)
            later_title = record_title(later, data) if later else "后续记录"
            label += f"（已被{html_link(path, record_path(event.superseded_by), later_title)}更正）"
        rows.append((text.html(event.day.isoformat()), label))
    return [
        "## 时间线 { data-search-exclude }",
        "",
        html_table(["日期", "事项"], rows, "sfxm-timeline", search=False),
        "",
    ]


def project_page(data: SiteData, call: CallView, project: Project) -> str:
    path = project_path(project)
    unit = data.units.get(project.unit)
    direction = call.direction(project.direction)
    meta = search_meta(
        KIND_PROJECT,
        status=project.state.label,
        state=STATE_CSS.get(project.state, "other"),
        info=f"{project.id} · {project.applicant} · {unit.name if unit else project.unit}推荐",
        call=call.call.title,
        unit=unit.name if unit else project.unit,
        direction=f"{call.call.year}年 {direction.code} {direction.name}" if direction else "",
    )
    keys = search_keys(project.id, project.public["applicant"]["credit_code"], project.applicant, project.name)
    lines = [
        text.front_matter(project.name, description=f"{project.id} {project.name}：{project.applicant}申报"),
        f"# {text.inline(project.name)}",
        "",
        meta,
        sample_notice([call]),
        *_banner(path, project, data),
        lead(data, call, project),
        "",
        html_table(["项目", "内容"], facts(data, call, project, path), "sfxm-facts", search=False),
        "",
    ]
    if project.case:
        lines += [f"本项目入选典型案例：{link(path, case_path(project.case), '阅读案例')}。", ""]
    for heading, fields, full in SECTIONS:
        value = _get(project.public, fields)
        if value:
            attrs = "" if full else " { data-search-exclude }"
            lines += [f"## {heading}{attrs}", "", text.paragraphs(value, "sfxm-text", weight=None if full else 0.5), ""]
    lines += [*timeline(path, project, data), keys]
    return "\n".join(lines).rstrip() + "\n"


def write(data: SiteData) -> Pages:
    return {project_path(p): project_page(data, call, p) for call in data.calls for p in call.projects}
