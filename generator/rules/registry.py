"""Rules of the registry of units and roles (R-…)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.model.registry import Registry, Roles
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check

E = Severity.ERROR

MISSING_REGISTRY = Message(
    "R-001",
    E,
    "缺少单位名录或角色文件",
    "缺少 {path}",
    "项目办请按模板补上这个文件",
    "没有名录就无法知道哪些单位可以推荐、谁能代表哪个单位提交。",
)
DUPLICATE_UNIT = Message(
    "R-002",
    E,
    "单位代码重复",
    "单位代码 {code} 出现了两次（另一次在第 {other_line} 行）",
    "请删除重复的一条，或改正代码",
    "单位代码是单位的唯一标识，重复会让名额和归属无法确定。",
)
SHARED_ACCOUNT = Message(
    "R-003",
    E,
    "账号重复登记",
    "账号 {account} 同时登记在{places}",
    "一个账号只能代表一个单位或一个角色；请为每个单位和角色使用各自的账号",
    "账号决定谁能修改哪些文件；一个账号代表多方会让归属不清，也会绕过回避。",
)


@check(Scope.REPOSITORY)
def registry_present(repo: Repository) -> Iterator[Finding]:
    """The registry of units and the roles file exist."""
    for path in (layout.UNITS_PATH, layout.ROLES_PATH):
        if path not in repo.authority_entries:
            yield MISSING_REGISTRY.at(Location(path, None, None), path=path)


@check(Scope.UNITS)
def unit_codes_unique(loaded: Loaded[Registry], repo: Repository) -> Iterator[Finding]:
    """Each unit code appears once in the registry."""
    seen: dict[str, int] = {}
    for i, unit in enumerate(loaded.model.units):
        where = loaded.where("units", i, "code")
        if unit.code in seen:
            yield DUPLICATE_UNIT.at(where, code=unit.code, other_line=seen[unit.code])
        else:
            seen[unit.code] = where.line or 0


def _account_places(repo: Repository) -> dict[str, list[tuple[str, Location]]]:
    places: dict[str, list[tuple[str, Location]]] = defaultdict(list)
    units = repo.load(layout.UNITS_PATH)
    if units is not None and units.model is not None:
        for i, unit in enumerate(units.model.units):
            for j, account in enumerate(unit.accounts):
                places[account.lower()].append(
                    (f"单位 {unit.code}（{unit.name}）", units.where("units", i, "accounts", j))
                )
    roles = repo.load(layout.ROLES_PATH)
    if roles is not None and roles.model is not None:
        for role, label in (("office", "项目办"), ("agency", "评估机构")):
            for j, account in enumerate(getattr(roles.model, role)):
                places[account.lower()].append((label, roles.where(role, j)))
        for i, holder in enumerate(roles.model.holders):
            for j, account in enumerate(holder.accounts):
                places[account.lower()].append((f"承担单位 {holder.name}", roles.where("holders", i, "accounts", j)))
    return places


@check(Scope.UNITS)
def accounts_distinct(loaded: Loaded[Registry], repo: Repository) -> Iterator[Finding]:
    """An account acts for one unit or one role only."""
    yield from _shared_accounts(layout.UNITS_PATH, repo)


@check(Scope.ROLES)
def role_accounts_distinct(loaded: Loaded[Roles], repo: Repository) -> Iterator[Finding]:
    """The program office, the agency and the units use distinct accounts."""
    yield from _shared_accounts(layout.ROLES_PATH, repo)


def _shared_accounts(path: str, repo: Repository) -> Iterator[Finding]:
    for account, places in _account_places(repo).items():
        if len(places) > 1:
            labels = "、".join(label for label, _ in places)
            for _, where in places:
                if where.path == path:
                    yield SHARED_ACCOUNT.at(where, account=account, places=labels)
