"""Change reports (书面报备) filed through the gate by the project's holder, or by its recommending unit.

The plan: "如项目承担主体发生兼并重组、破产清算等重大变化，应及时向工业和信息化部书面报备". Who files is
``generator.holders``: the holder that roles.yaml lists with accounts, else the recommending unit; the
office always may. Tested on a real repository holding a copy of the sample programme.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.gitrepo import GitRepo

NOW = "2026-11-27T10:00:00+08:00"
REC = "submissions/2018/records"
HOLDER = "sfxm-demo-holder-kuatong"  # holds 2018-440300-006 since 2019-05-10-change-1 (a transfer)


def report(project: str) -> str:
    return (
        "number: 示例报备〔2026〕1号\n"
        f"project: {project}\n"
        "change: 其他\n"
        "description: 项目承担单位变更注册地址，项目继续按原计划实施（测试用，虚构）。\n"
        "effect: 继续实施\n"
    )


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    shutil.rmtree(repo.path / "submissions")
    shutil.copytree(ROOT / "submissions", repo.path / "submissions")
    repo.commit("the sample programme")
    repo.branch("pr")
    return repo


@pytest.mark.parametrize(
    ("actor", "project", "allowed"),
    [
        pytest.param(HOLDER, "2018-440300-006", True, id="the holder listed with an account files its own"),
        pytest.param("sfxm-demo-110000", "2018-110000-003", True, id="the unit files for a holder without an account"),
        pytest.param("miit-office-demo", "2018-110000-003", True, id="the office always may"),
        pytest.param(HOLDER, "2018-110000-003", False, id="not the holder of that project"),
        pytest.param("sfxm-demo-440300", "2018-440300-006", False, id="the unit, once the holder files itself"),
        pytest.param("sfxm-demo-310000", "2018-110000-003", False, id="another unit"),
    ],
)
def test_who_may_add_a_change_report(repo: GitRepo, actor: str, project: str, allowed: bool) -> None:
    repo.write(f"{REC}/2026-11-26-change-2.yaml", report(project))
    repo.commit()
    code, findings, stderr = repo.gate(actor, NOW)
    if allowed:
        assert (code, findings) == (0, []), findings
    else:
        assert code == 1 and [f["code"] for f in findings] == ["G-002"] and stderr == ""


def test_the_holder_may_not_edit_a_published_report_nor_add_another_kind_of_record(repo: GitRepo) -> None:
    published = repo.path / REC / "2019-05-10-change-1.yaml"
    published.write_text(published.read_text(encoding="utf-8") + "# 悄悄修改\n", encoding="utf-8")
    repo.write(f"{REC}/2026-11-26-inspection-3.yaml", (repo.path / REC / "2019-11-20-inspection-1.yaml").read_text())
    repo.commit()
    code, findings, _ = repo.gate(HOLDER, NOW)
    by_path = {(f["code"], f["path"].rsplit("/", 1)[-1]) for f in findings}
    assert code == 1
    assert ("G-002", "2019-05-10-change-1.yaml") in by_path and ("G-012", "2019-05-10-change-1.yaml") in by_path
    assert ("G-002", "2026-11-26-inspection-3.yaml") in by_path


def test_an_unreadable_report_belongs_to_the_office(repo: GitRepo) -> None:
    repo.write(f"{REC}/2026-11-26-change-2.yaml", "project: [2018-440300-006\n")
    repo.commit()
    code, findings, _ = repo.gate(HOLDER, NOW)
    assert code == 1 and "G-002" in {f["code"] for f in findings}


# -- CODEOWNERS follows the registry: the office regenerates it in the same pull request ----------


def test_the_office_may_regenerate_codeowners_and_nothing_else_there(repo: GitRepo) -> None:
    from generator.codeowners import codeowners
    from generator.load import FileSystemSource
    from generator.repository import Repository

    units = repo.path / "submissions/registry/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("accounts: [sfxm-demo-110000]", "accounts: [sfxm-demo-110000, bj-2]"),
        encoding="utf-8",
    )
    generated = codeowners(Repository(FileSystemSource(repo.path)))
    assert "@bj-2" in generated
    repo.write(".github/CODEOWNERS", generated)
    repo.commit()
    assert repo.gate("miit-office-demo", NOW)[:2] == (0, [])
    repo.write(".github/CODEOWNERS", generated + "* @miit-office-demo\n")  # anything more is not derived
    repo.commit()
    code, findings, _ = repo.gate("miit-office-demo", NOW)
    assert code == 1 and [(f["code"], f["path"]) for f in findings] == [("G-002", ".github/CODEOWNERS")]
    assert repo.gate("sfxm-demo-110000", NOW)[0] == 1  # and never a unit's
