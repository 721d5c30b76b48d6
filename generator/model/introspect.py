"""Reading field annotations: the core type of a field, whether it is optional, its length limit."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic.fields import FieldInfo


def core_type(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Optional/Annotated, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def _constraint(info: FieldInfo, name: str) -> Any:
    """A constraint (max_length, pattern …) of a field, wherever its annotation puts it."""
    for meta in info.metadata:
        if getattr(meta, name, None) is not None:
            return getattr(meta, name)
    ann = info.annotation
    while typing.get_origin(ann) in (typing.Annotated, typing.Union, types.UnionType):
        args = typing.get_args(ann)
        for meta in args[1:] if typing.get_origin(ann) is typing.Annotated else ():
            if getattr(meta, name, None) is not None:
                return getattr(meta, name)
        ann = next((a for a in args if a is not type(None)), None)
    return None


def max_length(info: FieldInfo) -> int | None:
    return _constraint(info, "max_length")


def pattern(info: FieldInfo) -> str | None:
    """The regular expression a text field must match, if any."""
    return _constraint(info, "pattern")
