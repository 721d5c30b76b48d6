"""Decisions of the program office: the proposed list for public comment, and the final list."""

from __future__ import annotations

from generator.model.base import Model, public
from generator.model.declaration import Email, Phone
from generator.model.types import Day, DeclarationId, Text


class ObjectionChannel(Model):
    """Where objections go during publicity (the ministry's public contact, not a person's)."""

    office: Text(4, 80) = public("受理部门", "受理异议的部门，如“工业和信息化部信息化和软件服务业司”")
    phone: Phone | None = public("电话", "受理异议的电话", default=None)
    email: Email | None = public("电子邮箱", "受理异议的电子邮箱", default=None)
    address: Text(6, 120) | None = public("通信地址", "书面异议的寄送地址", default=None)


class Publicity(Model):
    """The publicity period (公示期): a start date and a number of working days."""

    start: Day = public("公示开始日期", "公示的第一天，如 2018-09-10")
    working_days: int = public(
        "公示工作日数",
        "公示期的工作日数；结束日期由 sfxm 按工作日推算，周末和法定节假日不计，调休上班日计入",
        ge=1,
        le=30,
    )
    objections: ObjectionChannel = public("异议受理", "公示期间对名单有异议的，向何处反映")


class Proposed(Model):
    """The proposed list (拟支持项目名单), published for comment (``decision/proposed.yaml``)."""

    title: Text(6, 80) = public("标题", "如“2018年信息消费试点示范项目拟支持项目名单公示”")
    number: Text(2, 40) | None = public("文号", "公示的文号（如有）", default=None)
    publicity: Publicity = public("公示", "公示期和异议受理方式")
    text: Text(10, 2000) | None = public(
        "正文",
        "公示通知的正文（名单以表格附后）；不填则由 sfxm 按批次依据、公示期和异议受理方式生成",
        default=None,
    )
    projects: list[DeclarationId] = public("拟支持项目", "拟支持项目的申报编号，按方向和排名排列", min_length=1)
