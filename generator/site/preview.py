"""The site a pull request would publish (``sfxm site preview``): its merged data, the base's code.

What runs with which code:

- the merged result is computed by git (``git merge-tree --write-tree base head``), as the gate
  judges it: nothing of the pull request is checked out before that, and nothing of it is executed;
- the preview's checkout is the *base* commit's tree with only ``submissions/`` taken from the merged
  tree: ``mkdocs.yml``, ``site/``, the CI files (and, in sfxm's own repository, ``generator/``) are the
  base's, so a pull request that edits them does not change how its preview is built;
- the build runs the sfxm that is running this command, which CI installed from the base branch.

The pull request's data is read as data (YAML with the safe loader, every text escaped, case
studies through pandoc with a filter), exactly as on the protected branch after a merge.
The preview commit has the base as its only parent and the time of the run as its date, so the
timeline dates of new files are "if merged now", never dates the pull request's commits claim.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import git


class MergeConflict(ValueError):
    """The pull request does not merge cleanly into its base."""


def merged_tree(repo: git.Repo, base: str, head: str) -> str:
    """The tree of ``head`` merged into ``base`` (git's merge, without touching any checkout)."""
    try:
        out = repo.git.merge_tree("--write-tree", "--no-messages", base, head)
    except git.GitCommandError as error:
        if error.status == 1:
            raise MergeConflict(f"合并请求与目标分支有冲突（{base}…{head}），无法生成合并后的网站") from None
        raise
    return out.splitlines()[0].strip()


@contextmanager
def preview_checkout(root: Path, base: str, head: str, now: datetime) -> Iterator[Path]:
    """A temporary checkout: the base commit, with ``submissions/`` as the merged result has it."""
    repo = git.Repo(root)
    base_sha = repo.commit(base).hexsha
    head_sha = repo.commit(head).hexsha
    tree = merged_tree(repo, base_sha, head_sha)
    with tempfile.TemporaryDirectory(prefix="sfxm-preview-") as tmp:
        env = {
            "GIT_INDEX_FILE": str(Path(tmp) / "index"),
            "GIT_AUTHOR_NAME": "sfxm preview",
            "GIT_AUTHOR_EMAIL": "preview@sfxm.invalid",
            "GIT_COMMITTER_NAME": "sfxm preview",
            "GIT_COMMITTER_EMAIL": "preview@sfxm.invalid",
            "GIT_AUTHOR_DATE": now.isoformat(),
            "GIT_COMMITTER_DATE": now.isoformat(),
        }
        with repo.git.custom_environment(**env):
            repo.git.read_tree(base_sha)
            repo.git.rm("-r", "--cached", "-q", "--ignore-unmatch", "--", "submissions")
            if repo.git.ls_tree(tree, "--", "submissions"):
                repo.git.read_tree("--prefix=submissions/", f"{tree}:submissions")
            preview_tree = repo.git.write_tree()
            commit = repo.git.commit_tree(preview_tree, "-p", base_sha, "-m", f"sfxm preview of {head_sha}")
        checkout = Path(tmp) / "checkout"
        repo.git.worktree("add", "--detach", "--quiet", str(checkout), commit)
        try:
            yield checkout
        finally:
            repo.git.worktree("remove", "--force", str(checkout))
            if checkout.exists():  # pragma: no cover - worktree remove failed
                shutil.rmtree(checkout, ignore_errors=True)
            repo.git.worktree("prune")


def site_url(root: Path) -> str:
    """The public site's address: ``site_url`` of ``submissions/registry/site.yaml`` if present, else mkdocs.yml's.

    The data file is read through the repository, so its value is the checked one; a file that is
    present but invalid is an error (``InvalidSiteFile``), never a silent fall back to another address.
    """
    from generator import layout
    from generator.load import FileSystemSource
    from generator.repository import Repository

    repo = Repository(FileSystemSource(root), prefixes=["submissions/registry/"])
    if repo.exists(layout.SITE_PATH):
        loaded = repo.load(layout.SITE_PATH)
        if loaded is None or loaded.model is None:
            raise InvalidSiteFile(loaded.findings if loaded is not None else [])
        return loaded.model.site_url
    mkdocs = root / "mkdocs.yml"
    value = _mkdocs_value(mkdocs.read_text(encoding="utf-8"), "site_url") if mkdocs.is_file() else None
    return value.strip() if isinstance(value, str) else ""


class InvalidSiteFile(ValueError):
    """``submissions/registry/site.yaml`` exists but does not pass its checks."""

    def __init__(self, findings: list) -> None:
        super().__init__("submissions/registry/site.yaml 有错误")
        self.findings = findings


def _mkdocs_value(text: str, key: str) -> str | None:
    """A top-level scalar of mkdocs.yml (which may hold tags the safe loader refuses, so read by line)."""
    for line in text.splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].split(" #", 1)[0].strip().strip("'\"") or None
    return None
