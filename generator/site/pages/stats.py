"""Statistics with charts (inline SVG: no script, no network): by call, direction, unit and status."""

from __future__ import annotations

from collections import Counter

from generator.site import text
from generator.site.charts import bar_svg
from generator.site.data import SiteData
from generator.site.pages.common import Pages, sample_notice, table
from generator.status import State

DEMO = (State.DEMONSTRATION, State.ENDED, State.REVOKED)


def _block(svg: str) -> str:
    return f'<div class="sfxm-chart-box">{svg}</div>'


def write(data: SiteData) -> Pages:
    lines = [text.front_matter("统计"), "# 统计", "", sample_notice(data.sample), "各项统计由仓库中的数据生成。", ""]
    lines += ["## 按批次", ""]
    rows = []
    for call in data.calls:
        if not call.projects:
            continue
        demo = sum(1 for p in call.projects if p.state in DEMO)
        taken = sum(1 for p in call.projects if p.within_quota)
        proposed = len(call.publicity.projects) if call.publicity else 0
        rows.append((text.inline(call.call.title), str(len(call.projects)), str(taken), str(proposed), str(demo)))
        lines += [
            _block(
                bar_svg(
                    f"{call.call.year}年：申报到入选",
                    [("申报项目", len(call.projects)), ("名额内选取", taken), ("拟支持", proposed), ("示范项目", demo)],
                )
            ),
            "",
        ]
    lines += [table(["批次", "申报项目", "名额内选取", "拟支持", "示范项目"], rows), ""]
    for call in reversed(data.calls):
        if not call.projects:
            continue
        counts = Counter(p.direction for p in call.projects)
        items = [(f"{d.code} {d.name}", counts.get(d.code, 0)) for d in call.directions]
        lines += [f"## 按方向：{text.inline(call.call.title)}", "", _block(bar_svg("各方向申报项目数", items)), ""]
    demo_by_unit = Counter(data.units[p.unit].name for p in data.projects if p.state in DEMO and p.unit in data.units)
    declared_by_unit = Counter(data.units[p.unit].name for p in data.projects if p.unit in data.units)
    top = sorted(declared_by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    lines += ["## 按推荐单位", "", _block(bar_svg("申报项目最多的推荐单位", top)), ""]
    if demo_by_unit:
        top_demo = sorted(demo_by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        lines += [_block(bar_svg("示范项目最多的推荐单位", top_demo)), ""]
    states = Counter(p.state for p in data.projects)
    items = [(state.label, states[state]) for state in State if states.get(state)]
    lines += [
        "## 按状态",
        "",
        _block(bar_svg("全部项目的状态", items)),
        "",
        table(["状态", "项目数"], [(text.inline(label), str(n)) for label, n in items]),
        "",
    ]
    return {"stats/index.md": "\n".join(lines).rstrip() + "\n"}
