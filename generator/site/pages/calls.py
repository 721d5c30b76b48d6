"""The calls: an index, and per call its rules in brief and its declarations by unit and direction."""

from __future__ import annotations

from collections import defaultdict

from generator.model.types import UnitClass
from generator.site import text
from generator.site.data import CallView, SiteData
from generator.site.pages.common import Pages, day, link, sample_notice, table
from generator.site.pages.projects import project_path


def call_path(call: CallView) -> str:
    return f"calls/{call.id}/index.md"


def _rules(call: CallView) -> list[str]:
    c = call.call
    quotas = [f"{UnitClass(r.unit_class).label}：每个单位不超过 {r.quota} 个" for r in c.recommenders]
    quotas += [f"{e.reason}：每个另加 {e.quota} 个" for e in c.extra_quotas]
    lines = [
        "## 批次规则",
        "",
        table(
            ["项目", "内容"],
            [
                ("依据", text.inline(c.basis or "—")),
                ("申报时间", text.inline(f"{day(c.schedule.opens)} 至 {day(c.schedule.closes)}")),
                ("申报条件", text.inline(c.eligibility.text)),
                ("推荐名额", "；".join(text.inline(q) for q in quotas)),
            ],
        ),
        "",
        f"### {text.inline('、'.join(c.classification.levels))}",
        "",
    ]
    rows = [
        (
            text.inline(" › ".join(d.path) or "—"),
            text.inline(d.code),
            text.inline(d.name),
            text.inline(d.description or ""),
        )
        for d in call.directions
    ]
    lines.append(
        table([text.inline(c.classification.levels[0]), "编码", text.inline(c.classification.levels[-1]), "说明"], rows)
    )
    return lines


def call_page(data: SiteData, call: CallView) -> str:
    path = call_path(call)
    lines = [
        text.front_matter(call.call.title),
        f"# {text.inline(call.call.title)}",
        "",
        sample_notice(call.call.sample),
    ]
    lines += _rules(call)
    lines += ["", "## 申报项目", ""]
    if not call.projects:
        lines.append("本批次还没有申报项目。")
    else:
        lines.append(f"共 {len(call.projects)} 个，其中在推荐名额内 {sum(p.within_quota for p in call.projects)} 个。")
        lines += ["", "### 按推荐单位", ""]
        by_unit = defaultdict(list)
        for p in call.projects:
            by_unit[p.unit].append(p)
        for unit_code in sorted(by_unit):
            unit = data.units.get(unit_code)
            lines += [f"#### {text.inline(unit.name if unit else unit_code)}", ""]
            rows = [
                (
                    text.inline(p.id),
                    link(path, project_path(p), p.name),
                    text.inline(p.public["applicant"]["name"]),
                    text.inline(f"{p.direction} {d.name}" if (d := call.direction(p.direction)) else p.direction),
                )
                for p in by_unit[unit_code]
            ]
            lines += [table(["申报编号", "项目名称", "申请主体", "方向"], rows, "sfxm-list"), ""]
        lines += ["### 按方向", ""]
        for d in call.directions:
            in_direction = [p for p in call.projects if p.direction == d.code]
            if not in_direction:
                continue
            lines += [f"#### {text.inline(d.code)} {text.inline(d.name)}", ""]
            rows = [
                (
                    text.inline(p.id),
                    link(path, project_path(p), p.name),
                    text.inline(data.units[p.unit].name if p.unit in data.units else p.unit),
                )
                for p in in_direction
            ]
            lines += [table(["申报编号", "项目名称", "推荐单位"], rows, "sfxm-list"), ""]
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "calls/index.md"
    lines = [text.front_matter("批次"), "# 批次", "", "每年一个批次，各有自己的方向、名额和日程。", ""]
    rows = [
        (
            link(path, call_path(c), c.call.title),
            text.inline(str(c.call.year)),
            text.inline(f"{day(c.call.schedule.opens)} 至 {day(c.call.schedule.closes)}"),
            str(len(c.projects)),
        )
        for c in reversed(data.calls)
    ]
    lines.append(table(["批次", "年度", "申报时间", "申报项目"], rows))
    return "\n".join(lines) + "\n"


def write(data: SiteData) -> Pages:
    pages = {"calls/index.md": index_page(data)}
    for call in data.calls:
        pages[call_path(call)] = call_page(data, call)
    return pages
