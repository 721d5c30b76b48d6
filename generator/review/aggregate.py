"""From score files to a ranking: each expert's weighted score, the aggregate, flags, the order.

Everything is exact (``Decimal``); rounding happens only when a number is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.model.call import Aggregation, ReviewRules

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def weighted(scores: dict[str, Decimal], rules: ReviewRules) -> Decimal:
    """One expert's weighted score on a 0–100 scale: Σ score/max × weight × 100."""
    return sum(
        (Decimal(scores[c.code]) / c.max * c.weight * HUNDRED for c in rules.criteria if c.code in scores),
        Decimal(0),
    )


def combine(values: list[Decimal], rules: ReviewRules) -> Decimal | None:
    """The aggregate of the experts' weighted scores by the call's rule; None without any."""
    if not values:
        return None
    ordered = sorted(values)
    if rules.aggregation is Aggregation.MEDIAN:
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    if rules.aggregation is Aggregation.TRIMMED_MEAN and len(ordered) >= rules.trim_from:
        ordered = ordered[1:-1]
    return sum(ordered, Decimal(0)) / len(ordered)


@dataclass
class Result:
    """One declaration's review."""

    id: str
    direction: str
    expected: int  # reviews the call requires
    weighted: dict[str, Decimal] = field(default_factory=dict)  # expert → weighted score
    criteria: dict[str, list[Decimal]] = field(default_factory=dict)  # criterion → raw scores
    aggregate: Decimal | None = None
    rank: int | None = None  # within its direction, 1 = best

    @property
    def reviews(self) -> int:
        return len(self.weighted)

    @property
    def missing(self) -> int:
        return max(self.expected - self.reviews, 0)

    @property
    def spread(self) -> Decimal | None:
        return max(self.weighted.values()) - min(self.weighted.values()) if len(self.weighted) > 1 else None

    def disagrees(self, rules: ReviewRules) -> bool:
        return self.spread is not None and self.spread > rules.disagreement

    def criterion_mean(self, code: str) -> Decimal:
        values = self.criteria.get(code, [])
        return sum(values, Decimal(0)) / len(values) if values else Decimal(0)


def evaluate(
    rules: ReviewRules,
    directions: dict[str, str],
    scores: dict[str, dict[str, dict[str, Decimal]]],
) -> list[Result]:
    """Results for every declaration in ``directions`` (id → direction code).

    ``scores`` is declaration id → expert id → criterion → score.
    """
    results = []
    for ident, direction in sorted(directions.items()):
        result = Result(ident, direction, rules.reviewers)
        for expert, by_criterion in sorted(scores.get(ident, {}).items()):
            result.weighted[expert] = weighted(by_criterion, rules)
            for code, value in by_criterion.items():
                result.criteria.setdefault(code, []).append(Decimal(value))
        result.aggregate = combine(list(result.weighted.values()), rules)
        results.append(result)
    rank(results, rules)
    return results


def sort_key(result: Result, rules: ReviewRules) -> tuple:
    """Best first: aggregate, then the call's tie-break criteria, then the declaration id."""
    ties = tuple(-result.criterion_mean(code) for code in rules.tie_break)
    return (result.aggregate is None, -(result.aggregate or Decimal(0)), *ties, result.id)


def rank(results: list[Result], rules: ReviewRules) -> None:
    """Number the reviewed declarations of each direction, best first."""
    by_direction: dict[str, list[Result]] = {}
    for result in results:
        by_direction.setdefault(result.direction, []).append(result)
    for group in by_direction.values():
        for n, result in enumerate(sorted(group, key=lambda r: sort_key(r, rules)), start=1):
            result.rank = n if result.aggregate is not None else None


def shown(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.quantize(CENT)}"
