"""The public site's identity (``submissions/registry/site.yaml``): its model, its checks (W-…).

Each case edits the sample's file in a temporary repository and expects exactly the codes named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.layout import SITE_PATH, Kind, Owner, classify
from generator.load import FileSystemSource
from generator.repository import Repository
from generator.rules import check_repository
from tests.conftest import ROOT, TempRepo

SAMPLE = (ROOT / SITE_PATH).read_text(encoding="utf-8")
REAL = (
    SAMPLE.replace("sample: true", "sample: false")
    .replace("https://sfxm.example/", "https://sfxm.miit.gov.cn/")
    .replace("（示例）", "")
)


def codes(repo: TempRepo, site: str | None, *, call_2022: dict[str, str] | None = None) -> list[str]:
    path = repo.path / SITE_PATH
    if site is None:
        path.unlink()
    else:
        path.write_text(site, encoding="utf-8")
    if call_2022:
        call = repo.path / "submissions/2022/call.yaml"
        text = call.read_text(encoding="utf-8")
        for old, new in call_2022.items():
            assert old in text, old
            text = text.replace(old, new)
        call.write_text(text, encoding="utf-8")
    findings = check_repository(Repository(FileSystemSource(repo.path)))
    return sorted(f.code for f in findings)


def test_the_file_is_the_offices_and_in_the_layout() -> None:
    info = classify(SITE_PATH)
    assert info is not None and info.kind is Kind.SITE and info.owner is Owner.OFFICE
    assert Repository(FileSystemSource(ROOT)).site is not None


REAL_CALLS = {"sample: true": "sample: false"}


@pytest.mark.parametrize(
    ("site", "call_2022", "expected"),
    [
        pytest.param(SAMPLE, None, [], id="the sample is clean"),
        pytest.param(REAL, REAL_CALLS, ["W-008"] * 9, id="a real call keeps placeholders: W-008 for each"),
        pytest.param(None, None, ["W-001"], id="W-001 missing file"),
        pytest.param(SAMPLE.replace("https://", "http://"), None, ["W-002"], id="W-002 plain http"),
        pytest.param(REAL.replace("https://sfxm.miit.gov.cn/", "https://sfxm.example/"), None, ["W-003"], id="W-003"),
        pytest.param(SAMPLE, REAL_CALLS, ["W-004", *["W-008"] * 9], id="W-004 sample identity, real call"),
        pytest.param(SAMPLE.replace("京ICP备00000000号", "京ICP 0000号"), None, ["W-005"], id="W-005"),
        pytest.param(SAMPLE.replace("京公网安备 11000000000000号", "公网安备123"), None, ["W-006"], id="W-006"),
        pytest.param(REAL.replace("本站内容由", "待补：本站内容由"), None, ["W-007"], id="W-007 placeholder"),
        pytest.param(
            "\n".join(line for line in SAMPLE.splitlines() if not line.startswith(("  phone", "  email", "  address"))),
            None,
            ["W-009"],
            id="W-009 no contact",
        ),
        pytest.param(
            "\n".join(line for line in REAL.splitlines() if not line.startswith("icp:")), None, ["W-010"], id="W-010"
        ),
    ],
)
def test_site_identity_checks(temp_repo: TempRepo, site: str | None, call_2022, expected: list[str]) -> None:
    temp_repo.declaration()
    assert codes(temp_repo, site, call_2022=call_2022) == expected


def test_an_invalid_site_file_is_reported_with_its_position(temp_repo: TempRepo) -> None:
    temp_repo.declaration()
    path = temp_repo.path / SITE_PATH
    path.write_text(SAMPLE.replace("site_url: https://sfxm.example/", "site_url: sfxm.example") + "colour: red\n")
    findings = check_repository(Repository(FileSystemSource(temp_repo.path)))
    assert {f.path for f in findings} == {SITE_PATH} and all(f.line for f in findings)
    assert len(findings) == 2 and all(f.is_error for f in findings)


def test_the_sample_says_it_is_fictional() -> None:
    text = (ROOT / SITE_PATH).read_text(encoding="utf-8")
    assert "sample: true" in text and "虚构" in text and "00000000" in text
    assert Path(ROOT / "generator/schema/site.schema.json").exists()
