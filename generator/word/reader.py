"""Reading a filled 申报书 (Word) back into declaration data, with findings (I-…) that point at the form.

A finding cannot point at a line of a .docx: it names the file, and its message begins with the
place in the form — the part, the table row and the field (“二、申请主体”表格第 2 行“统一社会信用代码”) —
so that a province officer or the applicant can find it in Word. Rows are found by the bookmark the
template puts in each label cell, and by the label's text when the bookmarks were lost (the form was
copied into another document). Nothing is dropped silently: what cannot be placed is reported.

Values are read as they are written, with these readings of form conventions, none of which
changes what was written: full-width digits and letters in numbers, amounts, dates and codes are read
as half-width; thousands separators in numbers are dropped; “是” is true; a direction may be given
by its code or its name; a date may be written 2018年7月10日, 2018-07-10, 2018/7/10 or 2018.7.10.
A value that cannot be read is kept as written in the declaration (so that nothing is lost) and
reported.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from generator.findings import Finding, Location, Message, Severity
from generator.load.yamlfile import Document as YamlDocument
from generator.model.call import Call
from generator.model.declaration import Declaration
from generator.model.validation import translate
from generator.word.form import Field, Form, Kind, Section, build
from generator.word.writer import EXPORT_NOTE, FORM_KEYWORDS

E, W = Severity.ERROR, Severity.WARNING
MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024

UNREADABLE = Message(
    "I-001",
    E,
    "无法打开 Word 文件",
    "{path} 无法作为 Word 文件读取：{reason}",
    "请用 Word 或 WPS 打开申报书，另存为“Word 文档（*.docx）”后再导入；不要加密或设置打开密码",
    "只有 .docx 格式的申报书才能逐项读取；旧的 .doc、PDF 和加密的文件无法读取。",
)
NOT_A_FORM = Message(
    "I-002",
    E,
    "不是申报书模板",
    "{path} 中找不到申报书的表格（没有认出任何一项）",
    "请用 sfxm template 生成的申报书模板填写，不要另起文档或改动表格左栏",
    "导入按模板的表格逐项读取，认不出表格就无法读取内容。",
)
OTHER_CALL = Message(
    "I-003",
    E,
    "申报书模板属于另一个批次",
    "{path} 是批次 {found} 的申报书模板，不能导入批次 {call}",
    "请用 sfxm template --call {call} 生成本批次的模板重新填写，或在导入时写对批次",
    "各批次的方向、条件和申报书内容不同，用错模板会把项目归入错误的方向。",
)
EMPTY = Message(
    "I-004",
    E,
    "缺少必填项",
    "{place}没有填写",
    "请在 Word 申报书中填写后重新导入，或在导入后的申报书文件中补填：{help}",
    "必填项为空时申报书不完整，评审和公示都无法进行。",
)
INVALID = Message(
    "I-005",
    E,
    "填写的内容不符合要求",
    "{place}填写的内容不符合要求：{detail}",
    "请在 Word 申报书中改正后重新导入，或在导入后的申报书文件中改正",
    "导入的申报书与直接提交的申报书文件按同样的规则检查，不符合要求的内容须改正。",
)
NUMBER = Message(
    "I-006",
    E,
    "数字或金额无法识别",
    "{place}：“{value}”不是{expected}",
    "请只写阿拉伯数字{unit}，如“{example}”；导入时原样保留了所填的文字，请改正",
    "数字和金额要能计算和比较，不能含文字或约数。",
)
DATE = Message(
    "I-007",
    E,
    "日期无法识别",
    "{place}：“{value}”不是日期",
    "请写成“2018年7月10日”或“2018-07-10”；导入时原样保留了所填的文字，请改正",
    "日期要能比较先后（如审核日期是否在申报期内）。",
)
CHOICE = Message(
    "I-008",
    E,
    "不是可选的值",
    "{place}：“{value}”不是可选的值",
    "请从可选值中选一个照抄：{choices}",
    "可选值是固定的，写成别的说法就无法归类。",
)
RECOMMENDATION_EMPTY = Message(
    "I-009",
    E,
    "推荐单位审核意见尚未填写",
    "{place}：推荐单位审核意见（{titles}）尚未填写",
    "这一部分由推荐单位填写：请在导入后的申报书文件中补填，或填好 Word 后重新导入（sfxm import … --id 申报编号）",
    "申请主体交来的申报书通常还没有推荐单位的审核意见；推荐单位补上之前，申报书不完整，不能提交。",
)
IGNORED = Message(
    "I-010",
    W,
    "有内容没有导入",
    "{place}：{what}没有导入",
    "{fix}",
    "导入只读取申报书表格中各项的内容；其他内容不会进入申报书，提醒核对，以免遗漏。",
)
TWICE = Message(
    "I-011",
    E,
    "同一项填写了两次",
    "{place}：这一项出现了两次，内容不同（另一处在{other}）",
    "请删除多余的一行，只保留一处",
    "同一项有两个不同的值时无法确定以哪个为准。",
)
ATTACHMENT_ROW = Message(
    "I-012",
    E,
    "附件行不完整",
    "{place}的附件{problem}",
    "每个附件写明附件名称和文件名（文件与申报书一起交给推荐单位）",
    "附件要有名称才能在评审时辨认，要有文件名才能找到文件。",
)
NOT_FROM_TEMPLATE = Message(
    "I-013",
    W,
    "无法确认申报书模板",
    "{path} 不是由 sfxm template 生成的模板（文档属性中没有模板标记），已按表格左栏的名称读取",
    "请核对导入结果；今后请用 sfxm template --call {call} 生成的模板填写",
    "模板标记说明文件对应哪个批次；没有标记时只能按名称读取，可能读错。",
)
NOT_AFFIRMED = Message(
    "I-014",
    E,
    "声明没有填“是”",
    "{place}填的是“{value}”",
    "{help}；不能如实声明的，不能申报",
    "这是一项声明，只有填“是”才能申报。",
)

_NUMERAL_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_LABEL = re.compile(r"^(?P<title>[^（(]+)")
_DATE = re.compile(r"^(?P<y>\d{4})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?$")
_MONEY = re.compile(r"^(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>元|万元|亿元)?$")
_TRUE = {"是", "true", "yes", "y", "√", "✓", "✔", "☑", "同意", "已审核"}
_FALSE = {"否", "false", "no", "n", "×", "✗", "☐"}


@dataclass
class Cell:
    """A value as read from the form: its text and where it was."""

    text: str
    place: str


@dataclass
class ReadResult:
    data: dict[str, Any] = field(default_factory=dict)  # the declaration as plain data, without id and order
    findings: list[Finding] = field(default_factory=list)
    places: dict[tuple[str, ...], str] = field(default_factory=dict)  # field → where it is in the form
    reported: set[tuple[str, ...]] = field(default_factory=set)  # fields a finding is about already
    fatal: bool = False  # nothing could be read


def _half(text: str) -> str:
    """Full-width digits, letters and signs as half-width (only for numbers, dates and codes)."""
    return unicodedata.normalize("NFKC", text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p: Any) -> str:
    """A paragraph's text as the reader sees it: runs, insertions of tracked changes, hyperlinks,
    content controls; not deleted text, not field codes. (python-docx's ``text`` skips insertions
    and content controls, which would lose what an applicant typed with track changes on.)"""
    out = []
    for element in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if any(a.tag in (f"{_W}del", f"{_W}moveFrom") for a in element.iterancestors()):
            continue
        if element.tag == f"{_W}t":
            out.append(element.text or "")
        else:
            out.append("\t" if element.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _cell_paragraphs(cell: Any) -> list[str]:
    """The texts of a cell's own paragraphs (inside content controls too, not inside nested tables)."""
    tc = cell._tc
    texts = []
    for p in tc.iter(f"{_W}p"):
        ancestor = p.getparent()
        while ancestor is not None and ancestor is not tc and ancestor.tag != f"{_W}tbl":
            ancestor = ancestor.getparent()
        if ancestor is tc:
            texts.append(_paragraph_text(p).strip())
    return [t for t in texts if t]


def _cell_text(cell: Any) -> str:
    """A table cell's text: its paragraphs, blank-line separated; line breaks within a paragraph kept."""
    return "\n\n".join(_cell_paragraphs(cell))


def _bookmarks(cell: Any) -> list[str]:
    return [str(n) for n in cell._tc.xpath(".//w:bookmarkStart/@w:name")]


def _open(path: str, raw: bytes) -> tuple[Any | None, str]:
    if len(raw) > MAX_BYTES:
        return None, f"文件有 {len(raw) / 1024 / 1024:.1f} MB，超过 {MAX_BYTES // 1024 // 1024} MB"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None, "这是旧版 .doc 格式，或是加密的文档"
    if raw.startswith(b"%PDF"):
        return None, "这是 PDF 文件"
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return None, "不是 .docx 格式（.docx 实际上是一个 ZIP 压缩包）"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            if len(infos) > 5000 or sum(i.file_size for i in infos) > MAX_UNZIPPED:
                return None, "解压后过大，可能已损坏"
            if "word/document.xml" not in archive.namelist():
                return None, "压缩包中没有 Word 正文（word/document.xml）"
        from docx import Document

        return Document(io.BytesIO(raw)), ""
    except Exception as error:  # any damage python-docx or zipfile meets: a finding, not a traceback
        if "macroEnabled" in str(error) or "not a Word file" in str(error):
            return None, "不是 Word 文档（可能是启用宏的 .docm、模板 .dotx 或其他 Office 文件）"
        return None, f"文件已损坏（{type(error).__name__}）"


def _match_label(text: str, section: Section | None, form: Form) -> Field | None:
    """The field whose title begins a label cell, in the current part first, then anywhere if unique."""
    match = _LABEL.match(text.strip())
    if match is None:
        return None
    title = match.group("title").strip()
    if section is not None:
        for f in section.fields:
            if f.title == title:
                return f
    found = [f for _, f in form.fields() if f.title == title]
    return found[0] if len(found) == 1 else None


def _section_for(text: str, form: Form) -> Section | None:
    for section in form.sections:
        if text.strip() == section.heading or text.strip().split("（")[0].split("、", 1)[-1] == section.title:
            return section
    return None


@dataclass
class _Walk:
    form: Form
    path: str
    cells: dict[tuple[str, ...], Cell] = field(default_factory=dict)
    attachments: list[tuple[str, str, str]] = field(default_factory=list)  # (title, file, place)
    findings: list[Finding] = field(default_factory=list)
    recognized: int = 0

    def where(self) -> Location:
        return Location(self.path, None, None)

    def ignored(self, place: str, what: str, fix: str) -> None:
        self.findings.append(IGNORED.at(self.where(), place=place, what=what, fix=fix))


def _walk(document: Any, form: Form, path: str, known_paragraphs: set[str]) -> _Walk:
    walk = _Walk(form, path)
    section: Section | None = None
    heading = "申报书开头"
    for block in document.iter_inner_content():
        if not hasattr(block, "rows"):
            text = block.text.strip()
            is_heading = block.style is not None and block.style.name.startswith("Heading")
            if is_heading or _NUMERAL_HEADING.match(text):
                found = _section_for(text, form)
                if found is not None or is_heading:
                    section, heading = found, text or heading
                    continue
            if text and text not in known_paragraphs and not text.startswith(("申报编号：", "推荐单位：")):
                walk.ignored(
                    f"“{heading}”",
                    f"表格外的文字“{text[:30]}{'…' if len(text) > 30 else ''}”",
                    "表格外的文字不会进入申报书；如属于某一项，请填到该项右栏",
                )
            continue
        _table(walk, block, section, heading)
    return walk


def _table(walk: _Walk, table: Any, section: Section | None, heading: str) -> None:
    by_bookmark = walk.form.by_bookmark()
    rows = list(table.rows)
    if (rows and "t_attachments" in _bookmarks(rows[0].cells[0])) or (
        rows and [c.text.strip().split("\n")[0] for c in rows[0].cells][:2] == ["序号", "附件名称"]
    ):
        walk.recognized += 1
        for n, row in enumerate(rows[1:], start=2):
            cells = row.cells
            title = _cell_text(cells[1]) if len(cells) > 1 else ""
            file = _cell_text(cells[2]) if len(cells) > 2 else ""
            if title or file:
                walk.attachments.append((title, file, f"“{heading}”表格第 {n} 行"))
        return
    for n, row in enumerate(rows, start=1):
        cells = row.cells
        place = f"“{heading}”表格第 {n} 行"
        if len(cells) < 2 or cells[0]._tc is cells[-1]._tc:
            text = _cell_text(cells[0]) if cells else ""
            if text:
                walk.ignored(place, f"合并单元格中的“{text[:30]}”", "请不要合并表格的单元格；请按模板分栏填写")
            continue
        names = [b for b in _bookmarks(cells[0]) if b in by_bookmark]
        target = by_bookmark[names[0]][1] if names else _match_label(_cell_text(cells[0]), section, walk.form)
        value = (
            _cell_text(cells[-1]) if len(cells) == 2 else "\n\n".join(_cell_text(c) for c in cells[1:] if _cell_text(c))
        )
        for nested in cells[-1].tables:
            if any(_cell_text(c) for r in nested.rows for c in r.cells):
                walk.ignored(place, "单元格中插入的表格", "请把表格中的内容改写成文字填在单元格中")
        if cells[-1]._tc.xpath(".//w:drawing | .//w:pict"):
            walk.ignored(place, "单元格中的图片", "图片请作为附件提交")
        if target is None:
            if value:
                label = _cell_text(cells[0]).split("\n")[0][:20]
                walk.ignored(place, f"左栏为“{label}”的一行", "这一行不是申报书的项目；请核对左栏是否被改动")
            continue
        walk.recognized += 1
        place = f"{place}“{target.title}”"
        extra = [t for t in _cell_paragraphs(cells[0]) if t not in (target.label, target.title, target.help)]
        if names and extra:
            walk.ignored(place, f"左栏中的文字“{extra[0][:30]}”", "请把内容填在右栏；左栏是项目名称和填写要求")
        previous = walk.cells.get(target.key)
        if previous is not None:
            if previous.text and value and previous.text != value:
                walk.findings.append(TWICE.at(walk.where(), place=place, other=previous.place))
            if previous.text or not value:
                continue
        walk.cells[target.key] = Cell(value, place)


def _set(data: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    for part in key[:-1]:
        data = data.setdefault(part, {})
    data[key[-1]] = value


def _parse(f: Field, cell: Cell, walk: _Walk) -> Any:
    """The value of one field as the model takes it; the text as written (with a finding) when unreadable."""
    text, place, where = cell.text, cell.place, walk.where()
    if f.kind in (Kind.TEXT, Kind.LONG):
        return text
    flat = _half(text).strip()
    if f.kind == Kind.CODE:
        return re.sub(r"\s+", "", flat)
    if f.kind == Kind.INT:
        digits = re.sub(r"[,\s]", "", flat)
        if digits.isdigit():
            return int(digits)
        walk.findings.append(NUMBER.at(where, place=place, value=text, expected="整数", unit="", example="1200000"))
        return text
    if f.kind == Kind.MONEY:
        match = _MONEY.match(flat)
        if match and match.group("unit"):
            return {"amount": match.group("amount").replace(",", ""), "unit": match.group("unit")}
        expected = "金额（缺少单位）" if match else "金额"
        walk.findings.append(
            NUMBER.at(
                where, place=place, value=text, expected=expected, unit="和单位（元、万元或亿元）", example="1200 万元"
            )
        )
        return text
    if f.kind == Kind.DATE:
        match = _DATE.match(flat)
        if match:
            try:
                return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                pass
        walk.findings.append(DATE.at(where, place=place, value=text))
        return text
    if f.kind == Kind.AFFIRMATION:
        lowered = flat.lower()
        if lowered in _TRUE:
            return True
        walk.findings.append(
            NOT_AFFIRMED.at(where, place=place, value=text, help=f.help.split("，")[0] if f.help else "请填“是”")
        )
        return False if lowered in _FALSE else text
    if f.kind == Kind.CHOICE:
        spaced = re.sub(r"\s+", " ", flat)
        for value, label in f.choices:
            name = label.split(" ", 1)[-1]
            if spaced in (value, label, name, label.replace(" ", "")):
                return value
        walk.findings.append(
            CHOICE.at(where, place=place, value=text, choices="；".join(label for _, label in f.choices))
        )
        return text
    return text


def _known_paragraphs(call: Call) -> set[str]:
    """The texts outside tables that the template itself writes (title, instructions, statements)."""
    from docx import Document

    from generator.word.writer import write_form

    blank = Document(io.BytesIO(write_form(call, _EPOCH)))
    return {p.text.strip() for p in blank.paragraphs if p.text.strip()} | {EXPORT_NOTE}


def read_form(path: str, raw: bytes, call: Call, ident: str, order: int) -> ReadResult:
    """The declaration data of a filled form (with ``ident`` and ``order``), and what is missing or wrong."""
    result = ReadResult()
    where = Location(path, None, None)
    document, reason = _open(path, raw)
    if document is None:
        result.findings.append(UNREADABLE.at(where, path=path, reason=reason))
        result.fatal = True
        return result
    props = document.core_properties
    if (props.keywords or "") == FORM_KEYWORDS:
        found = (props.subject or "").removeprefix("call=")
        if found and found != call.id:
            result.findings.append(OTHER_CALL.at(where, path=path, found=found, call=call.id))
            result.fatal = True
            return result
    else:
        result.findings.append(NOT_FROM_TEMPLATE.at(where, path=path, call=call.id))
    form = build(call)
    walk = _walk(document, form, path, _known_paragraphs(call))
    if walk.recognized == 0:
        result.findings.append(NOT_A_FORM.at(where, path=path))
        result.fatal = True
        return result
    data: dict[str, Any] = {"id": ident, "order": order}
    unit_fields: list[tuple[Section, Field]] = []
    reported: set[tuple[str, ...]] = set()
    for section, f in form.fields():
        cell = walk.cells.get(f.key)
        place = cell.place if cell is not None else f"“{section.heading}”中的“{f.title}”（文件中没有这一行）"
        result.places[f.key] = place
        if cell is None or not cell.text:
            if f.required and f.key[0] == "recommendation":
                unit_fields.append((section, f))
            elif f.required:
                walk.findings.append(EMPTY.at(where, place=place, help=f.help))
            reported.add(f.key)
            _set(data, f.key, None)
            continue
        before = len(walk.findings)
        _set(data, f.key, _parse(f, cell, walk))
        if len(walk.findings) > before:
            reported.add(f.key)
    if unit_fields:
        section = unit_fields[0][0]
        titles = "、".join(f.title for _, f in unit_fields)
        walk.findings.append(RECOMMENDATION_EMPTY.at(where, place=f"“{section.heading}”", titles=titles))
    items = []
    for title, file, place in walk.attachments:
        if not title or not file:
            problem = "有文件名但没有附件名称" if file else "有附件名称但没有文件名"
            walk.findings.append(ATTACHMENT_ROW.at(where, place=place, problem=problem))
        name = file.replace("\\", "/").split("/")[-1].strip()
        if name != file.strip():
            walk.ignored(
                place,
                f"文件名中的文件夹（“{file}”）",
                f"附件都放在本单位的 attachments 文件夹中，路径写作 attachments/{name}",
            )
        items.append({"title": title, "path": f"attachments/{name}" if name else ""})
    data["attachments"] = items
    result.places[("attachments",)] = next((p for _, _, p in walk.attachments), "“附件”表格")
    if any(f.code == ATTACHMENT_ROW.code for f in walk.findings):
        reported.add(("attachments",))
    result.findings.extend(walk.findings)
    model_findings, model_keys = _model_findings(path, data, result.places, reported)
    result.findings.extend(model_findings)
    result.reported = reported | model_keys
    result.data = {k: v for k, v in data.items() if k not in ("id", "order")}
    return result


def _model_findings(
    path: str, data: dict[str, Any], places: dict[tuple[str, ...], str], reported: set[tuple[str, ...]]
) -> tuple[list[Finding], set[tuple[str, ...]]]:
    """The model's own rules (lengths, formats …) on what was read, at the form's places; the fields concerned."""
    clean = _without_none(data)
    keys: set[tuple[str, ...]] = set()
    try:
        Declaration.model_validate(clean)
    except ValidationError as error:
        out = []
        stub = YamlDocument(path, clean)
        for e in error.errors(include_url=False):
            loc = tuple(str(x) for x in e["loc"] if not isinstance(x, int))
            key = next((k for k in sorted(places, key=len, reverse=True) if loc[: len(k)] == k), loc)
            if key in reported or any(key[: len(r)] == r for r in reported):
                continue
            translated = translate(stub, Declaration, e)
            place = places.get(key, "申报书")
            out.append(
                INVALID.at(Location(path, None, None), place=place, detail=f"{translated.message}（{translated.code}）")
            )
            keys.add(key)
        return out, keys
    return [], keys


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


_EPOCH = datetime(2018, 1, 1, tzinfo=UTC)
