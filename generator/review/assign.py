"""Assign experts to declarations: balanced, conflict-free, direction expertise preferred, repeatable.

The same inputs and the same seed give the same assignment: the only randomness is a
``random.Random(seed)`` that breaks ties, and every input is sorted before use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from generator.model.declaration import Declaration
from generator.model.review import Expert
from generator.review.conflicts import conflicts


@dataclass(frozen=True)
class Candidate:
    """A declaration to be reviewed: its id, unit and model."""

    id: str
    unit: str
    declaration: Declaration


@dataclass
class Outcome:
    assignments: dict[str, list[str]] = field(default_factory=dict)  # declaration → experts
    uncovered: dict[str, str] = field(default_factory=dict)  # declaration → why (Chinese)
    loads: dict[str, int] = field(default_factory=dict)  # expert → number of declarations


def assign(candidates: list[Candidate], experts: list[Expert], reviewers: int, seed: int) -> Outcome:
    rng = random.Random(seed)
    experts = sorted(experts, key=lambda e: e.id)
    tiebreak = {e.id: rng.random() for e in experts}
    outcome = Outcome(loads={e.id: 0 for e in experts})
    eligible: dict[str, list[Expert]] = {}
    reasons: dict[str, dict[str, int]] = {}
    for c in sorted(candidates, key=lambda c: c.id):
        ok = []
        for expert in experts:
            why = conflicts(expert, c.declaration, c.unit)
            if why:
                for reason in why:
                    key = reason.split("“")[0]
                    reasons.setdefault(c.id, {})[key] = reasons.setdefault(c.id, {}).get(key, 0) + 1
            else:
                ok.append(expert)
        eligible[c.id] = ok
    total = len(candidates) * reviewers
    target = -(-total // max(len(experts), 1))  # the balanced load, rounded up
    # Most constrained first, the rest in a seeded order.
    order = sorted(candidates, key=lambda c: (len(eligible[c.id]), rng.random(), c.id))
    for c in order:
        pool = eligible[c.id]
        if len(pool) < reviewers:
            detail = "；".join(f"{k}（{n} 位）" for k, n in sorted(reasons.get(c.id, {}).items())) or "专家人数不足"
            outcome.uncovered[c.id] = f"只有 {len(pool)} 位专家没有回避关系，需要 {reviewers} 位。需回避的：{detail}"
            continue
        direction = c.declaration.direction

        def key(e: Expert, direction: str = direction) -> tuple:
            load = outcome.loads[e.id]
            return (load >= target, direction not in e.directions, load, tiebreak[e.id], e.id)

        chosen = sorted(pool, key=key)[:reviewers]
        for e in chosen:
            outcome.loads[e.id] += 1
        outcome.assignments[c.id] = sorted(e.id for e in chosen)
    outcome.assignments = dict(sorted(outcome.assignments.items()))
    return outcome


def render(outcome: Outcome, seed: int, call_title: str) -> str:
    """The assignment file, as ``sfxm review assign`` commits it."""
    lines = [
        "# yaml-language-server: $schema=../../../generator/schema/assignment.schema.json",
        f"# {call_title}：评审分配（由 sfxm review assign 生成，请勿手工修改）。",
        "# 不公开：评审专家的身份和分配只供第三方评估机构和项目办使用。",
        f"seed: {seed}",
        "assignments:",
    ]
    lines += [f'  "{ident}": [{", ".join(experts)}]' for ident, experts in outcome.assignments.items()]
    return "\n".join(lines) + "\n"
