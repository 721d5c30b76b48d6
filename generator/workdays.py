"""Working days in China: weekends and statutory holidays count out, make-up working days count in.

The calendar comes from ``chinesecalendar`` (the State Council's yearly notices, 2004 onwards);
a year it does not know yet is an error the caller reports, never a guess.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class UnknownYear(ValueError):
    """The holiday calendar has no data for this year yet."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise UnknownYear(day.year) from None


def period_end(start: date, working_days: int) -> date:
    """The last day of a period of ``working_days`` working days counted from ``start``."""
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == working_days:
                return day
        day += timedelta(days=1)
