"""Search answers what people type: a relevance suite of probes, each with its expected first result,
run on the sample site's search page in Debian's chromium.

The probes are what a member of the public types: a declaration's id, a credit code, a company's or
a project's full name (with and without the sample's "（虚构）"), a unit, a notice's number or
title, parts of Chinese words and phrases, English words in the text, several words at once, and
nonsense, which must find nothing. Each expectation is the page a person would want first, checked
by hand against the sample data (tests/README: never regenerate expectations from the results).
"""

from __future__ import annotations

import pytest

from tests.browser import require_chromium

pytestmark = pytest.mark.browser
require_chromium()

P = "/projects/"
NOTHING = None

# query → the first result's path (None: nothing at all); a comment says why when it is not obvious.
PROBES: list[tuple[str, str | None]] = [
    # Declaration ids, as printed and as people type them.
    ("2018-110000-009", P + "2018-110000-009/"),
    ("2018-110000-001", P + "2018-110000-001/"),
    ("2018-440300-004", P + "2018-440300-004/"),
    ("2018-660000-002", P + "2018-660000-002/"),
    ("2018－510000－003", P + "2018-510000-003/"),  # full-width hyphens
    (" 2018-310000-008 ", P + "2018-310000-008/"),  # stray spaces
    # Unified social credit codes (统一社会信用代码), any case.
    ("91119901MA01A7K3X9", P + "2018-110000-001/"),
    ("91119909ma09k1t8xq", P + "2018-110000-009/"),
    ("12429902MADRJ9EN3N", P + "2018-420000-002/"),
    ("52339902MA3D8LT06U", P + "2018-330000-002/"),
    ("91440399MA5F3KX828", P + "2018-440300-001/"),
    # Applicants' full names, with and without the sample's note, and a school's.
    ("北京青檀数字文化科技有限公司（虚构）", P + "2018-110000-001/"),
    ("北京青檀数字文化科技有限公司", P + "2018-110000-001/"),
    ("深圳市童伴智能机器人有限公司", P + "2018-440300-001/"),
    ("江城示例大学", P + "2018-420000-002/"),
    ("四川省锦城人民医院（虚构）", P + "2018-510000-002/"),
    # Projects' full names.
    ("城市生鲜冷链共同配送与区块链溯源平台", P + "2018-110000-006/"),
    ("中关村信息消费体验中心", P + "2018-110000-009/"),
    ("织联网纺织面辅料垂直 B2B 电子商务平台", P + "2018-310000-005/"),
    ("乡村学校“双师课堂”在线教育服务平台", P + "2018-110000-004/"),
    # Units: their own page first.
    ("北京市", "/units/110000/"),
    ("深圳市", "/units/440300/"),
    ("新疆生产建设兵团", "/units/660000/"),
    ("宁波市", "/units/330200/"),
    # Notices by number and title; a list by its title.
    ("示例〔2019〕12号", "/notices/2019-12-20-revocation-1/"),
    ("示例检查〔2019〕6号", "/notices/2019-11-22-inspection-2/"),
    ("关于取消中关村信息消费体验中心项目信息消费试点示范项目资格的通报", "/notices/2019-12-20-revocation-1/"),
    ("2018年信息消费试点示范项目拟支持项目名单公示", "/calls/2018/publicity/"),
    # Parts of Chinese words and phrases in names and summaries (each is in one project only).
    ("文博", P + "2018-110000-001/"),
    ("中轴线", P + "2018-110000-001/"),
    ("胎心", P + "2018-310000-003/"),
    ("慕课", P + "2018-420000-002/"),
    ("对虾", P + "2018-440000-006/"),
    ("滴灌", P + "2018-660000-001/"),
    ("粤剧", P + "2018-440000-007/"),
    ("北京文博平台", P + "2018-110000-001/"),  # three words of one project, typed as one phrase
    # English words and Latin letters in the text, any case.
    ("VR头显", P + "2018-110000-001/"),
    ("b2b", P + "2018-310000-005/"),
    ("O2O", "/directions/2018-2/"),  # only in the direction's description
    # Several words: every one of them required.
    ("北京 冷链", P + "2018-110000-006/"),
    ("新疆 冷链", P + "2018-660000-002/"),
    ("上海 胎心", P + "2018-310000-003/"),
    # Nonsense and words no page has: nothing at all.
    ("量子计算机火星基地", NOTHING),
    ("火星", NOTHING),
    ("xyzzy", NOTHING),
    ("北京 火星", NOTHING),  # one word of two is nowhere: no result
    ("2018-999999-001", NOTHING),
]


@pytest.fixture(scope="module")
def search_page(browser, site_url: str):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(site_url + "/search/")
    page.wait_for_function("typeof window.sfxmSearch === 'function'")
    yield page
    page.close()


def first_results(page, query: str) -> tuple[str, list[str]]:
    """The search page's answer: its status line and the paths of the results, in order."""
    return page.evaluate(
        """async (q) => {
            await window.sfxmSearch(q);
            const links = Array.from(document.querySelectorAll('#sfxm-results-list > li h3 a'));
            return [document.getElementById('sfxm-results-status').textContent,
                    links.map(a => new URL(a.href).pathname)];
        }""",
        query,
    )


def test_there_are_enough_probes_of_every_kind() -> None:
    assert len(PROBES) >= 40
    assert sum(1 for _, expected in PROBES if expected is NOTHING) >= 3


@pytest.mark.parametrize(("query", "expected"), PROBES, ids=[q for q, _ in PROBES])
def test_probe(search_page, query: str, expected: str | None) -> None:
    status, results = first_results(search_page, query)
    if expected is NOTHING:
        assert results == [] and status.startswith("没有找到"), (status, results)
    else:
        assert results and results[0] == expected, (status, results[:5])


def test_each_result_says_its_kind_and_a_projects_status(search_page) -> None:
    first_results(search_page, "中关村")
    kinds = search_page.locator("#sfxm-results-list .sfxm-kind").all_inner_texts()
    assert {"项目", "通报与监督"} <= set(kinds)
    project = search_page.locator("#sfxm-results-list > li", has=search_page.locator('a[href$="2018-110000-009/"]'))
    assert project.locator(".sfxm-state").inner_text() == "已取消示范项目资格"
    assert "2018-110000-009 · 北京数享未来展示科技有限公司（虚构） · 北京市推荐" in project.inner_text()
