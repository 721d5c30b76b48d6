"""Where the review stands: per expert (assigned, scored, missing, late) and per declaration
(reviews in, missing reviewers, disagreement), from the committed files alone.

Only the assignment, the set-aside records and the score files are read (not the declarations),
so that the agency can look at it often. "Late" needs the call's review deadline
(``review.deadline``): a review still missing after it, or a score signed after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from generator.repository import Repository
from generator.review.aggregate import shown
from generator.review.results import CallReview, read_review


@dataclass
class ExpertProgress:
    id: str
    name: str
    assigned: list[str] = field(default_factory=list)
    scored: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # declaration → why its file does not count

    def as_json(self) -> dict:
        return {
            "expert": self.id,
            "name": self.name,
            "assigned": len(self.assigned),
            "scored": len(self.scored),
            "missing": len(self.missing),
            "late": len(self.late),
            "missing_declarations": self.missing,
            "late_declarations": self.late,
            "problems": self.problems,
        }


@dataclass
class DeclarationProgress:
    id: str
    expected: int
    assigned: list[str]
    scored: list[str]
    missing: list[str]
    spread: Decimal | None
    disagrees: bool

    def as_json(self) -> dict:
        return {
            "declaration": self.id,
            "expected": self.expected,
            "reviews": len(self.scored),
            "missing": len(self.missing),
            "missing_experts": self.missing,
            "spread": None if self.spread is None else shown(self.spread),
            "disagreement": self.disagrees,
        }


@dataclass
class Progress:
    call: str
    title: str
    deadline: datetime | None
    now: datetime
    experts: list[ExpertProgress]
    declarations: list[DeclarationProgress]
    set_aside: list[dict[str, str]]
    unknown_experts: list[str]  # assigned but not on the list

    @property
    def past_deadline(self) -> bool:
        return self.deadline is not None and self.now > self.deadline

    def as_json(self) -> dict:
        return {
            "call": self.call,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "now": self.now.isoformat(),
            "totals": self.totals(),
            "experts": [e.as_json() for e in self.experts],
            "declarations": [d.as_json() for d in self.declarations],
            "set_aside": self.set_aside,
            "unknown_experts": self.unknown_experts,
        }

    def totals(self) -> dict[str, int]:
        return {
            "declarations": len(self.declarations),
            "complete": sum(1 for d in self.declarations if not d.missing),
            "assigned": sum(len(e.assigned) for e in self.experts),
            "scored": sum(len(e.scored) for e in self.experts),
            "missing": sum(len(e.missing) for e in self.experts),
            "late": sum(len(e.late) for e in self.experts),
            "disagreement": sum(1 for d in self.declarations if d.disagrees),
            "set_aside": len(self.set_aside),
        }


def progress(repo: Repository, call_id: str, now: datetime) -> Progress | None:
    """The call's review progress at ``now``; None when the call has no review rules."""
    review = read_review(repo, call_id)
    if review is None:
        return None
    return build(review, repo, now)


def build(review: CallReview, repo: Repository, now: datetime) -> Progress:
    rules = review.rules
    deadline = rules.deadline
    past = deadline is not None and now > deadline
    experts_model = repo.experts(review.call.id)
    listed = experts_model.experts if experts_model else []
    by_id = {e.id: ExpertProgress(e.id, e.name) for e in listed}
    unknown: set[str] = set()
    declarations = []
    for ident in sorted(review.assigned):
        experts = review.assigned[ident]
        scored, missing, marks = [], [], []
        for e in experts:
            row = by_id.get(e)
            if row is None:
                unknown.add(e)
                row = by_id.setdefault(e, ExpertProgress(e, "（不在专家名单中）"))
            row.assigned.append(ident)
            found = review.files.get((ident, e))
            if found is not None and found.weighted is not None:
                scored.append(e)
                row.scored.append(ident)
                marks.append(found.weighted)
                if deadline is not None and found.signed_on is not None and found.signed_on > deadline.date():
                    row.late.append(ident)
            else:
                missing.append(e)
                row.missing.append(ident)
                if found is not None and found.problem:
                    row.problems[ident] = found.problem
                if past:
                    row.late.append(ident)
        spread = max(marks) - min(marks) if len(marks) > 1 else None
        declarations.append(
            DeclarationProgress(
                ident,
                rules.reviewers,
                experts,
                scored,
                missing,
                spread,
                spread is not None and spread > rules.disagreement,
            )
        )
    set_aside = [
        {"expert": e, "declaration": ident, "record": note.path, "recorded_on": note.recorded_on, "reason": note.reason}
        for (ident, e), note in sorted(review.set_aside.items())
    ]
    return Progress(
        review.call.id,
        review.call.title,
        deadline,
        now,
        sorted(by_id.values(), key=lambda r: r.id),
        declarations,
        set_aside,
        sorted(unknown),
    )
