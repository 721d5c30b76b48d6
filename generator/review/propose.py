"""A draft of the proposed list (拟支持项目名单) from the ranking, within the call's limits.

The plan says the ministry decides the projects to support from the review and publishes them
for comment; it does not say how to draw the list from a ranking. sfxm's own drafting rule,
stated in the side report: take the fully reviewed declarations from the highest aggregate score
down (the call's tie-breaks, then the id, decide equal scores), skipping one whose direction has
reached its limit, until the total limit is reached. Within each direction the list is therefore
a prefix of that direction's ranking. The office edits the draft and commits it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.model.call import Call
from generator.model.decision import Proposed
from generator.review.aggregate import Result, shown, sort_key
from generator.scaffold import render


@dataclass
class Exclusion:
    result: Result
    reason: str


@dataclass
class Draft:
    call: Call
    total_limit: int | None
    direction_limit: int | None
    chosen: list[Result] = field(default_factory=list)
    margin: list[Exclusion] = field(default_factory=list)  # the exclusions that decided the edge, with why
    notes: dict[str, str] = field(default_factory=dict)  # chosen id → what the office should look at
    complete: int = 0
    incomplete: int = 0

    def ordered(self) -> list[Result]:
        """The chosen declarations by direction (in the call's order), then by rank."""
        position = {leaf.code: n for n, (_, leaf) in enumerate(self.call.classification.leaves())}
        return sorted(self.chosen, key=lambda r: (position.get(r.direction, len(position)), r.rank or 0, r.id))


def _label(call: Call, code: str) -> str:
    leaf = call.leaf(code)
    return f"方向 {code}（{leaf[1].name}）" if leaf else f"方向 {code}"


def draft(call: Call, results: list[Result], total: int | None = None, per_direction: int | None = None) -> Draft:
    """Choose from ``results`` within the call's limits, tightened by ``total`` and ``per_direction`` if given."""
    rules = call.review
    assert rules is not None

    def tighter(a: int | None, b: int | None) -> int | None:
        return b if a is None else a if b is None else min(a, b)

    out = Draft(call, tighter(rules.proposal_limit, total), tighter(rules.per_direction_limit, per_direction))
    complete = [r for r in results if r.aggregate is not None and r.missing == 0]
    incomplete = [r for r in results if r.missing]
    out.complete, out.incomplete = len(complete), len(incomplete)
    counts: Counter[str] = Counter()
    first_out: dict[str, Exclusion] = {}
    for r in sorted(complete, key=lambda r: sort_key(r, rules)):
        if out.total_limit is not None and len(out.chosen) >= out.total_limit:
            reason = f"拟支持总数已达上限 {out.total_limit} 个"
        elif out.direction_limit is not None and counts[r.direction] >= out.direction_limit:
            reason = f"{_label(call, r.direction)}已达上限 {out.direction_limit} 个"
        else:
            out.chosen.append(r)
            counts[r.direction] += 1
            if r.disagrees(rules):
                out.notes[r.id] = f"专家分歧较大（极差 {shown(r.spread)} 分），建议复核"
            continue
        first_out.setdefault(r.direction, Exclusion(r, reason))
    # At the margin: the best declaration left out of each direction, and every declaration not
    # fully reviewed whose partial score is not below the lowest one chosen (or that has none yet).
    cut = min((r.aggregate for r in out.chosen), default=None)
    margin = list(first_out.values())
    for r in incomplete:
        if r.aggregate is None:
            margin.append(Exclusion(r, f"评审未完成（还没有有效评分，需 {r.expected} 份），不能列入"))
        elif cut is None or r.aggregate >= cut:
            margin.append(Exclusion(r, f"评审未完成（有效评分 {r.reviews}/{r.expected} 份），不能列入"))
    chosen_keys = {r.id: sort_key(r, rules)[:-1] for r in out.chosen}
    for exclusion in margin:
        r = exclusion.result
        if r.missing:
            continue
        tied = sorted(i for i, k in chosen_keys.items() if k == sort_key(r, rules)[:-1])
        if tied:
            exclusion.reason += (
                f"；与已列入的 {'、'.join(tied)} 完全同分（同分排序的指标也相同），按申报编号排在其后，请项目办审定"
            )
    out.margin = sorted(margin, key=lambda e: (e.result.missing > 0, sort_key(e.result, rules)))
    return out


def proposed_yaml(d: Draft, previous: Proposed | None = None) -> str:
    """The draft ``decision/proposed.yaml``: dates left for the office, projects by direction and rank.

    Nothing here is private: no score, rank number or expert; the reasons are in the side report.
    ``previous`` (the latest other call's list) lends its publicity length and objection channel.
    """
    call = d.call
    values: dict = {"title": f"{call.title}拟支持项目名单公示"}
    if previous is not None:
        objections = {k: str(v) for k, v in previous.publicity.objections.model_dump().items() if v is not None}
        values["publicity"] = {"working_days": previous.publicity.working_days, "objections": objections}
    lines = [
        "# yaml-language-server: $schema=../../../generator/schema/proposed.schema.json",
        f"# {call.title}拟支持项目名单（草稿，由 sfxm review propose 按评审排名和批次上限生成）。",
        "# 项目办：请核对名单，填写公示开始日期等各项，运行 sfxm check 通过后提交；提交并公示后不得修改。",
        "# 每个项目为什么列入、名单边缘的项目为什么未列入，见同时生成的起草说明（不公开，不提交）。",
    ]
    if previous is not None:
        lines.append("# 公示工作日数和异议受理方式沿用上一批次的公示，请核对。")
    lines.append("")
    body = render(Proposed, values)
    for line in body:
        if line == "projects: []":
            lines.append("projects:")
            current = None
            for r in d.ordered():
                if r.direction != current:
                    current = r.direction
                    lines.append(f"  # {_label(call, r.direction)}")
                lines.append(f"  - {r.id}")
        else:
            lines.append(line)
    return "\n".join(lines).rstrip("\n") + "\n"


def side_report(d: Draft, names: dict[str, str], missing: dict[str, list[str]]) -> str:
    """The drafting notes (private: scores and ranks): why each project is in, and why the edge is where it is."""
    call, rules = d.call, d.call.review
    assert rules is not None
    ties = "、".join(next(c.name for c in rules.criteria if c.code == code) for code in rules.tie_break)
    limit = lambda n: "不限" if n is None else f"{n} 个"  # noqa: E731
    lines = [
        f"# {call.title}拟支持项目名单起草说明",
        "",
        "**不公开**：本说明含评审汇总分和排名，仅供项目办和第三方评估机构使用，不提交到仓库。",
        "",
        f"- 上限：拟支持总数 {limit(d.total_limit)}，每个方向 {limit(d.direction_limit)}"
        f"（批次规定：总数 {limit(rules.proposal_limit)}，每个方向 {limit(rules.per_direction_limit)}）。",
        "- 起草规则（sfxm 的规则，实施方案没有规定）：从完成评审的申报书中按汇总分从高到低选取，"
        f"同分时依次比较{ties or '（无）'}的平均得分，仍相同时按申报编号；某方向已达上限的跳过，直到总数达到上限。"
        "因此每个方向列入的都是该方向排名最前的若干项。",
        f"- 完成评审 {d.complete} 份，未完成 {d.incomplete} 份（未完成的不能列入）；列入 {len(d.chosen)} 份。",
        "",
        "## 列入名单",
        "",
        "| 方向 | 方向内排名 | 申报编号 | 项目名称 | 汇总分 | 说明 |",
        "|---|---|---|---|---|---|",
    ]
    for r in d.ordered():
        lines.append(
            f"| {r.direction} | {r.rank} | {r.id} | {names.get(r.id, '')} | {shown(r.aggregate)} | {d.notes.get(r.id, '')} |"
        )
    lines += ["", "## 名单边缘：未列入的及其原因", ""]
    if d.margin:
        lines += ["| 方向 | 方向内排名 | 申报编号 | 项目名称 | 汇总分 | 未列入的原因 |", "|---|---|---|---|---|---|"]
        for e in d.margin:
            r = e.result
            reason = e.reason
            if missing.get(r.id):
                reason += f"；未交或无效的评分：{'、'.join(missing[r.id])}"
            lines.append(
                f"| {r.direction} | {r.rank or '—'} | {r.id} | {names.get(r.id, '')} | {shown(r.aggregate)} | {reason} |"
            )
    else:
        lines.append("无：所有完成评审的申报书都已列入。")
    return "\n".join(lines) + "\n"
