"""Export the models as JSON Schemas, for editors (autocomplete) and other validators.

sfxm reads every YAML scalar as text and lets the model convert it; a YAML parser elsewhere
turns ``direction: 1`` into a number. So text fields accept any scalar in the exported schema,
which then describes what sfxm accepts rather than something stricter.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model.call import Call
from generator.model.decision import Proposed
from generator.model.declaration import Declaration
from generator.model.holidays import Holidays
from generator.model.recipients import Recipients, ReviewRecipients
from generator.model.record import RECORD_MODELS, Final
from generator.model.registry import Registry, Roles
from generator.model.review import Assignment, Experts, Score, SetAside
from generator.model.site import Site

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "declaration": Declaration,
    "call": Call,
    "units": Registry,
    "roles": Roles,
    "holidays": Holidays,
    "site": Site,
    "experts": Experts,
    "assignment": Assignment,
    "score": Score,
    "set-aside": SetAside,
    "recipients": Recipients,
    "review-recipients": ReviewRecipients,
    "proposed": Proposed,
    "final": Final,
    **{f"record-{kind}": model for kind, model in RECORD_MODELS.items()},
}
_SCALARS = ["string", "number", "integer", "boolean"]


def _yaml_friendly(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _yaml_friendly(v) for k, v in node.items()}
        if out.get("type") == "string" and "format" not in out:
            out["type"] = list(_SCALARS)
        return out
    if isinstance(node, list):
        return [_yaml_friendly(v) for v in node]
    return node


def schema_for(name: str) -> dict[str, Any]:
    model = SCHEMAS[name]
    schema = _yaml_friendly(model.model_json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://sfxm.example/schema/{name}.schema.json",
        **schema,
    }


def rendered(name: str) -> str:
    return json.dumps(schema_for(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_path(name: str, folder: Path = SCHEMA_DIR) -> Path:
    return folder / f"{name}.schema.json"


def write_all(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = schema_path(name, folder)
        path.write_text(rendered(name), encoding="utf-8")
        written.append(path)
    return written


def stale(folder: Path = SCHEMA_DIR) -> list[Path]:
    """The exported schemas that differ from what the models give now."""
    out = []
    for name in SCHEMAS:
        path = schema_path(name, folder)
        if not path.exists() or path.read_text(encoding="utf-8") != rendered(name):
            out.append(path)
    return out
