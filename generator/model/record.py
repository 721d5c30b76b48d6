"""Records after the decision: the final list, and the public record of each project.

A record is a committed file of the office (``records/<yyyy-mm-dd>-<kind>-<n>.yaml``); its date
is the date in its name. Records are never edited or deleted once published: a correction is a
new record that supersedes an earlier one by reference, and both stay visible.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from generator.layout import record_day
from generator.model.base import Model, public
from generator.model.declaration import CreditCode
from generator.model.types import Day, DeclarationId, Text


def _existing_day(name: str) -> str:
    if record_day(name) is None:
        raise PydanticCustomError("record_name_date", "记录名中的日期 {day} 不存在", {"day": name[:10]})
    return name


RecordName = Annotated[
    str,
    StringConstraints(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-(?:withdrawal|change|inspection|revocation|correction)-[0-9]{1,3}$"
    ),
    AfterValidator(_existing_day),
]


class NotConfirmed(Model):
    """A proposed project that the ministry, after publicity, decided not to confirm (经研究未列入)."""

    project: DeclarationId = public("项目", "经研究未列入示范项目名单的拟支持项目的申报编号")
    reason: Text(10, 1000) = public("理由", "经研究决定不列入示范项目名单的理由（公开）")


class Final(Model):
    """The final list of demonstration projects (示范项目名单, ``decision/final.yaml``)."""

    title: Text(6, 80) = public("标题", "如“2018年信息消费试点示范项目名单”")
    number: Text(2, 40) | None = public("文号", "公布名单的文号（如有）", default=None)
    published_on: Day = public("公布日期", "名单公布的日期，不早于公示期结束")
    text: Text(10, 2000) = public("正文", "公布名单的正文（名单本身以表格附后）")
    projects: list[DeclarationId] = public(
        "示范项目",
        "示范项目的申报编号：公示名单去掉名单公布前撤销（withdrawal 记录）的和经研究未列入（not_confirmed）的项目",
        min_length=1,
    )
    not_confirmed: list[NotConfirmed] = public(
        "经研究未列入的项目",
        "公示后经研究决定不列入示范项目名单的拟支持项目，各附理由；没有则不填",
        default_factory=list,
        max_length=200,
    )


class RecordBase(Model):
    number: Text(2, 40) = public("编号", "记录或文件的编号，如“示例〔2019〕3号”；同一批次内不重复")
    supersedes: RecordName | None = public(
        "更正的记录",
        "本记录更正、取代的早先记录的文件名（不含 .yaml），两者都保留并公开",
        default=None,
    )


class Withdrawal(RecordBase):
    """A proposed project withdrawn from publicity until the final list (公示期间或名单公布前撤销)."""

    project: DeclarationId = public("项目", "被撤销的拟支持项目的申报编号")
    objection: Text(10, 1000) = public(
        "异议情况",
        "撤销的起因：公示期间收到的异议的概要（不含异议人个人信息），或申请主体申请撤回等情况",
    )
    reason: Text(10, 1000) = public("撤销理由", "经核实后撤销的理由")


class ChangeKind(StrEnum):
    MERGER = "兼并重组"
    BANKRUPTCY = "破产清算"
    OTHER = "其他"


class Effect(StrEnum):
    CONTINUES = "继续实施"
    TRANSFERRED = "转由承继单位实施"
    ENDS = "终止实施"


class Successor(Model):
    """The body that carries the project on after a change."""

    name: Text(4, 60) = public("承继单位名称", "承继项目的单位")
    credit_code: CreditCode = public("统一社会信用代码", "承继单位的统一社会信用代码")


class ChangeReport(RecordBase):
    """A holder's written report of a major change (书面报备)."""

    project: DeclarationId = public("项目", "报备的示范项目的申报编号")
    change: ChangeKind = public("变化类型", "兼并重组、破产清算或其他")
    description: Text(10, 2000) = public("变化情况", "发生了什么变化")
    effect: Effect = public("对项目的影响", "继续实施、转由承继单位实施或终止实施")
    successor: Successor | None = public("承继单位", "转由承继单位实施时必填", default=None)


class InspectionResult(StrEnum):
    PASSED = "合格"
    FAILED = "不合格"


class InspectionMethod(StrEnum):
    """The plan's ways of inspecting: "委托第三方机构开展实地检查、进行全面评估、组织问卷调查等方式"."""

    ON_SITE = "实地检查"
    EVALUATION = "全面评估"
    SURVEY = "问卷调查"
    OTHER = "其他方式"


class Inspection(RecordBase):
    """A supervisory inspection by a third party (监督检查). The plan makes the results public."""

    project: DeclarationId = public("项目", "被检查的示范项目的申报编号")
    inspector: Text(4, 80) = public("检查机构", "实施检查的第三方机构")
    inspected_on: Day = public("检查日期", "现场检查或评估的日期")
    methods: list[InspectionMethod] = public(
        "检查方式",
        "实施方案所列的方式：实地检查、全面评估、问卷调查，可多选；其他方式写“其他方式”并在检查发现中说明。"
        "新记录请填写；早先没有填写的记录显示为“未注明”",
        default_factory=list,
        max_length=4,
    )
    result: InspectionResult = public("检查结论", "合格或不合格")
    findings: Text(10, 3000) = public("检查发现", "检查发现的情况和问题")


class Ground(StrEnum):
    """The plan's four grounds for revoking the title."""

    INSPECTION_FAILED = "监督检查不合格"
    FALSE_INFORMATION = "申报材料有重大虚假信息"
    HARM = "严重损害消费者合法权益和社会公共利益"
    DISHONESTY = "其他违法失信行为"


class Notice(Model):
    """The public notice (通报) of a revocation."""

    title: Text(6, 80) = public("通报标题", "如“关于取消某项目信息消费试点示范项目资格的通报”")
    text: Text(20, 5000) = public("通报正文", "通报的全文")


class Revocation(RecordBase):
    """The revocation of a project's title (取消示范项目资格), with its public notice."""

    project: DeclarationId = public("项目", "被取消资格的示范项目的申报编号")
    grounds: list[Ground] = public("理由", "实施方案规定的取消理由，可多选", min_length=1)
    facts: Text(10, 3000) = public("事实", "认定的事实")
    effective: Day = public("生效日期", "取消资格的生效日期")
    inspection: RecordName | None = public(
        "所依据的监督检查",
        "理由含“监督检查不合格”时必填：该检查记录的文件名（不含 .yaml）",
        default=None,
    )
    notice: Notice = public("通报", "公开通报的标题和正文")


class Correction(RecordBase):
    """A correction of an earlier record or of a published list, in words; both stay visible."""

    target: Text(4, 80) = public("更正对象", "被更正的文件，如“示范项目名单”或早先记录的编号")
    text: Text(10, 3000) = public("更正内容", "更正了什么，为什么")


RECORD_MODELS: dict[str, type[RecordBase]] = {
    "withdrawal": Withdrawal,
    "change": ChangeReport,
    "inspection": Inspection,
    "revocation": Revocation,
    "correction": Correction,
}


def record_kind(name: str) -> str:
    """The kind part of a record's file name: 2019-03-01-inspection-1 → inspection."""
    return name.split("-")[3]


def record_date(name: str) -> date:
    """The date of a record: the day its name begins with (the layout and ``RecordName`` admit only real days)."""
    day = record_day(name)
    if day is None:
        raise ValueError(f"not a record name: {name!r}")
    return day
