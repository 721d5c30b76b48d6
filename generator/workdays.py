"""Working days in China: weekends and statutory holidays count out, make-up working days count in.

Two sources, the first that speaks wins:

1. the program office's data, ``submissions/registry/holidays.yaml``: each year's State Council
   notice as the office entered it (the office need not wait for a library release);
2. the library calendar ``chinesecalendar`` (the State Council's notices, 2004 onwards).

``chinesecalendar`` was chosen over the ``holidays`` package by measurement (README, 节假日):
both agree on 2004–2026, but only chinesecalendar exposes the make-up working days (调休上班) and
refuses a year it has no notice for, where ``holidays`` silently returns a guess without them.

A day that neither source knows is an error the caller reports (``UnknownYear``), never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

import chinese_calendar

if TYPE_CHECKING:
    from generator.model.holidays import Holidays

LIBRARY = "chinesecalendar"
# chinesecalendar names holidays in English; the site speaks Chinese.
_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
WEEKDAYS = "一二三四五六日"


class UnknownYear(ValueError):
    """Neither the office's data nor the library calendar holds this year yet."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


@dataclass(frozen=True, slots=True)
class Day:
    """One day of a period, and why it counts or not."""

    day: date
    working: bool
    kind: str  # "workday", "weekend", "holiday" or "makeup" (a weekend day worked instead: 调休上班)
    holiday: str | None  # the holiday a "holiday" or "makeup" day belongs to
    source: str  # the notice or library that decided this day's year

    @property
    def label(self) -> str:
        if self.kind == "holiday":
            return f"{self.holiday}假期"
        if self.kind == "makeup":
            return f"调休上班（{self.holiday}）"
        return "工作日" if self.working else "周末"

    @property
    def weekday(self) -> str:
        return f"周{WEEKDAYS[self.day.weekday()]}"


def library_source() -> str:
    """The library, as the site names it (without its version, so that a release does not change the site)."""
    return f"日历库 {LIBRARY}（据国务院办公厅历年通知整理）"


@cache
def library_version() -> str:
    try:
        return f"{LIBRARY} {metadata.version(LIBRARY)}"
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with sfxm
        return LIBRARY


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


class Calendar:
    """The working-day calendar: the office's data where it speaks, the library elsewhere."""

    def __init__(self, data: Holidays | None = None) -> None:
        self._data_days: dict[date, tuple[bool, str, int]] = {}  # day → (working, holiday, year of the notice)
        self._years: dict[int, str] = {}  # year → its notice, as the site names it
        for year in data.years if data is not None else []:
            if year.year in self._years:
                continue  # a year listed twice is a finding (H-001); the first one counts
            notice = year.notice or f"{year.year} 年节假日安排"
            self._years[year.year] = notice + (f"（{year.number}）" if year.number else "") + "，项目办据通知录入"
            for period in year.holidays:
                for day in _days(period.start, min(period.end, period.start + timedelta(days=31))):
                    self._data_days.setdefault(day, (False, period.name, year.year))
                for day in period.workdays:
                    self._data_days[day] = (True, period.name, year.year)

    @property
    def data_years(self) -> list[int]:
        return sorted(self._years)

    def day(self, day: date) -> Day:
        """What ``day`` is; ``UnknownYear`` when no source holds its year."""
        weekend = day.weekday() >= 5
        listed = self._data_days.get(day)
        if listed is not None:
            working, name, year = listed
            return Day(day, working, "makeup" if working else "holiday", name, self._years[year])
        if day.year in self._years:
            return Day(day, not weekend, "weekend" if weekend else "workday", None, self._years[day.year])
        try:
            working = chinese_calendar.is_workday(day)
            _, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            raise UnknownYear(day.year) from None
        label = _NAMES.get(name, name) if isinstance(name, str) else None
        if working:
            kind = "makeup" if weekend else "workday"
        elif label:
            kind = "holiday"
        else:
            kind = "weekend"
        return Day(day, working, kind, label if kind in ("holiday", "makeup") else None, library_source())

    def is_workday(self, day: date) -> bool:
        return self.day(day).working

    def period(self, start: date, working_days: int) -> list[Day]:
        """Every day of a period of ``working_days`` working days counted from ``start``, in order."""
        days: list[Day] = []
        counted, day = 0, start
        while counted < working_days:
            info = self.day(day)
            days.append(info)
            counted += info.working
            day += timedelta(days=1)
        return days

    def period_end(self, start: date, working_days: int) -> date:
        """The last day of a period of ``working_days`` working days counted from ``start``."""
        return self.period(start, working_days)[-1].day

    def library_disagreements(self, year: int) -> list[tuple[date, bool, bool]]:
        """Days of a data year where the library (if it knows the year) says otherwise: (day, data, library)."""
        out = []
        for day in _days(date(year, 1, 1), date(year, 12, 31)):
            try:
                library = chinese_calendar.is_workday(day)
            except NotImplementedError:
                return []
            mine = self.day(day).working
            if mine != library:
                out.append((day, mine, library))
        return out


LIBRARY_ONLY = Calendar()


def calendar(repo: Any) -> Calendar:
    """The calendar of a repository: its ``registry/holidays.yaml`` (when valid) over the library."""
    cached = repo.__dict__.get("_workdays_calendar")
    if cached is None:
        cached = Calendar(repo.holidays)
        repo.__dict__["_workdays_calendar"] = cached
    return cached


def is_workday(day: date, cal: Calendar | None = None) -> bool:
    return (cal or LIBRARY_ONLY).is_workday(day)


def period_end(start: date, working_days: int, cal: Calendar | None = None) -> date:
    """The last day of a period of ``working_days`` working days counted from ``start``."""
    return (cal or LIBRARY_ONLY).period_end(start, working_days)


def sources(days: Iterable[Day]) -> list[str]:
    """The notices and libraries a period was counted from, in order of first use."""
    return list(dict.fromkeys(d.source for d in days))


def notice_title(year: int) -> str:
    """The State Council notice that a missing year needs (its usual title)."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"
