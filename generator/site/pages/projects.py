"""A page per project: its public fields, nothing else. Project pages stay out of the nav."""

from __future__ import annotations

from typing import Any

from generator.model.types import Money
from generator.site import text
from generator.site.data import CallView, Project, SiteData
from generator.site.pages.common import Pages, link, number, sample_notice, table


def project_path(project: Project) -> str:
    return f"projects/{project.id}.md"


def money(value: dict[str, Any] | None) -> str:
    return text.inline(str(Money.model_validate(value))) if value else "—"


def facts(data: SiteData, call: CallView, project: Project, path: str) -> list[tuple[str, str]]:
    p = project.public
    applicant, users, investment = p["applicant"], p["users"], p["investment"]
    unit = data.units.get(project.unit)
    direction = call.direction(project.direction)
    where = " › ".join([*direction.path, f"{direction.code} {direction.name}"]) if direction else project.direction
    rows = [
        ("申报编号", text.inline(p["id"])),
        ("批次", link(path, f"calls/{call.id}/index.md", call.call.title)),
        ("推荐单位", text.inline(unit.name if unit else project.unit)),
        (text.inline(call.call.classification.levels[-1]), text.inline(where)),
        ("申请主体", text.inline(applicant["name"])),
        ("统一社会信用代码", text.inline(applicant["credit_code"])),
        ("法人类型", text.inline(applicant["legal_form"])),
        ("独立法人资格", "申请主体已声明具有独立法人资格" if applicant["independent_legal_person"] else "—"),
        ("注册地址", text.inline(applicant["address"])),
        ("用户规模", text.inline(f"{number(users['count'])} {users['unit']}（{users['note']}）")),
        ("项目总投资", money(investment["total"])),
        ("已完成投资", money(investment.get("completed"))),
        ("推荐名额", "在推荐名额内" if project.within_quota else "超出推荐名额，未予受理"),
    ]
    return rows


SECTIONS = (
    ("项目简介", ("summary",)),
    ("建设内容", ("construction",)),
    ("创新点", ("innovation",)),
    ("商业模式", ("business_model",)),
    ("经济效益", ("benefits", "economic")),
    ("社会效益", ("benefits", "social")),
    ("推广价值", ("promotion",)),
    ("投资说明", ("investment", "note")),
)


def _get(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def project_page(data: SiteData, call: CallView, project: Project) -> str:
    path = project_path(project)
    lines = [
        text.front_matter(project.name, description=f"{project.id} {project.name}"),
        f"# {text.inline(project.name)}",
        "",
        sample_notice(call.call.sample),
        table(["项目", "内容"], facts(data, call, project, path), "sfxm-facts"),
        "",
    ]
    for heading, keys in SECTIONS:
        value = _get(project.public, keys)
        if value:
            lines += [f"## {heading}", "", text.paragraphs(value, "sfxm-text"), ""]
    return "\n".join(lines).rstrip() + "\n"


def write(data: SiteData) -> Pages:
    return {project_path(p): project_page(data, call, p) for call in data.calls for p in call.projects}
