"""The base model and field helpers that mark every field public or private."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

Visibility = Literal["public", "private"]
VISIBILITY_KEY = "x-visibility"


class Model(BaseModel):
    """Strict about shape (unknown fields are errors), lenient about text-to-number conversion,
    because every YAML scalar arrives as text (see ``generator.load.yamlfile``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


def _field(visibility: Visibility, title: str, description: str, default: Any, **kwargs: Any) -> Any:
    extra = kwargs.pop("json_schema_extra", {}) | {VISIBILITY_KEY: visibility}
    if default is ...:
        return Field(title=title, description=description, json_schema_extra=extra, **kwargs)
    return Field(default, title=title, description=description, json_schema_extra=extra, **kwargs)


def public(title: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    """A field that the public site may show."""
    return _field("public", title, description, default, **kwargs)


def private(title: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    """A field that never leaves the repository: contact details, accounts, internal notes."""
    return _field("private", title, description, default, **kwargs)


def visibility(info: FieldInfo) -> Visibility | None:
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        value = extra.get(VISIBILITY_KEY)
        if value in ("public", "private"):
            return value  # type: ignore[return-value]
    return None


Plain = str | int | bool | Decimal | date | datetime | None | dict[str, "Plain"] | list["Plain"]


def public_data(obj: Any) -> Any:
    """The public part of a model: private fields dropped at every level, models as dicts."""
    if isinstance(obj, BaseModel):
        fields = type(obj).model_fields
        return {name: public_data(getattr(obj, name)) for name, info in fields.items() if visibility(info) == "public"}
    if isinstance(obj, list | tuple):
        return [public_data(item) for item in obj]
    return obj


def without_private(model: BaseModel) -> BaseModel:
    """A copy of ``model`` whose private fields are reset to their defaults, at every level.

    For models whose private fields are all optional (such as a call's internal note): a typed
    object the public site can use without being able to read what is private.
    """
    updates: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if visibility(info) == "private":
            if info.is_required():
                raise ValueError(f"{type(model).__name__}.{name} is private and required")
            updates[name] = info.get_default(call_default_factory=True)
        elif isinstance(value, BaseModel):
            updates[name] = without_private(value)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            updates[name] = [without_private(v) for v in value]
    return model.model_copy(update=updates)
