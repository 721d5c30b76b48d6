"""Building the public site from the sample data: strict, complete, private data kept out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.load import FileSystemSource, parse_yaml
from generator.repository import Repository
from generator.site.build import build_site
from tests.conftest import ROOT
from tests.sitecopy import copy_site_sources


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site_sources(tmp_path_factory.mktemp("site"))
    result = build_site(Repository(FileSystemSource(root)), root, root / "out")
    assert result.warnings == []
    return root / "out"


def all_text(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".csv")
    )


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
        page = built / "projects" / data["id"] / "index.html"
        assert page.exists(), data["id"]
    home = (built / "index.html").read_text(encoding="utf-8")
    nav = home[home.index("md-nav--primary") :]
    assert "/projects/" not in nav.split("</nav>")[0]


def test_project_page_shows_public_fields(built: Path) -> None:
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
    ):
        assert text in html, text


def _private_values(data: dict) -> list[str]:
    contact, rec = data["contact"], data["recommendation"]
    values = [contact["name"], contact["phone"], contact["email"], rec["verified_by"], rec["opinion"]]
    values += [a["path"] for a in data.get("attachments") or []]
    return [v for v in values if v]


def test_no_private_value_reaches_the_site(built: Path) -> None:
    site = all_text(built)
    leaks = [v for data in sample_declarations() for v in _private_values(data) if v in site]
    assert leaks == []
    for account in re.findall(
        r"sfxm-demo-\d+|miit-office-demo|eval-agency-demo",
        (ROOT / "submissions/registry/units.yaml").read_text(encoding="utf-8")
        + (ROOT / "submissions/registry/roles.yaml").read_text(encoding="utf-8"),
    ):
        assert account not in site


def test_call_page_lists_by_unit_and_direction(built: Path) -> None:
    html = (built / "calls/2018/index.html").read_text(encoding="utf-8")
    assert "按推荐单位" in html and "按方向" in html
    assert html.count('href="../../projects/') >= 2 * len(sample_declarations())


def test_chinese_search_index_is_built(built: Path) -> None:
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    # mkdocs-material segments Chinese with jieba and marks the cuts with zero-width spaces.
    docs = [(d["title"] + d["text"]).replace("\u200b", "") for d in index["docs"]]
    assert any("京韵数字文博沉浸式体验平台" in d for d in docs)
    assert "\u200b文博\u200b" in json.dumps(index["docs"], ensure_ascii=False).replace("\\u200b", "\u200b")


def test_catalogue_page_is_generated(built: Path) -> None:
    html = (built / "reference/findings/index.html").read_text(encoding="utf-8")
    assert "D-001" in html and "Q-005" in html


def test_building_writes_nothing_into_submissions(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "site")
    before = {p: p.read_bytes() for p in (root / "submissions").rglob("*") if p.is_file()}
    build_site(Repository(FileSystemSource(root)), root, root / "out")
    after = {p: p.read_bytes() for p in (root / "submissions").rglob("*") if p.is_file()}
    assert before == after


def test_mkdocs_yml_pins_what_the_brief_requires() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["theme"]["language"] == "zh" and config["theme"]["font"] is False
    nav = json.dumps(config["nav"], ensure_ascii=False)
    assert "projects" not in nav


def test_no_expert_identity_or_individual_score_reaches_the_site(built: Path) -> None:
    site = all_text(built)
    experts = yaml.safe_load((ROOT / "submissions/2018/review/experts.yaml").read_text(encoding="utf-8"))["experts"]
    for expert in experts:
        assert expert["name"] not in site and expert["account"] not in site
        for org in expert.get("organizations", []):
            if "示例" in org["name"] and "青檀" not in org["name"]:  # one former employer is also an applicant
                assert org["name"] not in site
    comments = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["comments"]
        for p in (ROOT / "submissions/2018/review/scores").rglob("*.yaml")
    }
    assert comments and not [c for c in comments if c in site]
    assert not re.search(r"review/scores/e\d\d", site)  # the docs name the folder, never a file of it
