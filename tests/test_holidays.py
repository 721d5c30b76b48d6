"""The holiday calendar as data: the office's file over the library, its checks, and what the site says."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from generator import layout, workdays
from generator.load import FileSystemSource
from generator.repository import Repository
from generator.rules import check_repository
from generator.site.data import collect
from generator.site.pages.calls import publicity_page
from tests.conftest import ROOT
from tests.gitrepo import make_base
from tests.liverepo import FICTIONAL_2027, add_holidays_2027

PROPOSED = "submissions/2018/decision/proposed.yaml"


def _sample_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "submissions", root / "submissions")
    return root


def _check(root: Path, paths: list[str] | None = None) -> list:
    return check_repository(Repository(FileSystemSource(root)), paths)


def test_the_2026_notice_as_entered_agrees_with_the_library_on_every_day() -> None:
    repo = Repository(FileSystemSource(ROOT))
    assert repo.holidays is not None and [y.year for y in repo.holidays.years] == [2026]
    cal = workdays.calendar(repo)
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert cal.day(date(2026, 2, 14)).kind == "makeup" and cal.day(date(2026, 2, 14)).holiday == "春节"
    assert "国务院办公厅关于2026年部分节假日安排的通知" in cal.day(date(2026, 10, 8)).source
    # Years the file does not hold come from the library.
    assert "chinesecalendar" in cal.day(date(2018, 9, 24)).source
    assert cal.day(date(2018, 9, 24)).label == "中秋节假期"


def test_a_2027_publicity_period_needs_the_notice_and_says_where_to_enter_it(tmp_path: Path) -> None:
    root = _sample_copy(tmp_path)
    proposed = root / PROPOSED
    proposed.write_text(
        proposed.read_text(encoding="utf-8")
        .replace("start: 2018-09-20", "start: 2027-01-25")
        .replace("working_days: 5", "working_days: 10"),
        encoding="utf-8",
    )
    (p006,) = [f for f in _check(root, [PROPOSED]) if f.code == "P-006"]
    assert layout.HOLIDAYS_PATH in p006.message and "国务院办公厅关于2027年部分节假日安排的通知" in p006.message
    assert (p006.path, p006.line) == (PROPOSED, 6)

    add_holidays_2027(root)
    # Entering the notice is enough: checking the holiday file alone re-checks every proposed list.
    found = _check(root, [layout.HOLIDAYS_PATH])
    assert not [f for f in found if f.code == "P-006" or f.code.startswith("H-")]
    repo = Repository(FileSystemSource(root))
    cal = workdays.calendar(repo)
    # 25–29 Jan (5), Sat 30 Jan worked instead of the Spring Festival (6), 1–4 Feb (10).
    assert cal.period_end(date(2027, 1, 25), 10) == date(2027, 2, 4)
    # Without the make-up day (a calendar that guesses) it would end a working day later; 5 Feb is a holiday.
    assert cal.period_end(date(2027, 1, 25), 11) == date(2027, 2, 15)
    days = cal.period(date(2027, 1, 25), 10)
    assert [d.day.day for d in days if not d.working] == [31]
    assert days[5].label == "调休上班（春节）" and days[5].working

    # The publicity page says which days were counted and from which notice.
    data = collect(repo, root)
    call = data.call("2018")
    page = publicity_page(data, call)
    assert "公示期怎样计算：10 个工作日，期间 1 天周末或节假日不计" in page
    assert "2027年1月30日</td><td>周六</td><td>计入（第 6 个工作日）</td><td>调休上班（春节）" in page
    assert "2027年1月31日</td><td>周日</td><td>不计</td><td>周末" in page
    assert "国务院办公厅关于2027年部分节假日安排的通知（虚构，测试用），项目办据通知录入" in page


def test_the_data_wins_where_the_library_also_speaks(tmp_path: Path) -> None:
    root = _sample_copy(tmp_path)
    holidays = root / layout.HOLIDAYS_PATH
    # Pretend the notice had a 6-day Labour Day (1–6 May): 6 May 2026 (Wed) is then a day off.
    holidays.write_text(
        holidays.read_text(encoding="utf-8").replace("end: 2026-05-05", "end: 2026-05-06"), encoding="utf-8"
    )
    (warning,) = _check(root, [layout.HOLIDAYS_PATH])
    assert warning.code == "H-008" and not warning.is_error
    assert "2026-05-06（本文件：休息，日历库：上班）" in warning.message
    cal = workdays.calendar(Repository(FileSystemSource(root)))
    assert not cal.is_workday(date(2026, 5, 6)) and chinese_calendar.is_workday(date(2026, 5, 6))


BROKEN = """\
years:
  - year: 2030
    holidays:
      - name: 元旦
        start: 2030-01-01
        end: 2030-01-01
        workdays: [2030-01-02]
  - year: 2030
    notice: 国务院办公厅关于2030年部分节假日安排的通知（虚构）
    holidays:
      - name: 春节
        start: 2030-02-02
        end: 2030-01-28
      - name: 清明节
        start: 2031-04-05
        end: 2031-04-05
  - year: 2031
    notice: 国务院办公厅关于2031年部分节假日安排的通知（虚构）
    holidays:
      - name: 中秋节
        start: 2031-10-01
        end: 2031-10-03
        workdays: [2031-10-02]
      - name: 国庆节
        start: 2031-10-03
        end: 2031-10-08
"""


def test_every_holiday_rule_on_a_broken_file(tmp_path: Path) -> None:
    root = _sample_copy(tmp_path)
    (root / layout.HOLIDAYS_PATH).write_text(BROKEN, encoding="utf-8")
    found = [(f.code, f.line) for f in _check(root, [layout.HOLIDAYS_PATH])]
    assert found == [
        ("H-002", 2),  # 2030 (first) names no notice
        ("H-006", 7),  # 2030-01-02 is a Wednesday
        ("H-001", 8),  # 2030 again
        ("H-004", 13),  # 春节 ends before it starts
        ("H-003", 15),  # 2031-04-05 listed under 2030
        ("H-003", 16),
        ("H-005", 23),  # 2031-10-02 off (中秋节) and worked
        ("H-006", 23),  # …and a Thursday
        ("H-007", 25),  # 2031-10-03 in both 中秋节 and 国庆节
    ]


def test_the_file_is_the_office_s(tmp_path: Path) -> None:
    repo = make_base(tmp_path / "repo")
    repo.branch("unit")
    repo.write(layout.HOLIDAYS_PATH, FICTIONAL_2027)
    repo.commit("a unit edits the holidays")
    code, findings, _ = repo.gate("sfxm-demo-110000", "2018-07-01T10:00:00+08:00")
    assert code == 1 and "G-002" in {f["code"] for f in findings}
    repo.main()
    repo.branch("office")
    repo.write(layout.HOLIDAYS_PATH, FICTIONAL_2027)
    repo.commit("the office enters the 2027 notice")
    code, findings, stderr = repo.gate("miit-office-demo", "2026-11-27T10:00:00+08:00")
    assert code == 0, (findings, stderr)
