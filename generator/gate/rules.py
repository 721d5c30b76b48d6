"""The gate's own rules: who may change what, when, and how (G-…).

Each check is a small function over one change (or over the whole change) that yields
findings; its docstring states the rule. The rules of ``sfxm check`` run on the changed files
as well (see ``generator.gate.run``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.gate.actor import ActorRoles
from generator.gate.change import Change
from generator.layout import Kind, Owner
from generator.repository import Repository

E = Severity.ERROR

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
    "请只修改{own}；不小心改到的文件请从本次提交中撤回（git checkout origin/main -- 该文件）",
    "每个单位只能修改本单位的申报，专家只能修改自己的评分，批次规则、名录、决定和通报只能由项目办修改。",
)
NOT_OPEN = Message(
    "G-003",
    E,
    "批次尚未开始申报",
    "批次 {call} 的申报从 {opens} 开始，现在（{now}）还不能{verb}申报书",
    "请在申报开始后再提交",
    "申报期由批次规则规定，闸门按提交时的时间判断，而不是提交记录中的日期（那可以随意设置）。",
)
CLOSED = Message(
    "G-004",
    E,
    "申报已截止",
    "批次 {call} 的申报已于 {closes} 截止，现在（{now}）不能再{verb}申报书",
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
SPECIAL_ENTRY = Message(
    "G-006",
    E,
    "提交了符号链接或子模块",
    "“{path}”是{what}",
    "请删除它，只提交普通文件",
    "符号链接和子模块可以指向仓库以外的内容，绕过检查。",
)
BINARY = Message(
    "G-007",
    E,
    "提交了二进制文件",
    "“{path}”是二进制文件，这个位置只能放文本文件",
    "附件请放在本单位文件夹的 attachments/ 下（PDF、OFD、JPG、PNG）；其他位置请提交 UTF-8 文本",
    "二进制文件无法审阅差异，可能藏有不可见的内容。",
)
OVERSIZED = Message(
    "G-008",
    E,
    "提交的文件过大",
    "“{path}”有 {size}，超过上限 {limit}",
    "请压缩或拆分后再提交",
    "过大的文件会让仓库难以下载和检查。",
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
    "批次 {call} 的专家评审从 {review_starts} 开始，现在（{now}）还不能提交评分",
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
    "更正请新建一份记录（如 correction），在 supersedes 中引用原记录；原记录保留并继续公开",
    "公示名单、示范项目名单、书面报备、监督检查结果和通报是公开记录，一经公布不得悄悄修改或删除；更正也要留下记录。",
)

OTHER_MAX_BYTES = 5 * 1024 * 1024
_SITE = ("site/",)


@dataclass
class GateContext:
    actor: str
    roles: ActorRoles
    now: datetime
    changes: list[Change]
    head: Repository  # head data judged by base authority
    base: Repository  # the base branch alone
    read_head: Callable[[str], bytes]
    notes: list[str] = field(default_factory=list)


GateCheck = Callable[[Change, GateContext], Iterator[Finding]]
CHANGE_CHECKS: list[GateCheck] = []


def gate_check(func: GateCheck) -> GateCheck:
    """Register a check of one change. Its docstring's first line states the rule."""
    if not (func.__doc__ or "").strip():
        raise ValueError(f"gate check {func.__name__} needs a docstring stating its rule")
    CHANGE_CHECKS.append(func)
    return func


_VERBS = {"added": "新增", "modified": "修改", "deleted": "删除", "renamed": "改名或移动"}


def owner_of(path: str) -> tuple[str, Callable[[ActorRoles], bool]]:
    """Who owns ``path`` (in words) and a test of whether roles include that owner."""
    info = layout.classify(path) or layout.classify_folder(path)
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


@gate_check
def actor_owns_every_path(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """The actor owns every path the change touches, old and new."""
    if not ctx.roles.known:
        return
    for path in change.paths:
        owner, allowed = owner_of(path)
        if not allowed(ctx.roles):
            yield NOT_OWNER.at(
                Location(change.path, None, None),
                account=ctx.actor,
                roles=ctx.roles.describe(ctx.base),
                verb=_VERBS[change.status],
                path=path,
                owner=ctx.head.unit_label(owner.removeprefix("单位 ")) if owner.startswith("单位 ") else owner,
                own=_own(ctx.roles),
            )
            return


def _beijing(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo("Asia/Shanghai"))
    return f"{local:%Y-%m-%d %H:%M} 北京时间"


@gate_check
def declarations_change_within_the_call(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """Declarations and attachments change only while the call is open and before review starts."""
    kinds = (Kind.DECLARATION, Kind.ATTACHMENT)
    infos = [i for p in change.paths if (i := layout.classify(p)) is not None and i.kind in kinds]
    for call_id in sorted({i.call for i in infos if i.call}):
        call = ctx.head.call(call_id)
        if call is None:
            continue  # C-007 / D-014 say why
        s, verb, where = call.schedule, _VERBS[change.status], Location(change.path, None, None)
        if ctx.now < s.opens:
            yield NOT_OPEN.at(where, call=call_id, opens=_beijing(s.opens), now=_beijing(ctx.now), verb=verb)
        elif s.review_starts is not None and ctx.now >= s.review_starts:
            yield FROZEN.at(where, call=call_id, review_starts=_beijing(s.review_starts), verb=verb)
        elif ctx.now > s.closes:
            yield CLOSED.at(where, call=call_id, closes=_beijing(s.closes), now=_beijing(ctx.now), verb=verb)


@gate_check
def scores_change_during_review(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """Score files change only after review starts and before the proposed list is published."""
    infos = [i for p in change.paths if (i := layout.classify(p)) is not None and i.kind is Kind.SCORE]
    for call_id in sorted({i.call for i in infos if i.call}):
        call = ctx.head.call(call_id)
        if call is None:
            continue
        where, starts = Location(change.path, None, None), call.schedule.review_starts
        if starts is None or ctx.now < starts:
            shown = _beijing(starts) if starts else "（尚未确定）"
            yield SCORE_TOO_EARLY.at(where, call=call_id, review_starts=shown, now=_beijing(ctx.now))
        elif f"submissions/{call_id}/decision/proposed.yaml" in ctx.base.entries:
            yield SCORE_AFTER_DECISION.at(where, call=call_id, verb=_VERBS[change.status])


@gate_check
def published_records_are_append_only(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """A published list or record (proposed, final, records) is never modified, renamed or deleted."""
    if change.status == "added" or change.old_path is None:
        return
    info = layout.classify(change.old_path)
    if (
        info is not None
        and info.kind in (Kind.PROPOSED, Kind.FINAL, Kind.RECORD)
        and change.old_path in ctx.base.entries
    ):
        yield APPEND_ONLY.at(Location(change.path, None, None), path=change.old_path, verb=_VERBS[change.status])


@gate_check
def no_declaration_moves_across_units(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """A rename keeps a declaration in its call and unit."""
    if change.status != "renamed" or not change.old_path or not change.new_path:
        return
    old, new = layout.classify(change.old_path), layout.classify(change.new_path)
    kinds = (Kind.DECLARATION, Kind.ATTACHMENT)
    if old is not None and old.kind in kinds and (new is None or (new.call, new.unit) != (old.call, old.unit)):
        yield MOVED_ACROSS.at(Location(change.new_path, None, None), old=change.old_path, new=change.new_path)


@gate_check
def only_regular_files(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """No symlink and no submodule anywhere in the change."""
    if change.new_path is None or change.path.startswith(layout.ROOT):
        return  # under submissions/ the checker says it (L-002)
    if change.is_symlink or change.is_submodule:
        what = "符号链接" if change.is_symlink else "子模块（submodule）"
        yield SPECIAL_ENTRY.at(Location(change.path, None, None), path=change.path, what=what)


@gate_check
def text_where_text_belongs(change: Change, ctx: GateContext) -> Iterator[Finding]:
    """Outside the attachment and case-study folders, files are text of a bounded size."""
    path = change.new_path
    if path is None or change.is_symlink or change.is_submodule:
        return
    info = layout.classify(path)
    if info is not None and (info.kind in layout.BINARY_KINDS or info.is_yaml):
        return  # the checker handles these (L-003, L-004, Y-001, Y-003)
    if path.startswith(layout.ROOT) and info is None:
        return  # outside the layout: L-001
    raw = ctx.read_head(path)
    limit = OTHER_MAX_BYTES
    if len(raw) > limit:
        yield OVERSIZED.at(Location(path, None, None), path=path, size=_size(len(raw)), limit=_size(limit))
    elif _is_binary(raw) and not path.startswith((*_SITE, "generator/site/assets/")):
        yield BINARY.at(Location(path, None, None), path=path)


def _is_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\0" in head:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
