"""WCAG 2.1 AA, measured: axe-core (from axe-playwright-python, for the tests only) on every page
template of the site, at a desktop's size (1440×900) and a phone's (390×844), in Debian's chromium.

Each page is screenshotted at both sizes into tests/_artifacts/ (``a11y-<template>-<size>.png``) so
that a person can look at what the reader sees.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.browser import ARTIFACTS, SIZES, require_chromium, shot

pytestmark = pytest.mark.browser
require_chromium()
if os.environ.get("SFXM_REQUIRE_BROWSER"):  # in CI a missing axe-core is a failure, not a skip
    from axe_playwright_python.sync_playwright import Axe
else:
    Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# One page of every template the site has (generator/site/pages/*.py, site/pages, the theme's 404).
TEMPLATES = {
    "home": "/",
    "search": "/search/?q=冷链",
    "calls": "/calls/",
    "call": "/calls/2018/",
    "call-open": "/calls/2022/",
    "call-projects": "/calls/2018/projects/",
    "publicity": "/calls/2018/publicity/",
    "final": "/calls/2018/final/",
    "project": "/projects/2018-110000-001/",
    "project-revoked": "/projects/2018-110000-009/",
    "project-withdrawn": "/projects/2018-310000-008/",
    "units": "/units/",
    "unit": "/units/440000/",
    "directions": "/directions/",
    "direction": "/directions/2018-9/",
    "notices": "/notices/",
    "notice-revocation": "/notices/2019-12-20-revocation-1/",
    "notice-inspection": "/notices/2019-11-22-inspection-2/",
    "cases": "/cases/",
    "case-word": "/cases/2018-330000-005/",
    "case-markdown": "/cases/2018-510000-001/",
    "stats": "/stats/",
    "data": "/data/",
    "guide": "/guide/",
    "findings": "/reference/findings/",
    "commands": "/reference/cli/",
    "404": "/no/such/page/",
}


@pytest.fixture(scope="module")
def axe() -> object:
    return Axe()


@pytest.fixture(scope="module")
def report() -> dict[str, int]:
    """Violations by template and size, written to tests/_artifacts/axe.json for the record."""
    counts: dict[str, int] = {}
    yield counts
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(counts, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")


@pytest.mark.parametrize("size", list(SIZES))
def test_every_template_has_no_wcag_violation(browser, site_url: str, axe, report, size: str) -> None:
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    failures = {}
    for name, url in TEMPLATES.items():
        page.goto(site_url + url)
        if name == "search":
            page.wait_for_selector("#sfxm-results-list > li")
        assert page.evaluate("document.documentElement.lang") == "zh-CN", name
        result = axe.run(page, options=WCAG_21_AA)
        report[f"{name} ({size})"] = result.violations_count
        if result.violations_count:
            failures[name] = result.generate_report()
        shot(page, f"a11y-{name}-{size}")
    context.close()
    assert failures == {}, "\n\n".join(f"{name}: {text}" for name, text in failures.items())
