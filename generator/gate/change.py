"""A pull request's change, read with GitPython: what was added, modified, deleted or renamed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import git

Status = Literal["added", "modified", "deleted", "renamed"]
SYMLINK_MODE = 0o120000
GITLINK_MODE = 0o160000


@dataclass(frozen=True, slots=True)
class Change:
    """One path changed between the merge base and the head."""

    status: Status
    old_path: str | None  # None when added
    new_path: str | None  # None when deleted
    new_mode: int = 0

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
    base: git.Commit  # the target branch: its rules and registry judge the change
    head: git.Commit  # the pull request's head: its data is judged
    merge_base: git.Commit  # where the pull request branched off: the change is head minus this


def revisions(repo: git.Repo, base: str, head: str) -> Revisions:
    base_commit = repo.commit(base)
    head_commit = repo.commit(head)
    merge_bases = repo.merge_base(base_commit, head_commit)
    return Revisions(base_commit, head_commit, merge_bases[0] if merge_bases else base_commit)


def changes(revs: Revisions) -> list[Change]:
    """Every path the head changes relative to the merge base (renames detected by git)."""
    out: list[Change] = []
    for diff in revs.merge_base.diff(revs.head):
        kind = diff.change_type
        if kind == "A":
            out.append(Change("added", None, diff.b_path, diff.b_mode or 0))
        elif kind == "D":
            out.append(Change("deleted", diff.a_path, None, 0))
        elif kind == "R":
            out.append(Change("renamed", diff.rename_from, diff.rename_to, diff.b_mode or 0))
        else:  # M, T (type change), C
            out.append(Change("modified", diff.a_path, diff.b_path, diff.b_mode or 0))
    return sorted(out, key=lambda c: c.path)
