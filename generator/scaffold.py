"""Render a commented YAML skeleton of a model, for ``sfxm new``.

The comments come from the model's titles and descriptions, so the template never drifts
from the rules: one source of truth.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.base import visibility
from generator.model.introspect import core_type, max_length
from generator.model.types import PARAGRAPH_OVER

BLOCK_TEXT_OVER = PARAGRAPH_OVER  # characters: longer texts hold paragraphs and get a block scalar (|)


def _choices(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(m.value) for m in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return []


def _comment(info: FieldInfo, optional: bool, hint: str | None, pad: str) -> list[str]:
    status = "公开" if visibility(info) == "public" else "不公开"
    need = "选填" if optional or not info.is_required() else "必填"
    text = f"{info.title}（{need}，{status}）：{info.description}"
    if hint:
        text += f"。{hint}"
    return [f"{pad}# {text}"]


def _default(info: FieldInfo) -> str | None:
    """A field's default as YAML text, when it has a plain one (not None, not a list)."""
    if info.is_required():
        return None
    default = info.get_default(call_default_factory=True)
    if default is None or isinstance(default, list | dict):
        return None
    if isinstance(default, Enum):
        default = default.value
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def _item(item: type[BaseModel], hints: dict[str, str], indent: int, prefix: str, seen: tuple) -> list[str]:
    """One list item of ``item``, every field commented: the first key carries the item's dash."""
    lines = render(item, {}, hints, indent + 2, prefix, expand=True, _seen=seen)
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    lines[first] = " " * indent + "- " + lines[first][indent + 2 :]
    return [line[2:] if i < first else line for i, line in enumerate(lines)]


def render(
    model: type[BaseModel],
    values: dict[str, Any] | None = None,
    hints: dict[str, str] | None = None,
    indent: int = 0,
    prefix: str = "",
    *,
    expand: bool = False,
    _seen: tuple = (),
) -> list[str]:
    """YAML lines for ``model``: a comment and a key for each field, values from ``values``.

    ``expand`` (for the call template) comments every nested field too: a list of models gets one
    item with every field, an optional group is written out, and fields with a plain default carry it.
    """
    values = values or {}
    hints = hints or {}
    pad = " " * indent
    lines: list[str] = []
    seen = (*_seen, model)
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        annotation, optional = core_type(info.annotation)
        choices = _choices(annotation)
        hint = hints.get(dotted) or (f"可选：{'、'.join(choices)}" if choices else None)
        lines.extend(_comment(info, optional, hint, pad))
        origin = typing.get_origin(annotation)
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        item = core_type(typing.get_args(annotation)[0])[0] if origin is list else None
        if expand and is_model:
            lines.append(f"{pad}{name}:")
            lines.extend(
                render(annotation, values.get(name) or {}, hints, indent + 2, f"{dotted}.", expand=True, _seen=seen)
            )
        elif expand and isinstance(item, type) and issubclass(item, BaseModel) and item not in seen and optional:
            # An optional list (left out, sfxm uses its default) is offered commented out.
            lines.append(f"{pad}# 需要时去掉下面几行开头的“# ”再填写：")
            lines.append(f"{pad}# {name}:")
            lines.extend(f"{pad}# {line[len(pad) :]}" for line in _item(item, hints, indent + 2, f"{dotted}.", seen))
        elif expand and isinstance(item, type) and issubclass(item, BaseModel) and item not in seen:
            lines.append(f"{pad}{name}:")
            lines.extend(_item(item, hints, indent + 2, f"{dotted}.", seen))
        elif expand and values.get(name) is None and _default(info) is not None:
            lines.append(f"{pad}{name}: {_default(info)}")
        elif is_model and optional and not values.get(name):
            # An optional group is offered commented out: uncomment it to fill it in.
            lines.append(f"{pad}# 需要时去掉下面几行开头的“# ”再填写：")
            lines.append(f"{pad}# {name}:")
            lines.extend(
                f"{pad}# {line[len(pad) :]}" if not line.lstrip().startswith("#") else line
                for line in render(annotation, {}, hints, indent + 2, f"{dotted}.")
                if not line.lstrip().startswith("#")
            )
        elif is_model:
            lines.append(f"{pad}{name}:")
            lines.extend(render(annotation, values.get(name) or {}, hints, indent + 2, f"{dotted}."))
        elif origin is list:
            (item,) = typing.get_args(annotation)
            item, _ = core_type(item)
            items = values.get(name) or []
            if isinstance(item, type) and issubclass(item, BaseModel):
                example = [f"{pad}#   {'- ' if i == 0 else '  '}{k}: …" for i, k in enumerate(item.model_fields)]
                lines.append(f"{pad}# 每一项写成：")
                lines.extend(example)
            if items and isinstance(item, type) and issubclass(item, BaseModel):
                lines.append(f"{pad}{name}:")
                for entry in items:
                    fields = render(item, entry, {}, indent + 2, f"{dotted}.")
                    entry_lines = [line for line in fields if not line.lstrip().startswith("#")]
                    lines.extend(
                        f"{pad}- {line[len(pad) + 2 :]}" if i == 0 else line for i, line in enumerate(entry_lines)
                    )
            else:
                lines.append(f"{pad}{name}: {yaml_scalar(items)}" if items else f"{pad}{name}: []")
        else:
            value = values.get(name)
            limit = max_length(info)
            if value is not None:
                lines.extend(yaml_value(name, value, pad))
            elif annotation is str and limit is not None and limit > BLOCK_TEXT_OVER and not optional:
                lines.append(f"{pad}{name}: |")
                lines.append(f"{pad}  ")
            else:
                lines.append(f"{pad}{name}:")
        if indent == 0:
            lines.append("")
    return lines


class _Dumper(yaml.SafeDumper):
    """Texts with line breaks as literal blocks (|), everything else as PyYAML judges safe."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def yaml_scalar(value: Any) -> str:
    """A value as a one-line YAML flow scalar (quoted where it must be)."""
    return (
        yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10**9, default_flow_style=True)
        .strip()
        .removesuffix("...")
        .strip()
    )


def yaml_value(name: str, value: Any, pad: str) -> list[str]:
    """``name: value`` as YAML lines at indentation ``pad``: quoted where needed, texts with line breaks as blocks.

    Everything a value can hold is written so that it reads back as exactly that value.
    """
    if isinstance(value, bool):
        return [f"{pad}{name}: {'true' if value else 'false'}"]
    if isinstance(value, int | Decimal):
        return [f"{pad}{name}: {value}"]
    if isinstance(value, date):
        return [f"{pad}{name}: {value.isoformat()}"]
    dumped = yaml.dump({name: value}, Dumper=_Dumper, allow_unicode=True, width=10**9, sort_keys=False)
    return [f"{pad}{line}" for line in dumped.rstrip("\n").split("\n")]


HEADER = """\
# yaml-language-server: $schema=../../../../generator/schema/declaration.schema.json
# {title}申报书：{unit}
# 填写说明：
#   1. 每一项写在冒号和一个空格之后；多行文字写在“|”的下一行，每行缩进两个空格。
#   2. 以 # 开头的是注释，说明每一项的要求，可以保留。
#   3. 请以 UTF-8 编码保存，只用空格缩进，不要用 Tab 键。
#   4. 标“公开”的内容将在网站上公布；标“不公开”的（如联系人）不会公开。
#   5. 填好后运行 sfxm check 检查，再提交合并请求。

"""


def _serial(text: object, prefix: str) -> int:
    if isinstance(text, str) and text.startswith(prefix) and text[len(prefix) :].isdigit():
        return int(text[len(prefix) :])
    return 0


@dataclass(frozen=True, slots=True)
class Place:
    """Where a new declaration of a unit goes: its id, order and file, and the unit's quota."""

    call: Any  # Call
    unit: Any  # Unit
    ident: str
    order: int
    rel: str
    quota: int
    existing: int

    def notes(self) -> list[str]:
        from generator.selection import NOT_TAKEN

        if self.existing < self.quota:
            return []
        return [
            f"注意：{self.unit.name}在批次 {self.call.id} 最多推荐 {self.quota} 个项目，已有 {self.existing} 个；"
            f"这一份排在第 {self.order} 位，将{NOT_TAKEN}（不进入评审），合并请求也会被拒绝。"
            "请撤回其他申报或调整推荐顺序。"
        ]


def next_place(repo: Any, call_id: str, unit_code: str) -> Place:
    """The next declaration of ``unit_code`` in ``call_id``: the next serial and the next order.

    Raises ValueError (in Chinese) when the call or the unit is unknown, or the unit may not recommend.
    """
    from generator import layout

    call = repo.call(call_id)
    if call is None:
        known = "、".join(repo.call_ids()) or "（无）"
        raise ValueError(f"批次 {call_id} 不存在或其 call.yaml 无效；现有批次：{known}")
    unit = repo.units.get(unit_code)
    if unit is None:
        raise ValueError(f"单位代码 {unit_code} 不在单位名录中；请用 sfxm units 查看本单位的代码")
    quota = call.quota_for(unit.code, unit.classes)
    if quota is None:
        raise ValueError(f"{unit.name}在批次 {call_id} 中没有推荐资格")
    existing = repo.declarations(call_id, unit_code)
    prefix = f"{call_id}-{unit_code}-"
    serial = 1 + max(
        (
            max(_serial(d.raw("id"), prefix), _serial(d.path.rsplit("/", 1)[-1].removesuffix(".yaml"), prefix))
            for d in existing
        ),
        default=0,
    )
    orders = [int(o) for d in existing if isinstance(o := d.raw("order"), str) and o.isdigit()]
    ident = f"{prefix}{serial:03d}"
    rel = f"{layout.declarations_folder(call_id, unit_code)}{ident}.yaml"
    return Place(call, unit, ident, max(orders, default=0) + 1, rel, quota, len(existing))


def declaration_text(call: Any, unit: Any, values: dict[str, Any]) -> str:
    """A declaration file: the header, and every field with its Chinese comment and its value from ``values``."""
    from generator.model.declaration import Declaration

    leaves = "；".join(f"{item.code} {item.name}" for _, item in call.classification.leaves())
    hints = {
        "direction": f"本批次可选的{call.classification.levels[-1]}：{leaves}",
        "applicant.legal_form": "可选：" + "、".join(f.value for f in call.eligibility.legal_forms),
    }
    body = HEADER.format(title=call.title, unit=unit.name)
    return body + "\n".join(render(Declaration, values, hints)).rstrip("\n") + "\n"


def new_declaration(repo: Any, root: Any, call_id: str, unit_code: str) -> tuple[str, list[str]]:
    """Write a new declaration skeleton for ``unit_code`` in ``call_id``; its path and notes."""
    place = next_place(repo, call_id, unit_code)
    target = root / place.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(declaration_text(place.call, place.unit, {"id": place.ident, "order": place.order}))
    return place.rel, place.notes()


CALL_TEMPLATE_PATH = "templates/call.yaml"
CALL_TEMPLATE_HEADER = """\
# 批次规则模板（项目办维护）。新批次的规则只是数据，不需要修改程序：
#   1. 复制本文件到 submissions/<批次编号>/call.yaml（批次编号通常是年份，如 submissions/2027/call.yaml）；
#   2. 按每一项上方的说明填写；“每一项”下的内容是列表中的一项，需要几项就复制几项（每项以“- ”开头）；
#   3. 带默认值的项（如 sample: false）可以保留；选填而不用的项可以删去；
#   4. 运行 sfxm check，没有错误后提交合并请求。
# 说明文字由 sfxm 按数据模型生成（与检查规则一致）；标“公开”的内容将在网站上公布。
# 推荐名额、申报条件和评审规则请照录当年通知；sample 只在示例批次写 true（网站会标明“示例数据，纯属虚构”）。

"""


def call_template() -> str:
    """The office's template of a call's rules, a Chinese comment on every field (``templates/call.yaml``)."""
    from generator.model.call import Call
    from generator.model.types import LegalForm

    hints = {
        "id": '写在引号中，如 "2027"',
        "classification.items.items": "末级分类不写下级；有下级时按同样格式逐项写出",
        "eligibility.legal_forms": "可选：" + "、".join(f.value for f in LegalForm),
        "review.tie_break": "写评审指标代码，如 [innovation]",
        "extra_quotas.units": '单位代码，如 ["440300"]',
    }
    return CALL_TEMPLATE_HEADER + "\n".join(render(Call, {}, hints, expand=True)) + "\n"


SITE_TEMPLATE_PATH = "templates/site.yaml"
SITE_TEMPLATE_HEADER = """\
# 公开网站信息模板（项目办维护）：网址、主办单位、联系方式、备案号和页脚说明。
#   1. 复制本文件到 submissions/registry/site.yaml；
#   2. 按每一项上方的说明填写真实信息（sample 保持 false）；选填而不用的项可以删去；
#   3. 运行 sfxm check，没有错误后提交合并请求。网站的页脚、站点地图、规范链接和订阅链接都由它生成。

"""


def site_template() -> str:
    """The office's template of the public site's identity (``templates/site.yaml``), a comment on every field."""
    from generator.model.site import Site

    return SITE_TEMPLATE_HEADER + "\n".join(render(Site, {}, {}, expand=True)) + "\n"
