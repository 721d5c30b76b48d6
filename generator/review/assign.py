"""Assign experts to declarations: balanced, conflict-free, direction expertise preferred, repeatable.

The same inputs and the same seed give the same assignment: the only randomness is a
``random.Random(seed)`` that breaks ties, and every input is sorted before use.

A repair starts from the committed assignment instead of from nothing: every pair that is still
sound is kept (so every committed score of such a pair stays valid), and only the reviewers who
must go (a conflict of interest found since, an expert no longer on the list, a score set aside,
more reviewers than the call requires) are replaced, by the same rule as a fresh assignment.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from generator.model.declaration import Declaration
from generator.model.review import Expert
from generator.review.conflicts import conflicts

Pair = tuple[str, str]  # (declaration id, expert id)


@dataclass(frozen=True)
class Candidate:
    """A declaration to be reviewed: its id, unit and model."""

    id: str
    unit: str
    declaration: Declaration


@dataclass(frozen=True)
class Removal:
    """An expert taken off a declaration, why, and whether they had committed a score for it."""

    expert: str
    reason: str
    scored: bool


@dataclass
class Change:
    """What a repair did to one declaration."""

    removed: list[Removal] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # experts listed more than once, now once
    left: bool = False  # the declaration is no longer to be reviewed


@dataclass
class Outcome:
    assignments: dict[str, list[str]] = field(default_factory=dict)  # declaration → experts
    uncovered: dict[str, str] = field(default_factory=dict)  # declaration → why (Chinese)
    loads: dict[str, int] = field(default_factory=dict)  # expert → number of declarations
    changes: dict[str, Change] = field(default_factory=dict)  # declaration → what a repair changed
    kept: int = 0  # pairs a repair kept

    def change(self, ident: str) -> Change:
        return self.changes.setdefault(ident, Change())

    def set_aside(self, scored: set[Pair], already: set[Pair]) -> list[tuple[str, str, str]]:
        """(expert, declaration, reason) for each committed score the result leaves without an assignment.

        A score counts only for an assigned pair: every removed pair with a score, and every score
        of a pair that is not assigned at all, is set aside by the agency's record (never deleted).
        """
        reasons = {(ident, r.expert): r.reason for ident, c in self.changes.items() for r in c.removed}
        assigned = {(ident, e) for ident, experts in self.assignments.items() for e in experts}
        out = []
        for ident, expert in sorted(scored - assigned - already):
            reason = reasons.get((ident, expert), "评分的专家没有被分配评审这份申报书")
            out.append((expert, ident, reason))
        return out


def _why_short(candidate: Candidate, experts: list[Expert], have: int, need: int) -> str:
    reasons: dict[str, int] = {}
    for expert in experts:
        for reason in conflicts(expert, candidate.declaration, candidate.unit):
            key = reason.split("“")[0]
            reasons[key] = reasons.get(key, 0) + 1
    detail = "；".join(f"{k}（{n} 位）" for k, n in sorted(reasons.items())) or "专家人数不足"
    return f"只有 {have} 位专家没有回避关系，需要 {need} 位。需回避的：{detail}"


def assign(
    candidates: list[Candidate],
    experts: list[Expert],
    reviewers: int,
    seed: int,
    *,
    current: dict[str, list[str]] | None = None,
    scored: set[Pair] | frozenset[Pair] = frozenset(),
    set_aside: set[Pair] | frozenset[Pair] = frozenset(),
) -> Outcome:
    """A fresh assignment (``current`` None), or a repair of ``current`` that keeps its sound pairs.

    ``scored`` are the pairs with a committed score (a repair keeps them first when a declaration
    has more reviewers than required); ``set_aside`` the pairs whose score the agency set aside
    (never assigned again).
    """
    rng = random.Random(seed)
    experts = sorted(experts, key=lambda e: e.id)
    by_id = {e.id: e for e in experts}
    tiebreak = {e.id: rng.random() for e in experts}
    outcome = Outcome(loads={e.id: 0 for e in experts})
    current = current or {}
    candidates = sorted(candidates, key=lambda c: c.id)
    ids = {c.id for c in candidates}
    for ident in sorted(set(current) - ids):
        change = outcome.change(ident)
        change.left = True
        for e in dict.fromkeys(current[ident]):
            change.removed.append(Removal(e, "申报书已不在评审范围内（超出推荐名额或已无效）", (ident, e) in scored))
    kept: dict[str, list[str]] = {}
    for c in candidates:
        keep = []
        listed = current.get(c.id, [])
        if len(listed) != len(set(listed)):
            outcome.change(c.id).duplicates.extend(sorted({e for e in listed if listed.count(e) > 1}))
        for e in dict.fromkeys(current.get(c.id, [])):
            expert = by_id.get(e)
            if expert is None:
                reason = "已不在专家名单中"
            elif (c.id, e) in set_aside:
                reason = "其评分已登记不予采用"
            elif why := conflicts(expert, c.declaration, c.unit):
                reason = "须回避：" + "；".join(why)
            else:
                keep.append(e)
                continue
            outcome.change(c.id).removed.append(Removal(e, reason, (c.id, e) in scored))
        if len(keep) > reviewers:
            ordered = sorted(keep, key=lambda e, c=c: ((c.id, e) not in scored, keep.index(e)))
            for e in ordered[reviewers:]:
                outcome.change(c.id).removed.append(
                    Removal(e, f"超过每份 {reviewers} 位的规定人数", (c.id, e) in scored)
                )
            keep = ordered[:reviewers]
        kept[c.id] = keep
        outcome.kept += len(keep)
        for e in keep:
            outcome.loads[e] += 1
    short = [c for c in candidates if len(kept[c.id]) < reviewers]
    eligible: dict[str, list[Expert]] = {}
    for c in short:
        change = outcome.changes.get(c.id)
        banned = set(kept[c.id]) | ({r.expert for r in change.removed} if change else set())
        eligible[c.id] = [
            e
            for e in experts
            if e.id not in banned and (c.id, e.id) not in set_aside and not conflicts(e, c.declaration, c.unit)
        ]
    total = len(candidates) * reviewers
    target = -(-total // max(len(experts), 1))  # the balanced load, rounded up
    # Most constrained first, the rest in a seeded order.
    order = sorted(short, key=lambda c: (len(eligible[c.id]), rng.random(), c.id))
    for c in order:
        need = reviewers - len(kept[c.id])
        pool = eligible[c.id]
        if len(pool) < need:
            outcome.uncovered[c.id] = _why_short(c, experts, len(pool) + len(kept[c.id]), reviewers)
            continue
        direction = c.declaration.direction

        def key(e: Expert, direction: str = direction) -> tuple:
            load = outcome.loads[e.id]
            return (load >= target, direction not in e.directions, load, tiebreak[e.id], e.id)

        chosen = sorted(pool, key=key)[:need]
        for e in chosen:
            outcome.loads[e.id] += 1
        kept[c.id] = kept[c.id] + [e.id for e in chosen]
        if current:
            outcome.change(c.id).added.extend(e.id for e in chosen)
    outcome.assignments = {c.id: sorted(kept[c.id]) for c in candidates if c.id not in outcome.uncovered}
    return outcome


def render(outcome: Outcome, seed: int, call_title: str) -> str:
    """The assignment file, as ``sfxm review assign`` commits it."""
    lines = [
        "# yaml-language-server: $schema=../../../generator/schema/assignment.schema.json",
        f"# {call_title}：评审分配（由 sfxm review assign 生成，请勿手工修改；需要调整时运行 sfxm review assign --repair）。",
        "# 不公开：评审专家的身份和分配只供第三方评估机构和项目办使用。",
        f"seed: {seed}",
        "assignments:",
    ]
    lines += [f'  "{ident}": [{", ".join(experts)}]' for ident, experts in outcome.assignments.items()]
    return "\n".join(lines) + "\n"


def render_set_aside(entries: list[tuple[str, str, str]], call_title: str) -> str:
    """A set-aside record of the agency: (expert, declaration, reason) for each score that no longer counts."""
    lines = [
        "# yaml-language-server: $schema=../../../../generator/schema/set-aside.schema.json",
        f"# {call_title}：不予采用的评分（第三方评估机构的记录，由 sfxm review assign --repair 写入）。",
        "# 不公开。专家的评分文件保留不动；本记录说明它们不再计入评审结果。记录只增不改：更正请另写一份新记录。",
        "scores:",
    ]
    for expert, ident, reason in entries:
        # A JSON string is a valid YAML double-quoted scalar: the reason is kept exactly.
        lines += [
            f"  - expert: {expert}",
            f"    declaration: {ident}",
            f"    reason: {json.dumps(reason[:300], ensure_ascii=False)}",
        ]
    return "\n".join(lines) + "\n"
