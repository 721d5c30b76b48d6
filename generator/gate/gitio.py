"""Reading git for the gate: revisions, merge bases, the merge result, diffs and trees, as bytes.

Every answer comes from git's plumbing with NUL-separated output, read as bytes: a path that is
not valid UTF-8 is kept as its bytes (and reported by the gate), never decoded "as best it can"
or dropped. Every failure of git (a revision that does not resolve, a git too old for
``merge-tree --write-tree``, unrelated histories, a missing object) raises ``GitFailure`` with
the reason in Chinese and git's own words kept, so that the gate reports it as a finding and
exits 1: what the gate cannot read is never "no change".

Commands run through GitPython with argument lists; pathspecs are literal
(``GIT_LITERAL_PATHSPECS``), git speaks English (``LC_ALL=C``) so that its errors can be told
apart, and no prompt can wait for input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import git
from gitdb.util import hex_to_bin

TREE_MODE = 0o040000
SYMLINK_MODE = 0o120000
GITLINK_MODE = 0o160000
REGULAR_MODES = (0o100644, 0o100755)
_OID = re.compile(rb"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_ENV = {"GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}


class GitFailure(Exception):
    """git could not answer: ``reason`` says why in Chinese; ``detail`` keeps git's own words."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail.strip()


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One entry of a tree object: its mode, name (bytes, as stored) and object id."""

    mode: int
    name: bytes
    oid: str

    @property
    def is_tree(self) -> bool:
        return self.mode == TREE_MODE


@dataclass(frozen=True, slots=True)
class RawChange:
    """One record of ``git diff-tree --raw -z``: modes, object ids, status letter and paths (bytes)."""

    old_mode: int
    new_mode: int
    old_oid: str
    new_oid: str
    status: str  # A, D, M, T, R (renamed), C (copied), or a letter the gate does not know
    old_path: bytes | None
    new_path: bytes | None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What ``git merge-tree --write-tree`` says would land: the tree, and the paths in conflict."""

    tree: str
    conflicts: tuple[bytes, ...]


def _git_words(error: git.GitCommandError | str) -> str:
    text = error if isinstance(error, str) else str(error.stderr or error)
    lines = [line.strip() for line in text.strip().strip("'").splitlines() if line.strip()]
    return " ".join(line.removeprefix("stderr: ").strip("' ") for line in lines)[:400]


class GitReader:
    """One repository, read-only except for the tree objects ``merge-tree`` writes."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitFailure(f"{root} 不是 git 仓库（没有 .git）") from None
        self.repo.git.update_environment(**_ENV)
        self._children: dict[str, list[TreeEntry]] = {}

    def close(self) -> None:
        """Stop git's persistent processes (``cat-file --batch``) and release their pipes."""
        self.repo.close()

    # -- running git ------------------------------------------------------------------------

    def _execute(self, *args: str) -> tuple[int, bytes, str]:
        """Exit status, stdout (bytes) and stderr of ``git args``."""
        try:
            return self.repo.git.execute(
                ["git", *args],
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
            )
        except git.GitCommandNotFound:
            raise GitFailure("找不到 git 程序：请先安装 git（2.38 或更高版本）") from None

    def _run(self, *args: str, ok: tuple[int, ...] = (0,)) -> tuple[int, bytes, str]:
        status, out, err = self._execute(*args)
        if status not in ok:
            raise GitFailure(f"git {args[0]} 失败", _git_words(err))
        return status, out, err

    # -- revisions ----------------------------------------------------------------------------

    def resolve(self, rev: str, option: str) -> str:
        """The commit ``rev`` names (``option`` is the command-line option that gave it)."""
        if not rev or rev.startswith("-") or "\0" in rev or any(c.isspace() for c in rev):
            raise GitFailure(f"{option} 的值“{rev}”不是有效的分支名或提交编号")
        status, out, _ = self._run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", ok=(0, 1)
        )
        oid = out.strip()
        if status != 0 or not _OID.match(oid):
            raise GitFailure(
                f"找不到 {option} 指定的提交“{rev}”：请确认分支名或提交编号写对了；"
                f"在 CI 中请先用 git fetch 取得这个分支（需要完整历史，fetch-depth: 0）"
            )
        return oid.decode("ascii")

    def merge_bases(self, a: str, b: str) -> list[str]:
        status, out, _ = self._run("merge-base", "--all", a, b, ok=(0, 1))
        return [line.decode("ascii") for line in out.split() if _OID.match(line)] if status == 0 else []

    def tree_of(self, commit: str) -> str:
        _, out, _ = self._run("rev-parse", "--verify", "--end-of-options", f"{commit}^{{tree}}")
        return out.strip().decode("ascii")

    # -- the merge result -------------------------------------------------------------------------

    def merge_tree(self, base: str, head: str) -> MergeResult:
        """The tree a merge of ``head`` into ``base`` would produce (git ≥ 2.38), and its conflicts."""
        status, out, err = self._execute(
            "-c",
            "merge.renames=true",
            "-c",
            "merge.directoryRenames=conflict",
            "merge-tree",
            "--write-tree",
            "--no-messages",
            "--name-only",
            "-z",
            base,
            head,
        )
        fields = out.split(b"\0")
        if status in (0, 1) and fields and _OID.match(fields[0]):
            conflicts = tuple(dict.fromkeys(f for f in fields[1:] if f)) if status == 1 else ()
            return MergeResult(fields[0].decode("ascii"), conflicts)
        words = _git_words(err)
        if "write-tree" in words or status == 129:
            raise GitFailure("git 版本太旧：闸门需要 git 2.38 或更高版本（git merge-tree --write-tree）", words)
        raise GitFailure("git 无法计算合并后的结果（git merge-tree）", words)

    # -- changes ------------------------------------------------------------------------------------

    def diff(self, old: str, new: str) -> list[RawChange]:
        """Every path that differs between two commits or trees (renames detected), as bytes."""
        _, out, _ = self._run(
            "diff-tree", "-r", "-z", "--raw", "-M", "--no-abbrev", "--no-commit-id", "--no-ext-diff", old, new
        )
        return parse_raw_diff(out)

    def commits(self, old: str, new: str) -> list[tuple[str, list[str]]]:
        """Every commit reachable from ``new`` and not from ``old``, with its parents (oldest last)."""
        _, out, _ = self._run("rev-list", "--parents", f"{old}..{new}", "--")
        found = []
        for line in out.decode("ascii", "replace").splitlines():
            oids = line.split()
            if oids and all(_OID.match(o.encode()) for o in oids):
                found.append((oids[0], oids[1:]))
        return found

    # -- trees and blobs ------------------------------------------------------------------------------

    def children(self, tree: str) -> list[TreeEntry]:
        """The entries of one tree object, names as stored (bytes)."""
        if tree not in self._children:
            self._children[tree] = parse_tree(self._object(tree, "tree"), len(tree) // 2)
        return self._children[tree]

    def size(self, oid: str) -> int:
        try:
            return self.repo.odb.info(hex_to_bin(oid)).size
        except Exception as error:  # gitdb raises ValueError / BadObject / BadName depending on the backend
            raise GitFailure(f"无法读取对象 {oid[:12]}", str(error)) from None

    def read(self, oid: str) -> bytes:
        return self._object(oid, None)

    def _object(self, oid: str, kind: str | None) -> bytes:
        try:
            stream = self.repo.odb.stream(hex_to_bin(oid))
            data = stream.read()
        except Exception as error:  # missing object (shallow or partial clone), broken repository
            raise GitFailure(f"无法读取对象 {oid[:12]}（仓库不完整？CI 中请用 fetch-depth: 0）", str(error)) from None
        if kind is not None and stream.type.decode("ascii", "replace") != kind:
            raise GitFailure(f"对象 {oid[:12]} 不是 {kind}")
        return data


def parse_raw_diff(out: bytes) -> list[RawChange]:
    """Parse ``git diff-tree -r -z --raw`` output; a record it cannot parse is a GitFailure."""
    fields = out.split(b"\0")
    if fields and fields[-1] == b"":
        fields.pop()
    changes: list[RawChange] = []
    i = 0
    while i < len(fields):
        meta = fields[i]
        parts = meta.split(b" ")
        if not meta.startswith(b":") or len(parts) != 5:
            raise GitFailure("无法解析 git diff-tree 的输出", repr(meta[:80]))
        old_mode, new_mode = int(parts[0][1:], 8), int(parts[1], 8)
        status = parts[4][:1].decode("ascii", "replace")
        paths = 2 if status in ("R", "C") else 1
        names = fields[i + 1 : i + 1 + paths]
        if len(names) != paths:
            raise GitFailure("git diff-tree 的输出不完整")
        old_oid, new_oid = parts[2].decode("ascii"), parts[3].decode("ascii")
        if status == "A":
            changes.append(RawChange(old_mode, new_mode, old_oid, new_oid, status, None, names[0]))
        elif status == "D":
            changes.append(RawChange(old_mode, new_mode, old_oid, new_oid, status, names[0], None))
        elif paths == 2:
            changes.append(RawChange(old_mode, new_mode, old_oid, new_oid, status, names[0], names[1]))
        else:
            changes.append(RawChange(old_mode, new_mode, old_oid, new_oid, status, names[0], names[0]))
        i += 1 + paths
    return changes


def parse_tree(data: bytes, oid_bytes: int = 20) -> list[TreeEntry]:
    """Parse a raw tree object: ``<mode> <name>\\0<binary id>`` repeated."""
    entries: list[TreeEntry] = []
    i = 0
    while i < len(data):
        space, nul = data.find(b" ", i), data.find(b"\0", i)
        if space < 0 or nul < space or not data[i:space].isdigit():
            raise GitFailure("无法解析树对象")
        mode = int(data[i:space], 8)
        name = data[space + 1 : nul]
        binary = data[nul + 1 : nul + 1 + oid_bytes]
        if len(binary) != oid_bytes:
            raise GitFailure("树对象不完整")
        entries.append(TreeEntry(mode, name, binary.hex()))
        i = nul + 1 + oid_bytes
    return entries
