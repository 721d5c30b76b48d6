"""The home page."""

from __future__ import annotations

from generator.site import text
from generator.site.data import SiteData
from generator.site.pages.calls import call_path
from generator.site.pages.common import Pages, day, link, sample_notice, table

INTRO = (
    "信息消费试点示范项目由工业和信息化部组织，围绕生活类信息消费、公共服务类信息消费、行业类信息消费、"
    "新型信息产品消费和信息消费支撑平台等方向，遴选具有示范作用的项目。各地工业和信息化主管部门推荐项目，"
    "第三方评估机构组织专家评审，拟支持项目经公示后确定为示范项目，并接受监督检查和动态调整。"
)


def write(data: SiteData) -> Pages:
    path = "index.md"
    lines = [
        text.front_matter("首页"),
        "# 信息消费试点示范项目",
        "",
        sample_notice(data.sample),
        text.inline(INTRO),
        "",
    ]
    lines += ["## 批次", ""]
    rows = [
        (
            link(path, call_path(c), c.call.title),
            text.inline(f"{day(c.call.schedule.opens)} 至 {day(c.call.schedule.closes)}"),
            str(len(c.projects)),
        )
        for c in reversed(data.calls)
    ]
    lines.append(table(["批次", "申报时间", "申报项目"], rows))
    lines += [
        "",
        "## 更多",
        "",
        f"- {link(path, 'guide/index.md', '申报指南（各申报组织单位）')}",
        f"- {link(path, 'reference/findings.md', '检查代码一览')}",
        "",
    ]
    return {path: "\n".join(lines)}
