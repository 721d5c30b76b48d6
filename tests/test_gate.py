"""The gate's machinery on real git repositories: failing closed, messages, reporters, the merge result.

The hostile and legitimate pull requests themselves are in ``test_gate_adversarial``; random
sequences of them in ``test_gate_stateful``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from generator import gate
from generator.gate import rules as gate_rules
from generator.gate.gitio import parse_raw_diff, parse_tree
from generator.rules import framework
from tests.conftest import ROOT
from tests.gitrepo import OPEN, GitRepo, make_base

BJ = "sfxm-demo-110000"
BJ_DIR = "submissions/2018/declarations/110000"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = make_base(tmp_path / "repo")
    repo.branch("pr")
    return repo


def sfxm_gate(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command on a repository (the fixtures' ``gate`` helper covers the usual options)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "gate", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


def codes(findings: list[dict]) -> list[str]:
    return sorted({f["code"] for f in findings})


def _add(repo: GitRepo, serial: int = 3) -> None:
    repo.declaration("110000", serial, applicant=serial, name=f"第{serial}个示例项目")


# -- failing closed ------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["base", "head"])
def test_a_revision_that_does_not_resolve_is_a_finding_in_chinese(repo: GitRepo, option: str) -> None:
    _add(repo)
    repo.commit()
    code, findings, err = repo.gate(BJ, OPEN, **{option: "nosuch"})
    assert (code, codes(findings), err) == (1, ["G-014"], "")
    (finding,) = findings
    assert finding["path"] == f"--{option}"
    assert f"找不到 --{option} 指定的提交“nosuch”" in finding["message"]
    assert "did not resolve" not in finding["message"] and "Traceback" not in finding["message"]


@pytest.mark.parametrize("rev", ["--output={target}", "main main", ""])
def test_a_revision_that_looks_like_an_option_is_refused(repo: GitRepo, rev: str, tmp_path: Path) -> None:
    target = tmp_path / "written-by-git"  # git would write here if the revision were taken as an option
    code, findings, _ = repo.gate(BJ, OPEN, base=rev.format(target=target))
    assert code == 1 and codes(findings) == ["G-014"] and "不是有效的分支名或提交编号" in findings[0]["message"]
    assert not target.exists()


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "submissions").mkdir()
    result = sfxm_gate(tmp_path, "--base", "main", "--actor", BJ)
    assert result.returncode == 1 and "G-014" in result.stdout and "不是 git 仓库" in result.stdout
    assert result.stderr == ""


def test_unrelated_histories(repo: GitRepo) -> None:
    repo.git.git.checkout("-q", "--orphan", "orphan")
    _add(repo)
    repo.commit("a branch with no common history")
    code, findings, _ = repo.gate(BJ, OPEN)
    assert code == 1 and codes(findings) == ["G-014"] and "没有共同的历史" in findings[0]["message"]


def test_a_shallow_clone_is_refused_not_passed(repo: GitRepo, tmp_path: Path) -> None:
    """CI with fetch-depth 1: the merge base is missing; the gate says so and refuses."""
    _add(repo)
    repo.commit()
    clone = tmp_path / "shallow"
    url = f"file://{repo.path}"
    subprocess.run(["git", "clone", "-q", "--depth=1", "--no-single-branch", url, str(clone)], check=True)
    result = sfxm_gate(clone, "--base", "origin/main", "--head", "origin/pr", "--actor", BJ, "--now", OPEN)
    assert result.returncode == 1 and "G-014" in result.stdout and "fetch-depth" in result.stdout
    assert result.stderr == ""


def test_a_git_too_old_for_merge_tree_is_refused(repo: GitRepo, tmp_path: Path) -> None:
    _add(repo)
    repo.commit()
    fake = tmp_path / "bin"
    fake.mkdir()
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True, check=True).stdout.strip()
    (fake / "git").write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do [ "$a" = merge-tree ] && { echo "error: unknown option \\`write-tree\'" >&2; exit 129; }; done\n'
        f'exec {real} "$@"\n',
        encoding="utf-8",
    )
    (fake / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "GIT_PYTHON_GIT_EXECUTABLE": str(fake / "git")}
    result = sfxm_gate(repo.path, "--base", "main", "--actor", BJ, "--now", OPEN, env=env)
    assert result.returncode == 1 and "G-014" in result.stdout and "git 版本太旧" in result.stdout


def test_a_bug_in_the_gate_refuses_with_its_own_code(repo: GitRepo, monkeypatch, capsys) -> None:
    """Any exception ends in exit 1 and G-013, never in exit 0; the traceback goes to a file."""
    _add(repo)
    repo.commit()

    def broken(change, ctx):
        """A rule with a bug."""
        raise KeyError("boom")

    monkeypatch.setattr(gate_rules, "CHANGE_CHECKS", [*gate_rules.CHANGE_CHECKS, broken])
    from generator.cli import main

    args = ["gate", "--root", str(repo.path), "--base", "main", "--actor", BJ, "--now", OPEN]
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out, err = capsys.readouterr()
    assert exit_.value.code == 1 and "G-013" in out and "KeyError" in out and err == ""
    report = out.split("请把 ", 1)[1].split(" 发给", 1)[0]
    assert "KeyError: 'boom'" in Path(report).read_text(encoding="utf-8")
    Path(report).unlink()
    monkeypatch.setenv("CI", "true")  # on a CI runner the log keeps the traceback
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out, err = capsys.readouterr()
    assert exit_.value.code == 1 and "G-013" in out and "KeyError: 'boom'" in err
    Path(out.split("请把 ", 1)[1].split(" 发给", 1)[0]).unlink()


def test_an_entry_whose_name_holds_a_slash_is_unreadable(repo: GitRepo) -> None:
    """A tree object written with --literally: the path does not resolve entry by entry."""
    blob = repo.raw("hash-object", "-w", "--stdin", stdin=b"x: 1\n").strip().decode()
    tree = repo.raw(
        "hash-object", "-t", "tree", "-w", "--literally", "--stdin", stdin=b"100644 a/b.yaml\0" + bytes.fromhex(blob)
    )
    repo.put(f"{BJ_DIR}/sub".encode(), mode="040000", oid=tree.strip().decode())
    code, findings, err = repo.gate(BJ, OPEN)
    assert code == 1 and "G-022" in codes(findings) and err == ""


def test_an_empty_or_blank_actor(repo: GitRepo) -> None:
    _add(repo)
    repo.commit()
    for actor in ("", "   "):
        code, findings, _ = repo.gate(actor, OPEN)
        assert code == 1 and codes(findings) == ["G-015"]


def test_the_raw_diff_and_tree_parsers_refuse_what_they_cannot_read() -> None:
    from generator.gate.gitio import GitFailure

    for broken in (b"garbage\0", b":100644 100644 abc def M\0"):
        with pytest.raises(GitFailure):
            parse_raw_diff(broken)
    with pytest.raises(GitFailure):
        parse_tree(b"100644 name-without-id")
    assert parse_raw_diff(b"") == []


# -- messages a non-programmer can act on ------------------------------------------------------------


def test_one_second_after_the_deadline_says_the_seconds(repo: GitRepo) -> None:
    _add(repo)
    repo.commit()
    _, findings, _ = repo.gate(BJ, "2018-07-31T17:00:01+08:00")
    (message,) = [f["message"] for f in findings if f["code"] == "G-004"]
    assert "已于 2018-07-31 17:00 北京时间 截止，现在是 2018-07-31 17:00:01 北京时间" in message
    _, findings, _ = repo.gate(BJ, "2018-07-31T17:00:00.250+08:00")
    assert "现在是 2018-07-31 17:00:00.25 北京时间" in findings[0]["message"]


def test_github_annotations_are_on_files_of_the_diff(repo: GitRepo) -> None:
    """C-007 is about a call.yaml the pull request never touched: it is shown on the file that caused it."""
    repo.declaration("110000", 1, call="2030", applicant=9)
    repo.commit()
    result = sfxm_gate(repo.path, "--base", "main", "--actor", BJ, "--now", OPEN, "--format", "github")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations and result.returncode == 1
    assert all("file=submissions/2030/declarations/110000/2030-110000-001.yaml," in a for a in annotations)
    assert any("title=C-007" in a and "submissions/2030/call.yaml" in a for a in annotations)


def test_a_problem_main_already_had_is_said_to_be_so(repo: GitRepo) -> None:
    """Main broken by a push around the gate: a pull request in the same call is refused, and told why."""
    repo.main()
    path = repo.path / BJ_DIR / "2018-110000-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 2\n", "order: 5\n"), encoding="utf-8")
    repo.commit("pushed to main without the gate")
    repo.branch("shanghai")
    repo.declaration("310000", 1, applicant=5)
    repo.commit()
    code, findings, _ = repo.gate("sfxm-demo-310000", OPEN)
    (q004,) = [f for f in findings if f["code"] == "Q-004"]
    assert code == 1 and q004["path"].endswith("2018-310000-001.yaml")
    assert (
        q004["message"].startswith("【主分支上已有的问题，不是本次修改造成的")
        and "2018-110000-002.yaml" in q004["message"]
    )


def test_summary_has_the_quota_table_and_fixes(repo: GitRepo, tmp_path: Path) -> None:
    for serial in range(3, 12):
        _add(repo, serial)
    repo.commit()
    summary = tmp_path / "summary.md"
    repo.gate(BJ, OPEN, summary=summary)
    text = summary.read_text(encoding="utf-8")
    assert "## sfxm 检查：❌ 未通过" in text
    assert "名额 10" in text and "| 11 | 第11个示例项目 | **超出推荐名额，未选取** |" in text
    assert "| 1 | 京韵数字文博沉浸式体验平台 | 选取 |" in text
    assert "G-017 超出推荐名额" in text and "请撤回排在名额之后的申报书" in text


def test_summary_of_a_gate_that_could_not_read_git(repo: GitRepo, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    code, _, _ = repo.gate(BJ, OPEN, base="nosuch", summary=summary)
    text = summary.read_text(encoding="utf-8")
    assert code == 1 and "❌ 未通过" in text and "G-014" in text


def test_bad_now_is_a_usage_error(repo: GitRepo) -> None:
    code, _, err = repo.gate(BJ, "yesterday")
    assert code == 2 and "ISO 8601" in err


# -- the gate's quota rule does not depend on Q-005 ------------------------------------------------------


def test_the_quota_rule_holds_whatever_check_says_about_q005(repo: GitRepo, monkeypatch) -> None:
    """Issue 13 makes Q-005 a warning in `sfxm check`; the gate's G-017 refuses on its own."""
    for serial in range(3, 12):
        _add(repo, serial)
    repo.commit()
    now = datetime.fromisoformat(OPEN)
    with_q005 = gate.run_gate(repo.path, "main", "HEAD", BJ, now).findings
    assert {f.code for f in with_q005} == {"G-017"}  # Q-005 is not said twice
    checks = framework.CHECKS[framework.Scope.UNIT]
    monkeypatch.setitem(
        framework.CHECKS, framework.Scope.UNIT, [c for c in checks if c.func.__name__ != "within_quota"]
    )
    without_q005 = gate.run_gate(repo.path, "main", "HEAD", BJ, now).findings
    assert [(f.code, f.path, f.is_error) for f in without_q005] == [("G-017", f"{BJ_DIR}/2018-110000-011.yaml", True)]


def test_a_file_added_into_a_folder_main_renamed_conflicts(repo: GitRepo) -> None:
    """git would move it silently into the renamed folder; the gate asks git to call it a conflict."""
    from tests.gitrepo import ASSIGNMENT

    repo.main()
    repo.git.git.mv("submissions/2018/review", "submissions/2018/review-old")
    repo.commit("moved on main")
    repo.git.git.checkout("-q", "pr")
    repo.write("submissions/2018/review/assignment.yaml", ASSIGNMENT)
    repo.commit()
    code, findings, _ = repo.gate("eval-agency-demo", "2018-08-01T10:00:00+08:00")
    (conflict,) = [f for f in findings if f["code"] == "G-016"]
    assert code == 1 and conflict["path"] == "submissions/2018/review/assignment.yaml"
    assert "submissions/2018/review-old/assignment.yaml" in conflict["message"]


def test_the_gate_leaves_no_process_or_pipe_behind(repo: GitRepo) -> None:
    """Run in one process many times (the stateful test, a service): git's pipes are closed each time."""
    _add(repo)
    repo.commit()
    now = datetime.fromisoformat(OPEN)

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    kept = [gate.run_gate(repo.path, "main", "HEAD", BJ, now)]  # a caller may keep its results (the summary)
    before = open_files()
    for _ in range(15):
        kept.append(gate.run_gate(repo.path, "main", "HEAD", BJ, now))
        assert kept[-1].findings == []
    assert open_files() <= before + 2
