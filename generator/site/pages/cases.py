"""Case studies (典型案例): an index and a page each, with their images; a revoked project's case
is flagged, not silently dropped."""

from __future__ import annotations

import re

from generator.site import text
from generator.site.data import CaseView, SiteData
from generator.site.pages.common import Pages, case_path, link, project_path, record_path, sample_notice, table
from generator.status import State

_FIRST_H1 = re.compile(r"<h1[^>]*>.*?</h1>\s*", re.DOTALL)


def case_page(case: CaseView, data: SiteData) -> str:
    path = case_path(case.id)
    project = data.project(case.id)
    lines = [text.front_matter(case.title), f"# {text.inline(case.title)}", "", sample_notice(data.sample)]
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
    lines += [f'<div class="sfxm-case">\n{body}\n</div>', ""]
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "cases/index.md"
    lines = [
        text.front_matter("典型案例"),
        "# 典型案例",
        "",
        sample_notice(data.sample),
        "示范项目的经验总结，供各地学习借鉴。",
        "",
    ]
    rows = []
    for case in data.cases:
        project = data.project(case.id)
        flag = "（项目已被取消示范项目资格）" if project is not None and project.state is State.REVOKED else ""
        unit = data.units.get(project.unit).name if project and project.unit in data.units else ""
        rows.append(
            (
                link(path, case_path(case.id), case.title) + text.inline(flag),
                link(path, project_path(project), project.name) if project else text.inline(case.id),
                text.inline(unit),
                text.inline(case.call),
            )
        )
    lines.append(table(["案例", "项目", "推荐单位", "批次"], rows) if rows else "还没有典型案例。\n")
    return "\n".join(lines).rstrip() + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"cases/index.md": index_page(data)}
    for case in data.cases:
        pages[case_path(case.id)] = case_page(case, data)
        for name, content in case.media.items():
            pages[f"cases/{case.id}/media/{name}"] = content
    return pages
