"""The site's CI: deploy from the protected branch only, preview pull requests with the base's code.

Every workflow is validated against the GitHub workflow and GitLab CI schemas that check-jsonschema
ships (offline), and the properties that make it safe are asserted on the parsed file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

GITHUB = sorted((ROOT / "ci/github").glob("*.yml"))
GITLAB = sorted((ROOT / "ci/gitlab").glob("*.yml"))


def _validate(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def _load(path: Path) -> dict:
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in flow:  # YAML 1.1 reads the key `on` as true
        flow["on"] = flow.pop(True)
    return flow


def test_every_workflow_is_valid_for_its_forge(tmp_path: Path) -> None:
    assert {p.name for p in GITHUB} >= {"sfxm-gate.yml", "sfxm-site.yml", "sfxm-preview.yml"}
    assert {p.name for p in GITLAB} >= {"sfxm.gitlab-ci.yml", "sfxm-site.gitlab-ci.yml", "sfxm-gate.gitlab-ci.yml"}
    result = _validate("vendor.github-workflows", *GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _validate("vendor.gitlab-ci", *GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr
    # The check has teeth: a misspelt key is refused.
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / "ci/github/sfxm-site.yml").read_text(encoding="utf-8").replace("runs-on:", "runs_on:"))
    assert _validate("vendor.github-workflows", broken).returncode == 1


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def _runs(job: dict) -> str:
    return "\n".join(str(s.get("run", "")) for s in _steps(job))


def _uses(job: dict) -> list[str]:
    return [str(s["uses"]).split("@")[0] for s in _steps(job) if "uses" in s]


def test_the_site_deploys_from_the_protected_branch_only() -> None:
    flow = _load(ROOT / "ci/github/sfxm-site.yml")
    assert set(flow["on"]) == {"push", "workflow_dispatch"} and flow["on"]["push"] == {"branches": ["main"]}
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "github.event.repository.default_branch" in build["if"] and "permissions" not in build
    checkout = next(s for s in _steps(build) if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0 and "ref" not in checkout["with"]
    assert "pip install --quiet ." in _runs(build) and "sfxm build --out" in _runs(build)
    assert "sfxm site url" in _runs(build) and "actions/upload-pages-artifact" in _uses(build)
    # Only the deploy job may write to Pages, in the github-pages environment.
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and "site_url" in deploy["environment"]["url"]
    assert _uses(deploy) == ["actions/deploy-pages"]
    assert all("${{" not in str(s.get("run", "")) for job in (build, deploy) for s in _steps(job))


def test_the_preview_runs_the_base_s_code_on_the_pull_request_s_data() -> None:
    lines = (ROOT / "ci/github/sfxm-preview.yml").read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    flow = _load(ROOT / "ci/github/sfxm-preview.yml")
    assert list(flow["on"]) == ["pull_request_target"]
    assert flow["permissions"] == {"contents": "read"}
    (job,) = flow["jobs"].values()
    assert "permissions" not in job
    checkout = next(s for s in _steps(job) if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    # The pull request is fetched as a ref, never checked out, installed or run; nothing is cached.
    assert "head.sha" not in text and "head.ref" not in text and "cache" not in text
    assert "secrets." not in text and "pull_request.title" not in text and "pull_request.body" not in text
    runs = _runs(job)
    assert "refs/pull/${PR_NUMBER}/head:refs/remotes/pull/head" in runs and "pip install --quiet ." in runs
    assert '--head refs/remotes/pull/head --out "$RUNNER_TEMP/site-preview"' in runs
    assert 'sfxm site diff "$RUNNER_TEMP/site-base" "$RUNNER_TEMP/site-preview" >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "actions/upload-artifact" in _uses(job)
    assert all("${{" not in str(s.get("run", "")) for s in _steps(job))


def test_gitlab_publishes_the_default_branch_and_previews_merge_requests_as_review_apps() -> None:
    jobs = yaml.safe_load((ROOT / "ci/gitlab/sfxm-site.gitlab-ci.yml").read_text(encoding="utf-8"))
    pages, preview = jobs["pages"], jobs["sfxm-preview"]
    assert pages["rules"] == [{"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'}]
    assert pages["artifacts"]["paths"] == ["public"] and "sfxm build --out public" in pages["script"]
    assert pages["variables"]["GIT_DEPTH"] == "0" and pages["environment"]["url"] == "$SITE_URL"
    assert preview["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert preview["environment"]["name"] == "review/$CI_MERGE_REQUEST_IID"
    assert "cd /tmp/base && python -m pip install --quiet ." in preview["before_script"]
    script = "\n".join(preview["script"])
    assert script.startswith("cd /tmp/base") and '--head "$CI_COMMIT_SHA"' in script and "sfxm site diff" in script
    entry = yaml.safe_load((ROOT / "ci/gitlab/sfxm.gitlab-ci.yml").read_text(encoding="utf-8"))
    (include,) = entry["include"]
    assert include["ref"] == "$CI_DEFAULT_BRANCH" and include["project"] == "$CI_PROJECT_PATH"
    assert set(include["file"]) == {"ci/gitlab/sfxm-gate.gitlab-ci.yml", "ci/gitlab/sfxm-site.gitlab-ci.yml"}


@pytest.mark.parametrize("path", [*GITHUB, *GITLAB], ids=lambda p: p.name)
def test_every_ci_file_says_how_to_install_it(path: Path) -> None:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert head.startswith("#") and ("Install" in head or "Settings" in head or "Included" in head)
