"""Rules of the expert review: the experts, the assignment, each score file (E-…)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.model.call import Call
from generator.model.review import Assignment, Experts, Score, SetAside
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
    "请运行 sfxm review assign --call {call} --repair：它移除不应评审的申报书，保留其余分配和已提交的评分",
    "只有在推荐名额内的有效申报书才进入评审。",
)
ASSIGNED_UNKNOWN_EXPERT = Message(
    "E-006",
    E,
    "分配了不在名单中的专家",
    "评审分配给 {id} 的专家 {expert} 不在专家名单中",
    "请运行 sfxm review assign --call {call} --repair：它只替换不在名单中的专家，保留其余分配和已提交的评分",
    "只有名单中的专家才能评分。",
)
ASSIGNED_CONFLICT = Message(
    "E-007",
    E,
    "分配违反回避规定",
    "专家 {expert} 被分配评审 {id}，但须回避：{reasons}",
    "请运行 sfxm review assign --call {call} --repair：它只替换须回避的专家，保留其余分配和已提交的评分；"
    "该专家已提交的评分会登记为不予采用（review/set-aside/），不必删除。修复后的分配和记录与专家名单的修改一并提交",
    "专家不得评审本地区单位推荐的项目或本人任职单位申报的项目，也不得评审本人声明须回避的项目（sfxm 的回避规则）。",
)
ASSIGNED_COUNT = Message(
    "E-008",
    E,
    "评审人数不对",
    "{id} 分配了 {count} 位专家（{experts}），本批次要求 {required} 位且互不重复",
    "请运行 sfxm review assign --call {call} --repair：它补足或减少专家，保留其余分配和已提交的评分",
    "每份申报书的评审人数由批次规则规定，人数一致才能公平比较。",
)
NOT_ASSIGNED = Message(
    "E-009",
    E,
    "有申报书未分配专家",
    "在推荐名额内的 {id} 没有分配评审专家",
    "请运行 sfxm review assign --call {call} --repair 补充分配（评分开始前也可以运行不带 --repair 的 assign 重新分配）；无法分配时它会说明原因",
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
    "只能为分配给本人的申报书评分：运行 sfxm review progress --call {call} --expert {expert} 查看分配给您的申报书，"
    "用 sfxm review score 生成评分表；如果这份评分是在改派之前提交的，由评估机构运行 sfxm review assign --repair 登记为不予采用",
    "评审分配保证负载均衡和回避，未经分配的评分不予采用。",
)
SCORE_CONFLICT = Message(
    "E-015",
    E,
    "评分专家须回避",
    "专家 {expert} 须回避 {id}：{reasons}",
    "专家：这份评分还没有合并的，请从合并请求中删去它，并告知第三方评估机构。"
    "评估机构：运行 sfxm review assign --call {call} --repair，它把这份评分登记为不予采用（专家的文件不删除）并改派其他专家",
    "专家不得评审本地区单位推荐的项目或本人任职单位申报的项目，也不得评审本人声明须回避的项目（sfxm 的回避规则）。",
)
MISSING_CRITERION = Message(
    "E-016",
    E,
    "缺少指标得分",
    "缺少指标“{name}”（{code}）的得分",
    "每个评审指标都要打分：{all}。sfxm review score 生成的评分表列出了全部指标",
    "缺少任何一项，加权分就无法计算。",
)
UNKNOWN_CRITERION = Message(
    "E-017",
    E,
    "不认识的评审指标",
    "“{code}”不是本批次的评审指标{suggestion}",
    "请用指标代码记分，本批次的指标：{all}",
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
CONFLICT_DECLARED = Message(
    "E-020",
    E,
    "专家声明有利益冲突",
    "您在这份评分中声明与 {id} 有利益冲突（no_conflict 填的不是 true）",
    "有利益冲突的请不要评分：从合并请求中删去这个文件，并告知第三方评估机构。"
    "评估机构会在专家名单中登记您须回避（recusals），并运行 sfxm review assign --repair 改派其他专家。"
    "没有利益冲突的，请把 no_conflict 改为 true",
    "专家与所评项目有利益冲突时必须回避；声明有冲突的评分不计入评审结果（sfxm 的回避规则）。",
)
SET_ASIDE_STILL_ASSIGNED = Message(
    "E-021",
    E,
    "不予采用的评分仍在分配中",
    "专家 {expert} 对 {id} 的评分已登记不予采用（{record}），但评审分配中仍有这位专家",
    "请运行 sfxm review assign --call {call} --repair：它为这份申报书改派其他专家",
    "不予采用的评分不计入结果；分配中保留这位专家，这份申报书就永远缺一份评审。",
)
SET_ASIDE_UNKNOWN_DECLARATION = Message(
    "E-022",
    E,
    "不予采用记录中的申报书不存在",
    "记录中的申报编号 {id} 不是批次 {call} 的有效申报书",
    "请核对申报编号；记录只增不改，写错的请另写一份新记录说明",
    "不予采用的记录要指明是哪位专家对哪份申报书的评分。",
)
SET_ASIDE_TWICE = Message(
    "E-023",
    W,
    "同一份评分重复登记不予采用",
    "专家 {expert} 对 {id} 的评分已在 {other} 中登记不予采用",
    "同一份评分登记一次即可",
    "重复的记录不改变结果，但会让人误以为有两份评分。",
)
UNKNOWN_RECUSAL = Message(
    "E-024",
    W,
    "声明回避的申报书不存在",
    "专家 {expert} 声明回避的 {id} 不是批次 {call} 的有效申报书",
    "请核对申报编号",
    "回避只对本批次的申报书起作用，写错了就不起作用。",
)
DEADLINE_BEFORE_START = Message(
    "E-025",
    E,
    "评审截止时间早于评审开始",
    "评审截止时间 {deadline} 不晚于{start_label} {start}",
    "请核对 review.deadline：评审截止应在评审开始（以及申报截止）之后",
    "截止时间早于开始时间时，所有评分都会被算作逾期。",
)
SIGNED_LATE = Message(
    "E-026",
    W,
    "评分日期晚于评审截止",
    "评分日期 {date} 晚于评审截止时间 {deadline}",
    "请核对评分日期；逾期的评分会在评审进度中标为逾期，是否采用由评估机构和项目办决定",
    "评审截止时间由批次规则规定，用于督促按时完成评审。",
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
    """An expert's home unit is in the registry, their directions are the call's, their recusals its declarations."""
    call_id = loaded.info.call or ""
    call = repo.call(call_id)
    codes = {item.code for _, item in call.classification.leaves()} if call else set()
    for i, expert in enumerate(loaded.model.experts):
        if expert.home_unit is not None and repo.registry is not None and expert.home_unit not in repo.units:
            yield UNKNOWN_HOME_UNIT.at(loaded.where("experts", i, "home_unit"), expert=expert.id, unit=expert.home_unit)
        for j, code in enumerate(expert.directions):
            if codes and code not in codes:
                yield UNKNOWN_EXPERT_DIRECTION.at(
                    loaded.where("experts", i, "directions", j), expert=expert.id, code=code
                )
        for j, ident in enumerate(expert.recusals):
            if repo.declaration_by_id(call_id, ident) is None:
                yield UNKNOWN_RECUSAL.at(
                    loaded.where("experts", i, "recusals", j), expert=expert.id, id=ident, call=call_id
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
            yield ASSIGNED_UNKNOWN.at(
                where, id=ident, problem="超出推荐名额" if exists else "不存在或无效", call=call_id
            )
            continue
        if (
            call is not None
            and call.review is not None
            and (len(set(assigned)) != call.review.reviewers or len(assigned) != len(set(assigned)))
        ):
            yield ASSIGNED_COUNT.at(
                where,
                id=ident,
                count=len(assigned),
                experts="、".join(assigned),
                required=call.review.reviewers,
                call=call_id,
            )
        for expert_id in assigned:
            expert = experts.get(expert_id)
            if expert is None:
                yield ASSIGNED_UNKNOWN_EXPERT.at(where, id=ident, expert=expert_id, call=call_id)
                continue
            reasons = conflicts(expert, declaration.model, declaration.info.unit or "")
            if reasons:
                yield ASSIGNED_CONFLICT.at(where, expert=expert_id, id=ident, reasons="；".join(reasons), call=call_id)
    for ident in sorted(set(taken) - set(loaded.model.assignments)):
        yield NOT_ASSIGNED.at(Location(loaded.path, 1, 1), id=ident, call=call_id)


# -- set-aside records ----------------------------------------------------------------------


@check(Scope.SET_ASIDE)
def set_aside_names_scores_of_the_call(loaded: Loaded[SetAside], repo: Repository) -> Iterator[Finding]:
    """Each set-aside score names a declaration of the call, and is set aside once."""
    call_id = loaded.info.call or ""
    first = repo.set_aside_pairs(call_id)
    for i, entry in enumerate(loaded.model.scores):
        if repo.declaration_by_id(call_id, entry.declaration) is None:
            yield SET_ASIDE_UNKNOWN_DECLARATION.at(
                loaded.where("scores", i, "declaration"), id=entry.declaration, call=call_id
            )
        recorded = first.get((entry.declaration, entry.expert))
        earlier = any((e.declaration, e.expert) == (entry.declaration, entry.expert) for e in loaded.model.scores[:i])
        if earlier or (recorded is not None and recorded[0] != loaded.path):
            other = loaded.path.rsplit("/", 1)[-1] if earlier else recorded[0].rsplit("/", 1)[-1]
            yield SET_ASIDE_TWICE.at(loaded.where("scores", i), expert=entry.expert, id=entry.declaration, other=other)


@check(Scope.REVIEW)
def set_aside_scores_are_not_assigned(call_id: str, repo: Repository) -> Iterator[Finding]:
    """An expert whose score of a declaration was set aside is no longer assigned that declaration."""
    loaded = repo.load(f"submissions/{call_id}/review/assignment.yaml")
    if loaded is None or loaded.model is None:
        return
    pairs = repo.set_aside_pairs(call_id)
    for ident, assigned in loaded.model.assignments.items():
        for expert in assigned:
            note = pairs.get((ident, expert))
            if note is not None:
                yield SET_ASIDE_STILL_ASSIGNED.at(
                    loaded.where("assignments", ident),
                    expert=expert,
                    id=ident,
                    record=note[0].rsplit("/", 1)[-1],
                    call=call_id,
                )


# -- the call's review dates ----------------------------------------------------------------


@check(Scope.CALL)
def review_deadline_after_start(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """The review deadline comes after the review starts (or, without a start, after the call closes)."""
    review, schedule = loaded.model.review, loaded.model.schedule
    if review is None or review.deadline is None:
        return
    start, label = (
        (schedule.review_starts, "评审开始时间")
        if schedule.review_starts is not None
        else (schedule.closes, "申报截止时间")
    )
    if review.deadline <= start:
        yield DEADLINE_BEFORE_START.at(
            loaded.where("review", "deadline"),
            deadline=review.deadline.isoformat(),
            start_label=label,
            start=start.isoformat(),
        )


# -- scores ---------------------------------------------------------------------------------


def _set_aside(loaded: Loaded[Score], repo: Repository) -> bool:
    """Whether the agency's record says this score no longer counts: then nothing in it is the expert's to fix."""
    name = loaded.model.declaration if layout.is_opaque(loaded.info.name) and loaded.model else loaded.info.name
    return (name, loaded.info.expert) in repo.set_aside_pairs(loaded.info.call or "")


@check(Scope.SCORE)
def score_matches_its_place(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """A score file names the declaration and expert its path names."""
    if _set_aside(loaded, repo):
        return
    score, info = loaded.model, loaded.info
    if score.declaration != info.name and not layout.is_opaque(info.name):
        yield SCORE_PLACE.at(loaded.where("declaration"), what="申报编号", value=score.declaration, expected=info.name)
    if score.expert != info.expert:
        yield SCORE_PLACE.at(loaded.where("expert"), what="专家编号", value=score.expert, expected=info.expert)


@check(Scope.SCORE)
def score_is_assigned_and_free_of_conflict(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """The expert is on the list, was assigned this declaration, and has no conflict with it."""
    call_id, score = loaded.info.call or "", loaded.model
    if _set_aside(loaded, repo):
        return
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
            loaded.where("no_conflict"),
            expert=score.expert,
            id=score.declaration,
            reasons="；".join(reasons),
            call=call_id,
        )
    assignment = repo.assignment(call_id)
    if assignment is not None:
        assigned = score.expert in assignment.assignments.get(score.declaration, [])
    else:  # a sealed assignment: the expert's own list, when the key opened it; else nothing to judge
        own = repo.sealed_list(call_id, score.expert)
        assigned = (score.declaration in own) if own is not None else repo.assignment_sealed(call_id)
    if not assigned:
        yield SCORE_NOT_ASSIGNED.at(loaded.where("expert"), expert=score.expert, id=score.declaration, call=call_id)


@check(Scope.SCORE)
def score_declares_no_conflict(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """The expert declares no conflict of interest with the declaration scored."""
    if not loaded.model.no_conflict and not _set_aside(loaded, repo):
        yield CONFLICT_DECLARED.at(loaded.where("no_conflict"), id=loaded.model.declaration)


def _suggestion(code: str, criteria: dict) -> str:
    """A hint for a criterion key that is not a code: the code of the criterion it names or resembles."""
    for c in criteria.values():
        if code.strip() == c.name:
            return f"（“{c.name}”是指标名称，请写它的代码 {c.code}）"
    close = difflib.get_close_matches(code.lower(), list(criteria), n=1)
    return f"（是不是 {close[0]}？）" if close else ""


@check(Scope.SCORE)
def score_follows_the_criteria(loaded: Loaded[Score], repo: Repository) -> Iterator[Finding]:
    """Every criterion of the call is scored, within 0 and its maximum, and nothing else is; signed within the review."""
    call = repo.call(loaded.info.call or "")
    if call is None or _set_aside(loaded, repo):
        return
    if call.review is None:
        yield NO_REVIEW_RULES.at(loaded.where("scores"), call=call.id)
        return
    criteria = {c.code: c for c in call.review.criteria}
    listing = "、".join(f"{c.code}（{c.name}，满分 {c.max}）" for c in call.review.criteria)
    scores = loaded.model.scores
    for code, criterion in criteria.items():
        if scores.get(code) is None:
            where = loaded.where("scores", code) if code in scores else loaded.where("scores")
            yield MISSING_CRITERION.at(where, name=criterion.name, code=code, all=listing)
        elif not Decimal(0) <= scores[code] <= criterion.max:
            yield OUT_OF_RANGE.at(
                loaded.where("scores", code), name=criterion.name, value=scores[code], max=criterion.max
            )
    for code in scores:
        if code not in criteria:
            yield UNKNOWN_CRITERION.at(
                loaded.doc.where_key("scores", code) if loaded.doc else loaded.where(),
                code=code,
                all=listing,
                suggestion=_suggestion(code, criteria),
            )
    starts = call.schedule.review_starts
    if starts is not None and loaded.model.signed_on < starts.date():
        yield SIGNED_EARLY.at(
            loaded.where("signed_on"), date=loaded.model.signed_on.isoformat(), starts=starts.date().isoformat()
        )
    deadline = call.review.deadline
    if deadline is not None and loaded.model.signed_on > deadline.date():
        yield SIGNED_LATE.at(
            loaded.where("signed_on"), date=loaded.model.signed_on.isoformat(), deadline=deadline.date().isoformat()
        )
