"""The agency's review report: Markdown, DOCX (through pandoc) and CSV. Private, never on the site."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.model.call import Aggregation, Call
from generator.repository import Repository
from generator.review import docx
from generator.review.aggregate import Result, shown
from generator.review.results import CallReview, review_and_results

AGGREGATION_WORDS = {
    Aggregation.MEAN: "各专家加权分的平均",
    Aggregation.MEDIAN: "各专家加权分的中位数",
    Aggregation.TRIMMED_MEAN: "评审人数达到 {n} 时去掉一个最高分和一个最低分后平均，否则直接平均",
}


@dataclass
class Report:
    call: Call
    results: list[Result]
    names: dict[str, str]  # declaration id → project name
    units: dict[str, str]  # declaration id → unit name
    review: CallReview | None = None

    def missing_experts(self, result: Result) -> list[str]:
        """The assigned experts whose score of ``result`` does not count (yet), with why when a file exists."""
        if self.review is None:
            return []
        out = []
        for expert in self.review.assigned.get(result.id, []):
            if expert in result.weighted:
                continue
            found = self.review.files.get((result.id, expert))
            out.append(f"{expert}（{found.problem}）" if found is not None and found.problem else expert)
        return out

    def flags(self, result: Result) -> list[str]:
        out = []
        if result.missing:
            who = self.missing_experts(result)
            if self.review is not None and result.id not in self.review.assigned:
                out.append(f"缺评 {result.missing} 份：尚未分配评审专家")
            else:
                out.append(f"缺评 {result.missing} 份" + (f"：{'、'.join(who)}" if who else ""))
        if result.disagrees(self.call.review):
            out.append(f"分歧较大（极差 {shown(result.spread)}）")
        return out


def build(repo: Repository, call_id: str) -> Report:
    call = repo.call(call_id)
    both = review_and_results(repo, call_id)
    if call is None or both is None:
        raise ValueError(f"批次 {call_id} 不存在或没有评审规则")
    review, results = both
    names, units = {}, {}
    for result in results:
        loaded = repo.declaration_by_id(call_id, result.id)
        names[result.id] = loaded.model.name if loaded and loaded.model else result.id
        units[result.id] = repo.units[loaded.info.unit].name if loaded and loaded.info.unit in repo.units else ""
    return Report(call, results, names, units, review)


RANKING_HEADER = ("排名", "申报编号", "项目名称", "推荐单位", "评审数", "各专家加权分", "汇总分", "标记")
RANKING_WIDTHS = (2, 5, 8, 4, 2, 7, 3, 6)


def blocks(report: Report) -> list[docx.Block]:
    """The report as Markdown text and tables (one table per direction)."""
    call, rules = report.call, report.call.review
    done = sum(1 for r in report.results if not r.missing)
    disagree = sum(1 for r in report.results if r.disagrees(rules))
    criteria = "、".join(f"{c.name}（权重 {c.weight.normalize():f}，满分 {c.max}）" for c in rules.criteria)
    ties = "、".join(next(c.name for c in rules.criteria if c.code == code) for code in rules.tie_break)
    out: list[docx.Block] = [
        "\n".join(
            [
                f"# {call.title}专家评审报告",
                "",
                "**不公开**：本报告含评审专家编号和各专家的评分，仅供第三方评估机构和项目办使用，不得公开。",
                "",
                f"- 评审指标：{criteria}。加权分为各指标得分除以满分、乘以权重后之和，折算为百分制。",
                f"- 每份申报书 {rules.reviewers} 位专家；汇总方法：{AGGREGATION_WORDS[rules.aggregation].format(n=rules.trim_from)}。",
                f"- 同分排序：依次比较{ties or '（无）'}的平均得分，仍相同时按申报编号。分歧阈值：{rules.disagreement.normalize():f} 分。",
                f"- 名额内申报书 {len(report.results)} 份，完成评审 {done} 份，缺评 {len(report.results) - done} 份，分歧较大 {disagree} 份。",
                "",
            ]
        )
    ]
    for _, leaf in call.classification.leaves():
        group = sorted(
            (r for r in report.results if r.direction == leaf.code), key=lambda r: (r.rank is None, r.rank or 0, r.id)
        )
        if not group:
            continue
        out.append(f"## {leaf.code} {leaf.name}\n")
        rows = [
            (
                str(r.rank or "—"),
                r.id,
                report.names[r.id],
                report.units[r.id],
                f"{r.reviews}/{r.expected}",
                "；".join(f"{e} {shown(v)}" for e, v in r.weighted.items()) or "—",
                shown(r.aggregate),
                "；".join(report.flags(r)),
            )
            for r in group
        ]
        out.append(docx.Table(RANKING_HEADER, rows, RANKING_WIDTHS))
    attention = [r for r in report.results if report.flags(r)]
    lines = ["## 需要关注", ""]
    lines += [f"- {r.id} {report.names[r.id]}：{'；'.join(report.flags(r))}" for r in attention] or ["无。"]
    out.append("\n".join(lines) + "\n")
    set_aside = sorted(report.review.set_aside.items()) if report.review else []
    out.append(
        "## 不予采用的评分\n\n"
        + (
            "以下评分由第三方评估机构登记不予采用（review/set-aside/），不计入结果；专家的评分文件保留不动。\n"
            if set_aside
            else "无。\n"
        )
    )
    if set_aside:
        rows = [(expert, ident, note.reason, note.path.rsplit("/", 1)[-1]) for (ident, expert), note in set_aside]
        out.append(docx.Table(("专家", "申报编号", "理由", "记录"), rows, (2, 4, 10, 4)))
    return out


def markdown(report: Report) -> str:
    return docx.markdown(blocks(report))


CSV_HEADER = [
    "批次",
    "方向",
    "排名",
    "申报编号",
    "项目名称",
    "推荐单位",
    "评审数",
    "应评数",
    "各专家加权分",
    "汇总分",
    "缺评",
    "缺评专家",
    "分歧较大",
]


def csv_text(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in sorted(report.results, key=lambda r: (r.direction.zfill(8), r.rank is None, r.rank or 0, r.id)):
        writer.writerow(
            [
                report.call.id,
                r.direction,
                r.rank or "",
                r.id,
                report.names[r.id],
                report.units[r.id],
                r.reviews,
                r.expected,
                "；".join(f"{e}:{shown(v)}" for e, v in r.weighted.items()),
                shown(r.aggregate) if r.aggregate is not None else "",
                r.missing,
                "；".join(report.missing_experts(r)),
                "是" if r.disagrees(report.call.review) else "否",
            ]
        )
    return out.getvalue()


def write(report: Report, folder: Path) -> list[Path]:
    """The report as Markdown, DOCX and CSV (UTF-8 with a BOM, so that Excel reads it) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"review-report-{report.call.id}"
    parts = blocks(report)
    paths = [stem.with_suffix(".md"), stem.with_suffix(".docx"), stem.with_suffix(".csv")]
    paths[0].write_text(docx.markdown(parts), encoding="utf-8")
    docx.write(parts, paths[1], f"{report.call.title}专家评审报告")
    paths[2].write_text(csv_text(report), encoding="utf-8-sig", newline="")
    return paths
