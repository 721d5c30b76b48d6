"""After the decision: status and timeline on real git repositories, append-only records,
record rules, case studies, official exports."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.cases import convert
from generator.load import FileSystemSource
from generator.repository import Repository
from generator.rules import check_repository
from generator.site.charts import bar_png
from generator.status import State, Statuses
from tests.conftest import ROOT, TempRepo, run_sfxm
from tests.gitrepo import EXPERTS, GitRepo
from tests.samples import word_document

OFFICE = "miit-office-demo"
REC = "submissions/2018/records"


def state(repo: GitRepo, ident: str) -> tuple[str, list[dict]]:
    result = run_sfxm("status", ident, "--format", "json", "--root", str(repo.path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return data["state"], data["timeline"]


PROPOSED = """\
title: 拟支持项目名单公示
publicity:
  start: 2018-09-20
  working_days: 5
  objections: {office: 示例项目办公室, email: objections@example.com}
projects: [2018-110000-001, 2018-110000-002, 2018-110000-003]
"""
FINAL = """\
title: 示范项目名单
published_on: 2018-10-15
text: 经评审和公示，确定以下项目为示范项目。
projects: [2018-110000-001, 2018-110000-003]
"""
WITHDRAWAL = "number: 撤〔2018〕1号\nproject: 2018-110000-002\nobjection: 公示期间收到异议，反映数据不实。\nreason: 经核实，用户规模数据不实。\n"
CHANGE_ENDS = (
    "number: 报〔2019〕1号\nproject: 2018-110000-003\nchange: 破产清算\ndescription: 承担单位进入破产清算程序，项目停止运营。\n"
    "effect: 终止实施\n"
)
INSPECTION_FAILED = (
    "number: 检〔2019〕1号\nproject: 2018-110000-001\ninspector: 示例评估中心（虚构）\ninspected_on: 2019-11-10\n"
    "result: 不合格\nfindings: 检查发现项目已停止对外服务，承诺内容未实施。\n"
)
REVOCATION = (
    "number: 示例〔2019〕9号\nproject: 2018-110000-001\ngrounds: [监督检查不合格]\nfacts: 监督检查不合格，承诺内容未实施。\n"
    "effective: 2019-12-20\ninspection: 2019-11-22-inspection-1\nnotice:\n  title: 关于取消某项目示范项目资格的通报\n"
    "  text: 经监督检查，该项目检查结论为不合格，决定取消其示范项目资格，现予通报。\n"
)


def test_every_status_transition_on_a_real_repository(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    for serial in range(1, 4):
        repo.declaration("110000", serial, applicant=serial, name=f"示例项目{serial}")
    for serial in range(1, 8):
        repo.declaration("440300", serial, applicant=serial, applicant_unit="440300", name=f"深圳项目{serial}")
    repo.commit("declarations", date="2018-07-10T09:00:00+08:00")
    assert state(repo, "2018-110000-001")[0] == "declared"
    not_taken, timeline = state(repo, "2018-440300-007")
    assert not_taken == "not_taken"
    assert timeline[0] == {"date": "2018-07-10", "event": "申报书提交到仓库", "record": None, "superseded_by": None}

    repo.write("submissions/2018/review/assignment.yaml", "seed: 1\nassignments: {}\n")
    repo.commit("assignment", date="2018-08-16T09:00:00+08:00")
    assert state(repo, "2018-110000-001")[0] == "under_review"

    repo.write("submissions/2018/decision/proposed.yaml", PROPOSED.replace("2018-110000-003]", "2018-110000-003]\n"))
    repo.commit("proposed", date="2018-09-20T09:00:00+08:00")
    assert state(repo, "2018-110000-001")[0] == "proposed"
    assert state(repo, "2018-440300-001")[0] == "not_proposed"
    events = [e["event"] for e in state(repo, "2018-110000-001")[1]]
    assert "列入拟支持项目名单公示，公示至 2018-09-27" in events

    repo.write(f"{REC}/2018-09-26-withdrawal-1.yaml", WITHDRAWAL)
    repo.commit("withdrawal")
    assert state(repo, "2018-110000-002")[0] == "withdrawn"

    repo.write("submissions/2018/decision/final.yaml", FINAL)
    repo.commit("final")
    assert state(repo, "2018-110000-001")[0] == "demonstration"
    assert state(repo, "2018-110000-002")[0] == "withdrawn"

    repo.write(f"{REC}/2019-05-10-change-1.yaml", CHANGE_ENDS)
    repo.commit("change report")
    assert state(repo, "2018-110000-003")[0] == "ended"

    repo.write(f"{REC}/2019-11-22-inspection-1.yaml", INSPECTION_FAILED)
    repo.write(f"{REC}/2019-12-20-revocation-1.yaml", REVOCATION)
    repo.commit("revocation")
    revoked, timeline = state(repo, "2018-110000-001")
    assert revoked == "revoked"
    assert [e["event"] for e in timeline][-2:] == [
        "监督检查（示例评估中心（虚构））：不合格",
        "取消示范项目资格并通报（生效日期 2019-12-20）",
    ]
    assert (
        check_repository(
            Repository(FileSystemSource(repo.path)),
            [
                "submissions/2018/decision/final.yaml",
                f"{REC}/2019-12-20-revocation-1.yaml",
                f"{REC}/2019-05-10-change-1.yaml",
                f"{REC}/2018-09-26-withdrawal-1.yaml",
            ],
        )
        == []
    )


def test_a_correction_supersedes_and_both_stay_visible(tmp_path: Path) -> None:
    repo = _published(tmp_path)
    repo.write(f"{REC}/2019-11-22-inspection-1.yaml", INSPECTION_FAILED)
    repo.commit("inspection")
    repo.write(
        f"{REC}/2019-11-30-inspection-2.yaml",
        INSPECTION_FAILED.replace("检〔2019〕1号", "检〔2019〕2号")
        .replace("result: 不合格", "result: 合格")
        .replace("检查发现项目已停止对外服务，承诺内容未实施。", "复核后确认项目运行正常，原结论有误。")
        + "supersedes: 2019-11-22-inspection-1\n",
    )
    repo.commit("corrected inspection")
    assert check_repository(Repository(FileSystemSource(repo.path)), [f"{REC}/2019-11-30-inspection-2.yaml"]) == []
    current, timeline = state(repo, "2018-110000-001")
    assert current == "demonstration"
    old = next(e for e in timeline if e["record"] == "2019-11-22-inspection-1")
    assert old["superseded_by"] == "2019-11-30-inspection-2"
    assert any(e["record"] == "2019-11-30-inspection-2" for e in timeline)
    text = run_sfxm("status", "2018-110000-001", "--root", str(repo.path)).stdout
    assert "（已被 2019-11-30-inspection-2 更正）" in text


def _published(tmp_path: Path) -> GitRepo:
    """main after the final list, valid for `sfxm check` (the gate judges the tree that lands)."""
    repo = GitRepo(tmp_path / "repo")
    for serial in range(1, 4):
        repo.declaration("110000", serial, applicant=serial, name=f"示例项目{serial}")
    call = repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("reviewers: 5", "reviewers: 2"), encoding="utf-8")
    repo.write("submissions/2018/review/experts.yaml", EXPERTS)
    ids = [f"2018-110000-00{serial}" for serial in range(1, 4)]
    repo.write(
        "submissions/2018/review/assignment.yaml",
        "seed: 1\nassignments:\n" + "".join(f'  "{i}": [e01, e02]\n' for i in ids),
    )
    for expert in ("e01", "e02"):
        for ident in ids:
            repo.write(f"submissions/2018/review/scores/{expert}/{ident}.yaml", _score(expert, ident))
    repo.write("submissions/2018/decision/proposed.yaml", PROPOSED)
    repo.write(f"{REC}/2018-09-26-withdrawal-1.yaml", WITHDRAWAL)
    repo.write("submissions/2018/decision/final.yaml", FINAL)
    repo.commit("published")
    return repo


def _score(expert: str, ident: str) -> str:
    return (
        f"declaration: {ident}\nexpert: {expert}\nscores: {{innovation: 85, demonstration: 80, promotion: 78, benefit: 82}}\n"
        "comments: 项目特色鲜明，技术路线清晰，建议加强推广。\nno_conflict: true\nsigned_on: 2018-08-20\n"
    )


@pytest.mark.parametrize(
    ("action", "path"),
    [
        ("edit", "submissions/2018/decision/final.yaml"),
        ("delete", "submissions/2018/decision/final.yaml"),
        ("edit", "submissions/2018/decision/proposed.yaml"),
        ("edit", f"{REC}/2018-09-26-withdrawal-1.yaml"),
        ("delete", f"{REC}/2018-09-26-withdrawal-1.yaml"),
        ("rename", f"{REC}/2018-09-26-withdrawal-1.yaml"),
    ],
)
def test_published_lists_and_records_are_append_only(tmp_path: Path, action: str, path: str) -> None:
    repo = _published(tmp_path)
    repo.branch("pr")
    if action == "edit":
        target = repo.path / path
        target.write_text(target.read_text(encoding="utf-8") + "# 悄悄修改\n", encoding="utf-8")
    elif action == "delete":
        repo.remove(path)
    else:
        repo.move(path, path.replace("withdrawal-1", "withdrawal-2"))
    repo.commit()
    code, findings, _ = repo.gate(OFFICE, "2019-01-10T10:00:00+08:00")
    assert code == 1 and "G-012" in {f["code"] for f in findings}


def test_adding_a_new_record_is_fine(tmp_path: Path) -> None:
    repo = _published(tmp_path)
    repo.branch("pr")
    repo.write(f"{REC}/2019-11-22-inspection-1.yaml", INSPECTION_FAILED)
    repo.commit()
    assert repo.gate(OFFICE, "2019-11-23T10:00:00+08:00")[:2] == (0, [])


# -- record rules on a copy of the sample --------------------------------------------------------


def _sample(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "submissions", root / "submissions")
    return root


def codes(root: Path, paths: list[str] | None = None) -> list[str]:
    return sorted(f.code for f in check_repository(Repository(FileSystemSource(root)), paths))


def test_the_sample_records_pass() -> None:
    paths = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "submissions/2018").rglob("*")
        if p.is_file() and ("/records/" in str(p) or "/decision/" in str(p) or "/cases/" in str(p))
    ]
    assert codes(ROOT, paths) == []


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        ("decision/final.yaml", "  - 2018-330000-002\n", "", ["A-001"]),
        ("decision/final.yaml", "  - 2018-330000-002\n", "  - 2018-330000-002\n  - 2018-310000-008\n", ["A-001"]),
        ("decision/final.yaml", "  - 2018-330000-002\n", "  - 2018-330000-002\n  - 2018-330000-002\n", ["A-001"]),
        ("decision/final.yaml", "published_on: 2018-10-15", "published_on: 2018-09-25", ["A-002"]),
        ("records/2019-11-20-inspection-1.yaml", "project: 2018-510000-002", "project: 2018-520000-001", ["A-004"]),
        ("records/2019-11-20-inspection-1.yaml", "project: 2018-510000-002", "project: 2018-110000-099", ["A-004"]),
        ("records/2019-05-10-change-1.yaml", "effect: 转由承继单位实施", "effect: 继续实施", ["A-006"]),
        (
            "records/2019-05-10-change-1.yaml",
            "credit_code: 91440399MA5FX8K2TD",
            "credit_code: 91440399MA5FX8K2T3",
            ["A-006"],
        ),
        (
            "records/2019-12-20-revocation-1.yaml",
            "inspection: 2019-11-22-inspection-2",
            "inspection: 2019-11-20-inspection-1",
            ["A-007"],
        ),
        ("records/2019-12-20-revocation-1.yaml", "inspection: 2019-11-22-inspection-2\n", "", ["A-007"]),
        (
            "records/2019-11-20-inspection-1.yaml",
            "number: 示例检查〔2019〕5号",
            "number: 示例检查〔2019〕6号",
            ["A-009", "A-009"],
        ),
        (
            "records/2019-11-20-inspection-1.yaml",
            "result: 合格",
            "result: 合格\nsupersedes: 2019-12-20-revocation-1",
            ["A-008"],
        ),
        (
            "records/2019-11-20-inspection-1.yaml",
            "methods: [实地检查, 问卷调查]",
            "methods: [实地检查, 实地检查]",
            ["A-019"],
        ),
        ("records/2019-11-20-inspection-1.yaml", "methods: [实地检查, 问卷调查]", "methods: [现场看看]", ["S-007"]),
        ("records/2019-11-20-inspection-1.yaml", "methods: [实地检查, 问卷调查]\n", "", []),  # older records: 未注明
    ],
)
def test_record_rules(tmp_path: Path, rel: str, old: str, new: str, expected: list[str]) -> None:
    root = _sample(tmp_path)
    path = root / "submissions/2018" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert codes(root, [f"submissions/2018/{rel}"]) == expected


def test_withdrawal_outside_publicity_and_final_without_proposed(tmp_path: Path) -> None:
    root = _sample(tmp_path)
    records = root / "submissions/2018/records"
    (records / "2018-09-26-withdrawal-1.yaml").rename(records / "2018-10-16-withdrawal-1.yaml")
    assert "A-005" in codes(root, ["submissions/2018/records/2018-10-16-withdrawal-1.yaml"])  # after the list
    (records / "2018-10-16-withdrawal-1.yaml").rename(records / "2018-09-19-withdrawal-1.yaml")
    assert "A-005" in codes(root, ["submissions/2018/records/2018-09-19-withdrawal-1.yaml"])  # before publicity
    (records / "2018-09-19-withdrawal-1.yaml").rename(records / "2018-10-08-withdrawal-1.yaml")
    assert codes(root, ["submissions/2018/records/2018-10-08-withdrawal-1.yaml"]) == []  # after it, before the list
    (root / "submissions/2018/decision/proposed.yaml").unlink()
    assert "A-003" in codes(root, ["submissions/2018/decision/final.yaml"])


def test_a_second_revocation_of_the_same_project(tmp_path: Path) -> None:
    root = _sample(tmp_path)
    first = root / "submissions/2018/records/2019-12-20-revocation-1.yaml"
    (root / "submissions/2018/records/2019-12-28-revocation-2.yaml").write_text(
        first.read_text(encoding="utf-8").replace("示例〔2019〕12号", "示例〔2019〕13号"), encoding="utf-8"
    )
    assert "A-010" in codes(root, ["submissions/2018/records/2019-12-28-revocation-2.yaml"])


def test_case_studies_are_checked(tmp_path: Path) -> None:
    root = _sample(tmp_path)
    cases = root / "submissions/2018/cases"
    (cases / "2018-310000-008.md").write_text("# 一个没有入选的项目\n", encoding="utf-8")  # withdrawn
    (cases / "2018-110000-009.md").write_text("# 已取消资格的项目\n", encoding="utf-8")  # revoked
    (cases / "2018-310000-003.md").write_text(
        "没有标题\n\n![图](assets/missing.png)\n![外部](https://example.com/x.png)\n", encoding="utf-8"
    )
    found = check_repository(
        Repository(FileSystemSource(root)),
        [
            "submissions/2018/cases/2018-310000-008.md",
            "submissions/2018/cases/2018-110000-009.md",
            "submissions/2018/cases/2018-310000-003.md",
        ],
    )
    assert sorted(f.code for f in found) == ["A-011", "A-012", "A-013", "A-013", "A-013"]
    assert next(f for f in found if f.code == "A-012").severity == "warning"


# -- case studies ----------------------------------------------------------------------------


def test_word_case_study_keeps_heading_table_and_image() -> None:
    chart = bar_png([50, 100], width=60, height=40)
    source = "# 案例标题\n\n## 做法\n\n| 指标 | 数值 |\n|---|---|\n| 用户 | 100 |\n\n![示意图](chart.png)\n\n- 第一条\n- 第二条\n"
    raw = word_document(source, {"chart.png": chart})
    converted = convert("2018-110000-001.docx", raw, {})
    assert converted.title == "案例标题"
    assert re.search(r"<h2[^>]*>做法</h2>", converted.html)
    assert re.search(r"<table[^>]*>.*<td>用户</td>.*<td>100</td>.*</table>", converted.html, re.DOTALL)
    assert "<li>第一条</li>" in converted.html
    ((name, data),) = converted.media.items()
    assert f'<img src="media/{name}"' in converted.html and data == chart


def test_case_study_drops_raw_html_unsafe_links_and_external_images() -> None:
    source = (
        "# 标题 <i>x</i>\n\n<script>alert(1)</script>\n\n正文 <b>加粗</b> [坏链接](javascript:alert(1)) "
        "[好链接](https://example.com) a < b & c\n\n![外部](https://example.com/x.png)\n\n"
        "<img src=x onerror=alert(1)>\n"
    )
    html = convert("2018-110000-001.md", source.encode(), {}).html
    assert "<script" not in html and "<b>" not in html and "onerror" not in html and "javascript:" not in html
    assert "坏链接" in html and '<a href="https://example.com">好链接</a>' in html
    assert "a &lt; b &amp; c" in html and "example.com/x.png" not in html


def test_status_command_errors() -> None:
    assert run_sfxm("status", "nonsense").returncode == 2
    result = run_sfxm("status", "2018-110000-099")
    assert result.returncode == 2 and "找不到" in result.stderr


# -- after publicity: withdrawals until the final list, projects not confirmed -------------------

FINAL_AFTER_DECISIONS = """\
title: 示范项目名单
published_on: 2018-10-15
text: 经评审、公示和研究，确定以下项目为示范项目。
projects: [2018-110000-001]
not_confirmed:
  - project: 2018-110000-003
    reason: 经研究，该项目尚不具备示范条件，暂不列入。
"""


def _after_publicity(tmp_path: Path, final: str = FINAL_AFTER_DECISIONS) -> TempRepo:
    repo = TempRepo(tmp_path / "repo")
    for serial in range(1, 4):
        repo.declaration("110000", serial, applicant=serial, name=f"示例项目{serial}")
    repo.write("submissions/2018/decision/proposed.yaml", PROPOSED)
    # publicity ends 2018-09-27; the applicant withdraws on 10-08, after it, before the list of 10-15
    repo.write(
        f"{REC}/2018-10-08-withdrawal-1.yaml",
        WITHDRAWAL.replace("公示期间收到异议，反映数据不实。", "公示期满后，申请主体申请撤回。"),
    )
    repo.write("submissions/2018/decision/final.yaml", final)
    return repo


def test_final_list_is_proposed_minus_withdrawn_minus_not_confirmed(tmp_path: Path) -> None:
    repo = _after_publicity(tmp_path)
    assert codes(repo.path, ["submissions/2018/decision/final.yaml", f"{REC}/2018-10-08-withdrawal-1.yaml"]) == []
    statuses = Statuses(Repository(FileSystemSource(repo.path)), "2018")
    withdrawn, not_confirmed = statuses.of("2018-110000-002"), statuses.of("2018-110000-003")
    assert withdrawn.state is State.WITHDRAWN and withdrawn.state.label == "名单公布前撤销"
    assert [e.label for e in withdrawn.events][-1] == "公示期满后、名单公布前经核实撤销"
    assert not_confirmed.state is State.NOT_CONFIRMED and not_confirmed.state.label == "经研究未列入示范项目名单"
    assert not_confirmed.not_confirmed == "经研究，该项目尚不具备示范条件，暂不列入。"
    assert (date(2018, 10, 15), "经研究未列入示范项目名单：经研究，该项目尚不具备示范条件，暂不列入。") in [
        (e.day, e.label) for e in not_confirmed.events
    ]
    assert statuses.of("2018-110000-001").state is State.DEMONSTRATION
    shown = run_sfxm("status", "2018-110000-003", "--root", str(repo.path))
    assert "状态：经研究未列入示范项目名单" in shown.stdout and "理由：经研究，该项目尚不具备示范条件" in shown.stdout
    data = json.loads(run_sfxm("status", "2018-110000-003", "--format", "json", "--root", str(repo.path)).stdout)
    assert data["state"] == "not_confirmed" and data["not_confirmed"].startswith("经研究")


def test_project_pages_show_the_withdrawal_and_the_decision_not_to_confirm(tmp_path: Path) -> None:
    from generator.site.data import collect
    from generator.site.pages import projects

    repo = _after_publicity(tmp_path)
    pages = projects.write(collect(Repository(FileSystemSource(repo.path))))
    withdrawn, not_confirmed = pages["projects/2018-110000-002.md"], pages["projects/2018-110000-003.md"]
    assert '!!! warning "名单公布前撤销"' in withdrawn and "公示期满后、名单公布前经核实撤销" in withdrawn
    assert '!!! warning "经研究未列入示范项目名单"' in not_confirmed
    assert "理由：经研究，该项目尚不具备示范条件，暂不列入。" in not_confirmed
    assert "2018-10-15" in not_confirmed.split("## 时间线")[1]


@pytest.mark.parametrize(
    ("final", "expected"),
    [
        # not confirmed, but not said so: the list misses it
        (FINAL_AFTER_DECISIONS.split("not_confirmed:")[0], ["A-001"]),
        # both on the list and not confirmed
        (
            FINAL_AFTER_DECISIONS.replace(
                "projects: [2018-110000-001]", "projects: [2018-110000-001, 2018-110000-003]"
            ),
            ["A-014"],
        ),
        # a withdrawn project also "not confirmed"
        (FINAL_AFTER_DECISIONS + "  - project: 2018-110000-002\n    reason: 经研究，该项目不列入名单。\n", ["A-014"]),
        # a project that was never proposed
        (FINAL_AFTER_DECISIONS + "  - project: 2018-110000-009\n    reason: 经研究，该项目不列入名单。\n", ["A-014"]),
        # the same project twice
        (FINAL_AFTER_DECISIONS + "  - project: 2018-110000-003\n    reason: 经研究，该项目不列入名单。\n", ["A-014"]),
        # no reason
        (FINAL_AFTER_DECISIONS.replace("    reason: 经研究，该项目尚不具备示范条件，暂不列入。\n", ""), ["S-001"]),
    ],
)
def test_not_confirmed_rules(tmp_path: Path, final: str, expected: list[str]) -> None:
    repo = _after_publicity(tmp_path, final)
    assert codes(repo.path, ["submissions/2018/decision/final.yaml"]) == expected


def test_the_sample_final_list_does_not_confirm_one_proposed_project() -> None:
    statuses = Statuses(Repository(FileSystemSource(ROOT)), "2018")
    status = statuses.of("2018-370000-003")
    assert status.state is State.NOT_CONFIRMED and "尚不具备示范条件" in status.not_confirmed


# -- who files a change report: the holder where the registry lists an account for it -------------


def test_change_report_filers_are_the_holder_or_else_the_recommending_unit() -> None:
    from generator.holders import change_report_filers, may_file_change_report

    repo = Repository(FileSystemSource(ROOT))
    # transferred by 2019-05-10-change-1 to a successor that roles.yaml lists with an account
    taken_over = change_report_filers(repo, "2018", "2018-440300-006")
    assert taken_over.by_holder and taken_over.credit_code == "91440399MA5FX8K2TD"
    assert taken_over.accounts == {"sfxm-demo-holder-kuatong"}
    assert may_file_change_report(repo, "2018", "2018-440300-006", "SFXM-Demo-Holder-Kuatong")
    assert not may_file_change_report(repo, "2018", "2018-440300-006", "sfxm-demo-440300")  # not the unit then
    # a holder without an account: its recommending unit files for it
    unlisted = change_report_filers(repo, "2018", "2018-110000-003")
    assert not unlisted.by_holder and unlisted.accounts == {"sfxm-demo-110000"}
    assert "代承担单位" in unlisted.label
    assert not may_file_change_report(repo, "2018", "2018-110000-003", "sfxm-demo-holder-kuatong")
    assert change_report_filers(repo, "2018", "2018-110000-099") is None


HOLDER = "  - credit_code: 91440399MA5FX8K2TD\n    name: 深圳市跨通数字科技集团有限公司（虚构）\n    accounts: [sfxm-demo-holder-kuatong]\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("credit_code: 91440399MA5FX8K2TD", "credit_code: 91440399MA5FX8K2T3", ["A-015"]),
        (HOLDER, HOLDER + HOLDER.replace("sfxm-demo-holder-kuatong", "sfxm-demo-holder-two"), ["A-016"]),
        ("credit_code: 91440399MA5FX8K2TD", "credit_code: 91440399MA5FX8K3TE", ["A-018"]),
        ("accounts: [sfxm-demo-holder-kuatong]", "accounts: [sfxm-demo-440300]", ["R-003"]),
        ("accounts: [sfxm-demo-holder-kuatong]", "accounts: []", ["S-004"]),
    ],
)
def test_holder_accounts_are_checked(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    root = _sample(tmp_path)
    roles = root / "submissions/registry/roles.yaml"
    text = roles.read_text(encoding="utf-8")
    assert old in text
    roles.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert codes(root, ["submissions/registry/roles.yaml"]) == expected
