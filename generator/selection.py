"""Which declarations are taken: over a unit's quota, the first ones in its order are.

The rule of the plan (若推荐项目超过规定数量上限将默认按顺序选取), used by the quota check,
the review (only taken declarations are reviewed), the gate's summary and the site.
"""

from __future__ import annotations

from typing import Any

from generator.model.declaration import Declaration
from generator.repository import Loaded, Repository

# The plan's words, and sfxm's one wording for a declaration beyond its unit's quota: used by the
# quota warning, the status, the site and the guide (site/pages/guide/index.md).
PLAN_RULE = "若推荐项目超过规定数量上限将默认按顺序选取"
TAKEN = "选取"
NOT_TAKEN = "超出推荐名额，未选取"


def order_of(d: Loaded[Declaration]) -> int | None:
    """A declaration's recommendation order, read leniently from an invalid file too."""
    if d.model is not None:
        return d.model.order
    raw = d.raw("order")
    return int(raw) if isinstance(raw, str) and raw.isdigit() else None


def ranked(decls: list[Loaded[Declaration]]) -> list[Loaded[Declaration]]:
    """A unit's declarations in recommendation order (unreadable orders last, then by path)."""
    return sorted(decls, key=lambda d: (order_of(d) is None, order_of(d) or 0, d.path))


def taken_and_over(
    repo: Repository, call: str, unit: str
) -> tuple[list[Loaded[Declaration]], list[Loaded[Declaration]]]:
    """The unit's declarations within its quota and beyond it, in recommendation order."""
    order = ranked(repo.declarations(call, unit))
    quota = repo.quota(call, unit)
    if quota is None:
        return [], order
    return order[:quota], order[quota:]


def taken_ids(repo: Repository, call_id: str) -> dict[str, Loaded[Any]]:
    """The valid declarations of the call within their unit's quota, by id: those to be reviewed."""
    out = {}
    for unit in sorted({d.info.unit for d in repo.declarations(call_id) if d.info.unit}):
        taken, _ = taken_and_over(repo, call_id, unit)
        out.update({d.model.id: d for d in taken if d.model is not None})
    return out
