"""A declaration (申报书): one project recommended by one organizing unit in one call."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Model, private, public
from generator.model.types import Affirmation, Day, DeclarationId, LegalForm, Money, Text

CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$"
CreditCode = Annotated[str, StringConstraints(pattern=CREDIT_CODE_PATTERN)]
Phone = Annotated[str, StringConstraints(pattern=r"^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?)$")]
Email = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$", max_length=100)
]
RelativePath = Annotated[
    str,
    # No leading slash, no backslash, colon, wildcard, quote or control character.
    StringConstraints(pattern='^[^/\\\\:*?"<>|\\x00-\\x1f][^\\\\:*?"<>|\\x00-\\x1f]{0,199}$'),
]


class Applicant(Model):
    """The applicant (申请主体): an independent legal person registered in the PRC."""

    name: Text(4, 60) = public("申请主体名称", "与营业执照或法人登记证书上的名称一致")
    credit_code: CreditCode = public(
        "统一社会信用代码",
        "18 位，见营业执照或法人登记证书（GB 32100-2015）；最后一位是校验码，填写时请逐位核对。"
        "它由中国境内的登记管理机关赋予，证明申请主体在中华人民共和国境内注册",
        examples=["91350100M000100Y43"],
    )
    legal_form: LegalForm = public(
        "法人类型",
        "企业法人、事业单位法人、社会组织法人或其他法人；须与统一社会信用代码的登记类别一致",
    )
    independent_legal_person: Affirmation = public(
        "独立法人声明",
        "填 true（或“是”），表示申请主体具有独立法人资格，不是分公司、分支机构或个体工商户",
    )
    address: Text(6, 120) = public("注册地址", "营业执照或法人登记证书上的住所")


class UserScale(Model):
    """How many users the project serves (用户规模)."""

    count: int = public("用户数量", "数字，不加逗号，如 1200000", ge=0, le=10**10)
    unit: Text(1, 10) = public("计量单位", "如 人、户、家企业、台")
    note: Text(4, 300) = public("统计口径", "统计的范围和时间，如“截至2018年6月累计注册用户”")


class Investment(Model):
    """The project's investment (投资), with units."""

    total: Money = public("项目总投资", "计划总投资")
    completed: Money | None = public("已完成投资", "截至申报时已完成的投资", default=None)
    note: Text(4, 600) | None = public("投资说明", "资金来源、构成等", default=None)


class Benefits(Model):
    """The project's benefits (效益)."""

    economic: Text(10, 1500) = public("经济效益", "营业收入、利润、带动消费等，尽量给出数字")
    social: Text(10, 1500) = public("社会效益", "就业、民生、公共服务等方面的作用")


class Contact(Model):
    """The project's contact person (联系人). Never published."""

    name: Text(2, 20) = private("姓名", "联系人姓名")
    position: Text(2, 40) | None = private("职务", "联系人的部门和职务", default=None)
    phone: Phone = private("电话", "手机号（11 位）或带区号的固定电话，如 010-68208888")
    email: Email = private("电子邮箱", "联系人的电子邮箱")


class Attachment(Model):
    """A file attached to the declaration, stored in the repository."""

    title: Text(2, 60) = private("附件名称", "如“营业执照（副本）扫描件”")
    path: RelativePath = private(
        "文件路径",
        "相对于本申报文件所在文件夹的路径，如 attachments/2018-110000-001-营业执照.pdf；文件必须已提交到仓库",
    )


class Recommendation(Model):
    """The recommending unit's statement that it checked the material (推荐单位审核意见)."""

    verified: Affirmation = private(
        "真实性审核",
        "填 true（或“是”），表示推荐单位已对申报材料的真实性进行审核，并对此负责",
    )
    verified_by: Text(2, 40) = private("审核人", "审核人的姓名和职务")
    verified_on: Day = private("审核日期", "如 2018-07-10")
    opinion: Text(2, 300) = private("推荐意见", "推荐单位的推荐意见")


class Declaration(Model):
    """One declaration (file ``submissions/<call>/declarations/<unit>/<name>.yaml``)."""

    id: DeclarationId = public(
        "申报编号",
        "批次-单位代码-三位序号，如 2018-110000-001；由 sfxm new 生成，之后不再改变（改名、调整顺序都不影响）",
    )
    order: int = private(
        "推荐顺序",
        "本单位推荐的第几个项目，从 1 起连续编号；超过名额时按此顺序选取",
        ge=1,
        le=999,
    )
    name: Text(4, 60) = public("项目名称", "项目的正式名称")
    direction: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{1,8}$")] = public(
        "申报方向",
        "本批次分类中末级方向的编码，见批次规则（sfxm units 或网站“批次规则”页）",
        examples=["1"],
    )
    applicant: Applicant = public("申请主体", "承担项目的单位")
    summary: Text(50, 1500) = public("项目简介", "项目是什么、面向谁、解决什么问题")
    construction: Text(50, 3000) = public("建设内容", "建设了或将建设哪些系统、平台、服务")
    innovation: Text(20, 1500) = public("创新点", "技术、模式或服务上的创新")
    business_model: Text(20, 1500) = public("商业模式", "如何获得收入、如何持续运营")
    users: UserScale = public("用户规模", "服务的用户数量及统计口径")
    investment: Investment = public("投资", "项目投资情况")
    benefits: Benefits = public("效益", "经济效益和社会效益")
    promotion: Text(20, 1500) = public("推广价值", "可复制、可推广的经验")
    online_registration: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z-]{4,40}$")] | None = private(
        "网上系统登记号",
        "批次要求在工业和信息化部网上系统登记时填写",
        default=None,
    )
    contact: Contact = private("联系人", "项目联系人，不公开")
    attachments: list[Attachment] = private("附件", "随申报书提交的文件", default_factory=list, max_length=20)
    recommendation: Recommendation = private("推荐单位审核", "推荐单位对申报材料真实性的审核")
