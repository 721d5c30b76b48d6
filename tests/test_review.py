"""Expert review: aggregation and ranking by hand, assignment, score files, decisions, the report."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document as Docx

from generator import workdays
from generator.load import FileSystemSource
from generator.model.call import Aggregation, Criterion, ReviewRules
from generator.repository import Repository
from generator.review.aggregate import combine, evaluate, weighted
from generator.rules import check_repository
from tests.conftest import ROOT, TempRepo, run_sfxm
from tests.gitrepo import EXPERTS

D = Decimal


def rules(**changes) -> ReviewRules:
    base = dict(
        criteria=[
            Criterion(code="a", name="甲指标", weight=D("0.6"), max=100),
            Criterion(code="b", name="乙指标", weight=D("0.4"), max=50),
        ],
        reviewers=5,
        aggregation=Aggregation.TRIMMED_MEAN,
        trim_from=5,
        disagreement=D(15),
        tie_break=["b"],
    )
    return ReviewRules(**(base | changes))


# -- aggregation, by hand ---------------------------------------------------------------------


def test_weighted_score_by_hand() -> None:
    # a: 80/100 × 0.6 × 100 = 48; b: 40/50 × 0.4 × 100 = 32; total 80
    assert weighted({"a": D(80), "b": D(40)}, rules()) == D(80)
    # a: 75/100 × 60 = 45; b: 30/50 × 40 = 24; total 69
    assert weighted({"a": D(75), "b": D(30)}, rules()) == D(69)


def test_trimmed_mean_drops_highest_and_lowest_from_five() -> None:
    values = [D(60), D(70), D(72), D(74), D(95)]
    assert combine(values, rules()) == D(72)  # (70 + 72 + 74) / 3
    assert combine(values[:4], rules()) == D(69)  # four reviews: plain mean (60+70+72+74)/4
    assert combine(values, rules(aggregation=Aggregation.MEAN)) == D("74.2")
    assert combine(values, rules(aggregation=Aggregation.MEDIAN)) == D(72)
    assert combine(values[:4], rules(aggregation=Aggregation.MEDIAN)) == D(71)
    assert combine([], rules()) is None


def score(a: int, b: int) -> dict[str, Decimal]:
    return {"a": D(a), "b": D(b)}


def test_ranking_with_ties_missing_reviews_and_disagreement() -> None:
    scores = {
        # x1: five experts, weighted 80, 80, 80, 80, 80 → 80.
        "2018-110000-001": {f"e{i}": score(80, 40) for i in range(5)},
        # x2: also 80 in all, but b is higher (tie broken by criterion b): a 80/b 40 vs a 70/b 47.5 → 42+38=80.
        "2018-110000-002": {f"e{i}": {"a": D(70), "b": D("47.5")} for i in range(5)},
        # x3: same as x1 in every respect → tie on everything, broken by id (x1 before x3).
        "2018-110000-003": {f"e{i}": score(80, 40) for i in range(5)},
        # x4: three reviews of five, one far apart: 90, 88, 60 → mean 79.33…, disagreement 30 > 15.
        "2018-110000-004": {"e0": score(90, 45), "e1": score(88, 44), "e2": score(60, 30)},
        # x5: no review at all → not ranked.
        "2018-110000-005": {},
        # x6 in another direction: ranked on its own.
        "2018-110000-006": {f"e{i}": score(50, 25) for i in range(5)},
    }
    directions = {k: ("1" if not k.endswith("6") else "2") for k in scores}
    results = {r.id: r for r in evaluate(rules(), directions, scores)}
    assert results["2018-110000-002"].aggregate == D(80)
    assert [results[f"2018-110000-00{i}"].rank for i in (2, 1, 3, 4)] == [1, 2, 3, 4]
    x4 = results["2018-110000-004"]
    assert (x4.reviews, x4.missing) == (3, 2)
    assert x4.aggregate.quantize(D("0.01")) == D("79.33")
    assert x4.spread == D(30) and x4.disagrees(rules())
    assert not results["2018-110000-001"].disagrees(rules())
    assert results["2018-110000-005"].rank is None and results["2018-110000-005"].missing == 5
    assert results["2018-110000-006"].rank == 1


# -- assignment --------------------------------------------------------------------------------


@pytest.fixture
def review_repo(temp_repo: TempRepo) -> TempRepo:
    """Beijing and Shanghai with three declarations each, five experts, 2018 rules needing 3 reviewers."""
    call = temp_repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("  reviewers: 5", "  reviewers: 3"), encoding="utf-8")
    for serial in range(1, 4):
        temp_repo.declaration("110000", serial, applicant=serial, name=f"北京项目{serial}")
        temp_repo.declaration("310000", serial, applicant=10 + serial, name=f"上海项目{serial}")
    experts = (
        EXPERTS
        + "\n".join(
            [
                "  - {id: e03, name: 专家丙, account: expert-e03-demo, home_unit: '110000', directions: ['1']}",
                "  - {id: e04, name: 专家丁, account: expert-e04-demo, home_unit: '120000', directions: ['1']}",
                "  - {id: e05, name: 专家戊, account: expert-e05-demo, organizations: [{name: 示例申请主体01有限公司（虚构）}]}",
            ]
        )
        + "\n"
    )
    temp_repo.write("submissions/2018/review/experts.yaml", experts)
    return temp_repo


def test_assignment_is_balanced_conflict_free_and_repeatable(review_repo: TempRepo) -> None:
    result = run_sfxm("review", "assign", "--call", "2018", "--root", str(review_repo.path))
    assert result.returncode == 0, result.stderr
    path = review_repo.path / "submissions/2018/review/assignment.yaml"
    first = path.read_text(encoding="utf-8")
    data = yaml.safe_load(first)["assignments"]
    assert len(data) == 6 and all(len(set(v)) == 3 for v in data.values())
    for ident, experts in data.items():
        if "-310000-" in ident:
            assert "e01" not in experts  # e01's home unit is Shanghai
        else:
            assert "e03" not in experts  # e03's home unit is Beijing
    assert "e05" not in data["2018-110000-001"]  # e05 works for that applicant
    loads = [sum(e in v for v in data.values()) for e in ("e01", "e02", "e03", "e04", "e05")]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 18
    assert check_repository(Repository(FileSystemSource(review_repo.path))) == []
    run_sfxm("review", "assign", "--call", "2018", "--root", str(review_repo.path))
    assert path.read_text(encoding="utf-8") == first  # same inputs and seed, same assignment
    other = run_sfxm("review", "assign", "--call", "2018", "--seed", "7", "--dry-run", "--root", str(review_repo.path))
    assert other.returncode == 0 and path.read_text(encoding="utf-8") == first


def test_assignment_says_which_declarations_cannot_be_covered(review_repo: TempRepo) -> None:
    call = review_repo.path / "submissions/2018/call.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("  reviewers: 3", "  reviewers: 5"), encoding="utf-8")
    result = run_sfxm("review", "assign", "--call", "2018", "--root", str(review_repo.path))
    assert result.returncode == 1
    assert "2018-110000-001：只有 3 位专家没有回避关系，需要 5 位" in result.stdout
    assert "专家所在地区单位 110000 正是推荐单位（1 位）" in result.stdout
    assert "专家任职于申请主体（1 位）" in result.stdout
    assert not (review_repo.path / "submissions/2018/review/assignment.yaml").exists()


def _assign(repo: TempRepo) -> dict[str, list[str]]:
    assert run_sfxm("review", "assign", "--call", "2018", "--root", str(repo.path)).returncode == 0
    return yaml.safe_load((repo.path / "submissions/2018/review/assignment.yaml").read_text(encoding="utf-8"))[
        "assignments"
    ]


def _score(
    ident: str, expert: str, marks: str = "innovation: 80, demonstration: 82, promotion: 75, benefit: 78"
) -> str:
    return (
        f"declaration: {ident}\nexpert: {expert}\nscores: {{{marks}}}\ncomments: 项目特色鲜明，建议支持。\n"
        f"no_conflict: true\nsigned_on: 2018-08-20\n"
    )


def codes(repo: TempRepo, paths: list[str] | None = None) -> list[str]:
    return [f.code for f in check_repository(Repository(FileSystemSource(repo.path)), paths)]


def test_score_files_are_checked(review_repo: TempRepo) -> None:
    data = _assign(review_repo)
    ident = "2018-110000-001"
    expert = data[ident][0]
    shanghai = "2018-310000-001"
    other = next(e for e in ("e02", "e03", "e04", "e05") if e not in data[shanghai])  # free of conflict with it
    cases = {
        "ok": (f"{expert}/{ident}.yaml", _score(ident, expert), []),
        "place": (f"{expert}/{ident}.yaml", _score(ident, "e09"), ["E-010", "E-013"]),
        "not assigned": (f"{other}/{shanghai}.yaml", _score(shanghai, other), ["E-014"]),
        "conflict": (f"e03/{ident}.yaml", _score(ident, "e03"), ["E-014", "E-015"]),
        "missing": (
            f"{expert}/{ident}.yaml",
            _score(ident, expert, "innovation: 80, demonstration: 82, promotion: 75"),
            ["E-016"],
        ),
        "unknown and range": (
            f"{expert}/{ident}.yaml",
            _score(ident, expert, "innovation: 180, demonstration: 82, promotion: 75, benefit: 78, beauty: 9"),
            ["E-017", "E-018"],
        ),
        "early": (f"{expert}/{ident}.yaml", _score(ident, expert).replace("2018-08-20", "2018-08-01"), ["E-019"]),
        "unknown expert": (f"e77/{ident}.yaml", _score(ident, "e77"), ["E-013"]),
        "unknown declaration": (f"{expert}/2018-110000-009.yaml", _score("2018-110000-009", expert), ["E-012"]),
    }
    for label, (rel, text, expected) in cases.items():
        path = review_repo.write(f"submissions/2018/review/scores/{rel}", text)
        got = sorted(set(codes(review_repo, [path.relative_to(review_repo.path).as_posix()])))
        assert got == expected, label
        path.unlink()


def test_scores_without_review_rules(review_repo: TempRepo) -> None:
    data = _assign(review_repo)
    call = review_repo.path / "submissions/2018/call.yaml"
    text = call.read_text(encoding="utf-8")
    call.write_text(text[: text.index("review:")] + text[text.index("eligibility:") :], encoding="utf-8")
    ident = "2018-110000-001"
    path = review_repo.write(
        f"submissions/2018/review/scores/{data[ident][0]}/{ident}.yaml", _score(ident, data[ident][0])
    )
    assert "E-011" in codes(review_repo, [path.relative_to(review_repo.path).as_posix()])


def test_experts_file_rules(review_repo: TempRepo) -> None:
    path = review_repo.path / "submissions/2018/review/experts.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: e04", "id: e02").replace("account: expert-e05-demo", "account: sfxm-demo-110000")
    text = text.replace("home_unit: '120000'", "home_unit: '990000'").replace(
        "directions: ['1']}", "directions: ['99']}", 1
    )
    path.write_text(text, encoding="utf-8")
    got = sorted(codes(review_repo, ["submissions/2018/review/experts.yaml"]))
    assert got == ["E-001", "E-001", "E-002", "E-003", "E-004"]


def test_assignment_file_rules(review_repo: TempRepo) -> None:
    _assign(review_repo)
    path = review_repo.path / "submissions/2018/review/assignment.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if "2018-310000-003" not in ln]  # one declaration left out (E-009)
    lines = [ln for ln in lines if "2018-110000-003" not in ln and "2018-310000-002" not in ln]
    lines.append('  "2018-310000-002": [e02, e04, e05, e02]')  # four, one twice (E-008)
    lines.append('  "2018-120000-001": [e01, e02, e04]')  # no such declaration (E-005)
    lines.append('  "2018-110000-003": [e03, e77, e02]')  # conflict e03 (E-007), unknown e77 (E-006)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = sorted(codes(review_repo, ["submissions/2018/review/assignment.yaml"]))
    assert got == ["E-005", "E-006", "E-007", "E-008", "E-009"]


def test_review_weights_and_criteria_rules(temp_repo: TempRepo) -> None:
    call = temp_repo.path / "submissions/2018/call.yaml"
    text = call.read_text(encoding="utf-8").replace(
        "weight: 0.2\n      max: 100\n      description: 经济效益",
        "weight: 0.3\n      max: 100\n      description: 经济效益",
    )
    text = text.replace("code: benefit", "code: innovation").replace(
        "tie_break: [demonstration, innovation]", "tie_break: [beauty]"
    )
    call.write_text(text, encoding="utf-8")
    assert sorted(codes(temp_repo, ["submissions/2018/call.yaml"])) == ["C-008", "C-009", "C-009"]


# -- decisions ---------------------------------------------------------------------------------


def test_publicity_end_counts_working_days() -> None:
    # 2018-09-20 (Thu) + 5 working days: 20, 21, [22 Sat, 23 Sun, 24 Mid-Autumn], 25, 26, 27.
    assert workdays.period_end(date(2018, 9, 20), 5) == date(2018, 9, 27)
    # 2018-09-29 (Sat) and 09-30 (Sun) were worked in exchange for the National Day holiday, 10-01..07.
    assert workdays.period_end(date(2018, 9, 28), 2) == date(2018, 9, 29)
    assert workdays.period_end(date(2018, 9, 28), 3) == date(2018, 9, 30)
    assert workdays.period_end(date(2018, 9, 28), 4) == date(2018, 10, 8)
    with pytest.raises(workdays.UnknownYear):
        workdays.period_end(date(2099, 1, 5), 3)


def _sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(ROOT / "submissions", target / "submissions")
    return target


def test_the_sample_proposed_list_passes(tmp_path: Path) -> None:
    root = _sample_copy(tmp_path)
    assert check_repository(Repository(FileSystemSource(root)), ["submissions/2018/decision/proposed.yaml"]) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("projects:\n  - ", "projects:\n  - 2018-110000-099\n  # - "), ["P-001"]),
        (lambda t: t.replace("projects:\n  - ", "projects:\n  - 2018-520000-003\n  # - "), ["P-002"]),
        (
            lambda t: t.rsplit("\n  - ", 1)[0] + "\n" + t[t.index("  - 2018") : t.index("\n", t.index("  - 2018")) + 1],
            ["P-003"],
        ),
        (lambda t: t.replace("start: 2018-09-20", "start: 2018-08-01"), ["P-005"]),
        (lambda t: t.replace("start: 2018-09-20", "start: 2099-09-20"), ["P-006"]),
    ],
)
def test_proposed_list_rules(tmp_path: Path, edit, expected: list[str]) -> None:
    root = _sample_copy(tmp_path)
    path = root / "submissions/2018/decision/proposed.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    found = check_repository(Repository(FileSystemSource(root)), ["submissions/2018/decision/proposed.yaml"])
    assert sorted({f.code for f in found}) == expected


def test_proposed_list_limits(tmp_path: Path) -> None:
    root = _sample_copy(tmp_path)
    call = root / "submissions/2018/call.yaml"
    call.write_text(
        call.read_text(encoding="utf-8")
        .replace("proposal_limit: 30", "proposal_limit: 20")
        .replace("per_direction_limit: 4", "per_direction_limit: 2"),
        encoding="utf-8",
    )
    found = check_repository(Repository(FileSystemSource(root)), ["submissions/2018/decision/proposed.yaml"])
    assert [f.code for f in found] == ["P-004"] * 11  # over 20 in all, and 10 directions over 2
    assert "本批次共拟支持 30 个项目" in found[0].message or any("本批次共" in f.message for f in found)


def test_proposed_without_review_rules(tmp_path: Path) -> None:
    root = _sample_copy(tmp_path)
    call = root / "submissions/2018/call.yaml"
    text = call.read_text(encoding="utf-8")
    call.write_text(text[: text.index("# 评审规则为示例")] + text[text.index("eligibility:") :], encoding="utf-8")
    found = check_repository(Repository(FileSystemSource(root)), ["submissions/2018/decision/proposed.yaml"])
    assert "P-007" in {f.code for f in found}


# -- the report --------------------------------------------------------------------------------


def test_report_markdown_docx_and_csv(tmp_path: Path) -> None:
    result = run_sfxm("review", "report", "--call", "2018", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "review-report-2018.md").read_text(encoding="utf-8")
    assert "不公开" in md and "缺评 1 份" in md and "分歧较大" in md
    raw = (tmp_path / "review-report-2018.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["批次", "方向", "排名", "申报编号"] and len(rows) == 61
    docx = Docx(str(tmp_path / "review-report-2018.docx"))
    assert len(docx.tables) == 10
    assert docx.tables[0].rows[0].cells[1].text == "申报编号"


def test_report_is_reproducible_from_the_sample(tmp_path: Path) -> None:
    """The sample proposed list is the top three fully reviewed declarations of each direction."""
    from generator.review.results import call_results

    repo = Repository(FileSystemSource(ROOT))
    results = call_results(repo, "2018")
    proposed = yaml.safe_load((ROOT / "submissions/2018/decision/proposed.yaml").read_text(encoding="utf-8"))[
        "projects"
    ]
    for ident in proposed:
        r = next(x for x in results if x.id == ident)
        assert r.missing == 0 and r.rank is not None
    assert len(proposed) == 30
    _ = json
