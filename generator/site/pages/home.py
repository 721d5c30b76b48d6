"""The home page: what the site publishes (from each call's own data), the calls and their stage,
open publicity periods, the latest notices, key figures."""

from __future__ import annotations

from generator.model.types import UnitClass
from generator.site import text
from generator.site.data import CallView, SiteData
from generator.site.pages.calls import publicity_state, stage
from generator.site.pages.common import Pages, call_path, day, link, publicity_path, record_path, sample_notice, table
from generator.site.pages.notices import title
from generator.status import State

PROCESS = (
    "各申报组织单位推荐项目，第三方评估机构组织专家评审，拟支持项目经公示后确定为示范项目，并接受监督检查和动态调整。"
)


def call_summary(call: CallView) -> str:
    """One sentence about a call, from its own rules: its directions, who recommends, its basis."""
    c = call.call
    top = [item.name for item in c.classification.items]
    leaves = len(call.directions)
    level = c.classification.levels[-1]
    scope = f"围绕{'、'.join(top)}" + (f"等 {leaves} 个{level}" if leaves != len(top) else "")
    who = "、".join(UnitClass(r.unit_class).label for r in c.recommenders)
    extra = "".join(f"，{e.reason}另加推荐名额" for e in c.extra_quotas)
    basis = f"；依据{c.basis}" if c.basis else ""
    return f"{scope}遴选项目，由{who}推荐{extra}{basis}。"


def write(data: SiteData) -> Pages:
    path = "index.md"
    programmes = "、".join(dict.fromkeys(c.call.program for c in data.calls)) or "示范项目"
    site_name = data.site.name if data.site else programmes
    lines = [
        text.front_matter("首页"),
        f"# {text.inline(site_name)}",
        "",
        sample_notice(data.calls),
        text.inline(f"本站公开{programmes}的批次规则、申报项目、公示、名单、通报与监督和典型案例。{PROCESS}"),
        "",
    ]
    for c in reversed(data.calls):
        lines.append(f"- {link(path, call_path(c.id), c.call.title)}：{text.inline(call_summary(c))}")
    lines.append("")
    demo = [p for p in data.projects if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED)]
    figures = [
        ("批次", str(len(data.calls))),
        ("申报项目", str(len(data.projects))),
        ("示范项目", str(len(demo))),
        ("已取消资格", str(sum(1 for p in demo if p.state is State.REVOKED))),
        ("典型案例", str(len(data.cases))),
    ]
    cells = "".join(
        f'<div class="sfxm-figure"><strong>{n}</strong><span>{text.html(label)}</span></div>' for label, n in figures
    )
    lines += [f'<div class="sfxm-figures">{cells}</div>', ""]
    open_periods = [c for c in reversed(data.calls) if c.publicity is not None and c.final is None]
    lines += ["## 公示", ""]
    if open_periods:
        for c in open_periods:
            lines.append(f"- {link(path, publicity_path(c.id), c.publicity.title)}：{publicity_state(c.publicity)}")
    else:
        lines.append("目前没有正在进行的公示。历次公示见各批次页面。")
    lines += ["", "## 批次", ""]
    rows = [
        (
            link(path, call_path(c.id), c.call.title),
            stage(c, brief=True),
            text.inline(f"{day(c.call.schedule.opens)} 至 {day(c.call.schedule.closes)}"),
            str(len(c.projects)),
            str(len(c.final.projects)) if c.final else "—",
        )
        for c in reversed(data.calls)
    ]
    lines += [table(["批次", "阶段", "申报时间", "申报项目", "示范项目"], rows), ""]
    lines += ["## 最新通报与监督", ""]
    latest = data.records[:5]
    if latest:
        lines += [f"- {text.inline(day(r.day))}：{link(path, record_path(r.name), title(r, data))}" for r in latest]
        lines += ["", f"全部记录见{link(path, 'notices/index.md', '通报与监督')}。"]
    else:
        lines.append("还没有记录。")
    lines += [
        "",
        "## 更多",
        "",
        f"- {link(path, 'cases/index.md', '典型案例')}",
        f"- {link(path, 'stats/index.md', '统计')}",
        f"- {link(path, 'data/index.md', '开放数据')}",
        f"- {link(path, 'guide/index.md', '各单位使用指南（申报、检查代码、命令）')}",
        "",
    ]
    return {path: "\n".join(lines)}
