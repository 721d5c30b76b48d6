"""A call (批次): one year's rules, as data."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Model, private, public
from generator.model.types import CallId, ClassCode, Flag, LegalForm, Moment, Number, Text, UnitClass, UnitCode

# Fields that quote the call's basis (the plan or notice named in ``basis``) word for word: a test
# holds the 2018 call to the text of the plan.
QUOTE = {"x-quote": True}


class ClassItem(Model):
    """A node of the call's classification: a category (类), direction (方向) or field (领域)."""

    code: ClassCode = public("编码", "在本批次内唯一的编码，如 1、2 或 A", examples=["1"])
    name: Text(2, 40) = public("名称", "依据文件中的名称，如“数字创意内容和服务”", json_schema_extra=QUOTE)
    description: Text(2, 600) | None = public(
        "说明", "依据文件中关于这一类别或方向的原文", default=None, json_schema_extra=QUOTE
    )
    items: list[ClassItem] = public("下级", "下一级分类；末级分类没有下级", default_factory=list)


class Classification(Model):
    """The call's classification tree. Declarations name a leaf of it."""

    levels: list[Text(1, 8)] = public(
        "层级名称",
        "从上到下各层的名称，如 [类别, 方向] 或 [方向, 领域]",
        min_length=1,
        max_length=3,
    )
    items: list[ClassItem] = public("分类", "第一层分类", min_length=1)

    def leaves(self) -> Iterator[tuple[list[ClassItem], ClassItem]]:
        """Every leaf with the chain of its ancestors."""

        def walk(items: list[ClassItem], chain: list[ClassItem]) -> Iterator[tuple[list[ClassItem], ClassItem]]:
            for item in items:
                if item.items:
                    yield from walk(item.items, [*chain, item])
                else:
                    yield chain, item

        yield from walk(self.items, [])


class Schedule(Model):
    """The call's dates. Times carry their UTC offset (Beijing time is +08:00)."""

    opens: Moment = public(
        "申报开始时间",
        "从此时起可以提交申报，如 2018-06-01T00:00:00+08:00",
    )
    closes: Moment = public(
        "申报截止时间",
        "此后不再接受新增、修改或撤回申报，如 2018-07-20T17:00:00+08:00",
    )
    review_starts: Moment | None = public(
        "评审开始时间",
        "专家评审开始的时间；此后申报材料冻结",
        default=None,
    )


class Recommender(Model):
    """A class of organizing unit that may recommend projects in this call, and its quota."""

    unit_class: UnitClass = public("单位类别", "可以推荐项目的单位类别")
    quota: int = public("推荐上限", "每个该类单位最多推荐的项目数", ge=1, le=100)
    text: Text(4, 300) | None = public(
        "原文",
        "依据文件中规定这类单位推荐数量的原文，如“……推荐项目数量不超过10个”",
        default=None,
        json_schema_extra=QUOTE,
    )


class ExtraQuota(Model):
    """Extra places for named units (2022: each 信息消费示范城市 may recommend 3 more)."""

    reason: Text(2, 60) = public("理由", "如“信息消费示范城市”")
    quota: int = public("增加名额", "每个所列单位增加的推荐上限", ge=1, le=100)
    units: list[UnitCode] = public("单位", "享有增加名额的单位代码", min_length=1)


class Eligibility(Model):
    """Who may apply (申请主体条件)."""

    legal_forms: list[LegalForm] = public(
        "法人类型",
        "可以申报的独立法人类型",
        min_length=1,
    )
    online_registration: Flag = public(
        "须网上登记",
        "申请主体是否还须在工业和信息化部网上系统登记（登记号写入申报书）",
        default=False,
    )
    text: Text(4, 600) = public(
        "申报条件",
        "依据文件中关于申请主体的要求：有原文的照录原文；没有原文的写摘要并注明",
        json_schema_extra=QUOTE,
    )


CriterionCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,19}$")]


class Criterion(Model):
    """One review criterion (评审指标) with its weight and maximum score."""

    code: CriterionCode = public(
        "指标代码", "小写英文字母、数字和下划线，如 innovation；评分文件用它记分", examples=["innovation"]
    )
    name: Text(2, 20) = public("指标名称", "如“创新性”")
    weight: Number = public("权重", "0 到 1 之间的小数，各指标权重之和为 1", gt=0, le=1, decimal_places=4)
    max: int = public("满分", "这一指标的满分，如 100", ge=1, le=1000)
    description: Text(2, 300) | None = public("评分要点", "专家打分时的要点", default=None)


class Aggregation(StrEnum):
    """How the experts' weighted scores of one declaration are combined."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"
    MEDIAN = "median"


class ReviewRules(Model):
    """How the call's declarations are reviewed and how many may be proposed."""

    criteria: list[Criterion] = public("评审指标", "各项指标、权重和满分", min_length=1, max_length=12)
    reviewers: int = public("每份评审人数", "每份申报书分配的评审专家人数", ge=1, le=15)
    deadline: Moment | None = public(
        "评审截止时间",
        "专家提交评分的截止时间，如 2018-09-07T17:00:00+08:00；此后未交的评分计为逾期",
        default=None,
    )
    aggregation: Aggregation = public(
        "汇总方法",
        "mean（平均）、trimmed_mean（评审人数达到 trim_from 时去掉一个最高分和一个最低分后平均）或 median（中位数）",
        default=Aggregation.TRIMMED_MEAN,
    )
    trim_from: int = public("去极值起点", "评审人数达到这个数时去掉最高分和最低分", default=5, ge=3, le=15)
    disagreement: Number = public(
        "分歧阈值",
        "同一申报书各专家加权分（百分制）的最高分与最低分之差超过此值时标记为分歧较大",
        gt=0,
        le=100,
    )
    tie_break: list[CriterionCode] = public(
        "同分排序",
        "加权分相同时，依次比较这些指标的汇总分（高者在前）；仍相同时按申报编号排序",
        default_factory=list,
    )
    proposal_limit: int | None = public("拟支持总数上限", "本批次最多拟支持的项目数", default=None, ge=1)
    per_direction_limit: int | None = public("每个方向上限", "每个方向最多拟支持的项目数", default=None, ge=1)


FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z_]{2,30}(?:\.[a-z_]{2,30})?$")]


class FormSection(Model):
    """A part of the 申报书 as a Word form (``sfxm template``): a title and the fields it holds, in order."""

    title: Text(2, 30) = public("标题", "这一部分的标题，不含序号（序号按顺序自动编为一、二、三……），如“申请主体”")
    note: Text(2, 60) | None = public("说明", "标题后括号中的说明，如“不公开”或“由推荐单位填写”", default=None)
    fields: list[FieldPath] = public(
        "内容",
        "这一部分依次填写的申报书字段：字段名（如 applicant，表示其全部下级字段）或“字段.下级字段”（如 users.count）",
        min_length=1,
    )


class Call(Model):
    """One call for projects (file ``submissions/<call>/call.yaml``)."""

    id: CallId = public("批次编号", "与所在文件夹同名，通常是年份，如 2018", examples=["2018"])
    title: Text(4, 60) = public("批次名称", "如“2018年信息消费试点示范项目”")
    program: Text(4, 40) = public("项目名称", "本批次项目的称谓，如“信息消费试点示范项目”")
    year: int = public("年度", "本批次的年度", ge=2000, le=2999)
    basis: Text(4, 200) | None = public("依据", "本批次依据的文件名称及文号", default=None)
    sample: Flag = public(
        "示例数据",
        "为 true 时，网站在本批次的所有页面上标明“示例数据，纯属虚构”",
        default=False,
    )
    sealed: Flag = public(
        "密封",
        "为 true 时，申报书的联系人、附件和推荐审核，专家名单、评审分配、评分都须用 age 加密后提交"
        "（sfxm seal；见 README 的安全模型）；示例批次不密封",
        default=False,
    )
    schedule: Schedule = public("日程", "申报和评审的时间")
    classification: Classification = public("分类", "本批次的类别和方向")
    recommenders: list[Recommender] = public("推荐单位类别与上限", "哪些类别的单位可以推荐，各推荐多少", min_length=1)
    extra_quotas: list[ExtraQuota] = public("增加名额", "特定单位额外的推荐名额", default_factory=list)
    eligibility: Eligibility = public("申报条件", "申请主体须满足的条件")
    review: ReviewRules | None = public("评审规则", "专家评审的指标、人数、汇总方法和拟支持数量上限", default=None)
    form: list[FormSection] | None = public(
        "申报书结构",
        "申报书 Word 模板（sfxm template）各部分的顺序和内容；不填则用 sfxm 的默认结构。"
        "除申报编号和推荐顺序外，申报书的每个必填项都须出现且只出现一次",
        default=None,
        max_length=20,
    )
    note: Text(2, 1000) | None = private("备注", "项目办内部备注，不公开", default=None)

    def leaf(self, code: str) -> tuple[list[ClassItem], ClassItem] | None:
        for chain, item in self.classification.leaves():
            if item.code == code:
                return chain, item
        return None

    def quota_for(self, code: str, classes: list[UnitClass]) -> int | None:
        """How many projects the unit may recommend in this call, or None when it may not."""
        base = max((r.quota for r in self.recommenders if r.unit_class in classes), default=0)
        extra = sum(e.quota for e in self.extra_quotas if code in e.units)
        total = base + extra
        return total or None
