"""Real git repositories for gate tests: a base commit on main, a branch with an actor's change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import git

from tests.conftest import ROOT, TempRepo

AUTHOR = git.Actor("sfxm test", "test@example.com")


class GitRepo(TempRepo):
    """A ``TempRepo`` under git, with helpers to commit as the program would see it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.git = git.Repo.init(path, initial_branch="main")
        with self.git.config_writer() as config:
            config.set_value("user", "name", "sfxm test")
            config.set_value("user", "email", "test@example.com")
            config.set_value("commit", "gpgsign", "false")

    def commit(self, message: str = "change", *, date: str | None = None) -> str:
        self.git.git.add("-A")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        with self.git.git.custom_environment(**env):
            self.git.git.commit("-q", "--allow-empty", "-m", message)
        return self.rev("HEAD")

    def rev(self, name: str) -> str:
        """The commit ``name`` resolves to (a plain command: no git process is left running)."""
        return self.git.git.rev_parse("--verify", f"{name}^{{commit}}")

    def branch(self, name: str) -> None:
        self.git.git.checkout("-q", "-b", name)

    def main(self) -> None:
        self.git.git.checkout("-q", "main")

    def remove(self, rel: str) -> None:
        self.git.git.rm("-q", "-r", rel)

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git.git.mv(old, new)

    def raw(self, *args: str, stdin: bytes | None = None) -> bytes:
        """git plumbing with bytes in and out (names git's porcelain would refuse or mangle)."""
        return subprocess.run(["git", *args], cwd=self.path, input=stdin, capture_output=True, check=True).stdout

    def put(self, path: bytes, content: bytes = b"x: 1\n", *, mode: str = "100644", oid: str | None = None) -> str:
        """Commit one entry at ``path`` (bytes, any name) through plumbing, on the current branch.

        Builds the trees with ``git mktree`` so that names the index refuses (``..``, ``.git``,
        bytes that are not UTF-8) can be committed as a hostile pull request would. The working
        tree is left behind: call it last.
        """
        if oid is None:
            oid = self.raw("hash-object", "-w", "--stdin", stdin=content).strip().decode()
        head = self.raw("rev-parse", "HEAD^{tree}").strip().decode()
        tree = self._graft(head, path.split(b"/"), mode, oid)
        commit = self.raw("commit-tree", tree, "-p", "HEAD", "-m", "raw entry").strip().decode()
        self.raw("update-ref", "HEAD", commit)
        return commit

    def _graft(self, tree: str | None, parts: list[bytes], mode: str, oid: str) -> str:
        entries: dict[bytes, bytes] = {}
        if tree is not None:
            for record in self.raw("ls-tree", "-z", tree).split(b"\0"):
                if record:
                    meta, name = record.split(b"\t", 1)
                    entries[name] = meta
        name = parts[0]
        if len(parts) == 1:
            kind = {"160000": b"commit", "040000": b"tree"}.get(mode, b"blob")
            entries[name] = mode.encode() + b" " + kind + b" " + oid.encode()
        else:
            current = entries.get(name)
            sub = current.split()[2].decode() if current and current.split()[1] == b"tree" else None
            entries[name] = b"040000 tree " + self._graft(sub, parts[1:], mode, oid).encode()
        listing = b"".join(meta + b"\t" + n + b"\0" for n, meta in entries.items())
        return self.raw("mktree", "-z", stdin=listing).strip().decode()

    def gate(
        self, actor: str, now: str, *, base: str = "main", head: str = "HEAD", summary: Path | None = None
    ) -> tuple[int, list[dict], str]:
        """Run the real command; exit code, findings (JSON) and stderr."""
        args = [
            "gate",
            "--root",
            str(self.path),
            "--base",
            base,
            "--head",
            head,
            "--actor",
            actor,
            "--now",
            now,
            "--format",
            "json",
        ]
        if summary is not None:
            args += ["--summary", str(summary)]
        result = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            check=False,
        )
        findings = json.loads(result.stdout) if result.stdout.strip().startswith("[") else []
        return result.returncode, findings, result.stderr


EXPERTS = """\
experts:
  - id: e01
    name: 专家甲（虚构）
    account: expert-e01-demo
    home_unit: "310000"
    organizations:
      - name: 示例大学（虚构）
    directions: ["1", "2"]
  - id: e02
    name: 专家乙（虚构）
    account: expert-e02-demo
    home_unit: "440000"
    directions: ["3"]
"""

OPEN = "2018-07-01T10:00:00+08:00"  # the 2018 sample call is open
CLOSED = "2018-08-01T10:00:00+08:00"  # closed, review not started
REVIEW = "2018-08-20T10:00:00+08:00"  # review started
BEFORE = "2018-05-20T10:00:00+08:00"  # not open yet


ASSIGNMENT = 'seed: 1\nassignments:\n  "2018-110000-001": [e01, e02]\n  "2018-110000-002": [e01, e02]\n'


def make_sample(path: Path) -> GitRepo:
    """main: the project's own sample data (every call, declaration, score, decision and record)."""
    repo = GitRepo(path)
    shutil.copytree(ROOT / "submissions", path / "submissions", dirs_exist_ok=True)
    repo.write("README.md", "# sample repository\n")
    repo.commit("sample data", date="2018-06-01T00:00:00+08:00")
    return repo


def make_base(path: Path, *, review: bool = False) -> GitRepo:
    """main, valid for ``sfxm check``: the registry, the calls, two declarations of Beijing, experts of 2018.

    With ``review``, the call is in review: two reviewers per declaration (the sample call asks
    for five) and the agency's assignment of e01 and e02 to both declarations.
    """
    repo = GitRepo(path)
    repo.declaration("110000", 1)
    repo.declaration("110000", 2, applicant=2, name="第二个示例项目")
    repo.write("submissions/2018/review/experts.yaml", EXPERTS)
    if review:
        call = repo.path / "submissions/2018/call.yaml"
        call.write_text(call.read_text(encoding="utf-8").replace("reviewers: 5", "reviewers: 2"), encoding="utf-8")
        repo.write("submissions/2018/review/assignment.yaml", ASSIGNMENT)
    repo.write("README.md", "# test repository\n")
    repo.commit("base", date="2018-06-01T00:00:00+08:00")
    return repo
