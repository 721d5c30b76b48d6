"""How checks are declared and run.

A check is a small function that yields findings, with a one-line docstring stating its rule,
registered for a scope:

- ``FILE``: every file under ``submissions/`` (layout, kind of entry, size);
- ``DECLARATION``, ``CALL``, ...: every valid model of that kind of file;
- ``UNIT``: each (call, unit) whose declarations were touched — order, quota;
- ``REPOSITORY``: once, when the registry or the whole repository is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.findings import Finding


class Scope(StrEnum):
    FILE = "file"
    UNITS = "units"
    ROLES = "roles"
    HOLIDAYS = "holidays"
    SITE = "site"
    CALL = "call"
    DECLARATION = "declaration"
    UNIT = "unit"
    CALL_FOLDER = "call_folder"  # once per call whose files were touched
    REPOSITORY = "repository"
    EXPERTS = "experts"
    ASSIGNMENT = "assignment"
    SCORE = "score"
    SET_ASIDE = "set_aside"
    PROPOSED = "proposed"
    FINAL = "final"
    RECORD = "record"
    CASE = "case"
    REVIEW = "review"  # once per call whose review files were touched
    AFTER = "after"  # once per call whose decisions or records were touched


CheckFunc = Callable[..., Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    scope: Scope
    func: CheckFunc

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def rule(self) -> str:
        return (self.func.__doc__ or "").strip().splitlines()[0]


CHECKS: dict[Scope, list[Check]] = {scope: [] for scope in Scope}


def check(scope: Scope) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check for a scope. Its docstring's first line states the rule."""

    def register(func: CheckFunc) -> CheckFunc:
        if not (func.__doc__ or "").strip():
            raise ValueError(f"check {func.__name__} needs a one-line docstring stating its rule")
        CHECKS[scope].append(Check(scope, func))
        return func

    return register


def all_checks() -> list[Check]:
    return [c for scope in Scope for c in CHECKS[scope]]


def run(scope: Scope, *args: Any) -> Iterator[Finding]:
    for registered in CHECKS[scope]:
        yield from registered.func(*args)
