"""The models are the single source of truth: described, marked public or private, exported."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.model import credit_code
from generator.model.base import public_data, visibility
from generator.model.introspect import core_type
from generator.model.schema import SCHEMAS, rendered, schema_path, stale
from tests.conftest import ROOT


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for info in model.model_fields.values():
        annotation, _ = core_type(info.annotation)
        for candidate in [annotation, *typing.get_args(annotation)]:
            inner, _ = core_type(candidate)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                _models(inner, seen)


def all_models() -> list[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    for model in SCHEMAS.values():
        _models(model, seen)
    return sorted(seen, key=lambda m: m.__name__)


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.__name__)
def test_every_field_has_a_chinese_title_a_description_and_a_visibility(model: type[BaseModel]) -> None:
    assert model.model_config.get("extra") == "forbid"
    for name, info in model.model_fields.items():
        assert info.title and any("\u4e00" <= c <= "\u9fff" for c in info.title), f"{model.__name__}.{name}"
        assert info.description, f"{model.__name__}.{name} has no description"
        assert visibility(info) in ("public", "private"), f"{model.__name__}.{name} is not marked"


def test_contact_and_verification_are_private() -> None:
    from generator.model.declaration import Declaration

    fields = Declaration.model_fields
    for name in ("contact", "order", "attachments", "recommendation", "online_registration"):
        assert visibility(fields[name]) == "private", name


def test_public_data_drops_private_fields_at_every_level(temp_repo) -> None:
    from generator.load import parse_yaml
    from generator.model.declaration import Declaration

    path = temp_repo.declaration()
    doc, _ = parse_yaml("x.yaml", path.read_bytes())
    data = public_data(Declaration.model_validate(doc.data))
    text = json.dumps(data, ensure_ascii=False, default=str)
    for secret in ("陈示例", "010-00000001", "contact@example.com", "王示例", "同意推荐"):
        assert secret not in text
    assert data["applicant"]["credit_code"] == "91119901MA01A7K3X9"
    assert "order" not in data and "contact" not in data


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_json_schema_is_current(name: str) -> None:
    assert schema_path(name).read_text(encoding="utf-8") == rendered(name), "run `sfxm schema`"


def test_schema_check_command_reports_current_schemas() -> None:
    assert stale() == []
    result = subprocess.run(
        [sys.executable, "-m", "generator", "schema", "--check"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0 and "均为最新" in result.stdout


def test_sample_declarations_validate_with_check_jsonschema() -> None:
    """Another validator accepts the sample data against the exported schema."""
    files = sorted(str(p) for p in (ROOT / "submissions/2018/declarations").rglob("*.yaml"))
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_path("declaration")), *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_references_the_committed_schema(root: Path) -> None:
    from generator.scaffold import HEADER

    line = HEADER.splitlines()[0]
    relative = line.split("$schema=")[1]
    example = root / "submissions/2018/declarations/110000"
    assert (example / relative).resolve() == schema_path("declaration").resolve()


USCC_EXAMPLES = list(
    csv.DictReader((Path(__file__).parent / "data/uscc-examples.csv").read_text(encoding="utf-8").splitlines())
)


@pytest.mark.parametrize("row", USCC_EXAMPLES, ids=lambda r: r["code"])
def test_credit_code_check_character(row: dict[str, str]) -> None:
    assert credit_code.is_valid(row["code"]) is (row["expected"] == "valid"), row["note"]
