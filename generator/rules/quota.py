"""Rules of a unit's list in a call: who may recommend, the order, the quota (Q-…)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.findings import Finding, Location, Message, Severity
from generator.model.declaration import Declaration
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check
from generator.selection import NOT_TAKEN, PLAN_RULE, TAKEN, order_of, ranked

E, W = Severity.ERROR, Severity.WARNING

UNKNOWN_UNIT = Message(
    "Q-001",
    E,
    "单位不在名录中",
    "文件夹 {unit} 不是单位名录中的单位代码",
    "请把申报书放到本单位代码命名的文件夹中（如北京市为 110000）；新单位须由项目办先登记",
    "只有名录中的单位才能推荐项目，文件夹名就是单位代码。",
)
NOT_ELIGIBLE = Message(
    "Q-002",
    E,
    "本批次不能推荐",
    "{unit}在批次 {call} 中没有推荐资格（可以推荐的：{eligible}）",
    "请确认批次；如有疑问请联系项目办",
    "每个批次规定哪些类别的单位可以推荐项目。",
)
DUPLICATE_ORDER = Message(
    "Q-003",
    E,
    "推荐顺序重复",
    "推荐顺序 {order} 被 {count} 份申报书同时使用：{names}",
    "请为本单位的每份申报书分配不同的顺序号，从 1 起连续编号",
    "超过名额时按推荐顺序选取，顺序号重复就无法确定先后。",
)
ORDER_GAP = Message(
    "Q-004",
    E,
    "推荐顺序不连续",
    "{unit}的推荐顺序应为 1 至 {count} 连续编号，现在是 {orders}",
    "请把推荐顺序改为 1、2、3……，不要跳号",
    "连续的顺序号让名额的取舍一目了然。",
)
OVER_QUOTA = Message(
    "Q-005",
    W,
    "超出推荐名额",
    f"{{unit}}在批次 {{call}} 最多推荐 {{quota}} 个项目，现有 {{count}} 个。按推荐顺序{TAKEN}：{{taken}}；{NOT_TAKEN}：{{over}}",
    "未选取的申报书不进入评审。如要推荐它，请调整推荐顺序使其排在前 {quota} 位，或撤回排在前面的申报书"
    "（合并请求不能使本单位超出名额）",
    f"实施方案规定：“{PLAN_RULE}”。超出的申报书保留在仓库中，状态为“{NOT_TAKEN}”，"
    "不进入评审；这是提醒，不影响检查通过和网站生成。",
)
DUPLICATE_ID = Message(
    "Q-006",
    E,
    "申报编号重复",
    "申报编号 {id} 被多个文件使用：{paths}",
    "每份申报书的编号必须不同；新建申报书请用 sfxm new，它会分配新的编号",
    "评分、决定和记录都用申报编号找到项目，编号重复会张冠李戴。",
)


def _label(d: Loaded[Declaration]) -> str:
    name = d.raw("name")
    order = d.raw("order")
    title = name if isinstance(name, str) else d.path.rsplit("/", 1)[-1]
    return f"{order}.{title}" if order is not None else title


@check(Scope.UNIT)
def unit_registered(call: str, unit: str, decls: list[Loaded[Declaration]], repo: Repository) -> Iterator[Finding]:
    """A declaration folder is named after a unit of the registry."""
    if repo.registry is not None and unit not in repo.units and decls:
        yield UNKNOWN_UNIT.at(Location(decls[0].path, None, None), unit=unit)


@check(Scope.UNIT)
def unit_may_recommend(call: str, unit: str, decls: list[Loaded[Declaration]], repo: Repository) -> Iterator[Finding]:
    """The unit's class, or an extra quota, lets it recommend in this call."""
    model = repo.call(call)
    if model is None or unit not in repo.units or not decls:
        return
    if repo.quota(call, unit) is None:
        eligible = "、".join(r.unit_class.label for r in model.recommenders)
        for d in decls:
            yield NOT_ELIGIBLE.at(Location(d.path, 1, 1), unit=repo.unit_label(unit), call=call, eligible=eligible)


@check(Scope.UNIT)
def ids_unique(call: str, unit: str, decls: list[Loaded[Declaration]], repo: Repository) -> Iterator[Finding]:
    """Each declaration id is used by one file."""
    by_id: dict[str, list[Loaded[Declaration]]] = defaultdict(list)
    for d in decls:
        if d.model is not None:
            by_id[d.model.id].append(d)
    for ident, same in by_id.items():
        if len(same) > 1:
            paths = "、".join(d.path.rsplit("/", 1)[-1] for d in same)
            for d in same:
                yield DUPLICATE_ID.at(d.where("id"), id=ident, paths=paths)


@check(Scope.UNIT)
def order_unique(call: str, unit: str, decls: list[Loaded[Declaration]], repo: Repository) -> Iterator[Finding]:
    """Recommendation orders are unique within a unit's list."""
    by_order: dict[int, list[Loaded[Declaration]]] = defaultdict(list)
    for d in decls:
        if (order := order_of(d)) is not None:
            by_order[order].append(d)
    for order, same in sorted(by_order.items()):
        if len(same) > 1:
            names = "、".join(d.path.rsplit("/", 1)[-1] for d in same)
            for d in same:
                yield DUPLICATE_ORDER.at(d.where("order"), order=order, count=len(same), names=names)


@check(Scope.UNIT)
def order_contiguous(call: str, unit: str, decls: list[Loaded[Declaration]], repo: Repository) -> Iterator[Finding]:
    """Recommendation orders run 1, 2, 3 … without gaps."""
    orders = sorted(o for d in decls if (o := order_of(d)) is not None)
    if len(set(orders)) != len(orders) or len(orders) != len(decls):
        return  # duplicates or unreadable orders are reported on their own
    if orders != list(range(1, len(orders) + 1)):
        first = next(d for d in ranked(decls) if order_of(d) not in range(1, len(orders) + 1))
        yield ORDER_GAP.at(
            first.where("order"), unit=repo.unit_label(unit), count=len(orders), orders="、".join(map(str, orders))
        )


@check(Scope.UNIT)
def within_quota(call: str, unit: str, decls: list[Loaded[Declaration]], repo: Repository) -> Iterator[Finding]:
    """Over a unit's quota, the first in its order are taken and the rest are not taken (a warning)."""
    quota = repo.quota(call, unit)
    if quota is None or len(decls) <= quota:
        return
    order = ranked(decls)
    taken, over = order[:quota], order[quota:]
    context = {
        "unit": repo.unit_label(unit),
        "call": call,
        "quota": quota,
        "count": len(decls),
        "taken": "、".join(_label(d) for d in taken),
        "over": "、".join(_label(d) for d in over),
    }
    for d in over:
        yield OVER_QUOTA.at(d.where("order"), **context)
