"""Who a sealed call's files are sealed to: age recipients (public keys), data in the repository.

``submissions/registry/recipients.yaml`` is the office's: its own recipients and each unit's.
``submissions/<call>/review/recipients.yaml`` is the agency's: its own recipients and each expert's.
A recipient is public (``age1…``); the matching identity (``AGE-SECRET-KEY-1…``) never enters the
repository.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Model, private
from generator.model.review import ExpertId
from generator.model.types import UnitCode

# An age X25519 recipient: "age1" and 58 characters of Bech32.
AgeRecipient = Annotated[str, StringConstraints(pattern=r"^age1[02-9ac-hj-np-z]{58}$")]


class Recipients(Model):
    """The office's recipients file (``submissions/registry/recipients.yaml``)."""

    office: list[AgeRecipient] = private(
        "项目办公钥",
        "项目办的 age 公钥（age1 开头），每位持有私钥的工作人员一行；申报书的非公开部分对它们加密",
        min_length=1,
        max_length=20,
    )
    units: dict[UnitCode, list[AgeRecipient]] = private(
        "各单位公钥",
        "单位代码 → 该单位的 age 公钥；列出后，单位也能打开自己提交的申报书",
        default_factory=dict,
    )


class ReviewRecipients(Model):
    """The agency's recipients file of a call (``submissions/<call>/review/recipients.yaml``)."""

    agency: list[AgeRecipient] = private(
        "评估机构公钥",
        "评估机构的 age 公钥；专家名单、评审分配、评分和不予采用记录都对它们加密",
        min_length=1,
        max_length=20,
    )
    experts: dict[ExpertId, list[AgeRecipient]] = private(
        "专家公钥",
        "专家编号 → 该专家的 age 公钥；专家用对应的私钥打开自己的分配清单和自己的评分",
        default_factory=dict,
    )
