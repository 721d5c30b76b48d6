"""The docs: every command has help, appears in the README and in the generated reference."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from generator.site.pages.reference import cli_markdown, commands
from tests.conftest import ROOT, run_sfxm

README = (ROOT / "README.md").read_text(encoding="utf-8")
NAMES = [name for name, _ in commands()]


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_chinese_help(name: str) -> None:
    result = run_sfxm(*name.split()[1:], "--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout and "选项：" in result.stdout
    assert not re.search(r"\b(Usage|Options|Show this message|TEXT|INTEGER|PATH)\b", result.stdout)
    summary = result.stdout.split("\n\n")[1].strip()
    assert any("\u4e00" <= c <= "\u9fff" for c in summary)


@pytest.mark.parametrize("name", NAMES)
def test_every_command_is_in_the_readme_and_the_reference(name: str) -> None:
    assert f"`{name}" in README
    assert f"## {name}" in cli_markdown()


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    blocks = re.findall(r"```sh\n(.+?)\n```", README, re.DOTALL)
    assert any("sfxm build" in b for b in blocks) and any("pytest" in b for b in blocks)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", str(ROOT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
