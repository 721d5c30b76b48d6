"""A call (批次): one year's rules, as data."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import AwareDatetime

from generator.model.base import Model, private, public
from generator.model.types import CallId, ClassCode, LegalForm, Text, UnitClass, UnitCode


class ClassItem(Model):
    """A node of the call's classification: a category (类), direction (方向) or field (领域)."""

    code: ClassCode = public("编码", "在本批次内唯一的编码，如 1、2 或 A", examples=["1"])
    name: Text(2, 40) = public("名称", "如“数字创意内容和服务”")
    description: Text(2, 600) | None = public("说明", "这一方向支持的内容", default=None)
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

    opens: AwareDatetime = public(
        "申报开始时间",
        "从此时起可以提交申报，如 2018-06-01T00:00:00+08:00",
    )
    closes: AwareDatetime = public(
        "申报截止时间",
        "此后不再接受新增、修改或撤回申报，如 2018-07-20T17:00:00+08:00",
    )
    review_starts: AwareDatetime | None = public(
        "评审开始时间",
        "专家评审开始的时间；此后申报材料冻结",
        default=None,
    )


class Recommender(Model):
    """A class of organizing unit that may recommend projects in this call, and its quota."""

    unit_class: UnitClass = public("单位类别", "可以推荐项目的单位类别")
    quota: int = public("推荐上限", "每个该类单位最多推荐的项目数", ge=1, le=100)


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
    online_registration: bool = public(
        "须网上登记",
        "申请主体是否还须在工业和信息化部网上系统登记（登记号写入申报书）",
        default=False,
    )
    text: Text(4, 600) = public("申报条件原文", "实施方案或通知中关于申请主体的要求")


class Call(Model):
    """One call for projects (file ``submissions/<call>/call.yaml``)."""

    id: CallId = public("批次编号", "与所在文件夹同名，通常是年份，如 2018", examples=["2018"])
    title: Text(4, 60) = public("批次名称", "如“2018年信息消费试点示范项目”")
    program: Text(4, 40) = public("项目名称", "本批次项目的称谓，如“信息消费试点示范项目”")
    year: int = public("年度", "本批次的年度", ge=2000, le=2100)
    basis: Text(4, 200) | None = public("依据", "本批次依据的文件名称及文号", default=None)
    sample: bool = public(
        "示例数据",
        "为 true 时，网站在本批次的所有页面上标明“示例数据，纯属虚构”",
        default=False,
    )
    schedule: Schedule = public("日程", "申报和评审的时间")
    classification: Classification = public("分类", "本批次的类别和方向")
    recommenders: list[Recommender] = public("推荐单位类别与上限", "哪些类别的单位可以推荐，各推荐多少", min_length=1)
    extra_quotas: list[ExtraQuota] = public("增加名额", "特定单位额外的推荐名额", default_factory=list)
    eligibility: Eligibility = public("申报条件", "申请主体须满足的条件")
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
