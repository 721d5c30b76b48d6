"""The pull-request gate: a change, an actor and a clock, judged by the base branch's rules.

``run_gate`` reads the change with GitPython (merge base → head), resolves the actor's roles
from the registry *of the base branch*, and reports:

- the gate's own rules (``generator.gate.rules``): ownership, the call's clock, renames across
  units, symlinks, submodules, binaries, sizes;
- every finding of ``sfxm check`` on the changed files and the cross-file rules they touch,
  with the pull request's data read from its head commit and the rules that judge it (registry,
  roles, call rules, experts, assignment) read from the base commit.

Nothing of the pull request is executed or checked out: its files are read as git objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git

from generator import layout
from generator.findings import Finding, Location, sort_findings
from generator.gate import rules as gate_rules
from generator.gate.actor import ActorRoles, resolve
from generator.gate.change import Change, Revisions, changes, revisions
from generator.layout import Kind
from generator.load import GitTreeSource
from generator.repository import Loaded, Repository
from generator.rules import check_repository
from generator.selection import ranked

__all__ = ["GateResult", "run_gate"]


@dataclass
class UnitList:
    """A touched unit's list after the change, for the summary's quota table."""

    call: str
    unit: str
    label: str
    quota: int | None
    rows: list[tuple[str, str, bool]]  # (order, name or file, within quota)


@dataclass
class GateResult:
    findings: list[Finding]
    roles: ActorRoles
    changes: list[Change]
    revisions: Revisions
    unit_lists: list[UnitList]
    repo: Repository


def _touched_calls(changed: list[Change]) -> set[str]:
    return {i.call for c in changed for p in c.paths if (i := layout.classify(p)) is not None and i.call}


def _unit_lists(view: Repository, changed: list[Change]) -> list[UnitList]:
    units = sorted(
        {
            (i.call or "", i.unit)
            for c in changed
            for p in c.paths
            if (i := layout.classify(p)) is not None and i.unit and i.kind in (Kind.DECLARATION, Kind.ATTACHMENT)
        }
    )
    out = []
    for call_id, unit in units:
        quota = view.quota(call_id, unit)
        rows = []
        for n, loaded in enumerate(ranked(view.declarations(call_id, unit))):
            rows.append((str(loaded.raw("order") or "?"), _label(loaded), quota is not None and n < quota))
        out.append(UnitList(call_id, unit, view.unit_label(unit), quota, rows))
    return out


def _label(loaded: Loaded) -> str:
    name = loaded.raw("name")
    return name if isinstance(name, str) else loaded.path.rsplit("/", 1)[-1]


def run_gate(root: Path, base: str, head: str, actor: str, now: datetime) -> GateResult:
    """Judge the change from ``base`` to ``head`` by ``actor`` at ``now``."""
    repo = git.Repo(root)
    revs = revisions(repo, base, head)
    changed = changes(revs)
    head_source = GitTreeSource(repo, revs.head.hexsha)
    base_source = GitTreeSource(repo, revs.base.hexsha)
    prefixes = ["submissions/registry/", *(f"submissions/{c}/" for c in sorted(_touched_calls(changed)))]
    view = Repository(head_source, authority=base_source, prefixes=prefixes)
    base_repo = Repository(base_source, prefixes=prefixes)
    roles = resolve(actor, base_repo)
    findings: list[Finding] = []
    if not roles.known:
        first = changed[0].path if changed else layout.UNITS_PATH
        findings.append(gate_rules.UNKNOWN_ACTOR.at(Location(first, None, None), account=actor))
    ctx = gate_rules.GateContext(actor, roles, now, changed, view, base_repo, head_source.read)
    for change in changed:
        for check in gate_rules.CHANGE_CHECKS:
            findings.extend(check(change, ctx))
    data_paths, authority_paths = [], []
    for change in changed:
        for path in change.paths:
            if not path.startswith(layout.ROOT):
                continue
            info = layout.classify(path)
            if info is not None and info.kind in layout.AUTHORITY_KINDS:
                if path == change.new_path:
                    authority_paths.append(path)
            else:
                data_paths.append(path)
    findings.extend(check_repository(view, data_paths))
    if authority_paths:
        # A changed rule file is checked as the pull request has it; it judges nothing yet.
        findings.extend(check_repository(Repository(head_source, prefixes=prefixes), authority_paths))
    return GateResult(sort_findings(findings), roles, changed, revs, _unit_lists(view, changed), view)


def parse_now(text: str | None) -> datetime:
    """``--now`` as an aware datetime; without an offset it is Beijing time; default: now."""
    from zoneinfo import ZoneInfo

    if text is None:
        return datetime.now(ZoneInfo("UTC"))
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
