"""Render a commented YAML skeleton of a model, for ``sfxm new``.

The comments come from the model's titles and descriptions, so the template never drifts
from the rules: one source of truth.
"""

from __future__ import annotations

import typing
from enum import Enum
from typing import Any

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


def render(
    model: type[BaseModel],
    values: dict[str, Any] | None = None,
    hints: dict[str, str] | None = None,
    indent: int = 0,
    prefix: str = "",
) -> list[str]:
    """YAML lines for ``model``: a comment and a key for each field, values from ``values``."""
    values = values or {}
    hints = hints or {}
    pad = " " * indent
    lines: list[str] = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        annotation, optional = core_type(info.annotation)
        choices = _choices(annotation)
        hint = hints.get(dotted) or (f"可选：{'、'.join(choices)}" if choices else None)
        lines.extend(_comment(info, optional, hint, pad))
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and optional:
            # An optional group is offered commented out: uncomment it to fill it in.
            lines.append(f"{pad}# 需要时去掉下面几行开头的“# ”再填写：")
            lines.append(f"{pad}# {name}:")
            lines.extend(
                f"{pad}# {line[len(pad) :]}" if not line.lstrip().startswith("#") else line
                for line in render(annotation, {}, hints, indent + 2, f"{dotted}.")
                if not line.lstrip().startswith("#")
            )
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            lines.append(f"{pad}{name}:")
            lines.extend(render(annotation, values.get(name) or {}, hints, indent + 2, f"{dotted}."))
        elif origin is list:
            (item,) = typing.get_args(annotation)
            item, _ = core_type(item)
            if isinstance(item, type) and issubclass(item, BaseModel):
                example = [f"{pad}#   {'- ' if i == 0 else '  '}{k}: …" for i, k in enumerate(item.model_fields)]
                lines.append(f"{pad}# 每一项写成：")
                lines.extend(example)
            lines.append(f"{pad}{name}: []")
        else:
            value = values.get(name)
            limit = max_length(info)
            if value is not None:
                lines.append(f"{pad}{name}: {value}")
            elif annotation is str and limit is not None and limit > BLOCK_TEXT_OVER and not optional:
                lines.append(f"{pad}{name}: |")
                lines.append(f"{pad}  ")
            else:
                lines.append(f"{pad}{name}:")
        if indent == 0:
            lines.append("")
    return lines


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


def new_declaration(repo: Any, root: Any, call_id: str, unit_code: str) -> tuple[str, list[str]]:
    """Write a new declaration skeleton for ``unit_code`` in ``call_id``; its path and notes."""
    from generator import layout
    from generator.model.declaration import Declaration

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
    order = max(orders, default=0) + 1
    ident = f"{prefix}{serial:03d}"
    rel = f"{layout.declarations_folder(call_id, unit_code)}{ident}.yaml"
    target = root / rel
    leaves = "；".join(f"{item.code} {item.name}" for _, item in call.classification.leaves())
    hints = {
        "direction": f"本批次可选的{call.classification.levels[-1]}：{leaves}",
        "applicant.legal_form": "可选：" + "、".join(f.value for f in call.eligibility.legal_forms),
    }
    body = HEADER.format(title=call.title, unit=unit.name)
    body += "\n".join(render(Declaration, {"id": ident, "order": order}, hints)) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(body)
    notes = []
    if len(existing) >= quota:
        notes.append(
            f"注意：{unit.name}在批次 {call_id} 最多推荐 {quota} 个项目，已有 {len(existing)} 个；"
            f"新建的这一份排在第 {order} 位，将超出名额。请撤回其他申报或调整推荐顺序。"
        )
    return rel, notes
