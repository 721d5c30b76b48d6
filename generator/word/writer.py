"""The 申报书 as a Word document: empty (the applicants' template) or filled (printed for stamping).

One table per part of the form, two columns: the field's label and what to write on the left,
the value on the right. The label cell carries a bookmark naming the field (``f_applicant__credit_code``):
invisible to the applicant, kept by Word and WPS when the form is filled in, and what ``sfxm import``
reads first (the label text is the fallback). The document's properties name the form and its call.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.model.call import Call
from generator.model.types import Money
from generator.site.text import join_lines
from generator.word import style
from generator.word.form import ATTACHMENT_COLUMNS, ATTACHMENT_ROWS, Field, Form, Kind, Section, build

FORM_KEYWORDS = "sfxm-declaration-form"  # the document property that marks a form written by sfxm
LABEL_CM, VALUE_CM = 5.0, 10.6  # the text width of an A4 page in the 公文 margins is 15.6 cm

EXPORT_NOTE = (
    "本申报书由 sfxm 根据仓库中的申报数据生成，供推荐单位打印、盖章报送；"
    "其中的联系人、附件和推荐单位审核意见不公开，请勿对外公布。"
)
INSTRUCTIONS = (
    "请在每个表格的右栏填写，左栏是项目名称和填写要求（灰色小字）；不要删除、合并或拆分表格的行，也不要改动左栏。",
    "标“必填”的每一项都要填写；数字用阿拉伯数字，金额写明单位（元、万元或亿元），日期写成“2018年7月10日”。",
    "声明项填“是”；有可选项的，照抄可选项中的一项。多段文字可以直接换行。",
    "标“公开”的内容将在网站上公布；联系人、附件和推荐单位审核意见不公开。",
    "填好后保存为 .docx 文件交推荐单位，由推荐单位导入申报系统（sfxm import）并审核。",
)


def value_lines(field: Field, value: Any) -> list[str]:
    """How a value is written in the form, as paragraphs (the import reads these back)."""
    if value is None or value == "":
        return []
    if field.kind == Kind.MONEY:
        return [str(Money.model_validate(value))]
    if field.kind == Kind.AFFIRMATION:
        return ["是" if value is True else "否"]
    if field.kind == Kind.DATE:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return [style.chinese_date(day)]
    if field.kind == Kind.CHOICE:
        labels = dict(field.choices)
        return [labels.get(str(value), str(value))]
    if isinstance(value, Decimal):
        return [f"{value.normalize():f}"]
    return paragraphs(str(value))


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs as Word shows them: blank lines separate paragraphs, the lines of one are joined.

    A YAML block text is wrapped at some width; the wrapping is not content (the site joins the lines
    too), and a printed form must flow in its table cell.
    """
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return [join_lines(b.splitlines()) for b in blocks]


def _get(data: dict[str, Any] | None, key: tuple[str, ...]) -> Any:
    value: Any = data
    for part in key:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _bookmark(paragraph, name: str, ident: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _set_lines(cell, lines: list[str], paragraph_style: str = "Compact") -> None:
    first = cell.paragraphs[0]
    first.style = paragraph_style
    if lines:
        first.add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line, style=paragraph_style)


def _fields_table(document, section: Section, data: dict[str, Any] | None, counter) -> None:
    table = document.add_table(rows=len(section.fields), cols=2)
    table.style = "Table"
    for row, field in zip(table.rows, section.fields, strict=True):
        label, value = row.cells
        label.paragraphs[0].style = style.FIELD_LABEL
        # the form shows what is required; the printed 申报书 shows the names only
        label.paragraphs[0].add_run(field.label if data is None else field.title)
        _bookmark(label.paragraphs[0], field.bookmark, next(counter))
        if field.help and data is None:
            label.add_paragraph(field.help, style=style.FIELD_HELP)
        _set_lines(value, value_lines(field, _get(data, field.key)) if data is not None else [])
    style.grid_table(table, [LABEL_CM, VALUE_CM])


def _attachments_table(document, data: dict[str, Any] | None, counter) -> None:
    items = list((data or {}).get("attachments") or [])
    rows = max(len(items), 1) if data is not None else ATTACHMENT_ROWS
    table = document.add_table(rows=rows + 1, cols=3)
    table.style = "Table"
    header = table.rows[0].cells
    for cell, text in zip(header, ("序号", *(title for title, _ in ATTACHMENT_COLUMNS)), strict=True):
        cell.paragraphs[0].style = style.FIELD_LABEL
        cell.paragraphs[0].add_run(text)
    _bookmark(header[0].paragraphs[0], "t_attachments", next(counter))
    if data is None:
        for cell, (_, hint) in zip(header[1:], ATTACHMENT_COLUMNS, strict=True):
            cell.add_paragraph(hint, style=style.FIELD_HELP)
    for n, row in enumerate(table.rows[1:], start=1):
        row.cells[0].paragraphs[0].style = "Compact"
        row.cells[0].paragraphs[0].add_run(str(n))
        item = items[n - 1] if n - 1 < len(items) else None
        if item:
            _set_lines(row.cells[1], [str(item.get("title") or "")])
            _set_lines(row.cells[2], [str(item.get("path") or "").removeprefix("attachments/")])
        else:
            _set_lines(row.cells[1], [])
            _set_lines(row.cells[2], [])
    style.grid_table(table, [1.6, 7.0, 7.0])


def write_form(
    call: Call,
    when: datetime,
    *,
    data: dict[str, Any] | None = None,
    unit_name: str | None = None,
    ident: str | None = None,
) -> bytes:
    """The 申报书 of ``call``: the empty template, or ``data`` (a declaration as plain data) filled in."""
    form: Form = build(call)
    document = style.new_document()
    counter = itertools.count(1)
    title = f"{call.title}申报书"
    document.add_paragraph(title, style="Title")
    document.add_paragraph(f"申报编号：{ident or '（由推荐单位导入时分配）'}", style="Subtitle")
    document.add_paragraph(f"推荐单位：{unit_name or ''}", style="Compact")
    if data is None:
        document.add_heading("填写说明", level=2)
        for n, text in enumerate(INSTRUCTIONS, start=1):
            document.add_paragraph(f"{n}. {text}", style="Compact")
    else:
        document.add_paragraph(EXPORT_NOTE, style=style.FIELD_HELP)
    for section in form.sections:
        document.add_heading(section.heading, level=1)
        if section.fields:
            _fields_table(document, section, data, counter)
        if section.attachments:
            _attachments_table(document, data, counter)
        if section.fields and section.fields[0].key[0] == "recommendation":
            document.add_paragraph("推荐单位（盖章）：", style=style.SIGNING_DATE)
            document.add_paragraph("年    月    日", style=style.SIGNING_DATE)
    document.add_heading("申请主体声明", level=1)
    document.add_paragraph(
        "本单位承诺：申报材料所填内容真实、准确、完整，如有虚假，愿承担相应责任。", style="Body Text"
    )
    document.add_paragraph("申请主体（盖章）：", style=style.SIGNING_DATE)
    document.add_paragraph("法定代表人（签字）：", style=style.SIGNING_DATE)
    document.add_paragraph("年    月    日", style=style.SIGNING_DATE)
    return style.finish(document, when, title=title, keywords=FORM_KEYWORDS, subject=f"call={call.id}")
