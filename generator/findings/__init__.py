"""Findings: what a check reports, and the catalogue of every code a check may report."""

from generator.findings.finding import (
    Finding,
    Location,
    Message,
    Severity,
    catalogue,
    has_errors,
    sort_findings,
)

__all__ = [
    "Finding",
    "Location",
    "Message",
    "Severity",
    "catalogue",
    "has_errors",
    "sort_findings",
]
