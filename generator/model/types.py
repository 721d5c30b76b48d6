"""Small value types shared by several models."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from generator.model.base import Model, public

# A git hosting account (GitHub / GitLab login): letters, digits, single hyphens, at most 39.
Account = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$"),
]
# An organizing unit's code: GB/T 2260 (6 digits) for regions; an assigned code otherwise.
UnitCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{6}$")]
# A call's id: its year, optionally with a suffix for a second call in the same year.
CallId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(?:-[a-z0-9]{1,12})?$")]
# A code in a call's classification (category, direction, field).
ClassCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{1,8}$")]
# A declaration id: <call>-<unit>-<serial>.
DECLARATION_ID_PATTERN = r"^[0-9]{4}(?:-[a-z0-9]{1,12})?-[0-9A-Z]{6}-[0-9]{3}$"
DeclarationId = Annotated[str, StringConstraints(pattern=DECLARATION_ID_PATTERN)]


def _require_true(value: bool) -> bool:
    if value is not True:
        raise PydanticCustomError("affirmation_required", "这是一项声明，只能填 true；不能如实声明的，不能申报")
    return value


# A statement the declarant makes: YAML's true/yes/是 arrive as text, so accept them as booleans,
# and accept only true.
Affirmation = Annotated[bool, AfterValidator(_require_true)]


def Text(min_length: int = 1, max_length: int = 2000) -> type[str]:
    """Free text of a bounded length (characters, counted as the reader sees them)."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length)]  # type: ignore[return-value]


class UnitClass(StrEnum):
    """The kinds of organizing unit (申报组织单位)."""

    PROVINCE = "province"
    SEPARATELY_PLANNED_CITY = "separately_planned_city"
    XPCC = "xpcc"
    CENTRAL_ENTERPRISE = "central_enterprise"
    DEMONSTRATION_CITY = "demonstration_city"

    @property
    def label(self) -> str:
        return UNIT_CLASS_LABELS[self]


UNIT_CLASS_LABELS = {
    UnitClass.PROVINCE: "省、自治区、直辖市",
    UnitClass.SEPARATELY_PLANNED_CITY: "计划单列市",
    UnitClass.XPCC: "新疆生产建设兵团",
    UnitClass.CENTRAL_ENTERPRISE: "中央企业",
    UnitClass.DEMONSTRATION_CITY: "信息消费示范城市",
}


class LegalForm(StrEnum):
    """Kinds of independent legal person (独立法人) that may apply."""

    ENTERPRISE = "企业法人"
    INSTITUTION = "事业单位法人"
    SOCIAL_ORGANIZATION = "社会组织法人"
    OTHER = "其他法人"


MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


class Money(Model):
    """An amount of money with its unit."""

    amount: Decimal = public(
        "金额",
        "数值，不加千分位逗号，如 1200 或 1200.5",
        ge=0,
        max_digits=16,
        decimal_places=2,
        examples=["1200"],
    )
    unit: Literal["元", "万元", "亿元"] = public("单位", "金额的单位：元、万元或亿元", examples=["万元"])

    @property
    def yuan(self) -> Decimal:
        return self.amount * MONEY_UNITS[self.unit]

    def __str__(self) -> str:
        return f"{self.amount.normalize():f} {self.unit}"
