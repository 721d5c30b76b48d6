"""Placeholder text ("名称待补", "TODO", "XXX") that an office may write while a fact is not yet known.

sfxm's own rule, not the plan's: a placeholder is never shown to the public. ``sfxm check`` reports
it (W-007, W-008) and the site shows a neutral label derived from the data instead.
"""

from __future__ import annotations

import re

# Markers of text written to be replaced later. Matched anywhere in the text, case-insensitively.
PLACEHOLDER = re.compile(r"待补|待定|待填|待确认|待更新|占位|名称暂缺|某某|TODO|TBD|FIXME|XXX|×××", re.IGNORECASE)


def is_placeholder(text: object) -> bool:
    """Whether ``text`` carries a placeholder marker."""
    return isinstance(text, str) and PLACEHOLDER.search(text) is not None


def marker(text: str) -> str:
    """The placeholder marker found in ``text`` (for messages)."""
    found = PLACEHOLDER.search(text)
    return found.group(0) if found else ""
