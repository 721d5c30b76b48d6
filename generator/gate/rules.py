"""The gate's own rules: who may change what, when, and what main may hold after the merge (G-…).

Each check is a small function that yields findings; its docstring's first line states the rule.
``CHANGE_CHECKS`` run on every path the pull request changes (its own change from the merge base,
and the change that would land on the base): ownership from the base's registry, the clock from
``--now`` against the base's call rules. ``TREE_CHECKS`` run once on the tree that would land.
The rules of ``sfxm check`` run on that tree as well (see ``generator.gate``); the entries that
would land are classified first (``generator.gate.entries``).

Where a rule is sfxm's own and not the plan's, its message says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.gate.actor import ActorRoles
from generator.gate.change import Change
from generator.gate.entries import BINARY, OVERSIZED, SPECIAL_ENTRY  # noqa: F401  (catalogued with the gate)
from generator.gate.sealing import resealed
from generator.layout import Kind, Owner
from generator.repository import Loaded, Repository
from generator.selection import taken_and_over

E = Severity.ERROR
BEIJING = ZoneInfo("Asia/Shanghai")
TOLERANCE = timedelta(days=1)  # dates against --now: one day either way, for time zones

UNKNOWN_ACTOR = Message(
    "G-001",
    E,
    "提交账号未登记",
    "账号 {account} 没有登记为任何单位、专家、评估机构或项目办的账号，不能提交修改",
    "请用本单位登记的账号提交；新账号请先由项目办登记到 submissions/registry/units.yaml",
    "只有登记过的账号才能代表单位或角色提交，否则任何人都能替别人申报。",
)
NOT_OWNER = Message(
    "G-002",
    E,
    "修改了不属于自己的文件",
    "账号 {account}（{roles}）不能{verb}“{path}”：这是{owner}的文件",
    "请只修改 {own}；不小心改到的文件请从本次提交中撤回（git checkout origin/main -- 该文件）",
    "每个单位只能修改本单位的申报，专家只能修改自己的评分，批次规则、名录、决定和通报只能由项目办修改。",
)
NOT_OPEN = Message(
    "G-003",
    E,
    "批次尚未开始申报",
    "批次 {call} 的申报从 {opens} 开始，现在是 {now}，还不能{verb}申报书",
    "请在申报开始后再提交",
    "申报期由批次规则规定，闸门按提交时的时间判断，而不是提交记录中的日期（那可以随意设置）。",
)
CLOSED = Message(
    "G-004",
    E,
    "申报已截止",
    "批次 {call} 的申报已于 {closes} 截止，现在是 {now}，不能再{verb}申报书",
    "申报截止后不接受新增、修改或撤回；确有特殊情况请联系项目办",
    "截止时间对所有单位一视同仁。",
)
FROZEN = Message(
    "G-005",
    E,
    "评审已开始，申报书已冻结",
    "批次 {call} 的专家评审已于 {review_starts} 开始，申报书不能再{verb}",
    "评审期间申报材料保持不变；如需更正请联系项目办",
    "评审期间修改申报书会让专家看到的材料与最终采用的不一致。",
)
MOVED_ACROSS = Message(
    "G-009",
    E,
    "申报书被移到别的单位或批次",
    "“{old}”被移到了“{new}”：申报书不能在单位或批次之间移动",
    "如需由另一单位推荐，请由原单位撤回、新单位重新申报；文件只能在本单位文件夹内改名",
    "申报编号包含批次和单位，评分、决定和记录都靠它找到项目；移动会让它们张冠李戴。",
)
SCORE_TOO_EARLY = Message(
    "G-010",
    E,
    "评审尚未开始",
    "批次 {call} 的专家评审从 {review_starts} 开始，现在是 {now}，还不能提交评分",
    "请在评审开始后提交评分",
    "评审开始前申报书仍可修改，此时的评分可能针对的是旧版本。",
)
SCORE_AFTER_DECISION = Message(
    "G-011",
    E,
    "名单已公示，评分已冻结",
    "批次 {call} 的拟支持项目名单已经公示，评分不能再{verb}",
    "如需更正评分，请联系评估机构和项目办",
    "名单依据评分确定，公示后再改评分会让名单失去依据。",
)
APPEND_ONLY = Message(
    "G-012",
    E,
    "修改或删除了已公布的记录",
    "“{path}”已经公布，不能{verb}",
    "更正请新建一份记录（如 correction），在 supersedes 中引用原记录；原记录保留并继续公开。"
    "（撤下整个示例批次——call.yaml 中 sample: true——请在同一个合并请求中删除该批次文件夹中的全部文件）",
    "公示名单、示范项目名单、书面报备、监督检查结果和通报是公开记录，一经公布不得悄悄修改或删除；更正也要留下记录。",
)
GATE_FAILED = Message(
    "G-013",
    E,
    "闸门未能完成检查",
    "闸门在检查时出错（{error}），没有完成检查，因此不能放行",
    "这是 sfxm 程序的问题，不是提交内容的问题：请把 {report} 发给系统维护人员；修复前本合并请求不能合并",
    "闸门读不懂或没查完的合并请求一律不放行（失败即拒绝），否则出错本身就成了绕过检查的办法。",
)
GIT_FAILED = Message(
    "G-014",
    E,
    "无法读取 git 仓库",
    "闸门无法从 git 读出要检查的内容：{reason}{detail}",
    "请检查 CI 配置中的 --base、--head 和仓库的获取方式（需要完整历史）；自己运行时请先 git fetch origin main",
    "闸门要从 git 中读出变更和合并后的结果；读不出来就无法判断，只能拒绝。",
)
EMPTY_ACTOR = Message(
    "G-015",
    E,
    "没有提供提交账号",
    "没有给出提交账号（--actor 的值为空）",
    "在 CI 中请检查传给 --actor 的变量（GitHub：github.event.pull_request.user.login；GitLab：合并请求的作者）；自己运行时请写上您登记的账号",
    "闸门按提交账号判断能修改哪些文件；不知道是谁提交的，就不能放行任何修改。",
)
MERGE_CONFLICT = Message(
    "G-016",
    E,
    "与主分支有冲突",
    "“{path}”无法自动合并：本合并请求的修改与主分支上后来的修改相冲突",
    "请先把主分支合并进来（git pull origin main），解决冲突后再推送；主分支上改了名的文件夹，请把文件放到新的位置",
    "闸门检查的是合并后将进入主分支的结果；有冲突时不存在这样的结果，无法检查。",
)
OVER_QUOTA = Message(
    "G-017",
    E,
    "超出推荐名额",
    "合并后{unit}在批次 {call} 将有 {count} 份申报书，超过推荐名额 {quota} 个：按推荐顺序选取：{taken}；超出推荐名额，未选取：{over}",
    "合并请求不能使本单位超出推荐名额：请撤回排在名额之后的申报书（删除文件），或调整推荐顺序，使要推荐的项目排在前 {quota} 位；"
    "主分支上已有本单位的新申报时，请先合并主分支再调整",
    "实施方案规定：“若推荐项目超过规定数量上限将默认按顺序选取”。仓库中已有的超出名额的申报书为“超出推荐名额，未选取”"
    "（Q-005 提醒）；sfxm 的闸门另外规定：新的合并请求不能再使单位超出名额，让每个单位的名单与实际选取的项目一致。",
)
FROZEN_BY_ASSIGNMENT = Message(
    "G-018",
    E,
    "评审分配已生成，申报书已冻结",
    "批次 {call} 的评审分配（review/assignment.yaml）已经提交，申报书不能再{verb}",
    "分配按提交时的申报书生成；如确需更改申报，请联系项目办和评估机构",
    "sfxm 的规则：分配生成后再增减或改动申报书，会有申报书没有专家评审，或专家评审的材料与采用的不一致。",
)
ASSIGNMENT_TOO_EARLY = Message(
    "G-019",
    E,
    "申报尚未截止，不能提交评审分配",
    "批次 {call} 的申报到 {closes} 才截止，现在是 {now}，还不能{verb}评审分配",
    "请在申报截止后运行 sfxm review assign 生成分配再提交",
    "sfxm 的规则：申报截止前各单位仍可增减申报书，此时的分配会漏掉之后的申报。",
)
PUBLICITY_IN_THE_PAST = Message(
    "G-020",
    E,
    "公示开始日期已经过去",
    "公示开始日期 {start} 早于今天（{today}，北京时间）",
    "请把 publicity.start 改为今天或以后的日期；名单合并后不能再修改，如日期已经公布有误，请新建一份更正记录（correction）说明",
    "公示期从公布之日起算；把开始日期写在过去，会让公众实际能提出异议的时间比规定的短。",
)
DATED_IN_THE_FUTURE = Message(
    "G-021",
    E,
    "日期在未来",
    "{what} {day} 晚于今天（{today}，北京时间）",
    "请写实际公布或发生的日期（最多可比今天晚一天，以容纳时区差）；记录合并后不能修改，如日期已经公布有误，请新建一份更正记录（correction），在 supersedes 中引用原记录",
    "公开记录的日期是事实发生的日期；写在未来会让网站提前显示尚未发生的事，而记录一经公布就不能再改。",
)
SET_ASIDE_APPEND_ONLY = Message(
    "G-023",
    E,
    "修改或删除了已提交的不予采用记录",
    "评估机构的不予采用记录“{path}”已经合并，不能{verb}",
    "记录有误时，请新建一份不予采用记录（review/set-aside/<日期>-<序号>.yaml）说明情况，并联系项目办；原记录保留",
    "sfxm 的规则：评分是否计入评审结果，要能事后核查；不予采用记录不公开，但同公开记录一样只增不改，"
    "否则评审报告可以悄悄改变而不留痕迹。",
)

_SITE = ("site/",)
_DATED_NAME = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})-")


@dataclass
class GateContext:
    """What every gate rule may read."""

    actor: str
    roles: ActorRoles
    now: datetime
    changes: list[Change]  # the pull request's own change and the landing change, each path once
    base: Repository  # the base branch: registry, roles, call rules, what is already published
    landing: Repository  # the tree that would land, read as it is
    retired: set[str] = field(default_factory=set)  # sample calls this pull request removes whole
    bad_names: set[str] = field(default_factory=set)  # new paths whose name or folder is refused (L-006 … L-015)
    touched_units: set[tuple[str, str]] = field(default_factory=set)  # (call, unit) whose quota may change

    @property
    def today(self) -> date:
        return self.now.astimezone(BEIJING).date()


GateCheck = Callable[[Change, GateContext], Iterator[Finding]]
TreeCheck = Callable[[GateContext], Iterator[Finding]]
CHANGE_CHECKS: list[GateCheck] = []
TREE_CHECKS: list[TreeCheck] = []


def gate_check(func: GateCheck) -> GateCheck:
    """Register a check of one change. Its docstring's first line states the rule."""
    if not (func.__doc__ or "").strip():
        raise ValueError(f"gate check {func.__name__} needs a docstring stating its rule")
    CHANGE_CHECKS.append(func)
    return func


def tree_check(func: TreeCheck) -> TreeCheck:
    """Register a check of the tree that would land. Its docstring's first line states the rule."""
    if not (func.__doc__ or "").strip():
        raise ValueError(f"tree check {func.__name__} needs a docstring stating its rule")
    TREE_CHECKS.append(func)
    return func


_VERBS = {"added": "新增", "modified": "修改", "deleted": "删除", "renamed": "改名或移动", "unknown": "改动"}


def beijing(moment: datetime, *, seconds: bool = False) -> str:
    """A moment in Beijing time, to the minute; to the second (or finer) when it is not on one."""
    local = moment.astimezone(BEIJING)
    if not seconds and not local.second and not local.microsecond:
        return f"{local:%Y-%m-%d %H:%M} 北京时间"
    text = f"{local:%Y-%m-%d %H:%M:%S}"
    if local.microsecond:
        text += f".{local.microsecond:06d}".rstrip("0")
    return f"{text} 北京时间"


def owner_of(path: str) -> tuple[str, Callable[[ActorRoles], bool]]:
    """Who owns ``path`` (in words) and a test of whether roles include that owner."""
    info = layout.classify(path) or layout.classify_folder(path)
    if info is not None and info.kind is Kind.DECLARATION and not re.fullmatch(layout.UNIT_RE, info.unit or ""):
        info = None  # a folder that is not a unit code belongs to no unit
    if info is not None and info.kind is Kind.SCORE and not re.fullmatch(layout.EXPERT_RE, info.expert or ""):
        info = None
    if info is None:
        if path.startswith(layout.ROOT):
            return "项目办", lambda r: r.office
        if path.startswith(_SITE):
            return "项目办或系统维护人员", lambda r: r.office or r.maintainer
        return "系统维护人员", lambda r: r.maintainer
    owner = info.owner
    if owner is Owner.UNIT:
        return f"单位 {info.unit}", lambda r: info.unit in r.units
    if owner is Owner.EXPERT:
        return f"批次 {info.call} 的专家 {info.expert}", lambda r: r.experts.get(info.call or "") == info.expert
    if owner is Owner.AGENCY:
        return "第三方评估机构", lambda r: r.agency
    return "项目办", lambda r: r.office


def _own(roles: ActorRoles) -> str:
    parts = [f"submissions/<批次>/declarations/{u}/" for u in sorted(roles.units)]
    parts += [f"submissions/{c}/review/scores/{e}/" for c, e in sorted(roles.experts.items())]
    if roles.agency:
        parts.append("专家名单和评审分配")
    return "、".join(parts) or "本人有权修改的文件"


def _retired(path: str, ctx: GateContext) -> bool:
    """A deletion inside a sample call that this pull request removes whole (by the office)."""
    info = layout.classify(path) or layout.classify_folder(path)
    call = info.call if info is not None else _call_folder(path)
    return call is not None and call in ctx.retired


def _call_folder(path: str) -> str | None:
    match = re.match(rf"submissions/{layout.CALL_RE}/", path)
    return match["call"] if match else None


@gate_check
def actor_owns_every_path(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """The actor owns every path the change touches, old and new."""
    if not ctx.roles.known:
        return
    if change.status == "deleted" and _retired(change.path, ctx):
        return
    for path in change.paths:
        if path == change.new_path and path in ctx.bad_names:
            continue  # refused for its name (L-006 … L-015); whose it would be means nothing
        owner, allowed = owner_of(path)
        if (
            not allowed(ctx.roles)
            and not _files_change_report(change, path, ctx)
            and not _codeowners(change, path, ctx)
            and not resealed(change, path, ctx)  # the office's or agency's rotation (generator/gate/sealing.py)
        ):
            yield NOT_OWNER.at(
                Location(change.path, None, None),
                account=ctx.actor,
                roles=ctx.roles.describe(ctx.base),
                verb=_VERBS[change.status],
                path=path,
                owner=_owner_words(owner, ctx.base),
                own=_own(ctx.roles),
            )
            return


def _files_change_report(change: Change, path: str, ctx: GateContext) -> bool:
    """A new change report (书面报备) added by the project's holder, or by its recommending unit for it.

    The plan: "如项目承担主体发生兼并重组、破产清算等重大变化，应及时向工业和信息化部书面报备". Who may
    file is ``generator.holders`` (the holder listed with accounts in the base's roles.yaml, else the
    recommending unit); the project is read from the file as it would land. Only an addition: a
    published record stays append-only, and anything unreadable falls back to the office's ownership.
    """
    from generator.holders import may_file_change_report
    from generator.model.record import record_kind

    info = layout.classify(path)
    if change.status != "added" or path != change.new_path or info is None or info.kind is not Kind.RECORD:
        return False
    if record_kind(info.name or "") != "change" or not info.call:
        return False
    loaded = ctx.landing.load(path)
    project = loaded.raw("project") if loaded is not None else None
    return isinstance(project, str) and may_file_change_report(ctx.base, info.call, project, ctx.actor)


CODEOWNERS_PATHS = (".github/CODEOWNERS", ".gitlab/CODEOWNERS")


def _codeowners(change: Change, path: str, ctx: GateContext) -> bool:
    """The office regenerates CODEOWNERS with its registry change: only exactly `sfxm codeowners` of what lands.

    sfxm's own rule: CODEOWNERS is derived from the registry the office owns, so the office updates it
    in the same pull request; any other content (or a file the gate cannot read) stays the maintainers'.
    """
    from generator.codeowners import codeowners

    if not ctx.roles.office or path not in CODEOWNERS_PATHS or path != change.new_path or change.status == "deleted":
        return False
    try:
        return ctx.landing.read_bytes(path) == codeowners(ctx.landing).encode("utf-8")
    except (OSError, KeyError):
        return False


def _owner_words(owner: str, base: Repository) -> str:
    words = base.unit_label(owner.removeprefix("单位 ")) if owner.startswith("单位 ") else owner
    return words + " " if words[-1:].isascii() else words


def _infos(change: Change, *kinds: Kind) -> list[layout.PathInfo]:
    return [i for p in change.paths if (i := layout.classify(p)) is not None and i.kind in kinds]


@gate_check
def declarations_change_within_the_call(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """Declarations and attachments change only while the call is open, before review and before the assignment."""
    infos = _infos(change, Kind.DECLARATION, Kind.ATTACHMENT)
    for call_id in sorted({i.call for i in infos if i.call}):
        if call_id in ctx.retired and change.status == "deleted":
            continue
        call = ctx.base.call(call_id)
        if call is None:
            continue  # no rules on the base: C-007 on the tree that lands, or G-002 on the call's rules
        s, verb, where = call.schedule, _VERBS[change.status], Location(change.path, None, None)
        if ctx.now < s.opens:
            yield NOT_OPEN.at(
                where, call=call_id, opens=beijing(s.opens), now=beijing(ctx.now, seconds=True), verb=verb
            )
        elif s.review_starts is not None and ctx.now >= s.review_starts:
            yield FROZEN.at(where, call=call_id, review_starts=beijing(s.review_starts), verb=verb)
        elif ctx.now > s.closes:
            yield CLOSED.at(
                where, call=call_id, closes=beijing(s.closes), now=beijing(ctx.now, seconds=True), verb=verb
            )
        elif f"submissions/{call_id}/review/assignment.yaml" in ctx.base.entries:
            # The clock says open (the office moved the deadline, or the clock is wrong): the data says no.
            yield FROZEN_BY_ASSIGNMENT.at(where, call=call_id, verb=verb)


@gate_check
def assignment_after_the_call_closes(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """The review assignment is committed only after the call closes."""
    if change.status == "deleted":
        return
    for info in _infos(change, Kind.ASSIGNMENT):
        call = ctx.base.call(info.call or "")
        if call is not None and ctx.now <= call.schedule.closes:
            yield ASSIGNMENT_TOO_EARLY.at(
                Location(change.path, None, None),
                call=info.call,
                closes=beijing(call.schedule.closes),
                now=beijing(ctx.now, seconds=True),
                verb=_VERBS[change.status],
            )


@gate_check
def scores_change_during_review(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """Score files change only after review starts and before the proposed list is published."""
    for call_id in sorted({i.call for i in _infos(change, Kind.SCORE) if i.call}):
        if call_id in ctx.retired and change.status == "deleted":
            continue
        call = ctx.base.call(call_id)
        if call is None:
            continue
        where, starts = Location(change.path, None, None), call.schedule.review_starts
        if starts is None or ctx.now < starts:
            shown = beijing(starts) if starts else "（尚未确定）"
            yield SCORE_TOO_EARLY.at(where, call=call_id, review_starts=shown, now=beijing(ctx.now, seconds=True))
        elif f"submissions/{call_id}/decision/proposed.yaml" in ctx.base.entries:
            yield SCORE_AFTER_DECISION.at(where, call=call_id, verb=_VERBS[change.status])


@gate_check
def published_records_are_append_only(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """A published list or record, or the agency's set-aside record, is never modified, renamed or deleted."""
    if change.status == "added" or change.old_path is None:
        return
    if change.status == "deleted" and _retired(change.old_path, ctx):
        return
    info = layout.classify(change.old_path)
    if info is None or change.old_path not in ctx.base.entries:
        return
    where, verb = Location(change.path, None, None), _VERBS[change.status]
    if info.kind in (Kind.PROPOSED, Kind.FINAL, Kind.RECORD):
        yield APPEND_ONLY.at(where, path=change.old_path, verb=verb)
    elif info.kind is Kind.SET_ASIDE:
        yield SET_ASIDE_APPEND_ONLY.at(where, path=change.old_path, verb=verb)


@gate_check
def no_declaration_moves_across_units(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """A rename keeps a declaration in its call and unit."""
    if change.status != "renamed" or not change.old_path or not change.new_path:
        return
    old, new = layout.classify(change.old_path), layout.classify(change.new_path)
    kinds = (Kind.DECLARATION, Kind.ATTACHMENT)
    if old is not None and old.kind in kinds and (new is None or (new.call, new.unit) != (old.call, old.unit)):
        yield MOVED_ACROSS.at(Location(change.new_path, None, None), old=change.old_path, new=change.new_path)


def _landed(path: str, ctx: GateContext) -> Loaded | None:
    loaded = ctx.landing.load(path) if path in ctx.landing.entries else None
    return loaded if loaded is not None and loaded.model is not None else None


@gate_check
def publicity_starts_today_or_later(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """A proposed list's publicity period does not start in the past (a day of tolerance)."""
    if change.new_path is None or not _infos(change, Kind.PROPOSED):
        return
    loaded = _landed(change.new_path, ctx)
    if loaded is not None and loaded.model.publicity.start < ctx.today - TOLERANCE:
        yield PUBLICITY_IN_THE_PAST.at(
            loaded.where("publicity", "start"),
            start=loaded.model.publicity.start.isoformat(),
            today=ctx.today.isoformat(),
        )


@gate_check
def nothing_dated_in_the_future(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """A final list or a record is not dated in the future (a day of tolerance): the date in its name, its publication date."""
    path = change.new_path
    if path is None or change.status not in ("added", "renamed") or not path.startswith(layout.ROOT):
        return
    latest = ctx.today + TOLERANCE
    match = _DATED_NAME.match(path.rsplit("/", 1)[-1])
    if match and layout.classify(path) is not None:
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:
            day = None  # not a date: the checker says so
        if day is not None and day > latest:
            yield DATED_IN_THE_FUTURE.at(
                Location(path, None, None),
                what="记录的日期（文件名中的日期）",
                day=day.isoformat(),
                today=ctx.today.isoformat(),
            )
    if _infos(change, Kind.FINAL):
        loaded = _landed(path, ctx)
        if loaded is not None and loaded.model.published_on > latest:
            yield DATED_IN_THE_FUTURE.at(
                loaded.where("published_on"),
                what="示范项目名单的公布日期",
                day=loaded.model.published_on.isoformat(),
                today=ctx.today.isoformat(),
            )


def _label(d: Loaded) -> str:
    name = d.raw("name")
    title = name if isinstance(name, str) else d.path.rsplit("/", 1)[-1]
    order = d.raw("order")
    return f"{order}.{title}" if order is not None else title


@tree_check
def units_within_quota_after_the_merge(ctx: GateContext) -> Iterator[Finding]:
    """After the merge, no unit whose list or quota this pull request changes recommends more than its quota."""
    for call_id, unit in sorted(ctx.touched_units):
        quota = ctx.landing.quota(call_id, unit)
        taken, over = taken_and_over(ctx.landing, call_id, unit)  # the plan's rule: the first in order
        if quota is None or not over:
            continue  # not eligible: Q-002 says so
        listed = {"taken": "、".join(map(_label, taken)), "over": "、".join(map(_label, over))}
        unit_label, count = ctx.landing.unit_label(unit), len(taken) + len(over)
        for d in over:
            yield OVER_QUOTA.at(d.where("order"), unit=unit_label, call=call_id, quota=quota, count=count, **listed)
