"""Measure the two holiday calendars sfxm could use: chinesecalendar and holidays (README, 节假日安排).

Not a dependency of sfxm: run in a scratch environment, ``pip install chinesecalendar holidays``,
then ``python -m benchmarks.holiday_libraries``. Prints a Markdown table: for each year both know,
the weekday holidays and the make-up working days (调休上班) of each, and the days they disagree on;
then what each says about the first year neither has a notice for.
"""

from __future__ import annotations

import re
from datetime import date
from importlib import metadata

import chinese_calendar
import holidays
from chinese_calendar import constants

_MAKEUP = re.compile(r"由 (\d{4}-\d{2}-\d{2}) 调休")


def from_chinesecalendar(year: int) -> tuple[set[date], set[date]]:
    off = {d for d in constants.holidays if d.year == year and d.weekday() < 5}
    worked = {d for d in constants.workdays if d.year == year}
    return off, worked


def from_holidays(year: int) -> tuple[set[date], set[date]]:
    """holidays has no make-up day API: they appear only in the labels of the days substituted for them."""
    days = holidays.country_holidays("CN", years=[year - 1, year, year + 1], language="zh_CN")
    off = {d for d in days if d.year == year and d.weekday() < 5}
    worked = {
        date.fromisoformat(m.group(1))
        for name in days.values()
        for m in _MAKEUP.finditer(name)
        if m.group(1).startswith(str(year))
    }
    return off, worked


def main() -> None:
    years = sorted({d.year for d in constants.holidays})
    print(f"chinesecalendar {metadata.version('chinesecalendar')}, holidays {metadata.version('holidays')}\n")
    print("| year | weekday holidays (cc / holidays) | make-up days (cc / holidays) | disagreements |")
    print("|---|---|---|---|")
    totals = [0, 0, 0, 0]
    for year in years:
        cc_off, cc_worked = from_chinesecalendar(year)
        h_off, h_worked = from_holidays(year)
        differ = sorted((cc_off ^ h_off) | (cc_worked ^ h_worked))
        totals = [
            totals[0] + len(cc_off),
            totals[1] + len(h_off),
            totals[2] + len(cc_worked),
            totals[3] + len(h_worked),
        ]
        print(
            f"| {year} | {len(cc_off)} / {len(h_off)} | {len(cc_worked)} / {len(h_worked)} | {', '.join(map(str, differ))} |"
        )
    print(f"| all | {totals[0]} / {totals[1]} | {totals[2]} / {totals[3]} | |")
    nxt = years[-1] + 1
    guessed = holidays.country_holidays("CN", years=[nxt], language="zh_CN")
    try:
        chinese_calendar.is_workday(date(nxt, 1, 4))
        cc_says = "knows it"
    except NotImplementedError as error:
        cc_says = f"refuses: {error}"
    print(f"\n{nxt}: chinesecalendar {cc_says}; holidays returns {len(guessed)} days, no make-up day, no flag")


if __name__ == "__main__":
    main()
