"""Who files a demonstration project's change report (书面报备).

The plan: "如项目承担主体发生兼并重组、破产清算等重大变化，应及时向工业和信息化部书面报备". The holder
is the project's applicant, or the successor named by an earlier change report that transferred
the project to it. A holder that the registry lists with accounts (``registry/roles.yaml``,
``holders``) files its own change reports; for any other holder, the recommending unit files them
on its behalf. The program office may always record one.

This module answers the question for the gate (who may add ``records/<date>-change-<n>.yaml``
about a project) and for the docs; it reads the repository it is given, which in the gate is the
base branch (the registry, the declarations and the records already published).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.record import Effect, record_kind
from generator.repository import Repository


@dataclass(frozen=True, slots=True)
class Filers:
    """Who may file a change report about one project, besides the program office."""

    project: str
    holder: str  # the holder's name
    credit_code: str
    by_holder: bool  # True: the holder's own accounts; False: the recommending unit's
    label: str  # in words, for messages
    accounts: frozenset[str]  # lowercase


def current_holder(repo: Repository, call_id: str, project: str) -> tuple[str, str] | None:
    """The project's holder now (name, credit code): its applicant, or the successor of the latest transfer."""
    loaded = repo.declaration_by_id(call_id, project)
    if loaded is None or loaded.model is None:
        return None
    holder = (loaded.model.applicant.name, loaded.model.applicant.credit_code)
    records = [r for r in repo.records(call_id) if r.model is not None]
    superseded = {r.model.supersedes for r in records if r.model.supersedes}
    for record in records:  # oldest first: the latest transfer wins
        name = record.info.name or ""
        if (
            record_kind(name) == "change"
            and name not in superseded
            and record.model.project == project
            and record.model.effect is Effect.TRANSFERRED
            and record.model.successor is not None
        ):
            holder = (record.model.successor.name, record.model.successor.credit_code)
    return holder


def change_report_filers(repo: Repository, call_id: str, project: str) -> Filers | None:
    """The accounts that may add a change report about ``project`` (besides the office), or None if it is unknown."""
    holder = current_holder(repo, call_id, project)
    if holder is None:
        return None
    name, code = holder
    roles = repo.roles
    listed = [h for h in (roles.holders if roles is not None else []) if h.credit_code == code]
    if listed:
        accounts = frozenset(a.lower() for h in listed for a in h.accounts)
        return Filers(project, name, code, True, f"项目承担单位 {name}", accounts)
    unit_code = project.split("-")[-2]
    unit = repo.units.get(unit_code)
    accounts = frozenset(a.lower() for a in (unit.accounts if unit is not None else []))
    return Filers(project, name, code, False, f"推荐单位 {repo.unit_label(unit_code)}（代承担单位 {name}）", accounts)


def may_file_change_report(repo: Repository, call_id: str, project: str, account: str) -> bool:
    """Whether ``account`` may add a change report about ``project`` (the office aside)."""
    filers = change_report_filers(repo, call_id, project)
    return filers is not None and account.lower() in filers.accounts
