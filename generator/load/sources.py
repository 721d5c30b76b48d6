"""Where files come from: a working tree on disk, or a commit of a git repository.

Both answer the same questions (which files are under a folder, what kind of entry each is,
what bytes it holds, which files contain a string), so every reader of the repository works on
either. The gate reads the pull request's data from its head commit and the rules that judge it
from the base commit, never from a working tree that the pull request could have prepared.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # GitPython is imported only where a commit is read (the gate), not by every command
    import git

EntryKind = Literal["file", "symlink", "submodule", "other"]
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OS_ERRORS = {
    errno.ELOOP: "这是一个符号链接",
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹",
}
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One entry of a tree: its path (POSIX, relative to the repository root), kind and size."""

    path: str
    kind: EntryKind
    size: int
    executable: bool = False
    object_id: str | None = None


def path_text(raw: bytes) -> str:
    """A path read from git as text: itself when it is UTF-8, otherwise its bad bytes written as \\xNN.

    Such a name then matches no place of the layout (a backslash is in none), and every reader
    of the same tree spells it the same way.
    """
    return raw.decode("utf-8", "backslashreplace")


class Source(Protocol):
    def entries(self, prefix: str) -> Iterator[FileEntry]:
        """Every entry below ``prefix`` (a folder path ending in '/'), recursively."""
        ...

    def read(self, path: str) -> bytes:
        """The bytes of a regular file; OSError if it cannot be read."""
        ...

    def grep_any(self, needles: list[str], prefix: str) -> dict[str, set[str]]:
        """For each needle (ASCII, case-insensitive), the YAML paths below ``prefix`` containing it."""
        ...

    @property
    def label(self) -> str: ...


class FileSystemSource:
    """A working tree: the files as they are on disk under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def label(self) -> str:
        return str(self.root)

    def entries(self, prefix: str) -> Iterator[FileEntry]:
        base = self.root / prefix
        if not base.is_dir():
            return
        skip = len(str(self.root)) + 1
        stack = [str(base)]
        while stack:
            folder = stack.pop()
            try:
                children = list(os.scandir(folder))
            except OSError:
                continue
            for child in children:
                rel = child.path[skip:].replace(os.sep, "/")
                if child.is_symlink():
                    yield FileEntry(rel, "symlink", 0)
                elif child.is_dir(follow_symlinks=False):
                    if os.path.exists(os.path.join(child.path, ".git")):
                        yield FileEntry(rel, "submodule", 0)
                    else:
                        stack.append(child.path)
                elif child.is_file(follow_symlinks=False):
                    info = child.stat(follow_symlinks=False)
                    yield FileEntry(rel, "file", info.st_size, bool(info.st_mode & stat.S_IXUSR))
                else:
                    yield FileEntry(rel, "other", 0)

    def read(self, path: str) -> bytes:
        # O_NOFOLLOW: a symbolic link is refused by the open itself (and a string path is half the
        # cost of a Path for 3,700 files). Where there is no O_NOFOLLOW (Windows), ask first.
        full = os.path.join(self.root, path)
        if not _NOFOLLOW and os.path.islink(full):
            raise OSError("这是一个符号链接")
        try:
            fd = os.open(full, _READ_FLAGS)
            try:
                data = os.read(fd, os.fstat(fd).st_size + 1)
                while more := os.read(fd, 1 << 16):
                    data += more
                return data
            finally:
                os.close(fd)
        except OSError as error:  # said in Chinese: the reason goes into a finding (Y-011)
            raise OSError(_OS_ERRORS.get(error.errno, f"系统错误（错误号 {error.errno}）")) from None

    def grep_any(self, needles: list[str], prefix: str) -> dict[str, set[str]]:
        wanted = {n: n.lower().encode() for n in needles}
        found: dict[str, set[str]] = {n: set() for n in needles}
        for entry in self.entries(prefix):
            if entry.kind == "file" and entry.path.endswith(".yaml"):
                try:
                    content = self.read(entry.path).lower()
                except OSError:
                    continue
                for needle, pattern in wanted.items():
                    if pattern in content:
                        found[needle].add(entry.path)
        return found


class GitTreeSource:
    """The tree of one commit (or a tree object, such as a merge result), read through GitPython.

    No working tree is touched. The listing is read as bytes (``ls-tree -z``); a name that is not
    UTF-8 is kept with its bad bytes escaped (``path_text``), so that it matches no place of the
    layout and can still be read back. Pathspecs are literal.
    """

    def __init__(self, repo: git.Repo, rev: str) -> None:
        self.repo = repo
        self.rev = repo.git.rev_parse("--verify", "--end-of-options", f"{rev}^{{tree}}")
        self._ids: dict[str, str] = {}

    @property
    def label(self) -> str:
        return self.rev[:12]

    def _git(self, *args: str) -> bytes:
        return self.repo.git.execute(
            ["git", "--literal-pathspecs", *args], stdout_as_string=False, strip_newline_in_stdout=False
        )

    def entries(self, prefix: str) -> Iterator[FileEntry]:
        out = self._git("ls-tree", "-r", "-z", "--long", "--full-tree", self.rev, "--", prefix)
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, raw_path = record.split(b"\t", 1)
            mode, otype, sha, size = meta.decode("ascii").split()
            path = path_text(raw_path)
            self._ids[path] = sha
            if mode == "120000":
                yield FileEntry(path, "symlink", 0, object_id=sha)
            elif otype == "commit":
                yield FileEntry(path, "submodule", 0, object_id=sha)
            elif otype == "blob":
                yield FileEntry(path, "file", int(size), mode == "100755", object_id=sha)
            else:
                yield FileEntry(path, "other", 0, object_id=sha)

    def _object_id(self, path: str) -> str:
        sha = self._ids.get(path)
        if sha is None:
            out = self._git("ls-tree", "-z", "--full-tree", self.rev, "--", path)
            meta, _, name = out.rstrip(b"\0").partition(b"\t")
            if not meta or path_text(name) != path:
                raise FileNotFoundError(path)
            sha = meta.split()[2].decode("ascii")
            self._ids[path] = sha
        return sha

    def read(self, path: str) -> bytes:
        from gitdb.util import hex_to_bin

        return self.repo.odb.stream(hex_to_bin(self._object_id(path))).read()

    def grep_any(self, needles: list[str], prefix: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {n: set() for n in needles}
        if not needles:
            return found
        patterns = [arg for n in needles for arg in ("-e", n)]
        import git

        try:  # one pass over the tree for all needles; -o prints which needle matched
            out = self._git("grep", "-z", "-o", "-i", "-F", *patterns, self.rev, "--", prefix)
        except git.GitCommandError:  # exit status 1: nothing found
            return found
        by_lower = {n.lower(): n for n in needles}
        for line in out.splitlines():
            # <tree>:<path>\0<matched text> (-z ends the path with NUL, whatever its bytes)
            location, _, match = line.partition(b"\0")
            _, _, raw_path = location.partition(b":")
            path = path_text(raw_path)
            needle = by_lower.get(match.decode("utf-8", "replace").lower())
            if needle is not None and path.endswith(".yaml"):
                found[needle].add(path)
        return found
