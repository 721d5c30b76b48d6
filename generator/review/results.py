"""A call's review results, read from the repository: the bridge from files to ``aggregate``."""

from __future__ import annotations

from decimal import Decimal

from generator.repository import Repository
from generator.review.aggregate import Result, evaluate
from generator.selection import taken_ids


def call_results(repo: Repository, call_id: str) -> list[Result] | None:
    """Results of every declaration within quota; only assigned experts' valid scores count.

    None when the call has no review rules.
    """
    call = repo.call(call_id)
    if call is None or call.review is None:
        return None
    taken = taken_ids(repo, call_id)
    assignment = repo.assignment(call_id)
    assigned = assignment.assignments if assignment else {}
    criteria = {c.code for c in call.review.criteria}
    scores: dict[str, dict[str, dict[str, Decimal]]] = {}
    for loaded in repo.scores(call_id):
        score = loaded.model
        if score is None or loaded.info.name != score.declaration or loaded.info.expert != score.expert:
            continue
        if (
            score.declaration in taken
            and score.expert in assigned.get(score.declaration, [])
            and set(score.scores) == criteria
        ):
            scores.setdefault(score.declaration, {})[score.expert] = dict(score.scores)
    directions = {ident: loaded.model.direction for ident, loaded in taken.items()}
    return evaluate(call.review, directions, scores)
