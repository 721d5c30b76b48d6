"""Official exports, in the shape of the documents an office really exchanges.

Public (the site publishes them, ``sfxm export final`` and ``sfxm export publicity`` write them):

- the final list (示范项目名单) as DOCX (title, number, text, the list as a table, the date), CSV
  (UTF-8 with BOM, for Excel) and JSON, each project with its current status (a revoked project
  is marked);
- each revocation notice (通报) as DOCX;
- the 公示 notice of the proposed list as DOCX.

For a unit, not public (they carry contacts and the unit's own verification):

- ``recommendations``: the unit's 推荐汇总表 (DOCX and XLSX), its declarations in recommendation
  order, each marked taken or "超出推荐名额，未选取";
- ``declaration``: one 申报书 as DOCX for printing and stamping (``generator.word.writer``).

Every DOCX is in the 公文 style of ``generator.word.style``: Chinese dates, centred title, the
reference document's fonts. Those written by pandoc come from HTML whose every text is escaped;
those written with python-docx are made reproducible by ``style.finish``. Same data, same bytes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from generator.repository import Loaded, Repository
from generator.selection import NOT_TAKEN, TAKEN, ranked
from generator.status import Statuses
from generator.word import style
from generator.word.writer import paragraphs

LIST_HEADER = ["序号", "申报编号", "项目名称", "申请主体", "统一社会信用代码", "推荐单位", "方向", "当前状态"]
PUBLICITY_HEADER = ["序号", "申报编号", "项目名称", "申请主体", "推荐单位", "方向"]
RECOMMENDATION_HEADER = [
    "推荐顺序",
    "申报编号",
    "项目名称",
    "申请主体",
    "统一社会信用代码",
    "法人类型",
    "方向",
    "项目总投资",
    "用户规模",
    "联系人",
    "联系电话",
    "电子邮箱",
    "是否选取",
]


@dataclass
class ListRow:
    number: int
    id: str
    name: str
    applicant: str
    credit_code: str
    unit: str
    direction: str
    state: str = ""  # the project's current status, in words

    def cells(self) -> list[str]:
        return [
            str(self.number),
            self.id,
            self.name,
            self.applicant,
            self.credit_code,
            self.unit,
            self.direction,
            self.state,
        ]


def _direction(call: Any, code: str) -> str:
    leaf = call.leaf(code)
    return f"{code} {leaf[1].name}" if leaf else code


def _rows(repo: Repository, call_id: str, ids: list[str], statuses: Statuses | None = None) -> list[ListRow]:
    call = repo.call(call_id)
    rows = []
    for n, ident in enumerate(ids, start=1):
        loaded = repo.declaration_by_id(call_id, ident)
        if loaded is None or loaded.model is None or call is None:
            continue
        d = loaded.model
        status = statuses.of(ident) if statuses is not None else None
        rows.append(
            ListRow(
                n,
                ident,
                d.name,
                d.applicant.name,
                d.applicant.credit_code,
                repo.units[loaded.info.unit].name if loaded.info.unit in repo.units else "",
                _direction(call, d.direction),
                status.state.label if status is not None else "",
            )
        )
    return rows


def final_rows(repo: Repository, call_id: str) -> list[ListRow]:
    """The final list as published (its order), with the public facts and the current status of each project."""
    final = repo.decision(call_id, "final")
    if final is None or repo.call(call_id) is None:
        return []
    return _rows(repo, call_id, list(final.projects), Statuses(repo, call_id))


# -- DOCX through pandoc ---------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{_e(p)}</p>" for p in paragraphs(text))


def _table_html(header: list[str], rows: list[list[str]], widths: list[int]) -> str:
    cols = "".join(f'<col style="width: {w}%" />' for w in widths)
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def final_docx(repo: Repository, call_id: str, target: Path) -> None:
    """The final list as published: its text, the list (without today's status: the document is of its date), the date."""
    final = repo.decision(call_id, "final")
    rows = final_rows(repo, call_id)
    table = _table_html(LIST_HEADER[:7], [r.cells()[:7] for r in rows], [5, 20, 21, 20, 17, 8, 9])
    body = _paragraphs_html(final.text) + table + style.signing_date(final.published_on)
    style.pandoc_docx(body, target, title=final.title, subtitle=final.number or "")


def final_csv(rows: list[ListRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LIST_HEADER)
    writer.writerows(r.cells() for r in rows)
    return out.getvalue()


def final_json(repo: Repository, call_id: str, rows: list[ListRow]) -> str:
    final = repo.decision(call_id, "final")
    data: dict[str, Any] = {
        "call": call_id,
        "title": final.title,
        "number": final.number,
        "published_on": final.published_on.isoformat(),
        "projects": [
            {
                "number": r.number,
                "id": r.id,
                "name": r.name,
                "applicant": r.applicant,
                "credit_code": r.credit_code,
                "unit": r.unit,
                "direction": r.direction,
                "state": r.state,
            }
            for r in rows
        ],
        "not_confirmed": [{"id": n.project, "reason": n.reason} for n in final.not_confirmed],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def notice_docx(repo: Repository, call_id: str, record: Any, name: str, target: Path) -> None:
    """The notice (通报) of a revocation: its text, the project concerned as a table, the date."""
    model = record
    loaded = repo.declaration_by_id(call_id, model.project)
    project = loaded.model if loaded and loaded.model else None
    row = [
        model.project,
        project.name if project else "",
        project.applicant.name if project else "",
        "、".join(g.value for g in model.grounds),
        style.chinese_date(model.effective),
    ]
    table = _table_html(["申报编号", "项目名称", "申请主体", "取消理由", "生效日期"], [row], [18, 24, 22, 20, 16])
    body = _paragraphs_html(model.notice.text) + table + style.signing_date(date.fromisoformat(name[:10]))
    style.pandoc_docx(body, target, title=model.notice.title, subtitle=model.number)


def publicity_text(repo: Repository, call_id: str) -> str:
    """The 公示 notice's text: the office's own (``text``), or sfxm's from the call and the period."""
    from generator import workdays

    proposed = repo.decision(call_id, "proposed")
    if proposed.text:
        return proposed.text
    call = repo.call(call_id)
    p = proposed.publicity
    try:
        end = workdays.calendar(repo).period_end(p.start, p.working_days)
        period = f"公示期为{style.chinese_date(p.start)}至{style.chinese_date(end)}（{p.working_days}个工作日）"
    except workdays.UnknownYear:
        period = f"公示期为自{style.chinese_date(p.start)}起{p.working_days}个工作日"
    basis = f"根据{call.basis}，" if call.basis else ""
    o = p.objections
    contacts = "；".join(
        part
        for part in (
            f"联系电话：{o.phone}" if o.phone else "",
            f"电子邮箱：{o.email}" if o.email else "",
            f"通信地址：{o.address}" if o.address else "",
        )
        if part
    )
    return (
        f"{basis}经各地推荐、第三方评估机构组织专家评审，现将{call.title}拟支持项目名单予以公示（见下表），"
        f"{period}。\n\n公示期间，如对名单有异议，请以书面形式向{o.office}反映"
        + (f"（{contacts}）" if contacts else "")
        + "。"
    )


def publicity_docx(repo: Repository, call_id: str, target: Path) -> None:
    """The 公示 notice of the proposed list: its text, the list as a table, the date."""
    proposed = repo.decision(call_id, "proposed")
    rows = _rows(repo, call_id, list(proposed.projects))
    cells = [[r.cells()[i] for i in (0, 1, 2, 3, 5, 6)] for r in rows]
    table = _table_html(PUBLICITY_HEADER, cells, [6, 16, 26, 22, 12, 18])
    body = _paragraphs_html(publicity_text(repo, call_id)) + table + style.signing_date(proposed.publicity.start)
    style.pandoc_docx(body, target, title=proposed.title, subtitle=proposed.number or "")


def export_call(repo: Repository, call_id: str, folder: Path) -> list[Path]:
    """Every public export of the call into ``folder``: the final list, the notices, the 公示; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if repo.decision(call_id, "final") is not None:
        rows = final_rows(repo, call_id)
        stem = folder / f"final-list-{call_id}"
        final_docx(repo, call_id, stem.with_suffix(".docx"))
        stem.with_suffix(".csv").write_text(final_csv(rows), encoding="utf-8-sig", newline="")
        stem.with_suffix(".json").write_text(final_json(repo, call_id, rows), encoding="utf-8")
        written += [stem.with_suffix(s) for s in (".docx", ".csv", ".json")]
    statuses = Statuses(repo, call_id)
    for record in statuses.records:
        if record.info.name and "-revocation-" in record.info.name:
            target = folder / f"notice-{record.info.name}.docx"
            notice_docx(repo, call_id, record.model, record.info.name, target)
            written.append(target)
    if repo.decision(call_id, "proposed") is not None:
        target = folder / f"publicity-{call_id}.docx"
        publicity_docx(repo, call_id, target)
        written.append(target)
    return written


# -- for a unit: its 推荐汇总表 and a 申报书 for stamping (not public) -------------------------------


@dataclass
class Recommendation:
    """One row of a unit's 推荐汇总表."""

    order: int
    loaded: Loaded[Any]
    taken: bool

    def cells(self, call: Any) -> list[str]:
        d = self.loaded.model
        return [
            str(d.order),
            d.id,
            d.name,
            d.applicant.name,
            d.applicant.credit_code,
            d.applicant.legal_form.value,
            _direction(call, d.direction),
            str(d.investment.total),
            f"{d.users.count} {d.users.unit}",
            d.contact.name + (f"（{d.contact.position}）" if d.contact.position else ""),
            d.contact.phone,
            d.contact.email,
            TAKEN if self.taken else NOT_TAKEN,
        ]


def recommendations(repo: Repository, call_id: str, unit: str) -> tuple[list[Recommendation], list[str]]:
    """The unit's valid declarations in recommendation order (taken or not), and the files left out as invalid."""
    quota = repo.quota(call_id, unit)
    valid, invalid = [], []
    for loaded in ranked(repo.declarations(call_id, unit)):
        if loaded.model is None:
            invalid.append(loaded.path)
            continue
        valid.append(loaded)
    rows = [Recommendation(d.model.order, d, quota is not None and n < quota) for n, d in enumerate(valid)]
    return rows, invalid


def _recommendation_date(rows: list[Recommendation], call: Any) -> date:
    """The table's date: the latest verification of the unit (from the data, so the same data gives the same file)."""
    days = [r.loaded.model.recommendation.verified_on for r in rows]
    return max(days, default=call.schedule.closes.date())


def recommendations_docx(repo: Repository, call_id: str, unit: str, rows: list[Recommendation]) -> bytes:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    call = repo.call(call_id)
    unit_model = repo.units[unit]
    day = _recommendation_date(rows, call)
    document = style.new_document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    title = f"{unit_model.name}{call.title}推荐汇总表"
    document.add_paragraph(title, style="Title")
    quota = repo.quota(call_id, unit)
    taken = sum(1 for r in rows if r.taken)
    document.add_paragraph(
        f"推荐单位：{unit_model.name}（盖章）　　推荐项目 {len(rows)} 个，名额 {quota} 个，按推荐顺序选取 {taken} 个",
        style="Compact",
    )
    columns = [0, 2, 3, 4, 6, 7, 9, 10, 12]
    header = [RECOMMENDATION_HEADER[i] for i in columns]
    table = document.add_table(rows=len(rows) + 1, cols=len(columns))
    table.style = "Table"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].style = style.FIELD_LABEL
        cell.paragraphs[0].add_run(text)
    for row, rec in zip(table.rows[1:], rows, strict=True):
        values = rec.cells(call)
        for cell, i in zip(row.cells, columns, strict=True):
            cell.paragraphs[0].style = "Compact"
            cell.paragraphs[0].add_run(values[i])
    style.grid_table(table, [1.3, 4.4, 4.2, 3.6, 3.0, 2.1, 2.4, 2.6, 2.1])  # 25.7 cm: A4 landscape in 2 cm margins
    document.add_paragraph("本表含联系人等不公开信息，仅供推荐单位报送，请勿公开。", style=style.FIELD_HELP)
    document.add_paragraph(style.chinese_date(day), style=style.SIGNING_DATE)
    return style.finish(document, style.source_moment(day), title=title)


def recommendations_xlsx(repo: Repository, call_id: str, unit: str, rows: list[Recommendation]) -> bytes:
    """The 推荐汇总表 as a workbook: a title row, the header, one row per declaration in order."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    call = repo.call(call_id)
    unit_model = repo.units[unit]
    day = _recommendation_date(rows, call)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "推荐汇总表"
    title = f"{unit_model.name}{call.title}推荐汇总表"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(RECOMMENDATION_HEADER))
    sheet["A1"].font = Font(name=style.TITLE_FONT, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(RECOMMENDATION_HEADER)
    for cell in sheet[2]:
        cell.font = Font(name=style.HEADING_FONT, bold=True)
    for rec in rows:
        values: list[Any] = rec.cells(call)
        values[0] = rec.loaded.model.order
        sheet.append(values)
    sheet.append([])
    sheet.append([f"填报日期：{style.chinese_date(day)}　　本表含联系人等不公开信息，仅供推荐单位报送，请勿公开。"])
    widths = [8, 18, 30, 30, 22, 12, 24, 14, 18, 16, 16, 24, 18]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A3"
    moment = style.source_moment(day).astimezone(UTC).replace(tzinfo=None)
    workbook.properties.creator = "sfxm"
    workbook.properties.title = title
    workbook.properties.created = moment
    workbook.properties.modified = moment
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl stamps "modified" with the clock: put the data's date back
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core)
    return style.normalize_zip(buffer.getvalue(), style.source_moment(day), {"docProps/core.xml": core.encode("utf-8")})


def declaration_docx(repo: Repository, call_id: str, ident: str) -> bytes:
    """One 申报书 for printing and stamping: every field, the private ones too (it goes to the unit)."""
    from generator.word.writer import write_form

    loaded = repo.declaration_by_id(call_id, ident)
    call = repo.call(call_id)
    unit = repo.units.get(loaded.info.unit or "")
    data = loaded.model.model_dump(mode="json")
    when = style.source_moment(datetime.combine(loaded.model.recommendation.verified_on, datetime.min.time()))
    return write_form(call, when, data=data, unit_name=unit.name if unit else loaded.info.unit, ident=ident)
