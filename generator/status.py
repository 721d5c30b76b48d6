"""Each project's status and dated timeline, derived from the data (never stored).

The status follows the plan: declared → over quota, not taken / under review → proposed →
withdrawn (during publicity or after it, before the final list) / not confirmed (经研究未列入) /
demonstration project → ended / revoked. It depends on the files only, not on the
clock, so that the same data always gives the same site. A record superseded by a later one is
kept in the timeline, marked as superseded, and no longer has an effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import workdays
from generator.model.record import Correction, Effect, InspectionResult, record_date, record_kind
from generator.repository import Loaded, Repository
from generator.selection import NOT_TAKEN, PLAN_RULE, taken_ids


class State(StrEnum):
    NOT_TAKEN = "not_taken"
    DECLARED = "declared"
    UNDER_REVIEW = "under_review"
    NOT_PROPOSED = "not_proposed"
    PROPOSED = "proposed"
    WITHDRAWN = "withdrawn"
    NOT_CONFIRMED = "not_confirmed"
    DEMONSTRATION = "demonstration"
    ENDED = "ended"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    State.NOT_TAKEN: NOT_TAKEN,
    State.DECLARED: "已申报",
    State.UNDER_REVIEW: "评审中",
    State.NOT_PROPOSED: "未列入拟支持名单",
    State.PROPOSED: "拟支持（公示）",
    State.WITHDRAWN: "名单公布前撤销",
    State.NOT_CONFIRMED: "经研究未列入示范项目名单",
    State.DEMONSTRATION: "示范项目",
    State.ENDED: "示范项目（已终止实施）",
    State.REVOKED: "已取消示范项目资格",
}


@dataclass(frozen=True)
class Event:
    day: date
    label: str
    record: str | None = None  # the record's file name, when the event is a record
    superseded_by: str | None = None


@dataclass
class Status:
    id: str
    state: State
    events: list[Event] = field(default_factory=list)
    records: list[Loaded[Any]] = field(default_factory=list)  # in effect, about this project
    revocation: Loaded[Any] | None = None
    withdrawal: Loaded[Any] | None = None
    not_confirmed: str | None = None  # the reason, when the final list did not confirm the project
    detail: str | None = None  # for the unit's own view (sfxm status): may name the private order


def first_seen(root: Path, prefix: str = "submissions/") -> dict[str, datetime]:
    """When each file under ``prefix`` first entered the repository (git history, renames followed).

    One ``git log`` over the history; an empty map outside a git repository. A shallow clone
    knows only its own commits: build the site from a full clone.
    """
    try:
        import git

        repo = git.Repo(root, search_parent_directories=False)
        out = repo.git.log("--reverse", "-M", "--diff-filter=AR", "--name-status", "--format=%x00%cI", "--", prefix)
    except Exception:  # not a repository, no commits, git missing: no dates, not an error
        return {}
    seen: dict[str, datetime] = {}
    when: datetime | None = None
    for line in out.splitlines():
        if line.startswith("\0"):
            when = datetime.fromisoformat(line[1:].strip())
            continue
        parts = line.split("\t")
        if when is None or len(parts) < 2:
            continue
        if parts[0] == "A":
            seen.setdefault(parts[1], when)
        elif parts[0].startswith("R") and len(parts) == 3:
            seen[parts[2]] = seen.pop(parts[1], when)
    return seen


def _describe(loaded: Loaded[Any], publicity_end: date | None = None) -> str:
    model, kind = loaded.model, record_kind(loaded.info.name or "")
    if kind == "withdrawal":
        if publicity_end is not None and record_date(loaded.info.name or "") > publicity_end:
            return "公示期满后、名单公布前经核实撤销"
        return "公示期间经核实撤销"
    if kind == "change":
        text = f"书面报备：{model.change.value}，{model.effect.value}"
        return text + (f"（{model.successor.name}）" if model.successor else "")
    if kind == "inspection":
        methods = "、".join(m.value for m in model.methods)
        return f"监督检查（{model.inspector}{'；' + methods if methods else ''}）：{model.result.value}"
    if kind == "revocation":
        return f"取消示范项目资格并通报（生效日期 {model.effective.isoformat()}）"
    return f"更正：{model.target}"


class Statuses:
    """The status of every valid declaration of one call, computed together."""

    def __init__(self, repo: Repository, call_id: str, seen: dict[str, datetime] | None = None) -> None:
        self.repo, self.call_id = repo, call_id
        self.call = repo.call(call_id)
        self.taken = taken_ids(repo, call_id)
        self.valid = {d.model.id: d for d in repo.declarations(call_id) if d.model is not None}
        self.proposed = repo.decision(call_id, "proposed")
        self.final = repo.decision(call_id, "final")
        self.records = [r for r in repo.records(call_id) if r.model is not None]
        names = {r.info.name for r in self.records}
        self.superseded: dict[str, str] = {
            r.model.supersedes: r.info.name for r in self.records if r.model.supersedes in names
        }
        self.seen = seen or {}
        self.review_started = repo.assignment(call_id) is not None or repo.assignment_sealed(call_id)

    def publicity_end(self) -> date | None:
        if self.proposed is None:
            return None
        try:
            return workdays.calendar(self.repo).period_end(
                self.proposed.publicity.start, self.proposed.publicity.working_days
            )
        except workdays.UnknownYear:
            return None

    def in_effect(self, loaded: Loaded[Any]) -> bool:
        """A record is in effect unless a later record supersedes it; a correction annuls what it supersedes."""
        by = self.superseded.get(loaded.info.name or "")
        return by is None

    def of(self, ident: str) -> Status | None:
        loaded = self.valid.get(ident)
        if loaded is None:
            return None
        mine = [r for r in self.records if getattr(r.model, "project", None) == ident]
        active = [r for r in mine if self.in_effect(r) and not isinstance(r.model, Correction)]
        kinds = {record_kind(r.info.name): r for r in active}
        status = Status(ident, self._state(ident, kinds), records=active)
        status.revocation = kinds.get("revocation")
        status.withdrawal = kinds.get("withdrawal")
        if status.state is State.NOT_CONFIRMED:
            status.not_confirmed = self.not_confirmed.get(ident)
        if status.state is State.NOT_TAKEN:
            status.detail = self._not_taken_detail(loaded)
        status.events = self._events(loaded, mine)
        return status

    @cached_property
    def not_confirmed(self) -> dict[str, str]:
        """The final list's projects not confirmed after publicity, with their reasons."""
        if self.final is None:
            return {}
        return {n.project: n.reason for n in self.final.not_confirmed}

    def _not_taken_detail(self, loaded: Loaded[Any]) -> str:
        quota = self.repo.quota(self.call_id, loaded.info.unit or "")
        if quota is None:
            return f"{self.repo.unit_label(loaded.info.unit)}在本批次没有推荐资格"
        return f"推荐顺序第 {loaded.model.order} 位，本单位名额 {quota} 个（{PLAN_RULE}）"

    def _state(self, ident: str, kinds: dict[str, Loaded[Any]]) -> State:
        if ident not in self.taken:
            return State.NOT_TAKEN
        if self.proposed is None:
            return State.UNDER_REVIEW if self.review_started else State.DECLARED
        if ident not in self.proposed.projects:
            return State.NOT_PROPOSED
        if "withdrawal" in kinds:
            return State.WITHDRAWN
        if self.final is None:
            return State.PROPOSED
        if ident not in self.final.projects:
            return State.NOT_CONFIRMED
        if "revocation" in kinds:
            return State.REVOKED
        change = kinds.get("change")
        if change is not None and change.model.effect is Effect.ENDS:
            return State.ENDED
        return State.DEMONSTRATION

    def _submitted_in_time(self, entered: datetime) -> bool:
        """Whether a declaration's first commit is its submission: within the call's declaration window.

        History imported after the fact (a past call loaded into a new repository) has commit dates
        that say nothing about when the unit declared, so the timeline leaves them out.
        """
        if self.call is None:
            return False
        opens, closes = self.call.schedule.opens, self.call.schedule.closes
        moment = entered if entered.tzinfo is not None else entered.replace(tzinfo=closes.tzinfo)
        return opens <= moment <= closes

    def _events(self, loaded: Loaded[Any], mine: list[Loaded[Any]]) -> list[Event]:
        events: list[Event] = []
        entered = self.seen.get(loaded.path)
        if entered is not None and self._submitted_in_time(entered):
            events.append(Event(entered.date(), "申报书提交到仓库"))
        ident = loaded.model.id
        if self.call is not None:
            closes = self.call.schedule.closes.date()
            events.append(Event(closes, "申报截止"))
            if ident not in self.taken:
                events.append(Event(closes, f"{NOT_TAKEN}（按推荐顺序），不进入评审"))
            elif self.call.schedule.review_starts is not None and self.review_started:
                events.append(Event(self.call.schedule.review_starts.date(), "专家评审开始"))
        if self.proposed is not None and ident in self.proposed.projects:
            end = self.publicity_end()
            period = f"，公示至 {end.isoformat()}" if end else ""
            events.append(Event(self.proposed.publicity.start, f"列入拟支持项目名单公示{period}"))
        if self.final is not None and ident in self.final.projects:
            events.append(Event(self.final.published_on, "列入示范项目名单"))
        elif self.final is not None and ident in self.not_confirmed:
            events.append(Event(self.final.published_on, f"经研究未列入示范项目名单：{self.not_confirmed[ident]}"))
        end = self.publicity_end()
        for record in mine:
            name = record.info.name or ""
            events.append(Event(record_date(name), _describe(record, end), name, self.superseded.get(name)))
        return sorted(events, key=lambda e: (e.day, e.record or ""))


def failed_inspection(repo: Repository, call_id: str, name: str) -> Loaded[Any] | None:
    """The inspection record ``name`` of the call if it exists and failed."""
    loaded = repo.load(f"submissions/{call_id}/records/{name}.yaml")
    if loaded is None or loaded.model is None or record_kind(name) != "inspection":
        return None
    return loaded if loaded.model.result is InspectionResult.FAILED else None
