"""Expert review: the experts of a call, the assignment, and one expert's scores of one declaration.

All of it is private: expert identities and individual scores never reach the public site.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Model, private
from generator.model.types import Account, ClassCode, Day, DeclarationId, Flag, Number, Text, UnitCode

ExpertId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,31}$")]
CreditCodeText = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{18}$")]
# A criterion as an expert writes it: any short key, so that a wrong one is told which are allowed
# (E-017) instead of failing on its spelling; still under the text policy, like every key read.
CriterionKey = Text(1, 40)


class Organization(Model):
    """An organization an expert belongs to or worked for (for conflicts of interest)."""

    name: Text(2, 60) = private("单位名称", "专家任职或曾任职的单位")
    credit_code: CreditCodeText | None = private(
        "统一社会信用代码", "该单位的统一社会信用代码（有则填写，便于核对回避）", default=None
    )


class Expert(Model):
    """One reviewer (评审专家) of a call."""

    id: ExpertId = private("专家编号", "小写字母开头，如 e01；评分文件夹用它命名")
    name: Text(2, 20) = private("姓名", "专家姓名")
    account: Account = private("账号", "专家提交评分所用的代码托管平台账号")
    home_unit: UnitCode | None = private(
        "所在地区单位", "专家所在省（区、市）或计划单列市的单位代码；评审回避本单位推荐的项目", default=None
    )
    organizations: list[Organization] = private(
        "任职单位", "专家任职或近年曾任职的单位；回避这些单位申报的项目", default_factory=list
    )
    directions: list[ClassCode] = private("擅长方向", "专家擅长的方向编码；分配时优先", default_factory=list)
    recusals: list[DeclarationId] = private(
        "声明回避的申报书",
        "专家本人声明须回避的申报书编号（任职单位和所在地区之外的利益关系，如近亲属任职、近期合作）；分配和改派时避开",
        default_factory=list,
    )


class Experts(Model):
    """The experts of a call (``submissions/<call>/review/experts.yaml``, kept by the agency)."""

    experts: list[Expert] = private("专家名单", "本批次的评审专家", min_length=1)


class Assignment(Model):
    """Which experts review which declaration (``review/assignment.yaml``, written by ``sfxm review assign``)."""

    seed: int = private("随机种子", "分配所用的随机种子；同样的输入和种子得到同样的分配")
    assignments: dict[DeclarationId, list[ExpertId]] = private("分配", "申报编号 → 评审专家编号")


class Score(Model):
    """One expert's scores of one declaration (``review/scores/<expert>/<declaration>.yaml``)."""

    declaration: DeclarationId = private("申报编号", "所评申报书的编号，与文件名一致")
    expert: ExpertId = private("专家编号", "评分专家的编号，与所在文件夹一致")
    scores: dict[CriterionKey, Number | None] = private(
        "各指标得分", "指标代码 → 得分；每个指标都要打分，在 0 到该指标满分之间（留空的算作没有打分）"
    )
    comments: Text(10, 2000) = private("评审意见", "对申报书的评价和建议")
    no_conflict: Flag = private(
        "无利益冲突声明",
        "填 true（或“是”），表示本人与该项目的申请主体和推荐单位没有利益冲突（回避关系）；"
        "有利益冲突的，请不要评分，告知第三方评估机构改派",
    )
    signed_on: Day = private("评分日期", "如 2018-08-20")


class SetAsideScore(Model):
    """One committed score that no longer counts, and why."""

    expert: ExpertId = private("专家编号", "评分专家的编号")
    declaration: DeclarationId = private("申报编号", "所评申报书的编号")
    reason: Text(4, 300) = private("理由", "不予采用的理由，如评分提交后才发现的回避关系")


class SetAside(Model):
    """A record of the agency: committed scores set aside (``review/set-aside/<yyyy-mm-dd>-<n>.yaml``).

    The expert's file stays where it is; the record says it no longer counts. Records are only
    added, never edited: the date in the name is the day the agency decided.
    """

    scores: list[SetAsideScore] = private("不予采用的评分", "本次不予采用的评分及理由", min_length=1)
