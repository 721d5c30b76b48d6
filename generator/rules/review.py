"""Rules of the expert review: the experts, the assignment, each score file (E-…)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from generator.findings import Finding, Location, Message, Severity
from generator.model.review import Assignment, Experts, Score
from generator.repository import Loaded, Repository
from generator.review.conflicts import conflicts
from generator.rules.framework import Scope, check
from generator.selection import taken_ids

E, W = Severity.ERROR, Severity.WARNING

DUPLICATE_EXPERT = Message(
    "E-001",
    E,
    "专家编号或账号重复",
    "专家{what} {value} 出现了不止一次",
    "每位专家的编号和账号都必须唯一",
    "专家编号决定评分文件夹，账号决定谁能提交评分，重复会让评分归属不清。",
)
EXPERT_HAS_OTHER_ROLE = Message(
    "E-002",
    E,
    "专家账号同时是其他角色的账号",
    "专家 {expert} 的账号 {account} 同时登记为{places}的账号",
    "专家必须使用单独的账号评分",
    "专家如果同时代表推荐单位、评估机构或项目办，就无法独立评分，也会绕过回避。",
)
UNKNOWN_EXPERT_DIRECTION = Message(
    "E-003",
    W,
    "专家擅长方向不存在",
    "专家 {expert} 的擅长方向 {code} 不是本批次的方向",
    "请按批次规则中的方向编码填写",
    "擅长方向用于优先分配，写错了就不起作用。",
)
UNKNOWN_HOME_UNIT = Message(
    "E-004",
    E,
    "专家所在地区单位不在名录中",
    "专家 {expert} 的所在地区单位 {unit} 不在单位名录中",
    "请填写单位名录中的单位代码，如北京市为 110000",
    "回避判断要用到专家所在的地区单位。",
)
ASSIGNED_UNKNOWN = Message(
    "E-005",
    E,
    "分配了不应评审的申报书",
    "评审分配中的 {id} {problem}",
    "请重新运行 sfxm review assign 生成分配",
    "只有在推荐名额内的有效申报书才进入评审。",
)
ASSIGNED_UNKNOWN_EXPERT = Message(
    "E-006",
    E,
    "分配了不在名单中的专家",
    "评审分配给 {id} 的专家 {expert} 不在专家名单中",
    "请重新运行 sfxm review assign 生成分配",
    "只有名单中的专家才能评分。",
)
ASSIGNED_CONFLICT = Message(
    "E-007",
    E,
    "分配违反回避规定",
    "专家 {expert} 被分配评审 {id}，但须回避：{reasons}",
    "请重新运行 sfxm review assign；它不会把专家分配给须回避的项目",
    "专家不得评审本地区单位推荐的项目或本人任职单位申报的项目。",
)
ASSIGNED_COUNT = Message(
    "E-008",
    E,
    "评审人数不对",
    "{id} 分配了 {count} 位专家（{experts}），本批次要求 {required} 位且互不重复",
    "请重新运行 sfxm review assign 生成分配",
    "每份申报书的评审人数由批次规则规定，人数一致才能公平比较。",
)
NOT_ASSIGNED = Message(
    "E-009",
    E,
    "有申报书未分配专家",
    "在推荐名额内的 {id} 没有分配评审专家",
    "请重新运行 sfxm review assign 生成分配；无法分配时它会说明原因",
    "名额内的每份申报书都要经过专家评审。",
)
SCORE_PLACE = Message(
    "E-010",
    E,
    "评分文件与位置不一致",
    "评分文件写的{what}是 {value}，但文件位置表示是 {expected}",
    "请把文件放到 review/scores/<专家编号>/<申报编号>.yaml，并让文件中的编号与位置一致",
    "评分靠文件位置确定是谁评的哪个项目，闸门也按位置判断谁能修改。",
)
NO_REVIEW_RULES = Message(
    "E-011",
    E,
    "批次没有评审规则",
    "批次 {call} 的 call.yaml 没有 review（评审规则），无法核对评分",
    "项目办请在 call.yaml 中写明评审指标、权重、满分和评审人数",
    "评分要按批次规定的指标和满分核对。",
)
SCORE_UNKNOWN_DECLARATION = Message(
    "E-012",
    E,
    "所评申报书不存在",
    "申报书 {id} 在批次 {call} 中不存在或无效",
    "请核对申报编号",
    "评分必须对应一份有效的申报书。",
)
SCORE_UNKNOWN_EXPERT = Message(
    "E-013",
    E,
    "评分专家不在名单中",
    "专家 {expert} 不在批次 {call} 的专家名单中",
    "评估机构请先把专家加入 review/experts.yaml",
    "只有名单中的专家才能评分。",
)
SCORE_NOT_ASSIGNED = Message(
    "E-014",
    E,
    "没有分配这份评审",
    "专家 {expert} 没有被分配评审 {id}",
    "只能为分配给本人的申报书评分；分配见 review/assignment.yaml",
    "评审分配保证负载均衡和回避，未经分配的评分不予采用。",
)
SCORE_CONFLICT = Message(
    "E-015",
    E,
    "评分专家须回避",
    "专家 {expert} 须回避 {id}：{reasons}",
    "请删除这份评分，并告知评估机构重新分配",
    "专家不得评审本地区单位推荐的项目或本人任职单位申报的项目。",
)
MISSING_CRITERION = Message(
    "E-016",
    E,
    "缺少指标得分",
    "缺少指标“{name}”（{code}）的得分",
    "每个评审指标都要打分：{all}",
    "缺少任何一项，加权分就无法计算。",
)
UNKNOWN_CRITERION = Message(
    "E-017",
    E,
    "不认识的评审指标",
    "“{code}”不是本批次的评审指标",
    "本批次的指标：{all}",
    "只按批次规定的指标评分。",
)
OUT_OF_RANGE = Message(
    "E-018",
    E,
    "得分超出范围",
    "指标“{name}”的得分 {value} 不在 0 到 {max} 之间",
    "请按满分 {max} 打分",
    "超出满分的得分会扭曲加权分和排名。",
)
SIGNED_EARLY = Message(
    "E-019",
    W,
    "评分日期早于评审开始",
    "评分日期 {date} 早于评审开始时间 {starts}",
    "请核对评分日期",
    "评分应在评审开始后进行。",
)


# -- experts --------------------------------------------------------------------------------


@check(Scope.EXPERTS)
def experts_unique(loaded: Loaded[Experts], repo: Repository) -> Iterator[Finding]:
    """Each expert id and each expert account appears once."""
    ids = Counter(e.id for e in loaded.model.experts)
    accounts = Counter(e.account.lower() for e in loaded.model.experts)
    for i, expert in enumerate(loaded.model.experts):
        if ids[expert.id] > 1:
            yield DUPLICATE_EXPERT.at(loaded.where("experts", i, "id"), what="编号", value=expert.id)
        if accounts[expert.account.lower()] > 1:
            yield DUPLICATE_EXPERT.at(loaded.where("experts", i, "account"), what="账号", value=expert.account)


@check(Scope.EXPERTS)
def expert_accounts_are_their_own(loaded: Loaded[Experts], repo: Repository) -> Iterator[Finding]:
    """An expert's account is not the account of a unit, the agency or the office."""
    roles = repo.roles
    for i, expert in enumerate(loaded.model.experts):
        name = expert.account.lower()
        places = [repo.unit_label(u) for u in repo.accounts.get(name, [])]
        if roles is not None:
            places += [
                label
                for label, accounts in (("项目办", roles.office), ("评估机构", roles.agency))
                if name in {a.lower() for a in accounts}
            ]
        if places:
            yield EXPERT_HAS_OTHER_ROLE.at(
                loaded.where("experts", i, "account"),
                expert=expert.id,
                account=expert.account,
                places="、".join(places),
            )


@check(Scope.EXPERTS)
def expert_fields_exist(loaded: Loaded[Experts], repo: Repository) -> Iterator[Finding]:
    """An expert's home unit is in the registry and their directions are the call's."""
    call = repo.call(loaded.info.call or "")
    codes = {item.code for _, item in call.classification.leaves()} if call else set()
    for i, expert in enumerate(loaded.model.experts):
        if expert.home_unit is not None and repo.registry is not None and expert.home_unit not in repo.units:
            yield UNKNOWN_HOME_UNIT.at(loaded.where("experts", i, "home_unit"), expert=expert.id, unit=expert.home_unit)
        for j, code in enumerate(expert.directions):
            if codes and code not in codes:
                yield UNKNOWN_EXPERT_DIRECTION.at(
                    loaded.where("experts", i, "directions", j), expert=expert.id, code=code
                )


# -- assignment -----------------------------------------------------------------------------


@check(Scope.ASSIGNMENT)
def assignment_is_sound(loaded: Loaded[Assignment], repo: Repository) -> Iterator[Finding]:
    """The assignment covers every declaration within quota, with the required number of distinct, conflict-free experts."""
    call_id = loaded.info.call or ""
    call = repo.call(call_id)
    experts_model = repo.experts(call_id)
    experts = {e.id: e for e in experts_model.experts} if experts_model else {}
    taken = taken_ids(repo, call_id)
    for ident, assigned in loaded.model.assignments.items():
        where = loaded.where("assignments", ident)
        declaration = taken.get(ident)
        if declaration is None:
            exists = repo.declaration_by_id(call_id, ident) is not None
            yield ASSIGNED_UNKNOWN.at(where, id=ident, problem="超出推荐名额" if exists else "不存在或无效")
            continue
        if (
            call is not None
            and call.review is not None
            and (len(set(assigned)) != call.review.reviewers or len(assigned) != len(set(assigned)))
        ):
            yield ASSIGNED_COUNT.at(
                where, id=ident, count=len(assigned), experts="、".join(assigned), required=call.review.reviewers
            )
        for expert_id in assigned:
            expert = experts.get(expert_id)
            if expert is None:
                yield ASSIGNED_UNKNOWN_EXPERT.at(where, id=ident, expert=expert_id)
                continue
            reasons = conflicts(expert, declaration.model, declaration.info.unit or "")
            if reasons:
                yield ASSIGNED_CONFLICT.at(where, expert=expert_id, id=ident, reasons="；".join(reasons))
    for ident in sorted(set(taken) - set(loaded.model.assignments)):
        yield NOT_ASSIGNED.at(Location(loaded.path, 1, 1), id=ident)


# -- scores ---------------------------------------------------------------------------------


@check(Scope.SCORE)
def score_matches_its_place(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """A score file names the declaration and expert its path names."""
    score, info = loaded.model, loaded.info
    if score.declaration != info.name:
        yield SCORE_PLACE.at(loaded.where("declaration"), what="申报编号", value=score.declaration, expected=info.name)
    if score.expert != info.expert:
        yield SCORE_PLACE.at(loaded.where("expert"), what="专家编号", value=score.expert, expected=info.expert)


@check(Scope.SCORE)
def score_is_assigned_and_free_of_conflict(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """The expert is on the list, was assigned this declaration, and has no conflict with it."""
    call_id, score = loaded.info.call or "", loaded.model
    declaration = repo.declaration_by_id(call_id, score.declaration)
    if declaration is None:
        yield SCORE_UNKNOWN_DECLARATION.at(loaded.where("declaration"), id=score.declaration, call=call_id)
        return
    experts_model = repo.experts(call_id)
    expert = next((e for e in experts_model.experts if e.id == score.expert), None) if experts_model else None
    if expert is None:
        yield SCORE_UNKNOWN_EXPERT.at(loaded.where("expert"), expert=score.expert, call=call_id)
        return
    reasons = conflicts(expert, declaration.model, declaration.info.unit or "")
    if reasons:
        yield SCORE_CONFLICT.at(
            loaded.where("no_conflict"), expert=score.expert, id=score.declaration, reasons="；".join(reasons)
        )
    assignment = repo.assignment(call_id)
    if assignment is None or score.expert not in assignment.assignments.get(score.declaration, []):
        yield SCORE_NOT_ASSIGNED.at(loaded.where("expert"), expert=score.expert, id=score.declaration)


@check(Scope.SCORE)
def score_follows_the_criteria(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """Every criterion of the call is scored, within 0 and its maximum, and nothing else is."""
    call = repo.call(loaded.info.call or "")
    if call is None:
        return
    if call.review is None:
        yield NO_REVIEW_RULES.at(loaded.where("scores"), call=call.id)
        return
    criteria = {c.code: c for c in call.review.criteria}
    listing = "、".join(f"{c.code}（{c.name}，满分 {c.max}）" for c in call.review.criteria)
    scores = loaded.model.scores
    for code, criterion in criteria.items():
        if code not in scores:
            yield MISSING_CRITERION.at(loaded.where("scores"), name=criterion.name, code=code, all=listing)
        elif not Decimal(0) <= scores[code] <= criterion.max:
            yield OUT_OF_RANGE.at(
                loaded.where("scores", code), name=criterion.name, value=scores[code], max=criterion.max
            )
    for code in scores:
        if code not in criteria:
            yield UNKNOWN_CRITERION.at(
                loaded.doc.where_key("scores", code) if loaded.doc else loaded.where(), code=code, all=listing
            )
    starts = call.schedule.review_starts
    if starts is not None and loaded.model.signed_on < starts.date():
        yield SIGNED_EARLY.at(
            loaded.where("signed_on"), date=loaded.model.signed_on.isoformat(), starts=starts.date().isoformat()
        )
