"""``sfxm init``: a live programme repository without samples, that checks, builds and packages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import git
import pytest
import yaml

from generator import layout
from generator.load import FileSystemSource
from generator.repository import Repository
from tests.conftest import ROOT
from tests.liverepo import add_call_from_template, fill, init, register_accounts, sfxm


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("live") / "programme"
    result = init(root)
    assert result.returncode == 0, result.stderr
    assert "已创建项目仓库" in result.stdout and "templates/call.yaml" in result.stdout
    return root


def test_the_repository_holds_data_and_configuration_but_no_sample(live: Path) -> None:
    files = sorted(
        p.relative_to(live).as_posix() for p in live.rglob("*") if p.is_file() and ".git/" not in p.as_posix()
    )
    assert files == [
        ".github/CODEOWNERS",
        ".github/workflows/sfxm-gate.yml",
        ".github/workflows/sfxm-preview.yml",
        ".github/workflows/sfxm-site.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "ci/pre-commit/pre-commit",
        "ci/pre-commit/pre-commit-config.yaml",
        "ci/pre-commit/pre-push",
        "mkdocs.yml",
        "pyproject.toml",
        "site/docs/.gitignore",
        "submissions/README.md",
        "submissions/registry/holidays.yaml",
        "submissions/registry/roles.yaml",
        "submissions/registry/units.yaml",
        "templates/call.yaml",
        "templates/site.yaml",
    ]
    repo = Repository(FileSystemSource(live))
    assert repo.call_ids() == []
    # The real units, names and codes only: no account, placeholder or designation.
    units = repo.registry.units
    assert len(units) == 37 and {u.code for u in units} >= {"110000", "440300", "660000", "650000"}
    assert all(u.accounts == [] and u.designated is None for u in units)
    assert all("demonstration_city" not in u.classes for u in units)
    assert repo.roles.office == ["miit-office-live"] and repo.roles.agency == ["eval-agency-live"]
    assert "sfxm-demo" not in (live / layout.UNITS_PATH).read_text(encoding="utf-8")
    # The theme overrides and hand-written pages come with sfxm, not as copies.
    assert not (live / "site/overrides").exists() and not (live / "site/pages").exists()
    assert (live / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    # A git repository on main; nothing committed for the office.
    assert git.Repo(live).active_branch.name == "main" and not git.Repo(live).head.is_valid()


def test_it_checks_and_its_codeowners_are_current(live: Path, tmp_path: Path) -> None:
    import shutil

    result = sfxm("check", cwd=live)
    assert result.returncode == 0 and "检查通过" in result.stdout, result.stdout + result.stderr
    result = sfxm("codeowners", "--out", ".github/CODEOWNERS", "--check", cwd=live)
    assert result.returncode == 0, result.stdout + result.stderr
    # The office registers a unit's account: CODEOWNERS must be regenerated, then names it.
    root = tmp_path / "programme"
    shutil.copytree(live, root)
    register_accounts(root, {"110000": ["bj-officer"], "660000": ["xpcc-officer"]})
    assert sfxm("check", cwd=root).returncode == 0
    assert sfxm("codeowners", "--out", ".github/CODEOWNERS", "--check", cwd=root).returncode == 1
    assert sfxm("codeowners", "--out", ".github/CODEOWNERS", cwd=root).returncode == 0
    owners = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/submissions/*/declarations/110000/  @bj-officer" in owners and "@xpcc-officer" in owners


def test_the_call_template_comments_every_field(live: Path) -> None:
    from generator.model.call import Call

    text = (live / "templates/call.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        above = []
        j = i - 1
        while j >= 0 and lines[j].lstrip().startswith("#"):
            above.append(lines[j])
            j -= 1
        assert any(re.search(r"（(必填|选填)，(公开|不公开)）：", c) for c in above), line
    for name in Call.model_fields:  # every field, optional lists offered commented out
        assert f"\n{name}:" in text or f"\n# {name}:" in text, name
    assert "\n# form:\n#   # 标题（必填，公开）" in text
    for nested in ("opens:", "unit_class:", "weight:", "disagreement:", "legal_forms:"):
        assert nested in text


def test_a_call_from_the_template_checks_and_builds(live: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "programme"
    shutil.copytree(live, root)
    add_call_from_template(root)
    result = sfxm("check", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    new = sfxm("new", "--call", "2027", "--unit", "110000", cwd=root)
    assert new.returncode == 0 and (root / "submissions/2027/declarations/110000/2027-110000-001.yaml").exists()
    (root / "submissions/2027/declarations/110000/2027-110000-001.yaml").unlink()
    result = sfxm("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site/public"
    call_page = (site / "calls/2027/index.html").read_text(encoding="utf-8")
    assert "2027年信息消费试点示范项目（测试用）" in call_page and "新型信息产品" in call_page
    for page in site.rglob("*.html"):  # no sample label (the code catalogue may name the word)
        html = page.read_text(encoding="utf-8")
        assert 'admonition-title">示例数据' not in html and "纯属虚构" not in html, page
    # sfxm's theme overrides, assets and search page, found in the installed package.
    assert 'class="sfxm-header-search"' in call_page and (site / "assets/sfxm.css").is_file()
    assert (site / "search/index.html").is_file() and (site / "pagefind").is_dir()
    # Plain mkdocs works too, through the sfxm plugin.
    mkdocs = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "plain")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert (tmp_path / "plain/calls/2027/index.html").is_file()


def test_init_refuses_what_it_cannot_do_safely(tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("x", encoding="utf-8")
    result = init(busy)
    assert result.returncode == 2 and "不是空文件夹" in result.stderr and "Traceback" not in result.stderr
    result = sfxm("init", str(tmp_path / "new"), cwd=tmp_path)
    assert result.returncode == 2 and "--office" in result.stderr
    # sfxm here is an editable install: CI could not install it from this folder, and no name is guessed.
    result = sfxm("init", str(tmp_path / "new"), "--office", "miit-office-live", cwd=tmp_path)
    assert result.returncode == 2 and "--sfxm" in result.stderr and not (tmp_path / "new").exists()
    # An empty clone of a repository made on the forge is fine, and is not initialised again.
    clone = tmp_path / "clone"
    git.Repo.init(clone, initial_branch="trunk")
    result = init(clone, "--forge", "gitlab", "--sfxm", "sfxm @ git+https://example.org/sfxm.git@v0.1.0")
    assert result.returncode == 0, result.stderr
    assert git.Repo(clone).active_branch.name == "trunk"
    assert (clone / "ci/gitlab/sfxm.gitlab-ci.yml").is_file() and (clone / ".gitlab/CODEOWNERS").is_file()
    assert not (clone / ".github").exists()
    assert 'dependencies = ["sfxm @ git+https://example.org/sfxm.git@v0.1.0"]' in (clone / "pyproject.toml").read_text(
        encoding="utf-8"
    )


def _wheel(source: Path, out: Path) -> Path:
    """A wheel built offline with this environment's setuptools, as pip builds it for an install."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    return wheel


def test_the_packages_carry_what_a_programme_repository_needs(live: Path, tmp_path: Path) -> None:
    import shutil

    # sfxm's wheel: the site's overrides, pages and assets, mkdocs.yml, CI files, registry; the plugin.
    source = tmp_path / "sfxm"
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = subprocess.run(listed, cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for rel in filter(None, (f.decode() for f in files)):
        if (ROOT / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, source / rel)
    wheel_path = _wheel(source, tmp_path / "dist")
    with zipfile.ZipFile(wheel_path) as wheel:
        names = set(wheel.namelist())
        entry_points = next(wheel.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    for rel in (
        "mkdocs.yml",
        "site/overrides/main.html",
        "site/overrides/partials/header.html",
        "site/pages/assets/sfxm.css",
        "site/pages/search.md",
        "ci/github/sfxm-site.yml",
        "ci/gitlab/sfxm.gitlab-ci.yml",
        "submissions/registry/units.yaml",
        "submissions/registry/holidays.yaml",
    ):
        assert f"generator/_repo/{rel}" in names, rel
    assert not [n for n in names if n.startswith("generator/_repo/") and n.endswith(".py")]
    assert "sfxm = generator.site.plugin:SfxmPlugin" in entry_points
    # Installed from that wheel, sfxm builds a programme repository with the files the wheel carries.
    installed = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(installed), str(wheel_path)],
        check=True,
        capture_output=True,
    )
    programme = tmp_path / "programme"
    shutil.copytree(live, programme)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    probe = "import generator.kit as k; print(k.kit_root())"
    kit_root = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert kit_root.stdout.strip() == str(installed / "generator/_repo"), kit_root.stderr
    build = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(programme), "--out", str(tmp_path / "site")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert 'class="sfxm-header-search"' in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site/assets/sfxm.js").is_file()
    # The programme repository's own pyproject: `pip install .` installs the pinned sfxm and nothing else.
    with zipfile.ZipFile(_wheel(live, tmp_path / "programme-dist")) as wheel:
        metadata = next(wheel.read(n).decode() for n in wheel.namelist() if n.endswith("METADATA"))
        assert not [n for n in wheel.namelist() if not n.startswith("sfxm_programme-")]
    assert "Requires-Dist: sfxm==0.1.0" in metadata


def test_the_workflows_it_writes_are_sfxm_s(live: Path) -> None:
    for name in ("sfxm-gate.yml", "sfxm-site.yml", "sfxm-preview.yml"):
        assert (live / ".github/workflows" / name).read_bytes() == (ROOT / "ci/github" / name).read_bytes()
    config = yaml.safe_load((live / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [h["entry"] for h in config["repos"][0]["hooks"]] == ["sfxm seal", "sfxm check"]  # seal, then check


def test_the_pinned_sfxm_is_where_ci_can_install_it_from() -> None:
    from generator.init import requirement_from

    git_install = (
        '{"url": "https://example.org/office/sfxm.git", '
        '"vcs_info": {"vcs": "git", "requested_revision": "v0.1.0", "commit_id": "0123456789abcdef0123456789abcdef01234567"}}'
    )
    assert requirement_from(git_install, "0.1.0") == (
        "sfxm @ git+https://example.org/office/sfxm.git@0123456789abcdef0123456789abcdef01234567"
    )
    archive = '{"url": "https://example.org/sfxm-0.1.0.tar.gz", "archive_info": {}}'
    assert requirement_from(archive, "0.1.0") == "sfxm @ https://example.org/sfxm-0.1.0.tar.gz"
    assert requirement_from(None, "0.1.0") == "sfxm==0.1.0"  # from an index
    assert requirement_from('{"url": "file:///home/me/sfxm", "dir_info": {"editable": true}}', "0.1.0") is None


def test_the_site_template_once_filled_passes_the_check(live: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "programme"
    shutil.copytree(live, root)
    before = sfxm("check", cwd=root)
    assert before.returncode == 0 and "W-001" in before.stdout and "templates/site.yaml" in before.stdout
    template = (root / "templates/site.yaml").read_text(encoding="utf-8")
    values = {  # a test repository: fictional, so marked as a sample (an example address is refused otherwise)
        "sample": "true",
        "name": "信息消费试点示范项目",
        "description": "信息消费试点示范项目的批次、名单和通报（测试用）。",
        "site_url": "https://sfxm.example.org/",
        "organiser": "示例主办单位（测试用）",
        "contact.office": "示例联系部门（测试用）",
        "contact.phone": "010-00000000",
    }
    (root / "submissions/registry/site.yaml").write_text(fill(template, values), encoding="utf-8")
    after = sfxm("check", cwd=root)
    assert after.returncode == 0 and "W-001" not in after.stdout and "错误" not in after.stdout, after.stdout
    assert sfxm("site", "url", cwd=root).stdout == "https://sfxm.example.org/\n"
