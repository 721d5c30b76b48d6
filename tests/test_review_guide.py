"""The experts' and the agency's guides: their command sections are the commands' own help, they are
in the site's navigation, and they render in a real browser."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT
from tests.regen import GUIDES, HELP_BLOCK, command_help, guide_text

REVIEW_COMMANDS = ("review assign", "review progress", "review propose", "review report", "review score")


@pytest.mark.parametrize("rel", GUIDES)
def test_guide_command_sections_are_the_commands_help(rel: str) -> None:
    text = (ROOT / rel).read_text(encoding="utf-8")
    assert guide_text(text) == text, f"{rel} is out of date: run python -m tests.regen guide and read the diff"


def test_every_review_command_is_explained_in_a_guide() -> None:
    blocks = {m["name"]: rel for rel in GUIDES for m in HELP_BLOCK.finditer((ROOT / rel).read_text(encoding="utf-8"))}
    assert set(blocks) == set(REVIEW_COMMANDS)
    assert blocks["review score"].endswith("expert.md")
    # The help the guide quotes is what the command prints.
    assert command_help("review score").splitlines()[0] == "用法：sfxm review score [选项]"


def test_the_guides_are_in_the_navigation_under_the_guide() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    section = next(item["使用指南"] for item in config["nav"] if isinstance(item, dict) and "使用指南" in item)
    assert {"专家评审指南": "guide/expert.md"} in section and {"评估机构工作指南": "guide/agency.md"} in section


@pytest.mark.browser
def test_the_guides_render_in_a_browser(browser, site_url: str) -> None:
    requests: list[str] = []
    page = browser.new_page()
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.goto(site_url + "/guide/expert/")
        assert page.locator("h1").first.inner_text() == "专家评审指南（评审专家）"
        assert "为分配给您的申报书生成评分表" in page.locator("pre").nth(1).inner_text()
        page.goto(site_url + "/guide/agency/")
        assert page.locator("h1").first.inner_text() == "评估机构工作指南（第三方评估机构）"
        body = page.locator("article").inner_text()
        assert "--repair" in body and "review/set-aside/" in body
        nav = page.locator("nav.md-nav--primary").inner_text()
        assert "专家评审指南" in nav and "评估机构工作指南" in nav
    finally:
        page.close()
    assert [u for u in requests if not u.startswith(site_url)] == []
