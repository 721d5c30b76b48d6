"""The holiday calendar as data: each year's State Council notice (``registry/holidays.yaml``).

Publicity periods are counted in working days. Every year the General Office of the State Council
publishes the holidays and the make-up working days (调休上班) of the next year, usually in
November; the program office enters them here as soon as they are published, so that a library
release is never awaited. Years this file does not hold come from the library calendar
(``generator.workdays``); where both speak, this file wins.
"""

from __future__ import annotations

from generator.model.base import Model, public
from generator.model.types import Day, Text


class HolidayPeriod(Model):
    """One holiday of the notice: the days off, and the weekend days worked instead (调休上班)."""

    name: Text(2, 40) = public("节日名称", "通知中的节日名称，如“春节”“国庆节”", examples=["春节"])
    start: Day = public("放假开始日期", "放假的第一天，如 2026-02-15")
    end: Day = public("放假结束日期", "放假的最后一天（含这一天），如 2026-02-23；只放一天的与开始日期相同")
    workdays: list[Day] = public(
        "调休上班日期",
        "通知中写明“上班”的周六、周日，如 [2026-02-14, 2026-02-28]；没有调休的不填",
        default_factory=list,
    )


class HolidayYear(Model):
    """One year's holidays, as the State Council's notice gives them."""

    year: int = public("年度", "通知所安排的年度，如 2026", ge=2000, le=2999)
    notice: Text(8, 80) | None = public(
        "通知名称",
        "国务院办公厅通知的名称，如“国务院办公厅关于2026年部分节假日安排的通知”；必填，它是这些日期的依据",
        default=None,
    )
    number: Text(4, 40) | None = public("文号", "通知的文号（如有），如“国办发明电〔2025〕7号”", default=None)
    published: Day | None = public("发布日期", "通知的发布日期，如 2025-11-04", default=None)
    holidays: list[HolidayPeriod] = public("节假日", "通知中的每个节日：放假起止日期和调休上班日期", min_length=1)


class Holidays(Model):
    """The holiday calendar entered by the program office (file ``submissions/registry/holidays.yaml``)."""

    years: list[HolidayYear] = public("年度安排", "每年一项，照录国务院办公厅当年的节假日安排通知", min_length=1)
