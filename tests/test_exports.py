"""The documents an office exchanges, read back: the final list, the notices and the 公示 (public), a
unit's 推荐汇总表 (DOCX and XLSX) and a 申报书 for stamping (the unit's): same rows, same order,
Chinese dates, 公文 style, private fields only where the unit is the reader, same bytes each time."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import load_workbook

from generator.load import FileSystemSource
from generator.repository import Repository
from generator.selection import NOT_TAKEN
from generator.word import style
from tests.conftest import ROOT, TempRepo, run_sfxm

FINAL = yaml.safe_load((ROOT / "submissions/2018/decision/final.yaml").read_text(encoding="utf-8"))
PROPOSED = yaml.safe_load((ROOT / "submissions/2018/decision/proposed.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    result = run_sfxm("export", "final", "--call", "2018", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def paragraphs(document: Docx) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_final_list_docx_is_an_official_document(exported: Path) -> None:
    document = Docx(str(exported / "final-list-2018.docx"))
    texts = paragraphs(document)
    assert texts[0] == FINAL["title"] and texts[1] == FINAL["number"]
    title = next(p for p in document.paragraphs if p.text == FINAL["title"])
    assert title.style.name == "Title" and title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert texts[-1] == "2018年10月15日"  # the date at the end, in Chinese, right-aligned
    date_paragraph = next(p for p in document.paragraphs if p.text == "2018年10月15日")
    assert date_paragraph.style.name == style.SIGNING_DATE
    assert date_paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "2018-10-15" not in "\n".join(texts)
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "申报编号",
        "项目名称",
        "申请主体",
        "统一社会信用代码",
        "推荐单位",
        "方向",
    ]
    assert [row.cells[1].text for row in table.rows[1:]] == FINAL["projects"]
    assert [row.cells[0].text for row in table.rows[1:]] == [str(n) for n in range(1, len(FINAL["projects"]) + 1)]


def test_final_list_csv_and_json_carry_each_projects_status(exported: Path) -> None:
    raw = (exported / "final-list-2018.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "序号" and rows[0][-1] == "当前状态"
    assert [r[1] for r in rows[1:]] == FINAL["projects"]
    states = {r[1]: r[-1] for r in rows[1:]}
    assert states["2018-110000-009"] == "已取消示范项目资格"  # revoked: marked
    assert states["2018-440300-006"] == "示范项目"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    assert out.getvalue() == raw.decode("utf-8-sig")  # round-trips with the same rows
    data = json.loads((exported / "final-list-2018.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["projects"]] == FINAL["projects"]
    assert {p["id"]: p["state"] for p in data["projects"]}["2018-110000-009"] == "已取消示范项目资格"
    assert data["not_confirmed"] == [{"id": "2018-370000-003", "reason": FINAL["not_confirmed"][0]["reason"]}]


def test_revocation_notice_docx(exported: Path) -> None:
    notice = Docx(str(exported / "notice-2019-12-20-revocation-1.docx"))
    texts = paragraphs(notice)
    assert texts[0] == "关于取消中关村信息消费体验中心项目信息消费试点示范项目资格的通报"
    assert texts[1] == "示例〔2019〕12号" and texts[-1] == "2019年12月20日"
    assert [c.text for c in notice.tables[0].rows[1].cells] == [
        "2018-110000-009",
        "中关村信息消费体验中心",
        "北京数享未来展示科技有限公司（虚构）",
        "监督检查不合格",
        "2019年12月20日",
    ]


def test_publicity_notice_docx(exported: Path, tmp_path: Path) -> None:
    result = run_sfxm("export", "publicity", "--call", "2018", "--out", str(tmp_path / "公示.docx"))
    assert result.returncode == 0, result.stderr
    document = Docx(str(tmp_path / "公示.docx"))
    run_sfxm("export", "publicity", "--call", "2018", "--out", str(tmp_path / "again.docx"))
    assert (tmp_path / "公示.docx").read_bytes() == (tmp_path / "again.docx").read_bytes()
    assert [p.text for p in Docx(str(exported / "publicity-2018.docx")).paragraphs] == [
        p.text for p in document.paragraphs
    ]
    texts = paragraphs(document)
    assert texts[0] == PROPOSED["title"] and texts[1] == PROPOSED["number"] and texts[-1] == "2018年9月20日"
    body = "\n".join(texts)
    assert "公示期为2018年9月20日至2018年9月27日（5个工作日）" in body
    assert "工业和信息化部信息化和软件服务业司（示例）" in body and "objections@example.com" in body
    (table,) = document.tables
    assert [row.cells[1].text for row in table.rows[1:]] == PROPOSED["projects"]


def test_public_exports_carry_no_private_field(exported: Path) -> None:
    repo = Repository(FileSystemSource(ROOT))
    private = []
    for loaded in repo.declarations("2018"):
        d = loaded.model
        private += [d.contact.name, d.contact.phone, d.contact.email, d.recommendation.verified_by]
    text = ""
    for path in exported.iterdir():
        if path.suffix == ".docx":
            document = Docx(str(path))
            text += "\n".join(p.text for p in document.paragraphs)
            text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        else:
            text += path.read_text(encoding="utf-8-sig")
    assert [value for value in private if value in text] == []


def test_recommendations_in_order_docx_and_xlsx(temp_repo: TempRepo, tmp_path: Path) -> None:
    """A unit over quota: its 推荐汇总表 lists every declaration in its order, the last ones not taken."""
    for serial in range(1, 8):
        temp_repo.declaration("440300", serial, order=8 - serial, applicant=serial, name=f"深圳示例项目{serial}")
    out = tmp_path / "out"
    result = run_sfxm(
        "export", "recommendations", "--call", "2018", "--unit", "440300", "--out", str(out), cwd=temp_repo.path
    )
    assert result.returncode == 0, result.stderr
    expected = [f"深圳示例项目{serial}" for serial in range(7, 0, -1)]
    document = Docx(str(out / "recommendations-2018-440300.docx"))
    texts = paragraphs(document)
    assert texts[0] == "深圳市2018年信息消费试点示范项目推荐汇总表" and texts[-1] == "2018年7月20日"
    (table,) = document.tables
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["推荐顺序", "项目名称", "申请主体"] and header[-1] == "是否选取"
    assert [r.cells[1].text for r in table.rows[1:]] == expected
    assert [r.cells[0].text for r in table.rows[1:]] == [str(n) for n in range(1, 8)]
    assert [r.cells[-1].text for r in table.rows[1:]] == ["选取"] * 6 + [NOT_TAKEN]
    assert "010-00000001" in "\n".join(c.text for r in table.rows for c in r.cells)  # for the unit: contacts
    sheet = load_workbook(out / "recommendations-2018-440300.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "深圳市2018年信息消费试点示范项目推荐汇总表"
    assert values[1][:3] == ["推荐顺序", "申报编号", "项目名称"]
    assert [row[2] for row in values[2:9]] == expected and [row[0] for row in values[2:9]] == list(range(1, 8))
    assert [row[-1] for row in values[2:9]] == ["选取"] * 6 + [NOT_TAKEN]
    assert "2018年7月20日" in values[-1][0]
    # the same data, the same bytes
    again = tmp_path / "again"
    run_sfxm("export", "recommendations", "--call", "2018", "--unit", "440300", "--out", str(again), cwd=temp_repo.path)
    for name in ("recommendations-2018-440300.docx", "recommendations-2018-440300.xlsx"):
        assert (again / name).read_bytes() == (out / name).read_bytes()


def test_exports_refuse_what_does_not_exist(temp_repo: TempRepo) -> None:
    for args, words in (
        (["final", "--call", "2030"], "批次 2030 不存在"),
        (["publicity", "--call", "2018"], "还没有有效的拟支持项目名单"),
        (["recommendations", "--call", "2018", "--unit", "110000"], "还没有有效的申报书"),
        (["recommendations", "--call", "2018", "--unit", "420100"], "没有推荐资格"),
        (["declaration", "2018-110000-001"], "找不到有效的申报书"),
        (["declaration", "110000-001"], "不是申报编号"),
        (["publicity", "--call", "2018", "--out", "/nonexistent-folder/公示.docx"], "还没有有效的拟支持项目名单"),
    ):
        result = run_sfxm("export", *args, cwd=temp_repo.path)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_export_file_names_are_checked(tmp_path: Path) -> None:
    for out, words in ((tmp_path / "missing" / "公示.docx", "不存在"), (tmp_path / "公示.pdf", "应以 .docx 结尾")):
        result = run_sfxm("export", "publicity", "--call", "2018", "--out", str(out))
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_the_reference_document_is_in_official_style_and_reproducible() -> None:
    raw = style.reference_docx()
    style.reference_docx.cache_clear()
    assert style.reference_docx() == raw
    document = Docx(io.BytesIO(raw))
    fonts = {
        name: document.styles[name].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for name in ("Title", "Body Text", "Heading 1", "Heading 2", "Compact")
    }
    assert fonts == {
        "Title": "方正小标宋简体",
        "Body Text": "仿宋_GB2312",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Compact": "仿宋_GB2312",
    }
    assert document.styles["Title"].font.size.pt == 22 and document.styles["Body Text"].font.size.pt == 16
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
        assert {info.date_time for info in archive.infolist()} == {(2018, 1, 1, 0, 0, 0)}
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table


def test_declaration_export_for_stamping_is_reproducible(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "submissions", root / "submissions")
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (first, second):
        result = run_sfxm("export", "declaration", "2018-110000-001", "--out", str(target), "--root", str(root))
        assert result.returncode == 0 and "仅供推荐单位" in result.stdout
    assert first.read_bytes() == second.read_bytes()
    document = Docx(str(first))
    texts = paragraphs(document)
    assert texts[0] == "2018年信息消费试点示范项目申报书" and texts[1] == "申报编号：2018-110000-001"
    assert "审核日期" in [r.cells[0].text for t in document.tables for r in t.rows]  # names only, when printed
    assert "2018年7月20日" in [r.cells[1].text for t in document.tables for r in t.rows]
