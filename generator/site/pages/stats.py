"""Statistics with charts (no script, no network): by call, direction, unit and status.

Every chart is a table of its figures with bars drawn beside them (``charts.bar_chart``): the
numbers are there for screen readers and for copying, the labels stay readable on a phone.
"""

from __future__ import annotations

from collections import Counter

from generator.site import text
from generator.site.charts import bar_chart
from generator.site.data import SiteData
from generator.site.pages.common import Pages, sample_notice, table
from generator.status import State

DEMO = (State.DEMONSTRATION, State.ENDED, State.REVOKED)


def write(data: SiteData) -> Pages:
    lines = [
        text.front_matter("统计"),
        "# 统计",
        "",
        sample_notice(data.calls),
        "各项统计由仓库中的数据生成。",
        "",
    ]
    lines += ["## 按批次", ""]
    rows = []
    for call in data.calls:
        if not call.projects:
            continue
        demo = sum(1 for p in call.projects if p.state in DEMO)
        taken = sum(1 for p in call.projects if p.within_quota)
        proposed = len(call.publicity.projects) if call.publicity else 0
        rows.append((text.inline(call.call.title), str(len(call.projects)), str(taken), str(proposed), str(demo)))
        items = [("申报项目", len(call.projects)), ("名额内选取", taken), ("拟支持", proposed), ("示范项目", demo)]
        lines += [bar_chart(f"{call.call.title}：从申报到入选", items, label="阶段", unit="项目数"), ""]
    if len(rows) > 1:
        lines += [table(["批次", "申报项目", "名额内选取", "拟支持", "示范项目"], rows), ""]
    for call in reversed(data.calls):
        if not call.projects:
            continue
        counts = Counter(p.direction for p in call.projects)
        items = [(f"{d.code} {d.name}", counts.get(d.code, 0)) for d in call.directions]
        lines += [
            f"## 按方向：{text.inline(call.call.title)}",
            "",
            bar_chart(f"{call.call.title}：各方向申报项目数", items, label="方向", unit="申报项目"),
            "",
        ]
    demo_by_unit = Counter(data.units[p.unit].name for p in data.projects if p.state in DEMO and p.unit in data.units)
    declared_by_unit = Counter(data.units[p.unit].name for p in data.projects if p.unit in data.units)
    top = sorted(declared_by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    lines += ["## 按推荐单位", "", bar_chart("申报项目最多的推荐单位", top, label="推荐单位", unit="申报项目"), ""]
    if demo_by_unit:
        top_demo = sorted(demo_by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        lines += [bar_chart("示范项目最多的推荐单位", top_demo, label="推荐单位", unit="示范项目"), ""]
    states = Counter(p.state for p in data.projects)
    items = [(state.label, states[state]) for state in State if states.get(state)]
    lines += ["## 按状态", "", bar_chart("全部项目的状态", items, label="状态", unit="项目数"), ""]
    return {"stats/index.md": "\n".join(lines).rstrip() + "\n"}
