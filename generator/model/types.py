"""Small value types shared by several models."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.model import text
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


# -- the input policy: text, digits, yes/no, dates ---------------------------------------------
#
# Every YAML scalar arrives as text (see ``generator.load.yamlfile``); these types say once how
# text becomes a value, so that every field of a kind follows the same rule. A new field takes the
# shared type (``Text``, ``Number``, ``Flag``, ``Affirmation``, ``Day``, ``Moment``), never a bare
# ``str``, ``Decimal``, ``bool``, ``date`` or ``datetime`` (a test holds every model to it).
#
# Digits: numbers, dates and codes are written with half-width (ASCII) characters only. Full-width
# digits (８６００) or letters, and digits of other scripts, are refused everywhere with the same
# message and the half-width spelling to copy, never converted silently (S-012).

# Full-width forms of ASCII (U+FF01–U+FF5E) and the ideographic space.
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def ascii_spelling(value: str) -> str | None:
    """``value`` with full-width characters and non-ASCII digits made half-width, if it has any."""
    if value.isascii():
        return None
    changed = False
    out = []
    for char in value:
        if "\uff01" <= char <= "\uff5e":
            char, changed = chr(ord(char) - 0xFEE0), True
        elif char == "\u3000":
            char, changed = " ", True
        elif char.isdecimal() and not char.isascii():
            char, changed = str(unicodedata.decimal(char)), True
        out.append(char)
    return "".join(out) if changed else None


def _ascii_required(value: str) -> PydanticCustomError:
    return PydanticCustomError("ascii_required", "只能用半角字符", {"suggestion": ascii_spelling(value) or value})


def _text_policy(multiline: bool) -> Callable[[Any], Any]:
    def policy(value: Any) -> Any:
        if value.__class__ is not str:
            return value  # the str validator says what is wrong
        kept = text.quick(value, multiline)
        if kept is not None:
            return kept
        value, problem = text.normalize(value, multiline=multiline)
        if problem is None:
            return value
        if problem.kind == "blank":
            raise PydanticCustomError("text_blank", "只有空白或不可见字符")
        raise PydanticCustomError(
            "text_character",
            "含有不允许的字符",
            {
                "character": text.describe(problem.character),
                "index": problem.index,
                "line_break": problem.kind == "line_break",
            },
        )

    policy.__name__ = policy.__qualname__ = "paragraph_policy" if multiline else "line_policy"
    return policy


PARAGRAPH_POLICY = _text_policy(True)
LINE_POLICY = _text_policy(False)
# Fields longer than this hold paragraphs (line breaks allowed; ``sfxm new`` writes them as a "|"
# block); shorter ones are names, titles, numbers and hold one line.
PARAGRAPH_OVER = 200


def Text(min_length: int = 1, max_length: int = 2000, *, multiline: bool | None = None) -> type[str]:
    """Text that people read, under the text policy (``generator.model.text``): trimmed, NFC, no
    control, format or bidirectional-override character, not blank; a line break only when
    ``multiline`` (by default: when ``max_length`` is over ``PARAGRAPH_OVER``). Lengths are
    counted in characters, after trimming and normalization."""
    lines = max_length > PARAGRAPH_OVER if multiline is None else multiline
    return Annotated[  # type: ignore[return-value]
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        BeforeValidator(PARAGRAPH_POLICY if lines else LINE_POLICY),
    ]


def _number(value: Any) -> Any:
    if isinstance(value, str) and ascii_spelling(value) is not None:
        raise _ascii_required(value)
    return value


# A decimal number (amount, weight, score): half-width digits only (Python's Decimal would
# otherwise read ８６００ and ٨٦٠٠ as 8600).
Number = Annotated[Decimal, BeforeValidator(_number)]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)


def _day(value: Any) -> Any:
    if isinstance(value, str):
        if ascii_spelling(value) is not None:
            raise _ascii_required(value)
        if not _DAY.fullmatch(value):  # pydantic would read 0 or 86400 as a Unix time
            raise PydanticCustomError("date_parsing", "日期写法不对")
        try:
            date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_impossible", "这一天不存在") from None
    return value


def _moment(value: Any) -> Any:
    if isinstance(value, str):
        if ascii_spelling(value) is not None:
            raise _ascii_required(value)
        if not _MOMENT.fullmatch(value):  # pydantic would read 20180720 as a Unix time (1970)
            raise PydanticCustomError("datetime_parsing", "日期时间写法不对")
    return value


# A calendar day, written 2018-07-10 (never a number: pydantic reads numbers as Unix times).
Day = Annotated[date, BeforeValidator(_day)]
# A moment with its UTC offset, written 2018-07-20T17:00:00+08:00.
Moment = Annotated[AwareDatetime, BeforeValidator(_moment)]

# Yes and no: YAML 1.1's spellings of true and false, and 是/否. Nothing else (pydantic alone would
# also take on, off, 1, 0, t, f, y, n).
TRUE_WORDS = ("true", "True", "TRUE", "yes", "Yes", "YES", "是")
FALSE_WORDS = ("false", "False", "FALSE", "no", "No", "NO", "否")
_FLAGS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def _flag(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # a list or a mapping: the bool validator says it is not a value
    if value in _FLAGS:
        return _FLAGS[value]
    if ascii_spelling(value) is not None:
        raise _ascii_required(value)
    raise PydanticCustomError("flag_parsing", "只能填 true 或 false（也可写“是”或“否”）")


def _require_true(value: bool) -> bool:
    if value is not True:
        raise PydanticCustomError(
            "affirmation_required", "这是一项声明，只能填 true（或“是”）；不能如实声明的，不能申报"
        )
    return value


# A yes-or-no setting: true/false (also yes/no, 是/否).
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"enum": [True, False, *TRUE_WORDS, *FALSE_WORDS]})]
# A statement the declarant makes: true (also yes, 是), and only true.
Affirmation = Annotated[
    bool, BeforeValidator(_flag), AfterValidator(_require_true), WithJsonSchema({"enum": [True, *TRUE_WORDS]})
]

# The policy functions, for the test that holds every model field to a shared type.
POLICY_FUNCTIONS = frozenset({PARAGRAPH_POLICY, LINE_POLICY, _number, _day, _moment, _flag})


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

    amount: Number = public(
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
