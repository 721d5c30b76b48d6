"""Rules of the office's holiday calendar, ``registry/holidays.yaml`` (H-…).

The file copies the State Council's yearly notice; these checks catch what a copy gets wrong.
They are sfxm's own rules: the notice is the authority, and publicity periods counted from a
mistyped date would be wrong for every call that uses that year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from generator import workdays
from generator.findings import Finding, Message, Severity
from generator.model.holidays import Holidays
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check

E, W = Severity.ERROR, Severity.WARNING

YEAR_TWICE = Message(
    "H-001",
    E,
    "年度重复",
    "{year} 年在节假日安排中出现了两次（另一次在第 {other_line} 行）",
    "每个年度只写一项；请把两项合并为一项",
    "一年只有一份国务院办公厅的节假日安排通知；两项并存时无法确定以哪一项为准（sfxm 只采用第一项）。",
)
NO_NOTICE = Message(
    "H-002",
    E,
    "没有写明通知名称",
    "{year} 年的节假日安排没有写明依据的通知（notice）",
    "请填写国务院办公厅通知的名称，如“{title}”，有文号的一并写在 number 中",
    "公示期的计算以国务院办公厅的通知为准；写明通知，核对的人才能找到原文逐日比对。",
)
DATE_OUTSIDE_YEAR = Message(
    "H-003",
    E,
    "日期不在本年度",
    "{year} 年的节假日安排中有日期 {day}，不在这一年（前后一个月内）",
    "请核对年份：通常是把年份写错了",
    "每年的通知只安排这一年的节假日（元旦调休偶尔涉及上一年 12 月）。",
)
BAD_PERIOD = Message(
    "H-004",
    E,
    "放假起止日期不合理",
    "{name}的放假日期从 {start} 到 {end}{problem}",
    "请按通知核对放假的第一天和最后一天",
    "通知中的每个假期都是连续的几天，结束日期不早于开始日期，也不会超过一个月。",
)
HOLIDAY_AND_WORKDAY = Message(
    "H-005",
    E,
    "同一天既放假又上班",
    "{day} 同时列为{holiday}假期和{workday}的调休上班日",
    "请按通知核对这一天：放假的写在 start–end 之间，上班的写在 workdays 中",
    "一天要么放假、要么上班；两处都写时无法计算工作日。",
)
WORKDAY_NOT_WEEKEND = Message(
    "H-006",
    E,
    "调休上班日不是周末",
    "{name}的调休上班日 {day} 是{weekday}，不是周六或周日",
    "请核对日期：通知中的调休上班日都是周六或周日",
    "调休是把周末改为上班；周一到周五本来就上班，写在这里通常是日期写错了。",
)
PERIODS_OVERLAP = Message(
    "H-007",
    E,
    "假期重叠",
    "{day} 同时属于{first}和{second}两个假期",
    "请按通知核对两个假期的起止日期（如中秋节和国庆节连休时，通知只写一个假期）",
    "同一天列在两个假期中，多半是日期写错了。",
)
DIFFERS_FROM_LIBRARY = Message(
    "H-008",
    W,
    "与节假日日历库不一致",
    "{year} 年的节假日安排与 {library} 不一致：{days}",
    "请对照通知原文逐日核对；以本文件为准，确认无误可以不理会这条提示",
    "本文件优先于日历库；两者不一致时，多半有一方录错了日期。",
)


def _holidays(loaded: Loaded[Holidays]) -> Iterator[tuple[int, int, date]]:
    """(year index, period index, day) for every day off in the file."""
    for i, year in enumerate(loaded.model.years):
        for j, period in enumerate(year.holidays):
            if period.start <= period.end <= period.start + timedelta(days=31):
                day = period.start
                while day <= period.end:
                    yield i, j, day
                    day += timedelta(days=1)


@check(Scope.HOLIDAYS)
def years_are_single_and_cited(loaded: Loaded[Holidays], repo: Repository) -> Iterator[Finding]:
    """Each year appears once and names the State Council notice it copies."""
    seen: dict[int, int] = {}
    for i, year in enumerate(loaded.model.years):
        where = loaded.where("years", i, "year")
        if year.year in seen:
            yield YEAR_TWICE.at(where, year=year.year, other_line=seen[year.year])
        else:
            seen[year.year] = where.line or 0
        if year.notice is None:
            yield NO_NOTICE.at(loaded.where("years", i), year=year.year, title=workdays.notice_title(year.year))


@check(Scope.HOLIDAYS)
def dates_are_plausible(loaded: Loaded[Holidays], repo: Repository) -> Iterator[Finding]:
    """Every date lies in its year (give or take a month); each holiday runs forward, for at most a month."""
    for i, year in enumerate(loaded.model.years):
        first, last = date(year.year - 1, 12, 1), date(year.year + 1, 1, 31)
        for j, period in enumerate(year.holidays):
            for key, day in (("start", period.start), ("end", period.end)):
                if not first <= day <= last:
                    yield DATE_OUTSIDE_YEAR.at(loaded.where("years", i, "holidays", j, key), year=year.year, day=day)
            for k, day in enumerate(period.workdays):
                if not first <= day <= last:
                    where = loaded.where("years", i, "holidays", j, "workdays", k)
                    yield DATE_OUTSIDE_YEAR.at(where, year=year.year, day=day)
            problem = ""
            if period.end < period.start:
                problem = "：结束早于开始"
            elif period.end > period.start + timedelta(days=31):
                problem = f"：长达 {(period.end - period.start).days + 1} 天"
            if problem:
                where = loaded.where("years", i, "holidays", j, "end")
                yield BAD_PERIOD.at(where, name=period.name, start=period.start, end=period.end, problem=problem)


@check(Scope.HOLIDAYS)
def days_are_consistent(loaded: Loaded[Holidays], repo: Repository) -> Iterator[Finding]:
    """A day is off in one holiday at most, is never also a make-up working day, and make-up days are weekends."""
    years = loaded.model.years
    off: dict[date, tuple[int, int]] = {}
    for i, j, day in _holidays(loaded):
        if day in off and off[day] != (i, j):
            a, b = off[day]
            first, second = years[a].holidays[b].name, years[i].holidays[j].name
            yield PERIODS_OVERLAP.at(
                loaded.where("years", i, "holidays", j, "start"), day=day, first=first, second=second
            )
        off.setdefault(day, (i, j))
    for i, year in enumerate(years):
        for j, period in enumerate(year.holidays):
            for k, day in enumerate(period.workdays):
                where = loaded.where("years", i, "holidays", j, "workdays", k)
                if day in off:
                    a, b = off[day]
                    holiday = years[a].holidays[b].name
                    yield HOLIDAY_AND_WORKDAY.at(where, day=day, holiday=holiday, workday=period.name)
                if day.weekday() < 5:
                    weekday = f"周{workdays.WEEKDAYS[day.weekday()]}"
                    yield WORKDAY_NOT_WEEKEND.at(where, name=period.name, day=day, weekday=weekday)


@check(Scope.HOLIDAYS)
def agrees_with_library(loaded: Loaded[Holidays], repo: Repository) -> Iterator[Finding]:
    """Where the library calendar also knows a year, the two agree on every day (the file wins; this only warns)."""
    cal = workdays.Calendar(loaded.model)
    for i, year in enumerate(loaded.model.years):
        differences = cal.library_disagreements(year.year)
        if not differences:
            continue
        shown = "；".join(
            f"{day}（本文件：{'上班' if mine else '休息'}，日历库：{'上班' if library else '休息'}）"
            for day, mine, library in differences[:5]
        )
        if len(differences) > 5:
            shown += f"……共 {len(differences)} 天"
        yield DIFFERS_FROM_LIBRARY.at(
            loaded.where("years", i, "year"), year=year.year, library=workdays.library_version(), days=shown
        )
