"""Case studies (典型案例): an index (by direction, unit and call) and a page each, with their images;
a revoked project's case is flagged, not silently dropped. Direction pages list their cases too."""

from __future__ import annotations

import re

from generator.site import text
from generator.site.data import CaseView, SiteData
from generator.site.pages.common import (
    KIND_CASE,
    Pages,
    call_path,
    case_path,
    direction_path,
    html_link,
    html_table,
    link,
    project_path,
    record_path,
    sample_notice,
    search_keys,
    search_meta,
    unit_order,
    unit_path,
)
from generator.status import State

_FIRST_H1 = re.compile(r"<h1[^>]*>.*?</h1>\s*", re.DOTALL)


def case_page(case: CaseView, data: SiteData) -> str:
    path = case_path(case.id)
    project = data.project(case.id)
    call = data.call(case.call)
    direction = call.direction(project.direction) if call and project else None
    unit = data.units.get(project.unit) if project else None
    meta = search_meta(
        KIND_CASE,
        info=f"{project.name} · {unit.name if unit else project.unit}推荐" if project else "",
        call=call.call.title if call else "",
        unit=unit.name if unit else "",
        direction=f"{call.call.year}年 {direction.code} {direction.name}" if call and direction else "",
    )
    lines = [
        text.front_matter(case.title),
        f"# {text.inline(case.title)}",
        "",
        meta,
        sample_notice([call] if call else []),
    ]
    if project is not None and project.state is State.REVOKED and project.revocation is not None:
        lines += [
            '!!! danger "该项目已被取消示范项目资格"',
            f"    本案例所介绍的项目已于 {project.revocation.data['effective'].isoformat()} 被取消示范项目资格，"
            f"见{link(path, record_path(project.revocation.name), project.revocation.data['notice']['title'])}。"
            "案例保留在此，供查阅。",
            "",
        ]
    if project is not None:
        lines += [f"项目：{link(path, project_path(project), project.name)}（{text.inline(project.applicant)}）", ""]
    body = _FIRST_H1.sub("", case.html, count=1)
    body = "\n".join(line for line in body.splitlines() if line.strip())
    lines += [f'<div class="sfxm-case">\n{body}\n</div>', "", search_keys(case.title)]
    return "\n".join(lines).rstrip() + "\n"


def case_rows(page: str, cases: list[CaseView], data: SiteData, columns: tuple[str, ...]) -> list[list]:
    """HTML cells of a list of case studies (案例, 项目, 推荐单位, 方向, 批次)."""
    order = unit_order(data)
    rows = []
    for case in cases:
        project = data.project(case.id)
        call = data.call(case.call)
        flag = "（项目已被取消示范项目资格）" if project is not None and project.state is State.REVOKED else ""
        unit = data.units.get(project.unit) if project else None
        direction = call.direction(project.direction) if call and project else None
        cells = {
            "案例": html_link(page, case_path(case.id), case.title) + text.html(flag),
            "项目": html_link(page, project_path(project), project.name) if project else text.html(case.id),
            "推荐单位": (html_link(page, unit_path(project.unit), unit.name), order[project.unit]) if unit else "",
            "方向": html_link(page, direction_path(case.call, direction.code), f"{direction.code} {direction.name}")
            if direction
            else "",
            "批次": html_link(page, call_path(case.call), call.call.title) if call else text.html(case.call),
        }
        rows.append([cells[c] for c in columns])
    return rows


def index_page(data: SiteData) -> str:
    path = "cases/index.md"
    calls = [c for c in data.calls if any(case.call == c.id for case in data.cases)]
    lines = [
        text.front_matter("典型案例"),
        "# 典型案例",
        "",
        sample_notice(calls),
        "示范项目的经验总结，供各地学习借鉴。可按方向、推荐单位和批次筛选；各方向页面也列出本方向的案例。",
        "",
    ]
    if data.cases:
        columns = ("案例", "项目", "推荐单位", "方向", "批次")
        rows = case_rows(path, data.cases, data, columns)
        lines.append(html_table(list(columns), rows, "sfxm-list", ["方向", "推荐单位", "批次"], search=False))
    else:
        lines.append("还没有典型案例。\n")
    return "\n".join(lines).rstrip() + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"cases/index.md": index_page(data)}
    for case in data.cases:
        pages[case_path(case.id)] = case_page(case, data)
        for name, content in case.media.items():
            pages[f"cases/{case.id}/media/{name}"] = content
    return pages
