"""Official exports: the final list and each revocation notice as DOCX in the shape of an official
document (title, number, date, body, the list as a table), and the final list as CSV and JSON.

The DOCX files are written by pandoc from Markdown that this module composes; every value from
the data is escaped for Markdown first.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypandoc

from generator.repository import Repository
from generator.site import text as md
from generator.status import Statuses

LIST_HEADER = ["序号", "申报编号", "项目名称", "申请主体", "统一社会信用代码", "推荐单位", "方向"]


@dataclass
class ListRow:
    number: int
    id: str
    name: str
    applicant: str
    credit_code: str
    unit: str
    direction: str

    def cells(self) -> list[str]:
        return [str(self.number), self.id, self.name, self.applicant, self.credit_code, self.unit, self.direction]


def final_rows(repo: Repository, call_id: str) -> list[ListRow]:
    """The final list as published (its order), with the public facts of each project."""
    final = repo.decision(call_id, "final")
    call = repo.call(call_id)
    if final is None or call is None:
        return []
    rows = []
    for n, ident in enumerate(final.projects, start=1):
        loaded = repo.declaration_by_id(call_id, ident)
        if loaded is None or loaded.model is None:
            continue
        d = loaded.model
        leaf = call.leaf(d.direction)
        rows.append(
            ListRow(
                n,
                ident,
                d.name,
                d.applicant.name,
                d.applicant.credit_code,
                repo.units[loaded.info.unit].name if loaded.info.unit in repo.units else "",
                f"{d.direction} {leaf[1].name}" if leaf else d.direction,
            )
        )
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md.inline(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _docx(markdown: str, title: str, subtitle: str, day: str, target: Path) -> None:
    args = ["--metadata", f"title={title}", "--metadata", f"subtitle={subtitle}", "--metadata", f"date={day}"]
    pypandoc.convert_text(markdown, "docx", format="gfm", outputfile=str(target), extra_args=args)


def _paragraphs(text: str) -> str:
    return "\n\n".join(md.inline(p.strip().replace("\n", "")) for p in text.split("\n\n") if p.strip())


def final_docx(repo: Repository, call_id: str, target: Path) -> None:
    final = repo.decision(call_id, "final")
    rows = final_rows(repo, call_id)
    body = _paragraphs(final.text) + "\n\n" + _table(LIST_HEADER, [r.cells() for r in rows]) + "\n"
    _docx(body, final.title, final.number or "", final.published_on.isoformat(), target)


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
            }
            for r in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def notice_docx(repo: Repository, call_id: str, record: Any, name: str, target: Path) -> None:
    """The notice (通报) of a revocation: its text, and the project concerned as a table."""
    model = record
    loaded = repo.declaration_by_id(call_id, model.project)
    project = loaded.model if loaded and loaded.model else None
    row = [
        model.project,
        project.name if project else "",
        project.applicant.name if project else "",
        "、".join(g.value for g in model.grounds),
        model.effective.isoformat(),
    ]
    body = (
        _paragraphs(model.notice.text)
        + "\n\n"
        + _table(["申报编号", "项目名称", "申请主体", "取消理由", "生效日期"], [row])
        + "\n"
    )
    _docx(body, model.notice.title, model.number, name[:10], target)


def export_call(repo: Repository, call_id: str, folder: Path) -> list[Path]:
    """Every official export of the call into ``folder``; the paths written."""
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
    return written
