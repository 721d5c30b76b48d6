"""The pull-request gate: a change, an actor and a clock, judged on the tree that would land.

**The invariant.** If the gate passes a pull request (exit 0), then ``sfxm check`` finds no error
on the tree that lands when it is merged into ``--base``, and no unit of that tree recommends more
projects than its quota — provided ``--base`` passed them too. Merges that pass the gate
therefore keep main valid, whatever order they come in, and whatever the clock says. The gate
holds it in four steps:

1. **Read as bytes, fail closed.** Revisions, the merge base, the merged tree
   (``git merge-tree --write-tree``: a conflict is a finding, G-016) and both changes are read from
   git as bytes (``generator.gate.gitio``). Anything the gate cannot read, decode or classify is
   a finding of its own code and exit 1: a git error (G-014), an unreadable entry (G-022), a bug
   of the gate itself (G-013). It is never "no change".
2. **Classify every entry first** (``generator.gate.entries``): every path the merge would add or
   change, wherever it is, gets its name, place in the layout, type and size judged before
   anything reads it.
3. **Ownership and the clock on the change** (``generator.gate.rules``): the pull request's own
   change (merge base → head) and the change that would land (base → merged tree), judged by the
   base's registry and call rules at ``--now``. The states that let legitimate changes, merged in
   any order, break main are closed by rules of sfxm's own: the review assignment is accepted only
   after the call closes (G-019) and, once it is on main, declarations are frozen (G-018); scores
   are frozen once the proposed list is published (G-011); published lists and records are
   append-only (G-012), and so are the agency's set-aside records (G-023).
4. **Every cross-file rule on the tree that lands**: the rules of ``sfxm check`` run on the merged
   tree over every call the change touches (the whole repository when the registry changes),
   with that tree's own call rules and registry; and the gate's quota rule (G-017) holds every unit
   whose list or quota changes within its quota, whatever severity ``sfxm check`` gives Q-005.
   Calls are independent for ``check`` and the tree outside the touched calls is the base's, so
   checking the touched calls is checking the tree.

The invariant is about data: a change to sfxm's own code (``generator/``, maintainers only) is
judged by the base's code, and by the test suite. What is final is decided by the CI set-up: the
gate must run on what is merged (GitHub's merge queue, GitLab's merged-results pipelines and
merge trains; see the README).

Nothing of the pull request is checked out or executed: its files are read as git objects.
"""

from __future__ import annotations

import os
import re
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator import layout
from generator.findings import Finding, Location, sort_findings
from generator.gate import rules as gate_rules
from generator.gate import sealing as gate_sealing
from generator.gate.actor import ActorRoles, resolve
from generator.gate.change import Change, Revisions, changes, union
from generator.gate.entries import judge_entries
from generator.gate.gitio import GitFailure, GitReader
from generator.layout import Kind
from generator.load import GitTreeSource
from generator.load.sources import path_text
from generator.repository import Loaded, Repository
from generator.rules import check_repository
from generator.selection import ranked

__all__ = ["GateResult", "parse_now", "run_gate"]


@dataclass
class UnitList:
    """A touched unit's list after the merge, for the summary's quota table."""

    call: str
    unit: str
    label: str
    quota: int | None
    rows: list[tuple[str, str, bool]]  # (order, name or file, within quota)


@dataclass
class GateResult:
    findings: list[Finding]
    roles: ActorRoles
    changes: list[Change]  # the pull request's own change
    revisions: Revisions | None
    unit_lists: list[UnitList]
    repo: Repository | None  # the tree that would land (None when the gate could not read it)


def _call_of(path: str) -> str | None:
    match = re.match(rf"submissions/{layout.CALL_RE}/", path)
    return match["call"] if match else None


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
    """Judge merging ``head`` into ``base`` for ``actor`` at ``now``; never raises, never passes by failing."""
    reader: GitReader | None = None
    try:
        reader = GitReader(root)
        return _run(reader, base, head, actor, now)
    except GitFailure as failure:
        where = "--base" if "--base" in failure.reason else "--head" if "--head" in failure.reason else "."
        detail = f"（git：{failure.detail}）" if failure.detail else ""
        finding = gate_rules.GIT_FAILED.at(Location(where, None, None), reason=failure.reason, detail=detail)
        return GateResult([finding], ActorRoles(actor), [], None, [], None)
    except Exception as error:  # a bug of the gate: refuse, and keep the details for the maintainers
        with tempfile.NamedTemporaryFile("w", prefix="sfxm-gate-error-", suffix=".txt", delete=False) as f:
            traceback.print_exc(file=f)
        if os.environ.get("CI"):  # a CI runner's files are gone with it: its log keeps the details
            traceback.print_exc()
        finding = gate_rules.GATE_FAILED.at(
            Location(".", None, None), error=f"{type(error).__name__}: {error}"[:300], report=f.name
        )
        return GateResult([finding], ActorRoles(actor), [], None, [], None)
    finally:
        if reader is not None:
            reader.close()  # git's persistent processes: not left to a garbage collector that check pauses


def _run(reader: GitReader, base: str, head: str, actor: str, now: datetime) -> GateResult:
    base_oid, head_oid = reader.resolve(base, "--base"), reader.resolve(head, "--head")
    merge_bases = reader.merge_bases(base_oid, head_oid)
    if not merge_bases:
        raise GitFailure(
            "--base 和 --head 没有共同的历史：合并请求必须从目标分支分出；CI 中请取得完整历史（fetch-depth: 0）"
        )
    merged = reader.merge_tree(base_oid, head_oid)
    revs = Revisions(base_oid, head_oid, merge_bases[0], merged.tree)
    own = changes(reader, revs.merge_base, head_oid)
    landing_changes = [] if merged.conflicts else changes(reader, base_oid, merged.tree)
    everything = union(own, landing_changes)

    calls = sorted({c for ch in everything for p in ch.paths if (c := _call_of(p))})
    registry_wide = any((i := layout.classify(p)) is not None and i.call is None for ch in everything for p in ch.paths)
    prefixes = None if registry_wide else ["submissions/registry/", *(f"submissions/{c}/" for c in calls)]
    base_repo = Repository(GitTreeSource(reader.repo, base_oid), prefixes=prefixes)
    landing_tree = merged.tree if not merged.conflicts else reader.tree_of(head_oid)
    landing = Repository(GitTreeSource(reader.repo, landing_tree), prefixes=prefixes)
    roles = resolve(actor, base_repo)
    if not roles.known and actor.strip() and prefixes is not None:
        roles = resolve(actor, _expert_lists(reader, base_oid))  # an expert of a call this change does not touch

    verdict = judge_entries(reader, landing_tree, landing_changes if not merged.conflicts else own)
    ctx = gate_rules.GateContext(
        actor,
        roles,
        now,
        everything,
        base_repo,
        landing,
        retired=_retired_samples(roles, calls, base_repo, landing),
        bad_names=verdict.bad_names,
        touched_units=_touched_units(everything, landing, registry_wide),
    )
    findings: list[Finding] = []
    first = Location(own[0].path if own else layout.UNITS_PATH, None, None)
    if not actor.strip():
        findings.append(gate_rules.EMPTY_ACTOR.at(first))
    elif not roles.known:
        findings.append(gate_rules.UNKNOWN_ACTOR.at(first, account=actor))
    for change in everything:
        for check in gate_rules.CHANGE_CHECKS:
            findings.extend(check(change, ctx))
    findings.extend(gate_sealing.history_findings(reader, revs.merge_base, head_oid, ctx))  # every commit's blobs
    findings.extend(verdict.findings)
    if merged.conflicts:
        findings += [
            gate_rules.MERGE_CONFLICT.at(Location(_text(p), None, None), path=_text(p)) for p in merged.conflicts
        ]
    else:
        targets = _targets(landing, calls, registry_wide, verdict.rejected, landing_changes)
        checked = check_repository(landing, targets)
        for tree_check in gate_rules.TREE_CHECKS:
            checked.extend(tree_check(ctx))
        over = {f.path for f in checked if f.code == gate_rules.OVER_QUOTA.code}
        findings += [f for f in checked if not (f.code == "Q-005" and f.path in over)]  # G-017 says it, as an error
    findings = _attribute(findings, own, lambda: set() if merged.conflicts else _keys(base_repo, calls, registry_wide))
    return GateResult(sort_findings(findings), roles, own, revs, _unit_lists(landing, own), landing)


def _expert_lists(reader: GitReader, commit: str) -> Repository:
    """The registry and every call's expert list of ``commit``: who an account is, wherever it acts."""
    calls = []
    for entry in reader.children(reader.tree_of(commit)):
        if entry.name == b"submissions" and entry.is_tree:
            calls = [
                c.name.decode() for c in reader.children(entry.oid) if re.fullmatch(layout.CALL_RE.encode(), c.name)
            ]
    paths = ["submissions/registry/", *(f"submissions/{c}/review/experts.yaml" for c in calls)]
    return Repository(GitTreeSource(reader.repo, commit), prefixes=paths)


def _text(raw: bytes) -> str:
    return path_text(raw)


def _retired_samples(roles: ActorRoles, calls: list[str], base: Repository, landing: Repository) -> set[str]:
    """Sample calls (``sample: true`` on the base) that the office's pull request removes whole."""
    if not roles.office:
        return set()
    retired = set()
    for call_id in calls:
        prefix = f"submissions/{call_id}/"
        model = base.call(call_id)
        if (
            model is not None
            and model.sample
            and any(p.startswith(prefix) for p in base.entries)
            and not any(p.startswith(prefix) for p in landing.entries)
        ):
            retired.add(call_id)
    return retired


def _touched_units(everything: list[Change], landing: Repository, registry_wide: bool) -> set[tuple[str, str]]:
    """The (call, unit) lists whose content or quota the change may alter."""
    units: set[tuple[str, str]] = set()
    rules_changed: set[str] = set()
    for change in everything:
        for path in change.paths:
            info = layout.classify(path)
            if info is None:
                continue
            if info.kind in (Kind.DECLARATION, Kind.ATTACHMENT) and info.call and info.unit:
                units.add((info.call, info.unit))
            elif info.kind is Kind.CALL and info.call:
                rules_changed.add(info.call)
    for path in landing.paths(Kind.DECLARATION):
        info = landing.infos[path]
        if info is not None and info.call and info.unit and (registry_wide or info.call in rules_changed):
            units.add((info.call, info.unit))
    return units


def _targets(
    landing: Repository, calls: list[str], registry_wide: bool, rejected: set[str], landing_changes: list[Change]
) -> list[str]:
    """What ``check`` reads on the merged tree: every file of the touched calls, or of the repository."""
    prefixes = tuple(f"submissions/{c}/" for c in calls)
    paths = [p for p in landing.entries if (registry_wide or p.startswith(prefixes)) and p not in rejected]
    # A deleted file still touches its unit and call (a gap in the order, a call without rules),
    # unless nothing of its call is left (a sample call retired whole).
    live = {c for p in landing.entries if (c := _call_of(p))}
    paths += [
        p
        for c in landing_changes
        for p in c.paths
        if p.startswith(layout.ROOT) and p not in landing.entries and _call_of(p) in live | {None}
    ]
    return sorted(set(paths))


def _keys(base: Repository, calls: list[str], registry_wide: bool) -> set[tuple[str, str, str]]:
    """What ``check`` already finds on the base, over the same files."""
    return {
        (f.code, f.path, f.message) for f in check_repository(base, _targets(base, calls, registry_wide, set(), []))
    }


def _attribute(
    findings: list[Finding], own: list[Change], on_base: Callable[[], set[tuple[str, str, str]]]
) -> list[Finding]:
    """Findings on files the pull request did not change, shown on the changed file nearest to them.

    A CI annotation needs a file of the diff. The finding keeps its own place in its message, and
    says whether main already had it (then it is not the pull request's doing, but it still blocks:
    main must be valid after the merge). ``on_base`` is asked only when there is such a finding.
    """
    changed = sorted({p for c in own for p in c.paths})
    foreign = [f for f in findings if f.path not in changed]
    if not foreign or not changed:
        return findings
    before = on_base()
    out = [f for f in findings if f.path in changed]
    for f in foreign:
        anchor = max(changed, key=lambda p: (_common(p, f.path), -changed.index(p)))
        place = f.path if f.line is None else f"{f.path} 第 {f.line} 行第 {f.column or 1} 列"
        if (f.code, f.path, f.message) in before:
            lead = f"【主分支上已有的问题，不是本次修改造成的，但合并后仍在，须先由项目办修复；在 {place}】"
        else:
            lead = f"【合并后在 {place}】"
        out.append(Finding(anchor, None, None, f.code, lead + f.message, f.severity))
    return out


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        n += 1
    return n


def parse_now(text: str | None) -> datetime:
    """``--now`` as an aware datetime; without an offset it is Beijing time; default: now."""
    from zoneinfo import ZoneInfo

    if text is None:
        return datetime.now(ZoneInfo("UTC"))
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
