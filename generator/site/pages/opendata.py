"""Open data: every project's public fields as CSV and JSON (with the JSON's schema), the official
DOCX exports, and a yearly programme report per call (DOCX)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pypandoc
from pydantic import create_model

from generator.model.base import visibility
from generator.model.declaration import Declaration
from generator.site import text
from generator.site.charts import bar_png
from generator.site.data import CallView, SiteData
from generator.site.pages.common import Pages, final_export, link, notice_export, report_export, sample_notice, table
from generator.status import State

CSV_HEADER = [
    "批次",
    "申报编号",
    "项目名称",
    "申请主体",
    "统一社会信用代码",
    "法人类型",
    "推荐单位",
    "方向编码",
    "方向",
    "状态",
    "用户数量",
    "用户计量单位",
    "项目总投资",
    "项目简介",
]


def _direction_name(data: SiteData, call_id: str, code: str) -> str:
    call = data.call(call_id)
    d = call.direction(code) if call else None
    return d.name if d else ""


def projects_csv(data: SiteData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for p in data.projects:
        a, total = p.public["applicant"], p.public["investment"]["total"]
        writer.writerow(
            [
                p.call,
                p.id,
                p.name,
                a["name"],
                a["credit_code"],
                a["legal_form"],
                data.units[p.unit].name if p.unit in data.units else p.unit,
                p.direction,
                _direction_name(data, p.call, p.direction),
                p.state.label,
                p.public["users"]["count"],
                p.public["users"]["unit"],
                f"{total['amount'].normalize():f} {total['unit']}",
                p.public["summary"],
            ]
        )
    return out.getvalue()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "normalize"):
        return f"{value.normalize():f}"
    return value


def projects_json(data: SiteData) -> str:
    items = []
    for p in data.projects:
        items.append(
            {
                "call": p.call,
                "unit": p.unit,
                "unit_name": data.units[p.unit].name if p.unit in data.units else None,
                "direction_name": _direction_name(data, p.call, p.direction),
                "state": p.state.value,
                "state_label": p.state.label,
                "declaration": _jsonable(p.public),
            }
        )
    return (
        json.dumps({"$schema": "projects.schema.json", "projects": items}, ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )


def projects_schema() -> str:
    """The JSON Schema of projects.json: the public fields of a declaration, from the model itself."""
    public = {
        name: (info.annotation, info) for name, info in Declaration.model_fields.items() if visibility(info) == "public"
    }
    PublicDeclaration = create_model("PublicDeclaration", **public)
    schema = PublicDeclaration.model_json_schema()
    wrapper = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "信息消费试点示范项目开放数据",
        "type": "object",
        "required": ["projects"],
        "properties": {
            "$schema": {"type": "string"},
            "projects": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["call", "unit", "state", "state_label", "declaration"],
                    "properties": {
                        "call": {"type": "string", "title": "批次"},
                        "unit": {"type": "string", "title": "推荐单位代码"},
                        "unit_name": {"type": ["string", "null"], "title": "推荐单位"},
                        "direction_name": {"type": "string", "title": "方向"},
                        "state": {"type": "string", "enum": [s.value for s in State], "title": "状态代码"},
                        "state_label": {"type": "string", "title": "状态"},
                        "declaration": {"$ref": "#/$defs/PublicDeclaration"},
                    },
                },
            },
        },
        "$defs": {**schema.pop("$defs", {}), "PublicDeclaration": schema},
    }
    return json.dumps(wrapper, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def yearly_report(call: CallView, data: SiteData) -> bytes:
    """The call's programme report (信息消费发展报告 material): final list, key figures, charts, case studies."""
    counts = [
        len(call.projects),
        sum(1 for p in call.projects if p.within_quota),
        len(call.publicity.projects) if call.publicity else 0,
        sum(1 for p in call.projects if p.state in (State.DEMONSTRATION, State.ENDED, State.REVOKED)),
    ]
    e = html.escape
    parts = [f"<h1>{e(call.call.title)}年度报告</h1>"]
    if call.call.sample:
        parts.append("<p>示例数据：本报告中的项目、企业和数字纯属虚构。</p>")
    parts += ["<h2>一、主要数字</h2>", "<table><thead><tr><th>项目</th><th>个数</th></tr></thead><tbody>"]
    for label, value in zip(("申报项目", "名额内选取", "拟支持", "示范项目"), counts, strict=True):
        parts.append(f"<tr><td>{label}</td><td>{value}</td></tr>")
    parts += [
        "</tbody></table>",
        '<p><img src="figures.png" alt="申报到入选的项目数（依次为申报、受理、拟支持、示范）"/></p>',
    ]
    by_direction = [sum(1 for p in call.projects if p.direction == d.code) for d in call.directions]
    parts += [
        "<h2>二、各方向申报情况</h2>",
        '<p><img src="directions.png" alt="各方向申报项目数"/></p>',
        "<table><thead><tr><th>方向</th><th>申报项目</th></tr></thead><tbody>",
    ]
    parts += [
        f"<tr><td>{e(d.code)} {e(d.name)}</td><td>{n}</td></tr>"
        for d, n in zip(call.directions, by_direction, strict=True)
    ]
    parts.append("</tbody></table>")
    if call.final is not None:
        parts += [
            f"<h2>三、{e(call.final.title)}</h2>",
            "<table><thead><tr><th>序号</th><th>项目名称</th><th>申请主体</th><th>推荐单位</th><th>状态</th></tr></thead><tbody>",
        ]
        for n, ident in enumerate(call.final.projects, start=1):
            p = data.project(ident)
            if p is None:
                continue
            unit = data.units[p.unit].name if p.unit in data.units else p.unit
            parts.append(
                f"<tr><td>{n}</td><td>{e(p.name)}</td><td>{e(p.applicant)}</td><td>{e(unit)}</td><td>{e(p.state.label)}</td></tr>"
            )
        parts.append("</tbody></table>")
    cases = [c for c in data.cases if c.call == call.id]
    if cases:
        parts.append("<h2>四、典型案例</h2>")
        for case in cases:
            body = case.html.replace("<h1", "<h3").replace("</h1>", "</h3>").replace('src="media/', f'src="{case.id}-')
            parts.append(re.sub(r'\sid="[^"]*"', "", body))  # two cases may share a heading; pandoc wants unique ids
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "figures.png").write_bytes(bar_png(counts))
        (folder / "directions.png").write_bytes(bar_png(by_direction))
        for case in cases:
            for name, content in case.media.items():
                (folder / f"{case.id}-{name}").write_bytes(content)
        target = folder / "report.docx"
        from generator.word.style import reference_docx  # the 公文 style every DOCX of sfxm shares

        (folder / "reference.docx").write_bytes(reference_docx())
        pypandoc.convert_text(
            "\n".join(parts),
            "docx",
            format="html",
            outputfile=str(target),
            extra_args=[
                "--resource-path",
                str(folder),
                "--metadata",
                f"title={call.call.title}年度报告",
                "--reference-doc",
                str(folder / "reference.docx"),
            ],
        )
        return target.read_bytes()


def exports(data: SiteData, official: dict[str, dict[str, bytes]]) -> Pages:
    """The data files: ``official`` are the DOCX/CSV/JSON exports by call (from ``generator.exports``)."""
    pages: Pages = {
        "data/projects.csv": "\ufeff" + projects_csv(data),
        "data/projects.json": projects_json(data),
        "data/projects.schema.json": projects_schema(),
    }
    for call_id, files in official.items():
        for name, content in files.items():
            pages[f"data/{call_id}/{name}"] = content
    for call in data.calls:
        if call.projects:
            pages[report_export(call.id)] = yearly_report(call, data)
    return pages


def index_page(data: SiteData, pages: Pages) -> str:
    path = "data/index.md"
    lines = [
        "# 开放数据",
        "",
        sample_notice(data.calls),
        "本站的数据可以下载使用。CSV 文件为 UTF-8 编码（带 BOM，Excel 可直接打开）；JSON 文件附有 JSON Schema。"
        "只包含公开字段：不含联系人、审核人、评审专家和评分。",
        "",
    ]
    rows = [
        (link(path, "data/projects.csv", "projects.csv"), "全部项目的公开信息和状态"),
        (link(path, "data/projects.json", "projects.json"), "同上，JSON 格式"),
        (link(path, "data/projects.schema.json", "projects.schema.json"), "projects.json 的 JSON Schema"),
    ]
    lines += ["## 全部项目", "", table(["文件", "内容"], rows), ""]
    for call in reversed(data.calls):
        rows = []
        for ext, label in (
            ("docx", "示范项目名单（Word，公文格式）"),
            ("csv", "示范项目名单（CSV）"),
            ("json", "示范项目名单（JSON）"),
        ):
            if final_export(call.id, ext) in pages:
                rows.append(
                    (link(path, final_export(call.id, ext), final_export(call.id, ext).rsplit("/", 1)[-1]), label)
                )
        for record in (r for r in data.records if r.call == call.id and r.kind == "revocation"):
            target = notice_export(call.id, record.name)
            rows.append(
                (link(path, target, target.rsplit("/", 1)[-1]), f"通报：{text.inline(record.data['notice']['title'])}")
            )
        if report_export(call.id) in pages:
            rows.append(
                (
                    link(path, report_export(call.id), report_export(call.id).rsplit("/", 1)[-1]),
                    "年度报告（Word）：名单、主要数字和图表、典型案例",
                )
            )
        if rows:
            lines += [f"## {text.inline(call.call.title)}", "", table(["文件", "内容"], rows), ""]
    return "\n".join(lines).rstrip() + "\n"
