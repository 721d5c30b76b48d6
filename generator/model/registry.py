"""The registry: organizing units and the accounts that act for the program office and agency."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Model, private, public
from generator.model.declaration import CreditCode
from generator.model.types import Account, Text, UnitClass, UnitCode

CreditPrefix = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,6}$")]


class Unit(Model):
    """An organizing unit (申报组织单位): a province, a 计划单列市, 兵团, a 中央企业 or a 示范城市."""

    code: UnitCode = public(
        "单位代码",
        "地区单位用 GB/T 2260 行政区划代码（6 位数字）；兵团用 660000；中央企业等由项目办分配 6 位代码",
        examples=["110000"],
    )
    name: Text(2, 40) = public("单位名称", "单位的正式名称，如“北京市”", examples=["北京市"])
    short_name: Text(1, 10) = public("简称", "单位简称，如“京”", examples=["京"])
    classes: list[UnitClass] = public(
        "单位类别",
        "province（省、自治区、直辖市）、separately_planned_city（计划单列市）、xpcc（新疆生产建设兵团）、"
        "central_enterprise（中央企业）、demonstration_city（信息消费示范城市）；可有多个",
        min_length=1,
    )
    accounts: list[Account] = private(
        "代表账号",
        "可代表本单位提交申报的代码托管平台账号（如 GitHub 用户名）；只能修改本单位文件夹中的文件",
        default_factory=list,
    )
    credit_prefixes: list[CreditPrefix] = private(
        "申请主体登记地代码前缀",
        "本单位推荐的申请主体，其统一社会信用代码第 3–8 位（登记管理机关行政区划码）应以这些数字开头；"
        "不填则不检查（如中央企业）",
        default_factory=list,
    )
    designated: Text(2, 60) | None = public(
        "称号",
        "如“信息消费示范城市（2021年，综合型）”",
        default=None,
    )


class Registry(Model):
    """All organizing units of the program (file ``submissions/registry/units.yaml``)."""

    units: list[Unit] = public("单位名录", "全部申报组织单位", min_length=1)


class Holder(Model):
    """A project holder (项目承担单位) that files its own change reports (书面报备) through an account."""

    credit_code: CreditCode = private(
        "统一社会信用代码",
        "承担单位的统一社会信用代码：示范项目的申请主体，或项目转由其实施的承继单位",
        examples=["91350100M000100Y43"],
    )
    name: Text(4, 60) = private("名称", "承担单位的名称")
    accounts: list[Account] = private(
        "代表账号",
        "可代表承担单位提交本单位示范项目的书面报备（records/<日期>-change-<序号>.yaml）的账号",
        min_length=1,
    )


class Roles(Model):
    """Who acts for the program office and for the evaluation agency (``registry/roles.yaml``)."""

    office: list[Account] = private(
        "项目办账号",
        "工业和信息化部项目办（信息化和软件服务业司）的账号：可修改批次规则、名录、决定、记录和案例",
        min_length=1,
    )
    agency: list[Account] = private(
        "第三方评估机构账号",
        "组织专家评审的第三方评估机构的账号：可修改专家名单和评审分配",
        default_factory=list,
    )
    holders: list[Holder] = private(
        "承担单位账号",
        "自己提交书面报备的项目承担单位及其账号；没有登记的承担单位，其书面报备由推荐单位代为提交",
        default_factory=list,
    )
    maintainers: list[Account] = private(
        "系统维护账号",
        "维护 sfxm 程序、网站模板和持续集成配置的账号：可修改 generator/、ci/、site/ 等，不能修改申报数据",
        default_factory=list,
    )
