"""What the built pages say, read from the rendered HTML (not the Markdown written for them).

Every page renders (no Markdown source reaches a reader); samples are labelled per call; the site's
identity (address, organiser, record numbers) reaches the sitemap, canonical and social tags, feed
and footer; notices are linked by title; cases by direction; a province links its 计划单列市;
nothing stale (placeholders, commit dates of imported history).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REAL_CALL

# Markdown source a reader must never see: table rows and rules, links and images, headings,
# admonitions, attribute lists, emphasis marks.
MARKDOWN_SOURCE = {
    "table row": re.compile(r"^\s*\|.*\|\s*$|\|\s*:?-{3,}:?\s*\|"),
    "link or image": re.compile(r"!?\[[^\]\n]*\]\([^)\s]*\)"),
    "link to a .md page": re.compile(r"\]\([^)]*\.md\b"),
    "heading mark": re.compile(r"^\s*#{1,6}\s+\S", re.MULTILINE),
    "admonition": re.compile(r"^\s*!!!\s"),
    "attribute list": re.compile(r"\{\s*[:#.]?[\w-]+(?:=[^}]*)?\s*\}"),
    "emphasis": re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),
}


class _Text(HTMLParser):
    """The text a reader sees in a page's article (code blocks aside), line by line, and its links."""

    SKIP = frozenset({"script", "style", "pre", "code", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.lines: list[str] = [""]
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag in self.SKIP:
            self.skip += 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "div", "br", "tr", "caption"):
            self.lines.append("")
        if tag == "a" and self.depth:
            self.hrefs += [v for k, v in attrs if k == "href" and v]

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag in self.SKIP:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            parts = data.split("\n")
            self.lines[-1] += parts[0]
            self.lines += parts[1:]


def read(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def markdown_shown(page: Path) -> list[str]:
    """Every place where a page shows Markdown source instead of what it means."""
    parsed = read(page)
    found = [
        f"{name}: {line.strip()[:80]}"
        for line in parsed.lines
        for name, pattern in MARKDOWN_SOURCE.items()
        if line.strip() and pattern.search(line)
    ]
    found += [f"link to Markdown source: {h}" for h in parsed.hrefs if re.search(r"\.md(?:#|$)", h)]
    return found


def test_the_detector_sees_the_bug_it_is_for(tmp_path: Path) -> None:
    """The old notices page: a Markdown table inside an HTML block, shown as source."""
    page = tmp_path / "index.html"
    page.write_text(
        "<article><div class='sfxm-list'><p>| 日期 | 类别 | 标题 | 编号 |\n|---|---|---|---|\n"
        "| 2019-12-20 | 取消资格通报 | [关于取消…的通报](2019-12-20-revocation-1.md) | 示例 |</p>"
        "<h2>## 认定的事实</h2><p>!!! danger \"x\"</p><a href='../x.md'>x</a></div></article>",
        encoding="utf-8",
    )
    kinds = {f.split(":")[0] for f in markdown_shown(page)}
    assert kinds == {
        "table row",
        "link or image",
        "link to a .md page",
        "heading mark",
        "admonition",
        "link to Markdown source",
    }


def test_no_page_shows_markdown_source(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 140
    shown = {str(p.relative_to(built_site)): found for p in pages if (found := markdown_shown(p))}
    assert shown == {}


def test_the_notices_page_lists_every_record_as_a_link_by_title(built_site: Path) -> None:
    html = (built_site / "notices/index.html").read_text(encoding="utf-8")
    assert "<table>" in html and 'data-filters="类别,批次"' in html
    for name, title in (
        ("2019-12-20-revocation-1", "关于取消中关村信息消费体验中心项目信息消费试点示范项目资格的通报"),
        ("2019-11-22-inspection-2", "监督检查结果：中关村信息消费体验中心"),
        ("2018-09-26-withdrawal-1", "拟支持项目撤销：电梯安全物联网监测终端与按需维保服务平台"),
    ):
        assert f'<a href="{name}/">{title}</a>' in html


def test_links_to_records_read_as_titles_never_file_names(built_site: Path) -> None:
    for page in [
        *built_site.glob("notices/**/*.html"),
        *built_site.glob("projects/*/index.html"),
        built_site / "index.html",
    ]:
        for label in re.findall(r'<a href="[^"]*notices/[^"]+/">([^<]+)</a>', page.read_text(encoding="utf-8")):
            assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z]+-\d+", label), (page, label)
    revocation = (built_site / "notices/2019-12-20-revocation-1/index.html").read_text(encoding="utf-8")
    assert ">监督检查结果：中关村信息消费体验中心（示例检查〔2019〕6号）</a>" in revocation
    home = read(built_site / "index.html")
    assert not [line for line in home.lines if "监督检查结果：监督检查结果" in line]


def test_home_introduces_every_call_from_its_own_data(built_site: Path) -> None:
    text = "\n".join(read(built_site / "index.html").lines)
    assert "信息消费试点示范项目、新型信息消费示范项目" in text
    assert (
        "2022年新型信息消费示范项目：围绕信息消费+乡村振兴、信息消费体验中心、新型信息消费产品与服务等 9 个领域" in text
    )
    assert "2018年信息消费试点示范项目：围绕生活类信息消费" in text and "依据《信息消费试点示范项目实施方案》" in text


def test_placeholders_never_reach_a_page(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = "\n".join(read(page).lines)
        assert "待补" not in text and "名称待补" not in text, page
    call = "\n".join(read(built_site / "calls/2022/index.html").lines)
    assert "领域1" in call and "领域9" in call


def test_the_stage_is_left_to_the_readers_day(built_site: Path) -> None:
    """No stage that depends on the day is written into a page: the dates are, for the reader's browser."""
    html = (built_site / "calls/2022/index.html").read_text(encoding="utf-8")
    assert 'data-opens="2022-06-01T00:00:00+08:00" data-closes="2022-07-15T17:00:00+08:00"' in html
    home = "\n".join(read(built_site / "index.html").lines)
    assert "示范项目名单已于2018年10月15日公布" in home
    call = "\n".join(read(built_site / "calls/2022/index.html").lines)
    assert "阶段：申报时间：2022年6月1日 00:00 至 2022年7月15日 17:00" in call
    assert "当前阶段：申报" not in home + call


def test_identity_reaches_sitemap_canonical_social_tags_and_footer(built_site: Path) -> None:
    sitemap = ET.fromstring((built_site / "sitemap.xml").read_bytes())
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) > 140 and all(loc.startswith("https://sfxm.example/") for loc in locs)
    assert "https://sfxm.example/projects/2018-110000-009/" in locs
    assert "https://sfxm.example/reference/cli/" in locs  # in the sitemap, though not in search
    page = (built_site / "projects/2018-110000-009/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in page
    assert '<link rel="canonical" href="https://sfxm.example/projects/2018-110000-009/">' in page
    assert '<meta property="og:url" content="https://sfxm.example/projects/2018-110000-009/">' in page
    assert '<meta property="og:title" content="中关村信息消费体验中心">' in page
    assert '<meta property="og:site_name" content="信息消费试点示范项目">' in page
    footer = page[page.index('<div class="md-copyright sfxm-footer">') :]
    for text in (
        "主办单位：工业和信息化部信息技术发展司（示例）",
        "京ICP备00000000号",
        "京公网安备 11000000000000号",
        "网站标识码：bm00000000",
        "sfxm@example.com",
        "数据更新日期：",
        "2022年7月15日",
        "演示用的虚构信息",
    ):
        assert text in footer, text
    assert "Made with" not in page


def test_feed_has_absolute_links_titles_from_the_calls_and_summaries_with_text(built_site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((built_site / "feed.xml").read_bytes())
    assert feed.find("a:title", ns).text == "信息消费试点示范项目、新型信息消费示范项目：名单、通报与监督"
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(link.startswith("https://sfxm.example/") for link in links)
    for entry in feed.findall("a:entry", ns):
        summary = entry.find("a:summary", ns).text
        assert len(summary) > 20 and "：" in summary, summary
    revocation = feed.find("a:entry", ns)
    assert "监督检查不合格" in revocation.find("a:summary", ns).text


def test_the_404_page_is_chinese(built_site: Path) -> None:
    text = "\n".join(read(built_site / "404.html").lines)
    assert "页面不存在" in text and "返回首页" in text and "Not found" not in text


def test_cases_by_direction(built_site: Path) -> None:
    index = (built_site / "cases/index.html").read_text(encoding="utf-8")
    assert 'data-filters="方向,推荐单位,批次"' in index and "9 信息消费体验服务" in index
    direction = (built_site / "directions/2018-9/index.html").read_text(encoding="utf-8")
    assert "典型案例" in direction and "杭州智慧生活信息消费体验中心：把新技术带到市民身边" in direction
    other = (built_site / "directions/2018-1/index.html").read_text(encoding="utf-8")
    assert "把新技术带到市民身边" not in other


def test_a_province_links_its_separately_planned_cities(built_site: Path) -> None:
    liaoning = (built_site / "units/210000/index.html").read_text(encoding="utf-8")
    assert '<a href="../210200/">大连市</a>' in liaoning
    dalian = (built_site / "units/210200/index.html").read_text(encoding="utf-8")
    assert '所在省份：<a href="../210000/">辽宁省</a>' in dalian
    guangdong = (built_site / "units/440000/index.html").read_text(encoding="utf-8")
    assert '<a href="../440300/">深圳市</a>' in guangdong
    beijing = (built_site / "units/110000/index.html").read_text(encoding="utf-8")
    assert "计划单列市" not in "\n".join(read(built_site / "units/110000/index.html").lines[:20]) or beijing


def test_units_are_listed_in_the_registry_order(built_site: Path, root: Path) -> None:
    registry = re.findall(r"^  - code: \"?(\w+)", (root / "submissions/registry/units.yaml").read_text(), re.M)
    index = (built_site / "units/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a href="(\w+)/">', index)
    assert listed == registry and listed != sorted(listed)


def test_publicity_and_final_lists_number_their_rows_and_print_their_address(built_site: Path) -> None:
    for page, when in (("publicity", "公示期：2018年9月20日至2018年9月27日"), ("final", "公布日期：2018年10月15日")):
        html = (built_site / f"calls/2018/{page}/index.html").read_text(encoding="utf-8")
        assert '<th scope="col">序号</th>' in html and '<td data-label="序号">1</td>' in html
        assert f'<p class="sfxm-print-only">{when}　网址：https://sfxm.example/calls/2018/{page}/</p>' in html
    publicity = (built_site / "calls/2018/publicity/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../publicity.ics">把公示期加入日历</a>' in publicity


def test_reference_pages_are_for_units_and_out_of_search(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index("md-nav--primary") : home.index("md-sidebar--secondary")]
    assert re.search(r"开放数据.*使用指南.*检查代码.*命令参考", nav, re.S) and "guide/" in nav
    for page in ("reference/cli/index.html", "reference/findings/index.html", "search/index.html"):
        assert "data-pagefind-body" not in (built_site / page).read_text(encoding="utf-8"), page
    assert "data-pagefind-body" in (built_site / "projects/2018-110000-001/index.html").read_text(encoding="utf-8")
    fragments = "".join(
        __import__("gzip").decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in (built_site / "pagefind/fragment").glob("*.pf_fragment")
    )
    assert "/reference/" not in fragments and "/search/" not in fragments and "/projects/2018-110000-001/" in fragments


@pytest.mark.parametrize(
    ("page", "sample"),
    [
        (f"calls/{REAL_CALL}/index.html", False),
        (f"calls/{REAL_CALL}/projects/index.html", False),
        (f"projects/{REAL_CALL}-110000-001/index.html", False),
        (f"directions/{REAL_CALL}-1/index.html", False),
        ("calls/2018/index.html", True),
        ("projects/2018-110000-001/index.html", True),
        ("notices/2019-12-20-revocation-1/index.html", True),
        ("cases/2018-330000-005/index.html", True),
    ],
)
def test_samples_are_labelled_per_call(mixed_site: Path, page: str, sample: bool) -> None:
    """A real call's pages never say 示例 or 纯属虚构; a sample call's pages always do."""
    html = (mixed_site / page).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    labelled = 'admonition-title">示例数据' in article or "纯属虚构" in article
    assert labelled is sample


def test_pages_of_both_name_only_the_sample_calls(mixed_site: Path) -> None:
    for page in ("index.html", "units/110000/index.html", "stats/index.html"):
        text = "\n".join(read(mixed_site / page).lines)
        assert "本页中“2018年信息消费试点示范项目”" in text and "其他批次的内容为正式数据" in text, page
        assert f"“{REAL_CALL}年信息消费示范项目（正式批次）”的内容为演示" not in text


def test_a_site_under_a_sub_path_links_from_its_address(mixed_site: Path) -> None:
    page = (mixed_site / "404.html").read_text(encoding="utf-8")
    assert 'href="/xxgk/assets/stylesheets/' in page and 'href="/xxgk/search/"' in page
    assert '<link rel="canonical" href="https://sfxm.example/xxgk/calls/2018/">' in (
        mixed_site / "calls/2018/index.html"
    ).read_text(encoding="utf-8")


def test_the_submission_date_is_shown_only_where_it_means_something(tmp_path: Path) -> None:
    """A declaration committed within the call's window was submitted then; history imported after
    the deadline says nothing about when the unit declared, and the timeline leaves it out."""
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.status import Statuses, first_seen
    from tests.gitrepo import GitRepo

    repo = GitRepo(tmp_path / "repo")
    repo.declaration("110000", 1)
    repo.commit("in time", date="2018-07-10T09:00:00+08:00")
    repo.declaration("110000", 2, applicant=2, name="后来导入的项目")
    repo.commit("imported", date="2026-11-27T10:00:00+08:00")
    statuses = Statuses(Repository(FileSystemSource(repo.path)), "2018", first_seen(repo.path))
    labels = {ident: [e.label for e in statuses.of(ident).events] for ident in ("2018-110000-001", "2018-110000-002")}
    assert labels["2018-110000-001"][0] == "申报书提交到仓库"
    assert "申报书提交到仓库" not in labels["2018-110000-002"]


def test_build_progress_is_plain_lines_in_ci(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.sitecopy import copy_site_sources

    root = copy_site_sources(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "CI": "true"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    for stage in (
        "检查数据",
        "整理公开数据",
        "生成页面和文件",
        "写入页面",
        "mkdocs：渲染 Markdown",
        "建立搜索索引（Pagefind）",
    ):
        assert any(line.startswith(f"[sfxm build] {stage}") for line in lines), stage
    assert any(line.endswith("秒）") and "完成" in line for line in lines)
    assert "\x1b[" not in result.stderr  # no terminal control codes in a log


def test_a_repository_without_site_identity_still_builds(tmp_path: Path) -> None:
    """No registry/site.yaml (W-001 is a warning): no address, so relative feed links, and a footer
    with the data's date only; nothing breaks."""
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.site.build import build_site
    from tests.sitecopy import copy_site_sources

    root = copy_site_sources(tmp_path / "site")
    (root / "submissions/registry/site.yaml").unlink()
    result = build_site(Repository(FileSystemSource(root)), root, root / "out")
    assert result.warnings == []
    home = (root / "out/index.html").read_text(encoding="utf-8")
    assert "数据更新日期：" in home and "主办单位" not in home and 'rel="canonical"' not in home
    feed = (root / "out/feed.xml").read_text(encoding="utf-8")
    assert 'href="notices/2019-12-20-revocation-1/"' in feed
