"""The site in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Home, a Chinese search that reaches the project, a revoked project's banner, filtering and
sorting a list with the keyboard (state kept in the address), a phone's view of lists and charts,
the call's stage for the reader's day, visible focus, printing a list, the 404 page under a
sub-path, nothing requested off-site, and a declaration full of HTML and script payloads that must
neither execute nor inject markup. Screenshots go to tests/_artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest

from generator.load import FileSystemSource
from generator.repository import Repository
from generator.site.build import build_site
from tests.browser import DESKTOP, PHONE, require_chromium, serve, shot
from tests.sitecopy import copy_site_sources

pytestmark = pytest.mark.browser
require_chromium()

PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1 id=pwned>"
LINK = "[点我](javascript:window.__pwned=1)"
BREAKOUT = "</title><script>window.__pwned=1</script>"


def _page(browser, requests: list[str], size: dict | None = None):
    page = browser.new_page(**(size or DESKTOP))
    page.on("request", lambda r: requests.append(r.url))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    return page


RESULTS = "#sfxm-results-list > li"


def _results(page) -> list[str]:
    """The addresses of the search results shown, in order (relative to the site)."""
    page.wait_for_function("!/正在搜索|^$/.test(document.getElementById('sfxm-results-status').textContent)")
    return [a.get_attribute("href") for a in page.locator(f"{RESULTS} h3 a").all()]


def test_home_search_reaches_the_project_and_nothing_leaves_the_site(browser, site_url: str) -> None:
    requests: list[str] = []
    page = _page(browser, requests)
    page.goto(site_url + "/")
    assert page.locator("h1").first.inner_text() == "信息消费试点示范项目"
    assert page.locator(".sfxm-figure").count() == 5
    page.fill("header input[name=q]", "文博")  # a two-character word inside 京韵数字文博沉浸式体验平台
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert _results(page)[0].endswith("/projects/2018-110000-001/")
    first = page.locator(f"{RESULTS} h3 a").first
    assert first.inner_text() == "京韵数字文博沉浸式体验平台"
    kind = page.locator(f"{RESULTS} .sfxm-result-kind").first.inner_text()
    assert "项目" in kind and "未列入拟支持名单" in kind  # what it is, and the project's status
    shot(page, "search-desktop")
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/projects/2018-110000-001/")
    assert [u for u in requests if not u.startswith(site_url)] == []
    page.close()


def test_after_a_search_the_first_result_is_one_tab_away(browser, site_url: str) -> None:
    page = _page(browser, [])
    page.goto(site_url + "/search/")
    page.locator("#sfxm-q").focus()
    page.keyboard.type("慕课")
    page.keyboard.press("Enter")
    _results(page)
    page.wait_for_function("document.activeElement.id === 'sfxm-results-status'")
    assert "找到 1 个结果" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#sfxm-results-list') !== null")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("/projects/2018-420000-002/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/projects/2018-420000-002/")
    # From the header's box the results get the focus as well.
    page.goto(site_url + "/search/?q=" + "冷链")
    _results(page)
    page.wait_for_function("document.activeElement.id === 'sfxm-results-status'")
    page.close()


def test_search_filters_by_kind_and_keeps_the_query_in_the_address(browser, site_url: str) -> None:
    page = _page(browser, [])
    page.goto(site_url + "/search/?q=" + "中关村")
    assert len(_results(page)) >= 3
    page.select_option("select[name=kind]", "项目")
    page.wait_for_function("/类别=项目/.test(decodeURIComponent(location.search))")
    only = _results(page)
    assert only == ["../projects/2018-110000-009/"] or [u.endswith("/projects/2018-110000-009/") for u in only] == [
        True
    ]
    page.reload()
    assert page.locator("select[name=kind]").input_value() == "项目"
    assert [u.endswith("/projects/2018-110000-009/") for u in _results(page)] == [True]
    page.close()


def test_revoked_project_shows_its_banner(browser, site_url: str) -> None:
    requests: list[str] = []
    page = _page(browser, requests)
    page.goto(site_url + "/projects/2018-110000-009/")
    banner = page.locator(".admonition.danger")
    assert banner.is_visible()
    assert "已取消示范项目资格" in banner.inner_text() and "监督检查不合格" in banner.inner_text()
    banner.locator("a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/notices/2019-12-20-revocation-1/")
    assert [u for u in requests if not u.startswith(site_url)] == []
    page.close()


def test_lists_filter_and_sort_with_the_keyboard_and_keep_it_in_the_address(browser, site_url: str) -> None:
    page = _page(browser, [])
    page.goto(site_url + "/calls/2018/projects/")
    rows = page.locator(".sfxm-list tbody tr")
    assert rows.count() == 60
    unit = page.get_by_label("推荐单位", exact=True)
    options = unit.locator("option").all_inner_texts()
    assert options[:4] == ["全部", "北京市", "上海市", "浙江省"]  # the registry's order, not the alphabet's
    direction = page.get_by_label("方向", exact=True).locator("option").all_inner_texts()
    assert direction[1:4] == ["1 数字创意内容和服务", "2 线上线下融合服务", "3 健康医疗服务"]
    assert direction[-1] == "10 信息消费技能提升服务"  # numbers in order: 1, 2, …, 10
    unit.focus()
    page.keyboard.press("ArrowDown")  # a select changes with the keyboard alone
    page.select_option("select >> nth=0", "深圳市")
    assert page.locator(".sfxm-list tbody tr:visible").count() == 6
    assert "显示 6 项，共 60 项" in page.locator(".sfxm-list-status").inner_text()
    page.get_by_label("方向", exact=True).select_option("1 数字创意内容和服务")
    assert page.locator(".sfxm-list tbody tr:visible").count() == 1
    # Sorting: a button in each header; Space and Enter work like a click, aria-sort says the order.
    header = page.locator(".sfxm-list th").filter(has_text="申报编号")
    sort = header.locator("button")
    sort.focus()
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    address = unquote(page.url)
    assert "推荐单位=深圳市" in address and "排序=申报编号" in address and "顺序=降序" in address
    page.reload()
    assert page.locator(".sfxm-list tbody tr:visible").count() == 1
    assert header.get_attribute("aria-sort") == "descending"
    page.get_by_label("推荐单位", exact=True).select_option("")
    page.get_by_label("方向", exact=True).select_option("")
    first = page.locator(".sfxm-list tbody tr").first.locator("td").first.inner_text()
    assert first == "2018-660000-002"
    shot(page, "list-sorted-desktop")
    page.locator(".sfxm-list th button", has_text="推荐单位").click()
    units = [r.locator("td").nth(3).inner_text() for r in page.locator(".sfxm-list tbody tr").all()]
    assert units[0] == "北京市" and units[-1] == "新疆生产建设兵团"  # registry order
    page.close()


def test_codes_sort_as_numbers(browser, site_url: str) -> None:
    page = _page(browser, [])
    page.goto(site_url + "/directions/")
    page.goto(site_url + "/units/")
    page.locator(".sfxm-list th button", has_text="代码").click()
    codes = [r.locator("td").nth(1).inner_text() for r in page.locator(".sfxm-list tbody tr").all()]
    assert codes == sorted(codes, key=int)
    page.locator(".sfxm-list th button", has_text="申报项目").click()
    counts = [int(r.locator("td").nth(3).inner_text()) for r in page.locator(".sfxm-list tbody tr").all()]
    assert counts == sorted(counts)
    page.close()


def test_focus_is_visible(browser, site_url: str) -> None:
    page = _page(browser, [])
    page.goto(site_url + "/calls/2018/publicity/")
    ring = (
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        tag, style, width = page.evaluate(ring)
        if tag in ("A", "INPUT", "SELECT", "BUTTON"):
            assert style != "none" and width >= 2, (tag, style, width)
            seen.add(tag)
    assert {"A", "INPUT", "SELECT", "BUTTON"} <= seen
    page.locator("header input[name=q]").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    tag, style, width = page.evaluate(ring)
    assert tag == "INPUT" and style != "none" and width >= 2  # the header's search box
    page.close()


def test_phone_reads_lists_as_cards_and_charts_as_text(browser, site_url: str) -> None:
    page = browser.new_page(**PHONE)
    page.goto(site_url + "/calls/2018/publicity/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    card = page.locator(".sfxm-list tbody tr").first
    status = card.locator('td[data-label="状态"]')
    box = status.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # 状态 on screen
    for select in page.locator(".sfxm-filters select").all():
        assert select.bounding_box()["height"] >= 44  # a finger's size
    shot(page, "publicity-phone", full_page=False)
    page.goto(site_url + "/stats/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    charts = page.locator("figure.sfxm-chart")
    assert charts.count() >= 5
    for chart in charts.all():
        assert chart.locator("table caption").count() == 1 and chart.locator("tbody tr").count() >= 1
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('.sfxm-bars th, .sfxm-bars td')).map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 14  # the labels of the charts, on a 390 px phone
    shot(page, "stats-phone")
    page.goto(site_url + "/projects/2018-110000-009/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "revoked-project-phone")
    page.close()


BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("moment", "url", "expected"),
    [
        ("2022-05-20 10:00", "/calls/2022/", "尚未开始申报（2022年6月1日起）"),
        ("2022-06-10 10:00", "/calls/2022/", "申报中（2022年7月15日截止）"),
        ("2026-11-27 10:00", "/calls/2022/", "申报已截止（2022年7月15日），待评审"),
        ("2018-09-21 10:00", "/calls/2018/publicity/", "（公示中）"),
        ("2026-11-27 10:00", "/calls/2018/publicity/", "（已结束）"),
        ("2026-11-27 10:00", "/calls/2018/", "示范项目名单已于2018年10月15日公布"),
    ],
)
def test_the_stage_is_the_readers_days(browser, site_url: str, moment: str, url: str, expected: str) -> None:
    page = browser.new_page(**DESKTOP)
    page.clock.set_fixed_time(datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING))
    page.goto(site_url + url)
    text = page.locator("article").inner_text()
    assert expected in text
    page.close()


def test_printing_a_list_leaves_out_navigation_and_filters(browser, site_url: str) -> None:
    page = browser.new_page(**DESKTOP)
    page.goto(site_url + "/calls/2018/final/?推荐单位=北京市")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".sfxm-filters", ".md-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    line = page.locator(".sfxm-print-only").first
    assert line.is_visible() and "网址：https://sfxm.example/calls/2018/final/" in line.inner_text()
    assert "公布日期：2018年10月15日" in line.inner_text()
    assert page.locator(".sfxm-filter-note").inner_text().startswith("（筛选：推荐单位为北京市")
    assert page.locator(".sfxm-list thead th").first.inner_text().strip() == "序号"
    assert page.locator(".sfxm-list table").evaluate("t => getComputedStyle(t).display") == "table"
    shot(page, "final-list-print")
    page.close()


def test_the_404_page_keeps_its_styles_and_links_under_a_sub_path(browser, mixed_site: Path) -> None:
    with serve(mixed_site, prefix="/xxgk/") as url:
        page = browser.new_page(**PHONE)
        response = page.goto(url + "/xxgk/no/such/page/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "页面不存在"
        header = page.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor")
        assert header == "rgb(183, 28, 28)"  # the site's stylesheet loaded from /xxgk/assets/
        shot(page, "404-phone")
        page.get_by_role("link", name="返回首页").click()
        page.wait_for_load_state("load")
        assert page.url == url + "/xxgk/" and page.locator("h1").first.inner_text() == "信息消费试点示范项目"
        page.close()


def test_the_search_keys_agree_between_python_and_the_browser(browser, site_url: str) -> None:
    from generator.site.search import key_token, normalise

    page = _page(browser, [])
    page.goto(site_url + "/search/")
    for value in ("2018-110000-009", "91119901MA01A7K3X9", "北京青檀数字文化科技有限公司（虚构）", "ＶＲ 体验", "𠀀字"):
        got = page.evaluate(
            "v => [sfxmSearchKeys.normalise(v), sfxmSearchKeys.keyToken(sfxmSearchKeys.normalise(v))]", value
        )
        assert got == [normalise(value), key_token(normalise(value))], value
    page.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample, with one declaration whose every text field carries HTML and script payloads."""
    root = copy_site_sources(tmp_path_factory.mktemp("hostile"))
    path = root / "submissions/2018/declarations/110000/2018-110000-001.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = lambda value: "'" + value.replace("'", "''") + "'"  # noqa: E731
    long_payload = f"{PAYLOAD} {LINK} {BREAKOUT} ![x](http://evil.example/x.png) <a href=javascript:alert(1)>a</a> " * 2
    replacements = {
        "name: 京韵数字文博沉浸式体验平台": f"name: {quoted('<img src=x onerror=window.__pwned=1>项目')}",
        "  name: 北京青檀数字文化科技有限公司（虚构）": f"  name: {quoted('</title><script>window.__pwned=1</script>')}",
        "  address: 北京市海淀区示例路 18 号院 3 号楼 501 室（虚构）": f"  address: {quoted(PAYLOAD)}",
        "  unit: 人": f"  unit: {quoted('<b>人</b>')}",
        "  note: 截至2018年6月平台累计注册用户；线下体验点累计接待约18万人次": f"  note: {quoted(PAYLOAD + LINK)}",
        "  note: 企业自筹 6600 万元，社会资本投资 2000 万元": f"  note: {quoted(BREAKOUT + LINK)}",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    for key in ("summary", "construction", "innovation", "business_model", "promotion", "  economic", "  social"):
        indent = "    " if key.startswith("  ") else "  "
        text = re.sub(
            rf"^({key}): \|\n(?:{indent}.*\n)+",
            lambda m: f"{m.group(1)}: {quoted(long_payload)}\n",
            text,
            count=1,
            flags=re.MULTILINE,
        )
    path.write_text(text, encoding="utf-8")
    build_site(Repository(FileSystemSource(root)), root, root / "out")
    with serve(root / "out") as url:
        yield url, root / "out"


def test_payloads_neither_execute_nor_inject_markup(browser, hostile_site: tuple[str, Path]) -> None:
    url, out = hostile_site
    html = (out / "projects/2018-110000-001/index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html  # only as escaped text
    assert not re.search(r'href="javascript:', html, re.IGNORECASE)
    assert 'src="http://evil.example' not in html
    requests: list[str] = []
    for page_url in ("/projects/2018-110000-001/", "/calls/2018/projects/", "/units/110000/", "/"):
        page = _page(browser, requests)
        page.goto(url + page_url)
        assert page.evaluate("window.__pwned") is None, page_url
        assert page.locator("#pwned").count() == 0, page_url
        assert page.dialogs == []
        if page_url.startswith("/projects/"):
            assert "<img src=x onerror=window.__pwned=1>项目" in page.locator("h1").inner_text()
            assert page.title().startswith("＜img src=x onerror=window.__pwned=1＞项目")
            shot(page, "payloads-escaped")
        page.close()
    assert [u for u in requests if not u.startswith(url)] == []
