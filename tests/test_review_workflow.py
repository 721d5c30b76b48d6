"""The review as an agency and its experts run it, on real git repositories: repair after a late
conflict, set-aside records, progress, score forms, the report and the draft proposed list."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import layout
from generator.load import FileSystemSource
from generator.repository import Repository
from generator.review.results import read_review
from generator.rules import check_repository
from tests.conftest import ROOT, run_sfxm
from tests.gitrepo import GitRepo

AGENCY = "eval-agency-demo"
REPAIR_DAY = "2018-08-25T18:00:00+08:00"
ASSIGNMENT = "submissions/2018/review/assignment.yaml"
EXPERTS_PATH = "submissions/2018/review/experts.yaml"
MARKS = "innovation: 80, demonstration: 82, promotion: 75, benefit: 78"
EXPERTS = """\
experts:
  - {id: e01, name: 专家甲（虚构）, account: expert-e01-demo, home_unit: '310000', directions: ['1']}
  - {id: e02, name: 专家乙（虚构）, account: expert-e02-demo, home_unit: '440000', directions: ['1']}
  - {id: e03, name: 专家丙（虚构）, account: expert-e03-demo, home_unit: '110000', directions: ['1']}
  - {id: e04, name: 专家丁（虚构）, account: expert-e04-demo, home_unit: '120000', directions: ['1']}
  - {id: e05, name: 专家戊（虚构）, account: expert-e05-demo, organizations: [{name: 示例申请主体01有限公司（虚构）}]}
  - {id: e06, name: 专家己（虚构）, account: expert-e06-demo, home_unit: '320000'}
"""


def score_text(
    ident: str, expert: str, marks: str = MARKS, *, signed: str = "2018-08-20", no_conflict: str = "true"
) -> str:
    return (
        f"declaration: {ident}\nexpert: {expert}\nscores: {{{marks}}}\ncomments: 项目特色鲜明，建议支持。\n"
        f"no_conflict: {no_conflict}\nsigned_on: {signed}\n"
    )


def add_to_expert(repo: GitRepo, expert: str, *, organization: str | None = None, recusal: str | None = None) -> None:
    """Edit one expert's line of the list: a former employer, or a declared conflict."""
    lines = []
    for line in (repo.path / EXPERTS_PATH).read_text(encoding="utf-8").splitlines():
        if f"id: {expert}," in line:
            if organization and "organizations" in line:
                line = line.replace("}]}", f"}}, {{name: {organization}}}]}}")
            elif organization:
                line = line[:-1] + f", organizations: [{{name: {organization}}}]}}"
            if recusal:
                line = line[:-1] + f", recusals: ['{recusal}']}}"
        lines.append(line)
    repo.write(EXPERTS_PATH, "\n".join(lines) + "\n")


def sfxm(repo: GitRepo, *args: str):
    return run_sfxm(*args, "--root", str(repo.path))


def assignment(repo: GitRepo) -> dict[str, list[str]]:
    return yaml.safe_load((repo.path / ASSIGNMENT).read_text(encoding="utf-8"))["assignments"]


def counted(repo: GitRepo) -> set[tuple[str, str]]:
    review = read_review(Repository(FileSystemSource(repo.path)), "2018")
    return {pair for pair, found in review.files.items() if found.counts}


def check_codes(repo: GitRepo) -> list[str]:
    return sorted(f.code for f in check_repository(Repository(FileSystemSource(repo.path))))


@pytest.fixture(scope="module")
def scored_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main after scoring began: 6 declarations × 3 reviewers of 6 experts, every score committed."""
    repo = GitRepo(tmp_path_factory.mktemp("scored") / "repo")
    call = repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("  reviewers: 5", "  reviewers: 3"), encoding="utf-8")
    for serial in range(1, 4):
        repo.declaration("110000", serial, applicant=serial, name=f"北京项目{serial}")
        repo.declaration("310000", serial, applicant=10 + serial, name=f"上海项目{serial}")
    repo.write(EXPERTS_PATH, EXPERTS)
    assert sfxm(repo, "review", "assign", "--call", "2018").returncode == 0
    for ident, experts in assignment(repo).items():
        for expert in experts:
            repo.write(f"submissions/2018/review/scores/{expert}/{ident}.yaml", score_text(ident, expert))
    repo.commit("scores", date="2018-08-21T10:00:00+08:00")
    assert check_codes(repo) == []
    return repo.path


@pytest.fixture
def scored(scored_template: Path, tmp_path: Path) -> GitRepo:
    """A fresh copy of the scored repository (working tree and history) for each test."""
    import git

    shutil.copytree(scored_template, tmp_path / "repo", symlinks=True)
    repo = GitRepo.__new__(GitRepo)
    repo.path = tmp_path / "repo"
    repo.git = git.Repo(repo.path)
    return repo


# -- repair -------------------------------------------------------------------------------------


def test_a_conflict_found_after_scoring_is_repaired_without_touching_other_work(scored: GitRepo) -> None:
    before = assignment(scored)
    counted_before = counted(scored)
    assert len(counted_before) == 18
    # The agency learns that one reviewer of 2018-310000-001 used to work for its applicant, and
    # another reviewer declares a conflict with 2018-110000-002.
    late, ident = before["2018-310000-001"][0], "2018-310000-001"
    recused, other = before["2018-110000-002"][-1], "2018-110000-002"
    add_to_expert(scored, late, organization="示例申请主体11有限公司（虚构）")
    add_to_expert(scored, recused, recusal=other)
    scores_before = {p: p.read_bytes() for p in (scored.path / "submissions/2018/review/scores").rglob("*.yaml")}
    # What main would say without a repair: the assignment and the two scores are now wrong.
    assert check_codes(scored) == ["E-007", "E-007", "E-015", "E-015"]

    # A plain assign refuses: it would reshuffle finished work.
    plain = sfxm(scored, "review", "assign", "--call", "2018")
    assert plain.returncode == 1 and "--repair" in plain.stderr and "已有 18 份评分" in plain.stderr
    assert assignment(scored) == before

    repaired = sfxm(scored, "review", "assign", "--call", "2018", "--repair", "--date", "2018-08-25")
    assert repaired.returncode == 0, repaired.stderr
    after = assignment(scored)
    # Only the conflicted pairs changed: each lost its conflicted expert and gained one other.
    for key, experts in before.items():
        if key == ident:
            removed, added = set(experts) - set(after[key]), set(after[key]) - set(experts)
            assert removed == {late} and len(added) == 1 and late not in after[key]
        elif key == other:
            removed, added = set(experts) - set(after[key]), set(after[key]) - set(experts)
            assert removed == {recused} and len(added) == 1
        else:
            assert after[key] == experts, key
        assert len(set(after[key])) == 3
    assert (
        f"{ident}：移除 {late}（须回避：专家任职于申请主体“示例申请主体11有限公司（虚构）”；其已提交的评分登记为不予采用）"
        in repaired.stdout
    )
    assert f"{other}：移除 {recused}（须回避：专家本人声明须回避；其已提交的评分登记为不予采用）" in repaired.stdout
    assert "保留 16 对分配，其中 16 对已提交评分，全部继续有效" in repaired.stdout
    # No committed score was invalidated, and no expert's file was touched or deleted.
    assert counted(scored) == counted_before - {(ident, late), (other, recused)}
    assert {
        p: p.read_bytes() for p in (scored.path / "submissions/2018/review/scores").rglob("*.yaml")
    } == scores_before
    # The two scores are set aside by a record of the agency, which the layout gives to the agency.
    record = "submissions/2018/review/set-aside/2018-08-25-1.yaml"
    info = layout.classify(record)
    assert info is not None and info.kind is layout.Kind.SET_ASIDE and info.owner is layout.Owner.AGENCY
    entries = yaml.safe_load((scored.path / record).read_text(encoding="utf-8"))["scores"]
    assert {(e["expert"], e["declaration"]) for e in entries} == {(late, ident), (recused, other)}
    assert all(e["reason"].startswith("须回避：") for e in entries)
    # Main passes once the repaired assignment and the record are committed with the expert list.
    assert check_codes(scored) == []
    scored.commit("repair", date="2018-08-25T10:00:00+08:00")
    again = sfxm(scored, "review", "assign", "--call", "2018", "--repair", "--date", "2018-08-26")
    assert again.returncode == 0 and "分配无需修复" in again.stdout
    assert not (scored.path / "submissions/2018/review/set-aside/2018-08-26-1.yaml").exists()
    # The report shows the set-aside scores and names the reviewers still missing.
    out = scored.path / "report"
    assert sfxm(scored, "review", "report", "--call", "2018", "--out", str(out)).returncode == 0
    md = (out / "review-report-2018.md").read_text(encoding="utf-8")
    assert "## 不予采用的评分" in md and "2018-08-25-1.yaml" in md and "专家本人声明须回避" in md
    listed = json.loads(sfxm(scored, "review", "progress", "--call", "2018", "--format", "json").stdout)["set_aside"]
    assert {(x["expert"], x["declaration"], x["recorded_on"]) for x in listed} == {
        (late, ident, "2018-08-25"),
        (recused, other, "2018-08-25"),
    }
    (new,) = set(after[ident]) - set(before[ident])
    assert f"缺评 1 份：{new}" in md


def test_the_agencys_repair_passes_the_gate_and_an_expert_cannot_write_a_record(scored: GitRepo) -> None:
    before = assignment(scored)
    late = before["2018-310000-002"][0]
    add_to_expert(scored, late, recusal="2018-310000-002")
    scored.branch("repair")
    assert sfxm(scored, "review", "assign", "--call", "2018", "--repair", "--date", "2018-08-25").returncode == 0
    scored.commit("repair")
    # The gate's clock is the day of the repair: a record may not be dated ahead of today (G-021).
    code, findings, err = scored.gate(AGENCY, REPAIR_DAY)
    assert (code, findings) == (0, []), err
    # The same record committed by the expert is refused: it is the agency's.
    scored.main()
    scored.branch("expert")
    scored.write(
        "submissions/2018/review/set-aside/2018-08-25-1.yaml",
        f"scores:\n  - expert: {late}\n    declaration: 2018-310000-002\n    reason: 我不想评了\n",
    )
    scored.commit("expert")
    code, findings, _ = scored.gate(f"expert-{late}-demo", REPAIR_DAY)
    assert code == 1 and "G-002" in {f["code"] for f in findings}


def test_a_merged_set_aside_record_is_never_edited_or_deleted(scored: GitRepo) -> None:
    """The agency's own record is append-only once on main (G-023): an edit and a deletion are refused."""
    before = assignment(scored)
    late = before["2018-310000-002"][0]
    add_to_expert(scored, late, recusal="2018-310000-002")
    assert sfxm(scored, "review", "assign", "--call", "2018", "--repair", "--date", "2018-08-25").returncode == 0
    scored.commit("repair merged")
    record = "submissions/2018/review/set-aside/2018-08-25-1.yaml"
    text = (scored.path / record).read_text(encoding="utf-8")
    scored.branch("edit")
    scored.write(record, text.replace("专家本人声明须回避", "专家本人声明须回避（补充说明）"))
    scored.commit("edit the record")
    code, findings, _ = scored.gate(AGENCY, REPAIR_DAY)
    assert code == 1 and [(f["code"], f["path"]) for f in findings] == [("G-023", record)]
    assert "不能修改" in findings[0]["message"]
    scored.main()
    scored.branch("delete")
    scored.remove(record)
    scored.commit("delete the record")
    code, findings, _ = scored.gate(AGENCY, REPAIR_DAY)
    assert code == 1 and "G-023" in {f["code"] for f in findings}
    # A second record, added beside the first, is the way to say more.
    scored.main()
    scored.branch("more")
    scored.write(record.replace("-1.yaml", "-2.yaml"), text)
    scored.commit("a second record")
    code, findings, _ = scored.gate(AGENCY, REPAIR_DAY)
    assert "G-023" not in {f["code"] for f in findings}


def test_set_aside_records_are_checked(scored: GitRepo) -> None:
    pair = next(iter(assignment(scored).items()))
    ident, expert = pair[0], pair[1][0]
    scored.write(
        "submissions/2018/review/set-aside/2018-08-25-1.yaml",
        f"scores:\n  - expert: {expert}\n    declaration: {ident}\n    reason: 专家因病无法完成评审\n"
        f"  - expert: {expert}\n    declaration: {ident}\n    reason: 重复登记\n"
        "  - expert: e01\n    declaration: 2018-120000-001\n    reason: 写错的编号\n",
    )
    found = check_repository(Repository(FileSystemSource(scored.path)))
    # Set aside but still assigned (E-021, with the repair to run), twice (E-023), an unknown declaration (E-022).
    assert sorted(f.code for f in found) == ["E-021", "E-022", "E-023"]
    e021 = next(f for f in found if f.code == "E-021")
    assert "sfxm review assign --call 2018 --repair" in e021.message
    # The set-aside score itself is no longer the expert's problem: nothing in it is reported,
    # not even a declared conflict or a mark over the maximum.
    scored.write(
        f"submissions/2018/review/scores/{expert}/{ident}.yaml",
        score_text(ident, expert, MARKS.replace("80", "180"), no_conflict="false"),
    )
    found = check_repository(Repository(FileSystemSource(scored.path)))
    assert sorted(f.code for f in found) == ["E-021", "E-022", "E-023"]
    # A name outside the pattern is outside the layout.
    assert layout.classify("submissions/2018/review/set-aside/note.yaml") is None


def test_repair_replaces_experts_who_left_and_records_their_scores(scored: GitRepo) -> None:
    before = assignment(scored)
    gone = "e06"
    text = (scored.path / EXPERTS_PATH).read_text(encoding="utf-8")
    scored.write(EXPERTS_PATH, "\n".join(ln for ln in text.splitlines() if "id: e06" not in ln) + "\n")
    result = sfxm(scored, "review", "assign", "--call", "2018", "--repair", "--date", "2018-08-25")
    assert result.returncode == 0, result.stderr
    after = assignment(scored)
    touched = {k for k, v in before.items() if gone in v}
    assert touched and all(gone not in v and len(v) == 3 for v in after.values())
    assert all(after[k] == v for k, v in before.items() if k not in touched)
    assert "已不在专家名单中" in result.stdout
    assert check_codes(scored) == []


def test_repair_says_when_no_expert_is_left(scored: GitRepo) -> None:
    call = scored.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("  reviewers: 3", "  reviewers: 6"), encoding="utf-8")
    before = (scored.path / ASSIGNMENT).read_bytes()
    result = sfxm(scored, "review", "assign", "--call", "2018", "--repair")
    assert result.returncode == 1 and "没有写入任何文件" in result.stdout
    assert "需要 6 位" in result.stdout
    assert (scored.path / ASSIGNMENT).read_bytes() == before


def test_repair_of_an_unreadable_assignment_refuses(scored: GitRepo) -> None:
    scored.write(ASSIGNMENT, "seed: 1\nassignments: [oops]\n")
    result = sfxm(scored, "review", "assign", "--call", "2018", "--repair")
    assert result.returncode == 1 and "无法修复" in result.stderr and "Traceback" not in result.stderr


# -- progress -----------------------------------------------------------------------------------


def test_progress_counts_match_the_files(scored: GitRepo) -> None:
    data = assignment(scored)
    scores_dir = scored.path / "submissions/2018/review/scores"
    # Take some files away, break one, sign one late, declare a conflict in one.
    idents = sorted(data)
    missing = [(idents[0], data[idents[0]][0]), (idents[1], data[idents[1]][1])]
    for ident, expert in missing:
        (scores_dir / expert / f"{ident}.yaml").unlink()
    broken = (idents[2], data[idents[2]][0])
    (scores_dir / broken[1] / f"{broken[0]}.yaml").write_text("declaration: [\n", encoding="utf-8")
    late = (idents[3], data[idents[3]][0])
    (scores_dir / late[1] / f"{late[0]}.yaml").write_text(score_text(*late, signed="2018-09-10"), encoding="utf-8")
    # The sample call's review deadline is 2018-09-07 17:00 Beijing time.
    result = sfxm(scored, "review", "progress", "--call", "2018", "--format", "json", "--now", "2018-09-08T09:00:00")
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    # Independently from the files: what each expert was given and which files are there and sound.
    files = {(p.stem, p.parent.name) for p in scores_dir.rglob("*.yaml")}
    for row in got["experts"]:
        mine = sorted(i for i, es in data.items() if row["expert"] in es)
        present = [i for i in mine if (i, row["expert"]) in files and (i, row["expert"]) != broken]
        assert row["assigned"] == len(mine)
        assert row["scored"] == len(present)
        assert row["missing_declarations"] == sorted(set(mine) - set(present))
        # After the deadline every missing review is late, and so is a score signed after it.
        expected_late = sorted(set(mine) - set(present)) + ([late[0]] if late[1] == row["expert"] else [])
        assert sorted(row["late_declarations"]) == sorted(expected_late)
    assert got["totals"] == {
        "declarations": 6,
        "complete": 3,
        "assigned": 18,
        "scored": 15,
        "missing": 3,
        "late": 4,
        "disagreement": 0,
        "set_aside": 0,
    }
    by_id = {d["declaration"]: d for d in got["declarations"]}
    assert by_id[idents[0]]["missing_experts"] == [data[idents[0]][0]]
    assert by_id[broken[0]]["reviews"] == 2
    row = next(r for r in got["experts"] if r["expert"] == broken[1])
    assert row["problems"] == {broken[0]: "评分文件有误，未通过检查（见 sfxm check）"}
    # The text view names the missing reviewers; the expert's own view lists their work.
    text_view = sfxm(scored, "review", "progress", "--call", "2018", "--now", "2018-09-08T09:00:00+08:00")
    assert f"{idents[0]}  有效评分 2/3；缺评：{data[idents[0]][0]}" in text_view.stdout
    assert "评审截止时间 2018-09-07 17:00（北京时间），已过" in text_view.stdout
    mine = sfxm(scored, "review", "progress", "--call", "2018", "--expert", missing[0][1])
    assert mine.returncode == 0 and "未评" in mine.stdout and "sfxm review score --call 2018 --all" in mine.stdout
    assert sfxm(scored, "review", "progress", "--call", "2018", "--expert", "e77").returncode == 2
    # A late-signed score is a warning of the check (E-026), not an error.
    assert check_codes(scored).count("E-026") == 1


def test_reading_scores_on_two_cores_gives_what_one_core_gives() -> None:
    from generator.review.results import _Summary

    repo = Repository(FileSystemSource(ROOT))
    paths = repo.score_paths("2018")
    summary = _Summary(repo.call("2018").review)
    one = repo.summarize(paths, summary, parallel_from=10**9)
    other = Repository(FileSystemSource(ROOT))
    two = other.summarize(paths, summary, parallel_from=0)
    assert len(one) == len(paths) > 200 and one == two
    if threading.active_count() == 1:  # (with threads it never forks, and reads everything here)
        # The second half was read by the forked child, not by this process.
        assert not set(paths[len(paths) // 2 :]) & set(other._loaded)
    # A child that fails leaves the work to this process: the same results.
    parent = os.getpid()

    def fails_in_child(loaded):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return summary(loaded)

    assert Repository(FileSystemSource(ROOT)).summarize(paths, fails_in_child, parallel_from=0) == one


# -- score forms ----------------------------------------------------------------------------------


def _fill(text: str) -> str:
    for code, mark in (("innovation", 81), ("demonstration", 77), ("promotion", 70.5), ("benefit", 88)):
        text = text.replace(f"  {code}:\n", f"  {code}: {mark}\n")
    return (
        text.replace("comments: |\n  \n", "comments: |\n  创新点明确，示范带动作用较强，建议支持。\n")
        .replace("no_conflict:\n", "no_conflict: true\n")
        .replace("signed_on:\n", "signed_on: 2018-08-22\n")
    )


def test_an_expert_writes_fills_and_checks_a_score_form(scored: GitRepo) -> None:
    data = assignment(scored)
    ident = "2018-110000-003"
    expert = data[ident][0]
    path = scored.path / f"submissions/2018/review/scores/{expert}/{ident}.yaml"
    path.unlink()
    # The account comes from `git config sfxm.actor`, as the pre-push hook takes it.
    assert sfxm(scored, "review", "score", "--call", "2018", "--declaration", ident).returncode == 2
    with scored.git.config_writer() as config:
        config.set_value("sfxm", "actor", f"expert-{expert}-demo")
    made = run_sfxm("review", "score", "--call", "2018", "--declaration", ident, cwd=scored.path)
    assert made.returncode == 0, made.stderr
    form = path.read_text(encoding="utf-8")
    for line in (
        "  # 创新性（满分 100，权重 0.3）：技术、模式或服务的创新程度",
        "  innovation:",
        f"declaration: {ident}",
    ):
        assert line in form
    assert "北京项目3" in form
    # Unfilled, it says what is missing in words for an expert, with every criterion.
    rel = path.relative_to(scored.path).as_posix()
    unfilled = check_repository(Repository(FileSystemSource(scored.path)), [rel])
    assert [f.code for f in unfilled] == ["S-001"] * 3
    assert not any("见模板中的说明" in f.message for f in unfilled)
    half = _fill(form)
    for code in ("innovation", "demonstration", "promotion", "benefit"):
        half = half.replace(f"  {code}: ", f"  {code}:\n  # ")
    path.write_text(half, encoding="utf-8")
    no_marks = check_repository(Repository(FileSystemSource(scored.path)), [rel])
    assert [f.code for f in no_marks] == ["E-016"] * 4
    assert all("innovation（创新性，满分 100）" in f.message for f in no_marks)
    path.write_text(_fill(form), encoding="utf-8")
    assert sfxm(scored, "check", str(path)).returncode == 0
    # Never overwritten; --all skips what exists and writes nothing new.
    again = sfxm(
        scored, "review", "score", "--call", "2018", "--declaration", ident, "--account", f"expert-{expert}-demo"
    )
    assert again.returncode == 1 and "没有覆盖" in again.stderr
    every = sfxm(scored, "review", "score", "--call", "2018", "--all", "--account", f"expert-{expert}-demo")
    assert every.returncode == 0 and "都已有评分文件" in every.stdout


def test_score_forms_are_refused_to_whom_they_do_not_belong(scored: GitRepo) -> None:
    data = assignment(scored)
    ident = "2018-110000-002"
    outsider = next(e for e in ("e01", "e02", "e03", "e04", "e05", "e06") if e not in data[ident])
    nobody = sfxm(scored, "review", "score", "--call", "2018", "--declaration", ident, "--account", "someone-else")
    assert nobody.returncode == 1 and "不是批次 2018 的评审专家" in nobody.stderr
    stranger = sfxm(
        scored, "review", "score", "--call", "2018", "--declaration", ident, "--account", f"expert-{outsider}-demo"
    )
    assert stranger.returncode == 1 and "没有分配给您" in stranger.stderr
    assert f"sfxm review progress --call 2018 --expert {outsider}" in stranger.stderr
    # A conflict the agency knows of (declared by the expert): told to stop and whom to tell.
    reviewer = data[ident][0]
    (scored.path / f"submissions/2018/review/scores/{reviewer}/{ident}.yaml").unlink()
    add_to_expert(scored, reviewer, recusal=ident)
    conflicted = sfxm(
        scored, "review", "score", "--call", "2018", "--declaration", ident, "--account", f"expert-{reviewer}-demo"
    )
    assert conflicted.returncode == 1 and "您须回避这份申报书" in conflicted.stderr and "--repair" in conflicted.stderr
    assert not (scored.path / f"submissions/2018/review/scores/{reviewer}/{ident}.yaml").exists()


@pytest.mark.parametrize(
    ("marks", "no_conflict", "expected", "words"),
    [
        (
            "创新性: 80, demonstration: 82, promotion: 75, benefit: 78",
            "true",
            ["E-016", "E-017"],
            "“创新性”是指标名称，请写它的代码 innovation",
        ),
        (
            "inovation: 80, demonstration: 82, promotion: 75, benefit: 78",
            "true",
            ["E-016", "E-017"],
            "是不是 innovation",
        ),
        (MARKS, "false", ["E-020"], "有利益冲突的请不要评分"),
    ],
)
def test_messages_for_experts_speak_to_experts(scored: GitRepo, marks: str, no_conflict: str, expected, words) -> None:
    ident, experts = next(iter(assignment(scored).items()))
    rel = f"submissions/2018/review/scores/{experts[0]}/{ident}.yaml"
    scored.write(rel, score_text(ident, experts[0], marks, no_conflict=no_conflict))
    found = check_repository(Repository(FileSystemSource(scored.path)), [rel])
    assert sorted(f.code for f in found) == expected
    assert any(words in f.message for f in found)
    assert not any("申报" in f.message and "不能申报" in f.message for f in found)
    if "E-017" in expected:
        assert "本批次的指标：innovation（创新性，满分 100）" in next(f.message for f in found if f.code == "E-017")
    # A score with a declared conflict does not count.
    assert (ident, experts[0]) not in counted(scored)


# -- the draft proposed list --------------------------------------------------------------------


def _sample_without_decisions(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "submissions", root / "submissions")
    for name in ("proposed.yaml", "final.yaml"):
        (root / f"submissions/2018/decision/{name}").unlink()
    shutil.rmtree(root / "submissions/2018/records")
    shutil.rmtree(root / "submissions/2018/cases")
    return root


def test_the_draft_proposed_list_follows_the_ranking_within_the_limits(tmp_path: Path) -> None:
    from generator.review.aggregate import sort_key
    from generator.review.results import call_results

    root = _sample_without_decisions(tmp_path)
    out = tmp_path / "notes"
    result = run_sfxm("review", "propose", "--call", "2018", "--root", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = root / "submissions/2018/decision/proposed.yaml"
    chosen = yaml.safe_load(path.read_text(encoding="utf-8"))["projects"]
    repo = Repository(FileSystemSource(root))
    rules = repo.call("2018").review
    results = {r.id: r for r in call_results(repo, "2018")}
    complete = [r for r in results.values() if r.aggregate is not None and not r.missing]
    # Every limit holds, only fully reviewed declarations are in, each direction's are its best.
    assert len(chosen) == len(set(chosen)) == rules.proposal_limit
    per = {}
    for ident in chosen:
        per.setdefault(results[ident].direction, []).append(ident)
        assert not results[ident].missing
    assert max(len(v) for v in per.values()) <= rules.per_direction_limit
    for direction, ids in per.items():
        ranked = sorted((r for r in complete if r.direction == direction), key=lambda r: sort_key(r, rules))
        assert ids == [r.id for r in ranked[: len(ids)]]
    # And across directions: anything better left out was left out for its direction's limit.
    lowest = min(sort_key(results[i], rules) for i in chosen)
    for r in complete:
        if r.id not in chosen and sort_key(r, rules) < lowest:
            assert len(per[r.direction]) == rules.per_direction_limit
    # The draft is public-safe (no scores), and once the office fills the publicity it passes.
    text = path.read_text(encoding="utf-8")
    assert "." not in text.split("projects:")[1].replace("yaml", "")
    text = text.replace("  start:\n", "  start: 2018-09-20\n").replace("  working_days:\n", "  working_days: 5\n")
    text = text.replace("    office:\n", "    office: 工业和信息化部信息化和软件服务业司（示例）\n")
    path.write_text(text, encoding="utf-8")
    assert check_repository(repo.__class__(FileSystemSource(root)), ["submissions/2018/decision/proposed.yaml"]) == []
    # The side report gives the reason for each exclusion at the margin.
    notes = (out / "proposed-draft-2018.md").read_text(encoding="utf-8")
    assert "不公开" in notes and "已达上限 4 个" in notes and "拟支持总数已达上限 30 个" in notes
    assert "评审未完成（有效评分 4/5 份），不能列入；未交或无效的评分：e20" in notes
    # A committed list is never overwritten.
    again = run_sfxm("review", "propose", "--call", "2018", "--root", str(root))
    assert again.returncode == 1 and "没有覆盖" in again.stderr


def test_the_draft_can_be_tightened_but_not_widened(tmp_path: Path) -> None:
    root = _sample_without_decisions(tmp_path)
    wide = run_sfxm("review", "propose", "--call", "2018", "--root", str(root), "--per-direction", "5")
    assert wide.returncode == 2 and "超过批次规定的上限 4" in wide.stderr
    tight = run_sfxm(
        "review", "propose", "--call", "2018", "--root", str(root), "--total", "12", "--per-direction", "2", "--dry-run"
    )
    assert tight.returncode == 0 and "草稿列入 12 个项目" in tight.stdout
    assert not (root / "submissions/2018/decision/proposed.yaml").exists()


# -- the report's Word document ---------------------------------------------------------------


def test_the_reports_word_document_is_what_pandoc_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows filled into pandoc's own row markup give, byte for byte, pandoc's document of the whole table."""
    import zipfile

    from generator.review import docx, report

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1537401600")
    parts = report.blocks(report.build(Repository(FileSystemSource(ROOT)), "2018"))
    fast, slow = tmp_path / "fast.docx", tmp_path / "slow.docx"
    docx.write(parts, fast, "报告")
    docx._pandoc(docx.markdown(parts), slow, "报告")
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(slow) as b:
        assert a.namelist() == b.namelist()
        for name in b.namelist():
            assert a.read(name) == b.read(name), name
    # Should pandoc ever write the token row differently, the whole document comes from pandoc.
    monkeypatch.setattr(docx, "_fill", lambda xml, tables: (_ for _ in ()).throw(docx.TemplateMismatch("x")))
    fallback = tmp_path / "fallback.docx"
    docx.write(parts, fallback, "报告")
    assert fallback.read_bytes() == slow.read_bytes()


def test_cell_runs_keep_text_and_east_asian_hints() -> None:
    from generator.review.docx import runs

    assert runs("e01 78.50；e02 80") == (
        '<w:r><w:t xml:space="preserve">e01 </w:t></w:r>'
        '<w:r><w:rPr><w:rFonts w:hint="eastAsia" /></w:rPr><w:t xml:space="preserve">78.50；e02</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> 80</w:t></w:r>'
    )
    assert runs("A & B <c>\x01") == '<w:r><w:t xml:space="preserve">A &amp; B &lt;c&gt;</w:t></w:r>'
    assert runs("") == ""


# -- the repair, as an invariant ------------------------------------------------------------------

UNITS = ("110000", "310000", "440000", "120000")


def _candidates(count: int):
    from generator.review.assign import Candidate

    base = Repository(FileSystemSource(ROOT)).declaration_by_id("2018", "2018-110000-001").model
    out = []
    for n in range(count):
        unit = UNITS[n % len(UNITS)]
        applicant = base.applicant.model_copy(update={"name": f"示例申请主体{n:02d}有限公司（虚构）"})
        ident = f"2018-{unit}-{n + 1:03d}"
        out.append(Candidate(ident, unit, base.model_copy(update={"id": ident, "applicant": applicant})))
    return out


@st.composite
def review_state(draw):
    from generator.model.review import Expert, Organization

    candidates = _candidates(draw(st.integers(2, 7)))
    idents = [c.id for c in candidates]
    experts = []
    for n in range(draw(st.integers(3, 8))):
        experts.append(
            Expert(
                id=f"e{n:02d}",
                name=f"专家{n:02d}",
                account=f"expert-{n:02d}",
                home_unit=draw(st.sampled_from([None, *UNITS])),
                organizations=[
                    Organization(name=f"示例申请主体{k:02d}有限公司（虚构）")
                    for k in draw(st.sets(st.integers(0, 8), max_size=2))
                ],
                recusals=draw(st.lists(st.sampled_from(idents), max_size=2, unique=True)),
            )
        )
    known = [e.id for e in experts] + ["e99"]  # e99: an expert no longer on the list
    current = {
        ident: draw(st.lists(st.sampled_from(known), max_size=4))
        for ident in idents[: draw(st.integers(0, len(idents)))]
    }
    current["2018-990000-001"] = draw(st.lists(st.sampled_from(known), max_size=2))  # left the review
    pairs = sorted({(i, e) for i, es in current.items() for e in es})
    scored = set(draw(st.lists(st.sampled_from(pairs), unique=True))) if pairs else set()
    set_aside = set(draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2))) if pairs else set()
    return candidates, experts, draw(st.integers(1, 3)), draw(st.integers(0, 99)), current, scored, set_aside


@settings(max_examples=80, deadline=None)
@given(review_state())
def test_a_repair_keeps_every_sound_pair_and_replaces_only_the_others(state) -> None:
    from generator.review.assign import assign
    from generator.review.conflicts import conflicts

    candidates, experts, reviewers, seed, current, scored, set_aside = state
    by_id = {e.id: e for e in experts}
    outcome = assign(candidates, experts, reviewers, seed, current=current, scored=scored, set_aside=set_aside)
    again = assign(candidates, experts, reviewers, seed, current=current, scored=scored, set_aside=set_aside)
    assert (outcome.assignments, outcome.uncovered) == (again.assignments, again.uncovered)  # repeatable
    assert "2018-990000-001" not in outcome.assignments
    for c in candidates:
        old = list(dict.fromkeys(current.get(c.id, [])))
        sound = [
            e
            for e in old
            if e in by_id and (c.id, e) not in set_aside and not conflicts(by_id[e], c.declaration, c.unit)
        ]
        if c.id in outcome.uncovered:
            assert c.id not in outcome.assignments
            continue
        new = outcome.assignments[c.id]
        # The required number of distinct experts, each on the list, free of conflict, not set aside.
        assert len(new) == len(set(new)) == reviewers
        for e in new:
            assert e in by_id and (c.id, e) not in set_aside and not conflicts(by_id[e], c.declaration, c.unit)
        # Every sound pair is kept (scored ones first when there are more than required) …
        if len(sound) <= reviewers:
            assert set(sound) <= set(new)
        else:
            scored_sound = [e for e in sound if (c.id, e) in scored]
            assert set(scored_sound[:reviewers]) <= set(new) and set(new) <= set(sound)
        # … and a declaration whose experts were all sound and enough is left as it was.
        if len(sound) == len(old) == reviewers:
            assert sorted(old) == new
            assert c.id not in outcome.changes or outcome.changes[c.id].duplicates
    # Every committed score left without its assignment is set aside by the record, never lost.
    records = outcome.set_aside(scored, set_aside)
    assigned = {(i, e) for i, es in outcome.assignments.items() for e in es}
    assert {(i, e) for e, i, _ in records} == scored - assigned - set_aside
    assert all(reason for _, _, reason in records)


def test_recusals_and_the_review_deadline_are_checked(scored: GitRepo) -> None:
    add_to_expert(scored, "e01", recusal="2018-110000-009")  # no such declaration (E-024, a warning)
    call = scored.path / "submissions/2018/call.yaml"
    text = call.read_text(encoding="utf-8").replace(
        "deadline: 2018-09-07T17:00:00+08:00", "deadline: 2018-08-10T17:00:00+08:00"
    )
    call.write_text(text, encoding="utf-8")
    found = check_repository(Repository(FileSystemSource(scored.path)), [EXPERTS_PATH, "submissions/2018/call.yaml"])
    assert [(f.code, f.severity.value) for f in found] == [("E-025", "error"), ("E-024", "warning")]
    assert "评审截止时间 2018-08-10T17:00:00+08:00 不晚于评审开始时间 2018-08-15T09:00:00+08:00" in found[0].message


# -- a new call, start to finish ------------------------------------------------------------------

REVIEW_2026 = """review:
  criteria:
    - {code: value, name: 应用价值, weight: 0.4, max: 40, description: 满足信息消费需求的程度}
    - {code: tech, name: 技术水平, weight: 0.35, max: 35}
    - {code: outlook, name: 推广前景, weight: 0.25, max: 25}
  reviewers: 3
  aggregation: mean
  disagreement: 20
  tie_break: [value]
  deadline: 2026-09-10T17:00:00+08:00
  proposal_limit: 3
  per_direction_limit: 2
eligibility:"""


def test_a_2026_call_from_assignment_to_draft_list(tmp_path: Path) -> None:
    """A call with other criteria and limits, no sample data: every step an agency and its experts take."""
    repo = GitRepo(tmp_path / "repo")
    text = (ROOT / "submissions/2018/call.yaml").read_text(encoding="utf-8")
    text = text.replace('id: "2018"', 'id: "2026"').replace("year: 2018", "year: 2026").replace("2018年", "2026年")
    text = text.replace("2018-0", "2026-0").replace("sample: true", "sample: false")
    text = text[: text.index("review:")] + REVIEW_2026 + text[text.index("eligibility:") + len("eligibility:") :]
    repo.write("submissions/2026/call.yaml", text)
    for serial, direction in ((1, "1"), (2, "1"), (3, "1"), (4, "2")):
        repo.declaration(
            "110000",
            serial,
            call="2026",
            applicant=serial,
            name=f"二〇二六项目{serial}",
            replace={
                "direction: 1\n": f"direction: {direction}\n",
                "verified_on: 2018-07-20": "verified_on: 2026-07-20",
            },
        )
    repo.write("submissions/2026/review/experts.yaml", EXPERTS)
    where = ("--call", "2026", "--root", str(repo.path))
    assert run_sfxm("review", "assign", *where).returncode == 0
    data = yaml.safe_load((repo.path / "submissions/2026/review/assignment.yaml").read_text(encoding="utf-8"))
    marks = {"2026-110000-001": (36, 30, 20), "2026-110000-002": (30, 30, 20), "2026-110000-003": (38, 33, 24)}
    marks["2026-110000-004"] = (20, 20, 15)
    for expert in sorted({e for es in data["assignments"].values() for e in es}):
        made = run_sfxm("review", "score", *where, "--all", "--account", f"expert-{expert}-demo")
        assert made.returncode == 0, made.stderr
        for path in (repo.path / f"submissions/2026/review/scores/{expert}").glob("*.yaml"):
            form = path.read_text(encoding="utf-8")
            assert "  # 应用价值（满分 40，权重 0.4）：满足信息消费需求的程度\n  value:\n" in form
            for code, mark in zip(("value", "tech", "outlook"), marks[path.stem], strict=True):
                form = form.replace(f"  {code}:\n", f"  {code}: {mark}\n")
            path.write_text(
                form.replace("comments: |\n  \n", "comments: |\n  方案可行，效益测算依据较充分。\n")
                .replace("no_conflict:\n", "no_conflict: true\n")
                .replace("signed_on:\n", "signed_on: 2026-08-25\n"),
                encoding="utf-8",
            )
    assert run_sfxm("check", "--root", str(repo.path)).returncode == 0
    repo.commit("scores")
    progress = json.loads(
        run_sfxm("review", "progress", *where, "--format", "json", "--now", "2026-09-01T10:00").stdout
    )
    assert progress["totals"]["complete"] == 4 and progress["totals"]["missing"] == 0
    # A mark over this call's maximum (35) is named with this call's criteria.
    ident, experts = sorted(data["assignments"].items())[0]
    path = repo.path / f"submissions/2026/review/scores/{experts[0]}/{ident}.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("  tech: 30\n", "  tech: 60\n"), encoding="utf-8")
    over = run_sfxm("check", str(path), "--root", str(repo.path))
    assert "E-018" in over.stdout and "请按满分 35 打分" in over.stdout
    path.write_text(good, encoding="utf-8")
    # The draft: three in all, two per direction at most; the best two of direction 1 and the one of 2.
    assert run_sfxm("review", "propose", *where, "--out", str(tmp_path / "notes")).returncode == 0
    chosen = yaml.safe_load((repo.path / "submissions/2026/decision/proposed.yaml").read_text(encoding="utf-8"))
    assert chosen["projects"] == ["2026-110000-003", "2026-110000-001", "2026-110000-004"]
    assert chosen["title"] == "2026年信息消费试点示范项目拟支持项目名单公示"  # read back as written, no quotes
    notes = (tmp_path / "notes/proposed-draft-2026.md").read_text(encoding="utf-8")
    assert "2026-110000-002" in notes and "方向 1（数字创意内容和服务）已达上限 2 个" in notes


def test_files_of_a_commit_are_never_read_by_a_forked_child(scored: GitRepo) -> None:
    """A commit is read through one `git cat-file` process, which two processes must not share."""
    from generator.load import GitTreeSource
    from generator.review.results import _Summary

    repo = Repository(GitTreeSource(scored.git, "HEAD"))
    paths = repo.score_paths("2018")
    got = repo.summarize(paths, _Summary(repo.call("2018").review), parallel_from=0)
    assert len(got) == len(paths) == 18 and all(s[0] is None for s in got)
    assert set(paths) <= set(repo._loaded)  # every one read here


def test_the_draft_breaks_ties_by_the_calls_criteria_and_says_when_only_the_id_decided() -> None:
    from decimal import Decimal as D

    from generator.review.aggregate import evaluate
    from generator.review.propose import draft

    call = Repository(FileSystemSource(ROOT)).call("2018")
    rules = call.review.model_copy(update={"proposal_limit": 2, "per_direction_limit": 2})
    call = call.model_copy(update={"review": rules})
    same = {"innovation": D(80), "demonstration": D(80), "promotion": D(80), "benefit": D(80)}
    # 001 and 003: the same weighted score (80), but 003 scores higher on demonstration, the first
    # tie-break; 002 is identical to 001 in everything, so only the id puts it after 001.
    shifted = {"innovation": D(70), "demonstration": D(90), "promotion": D(80), "benefit": D(80)}
    scores = {
        "2018-110000-001": {f"e{i}": same for i in range(5)},
        "2018-110000-002": {f"e{i}": same for i in range(5)},
        "2018-110000-003": {f"e{i}": shifted for i in range(5)},
    }
    results = evaluate(rules, dict.fromkeys(scores, "1"), scores)
    made = draft(call, results)
    assert [r.id for r in made.ordered()] == ["2018-110000-003", "2018-110000-001"]
    (margin,) = made.margin
    assert margin.result.id == "2018-110000-002"
    assert "拟支持总数已达上限 2 个" in margin.reason and "与已列入的 2018-110000-001 完全同分" in margin.reason


PATH_PARTS = [
    "submissions",
    "registry",
    "2018",
    "2026-b",
    "review",
    "scores",
    "set-aside",
    "declarations",
    "110000",
    "attachments",
    "decision",
    "records",
    "cases",
    "assets",
    "e05",
    "2018-110000-001.yaml",
    "a.pdf",
    "units.yaml",
    "roles.yaml",
    "call.yaml",
    "experts.yaml",
    "assignment.yaml",
    "2018-08-25-1.yaml",
    "proposed.yaml",
    "final.yaml",
    "2019-01-02-change-1.yaml",
    "README.md",
    "x.png",
    "2018-110000-001.md",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PATH_PARTS), min_size=2, max_size=6))
def test_at_most_one_kind_of_file_matches_a_path(parts: list[str]) -> None:
    """The layout's patterns are disjoint: the order they are tried in changes no classification."""
    path = "/".join(parts)
    assert sum(1 for _, pattern in layout._PATTERNS if pattern.fullmatch(path)) <= 1
    for example in (
        "submissions/2018/review/scores/e05/2018-110000-001.yaml",
        "submissions/2018/review/set-aside/2018-08-25-1.yaml",
        "submissions/2018/declarations/110000/2018-110000-001.yaml",
        "submissions/2018/declarations/110000/attachments/a.pdf",
    ):
        assert sum(1 for _, pattern in layout._PATTERNS if pattern.fullmatch(example)) == 1
