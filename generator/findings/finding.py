"""The finding, its severity and location, and the message catalogue.

Every message is declared once, next to the check that reports it, as a module-level
``Message``. Declaring it registers it in the catalogue; a second message with the same
code is a programming error and fails at import. The catalogue page of the docs is
generated from these declarations (``generator.findings.catalogue``).
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from generator.model.text import visible

_CODE = re.compile(r"^[A-Z]-\d{3}$")
_REGISTERED: dict[str, Message] = {}


class Severity(StrEnum):
    """How bad a finding is: an error blocks (exit 1, a rejected pull request); a warning does not."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the repository: a path relative to the repository root, 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem found in one place."""

    path: str
    line: int | None
    column: int | None
    code: str
    message: str
    severity: Severity = field(compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogued message: a stable code, a severity, and templates saying what, why and how to fix.

    ``problem`` and ``fix`` are ``str.format`` templates filled from the keyword arguments of
    ``at``; ``why`` is the rule's reason, shown in the catalogue.
    """

    code: str
    severity: Severity
    title: str
    problem: str
    fix: str
    why: str

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"bad finding code {self.code!r}: expected a letter, a dash, 3 digits")
        if self.code in _REGISTERED:
            raise ValueError(f"finding code {self.code} is declared twice")
        _REGISTERED[self.code] = self

    @property
    def placeholders(self) -> set[str]:
        names = set()
        for template in (self.problem, self.fix):
            names |= {f for _, f, _, _ in string.Formatter().parse(template) if f}
        return names

    def render(self, **context: object) -> str:
        # What comes from the data is shown with its invisible characters spelt out (U+202E would
        # otherwise reverse the rest of the message on the reader's screen).
        context = {k: visible(v) if isinstance(v, str) else v for k, v in context.items()}
        problem = self.problem.format(**context)
        fix = self.fix.format(**context)
        return f"{problem}。{fix}" if fix else problem

    def at(self, where: Location, /, **context: object) -> Finding:
        return Finding(
            path=where.path,
            line=where.line,
            column=where.column,
            code=self.code,
            message=self.render(**context),
            severity=self.severity,
        )


# The modules that declare messages; importing them fills the catalogue.
MESSAGE_MODULES = (
    "generator.load.messages",
    "generator.model.validation",
    "generator.rules",
    "generator.gate.rules",
    "generator.gate.sealing",
    "generator.word.reader",
)


def catalogue() -> list[Message]:
    """Every message of every check, by code."""
    for module in MESSAGE_MODULES:
        importlib.import_module(module)
    return [_REGISTERED[code] for code in sorted(_REGISTERED)]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order (path, line, column, code), each once."""

    def key(f: Finding) -> tuple:
        return (f.path, f.line or 0, f.column or 0, f.code, f.message)

    return sorted(set(findings), key=key)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)
