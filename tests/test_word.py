"""The 申报书 in Word: the template follows the call, a form filled in with python-docx comes back
as the same declaration, and every kind of bad Word input gets a finding that points into the form."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from generator.load import FileSystemSource, parse_yaml
from generator.model.call import Call
from generator.model.declaration import Declaration
from generator.repository import Repository
from generator.site.text import join_lines
from generator.word.form import Kind, build
from generator.word.reader import read_form
from generator.word.writer import FORM_KEYWORDS, write_form
from tests.conftest import ROOT, SAMPLE_DECLARATION, TempRepo, run_sfxm

WHEN = datetime(2018, 6, 1, tzinfo=UTC)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def call(call_id: str = "2018") -> Call:
    model = Repository(FileSystemSource(ROOT)).call(call_id)
    assert model is not None
    return model


def raw_data(path: Path) -> dict[str, Any]:
    """A declaration file's data as sfxm reads it (every scalar as text)."""
    doc, findings = parse_yaml(path.name, path.read_bytes())
    assert doc is not None and findings == []
    return doc.data


def sample() -> dict[str, Any]:
    """The first sample declaration as plain data."""
    return Declaration.model_validate(raw_data(SAMPLE_DECLARATION)).model_dump(mode="json")


def reflowed(value: Any) -> Any:
    """A declaration as its meaning: every text's paragraphs with their wrapped lines joined, no trailing newline.

    A YAML block text is wrapped at some width; the wrapping is not content (the site joins the lines
    too), and a Word form flows each paragraph in its cell.
    """
    if isinstance(value, dict):
        return {k: reflowed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reflowed(v) for v in value]
    if isinstance(value, str):
        blocks = [b for b in re.split(r"\n\s*\n", value.strip()) if b.strip()]
        return "\n\n".join(join_lines(b.splitlines()) for b in blocks)
    return value


def _get(data: dict[str, Any], key: tuple[str, ...]) -> Any:
    for part in key:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def fill(
    template: bytes,
    data: dict[str, Any],
    *,
    skip: tuple[str, ...] = (),
    overrides: dict[str, str] | None = None,
    call_id: str = "2018",
) -> bytes:
    """Fill the template as an applicant would in Word, with python-docx: typed into the right-hand cells.

    Numbers, amounts, dates and phone numbers are typed with full-width digits (a Chinese keyboard's
    habit); texts keep their Chinese punctuation and are typed one paragraph per Word paragraph.
    """
    form = build(call(call_id))
    fields = form.by_bookmark()
    document = Document(io.BytesIO(template))
    for table in document.tables:
        first = table.rows[0].cells[0]
        if "t_attachments" in first._tc.xpath(".//w:bookmarkStart/@w:name"):
            for row, item in zip(table.rows[1:], data.get("attachments") or [], strict=False):
                row.cells[1].text = item["title"]
                row.cells[2].text = item["path"].removeprefix("attachments/")
            continue
        for row in table.rows:
            names = row.cells[0]._tc.xpath(".//w:bookmarkStart/@w:name")
            if not names:
                continue
            _, field = fields[names[0]]
            if field.dotted in skip:
                continue
            value = _get(data, field.key)
            if (overrides or {}).get(field.dotted) is not None:
                text = overrides[field.dotted]
            elif value is None:
                continue
            elif field.kind == Kind.MONEY:
                text = f"{value['amount']} {value['unit']}".translate(FULL_WIDTH)
            elif field.kind == Kind.INT:
                text = f"{value:,}".translate(FULL_WIDTH)
            elif field.kind == Kind.DATE:
                y, m, d = (int(x) for x in value.split("-"))
                text = f"{y}年{m}月{d}日".translate(FULL_WIDTH)
            elif field.kind == Kind.AFFIRMATION:
                text = "是"
            elif field.key == ("contact", "phone"):
                text = value.translate(FULL_WIDTH)
            else:
                text = reflowed(str(value))
            cell = row.cells[1]
            paragraphs = text.split("\n\n")
            cell.text = paragraphs[0]
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- the template ----------------------------------------------------------------------------------


def _headings(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


@pytest.mark.parametrize("call_id", ["2018", "2022"])
def test_the_template_follows_the_call(call_id: str) -> None:
    model = call(call_id)
    form = build(model)
    document = Document(io.BytesIO(write_form(model, WHEN)))
    assert document.core_properties.keywords == FORM_KEYWORDS and document.core_properties.subject == f"call={call_id}"
    assert document.paragraphs[0].text == f"{model.title}申报书" and document.paragraphs[0].style.name == "Title"
    assert _headings(document)[: len(form.sections)] == [s.heading for s in form.sections]
    rows = [
        (r.cells[0]._tc.xpath(".//w:bookmarkStart/@w:name"), [p.text for p in r.cells[0].paragraphs])
        for t in document.tables
        for r in t.rows
    ]
    labelled = {names[0]: texts for names, texts in rows if names and names[0].startswith("f_")}
    for _, field in form.fields():
        label, *help_text = labelled[field.bookmark]
        assert label == field.label and help_text == [field.help]
    direction = labelled["f_direction"][1]
    for _, leaf in model.classification.leaves():
        assert f"{leaf.code} {leaf.name}" in direction
    assert ("f_online_registration" in labelled) is model.eligibility.online_registration
    if model.eligibility.online_registration:
        assert labelled["f_online_registration"][0] == "网上系统登记号（必填，不公开）"


def test_a_call_orders_the_parts_of_its_form(temp_repo: TempRepo) -> None:
    """A call's own outline (call.yaml ``form``) gives the parts and their order; C-010/C-011 check it."""
    path = temp_repo.path / "submissions/2018/call.yaml"
    text = path.read_text(encoding="utf-8")
    outline = (
        "form:\n"
        "  - {title: 申报单位基本情况, fields: [applicant, contact]}\n"
        "  - {title: 项目概况, fields: [name, direction, summary, construction, innovation, business_model, promotion]}\n"
        "  - {title: 规模、投资和效益, fields: [users, investment.total, investment.completed, benefits]}\n"
        "  - {title: 附件, note: 不公开, fields: [attachments]}\n"
        "  - {title: 推荐意见, note: 由推荐单位填写, fields: [recommendation]}\n"
    )
    path.write_text(text + outline, encoding="utf-8")
    repo = Repository(FileSystemSource(temp_repo.path))
    document = Document(io.BytesIO(write_form(repo.call("2018"), WHEN)))
    assert _headings(document)[:5] == [
        "一、申报单位基本情况",
        "二、项目概况",
        "三、规模、投资和效益",
        "四、附件（不公开）",
        "五、推荐意见（由推荐单位填写）",
    ]
    first_rows = [r.cells[0].paragraphs[0].text for r in document.tables[0].rows]
    assert first_rows[0] == "申请主体名称（必填）" and first_rows[-1] == "电子邮箱（必填，不公开）"
    from generator.rules import check_repository

    def codes(new_outline: str) -> list[str]:
        path.write_text(text + new_outline, encoding="utf-8")
        return [f.code for f in check_repository(Repository(FileSystemSource(temp_repo.path)), [CALL])]

    assert codes(outline) == []
    assert codes(outline.replace("investment.total, ", "")) == ["C-011"]  # a required field nowhere
    assert codes(outline.replace("fields: [attachments]", "fields: [attachments, order]")) == ["C-010"]
    assert codes(outline.replace("users, ", "users, users.count, ")) == ["C-010"]
    assert codes(outline.replace("benefits]", "benefits, benefit]")) == ["C-010"]


CALL = "submissions/2018/call.yaml"


# -- the round trip ---------------------------------------------------------------------------------


def test_round_trip_template_filled_with_python_docx_imports_the_same_declaration(
    temp_repo: TempRepo, tmp_path: Path
) -> None:
    original = sample()
    original["attachments"] = [
        {"title": "营业执照（副本）扫描件", "path": "attachments/营业执照.pdf"},
        {"title": "项目用户规模统计说明：2018年6月", "path": "attachments/用户规模说明.pdf"},
    ]
    original["benefits"]["social"] = (
        "让文物“活起来”，服务偏远地区学生约１２万人次；新增岗位１５０个。\n\n第二段：带动就业。"
    )
    for item in original["attachments"]:
        temp_repo.write(f"submissions/2018/declarations/110000/{item['path']}", b"%PDF-1.4\n%%EOF\n")
    template = tmp_path / "模板.docx"
    result = run_sfxm("template", "--call", "2018", "--out", str(template), cwd=temp_repo.path)
    assert result.returncode == 0, result.stderr
    filled = tmp_path / "填好的申报书.docx"
    filled.write_bytes(fill(template.read_bytes(), original, skip=("innovation",)))

    result = run_sfxm(
        "import", str(filled), "--call", "2018", "--unit", "110000", "--format", "json", cwd=temp_repo.path
    )
    assert result.returncode == 1, result.stderr  # the empty required field is an error
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in findings] == [("I-004", str(filled))]
    assert findings[0]["message"].startswith("“三、项目内容”表格第 3 行“创新点”没有填写")
    assert (
        "已导入：submissions/2018/declarations/110000/2018-110000-001.yaml（申报编号 2018-110000-001，推荐顺序 1）"
        in result.stderr
    )

    written = temp_repo.path / "submissions/2018/declarations/110000/2018-110000-001.yaml"
    imported = raw_data(written)
    assert not imported["innovation"]  # left empty for the unit to fill in, with its comment
    expected = reflowed(original)
    expected.pop("innovation")
    imported.pop("innovation")
    assert reflowed(Declaration.model_validate({**imported, "innovation": "x" * 20}).model_dump(mode="json")) == {
        **expected,
        "innovation": "x" * 20,
    }
    # the file is the commented template of sfxm new, filled in
    text = written.read_text(encoding="utf-8")
    assert "# 创新点（必填，公开）：技术、模式或服务上的创新\ninnovation: |\n" in text
    assert "count: 2600000" in text and "amount: 8600" in text and "verified_on: 2018-07-20" in text
    check = run_sfxm("check", "--format", "json", cwd=temp_repo.path)
    assert {f["code"] for f in json.loads(check.stdout)} == {"S-001"}  # only the empty field


def test_export_for_stamping_imports_back_to_the_same_declaration(tmp_path: Path) -> None:
    """The printed 申报书 is the template filled in: importing it over the declaration changes nothing."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "submissions", root / "submissions")
    out = tmp_path / "申报书.docx"
    result = run_sfxm("export", "declaration", "2018-310000-008", "--out", str(out), "--root", str(root))
    assert result.returncode == 0, result.stderr
    path = root / "submissions/2018/declarations/310000/2018-310000-008.yaml"
    before = Declaration.model_validate(raw_data(path)).model_dump(mode="json")
    document = Document(str(out))
    texts = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert before["contact"]["phone"] in texts and before["recommendation"]["opinion"].split("\n")[0][:10] in texts
    result = run_sfxm(
        "import", str(out), "--call", "2018", "--unit", "310000", "--id", "2018-310000-008", "--root", str(root)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    after = Declaration.model_validate(raw_data(path)).model_dump(mode="json")
    assert reflowed(after) == reflowed(before)


# -- bad Word input ---------------------------------------------------------------------------------


def _read(raw: bytes, call_id: str = "2018") -> tuple[list[tuple[str, str]], dict[str, Any]]:
    result = read_form("申报书.docx", raw, call(call_id), "2018-110000-001", 1)
    return [(f.code, f.message) for f in result.findings], result.data


def _filled(**overrides: str) -> bytes:
    return fill(write_form(call(), WHEN), sample(), overrides=overrides)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 .doc 格式，或是加密的文档"),
        (b"%PDF-1.4\n%%EOF\n", "PDF"),
        ("项目名称：示例".encode(), "不是 .docx 格式"),
        (_zip({"a.txt": b"x"}), "没有 Word 正文"),
        (_zip({"word/document.xml": b"<not xml"}), "文件已损坏"),
        (b"", "不是 .docx 格式"),
    ],
    ids=["doc-or-encrypted", "pdf", "text", "zip-without-document", "broken-xml", "empty"],
)
def test_files_that_are_not_word_documents(raw: bytes, reason: str) -> None:
    found, _ = _read(raw)
    assert len(found) == 1 and found[0][0] == "I-001" and reason in found[0][1]


def test_a_truncated_form_is_unreadable() -> None:
    raw = _filled()
    found, _ = _read(raw[: len(raw) // 2])
    assert [code for code, _ in found] == ["I-001"]


def test_a_template_of_another_call() -> None:
    found, _ = _read(fill(write_form(call("2022"), WHEN), sample(), call_id="2022"), "2018")
    assert [code for code, _ in found] == ["I-003"] and "批次 2022" in found[0][1]


def test_a_word_document_that_is_not_the_form() -> None:
    document = Document()
    document.add_paragraph("关于推荐项目的说明")
    buffer = io.BytesIO()
    document.save(buffer)
    found, _ = _read(buffer.getvalue())
    assert [code for code, _ in found] == ["I-013", "I-002"]


@pytest.mark.parametrize(
    ("overrides", "expected", "place", "kept"),
    [
        (
            {"users.count": "约１２０万"},
            "I-006",
            "“四、用户规模和投资”表格第 1 行“用户数量”",
            ("users", "count", "约１２０万"),
        ),
        (
            {"investment.total": "8600"},
            "I-006",
            "“四、用户规模和投资”表格第 4 行“项目总投资”",
            ("investment", "total", "8600"),
        ),
        ({"recommendation.verified_on": "2018年13月40日"}, "I-007", "审核日期", None),
        (
            {"direction": "数字内容"},
            "I-008",
            "“一、项目基本信息”表格第 2 行“申报方向”",
            ("direction", None, "数字内容"),
        ),
        ({"applicant.legal_form": "有限责任公司"}, "I-008", "法人类型", None),
        ({"applicant.independent_legal_person": "否"}, "I-014", "独立法人声明", None),
        ({"applicant.credit_code": "91119901MA01A7K3X"}, "I-005", "统一社会信用代码", None),
        ({"summary": "太短"}, "I-005", "“三、项目内容”表格第 1 行“项目简介”", None),
        ({"contact.email": "不是邮箱"}, "I-005", "电子邮箱", None),
    ],
)
def test_values_that_cannot_be_read_are_reported_where_they_are_and_kept(
    overrides: dict[str, str], expected: str, place: str, kept: tuple | None
) -> None:
    found, data = _read(_filled(**overrides))
    assert [code for code, _ in found] == [expected], found
    assert place in found[0][1]
    if kept is not None:
        outer, inner, value = kept
        assert (data[outer][inner] if inner else data[outer]) == value  # nothing lost


def test_full_width_digits_commas_and_date_forms_are_read() -> None:
    found, data = _read(
        _filled(
            **{
                "users.count": "２，６００，０００",
                "investment.total": "８６００.５ 万元",
                "recommendation.verified_on": "2018/7/20",
            }
        )
    )
    assert found == []
    assert data["users"]["count"] == 2600000 and data["investment"]["total"] == {"amount": "8600.5", "unit": "万元"}
    assert data["recommendation"]["verified_on"] == date(2018, 7, 20)
    found, data = _read(_filled(direction="数字创意内容和服务"))  # a direction by its name
    assert found == [] and data["direction"] == "1"


def _edit(raw: bytes, change: Any) -> bytes:
    document = Document(io.BytesIO(raw))
    change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_row_twice_extra_rows_text_outside_and_pictures_are_not_lost_silently() -> None:
    def change(document: Any) -> None:
        table = document.tables[1]  # 二、申请主体
        copied = table.rows[1]._tr.__copy__()
        table._tbl.append(copied)
        table.rows[-1].cells[1].text = "91119901MA01A7K3Y1"  # the credit code again, different
        extra = table.add_row()
        extra.cells[0].text = "备注"
        extra.cells[1].text = "本单位另有一个分公司"
        document.add_paragraph("补充说明：项目已于2018年上线。")
        nested = document.tables[2].rows[0].cells[1].add_table(rows=1, cols=1)
        nested.rows[0].cells[0].text = "表中表"

    found, _ = _read(_edit(_filled(), change))
    codes = [code for code, _ in found]
    assert sorted(codes) == ["I-010", "I-010", "I-010", "I-011"], found
    messages = " ".join(m for _, m in found)
    assert "左栏为“备注”的一行" in messages and "补充说明" in messages and "单元格中插入的表格" in messages


def test_incomplete_attachment_rows_and_an_empty_recommendation() -> None:
    data = sample()
    data["attachments"] = [{"title": "营业执照", "path": "attachments/"}]
    raw = fill(
        write_form(call(), WHEN),
        data,
        skip=tuple(f"recommendation.{k}" for k in ("verified", "verified_by", "verified_on", "opinion")),
    )
    found, _ = _read(raw)
    assert [code for code, _ in found] == ["I-009", "I-012"]
    assert "有附件名称但没有文件名" in found[1][1]


def test_a_form_copied_into_another_document_is_read_by_its_labels() -> None:
    """Bookmarks and the template's mark lost (copied and pasted into a new document): read by the labels."""
    raw = _filled()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = re.sub(rb"<w:bookmark(Start|End)[^>]*/>", b"", parts["word/document.xml"])
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(FORM_KEYWORDS.encode(), b"")
    found, data = _read(_zip(parts))
    assert [code for code, _ in found] == ["I-013"]
    read = Declaration.model_validate({"id": "2018-110000-001", "order": 1, **data}).model_dump(mode="json")
    assert reflowed(read) == reflowed(sample())


def test_import_command_errors_are_usage_errors(temp_repo: TempRepo, tmp_path: Path) -> None:
    form = tmp_path / "a.docx"
    form.write_bytes(_filled())
    for args, words in (
        (["--call", "2030", "--unit", "110000"], "批次 2030 不存在"),
        (["--call", "2018", "--unit", "999999"], "不在单位名录中"),
        (["--call", "2018", "--unit", "420100"], "没有推荐资格"),
        (["--call", "2018", "--unit", "110000", "--id", "2018-310000-001"], "不是本单位"),
        (["--call", "2018", "--unit", "110000", "--id", "2018-110000-009"], "没有编号为 2018-110000-009 的申报书"),
    ):
        result = run_sfxm("import", str(form), *args, cwd=temp_repo.path)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr
    missing = run_sfxm("import", str(tmp_path / "none.docx"), "--call", "2018", "--unit", "110000", cwd=temp_repo.path)
    assert missing.returncode == 2 and "不存在" in missing.stderr
    broken = tmp_path / "b.docx"
    broken.write_bytes(b"%PDF-1.4\n")
    result = run_sfxm("import", str(broken), "--call", "2018", "--unit", "110000", cwd=temp_repo.path)
    assert result.returncode == 1 and "I-001" in result.stdout and "没有导入" in result.stdout
    assert not (temp_repo.path / "submissions/2018/declarations/110000").exists()  # nothing written


def test_template_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "已填好.docx"
    target.write_bytes(b"applicant's work")
    result = run_sfxm("template", "--call", "2018", "--out", str(target))
    assert result.returncode == 2 and "已存在" in result.stderr and target.read_bytes() == b"applicant's work"


def test_the_same_form_twice_is_the_same_bytes() -> None:
    assert write_form(call(), WHEN) == write_form(call(), WHEN)


def test_fixing_the_word_form_and_importing_it_again_over_the_same_declaration(
    temp_repo: TempRepo, tmp_path: Path
) -> None:
    """The usual loop: an import with a gap leaves an invalid file; the corrected form goes over it (--id)."""
    temp_repo.declaration("110000", 1, applicant=1, name="已有的示例项目")
    first = tmp_path / "第一稿.docx"
    first.write_bytes(fill(write_form(call(), WHEN), sample(), skip=("summary",)))
    result = run_sfxm("import", str(first), "--call", "2018", "--unit", "110000", cwd=temp_repo.path)
    assert result.returncode == 1 and "I-004" in result.stdout
    assert "申报编号 2018-110000-002，推荐顺序 2" in result.stdout
    path = temp_repo.path / "submissions/2018/declarations/110000/2018-110000-002.yaml"
    assert Repository(FileSystemSource(temp_repo.path)).load(path.relative_to(temp_repo.path).as_posix()).model is None
    second = tmp_path / "修改稿.docx"
    second.write_bytes(fill(write_form(call(), WHEN), sample()))
    again = run_sfxm(
        "import", str(second), "--call", "2018", "--unit", "110000", "--id", "2018-110000-002", cwd=temp_repo.path
    )
    assert "申报编号 2018-110000-002，推荐顺序 2" in again.stdout
    assert again.returncode == 0 and "检查通过" in again.stdout, again.stdout
    model = Repository(FileSystemSource(temp_repo.path)).declaration_by_id("2018", "2018-110000-002").model
    assert model.order == 2 and reflowed(model.summary) == reflowed(sample()["summary"])


def test_what_word_keeps_in_a_cell_is_read_tracked_insertions_and_content_controls() -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def change(document: Any) -> None:
        cell = document.tables[0].rows[0].cells[1]  # 项目名称
        cell._tc.remove(cell._tc.xpath("./w:p")[0])
        cell._tc.append(
            parse_xml(
                f"<w:p {ns}><w:r><w:t>京韵数字文博</w:t></w:r>"
                '<w:del w:id="91" w:author="a"><w:r><w:delText>旧名称</w:delText></w:r></w:del>'
                '<w:ins w:id="92" w:author="a"><w:r><w:t>沉浸式</w:t></w:r></w:ins>'
                "<w:sdt><w:sdtContent><w:r><w:t>体验平台</w:t></w:r></w:sdtContent></w:sdt></w:p>"
            )
        )
        label = document.tables[1].rows[0].cells[0]  # 申请主体名称: a value typed in the left column too
        label.add_paragraph("另：本公司成立于2010年")

    data = sample()
    data["attachments"] = [{"title": "营业执照", "path": "attachments/扫描件/营业执照.pdf"}]
    found, read = _read(_edit(fill(write_form(call(), WHEN), data), change))
    assert read["name"] == "京韵数字文博沉浸式体验平台"
    assert [code for code, _ in found] == ["I-010", "I-010"]
    assert "左栏中的文字“另：本公司成立于2010年”" in found[0][1]
    assert "文件名中的文件夹" in found[1][1] and read["attachments"] == [
        {"title": "营业执照", "path": "attachments/营业执照.pdf"}
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_form_saved_again_by_another_office_suite_reads_the_same(tmp_path: Path) -> None:
    """An applicant who opens and saves the form in LibreOffice (as in WPS or Word) keeps its bookmarks and mark."""
    import subprocess

    filled = tmp_path / "filled.docx"
    filled.write_bytes(fill(write_form(call(), WHEN), sample()))
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "out"),
            str(filled),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    found, data = _read((tmp_path / "out/filled.docx").read_bytes())
    assert found == []
    read = Declaration.model_validate({"id": "2018-110000-001", "order": 1, **data}).model_dump(mode="json")
    assert reflowed(read) == reflowed(sample())


def test_each_problem_is_said_once_at_its_place_in_the_form(temp_repo: TempRepo, tmp_path: Path) -> None:
    """The checker's own format findings (S-…) on the written file are not repeated where the form's say it."""
    unit_part = tuple(f"recommendation.{k}" for k in ("verified", "verified_by", "verified_on", "opinion"))
    form = tmp_path / "申报书.docx"
    form.write_bytes(fill(write_form(call(), WHEN), sample(), skip=unit_part, overrides={"users.count": "约120万"}))
    result = run_sfxm("import", str(form), "--call", "2018", "--unit", "110000", "--format", "json", cwd=temp_repo.path)
    assert result.returncode == 1
    assert [f["code"] for f in json.loads(result.stdout)] == ["I-006", "I-009"]
    check = run_sfxm("check", "--format", "json", cwd=temp_repo.path)
    assert {f["code"] for f in json.loads(check.stdout)} == {"S-001", "S-008"}  # what the import said, in YAML terms
