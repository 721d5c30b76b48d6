"""The rules of the program as checks, grouped by subject.

``files``: the layout and the kind of each file; ``registry``: units and roles; ``calls``: a
call's rules; ``declarations``: one declaration; ``quota``: order and quota within a unit.
``runner`` decides which checks a set of changed or named files needs.
"""

from generator.rules import (  # noqa: F401  (registers checks)
    calls,
    decisions,
    declarations,
    files,
    holidays,
    quota,
    records,
    registry,
    review,
    sealing,
    site,
)
from generator.rules.framework import CHECKS, Scope, all_checks, check
from generator.rules.runner import check_repository

__all__ = ["CHECKS", "Scope", "all_checks", "check", "check_repository"]
