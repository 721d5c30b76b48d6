"""The command as a user runs it: exit codes, formats, Chinese everywhere, no traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import TempRepo, run_sfxm

ENGLISH_PROSE = re.compile(r"\b(Usage|Options|Commands|Error|Show this|Missing|Invalid|No such|Try )\b")


def test_check_sample_passes() -> None:
    result = run_sfxm("check")
    assert result.returncode == 0, result.stdout
    assert "检查通过" in result.stdout


def test_check_reports_in_three_formats(temp_repo: TempRepo) -> None:
    temp_repo.declaration(replace={"91119901MA01A7K3X9": "91119901MA01A7K3XF"})
    rel = "submissions/2018/declarations/110000/2018-110000-001.yaml"
    text = run_sfxm("check", cwd=temp_repo.path)
    assert text.returncode == 1
    assert f"{rel}:9:16: 错误 D-001 " in text.stdout and "检查未通过" in text.stdout

    as_json = run_sfxm("check", "--format", "json", cwd=temp_repo.path)
    assert as_json.returncode == 1
    (item,) = json.loads(as_json.stdout)
    assert item == {
        "code": "D-001",
        "severity": "error",
        "path": rel,
        "line": 9,
        "column": 16,
        "message": item["message"],
    }
    assert "校验位" in item["message"]

    github = run_sfxm("check", "--format", "github", cwd=temp_repo.path)
    assert github.returncode == 1
    assert github.stdout.startswith(f"::error file={rel},line=9,col=16,title=D-001::统一社会信用代码")


def test_warnings_alone_exit_zero(temp_repo: TempRepo) -> None:
    temp_repo.declaration(replace={"verified_on: 2018-07-20": "verified_on: 2018-09-01"})
    result = run_sfxm("check", "--format", "json", cwd=temp_repo.path)
    assert result.returncode == 0
    assert [f["code"] for f in json.loads(result.stdout)] == ["D-011"]


def test_check_named_file_and_folder(temp_repo: TempRepo) -> None:
    temp_repo.declaration()
    temp_repo.declaration("310000", 1, applicant=3, replace={"verified_on: 2018-07-20": "verified_on: 2019-01-01"})
    one = run_sfxm("check", "submissions/2018/declarations/110000/2018-110000-001.yaml", cwd=temp_repo.path)
    assert one.returncode == 0 and "1 个文件" in one.stdout
    folder = run_sfxm("check", "--format", "json", "submissions/2018/declarations/310000", cwd=temp_repo.path)
    assert [f["code"] for f in json.loads(folder.stdout)] == ["D-011"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("nosuch",), "没有命令"),
        (("check", "--format", "xml"), "不是可选值"),
        (("check", "--nope"), "没有选项"),
        (("check", "no/such/file.yaml"), "路径不存在"),
        (("check", "pyproject.toml"), "只检查 submissions/"),
        (("new", "--call", "2018"), "缺少"),
        (("new", "--call", "1999", "--unit", "110000"), "批次 1999 不存在"),
        (("new", "--call", "2018", "--unit", "420100"), "没有推荐资格"),
        (("units", "--call", "1999"), "批次 1999 不存在"),
        (("check", "--format"), "后面要跟一个值"),
    ],
)
def test_usage_errors_exit_2_in_chinese(args: tuple[str, ...], words: str, root: Path) -> None:
    result = run_sfxm(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr and not ENGLISH_PROSE.search(result.stderr)


def test_outside_a_repository(tmp_path: Path) -> None:
    result = run_sfxm("check", cwd=tmp_path)
    assert result.returncode == 2 and "submissions/" in result.stderr


def test_new_scaffolds_the_next_declaration(temp_repo: TempRepo) -> None:
    temp_repo.declaration("110000", 1)
    temp_repo.declaration("110000", 2, applicant=2, name="第二个示例项目")
    result = run_sfxm("new", "--call", "2018", "--unit", "110000", cwd=temp_repo.path)
    assert result.returncode == 0, result.stderr
    path = temp_repo.path / "submissions/2018/declarations/110000/2018-110000-003.yaml"
    assert "已新建" in result.stdout and path.exists()
    text = path.read_text(encoding="utf-8")
    assert "id: 2018-110000-003" in text and "order: 3" in text
    assert "$schema=../../../../generator/schema/declaration.schema.json" in text
    data = yaml.safe_load(text)
    assert set(data) >= {"name", "direction", "applicant", "contact", "recommendation"}
    # Every key line of the template has a Chinese comment right above it.
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^\s*[a-z_]+:", line):
            assert lines[i - 1].lstrip().startswith("#"), line
    # The unfilled template is reported as missing fields, not as a crash.
    check = run_sfxm("check", "--format", "json", cwd=temp_repo.path)
    assert check.returncode == 1
    assert {f["code"] for f in json.loads(check.stdout)} == {"S-001"}


def test_new_warns_when_the_quota_is_full(temp_repo: TempRepo) -> None:
    for serial in range(1, 7):
        temp_repo.declaration("440300", serial, applicant=serial, applicant_unit="440300")
    result = run_sfxm("new", "--call", "2018", "--unit", "440300", cwd=temp_repo.path)
    assert result.returncode == 0 and "将超出推荐名额，未选取" in result.stdout


def test_units_json_lists_class_quota_and_accounts() -> None:
    result = run_sfxm("units", "--call", "2022", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    by_code = {u["code"]: u for u in data["units"]}
    assert by_code["440300"]["quota"] == 8 and by_code["440300"]["classes"] == [
        "separately_planned_city",
        "demonstration_city",
    ]
    assert by_code["420100"]["quota"] == 3
    assert by_code["660000"]["quota"] == 5
    assert by_code["110000"]["accounts"] == ["sfxm-demo-110000"]
    assert run_sfxm("units", "--call", "2018", "--format", "json").returncode == 0


def test_units_text_table() -> None:
    result = run_sfxm("units", "--call", "2018")
    assert result.returncode == 0 and "北京市" in result.stdout and "名额" in result.stdout


def test_codes_lists_the_catalogue() -> None:
    result = run_sfxm("codes")
    assert result.returncode == 0 and "D-001" in result.stdout
    markdown = run_sfxm("codes", "--format", "markdown")
    assert markdown.stdout.startswith("# 检查代码一览")
