"""The CI files: the workflow cannot be turned against the base, and the hooks really block."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.gitrepo import GitRepo, make_base

WORKFLOW = ROOT / "ci/github/sfxm-gate.yml"


def test_github_workflow_runs_base_code_against_pull_request_data() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    on = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads the key `on` as true
    assert list(on) == ["pull_request_target"]
    assert flow["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["gate"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    # The pull request's head is fetched as a ref, never checked out or installed.
    assert all("head.sha" not in str(s) and "head.ref" not in str(s) for s in steps)
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert "refs/pull/${PR_NUMBER}/head:refs/remotes/pull/head" in runs
    assert "pip install --quiet ." in runs and "--head refs/remotes/pull/head" in runs
    assert '--actor "$ACTOR"' in runs and '--summary "$GITHUB_STEP_SUMMARY"' in runs
    assert "secrets." not in text and "${{ github.event.pull_request.title" not in text
    # Untrusted values reach the shell only through environment variables, never inline.
    assert all("${{" not in str(s.get("run", "")) for s in steps)


def test_gitlab_job_installs_the_target_branch_and_reads_the_merge_request_as_data() -> None:
    job = yaml.safe_load((ROOT / "ci/gitlab/sfxm-gate.gitlab-ci.yml").read_text(encoding="utf-8"))["sfxm-gate"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    before = " ".join(job["before_script"])
    assert "git worktree add --detach /tmp/base" in before and "pip install --quiet /tmp/base" in before
    script = " ".join(job["script"])
    assert '--head "$CI_COMMIT_SHA"' in script and '--actor "$GITLAB_USER_LOGIN"' in script


def _install_hook(repo: GitRepo) -> None:
    hook = repo.path / ".git/hooks/pre-commit"
    shutil.copy(ROOT / "ci/pre-commit/pre-commit", hook)
    hook.chmod(0o755)


def _commit(repo: GitRepo) -> subprocess.CompletedProcess[str]:
    # The hook calls `sfxm`: the one installed beside this Python, as on a unit's machine.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    repo.git.git.add("-A")
    return subprocess.run(
        ["git", "commit", "-m", "declaration"], cwd=repo.path, capture_output=True, text=True, env=env, check=False
    )


def test_pre_commit_hook_blocks_an_invalid_declaration(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    _install_hook(repo)
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目", replace={"verified: true": "verified: false"})
    result = _commit(repo)
    assert result.returncode != 0
    output = result.stdout + result.stderr  # git shows a hook's output on stderr
    assert "S-009" in output and "提交被拒绝" in output


def test_pre_commit_hook_checks_the_unit_of_a_deleted_declaration(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    _install_hook(repo)
    repo.remove("submissions/2018/declarations/110000/2018-110000-001.yaml")
    result = _commit(repo)
    assert result.returncode != 0 and "Q-004" in result.stdout + result.stderr


def test_pre_commit_hook_lets_a_valid_declaration_through(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    _install_hook(repo)
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    result = _commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_framework_config_runs_sfxm_check() -> None:
    config = yaml.safe_load((ROOT / "ci/pre-commit/pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "sfxm check" and hook["files"] == "^submissions/"


def test_codeowners_follows_the_registry(sfxm, tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    out = tmp_path / "CODEOWNERS"
    assert sfxm("codeowners", "--root", str(repo.path), "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "/submissions/*/declarations/110000/  @sfxm-demo-110000" in text
    assert "/submissions/  @miit-office-demo" in text
    assert "/submissions/2018/review/scores/e01/  @expert-e01-demo" in text
    assert "/submissions/*/review/experts.yaml  @eval-agency-demo" in text
    assert sfxm("codeowners", "--root", str(repo.path), "--out", str(out), "--check").returncode == 0
    out.write_text(text + "# edited\n", encoding="utf-8")
    assert sfxm("codeowners", "--root", str(repo.path), "--out", str(out), "--check").returncode == 1
