"""Building the public site from the sample data: strict, complete, linked, private data kept out,
the same bytes for the same data, and nothing written into submissions/."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml
from docx import Document as Docx

from generator.load import FileSystemSource, parse_yaml
from generator.repository import Repository
from generator.site.build import build_site
from tests.conftest import ROOT
from tests.sitecopy import copy_site_sources


@pytest.fixture(scope="module")
def built(built_site: Path) -> Path:
    return built_site


def search_fragments(site: Path) -> str:
    """The text of Pagefind's index fragments (gzip-compressed JSON)."""
    texts = []
    for path in sorted((site / "pagefind").rglob("*.pf_fragment")):
        texts.append(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
    return "\n".join(texts)


def all_text(site: Path) -> str:
    files = [
        p
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".csv", ".ics", ".md")
    ]
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files) + search_fragments(site)


def docx_text(site: Path) -> str:
    out = []
    for path in site.rglob("*.docx"):
        doc = Docx(str(path))
        out += [p.text for p in doc.paragraphs]
        out += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(out)


def sample_declarations() -> list[dict]:
    out = []
    for path in sorted((ROOT / "submissions").rglob("declarations/*/*.yaml")):
        doc, findings = parse_yaml(str(path), path.read_bytes())
        assert not findings
        out.append(doc.data)
    return out


def test_every_declaration_has_a_project_page_outside_the_nav(built: Path) -> None:
    declarations = sample_declarations()
    assert len(declarations) >= 60
    for data in declarations:
        assert (built / "projects" / data["id"] / "index.html").exists(), data["id"]
    home = (built / "index.html").read_text(encoding="utf-8")
    nav = home[home.index("md-nav--primary") :].split("</nav>")[0]
    assert "/projects/" not in nav and "projects/" not in nav


def test_project_page_shows_public_fields_status_and_timeline(built: Path) -> None:
    html = (built / "projects/2018-110000-001/index.html").read_text(encoding="utf-8")
    for text in (
        "京韵数字文博沉浸式体验平台",
        "91119901MA01A7K3X9",
        "北京青檀数字文化科技有限公司（虚构）",
        "2,600,000 人",
        "8600 万元",
        "数字创意内容和服务",
        "示例数据",
        "项目简介",
        "推广价值",
        "未列入拟支持名单",
        "时间线",
        "申报截止",
    ):
        assert text in html, text


def test_revoked_and_withdrawn_projects_carry_a_banner(built: Path) -> None:
    revoked = (built / "projects/2018-110000-009/index.html").read_text(encoding="utf-8")
    assert (
        "已取消示范项目资格" in revoked
        and "关于取消中关村信息消费体验中心项目信息消费试点示范项目资格的通报" in revoked
    )
    assert 'href="../../notices/2019-12-20-revocation-1/"' in revoked
    withdrawn = (built / "projects/2018-310000-008/index.html").read_text(encoding="utf-8")
    assert "名单公布前撤销" in withdrawn and "公示期间经核实撤销" in withdrawn and "用户规模数据不实" in withdrawn


def _private_values(data: dict) -> list[str]:
    contact, rec = data["contact"], data["recommendation"]
    values = [contact["name"], contact["phone"], contact["email"], rec["verified_by"], rec["opinion"]]
    values += [a["path"] for a in data.get("attachments") or []]
    return [v for v in values if v]


def test_no_private_value_reaches_the_site(built: Path) -> None:
    site = all_text(built) + docx_text(built)
    leaks = [v for data in sample_declarations() for v in _private_values(data) if v in site]
    assert leaks == []
    registry = (ROOT / "submissions/registry/units.yaml").read_text(encoding="utf-8") + (
        ROOT / "submissions/registry/roles.yaml"
    ).read_text(encoding="utf-8")
    for account in re.findall(r"sfxm-demo-\d+|miit-office-demo|eval-agency-demo|sfxm-maintainer-demo", registry):
        assert account not in site


def test_no_expert_identity_or_individual_score_reaches_the_site(built: Path) -> None:
    site = all_text(built) + docx_text(built)
    experts = yaml.safe_load((ROOT / "submissions/2018/review/experts.yaml").read_text(encoding="utf-8"))["experts"]
    for expert in experts:
        assert expert["name"] not in site and expert["account"] not in site
        for org in expert.get("organizations", []):
            if "青檀" not in org["name"]:  # one former employer is also an applicant, public as such
                assert org["name"] not in site
    comments = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["comments"]
        for p in (ROOT / "submissions/2018/review/scores").rglob("*.yaml")
    }
    assert comments and not [c for c in comments if c in site]
    assert not re.search(r"review/scores/e\d\d", site)  # the docs name the folder, never a file of it


def test_pages_of_every_kind_exist(built: Path) -> None:
    for page in (
        "calls/2018/index.html",
        "calls/2018/projects/index.html",
        "calls/2018/publicity/index.html",
        "calls/2018/final/index.html",
        "units/110000/index.html",
        "directions/2018-1/index.html",
        "notices/index.html",
        "notices/2019-12-20-revocation-1/index.html",
        "cases/index.html",
        "cases/2018-330000-005/index.html",
        "stats/index.html",
        "data/index.html",
        "search/index.html",
        "reference/findings/index.html",
        "reference/cli/index.html",
        "guide/index.html",
    ):
        assert (built / page).exists(), page


def test_publicity_page_gives_the_period_and_where_objections_go(built: Path) -> None:
    html = (built / "calls/2018/publicity/index.html").read_text(encoding="utf-8")
    assert 'data-start="2018-09-20" data-end="2018-09-27"' in html
    assert "2018年9月27日" in html and "objections@example.com" in html


def test_case_studies_keep_their_images(built: Path) -> None:
    word = (built / "cases/2018-330000-005/index.html").read_text(encoding="utf-8")
    src = re.search(r'<img src="(media/[^"]+)"', word).group(1)
    assert (built / "cases/2018-330000-005" / src).exists() and "<table" in word
    md = (built / "cases/2018-510000-001/index.html").read_text(encoding="utf-8")
    assert (
        built / "cases/2018-510000-001/media/2018-510000-001-growth.png"
    ).exists() and "media/2018-510000-001-growth.png" in md


def test_feed_and_calendar(built: Path) -> None:
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True) and len(entries) == 7
    assert entries[0].find("a:title", ns).text.startswith("关于取消")
    ics = (built / "publicity.ics").read_bytes().decode("utf-8")
    assert "\r\n" in ics and "DTSTART;VALUE=DATE:20180920" in ics and "DTEND;VALUE=DATE:20180928" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_open_data_files(built: Path) -> None:
    raw = (built / "data/projects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 61 and rows[0][:3] == ["批次", "申报编号", "项目名称"]
    data = json.loads((built / "data/projects.json").read_text(encoding="utf-8"))
    schema = json.loads((built / "data/projects.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert len(data["projects"]) == 60 and "contact" not in json.dumps(data)
    report = Docx(str(built / "data/2018/report-2018.docx"))
    texts = [p.text for p in report.paragraphs]
    assert any("年度报告" in t for t in texts) and any("典型案例" in t for t in texts)
    assert len(report.inline_shapes) >= 3  # two charts and the case studies' images
    final = Docx(str(built / "data/2018/final-list-2018.docx"))
    assert len(final.tables[0].rows) == 29  # a header and the 28 projects of the final list
    assert (
        Docx(str(built / "data/2018/publicity-2018.docx")).paragraphs[0].text
        == "2018年信息消费试点示范项目拟支持项目名单公示"
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def test_every_internal_link_resolves(built: Path) -> None:
    broken = []
    for page in built.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("#", "mailto:", "data:")):
                continue
            path = unquote(parts.path)
            resolved = (
                (page.parent / path).resolve() if not path.startswith("/") else (built / path.lstrip("/")).resolve()
            )
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(built)} → {target}")
    assert broken == []


def test_nothing_is_requested_from_outside_the_site(built: Path) -> None:
    external = set()
    for page in built.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            # A canonical or alternate link names the page's address; the browser fetches nothing.
            if tag.startswith("<link") and re.search(r'rel="(?:canonical|alternate)"', tag):
                continue
            for url in re.findall(r'(?:src|href)="(https?:)?//([^"/]+)', tag):
                external.add(url[1])
    assert external == set()


def test_the_same_data_gives_the_same_site(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "a")
    repo = Repository(FileSystemSource(root))
    build_site(repo, root, tmp_path / "one")
    build_site(Repository(FileSystemSource(root)), root, tmp_path / "two")
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one.keys() == two.keys()
    assert [str(p) for p in one if one[p] != two[p]] == []


def test_building_writes_nothing_into_submissions(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "site")
    before = {p: p.read_bytes() for p in (root / "submissions").rglob("*") if p.is_file()}
    build_site(Repository(FileSystemSource(root)), root, root / "out")
    after = {p: p.read_bytes() for p in (root / "submissions").rglob("*") if p.is_file()}
    assert before == after


def mkdocs_build_strict(root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Plain `mkdocs build --strict` on a copy, as a mkdocs user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_plain_mkdocs_build_strict_works(tmp_path: Path) -> None:
    """mkdocs users find what they expect: `mkdocs build --strict` stages the pages through the hook."""
    root = copy_site_sources(tmp_path / "site")
    result = mkdocs_build_strict(root, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "site/public/projects/2018-110000-001/index.html").exists()
    assert (root / "site/public/pagefind/pagefind.js").exists()


def test_mkdocs_strict_refuses_invalid_data(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "site")
    path = root / "submissions/2018/declarations/110000/2018-110000-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("91119901MA01A7K3X9", "91119901MA01A7K3XF"), encoding="utf-8"
    )
    result = mkdocs_build_strict(root, tmp_path)
    assert result.returncode != 0 and "D-001" in result.stderr


def test_mkdocs_yml_pins_what_the_brief_requires() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "zh" and config["theme"]["font"] is False
    nav = json.dumps(config["nav"], ensure_ascii=False)
    assert "projects" not in nav


def test_build_command_builds_and_refuses_invalid_data(tmp_path: Path) -> None:
    from tests.conftest import run_sfxm

    root = copy_site_sources(tmp_path / "site")
    ok = run_sfxm("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "网站已生成" in ok.stdout and "用时分解" in ok.stdout
    assert (tmp_path / "out/index.html").exists()
    path = root / "submissions/2018/declarations/110000/2018-110000-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 1\n", "order: 一\n"), encoding="utf-8")
    refused = run_sfxm("build", "--root", str(root), "--out", str(tmp_path / "out2"))
    assert refused.returncode == 1 and "S-008" in refused.stdout and "没有生成网站" in refused.stderr
    assert not (tmp_path / "out2").exists()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/keep.txt").write_text("x", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("order: 一\n", "order: 1\n"), encoding="utf-8")
    other = run_sfxm("build", "--root", str(root), "--out", str(tmp_path / "elsewhere"))
    assert other.returncode == 2 and "已有其他内容" in other.stderr
    assert (tmp_path / "elsewhere/keep.txt").exists()  # never deletes a folder that is not a built site
