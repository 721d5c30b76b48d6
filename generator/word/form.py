"""The 申报书 as a form: its parts in the call's order, each field with its Chinese label and help.

The form is derived from the model (``generator.model.declaration``) and the call: the fields,
labels, limits and choices come from the model, the directions and legal forms from the call,
and the order of the parts from the call's ``form`` (or the default outline below). The Word
template, the printed 申报书 and the import all read this one description, so they cannot drift.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.base import visibility
from generator.model.call import Call, FormSection
from generator.model.declaration import Attachment, Declaration
from generator.model.introspect import core_type, max_length, pattern
from generator.model.types import Money

# Fields the import assigns (like ``sfxm new``), never asked on the form.
ASSIGNED = ("id", "order")
LIST_FIELDS = ("attachments",)  # lists of records: a table of their own
NUMERALS = "一二三四五六七八九十"

DEFAULT_OUTLINE: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("项目基本信息", None, ("name", "direction", "online_registration")),
    ("申请主体", None, ("applicant",)),
    ("项目内容", None, ("summary", "construction", "innovation", "business_model", "promotion")),
    ("用户规模和投资", None, ("users", "investment")),
    ("效益", None, ("benefits",)),
    ("联系人", "不公开", ("contact",)),
    ("附件", "不公开", ("attachments",)),
    ("推荐单位审核意见", "由推荐单位填写，不公开", ("recommendation",)),
)


class Kind:
    TEXT = "text"  # a line or a few
    LONG = "long"  # paragraphs
    CODE = "code"  # a code with a fixed format (credit code, phone, e-mail): read as half-width
    INT = "int"
    MONEY = "money"  # amount and unit in one cell: 1200 万元
    CHOICE = "choice"
    AFFIRMATION = "affirmation"  # a statement: 是
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Field:
    key: tuple[str, ...]  # the path in the declaration: ("applicant", "credit_code")
    title: str
    help: str
    required: bool
    public: bool
    kind: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    limit: int | None = None

    @property
    def dotted(self) -> str:
        return ".".join(self.key)

    @property
    def bookmark(self) -> str:
        """The name of the bookmark that marks this field's row in the Word form."""
        return "f_" + "__".join(self.key)

    @property
    def label(self) -> str:
        return f"{self.title}（{'必填' if self.required else '选填'}{'' if self.public else '，不公开'}）"


@dataclass(frozen=True, slots=True)
class Section:
    number: int  # 1-based
    title: str
    note: str | None
    fields: tuple[Field, ...]
    attachments: bool  # the section ends with the attachments table

    @property
    def heading(self) -> str:
        note = f"（{self.note}）" if self.note else ""
        return f"{numeral(self.number)}、{self.title}{note}"


@dataclass(frozen=True, slots=True)
class Form:
    call: Call
    sections: tuple[Section, ...]

    def fields(self) -> list[tuple[Section, Field]]:
        return [(s, f) for s in self.sections for f in s.fields]

    def by_bookmark(self) -> dict[str, tuple[Section, Field]]:
        return {f.bookmark: (s, f) for s, f in self.fields()}


def numeral(n: int) -> str:
    """一 … 十, 十一 … 二十 (a form has at most 20 parts)."""
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def outline(call: Call) -> list[FormSection]:
    """The call's parts of the form, or the default outline."""
    if call.form:
        return list(call.form)
    parts = []
    for title, note, paths in DEFAULT_OUTLINE:
        kept = tuple(p for p in paths if p != "online_registration" or call.eligibility.online_registration)
        parts.append(FormSection(title=title, note=note, fields=list(kept)))
    return parts


def _choices(annotation: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple((str(m.value), str(m.value)) for m in annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple((str(a), str(a)) for a in typing.get_args(annotation))
    return ()


def _word_help(text: str) -> str:
    """A model description as the Word form says it: 是 for true, dates in Chinese."""
    return (
        text.replace("填 true", "填“是”")
        .replace("如 2018-07-10", "如 2018年7月10日")
        .replace("如 2018-09-10", "如 2018年9月10日")
    )


def _field(
    key: tuple[str, ...], info: FieldInfo, annotation: Any, optional: bool, call: Call, parent_public: bool
) -> Field:
    required = info.is_required() and not optional
    if key == ("online_registration",) and call.eligibility.online_registration:
        required = True  # the call requires it (D-010)
    public = parent_public and visibility(info) == "public"
    help_text = _word_help(info.description or "")
    choices = _choices(annotation)
    kind = Kind.TEXT
    limit = max_length(info)
    if annotation is Money:
        kind = Kind.MONEY
        help_text += "。写金额和单位，如“1200 万元”；单位为元、万元或亿元"
    elif annotation is bool:
        kind = Kind.AFFIRMATION
    elif annotation is int:
        kind = Kind.INT
    elif annotation is date:
        kind = Kind.DATE
    elif annotation is Decimal:
        kind = Kind.INT
    elif choices:
        kind = Kind.CHOICE
    elif key == ("direction",):
        kind = Kind.CHOICE
        choices = tuple((leaf.code, f"{leaf.code} {leaf.name}") for _, leaf in call.classification.leaves())
        help_text = f"本批次的{call.classification.levels[-1]}，填编码或名称"
    elif pattern(info) is not None:
        kind = Kind.CODE
    elif limit is not None and limit > 200:
        kind = Kind.LONG
    if key == ("applicant", "legal_form"):
        choices = tuple((f.value, f.value) for f in call.eligibility.legal_forms)
    if kind == Kind.CHOICE:
        help_text += "。可填：" + "；".join(label for _, label in choices)
    return Field(key, info.title or key[-1], help_text, required, public, kind, choices, limit)


def _group(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation is not Money


def expand(path: str, call: Call) -> list[Field]:
    """The form fields of a dotted path of the declaration (a group gives all its own fields, in order).

    Raises KeyError for a path that is not a field, or that names a list (attachments: a table of its own).
    """
    names = path.split(".")
    model: type[BaseModel] = Declaration
    key: tuple[str, ...] = ()
    optional, public = False, True
    for depth, name in enumerate(names):
        info = model.model_fields.get(name)
        if info is None:
            raise KeyError(path)
        annotation, opt = core_type(info.annotation)
        key = (*key, name)
        optional = optional or opt or not info.is_required()
        if typing.get_origin(annotation) is list:
            raise KeyError(path)
        if depth < len(names) - 1:
            if not _group(annotation):
                raise KeyError(path)
            public = public and visibility(info) == "public"
            model = annotation
            continue
        if _group(annotation):
            public = public and visibility(info) == "public"
            out = []
            for sub_name, sub in annotation.model_fields.items():
                sub_annotation, sub_opt = core_type(sub.annotation)
                out.append(_field((*key, sub_name), sub, sub_annotation, optional or sub_opt, call, public))
            return out
        return [_field(key, info, annotation, optional, call, public)]
    raise KeyError(path)


def form_errors(call: Call) -> list[tuple[int, int, str, str]]:
    """What is wrong with the call's form outline: (part index or -1, field index, path, problem)."""
    problems: list[tuple[int, int, str, str]] = []
    placed: list[tuple[str, ...]] = []
    for i, part in enumerate(outline(call)):
        for j, path in enumerate(part.fields):
            top = path.split(".")[0]
            if top in ASSIGNED:
                problems.append((i, j, path, "由 sfxm 分配，不在申报书中填写"))
                continue
            if path in LIST_FIELDS:
                keys = [(path,)]
            else:
                try:
                    keys = [f.key for f in expand(path, call)]
                except KeyError:
                    what = "是列表，只能整体写作 attachments" if top in LIST_FIELDS else "不是申报书的字段"
                    problems.append((i, j, path, what))
                    continue
            if any(k[: len(p)] == p or p[: len(k)] == k for k in keys for p in placed):
                problems.append((i, j, path, "重复出现"))
            placed.extend(keys)
    for name, info in Declaration.model_fields.items():
        if name in ASSIGNED or not info.is_required():
            continue
        keys = [(name,)] if name in LIST_FIELDS else [f.key for f in expand(name, call) if f.required]
        for key in keys:
            if not any(key[: len(p)] == p for p in placed):
                problems.append((-1, -1, ".".join(key), "是必填项，但申报书中没有"))
    return problems


def build(call: Call) -> Form:
    """The form of the call's 申报书."""
    sections = []
    for i, part in enumerate(outline(call), start=1):
        fields: list[Field] = []
        attachments = False
        for path in part.fields:
            if path in LIST_FIELDS:
                attachments = True
                continue
            try:
                fields.extend(expand(path, call))
            except KeyError:
                continue  # C-010 says so; the form leaves it out
        sections.append(Section(i, part.title, part.note, tuple(fields), attachments))
    return Form(call, tuple(sections))


ATTACHMENT_COLUMNS = (
    (Attachment.model_fields["title"].title, "如“营业执照（副本）扫描件”"),
    ("文件名", "与申报书一起提交的文件的名称，如“营业执照.pdf”"),
)
ATTACHMENT_ROWS = 5  # empty rows in the template; more can be added in Word
