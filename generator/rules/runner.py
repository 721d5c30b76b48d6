"""Decide which checks a set of files needs, and run them.

Checking everything runs every check on every file. Checking some files (named on the command
line, or changed in a pull request) runs the per-file checks on those files and the cross-file
checks of every group they touch: a declaration touches its unit's list (order, quota) and its
call (duplicates); the registry touches every call.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator import layout
from generator.findings import Finding, sort_findings
from generator.layout import Kind
from generator.load import gc_paused
from generator.repository import Repository
from generator.rules.framework import Scope, run

_INDEX_THRESHOLD = 20
_MODEL_SCOPES = {Kind(s.value): s for s in Scope if s.value in Kind._value2member_map_}


def check_repository(repo: Repository, paths: Iterable[str] | None = None) -> list[Finding]:
    """Every finding about ``paths`` (every file when None) and the groups they touch."""
    with gc_paused():
        return _check(repo, paths)


def _check(repo: Repository, paths: Iterable[str] | None) -> list[Finding]:
    everything = paths is None
    targets = sorted(repo.entries) if everything else sorted(set(paths or ()))
    if not everything and any(p == layout.HOLIDAYS_PATH for p in targets):
        # The holiday calendar decides every publicity period: re-check each proposed list with it.
        targets = sorted(set(targets) | set(repo.paths(Kind.PROPOSED)))
    findings: list[Finding] = []
    units: set[tuple[str, str]] = set()
    calls: set[str] = set()
    after: set[str] = set()  # calls whose decisions, records or case studies were touched
    review: set[str] = set()  # calls whose expert list, assignment or set-aside records were touched
    repository_wide = everything
    # Cross-file checks of a call (duplicates) look declarations up by applicant: when many of a
    # call's declarations are checked, index the whole call once instead of searching per file.
    per_call: dict[str, int] = {}
    for path in targets:
        info = repo.infos.get(path)
        if info is not None and info.kind is Kind.DECLARATION and info.call:
            per_call[info.call] = per_call.get(info.call, 0) + 1
    for call, count in per_call.items():
        if everything or count > _INDEX_THRESHOLD:
            repo.declarations(call)
        else:
            # Otherwise search the call once for all the applicants of the checked files.
            codes = {
                str(code).upper()
                for path in targets
                if (i := repo.infos.get(path)) is not None
                and i.kind is Kind.DECLARATION
                and i.call == call
                and (loaded := repo.load(path)) is not None
                and (code := loaded.raw("applicant", "credit_code"))
            }
            repo.search_credit_codes(call, codes)
    for path in targets:
        entry = repo.entries.get(path)
        info = repo.infos.get(path) if entry is not None else layout.classify(path)
        if info is not None:
            # A deleted file (no entry) still touches its unit and call: its removal can open a
            # gap in the order or leave a call without rules.
            if info.call:
                calls.add(info.call)
            if info.unit and info.kind in (Kind.DECLARATION, Kind.ATTACHMENT):
                units.add((info.call or "", info.unit))
            if info.kind in (Kind.UNITS, Kind.ROLES):
                repository_wide = True
            if info.kind in (Kind.PROPOSED, Kind.FINAL, Kind.RECORD, Kind.CASE) and info.call:
                after.add(info.call)
            if info.kind in (Kind.EXPERTS, Kind.ASSIGNMENT, Kind.SET_ASIDE) and info.call:
                review.add(info.call)
        if entry is None:
            continue
        findings.extend(run(Scope.FILE, path, entry, info, repo))
        if info is None:
            continue
        if info.is_yaml and entry.kind == "file":
            loaded = repo.load(path)
            if loaded is None:
                continue
            findings.extend(loaded.findings)
            scope = _MODEL_SCOPES.get(info.kind)
            if loaded.model is not None and scope is not None:
                findings.extend(run(scope, loaded, repo))
    if repository_wide:
        findings.extend(run(Scope.REPOSITORY, repo))
    for call, unit in sorted(units):
        findings.extend(run(Scope.UNIT, call, unit, repo.declarations(call, unit), repo))
    for call in sorted(calls):
        findings.extend(run(Scope.CALL_FOLDER, call, repo))
    for call in sorted(after):
        findings.extend(run(Scope.AFTER, call, repo))
    for call in sorted(review):
        findings.extend(run(Scope.REVIEW, call, repo))
    return sort_findings(findings)
