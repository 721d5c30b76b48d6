"""Positive and negative example declarations, and a kitchen-sink repository with exact findings.

Each file in fixtures/declarations/invalid states the codes it must produce in a
``# expect:`` line; each file in fixtures/declarations/valid must produce none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load import FileSystemSource
from generator.repository import Repository
from generator.rules import check_repository
from tests.conftest import FIXTURES, TempRepo

EXAMPLES = FIXTURES / "declarations"


def _place(repo: TempRepo, example: Path) -> str:
    raw = example.read_bytes()
    ident = re.search(rb"^id: (\S+)", raw, re.MULTILINE)
    unit = ident.group(1).decode().split("-")[1] if ident and b"310000" not in ident.group(1) else "110000"
    rel = f"submissions/2018/declarations/{unit}/2018-{unit}-001.yaml"
    repo.write(rel, raw)
    return rel


def _expected(example: Path) -> list[str]:
    match = re.search(rb"^# expect: (.+)$", example.read_bytes(), re.MULTILINE)
    assert match, f"{example.name} has no '# expect:' line"
    return sorted(code.strip() for code in match.group(1).decode("ascii").split(","))


@pytest.mark.parametrize("example", sorted((EXAMPLES / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_negative_example(temp_repo: TempRepo, example: Path) -> None:
    rel = _place(temp_repo, example)
    findings = check_repository(Repository(FileSystemSource(temp_repo.path)), [rel])
    assert sorted({f.code for f in findings}) == _expected(example), [f.message for f in findings]
    assert all(f.path == rel and f.line is not None for f in findings)


@pytest.mark.parametrize("example", sorted((EXAMPLES / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_positive_example(temp_repo: TempRepo, example: Path) -> None:
    rel = _place(temp_repo, example)
    assert check_repository(Repository(FileSystemSource(temp_repo.path)), [rel]) == []


def test_example_names_start_with_their_first_code() -> None:
    for example in (EXAMPLES / "invalid").glob("*.yaml"):
        assert example.stem[:5] in _expected(example), example.name


def build_kitchen_sink(repo: TempRepo) -> None:
    """One repository that breaks every cross-file rule at once."""
    # 110000: 12 declarations for a quota of 10; orders 1..11 with 11 used twice.
    for serial in range(1, 13):
        repo.declaration("110000", serial, order=min(serial, 11), name=f"示例项目{serial:02d}", applicant=serial)
    # …one of them the same project of the same applicant as another (D-012 on both).
    repo.declaration("110000", 13, order=12, name="示例项目01", applicant=1)
    # The same applicant with another project from Shanghai (D-013 both ways; D-007 there).
    repo.declaration("310000", 1, name="另一个示例项目", applicant=2, applicant_unit="110000")
    # A unit folder that is not a unit, and a city that may not recommend in 2018.
    repo.declaration("999999", 1, applicant=31, applicant_unit="110000")
    repo.declaration("420100", 1, applicant=32)
    # Tianjin: one id used by two files, and orders 1 and 3 (a gap).
    repo.declaration("120000", 1, applicant=41, applicant_unit="120000", name="天津示例项目一")
    repo.declaration(
        "120000", 1, order=3, applicant=42, applicant_unit="120000", name="天津示例项目二", filename="renamed-copy.yaml"
    )
    # 2022 requires online registration.
    repo.declaration(
        "110000",
        1,
        call="2022",
        replace={"direction: 1\n": "direction: 4\n", "verified_on: 2018-07-20": "verified_on: 2022-07-01"},
    )
    # Files outside the layout, an attachment nobody references, a PDF that is not one.
    repo.write("submissions/2018/declarations/110000/北京项目.yaml", "name: x\n")
    repo.write("submissions/2018/declarations/110000/attachments/unused.pdf", b"%PDF-1.4\n%%EOF\n")
    repo.write("submissions/2018/declarations/310000/attachments/scan.pdf", b"this is text, not a PDF")
    repo.write("submissions/notes.txt", "random notes\n")
    repo.write("submissions/2030/declarations/110000/2030-110000-001.yaml", "id: 2030-110000-001\n")


def test_kitchen_sink_gives_exactly_the_expected_findings(temp_repo: TempRepo) -> None:
    build_kitchen_sink(temp_repo)
    findings = check_repository(Repository(FileSystemSource(temp_repo.path)))
    got = [f"{f.code} {f.severity} {f.path}:{f.line}:{f.column}" for f in findings]
    expected = (FIXTURES / "kitchen-sink.expected").read_text(encoding="utf-8").splitlines()
    assert got == [line for line in expected if line and not line.startswith("#")]
