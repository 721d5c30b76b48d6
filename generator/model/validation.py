"""Validate plain data against a model and say what is wrong in Chinese, at the right line.

pydantic reports each problem with a ``loc`` (the path of keys and indexes) and a ``type``;
here each type maps to a catalogued message (codes S-…), the ``loc`` maps back to the YAML
node's line and column, and the field's Chinese title names the field.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Hashable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.findings import Finding, Message, Severity
from generator.load.yamlfile import Document
from generator.model import text
from generator.model.types import ascii_spelling

E = Severity.ERROR
M = TypeVar("M", bound=BaseModel)

MISSING = Message(
    "S-001",
    E,
    "缺少必填项",
    "缺少{what}",
    "请填写这一项：{description}",
    "必填项为空时，申报书不完整，评审和公示都无法进行。",
)
UNKNOWN = Message(
    "S-002",
    E,
    "不认识的字段",
    "“{key}”不是{where}应有的字段{suggestion}",
    "请对照模板改正拼写，或删除这一行；可用的字段有：{allowed}",
    "拼错的字段名会让内容被忽略；工具不接受模板之外的字段，以免材料悄悄丢失。",
)
WRONG_TYPE = Message(
    "S-003",
    E,
    "内容类型不对",
    "{what}应当是{expected}，这里写的是{actual}",
    "请对照模板改写这一项：{description}",
    "每一项都有固定的形式（文字、数字、列表、下级字段），形式不对就无法读出内容。",
)
LENGTH = Message(
    "S-004",
    E,
    "长度不符合要求",
    "{what}{constraint}，现在是 {actual}",
    "请按要求增删内容：{description}",
    "长度限制保证申报书既完整又便于评审和公示。",
)
RANGE = Message(
    "S-005",
    E,
    "数值超出范围",
    "{what}{constraint}，现在是 {actual}",
    "请改正数值：{description}",
    "超出合理范围的数值通常是单位或位数写错了。",
)
FORMAT = Message(
    "S-006",
    E,
    "格式不对",
    "{what}的格式不对：“{actual}”",
    "{description}",
    "编码、电话、路径等有固定格式，格式不对的值无法核对或使用。",
)
CHOICE = Message(
    "S-007",
    E,
    "不在可选值之内",
    "{what}只能是 {choices}，不能是“{actual}”",
    "请从可选值中选一个照抄（注意全角、半角和空格）",
    "可选值是固定的，写成别的说法工具就无法识别。",
)
PARSE = Message(
    "S-008",
    E,
    "无法识别的值",
    "{what}的值“{actual}”不是{expected}",
    "请按要求改写：{description}",
    "数字、日期、时间和真假值要按固定写法填写，工具才能读懂。",
)
INVALID = Message(
    "S-009",
    E,
    "值不符合要求",
    "{what}不符合要求：{reason}",
    "请对照说明改正：{description}",
    "不符合要求的值会让后续的检查和公示出错。",
)

TEXT_CHARACTER = Message(
    "S-010",
    E,
    "文字中有不允许的字符",
    "{what}的第 {index} 个字符是 {character}：{reason}（sfxm 的规定）",
    "{fix}",
    "公开或供人阅读的文字中不接受控制字符、不可见的格式字符（如零宽空格）和双向文字控制字符："
    "它们在网页上看不见，却能改变显示的内容或顺序（U+202E 会让后面的文字倒过来显示），也让两段看起来相同的文字被当成不同。",
)
TEXT_BLANK = Message(
    "S-011",
    E,
    "文字只有看不见的字符",
    "{what}只有空白、单独的组合附加符号或其他看不见的字符，没有可读的内容（sfxm 的规定）",
    "请填写实际内容：{description}",
    "看起来为空的文字会在网站上显示为空白的名称或意见，也能绕过必填项的检查。",
)
FULLWIDTH = Message(
    "S-012",
    E,
    "数字、日期或编码用了全角字符",
    "{what}的值“{actual}”中有全角字符或非阿拉伯数字；sfxm 规定数字、日期和编码一律只用半角字符，不自动换算",
    "请改为“{suggestion}”（把输入法切换到半角后重新输入）",
    "全角数字和半角数字看起来相近，自动换算会悄悄改变文件内容；统一只收半角，写错时明确指出，改法也只有一种。",
)

_TYPE_NAMES = {
    "dict_type": "一组下级字段（映射）",
    "model_type": "一组下级字段（映射）",
    "model_attributes_type": "一组下级字段（映射）",
    "list_type": "列表（每项以“- ”开头）",
    "string_type": "一段文字",
    "int_type": "整数",
    "float_type": "数字",
    "decimal_type": "数字",
    "bool_type": "true 或 false",
    "date_type": "日期",
    "datetime_type": "日期时间",
}
_PARSE_NAMES = {
    "int_parsing": "整数（只写阿拉伯数字，不加逗号或单位）",
    "int_from_float": "整数",
    "float_parsing": "数字",
    "decimal_parsing": "数字（不加千分位逗号或单位）",
    "bool_parsing": "true 或 false",
    "date_parsing": "日期（写成 2018-07-10）",
    "date_from_datetime_parsing": "日期（写成 2018-07-10）",
    "date_from_datetime_inexact": "日期（写成 2018-07-10，不带时间）",
    "datetime_parsing": "日期时间（写成 2018-07-20T17:00:00+08:00）",
    "datetime_from_date_parsing": "日期时间（写成 2018-07-20T17:00:00+08:00）",
    "timezone_aware": "带时区的日期时间（末尾加 +08:00，即北京时间）",
    "literal_error": "可选值之一",
    "enum": "可选值之一",
    "finite_number": "有限的数字",
    "date_impossible": "存在的日期（这一天不存在）",
    "flag_parsing": "true 或 false（也可写“是”或“否”）",
}
# Errors raised by this package's own validators carry Chinese messages already.
_OWN_ERRORS = frozenset({"affirmation_required", "record_name_date"})
_LENGTHS = frozenset({"string_too_short", "string_too_long", "too_short", "too_long"})
# Where a value written with full-width characters is refused, say so (S-012) rather than "wrong format".
_DIGIT_KINDS = frozenset(
    {
        "ascii_required",
        "int_parsing",
        "int_from_float",
        "float_parsing",
        "decimal_parsing",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "timezone_aware",
        "string_pattern_mismatch",
        "bool_parsing",
        "flag_parsing",
        "literal_error",
        "enum",
    }
)
_RANGE = {
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "decimal_max_digits": "最多 {max_digits} 位数字",
    "decimal_max_places": "最多 {decimal_places} 位小数",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
}


def _clip(value: Any, limit: int = 30) -> str:
    text = "空值" if value is None else str(value)
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组下级字段"
    if isinstance(value, list):
        return "一个列表"
    return f"文字“{_clip(value)}”"


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (through Optional, unions, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _resolve(
    model: type[BaseModel], loc: tuple[Hashable, ...]
) -> tuple[list[FieldInfo | None], type[BaseModel] | None]:
    """The field infos along ``loc`` (None for list indexes), and the model holding the last one."""
    infos: list[FieldInfo | None] = []
    current: Any = model
    holder: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int):
            infos.append(None)
            candidates = [a for t in _unwrap(current) for a in (typing.get_args(t) or [t])]
            current = next((c for c in candidates if c is not type(None)), None)
            continue
        models = [t for t in _unwrap(current) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not models or step not in models[0].model_fields:
            infos.append(None)
            holder = models[0] if models else None
            current = None
            continue
        holder = models[0]
        info = holder.model_fields[str(step)]
        infos.append(info)
        current = info.annotation
    return infos, holder


def _what(loc: tuple[Hashable, ...], infos: list[FieldInfo | None]) -> str:
    parts = []
    for step, info in zip(loc, infos, strict=False):
        if isinstance(step, int):
            parts.append(f"第 {step + 1} 项")
        elif info is not None and info.title:
            parts.append(info.title)
        else:
            parts.append(str(step))
    key = ".".join(str(s) if not isinstance(s, int) else f"[{s}]" for s in loc).replace(".[", "[")
    return f"“{' › '.join(parts)}”（{key}）" if parts else "文件内容"


def _description(info: FieldInfo | None) -> str:
    if info is None or not info.description:
        return "见模板中的说明"
    if info.examples:
        return f"{info.description}；例如 {info.examples[0]}"
    return info.description


def _choices(error: dict[str, Any], info: FieldInfo | None) -> str:
    ctx = error.get("ctx") or {}
    expected = str(ctx.get("expected", ""))
    if expected:
        expected = expected.replace(" or ", "、").replace(", ", "、").replace("'", "")
        return {"True": "true", "False": "false"}.get(expected, expected)
    return "模板所列的值"


def _finding(doc: Document, model: type[BaseModel], error: dict[str, Any]) -> Finding:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    infos, holder = _resolve(model, loc)
    info = infos[-1] if infos else None
    what = _what(loc, infos)
    description = _description(info)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = sorted(holder.model_fields) if holder is not None else []
        close = difflib.get_close_matches(key, allowed, n=1)
        suggestion = f"（是不是“{close[0]}”？）" if close else ""
        where_label = "这里" if len(loc) == 1 else f"{_what(loc[:-1], infos[:-1])}下"
        return UNKNOWN.at(
            doc.where_key(*loc),
            key=key,
            where=where_label,
            suggestion=suggestion,
            allowed="、".join(allowed) or "（无）",
        )
    if kind == "missing" or value is None or (isinstance(value, str) and text.is_space(value)):
        where = doc.where(*loc[:-1]) if kind == "missing" else doc.where(*loc)
        return MISSING.at(where, what=what, description=description)
    where = doc.where(*loc)
    if isinstance(value, dict | list) and kind not in _TYPE_NAMES and kind not in _LENGTHS:
        # A list or a mapping where a value belongs: say so, rather than print its contents.
        expected = _PARSE_NAMES.get(kind, "一个值（文字、数字或日期）")
        return WRONG_TYPE.at(where, what=what, expected=expected, actual=_describe(value), description=description)
    if kind == "text_character":
        line_break = ctx.get("line_break")
        return TEXT_CHARACTER.at(
            where,
            what=what,
            index=ctx.get("index", 1),
            character=ctx.get("character", ""),
            reason="这一项只能写一行" if line_break else "这类字符看不见，不能出现在公开或供人阅读的文字中",
            fix="请把内容写在一行内（不用“|”，引号中也不写 \\n）"
            if line_break
            else "请删除这个字符（常见于从网页、PDF 或其他软件复制粘贴的文字；可把这段文字重新输入）",
        )
    if kind == "text_blank":
        return TEXT_BLANK.at(where, what=what, description=description)
    if kind in _DIGIT_KINDS and isinstance(value, str) and (suggestion := ascii_spelling(value)) is not None:
        return FULLWIDTH.at(where, what=what, actual=_clip(value), suggestion=suggestion)
    if kind in _TYPE_NAMES:
        return WRONG_TYPE.at(
            where, what=what, expected=_TYPE_NAMES[kind], actual=_describe(value), description=description
        )
    if kind in _LENGTHS:
        if kind.startswith("string"):
            limit = ctx.get("min_length", ctx.get("max_length"))
            constraint = f"至少要 {limit} 个字" if kind.endswith("short") else f"最多 {limit} 个字"
            actual = f"{len(value)} 个字" if isinstance(value, str) else _describe(value)
        else:
            limit = ctx.get("min_length", ctx.get("max_length"))
            constraint = f"至少要有 {limit} 项" if kind.endswith("short") else f"最多 {limit} 项"
            actual = f"{ctx.get('actual_length', '?')} 项"
        return LENGTH.at(where, what=what, constraint=constraint, actual=actual, description=description)
    if kind in _RANGE:
        return RANGE.at(
            where, what=what, constraint=_RANGE[kind].format(**ctx), actual=_clip(value), description=description
        )
    if kind == "string_pattern_mismatch":
        return FORMAT.at(where, what=what, actual=_clip(value), description=description)
    if kind in ("literal_error", "enum"):
        return CHOICE.at(where, what=what, choices=_choices(error, info), actual=_clip(value))
    if kind in _PARSE_NAMES:
        return PARSE.at(where, what=what, actual=_clip(value), expected=_PARSE_NAMES[kind], description=description)
    reason = error.get("msg", "") if kind in _OWN_ERRORS else f"“{_clip(value)}”不是可以接受的值"
    return INVALID.at(where, what=what, reason=reason, description=description)


def translate(doc: Document, model: type[BaseModel], error: dict[str, Any]) -> Finding:
    """One pydantic error as a catalogued finding (S-…), placed in ``doc``."""
    return _finding(doc, model, error)


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Finding]]:
    """The model built from ``doc``, or None with the findings that say why not."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as error:
        return None, [_finding(doc, model, e) for e in error.errors(include_url=False)]
