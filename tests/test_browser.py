"""The site in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Home, a Chinese search that reaches the project, a revoked project's banner, filtering and
sorting a list, nothing requested off-site, and a declaration full of HTML and script payloads
that must neither execute nor inject markup. Screenshots go to tests/_artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.load import FileSystemSource
from generator.repository import Repository
from generator.site.build import build_site
from tests.sitecopy import copy_site_sources

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser
if not CHROMIUM.exists():
    if os.environ.get("SFXM_REQUIRE_BROWSER"):
        raise RuntimeError("SFXM_REQUIRE_BROWSER is set but /usr/bin/chromium is missing (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1 id=pwned>"
LINK = "[点我](javascript:window.__pwned=1)"
BREAKOUT = "</title><script>window.__pwned=1</script>"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_site_sources(tmp_path_factory.mktemp("browser"))
    build_site(Repository(FileSystemSource(root)), root, root / "out")
    server, url = _serve(root / "out")
    yield url
    server.shutdown()
    server.server_close()


def _page(browser, requests: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_search_reaches_the_project_and_nothing_leaves_the_site(browser, sample_site: str) -> None:
    requests: list[str] = []
    page = _page(browser, requests)
    page.goto(sample_site + "/")
    assert page.locator("h1").first.inner_text() == "信息消费试点示范项目"
    assert page.locator(".sfxm-figure").count() == 5
    _shot(page, "home")
    page.fill("input[name=q]", "文博")  # a two-character word inside 京韵数字文博沉浸式体验平台
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
    first = page.locator(".pagefind-ui__result-link").first
    assert first.inner_text() == "京韵数字文博沉浸式体验平台"
    _shot(page, "search")
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/projects/2018-110000-001/")
    summary_word = "中轴线"  # from the project's summary
    page.goto(sample_site + "/search/?q=" + summary_word)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
    assert "京韵数字文博沉浸式体验平台" in page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert [u for u in requests if not u.startswith(sample_site)] == []
    page.close()


def test_revoked_project_shows_its_banner(browser, sample_site: str) -> None:
    requests: list[str] = []
    page = _page(browser, requests)
    page.goto(sample_site + "/projects/2018-110000-009/")
    banner = page.locator(".admonition.danger")
    assert banner.is_visible()
    assert "已取消示范项目资格" in banner.inner_text() and "监督检查不合格" in banner.inner_text()
    _shot(page, "revoked-project")
    banner.locator("a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/notices/2019-12-20-revocation-1/")
    assert [u for u in requests if not u.startswith(sample_site)] == []
    page.close()


def test_lists_filter_and_sort(browser, sample_site: str) -> None:
    page = _page(browser, [])
    page.goto(sample_site + "/calls/2018/projects/")
    rows = page.locator(".sfxm-list tbody tr")
    assert rows.count() == 60
    page.select_option("select[aria-label=按推荐单位筛选]", "深圳市")
    assert page.locator(".sfxm-list tbody tr:visible").count() == 6
    page.select_option("select[aria-label=按方向筛选]", "1 数字创意内容和服务")
    assert page.locator(".sfxm-list tbody tr:visible").count() == 1
    page.select_option("select[aria-label=按推荐单位筛选]", "")
    page.select_option("select[aria-label=按方向筛选]", "")
    page.locator(".sfxm-list th", has_text="申报编号").click()
    page.locator(".sfxm-list th", has_text="申报编号").click()  # descending
    first = page.locator(".sfxm-list tbody tr").first.locator("td").first.inner_text()
    assert first == "2018-660000-002"
    _shot(page, "list-sorted")
    page.goto(sample_site + "/calls/2018/publicity/")
    assert page.locator(".sfxm-period").first.get_attribute("data-state") == "已结束"
    page.close()


def test_phone_width_keeps_the_page_usable(browser, sample_site: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
    page.goto(sample_site + "/projects/2018-110000-009/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380  # no sideways scrolling of the page itself
    _shot(page, "phone-revoked-project")
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
    server, url = _serve(root / "out")
    yield url, root / "out"
    server.shutdown()
    server.server_close()


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
            _shot(page, "payloads-escaped")
        page.close()
    assert [u for u in requests if not u.startswith(url)] == []
