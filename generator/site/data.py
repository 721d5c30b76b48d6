"""What the public site may know: public projections of the repository, nothing else.

The page writers receive a ``SiteData`` and never the repository: every declaration arrives as
``public_data`` of its model, so a private field (contact, accounts, order, the unit's
verification) cannot reach a page by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model.base import public_data, without_private
from generator.model.call import Call
from generator.model.declaration import Declaration
from generator.repository import Repository
from generator.selection import taken_and_over


@dataclass(frozen=True, slots=True)
class UnitView:
    code: str
    name: str
    short_name: str
    classes: tuple[str, ...]
    designated: str | None


@dataclass(frozen=True, slots=True)
class Direction:
    code: str
    name: str
    path: tuple[str, ...]  # names of the ancestors (category …)
    description: str | None


@dataclass(slots=True)
class Project:
    """One declaration as the public may see it."""

    id: str
    call: str
    unit: str
    name: str
    direction: str
    public: dict[str, Any]  # public_data(Declaration)
    within_quota: bool


@dataclass(slots=True)
class CallView:
    id: str
    call: Call  # with its private fields (the office's note) removed
    public: dict[str, Any]
    directions: list[Direction]
    projects: list[Project] = field(default_factory=list)

    def direction(self, code: str) -> Direction | None:
        return next((d for d in self.directions if d.code == code), None)


@dataclass(slots=True)
class SiteData:
    calls: list[CallView]
    units: dict[str, UnitView]
    sample: bool

    @property
    def projects(self) -> list[Project]:
        return [p for c in self.calls for p in c.projects]


def _directions(call: Call) -> list[Direction]:
    return [
        Direction(item.code, item.name, tuple(a.name for a in chain), item.description)
        for chain, item in call.classification.leaves()
    ]


def collect(repo: Repository) -> SiteData:
    """The public view of everything valid in the repository."""
    units = {
        u.code: UnitView(u.code, u.name, u.short_name, tuple(c.value for c in u.classes), u.designated)
        for u in (repo.registry.units if repo.registry else [])
    }
    calls = []
    for call_id in repo.call_ids():
        call = repo.call(call_id)
        if call is None:
            continue
        view = CallView(call_id, without_private(call), public_data(call), _directions(call))
        unit_codes = sorted({d.info.unit for d in repo.declarations(call_id) if d.info.unit})
        for unit in unit_codes:
            taken, over = taken_and_over(repo, call_id, unit)
            for loaded, within in [(d, True) for d in taken] + [(d, False) for d in over]:
                model: Declaration | None = loaded.model
                if model is None:
                    continue
                view.projects.append(
                    Project(
                        id=model.id,
                        call=call_id,
                        unit=unit,
                        name=model.name,
                        direction=model.direction,
                        public=public_data(model),
                        within_quota=within,
                    )
                )
        view.projects.sort(key=lambda p: p.id)
        calls.append(view)
    return SiteData(calls=calls, units=units, sample=any(c.call.sample for c in calls))
