"""What the public site may know: public projections of the repository, nothing else.

The page writers receive a ``SiteData`` and never the repository: every declaration arrives as
``public_data`` of its model, every record as the public record it is, and the status as a
label and a timeline. Contact details, accounts, recommendation order, the unit's verification,
experts and scores cannot reach a page by mistake, because they are not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import workdays
from generator.cases import Converted, convert
from generator.layout import Kind
from generator.model.base import public_data, without_private
from generator.model.call import Call, ClassItem
from generator.model.record import record_date, record_kind
from generator.model.site import Site
from generator.placeholders import is_placeholder
from generator.repository import Repository
from generator.status import State, Statuses, first_seen


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


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: date
    label: str
    record: str | None
    superseded_by: str | None


@dataclass(slots=True)
class RecordView:
    """A public record (withdrawal, change report, inspection, revocation, correction)."""

    name: str  # file name without .yaml: the record's stable id
    kind: str
    day: date
    call: str
    project: str | None
    data: dict[str, Any]  # public_data of the record (every field of a record is public)
    superseded_by: str | None


@dataclass(slots=True)
class Project:
    """One declaration as the public may see it."""

    id: str
    call: str
    unit: str
    name: str
    direction: str
    public: dict[str, Any]  # public_data(Declaration)
    state: State
    timeline: list[TimelineEntry] = field(default_factory=list)
    revocation: RecordView | None = None
    withdrawal: RecordView | None = None
    not_confirmed: str | None = None  # the published reason, when the final list did not confirm it
    case: str | None = None  # the id of its case study, if any

    @property
    def within_quota(self) -> bool:
        return self.state is not State.NOT_TAKEN

    @property
    def applicant(self) -> str:
        return self.public["applicant"]["name"]


@dataclass(slots=True)
class Publicity:
    call: str
    title: str
    number: str | None
    start: date
    end: date | None  # None when the holiday calendar does not know the year yet
    working_days: int
    objections: dict[str, Any]
    projects: list[str]
    days: list[workdays.Day] = field(default_factory=list)  # every day of the period, counted or not, and why


@dataclass(slots=True)
class FinalList:
    call: str
    title: str
    number: str | None
    published_on: date
    text: str
    projects: list[str]


@dataclass(slots=True)
class CaseView:
    id: str  # the project's id
    call: str
    title: str
    html: str
    media: dict[str, bytes]
    source: str  # "md" or "docx"


@dataclass(slots=True)
class CallView:
    id: str
    call: Call  # with its private fields (the office's note) removed
    directions: list[Direction]
    projects: list[Project] = field(default_factory=list)
    publicity: Publicity | None = None
    final: FinalList | None = None
    review_started: bool = False

    def direction(self, code: str) -> Direction | None:
        return next((d for d in self.directions if d.code == code), None)

    @property
    def sample(self) -> bool:
        return self.call.sample


@dataclass
class SiteData:
    calls: list[CallView]
    units: dict[str, UnitView]  # in the registry's order
    records: list[RecordView]
    cases: list[CaseView]
    site: Site | None = None  # the site's identity (registry/site.yaml), every field of it public

    @property
    def sample_calls(self) -> list[CallView]:
        return [c for c in self.calls if c.sample]

    @cached_property
    def _records_by_name(self) -> dict[str, RecordView]:
        return {r.name: r for r in self.records}

    def record(self, name: str) -> RecordView | None:
        return self._records_by_name.get(name)

    @property
    def site_url(self) -> str | None:
        return self.site.site_url if self.site is not None else None

    @cached_property
    def projects(self) -> list[Project]:
        return [p for c in self.calls for p in c.projects]

    @cached_property
    def _by_id(self) -> dict[str, Project]:
        return {p.id: p for p in self.projects}

    def project(self, ident: str) -> Project | None:
        return self._by_id.get(ident)

    def call(self, call_id: str) -> CallView | None:
        return next((c for c in self.calls if c.id == call_id), None)

    @property
    def latest_date(self) -> datetime:
        """The latest date in the data: the build's timestamp, so that the same data gives the same bytes."""
        moments = [datetime.combine(c.call.schedule.closes.date(), datetime.min.time()) for c in self.calls]
        moments += [datetime.combine(r.day, datetime.min.time()) for r in self.records]
        moments += [datetime.combine(c.final.published_on, datetime.min.time()) for c in self.calls if c.final]
        moments += [datetime.combine(c.publicity.start, datetime.min.time()) for c in self.calls if c.publicity]
        return max(moments, default=datetime(2018, 1, 1))


def _directions(call: Call) -> list[Direction]:
    return [
        Direction(item.code, item.name, tuple(a.name for a in chain), item.description)
        for chain, item in call.classification.leaves()
    ]


def without_placeholders(call: Call) -> Call:
    """The call as the public may read it: no placeholder text (sfxm's rule, W-008).

    A classification name that is a placeholder ("领域1（名称待补）") becomes its level and code
    ("领域1"); a description, basis or eligibility text that is one is left out.
    """
    levels = call.classification.levels

    def clean(items: list[ClassItem], depth: int) -> list[ClassItem]:
        level = levels[min(depth, len(levels) - 1)]
        return [
            item.model_copy(
                update={
                    "name": f"{level}{item.code}" if is_placeholder(item.name) else item.name,
                    "description": None if is_placeholder(item.description) else item.description,
                    "items": clean(item.items, depth + 1),
                }
            )
            for item in items
        ]

    classification = call.classification.model_copy(update={"items": clean(call.classification.items, 0)})
    update: dict[str, Any] = {"classification": classification}
    if is_placeholder(call.basis):
        update["basis"] = None
    if is_placeholder(call.title):
        update["title"] = f"{call.year}年批次（{call.id}）"
    if is_placeholder(call.eligibility.text):
        update["eligibility"] = call.eligibility.model_copy(update={"text": "申请主体的条件以通知原文为准。"})
    return call.model_copy(update=update)


def _record_view(loaded: Any, call_id: str, superseded_by: str | None) -> RecordView:
    name = loaded.info.name
    return RecordView(
        name,
        record_kind(name),
        record_date(name),
        call_id,
        getattr(loaded.model, "project", None),
        public_data(loaded.model),
        superseded_by,
    )


def _publicity(call_id: str, proposed: Any, cal: workdays.Calendar) -> Publicity:
    try:
        days = cal.period(proposed.publicity.start, proposed.publicity.working_days)
    except workdays.UnknownYear:
        days = []
    end = days[-1].day if days else None
    return Publicity(
        call_id,
        proposed.title,
        proposed.number,
        proposed.publicity.start,
        end,
        proposed.publicity.working_days,
        public_data(proposed.publicity.objections),
        list(proposed.projects),
        days,
    )


def _cases(repo: Repository, call_id: str) -> list[CaseView]:
    prefix = f"submissions/{call_id}/cases/"
    assets = {
        p.rsplit("/", 1)[-1]: repo.read_bytes(p)
        for p, i in repo.infos.items()
        if i is not None and i.kind is Kind.CASE_ASSET and p.startswith(prefix)
    }
    out = []
    for path, info in sorted(repo.infos.items()):
        if info is None or info.kind is not Kind.CASE or not path.startswith(prefix):
            continue
        converted: Converted = convert(path, repo.read_bytes(path), assets)
        out.append(
            CaseView(
                info.name or "", call_id, converted.title, converted.html, converted.media, path.rsplit(".", 1)[-1]
            )
        )
    return out


def collect(repo: Repository, root: Path | None = None) -> SiteData:
    """The public view of everything valid in the repository."""
    units = {
        u.code: UnitView(u.code, u.name, u.short_name, tuple(c.value for c in u.classes), u.designated)
        for u in (repo.registry.units if repo.registry else [])
    }
    seen = first_seen(root) if root is not None else {}
    calls, records, cases = [], [], []
    for call_id in repo.call_ids():
        call = repo.call(call_id)
        if call is None:
            continue
        statuses = Statuses(repo, call_id, seen)
        public_call = without_placeholders(without_private(call))
        view = CallView(call_id, public_call, _directions(public_call), review_started=statuses.review_started)
        if statuses.proposed is not None:
            view.publicity = _publicity(call_id, statuses.proposed, workdays.calendar(repo))
        if statuses.final is not None:
            f = statuses.final
            view.final = FinalList(call_id, f.title, f.number, f.published_on, f.text, list(f.projects))
        call_records = {
            r.info.name: _record_view(r, call_id, statuses.superseded.get(r.info.name)) for r in statuses.records
        }
        records.extend(call_records.values())
        call_cases = _cases(repo, call_id)
        cases.extend(call_cases)
        case_ids = {c.id for c in call_cases}
        for ident, loaded in sorted(statuses.valid.items()):
            status = statuses.of(ident)
            view.projects.append(
                Project(
                    id=ident,
                    call=call_id,
                    unit=loaded.info.unit or "",
                    name=loaded.model.name,
                    direction=loaded.model.direction,
                    public=public_data(loaded.model),
                    state=status.state,
                    timeline=[TimelineEntry(e.day, e.label, e.record, e.superseded_by) for e in status.events],
                    revocation=call_records.get(status.revocation.info.name) if status.revocation else None,
                    withdrawal=call_records.get(status.withdrawal.info.name) if status.withdrawal else None,
                    not_confirmed=status.not_confirmed,
                    case=ident if ident in case_ids else None,
                )
            )
        calls.append(view)
    records.sort(key=lambda r: (r.day, r.name), reverse=True)
    return SiteData(calls=calls, units=units, records=records, cases=cases, site=repo.site)
