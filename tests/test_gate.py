"""The pull-request gate on real git repositories: every rejection, and the valid cases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gitrepo import BEFORE, CLOSED, OPEN, REVIEW, GitRepo, make_base

BJ = "sfxm-demo-110000"
SH = "sfxm-demo-310000"
OFFICE = "miit-office-demo"
BJ_DIR = "submissions/2018/declarations/110000"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = make_base(tmp_path / "repo")
    repo.branch("pr")
    return repo


def codes(findings: list[dict]) -> list[str]:
    return sorted({f["code"] for f in findings})


# -- valid pull requests ---------------------------------------------------------------------


def test_new_declaration_within_quota_passes(repo: GitRepo) -> None:
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    repo.commit()
    code, findings, err = repo.gate(BJ, OPEN)
    assert (code, findings) == (0, []), err


def test_edit_before_deadline_passes(repo: GitRepo) -> None:
    path = repo.path / BJ_DIR / "2018-110000-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("同意推荐", "同意推荐该项目"), encoding="utf-8")
    repo.commit()
    assert repo.gate(BJ, OPEN)[:2] == (0, [])


def test_reordering_while_open_passes(repo: GitRepo) -> None:
    for serial, order in ((1, 2), (2, 1)):
        path = repo.path / BJ_DIR / f"2018-110000-00{serial}.yaml"
        text = path.read_text(encoding="utf-8").replace(f"order: {serial}\n", f"order: {order}\n")
        path.write_text(text, encoding="utf-8")
    repo.commit()
    assert repo.gate(BJ, OPEN)[:2] == (0, [])


def test_renaming_within_the_unit_passes(repo: GitRepo) -> None:
    repo.move(f"{BJ_DIR}/2018-110000-002.yaml", f"{BJ_DIR}/second-project.yaml")
    repo.commit()
    assert repo.gate(BJ, OPEN)[:2] == (0, [])


def test_swapping_a_declaration_at_full_quota_passes(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    for serial in range(1, 7):
        repo.declaration("440300", serial, applicant=serial)
    repo.commit("base")
    repo.branch("pr")
    repo.remove("submissions/2018/declarations/440300/2018-440300-006.yaml")
    repo.declaration("440300", 7, order=6, applicant=7, name="替换的示例项目")
    repo.commit()
    assert repo.gate("sfxm-demo-440300", OPEN)[:2] == (0, [])


def test_expert_score_file_passes(repo: GitRepo) -> None:
    repo.write("submissions/2018/review/scores/e01/2018-110000-001.yaml", SCORE)
    repo.commit()
    code, findings, err = repo.gate("expert-e01-demo", REVIEW)
    assert (code, findings) == (0, []), err


SCORE = """\
declaration: 2018-110000-001
expert: e01
scores: {innovation: 85, demonstration: 80, promotion: 78, benefit: 82}
comments: 项目特色鲜明，技术路线清晰，建议加强推广。
no_conflict: true
signed_on: 2018-08-20
"""


# -- rejections -------------------------------------------------------------------------------


def test_unknown_actor_is_an_error(repo: GitRepo) -> None:
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    repo.commit()
    code, findings, _ = repo.gate("somebody-else", OPEN)
    assert code == 1 and codes(findings) == ["G-001"]


@pytest.mark.parametrize(
    ("rel", "content"),
    [
        ("submissions/2018/declarations/310000/2018-310000-001.yaml", None),
        ("submissions/2018/call.yaml", "id: '2018'\n"),
        ("submissions/registry/units.yaml", "units: []\n"),
        ("submissions/2018/decision/proposed.yaml", "x: 1\n"),
        ("submissions/2018/review/scores/e01/2018-110000-001.yaml", SCORE),
        ("site/pages/index.md", "# 首页\n"),
        ("generator/rules/quota.py", "QUOTA = 1000\n"),
        ("ci/github/sfxm-gate.yml", "on: push\n"),
        (".github/workflows/gate.yml", "on: push\n"),
    ],
)
def test_paths_the_unit_does_not_own(repo: GitRepo, rel: str, content: str | None) -> None:
    if content is None:
        repo.declaration("310000", 1, applicant=5)
    else:
        repo.write(rel, content)
    repo.commit()
    code, findings, _ = repo.gate(BJ, OPEN)
    assert code == 1
    assert "G-002" in codes(findings)
    assert any(f["code"] == "G-002" and rel in f["message"] for f in findings)


def test_unit_adding_its_account_to_the_registry_gains_nothing(repo: GitRepo) -> None:
    """The registry of the base judges: adding oneself to another unit is refused and not honoured."""
    units = repo.path / "submissions/registry/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "accounts: [sfxm-demo-310000]", f"accounts: [sfxm-demo-310000, {BJ}]"
        ),
        encoding="utf-8",
    )
    repo.declaration("310000", 1, applicant=5)
    repo.commit()
    code, findings, _ = repo.gate(BJ, OPEN)
    paths = {f["path"] for f in findings if f["code"] == "G-002"}
    assert code == 1 and paths == {
        "submissions/registry/units.yaml",
        "submissions/2018/declarations/310000/2018-310000-001.yaml",
    }


def test_raising_the_quota_in_the_same_pull_request_does_not_help(repo: GitRepo) -> None:
    call = repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("quota: 10", "quota: 20"), encoding="utf-8")
    for serial in range(3, 12):
        repo.declaration("110000", serial, applicant=serial, name=f"示例项目{serial}")
    repo.commit()
    code, findings, _ = repo.gate(BJ, OPEN)
    assert code == 1 and {"G-002", "Q-005"} <= set(codes(findings))


def test_before_the_call_opens(repo: GitRepo) -> None:
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    repo.commit()
    code, findings, _ = repo.gate(BJ, BEFORE)
    assert code == 1 and codes(findings) == ["G-003"]


@pytest.mark.parametrize("action", ["add", "edit", "delete"])
def test_after_the_call_closes(repo: GitRepo, action: str) -> None:
    target = repo.path / BJ_DIR / "2018-110000-002.yaml"
    if action == "add":
        repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    elif action == "edit":
        target.write_text(target.read_text(encoding="utf-8").replace("同意推荐", "同意推荐。"), encoding="utf-8")
    else:
        repo.remove(f"{BJ_DIR}/2018-110000-002.yaml")
    repo.commit()
    code, findings, _ = repo.gate(BJ, CLOSED)
    assert code == 1 and codes(findings) == ["G-004"]


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_once_review_has_started(repo: GitRepo, action: str) -> None:
    if action == "edit":
        target = repo.path / BJ_DIR / "2018-110000-001.yaml"
        target.write_text(target.read_text(encoding="utf-8").replace("同意推荐", "同意推荐。"), encoding="utf-8")
    else:
        repo.remove(f"{BJ_DIR}/2018-110000-001.yaml")
    repo.commit()
    code, findings, _ = repo.gate(BJ, REVIEW)
    assert code == 1 and "G-005" in codes(findings)


def test_commit_dates_do_not_move_the_clock(repo: GitRepo) -> None:
    """A commit dated inside the call is still judged at --now."""
    repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    repo.commit(date="2018-07-01T10:00:00+08:00")
    assert codes(repo.gate(BJ, CLOSED)[1]) == ["G-004"]


def test_over_quota_after_the_change(repo: GitRepo) -> None:
    for serial in range(3, 12):
        repo.declaration("110000", serial, applicant=serial, name=f"示例项目{serial}")
    repo.commit()
    code, findings, _ = repo.gate(BJ, OPEN)
    assert code == 1 and codes(findings) == ["Q-005"]
    assert [f["path"] for f in findings] == [f"{BJ_DIR}/2018-110000-011.yaml"]


def test_deleting_leaves_a_gap_in_the_order(repo: GitRepo) -> None:
    repo.remove(f"{BJ_DIR}/2018-110000-001.yaml")
    repo.commit()
    code, findings, _ = repo.gate(BJ, OPEN)
    assert code == 1 and codes(findings) == ["Q-004"]


def test_symlink_and_submodule(repo: GitRepo) -> None:
    os.symlink("/etc/passwd", repo.path / BJ_DIR / "2018-110000-003.yaml")
    os.symlink("/etc/passwd", repo.path / "passwd-link")
    repo.commit()
    inner = GitRepo(repo.path.parent / "inner")
    inner.commit("x")
    repo.git.git.update_index("--add", "--cacheinfo", f"160000,{inner.git.head.commit.hexsha},vendored")
    repo.git.git.commit("-qm", "submodule")
    _code, findings, _ = repo.gate("sfxm-maintainer-demo", OPEN)
    by_path = {(f["code"], f["path"]) for f in findings}
    assert ("L-002", f"{BJ_DIR}/2018-110000-003.yaml") in by_path
    assert ("G-006", "passwd-link") in by_path and ("G-006", "vendored") in by_path


def test_binary_and_oversized_files(repo: GitRepo) -> None:
    repo.write("tools/blob.bin", b"\x00\x01binary")
    repo.write("docs-big.txt", "x" * (6 * 1024 * 1024))
    repo.commit()
    findings = repo.gate("sfxm-maintainer-demo", OPEN)[1]
    assert {(f["code"], f["path"]) for f in findings} == {("G-007", "tools/blob.bin"), ("G-008", "docs-big.txt")}


def test_binary_declaration_and_file_outside_the_layout(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/2018-110000-003.yaml", b"\x00\x01\x02")
    repo.write(f"{BJ_DIR}/notes.docx", b"PK\x03\x04")
    repo.commit()
    findings = repo.gate(BJ, OPEN)[1]
    assert {(f["code"], f["path"].rsplit("/", 1)[-1]) for f in findings} == {
        ("Y-012", "2018-110000-003.yaml"),
        ("L-001", "notes.docx"),
    }


def test_renaming_into_another_unit(repo: GitRepo) -> None:
    repo.move(f"{BJ_DIR}/2018-110000-002.yaml", "submissions/2018/declarations/120000/2018-110000-002.yaml")
    repo.commit()
    code, findings, _ = repo.gate(BJ, OPEN)
    assert code == 1 and "G-009" in codes(findings)


def test_renaming_into_another_call(repo: GitRepo) -> None:
    repo.move(f"{BJ_DIR}/2018-110000-002.yaml", "submissions/2022/declarations/110000/2018-110000-002.yaml")
    repo.commit()
    code, findings, _ = repo.gate(BJ, "2022-06-10T10:00:00+08:00")
    assert code == 1 and "G-009" in codes(findings)


def test_expert_may_not_write_another_experts_scores(repo: GitRepo) -> None:
    repo.write("submissions/2018/review/scores/e02/2018-110000-001.yaml", SCORE.replace("expert: e01", "expert: e02"))
    repo.commit()
    code, findings, _ = repo.gate("expert-e01-demo", REVIEW)
    assert code == 1 and codes(findings) == ["G-002"]


def test_the_office_may_change_call_rules(repo: GitRepo) -> None:
    call = repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("17:00:00+08:00", "18:00:00+08:00"), encoding="utf-8")
    repo.commit()
    assert repo.gate(OFFICE, OPEN)[:2] == (0, [])


def test_the_office_changing_call_rules_badly_is_checked_as_written(repo: GitRepo) -> None:
    call = repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("quota: 10", "quota: 十"), encoding="utf-8")
    repo.commit()
    code, findings, _ = repo.gate(OFFICE, OPEN)
    assert code == 1 and codes(findings) == ["S-008"]


def test_summary_has_the_quota_table_and_fixes(repo: GitRepo, tmp_path: Path) -> None:
    for serial in range(3, 12):
        repo.declaration("110000", serial, applicant=serial, name=f"示例项目{serial}")
    repo.commit()
    summary = tmp_path / "summary.md"
    repo.gate(BJ, OPEN, summary=summary)
    text = summary.read_text(encoding="utf-8")
    assert "## sfxm 检查：❌ 未通过" in text
    assert (
        "名额 10" in text
        and "| 11 | 示例项目11 | **超出名额** |" in text
        and "| 1 | 京韵数字文博沉浸式体验平台 | 选取 |" in text
    )
    assert "Q-005 超过推荐名额" in text and "请撤回超出的申报书" in text


def test_bad_revision_is_a_usage_error(repo: GitRepo) -> None:
    code, _, err = repo.gate(BJ, OPEN, base="no-such-branch")
    assert code == 2 and "找不到提交" in err and "Traceback" not in err


def test_bad_now_is_a_usage_error(repo: GitRepo) -> None:
    code, _, err = repo.gate(BJ, "yesterday")
    assert code == 2 and "ISO 8601" in err


def test_score_before_review_starts(repo: GitRepo) -> None:
    repo.write("submissions/2018/review/scores/e01/2018-110000-001.yaml", SCORE)
    repo.commit()
    code, findings, _ = repo.gate("expert-e01-demo", CLOSED)
    assert code == 1 and codes(findings) == ["G-010"]


def test_score_after_the_proposed_list_is_published(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    repo.write("submissions/2018/review/scores/e01/2018-110000-001.yaml", SCORE)
    repo.write("submissions/2018/decision/proposed.yaml", "title: 示例名单\n")
    repo.commit("published")
    repo.branch("pr")
    path = repo.path / "submissions/2018/review/scores/e01/2018-110000-001.yaml"
    path.write_text(SCORE.replace("innovation: 85", "innovation: 95"), encoding="utf-8")
    repo.commit()
    code, findings, _ = repo.gate("expert-e01-demo", REVIEW)
    assert code == 1 and codes(findings) == ["G-011"]
