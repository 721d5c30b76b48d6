"""Reporters: the same findings as text for people, JSON for programs, annotations for GitHub.

A reporter is a function from findings (and a short summary) to text; ``REPORTERS`` maps the
names accepted by ``--format`` to them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Summary:
    """What was checked, for the closing line."""

    checked: int
    subject: str = "个文件"


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors


def closing_line(findings: Sequence[Finding], summary: Summary) -> str:
    errors, warnings = _counts(findings)
    if not findings:
        return f"检查通过：{summary.checked} {summary.subject}，没有发现问题。"
    verdict = "未通过" if errors else "通过（有警告）"
    return f"检查{verdict}：{summary.checked} {summary.subject}，{errors} 个错误，{warnings} 个警告。"


def _place(f: Finding) -> str:
    if f.line is None:
        return f.path
    return f"{f.path}:{f.line}:{f.column or 1}"


def text(findings: Sequence[Finding], summary: Summary) -> str:
    lines = [f"{_place(f)}: {f.severity.label} {f.code} {f.message}" for f in findings]
    lines.append(closing_line(findings, summary))
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], summary: Summary) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], summary: Summary) -> str:
    """GitHub Actions workflow commands: one annotation per finding, shown on the changed line."""
    lines = []
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            props.append(f"col={f.column or 1}")
        props.append(f"title={_escape_property(f.code)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(f.message)}")
    lines.append(closing_line(findings, summary))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Finding], Summary], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}
