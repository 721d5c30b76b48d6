"""The CI files: the workflow cannot be turned against the base, and the hooks really block."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.gitrepo import OPEN, GitRepo, make_base

WORKFLOW = ROOT / "ci/github/sfxm-gate.yml"


def _flow() -> dict:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    flow["on"] = flow.pop(True) if True in flow else flow["on"]  # YAML 1.1 reads the key `on` as true
    return flow


def test_github_workflow_runs_base_code_against_pull_request_data() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = _flow()
    assert list(flow["on"]) == ["pull_request_target", "merge_group"]
    assert flow["permissions"] == {"contents": "read", "pull-requests": "read"}
    steps = flow["jobs"]["gate"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha }}"
    assert checkout["with"]["fetch-depth"] == 0
    # The pull request's head is fetched as a ref, never checked out or installed.
    assert all("head.sha" not in str(s) and "head.ref" not in str(s) for s in steps)
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert "refs/pull/${PR_NUMBER}/head:refs/remotes/pull/head" in runs
    assert "pip install --quiet ." in runs and '--head "$HEAD"' in runs
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
    assert '--head "$CI_COMMIT_SHA"' in script and '--actor "$actor"' in script and "merge_train" in script


# -- the CI scripts, run: a merge queue and a merge train on real repositories -------------------


def _fake(folder: Path, name: str, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("#!/bin/sh\n" + body, encoding="utf-8")
    (folder / name).chmod(0o755)


def _queue(tmp_path: Path, change) -> tuple[Path, str, str, str]:
    """An origin whose merge queue holds pull request 7 (``change`` on a branch), and a CI clone.

    Returns the clone, the queue's base and head, and the queue's ref, as GitHub would give them.
    """
    origin = make_base(tmp_path / "origin")
    base = origin.rev("HEAD")
    origin.branch("pr-7")
    change(origin)
    origin.commit("the pull request")
    origin.main()
    origin.git.git.merge("-q", "--no-ff", "-m", "Merge pull request #7", "pr-7")
    head = origin.rev("HEAD")
    ref = f"refs/heads/gh-readonly-queue/main/pr-7-{head}"
    origin.git.git.update_ref(ref, head)
    origin.git.git.update_ref("refs/heads/main", base)
    origin.git.git.update_ref("refs/pull/7/head", origin.rev("pr-7"))
    clone = tmp_path / "workspace"
    subprocess.run(["git", "clone", "-q", str(origin.path), str(clone)], check=True)
    return clone, base, head, ref


def _what(clone: Path, tmp_path: Path, env: dict[str, str], author: str) -> tuple[int, dict[str, str], str]:
    """Run the workflow's "what is judged" step as GitHub would, with ``gh`` answering ``author``."""
    step = next(s for s in _flow()["jobs"]["gate"]["steps"] if s.get("id") == "what")
    fake = tmp_path / "bin"
    _fake(
        fake,
        "gh",
        f'[ "$1 $2 $3 $4" = "api repos/owner/repo/pulls/7 --jq .user.login" ] && printf "%s\\n" "{author}" || exit 9\n',
    )
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    result = subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=clone,
        env={
            **os.environ,
            **env,
            "GITHUB_OUTPUT": str(output),
            "REPO": "owner/repo",
            "GH_TOKEN": "x",
            "PATH": f"{fake}:{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    lines = output.read_text(encoding="utf-8").splitlines()
    return result.returncode, dict(line.split("=", 1) for line in lines), result.stderr


def _gate(root: Path, base: str, head: str, actor: str, now: str = OPEN) -> subprocess.CompletedProcess[str]:
    args = ["--root", str(root), "--base", base, "--head", head, "--actor", actor, "--now", now]
    return subprocess.run(
        [sys.executable, "-m", "generator", "gate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def _beijing(repo: GitRepo) -> None:
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目")


def _into_shanghai(repo: GitRepo) -> None:
    repo.declaration("310000", 1, applicant=5)


def test_merge_queue_judges_the_queued_merge_for_the_pull_requests_author(tmp_path: Path) -> None:
    clone, base, head, ref = _queue(tmp_path, _beijing)
    env = {"EVENT": "merge_group", "QUEUE_BASE": base, "QUEUE_HEAD": head, "QUEUE_REF": ref}
    code, out, err = _what(clone, tmp_path, env, "sfxm-demo-110000")
    assert code == 0, err
    assert out == {"base": base, "head": head, "actor": "sfxm-demo-110000"}
    result = _gate(clone, out["base"], out["head"], out["actor"])
    assert result.returncode == 0, result.stdout


def test_merge_queue_refuses_what_the_pull_request_may_not_do(tmp_path: Path) -> None:
    clone, base, head, ref = _queue(tmp_path, _into_shanghai)
    env = {"EVENT": "merge_group", "QUEUE_BASE": base, "QUEUE_HEAD": head, "QUEUE_REF": ref}
    code, out, _ = _what(clone, tmp_path, env, "sfxm-demo-110000")
    assert code == 0
    result = _gate(clone, out["base"], out["head"], out["actor"])
    assert result.returncode == 1 and "G-002" in result.stdout


@pytest.mark.parametrize(
    ("ref", "author"),
    [("refs/heads/some-branch", "sfxm-demo-110000"), (None, "x\nLD_PRELOAD=/tmp/evil.so"), (None, "")],
)
def test_merge_queue_step_refuses_what_it_cannot_trust(tmp_path: Path, ref: str | None, author: str) -> None:
    clone, base, head, queue_ref = _queue(tmp_path, _beijing)
    env = {"EVENT": "merge_group", "QUEUE_BASE": base, "QUEUE_HEAD": head, "QUEUE_REF": ref or queue_ref}
    code, out, _ = _what(clone, tmp_path, env, author)
    assert code != 0 and "actor" not in out


def test_pull_request_step_fetches_the_head_as_data(tmp_path: Path) -> None:
    clone, base, _, _ = _queue(tmp_path, _beijing)
    env = {"EVENT": "pull_request_target", "PR_NUMBER": "7", "PR_AUTHOR": "sfxm-demo-110000", "PR_BASE": base}
    code, out, err = _what(clone, tmp_path, env, "unused")
    assert code == 0, err
    assert out == {"base": base, "head": "refs/remotes/pull/head", "actor": "sfxm-demo-110000"}
    assert _gate(clone, out["base"], out["head"], out["actor"]).returncode == 0


def _train(tmp_path: Path, change, event: str, token: str | None) -> subprocess.CompletedProcess[str]:
    """Run the GitLab job's script in a merged-results (or merge-train) checkout."""
    origin = make_base(tmp_path / "origin")
    origin.branch("mr")
    change(origin)
    origin.commit("the merge request")
    origin.main()
    origin.git.git.merge("-q", "--no-ff", "-m", "merge result", "mr")
    job = yaml.safe_load((ROOT / "ci/gitlab/sfxm-gate.gitlab-ci.yml").read_text(encoding="utf-8"))["sfxm-gate"]
    fake = tmp_path / "bin"
    _fake(fake, "curl", 'printf \'{"author": {"username": "miit-office-demo"}}\'\n')
    _fake(fake, "python", f'exec {sys.executable} "$@"\n')
    env = {
        **os.environ,
        "PATH": f"{fake}:{Path(sys.executable).parent}:{os.environ['PATH']}",
        "CI_MERGE_REQUEST_EVENT_TYPE": event,
        "CI_COMMIT_SHA": origin.rev("HEAD"),
        "CI_PROJECT_DIR": str(origin.path),
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_API_V4_URL": "https://gitlab.example/api/v4",
        "CI_PROJECT_ID": "1",
        "CI_MERGE_REQUEST_IID": "7",
        "GITLAB_USER_LOGIN": "maintainer-who-started-the-train",
    }
    if token is not None:
        env["SFXM_GITLAB_TOKEN"] = token
    return subprocess.run(
        ["sh", "-c", job["script"][0]], cwd=origin.path, env=env, capture_output=True, text=True, check=False
    )


def _office_readme(repo: GitRepo) -> None:
    repo.write("submissions/README.md", "# 申报数据说明\n")


def _unit_raises_quota(repo: GitRepo) -> None:
    call = repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("quota: 10", "quota: 20"), encoding="utf-8")


def test_merge_train_judges_the_merge_for_the_author_read_from_the_api(tmp_path: Path) -> None:
    result = _train(tmp_path, _office_readme, "merge_train", "glpat-test")
    assert result.returncode == 0, result.stdout + result.stderr


def test_merge_train_refuses_the_authors_change_it_may_not_make(tmp_path: Path) -> None:
    result = _train(tmp_path, _unit_raises_quota, "merged_result", None)
    assert result.returncode == 1 and "G-001" in result.stdout  # the starter's account is not registered


def test_merge_train_without_a_token_refuses(tmp_path: Path) -> None:
    result = _train(tmp_path, _office_readme, "merge_train", None)
    assert result.returncode == 1 and "SFXM_GITLAB_TOKEN" in result.stderr


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
    seal, hook = config["repos"][0]["hooks"]  # a sealed call's files are sealed first, then everything is checked
    assert seal["entry"] == "sfxm seal" and seal["files"] == "^submissions/"
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
