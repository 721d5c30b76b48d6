"""A pull request's change: what it adds, modifies, deletes or renames, read as bytes.

Two changes are read. The **pull request's own** (merge base → head) says what the actor did:
ownership and the clock are judged on it. The **landing** change (base → the tree that would
land) says what main would receive: every entry of it is classified, and the same ownership and
clock rules run on it too, so that a merge that carries a change somewhere else (a directory
renamed on main meanwhile) is judged where it lands.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from generator.gate.gitio import GITLINK_MODE, SYMLINK_MODE, GitReader, RawChange
from generator.load.sources import path_text

Status = Literal["added", "modified", "deleted", "renamed", "unknown"]
INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}  # control, format, separators, private, unassigned
_STATUS: dict[str, Status] = {"A": "added", "D": "deleted", "M": "modified", "T": "modified", "R": "renamed"}


@dataclass(frozen=True, slots=True)
class Change:
    """One path changed; paths are text (undecodable bytes shown as \\xNN), the bytes kept beside."""

    status: Status
    old_path: str | None  # None when added
    new_path: str | None  # None when deleted
    new_mode: int = 0
    new_oid: str | None = None
    old_raw: bytes | None = None
    new_raw: bytes | None = None

    @property
    def path(self) -> str:
        """The path the change is reported on: the new one, or the old one of a deletion."""
        return self.new_path or self.old_path or ""

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p for p in dict.fromkeys((self.old_path, self.new_path)) if p)

    @property
    def is_symlink(self) -> bool:
        return self.new_mode == SYMLINK_MODE

    @property
    def is_submodule(self) -> bool:
        return self.new_mode == GITLINK_MODE


@dataclass(frozen=True, slots=True)
class Revisions:
    """The commits and trees the gate compares (object ids)."""

    base: str  # the target branch: its registry and clock rules judge the change
    head: str  # the pull request's head
    merge_base: str  # where the pull request branched off: its own change is head minus this
    landing: str  # the tree that would land: base and head merged


def shown(raw: bytes) -> str:
    """A path as people should see it: undecodable bytes as \\xNN, invisible characters as \\uNNNN."""
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in INVISIBLE or (c.isspace() and c != " ")
        else c
        for c in text
    )


def _text(raw: bytes | None) -> str | None:
    """A path as the sources spell it (``generator.load.sources.path_text``)."""
    return None if raw is None else path_text(raw)


def from_raw(raw: RawChange) -> Change:
    status = _STATUS.get(raw.status, "unknown")
    old = None if status == "added" else raw.old_path
    new = None if status == "deleted" else raw.new_path
    return Change(
        status,
        _text(old),
        _text(new),
        raw.new_mode if new is not None else 0,
        raw.new_oid if new is not None else None,
        old,
        new,
    )


def changes(reader: GitReader, old: str, new: str) -> list[Change]:
    """Every path that differs from ``old`` to ``new`` (commits or trees), renames detected by git."""
    return sorted((from_raw(r) for r in reader.diff(old, new)), key=lambda c: (c.path, c.status))


def union(*lists: list[Change]) -> list[Change]:
    """The changes of several lists, each (status, old, new) once, in path order."""
    seen: dict[tuple[str, str | None, str | None], Change] = {}
    for items in lists:
        for change in items:
            seen.setdefault((change.status, change.old_path, change.new_path), change)
    return sorted(seen.values(), key=lambda c: (c.path, c.status))
