"""A call's review as the repository holds it: who is assigned what, which score files exist,
which count and why the others do not; and the results built from the scores that count.

This is the bridge from files to ``aggregate``. Every reader of the review (the report, the
progress view, the proposed list, the P- rules) decides "does this score count" here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from generator.layout import is_opaque
from generator.model.call import Call, ReviewRules
from generator.repository import Repository
from generator.review.aggregate import Result, evaluate, weighted

Pair = tuple[str, str]  # (declaration id, expert id)
SEALED_UNOPENED = "已加密，本机私钥无法打开"


@dataclass(frozen=True, slots=True)
class SetAsideNote:
    """Why a committed score no longer counts: the agency's record and its reason."""

    path: str
    reason: str

    @property
    def recorded_on(self) -> str:
        return self.path.rsplit("/", 1)[-1][:10]


@dataclass(slots=True)
class ScoreFile:
    """One expert's file for one declaration, as found at its place."""

    path: str
    marks: tuple[tuple[str, str], ...] | None = None  # (criterion, mark as written), when the file counts
    weighted: Decimal | None = None  # the expert's weighted score, when the file counts
    signed_on: date | None = None
    problem: str | None = None  # why it does not count (Chinese); None when it counts

    @property
    def counts(self) -> bool:
        return self.problem is None

    @property
    def scores(self) -> dict[str, Decimal] | None:
        """The marks by criterion, when the file counts."""
        return None if self.marks is None else {code: Decimal(mark) for code, mark in self.marks}


@dataclass
class CallReview:
    """The review files of one call, read once."""

    call: Call
    rules: ReviewRules
    assigned: dict[str, list[str]]  # declaration → experts, as committed
    files: dict[Pair, ScoreFile] = field(default_factory=dict)
    set_aside: dict[Pair, SetAsideNote] = field(default_factory=dict)

    def counted(self, ident: str) -> dict[str, dict[str, Decimal]]:
        """Expert → marks of the scores of ``ident`` that count."""
        out = {}
        for expert in self.assigned.get(ident, []):
            found = self.files.get((ident, expert))
            if found is not None and found.marks is not None:
                out[expert] = found.scores
        return out


def read_review(repo: Repository, call_id: str, meanwhile: Callable[[], object] | None = None) -> CallReview | None:
    """The call's assignment, set-aside records and score files; None when it has no review rules.

    ``meanwhile`` is other work of the caller, done here while a forked reader reads the score
    files (then it reads them all; otherwise half each).
    """
    call = repo.call(call_id)
    if call is None or call.review is None:
        return None
    # The score files are the bulk of the work: start reading them before anything else.
    paths = repo.score_paths(call_id)
    # Opening a sealed score costs about three times reading it: the child then leaves a third of
    # them to the caller, who reads them after its other work (measured: benchmarks/bench_review.py).
    share = (0.65 if call.sealed else 1.0) if meanwhile else 0.5
    pending = repo.summarizing(paths, _Summary(call.review), child_share=share)
    try:
        if meanwhile is not None:
            meanwhile()
        assignment = repo.assignment(call_id)
        set_aside = repo.set_aside_pairs(call_id)
    finally:
        summaries = pending()  # always, so that a forked reader is never left waiting
    assigned = {k: list(dict.fromkeys(v)) for k, v in assignment.assignments.items()} if assignment else {}
    review = CallReview(call, call.review, assigned)
    review.set_aside = {pair: SetAsideNote(*note) for pair, note in set_aside.items()}
    assigned_pairs = {(ident, e) for ident, experts in assigned.items() for e in experts}
    infos = repo.infos
    for path, summary in zip(paths, summaries, strict=True):
        info = infos[path]
        # A sealed call's score file names no declaration: the declaration is the one inside it.
        name = (summary[4] or f"（未能打开：{info.name}）") if is_opaque(info.name) else info.name
        pair = (name or "", info.expert or "")
        found = ScoreFile(path)
        review.files[pair] = found
        if pair in review.set_aside:
            note = review.set_aside[pair]
            found.problem = f"已登记不予采用（{note.path.rsplit('/', 1)[-1]}）：{note.reason}"
        elif pair not in assigned_pairs:
            found.problem = "没有分配给这位专家"
        elif summary[0] is not None:
            found.problem = summary[0]
        else:
            _, found.marks, weighted_text, signed, _ = summary
            found.weighted, found.signed_on = Decimal(weighted_text), date.fromordinal(signed)
    return review


class _Summary:
    """What the review needs of one score file: why it does not count, or its marks, weighted score and date.

    Plain strings and numbers, so that it crosses processes cheaply (pickling a Decimal or a date
    costs ten times as much); the place (pair) and the assignment are judged by the caller.
    """

    def __init__(self, rules: ReviewRules) -> None:
        self.rules = rules
        self.maxima = {c.code: c.max for c in rules.criteria}

    def __call__(
        self, loaded: Any
    ) -> tuple[str | None, tuple[tuple[str, str], ...] | None, str | None, int | None, str | None]:
        score = loaded.model if loaded is not None else None
        if score is None:
            sealed = loaded is not None and loaded.sealed is not None and not loaded.sealed.opened
            problem = SEALED_UNOPENED if sealed else "评分文件有误，未通过检查（见 sfxm check）"
            return problem, None, None, None, None
        info = loaded.info
        place = (info.expert,) if is_opaque(info.name) else (info.name, info.expert)
        if ((score.expert,) if is_opaque(info.name) else (score.declaration, score.expert)) != place:
            return "文件中的编号与文件位置不一致", None, None, None, score.declaration
        if not score.no_conflict:
            return "专家声明与该项目有利益冲突", None, None, None, score.declaration
        marks = score.scores
        maxima = self.maxima
        if marks.keys() != maxima.keys() or any(v is None or not 0 <= v <= maxima[k] for k, v in marks.items()):
            return "指标得分不全、有多余指标或超出满分", None, None, None, score.declaration
        return (
            None,
            tuple((k, str(v)) for k, v in marks.items()),
            str(weighted(marks, self.rules)),
            score.signed_on.toordinal(),
            score.declaration,
        )


def call_results(repo: Repository, call_id: str) -> list[Result] | None:
    """Results of every declaration within quota; only the scores that count are used.

    A score counts when its expert is assigned the declaration, has no conflict of interest with
    it (by the expert list, as it is now), has not been set aside by the agency, declared no
    conflict, and scored every criterion within its maximum. None when the call has no review rules.
    """
    both = review_and_results(repo, call_id)
    return both[1] if both else None


def review_and_results(repo: Repository, call_id: str) -> tuple[CallReview, list[Result]] | None:
    """The call's review files and the results of its declarations within quota (see ``call_results``)."""
    from generator.review.conflicts import conflicts
    from generator.selection import taken_ids

    found: dict[str, dict] = {}
    # The declarations are read here while a forked reader reads the score files.
    review = read_review(repo, call_id, meanwhile=lambda: found.setdefault("taken", taken_ids(repo, call_id)))
    if review is None:
        return None
    taken = found["taken"]
    experts_model = repo.experts(call_id)
    experts = {e.id: e for e in experts_model.experts} if experts_model else {}
    scores: dict[str, dict[str, dict[str, Decimal]]] = {}
    for ident, loaded in taken.items():
        counted = {
            e: marks
            for e, marks in review.counted(ident).items()
            if e in experts and not conflicts(experts[e], loaded.model, loaded.info.unit or "")
        }
        if counted:
            scores[ident] = counted
    directions = {ident: loaded.model.direction for ident, loaded in taken.items()}
    return review, evaluate(review.rules, directions, scores)
