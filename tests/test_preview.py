"""Previewing a pull request: the site of the merged result, built with the base's code and
configuration, and exactly what it changes for a reader (``sfxm site preview`` and ``sfxm site diff``)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.site.diff import diff_sites, markdown, page_text
from tests.conftest import ROOT
from tests.gitrepo import GitRepo, make_base
from tests.liverepo import sfxm

NOW = "2018-07-02T10:00:00+08:00"
OLD_NAME = "第二个示例项目"
NEW_NAME = "京西数字文旅体验平台（改名）"


def _preview(repo: GitRepo, head: str, out: Path) -> None:
    result = sfxm(
        "site", "preview", "--root", str(repo.path), "--base", "main", "--head", head, "--out", str(out), "--now", NOW,
        cwd=repo.path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """main (a small programme with mkdocs.yml) and three pull requests, each previewed."""
    tmp = tmp_path_factory.mktemp("preview")
    repo = make_base(tmp / "repo")
    repo.remove("submissions/2018/review")  # the base's review files are partial (for the gate's tests)
    shutil.copy(ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    repo.write("site/docs/.gitignore", "*\n!.gitignore\n")
    repo.commit("site configuration", date="2018-06-02T00:00:00+08:00")
    # A unit renames one of its projects.
    repo.branch("rename")
    declaration = repo.path / "submissions/2018/declarations/110000/2018-110000-002.yaml"
    declaration.write_text(declaration.read_text(encoding="utf-8").replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    repo.commit("rename a project")
    # A pull request that changes no data, but tries to change how the site is built and what it shows.
    repo.main()
    repo.branch("config")
    mkdocs = repo.path / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8").replace("site_name: 信息消费试点示范项目", "site_name: 被改的标题")
    )
    repo.write("site/pages/evil.md", "# 不应出现的页面\n\n<script>alert(1)</script>\n")
    repo.write("README.md", "# changed\n")
    repo.commit("configuration only")
    repo.main()
    out = {name: tmp / name for name in ("old", "rename", "config")}
    _preview(repo, "main", out["old"])
    _preview(repo, "rename", out["rename"])
    _preview(repo, "config", out["config"])
    out["repo"] = repo.path
    return out


def _pages_mentioning(site: Path, text: str) -> set[str]:
    found = set()
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        title, lines = page_text(page.read_text(encoding="utf-8"))
        if text in title or any(text in line for line in lines):
            found.add(rel.removesuffix("index.html"))
    return found


def test_a_renamed_project_changes_exactly_its_page_and_the_lists_that_show_it(builds: dict[str, Path]) -> None:
    diff = diff_sites(builds["old"], builds["rename"])
    expected = _pages_mentioning(builds["old"], OLD_NAME) | _pages_mentioning(builds["rename"], NEW_NAME)
    assert "projects/2018-110000-002/" in expected and "calls/2018/projects/" in expected and len(expected) >= 4
    assert {p.url for p in diff.pages} == expected
    assert {p.change for p in diff.pages} == {"changed"}
    project = next(p for p in diff.pages if p.url == "projects/2018-110000-002/")
    assert any(line.startswith("-") and OLD_NAME in line for line in project.diff)
    assert any(line.startswith("+") and NEW_NAME in line for line in project.diff)
    # Open data carries the name too; it is listed by name, not as a page.
    assert diff.files["changed"] and all(f.startswith("data/") for f in diff.files["changed"])
    assert not diff.files["added"] and not diff.files["removed"]
    summary = markdown(diff)
    assert f"修改 {len(expected)} 个" in summary and f"/projects/2018-110000-002/ {NEW_NAME}（+2 −2 行）" in summary


def test_a_pull_request_without_data_changes_changes_nothing_not_even_through_its_configuration(
    builds: dict[str, Path],
) -> None:
    diff = diff_sites(builds["old"], builds["config"])
    assert diff.empty, diff
    assert "合并后公开网站没有任何变化" in markdown(diff)
    home = (builds["config"] / "index.html").read_text(encoding="utf-8")
    assert "被改的标题" not in home and not (builds["config"] / "evil").exists()
    result = sfxm("site", "diff", str(builds["old"]), str(builds["config"]), "--format", "json", cwd=builds["repo"])
    assert result.returncode == 0 and json.loads(result.stdout)["pages"] == []


def test_the_summary_escapes_what_a_pull_request_wrote() -> None:
    from generator.site.diff import PageChange, SiteDiff

    hostile = "名称](https://example.org)<img src=x onerror=alert(1)>"
    diff = SiteDiff([PageChange("projects/x/", hostile, "changed", ["-旧", "+````` " + hostile], 1, 1)])
    text = markdown(diff)
    fence = "`" * 6  # longer than any run of backticks in the diff: the diff cannot close it
    assert f"{fence}diff\n-旧\n+````` " in text and text.count(fence) == 2
    outside = text.split(fence)[0] + text.split(fence)[2]
    assert "<img" not in outside and "&lt;img src=x" in outside
    removed = markdown(SiteDiff([PageChange("projects/x/", hostile, "removed")]))
    assert not re.search(r"(?<!\\)<img", removed) and "\\]\\(https" in removed


def test_preview_of_a_conflicting_pull_request_says_so(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    path = "submissions/2018/declarations/110000/2018-110000-002.yaml"
    repo.branch("a")
    (repo.path / path).write_text((repo.path / path).read_text(encoding="utf-8").replace(OLD_NAME, "甲"), "utf-8")
    repo.commit("a")
    repo.main()
    (repo.path / path).write_text((repo.path / path).read_text(encoding="utf-8").replace(OLD_NAME, "乙"), "utf-8")
    repo.commit("b")
    result = sfxm("site", "preview", "--base", "main", "--head", "a", "--out", str(tmp_path / "out"), cwd=repo.path)
    assert result.returncode == 1 and "冲突" in result.stderr and "Traceback" not in result.stderr
    assert not [w for w in repo.git.git.worktree("list").splitlines() if "sfxm-preview" in w]


def test_site_url_comes_from_the_data_when_present(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    shutil.copy(ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    sample = (repo.path / "submissions/registry/site.yaml").read_text(encoding="utf-8")
    (repo.path / "submissions/registry/site.yaml").unlink()
    assert sfxm("site", "url", cwd=repo.path).stdout == "\n"
    repo.write("submissions/registry/site.yaml", sample.replace("https://sfxm.example/", "https://sfxm.example.org/"))
    assert sfxm("site", "url", cwd=repo.path).stdout == "https://sfxm.example.org/\n"
    # An invalid file is an error, never a fall back to another address.
    repo.write("submissions/registry/site.yaml", sample.replace("https://sfxm.example/", "ftp://sfxm.example.org"))
    invalid = sfxm("site", "url", cwd=repo.path)
    assert (
        invalid.returncode == 1 and "site.yaml" in invalid.stdout + invalid.stderr and "Traceback" not in invalid.stderr
    )
