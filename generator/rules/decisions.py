"""Rules of the office's decisions: the proposed list and its publicity period (P-…)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from generator import layout, workdays
from generator.findings import Finding, Message, Severity
from generator.model.decision import Proposed
from generator.repository import Loaded, Repository
from generator.review.results import call_results
from generator.rules.framework import Scope, check
from generator.selection import NOT_TAKEN, taken_ids

E = Severity.ERROR

PROPOSED_UNKNOWN = Message(
    "P-001",
    E,
    "拟支持项目不存在",
    "拟支持项目 {id} 在批次 {call} 中{problem}",
    "请核对申报编号；只能从名额内、评审完成的申报书中选取",
    "公示名单必须对应有效的申报书。",
)
PROPOSED_NOT_REVIEWED = Message(
    "P-002",
    E,
    "拟支持项目未完成评审",
    "拟支持项目 {id} 只有 {reviews} 份有效评分，本批次要求 {required} 份",
    "请等评审完成（缺少的评分由评估机构催交）后再确定名单",
    "拟支持项目须经第三方评估机构组织的专家评审。",
)
PROPOSED_DUPLICATE = Message(
    "P-003",
    E,
    "拟支持项目重复",
    "{id} 在名单中出现了 {count} 次",
    "每个项目只列一次",
    "重复列出会让名单数量和公示内容出错。",
)
PROPOSED_OVER_LIMIT = Message(
    "P-004",
    E,
    "拟支持项目超过上限",
    "{scope}拟支持 {count} 个项目，超过批次规定的上限 {limit} 个",
    "请按评审排名减少名单中的项目",
    "批次规则规定了拟支持项目的数量上限。",
)
PUBLICITY_EARLY = Message(
    "P-005",
    E,
    "公示早于评审",
    "公示开始日期 {start} 早于评审开始时间 {review}",
    "请核对公示日期：公示应在评审之后",
    "名单须在专家评审之后确定和公示。",
)
HOLIDAYS_UNKNOWN = Message(
    "P-006",
    E,
    "缺少节假日数据",
    "{path} 和节假日日历库都还没有 {year} 年的放假安排，无法推算公示期的结束日期",
    "项目办请把国务院办公厅《{notice}》中的放假和调休上班日期录入 {path}（每个节日写 name、start、end 和 workdays，"
    "并写明通知名称），再检查；通知尚未发布时，请等通知发布后再确定公示日期",
    "公示期按工作日计算，需要当年国务院办公厅公布的放假安排；sfxm 不猜测尚未公布的调休。",
)
NO_REVIEW = Message(
    "P-007",
    E,
    "批次没有评审规则",
    "批次 {call} 没有评审规则，无法核对拟支持项目是否完成评审",
    "项目办请在 call.yaml 中写明评审规则",
    "拟支持项目须经专家评审。",
)


@check(Scope.PROPOSED)
def proposed_projects_are_reviewed(loaded: Loaded[Proposed], repo: Repository) -> Iterator[Finding]:
    """Every proposed project exists, was within its unit's quota, is fully reviewed and listed once."""
    call_id, proposed = loaded.info.call or "", loaded.model
    results = call_results(repo, call_id)
    call = repo.call(call_id)
    if results is None or call is None or call.review is None:
        yield NO_REVIEW.at(loaded.where("projects"), call=call_id)
        return
    by_id = {r.id: r for r in results}
    taken = taken_ids(repo, call_id)
    counts = Counter(proposed.projects)
    for i, ident in enumerate(proposed.projects):
        where = loaded.where("projects", i)
        if counts[ident] > 1 and proposed.projects.index(ident) == i:
            yield PROPOSED_DUPLICATE.at(where, id=ident, count=counts[ident])
        if ident not in taken:
            problem = NOT_TAKEN if repo.declaration_by_id(call_id, ident) else "不存在或无效"
            yield PROPOSED_UNKNOWN.at(where, id=ident, call=call_id, problem=problem)
            continue
        result = by_id[ident]
        if result.reviews < call.review.reviewers and not repo.review_unreadable(call_id):
            yield PROPOSED_NOT_REVIEWED.at(where, id=ident, reviews=result.reviews, required=call.review.reviewers)


@check(Scope.PROPOSED)
def proposed_within_limits(loaded: Loaded[Proposed], repo: Repository) -> Iterator[Finding]:
    """The list respects the call's limits, in all and per direction."""
    call_id = loaded.info.call or ""
    call = repo.call(call_id)
    if call is None or call.review is None:
        return
    unique = list(dict.fromkeys(loaded.model.projects))
    review = call.review
    if review.proposal_limit is not None and len(unique) > review.proposal_limit:
        yield PROPOSED_OVER_LIMIT.at(
            loaded.where("projects"), scope="本批次共", count=len(unique), limit=review.proposal_limit
        )
    if review.per_direction_limit is not None:
        taken = taken_ids(repo, call_id)
        per_direction = Counter(taken[i].model.direction for i in unique if i in taken)
        for direction, count in sorted(per_direction.items()):
            if count > review.per_direction_limit:
                leaf = call.leaf(direction)
                label = f"方向 {direction}" + (f"（{leaf[1].name}）" if leaf else "")
                yield PROPOSED_OVER_LIMIT.at(
                    loaded.where("projects"), scope=label, count=count, limit=review.per_direction_limit
                )


@check(Scope.PROPOSED)
def publicity_period_is_sound(loaded: Loaded[Proposed], repo: Repository) -> Iterator[Finding]:
    """Publicity starts after review began, and its end can be computed from the holiday calendar."""
    publicity = loaded.model.publicity
    call = repo.call(loaded.info.call or "")
    starts = call.schedule.review_starts if call else None
    if starts is not None and publicity.start < starts.date():
        yield PUBLICITY_EARLY.at(
            loaded.where("publicity", "start"), start=publicity.start.isoformat(), review=starts.date().isoformat()
        )
    try:
        workdays.calendar(repo).period_end(publicity.start, publicity.working_days)
    except workdays.UnknownYear as unknown:
        yield HOLIDAYS_UNKNOWN.at(
            loaded.where("publicity", "start"),
            year=unknown.year,
            path=layout.HOLIDAYS_PATH,
            notice=workdays.notice_title(unknown.year),
        )
