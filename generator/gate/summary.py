"""The gate's Markdown summary: for the job summary of a CI run or a comment on the pull request."""

from __future__ import annotations

from generator.findings import Severity, catalogue
from generator.gate import GateResult
from generator.selection import NOT_TAKEN, TAKEN


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(result: GateResult) -> str:
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    warnings = [f for f in result.findings if f.severity is Severity.WARNING]
    verdict = "❌ 未通过" if errors else ("⚠️ 通过（有警告）" if warnings else "✅ 通过")
    lines = [
        f"## sfxm 检查：{verdict}",
        "",
        f"- 提交账号：`{result.roles.account}`（{result.roles.describe(result.repo)}）",
        f"- 变更：{len(result.changes)} 个文件；{len(errors)} 个错误，{len(warnings)} 个警告",
    ]
    if result.revisions is not None:
        r = result.revisions
        lines.append(
            f"- 检查的是合并后的结果：把 `{r.head[:12]}` 合并到目标分支 `{r.base[:12]}`（合并后的目录树 `{r.landing[:12]}`）"
        )
    lines.append("")
    if result.changes:
        lines += ["### 变更的文件", "", "| 变化 | 文件 |", "|---|---|"]
        verbs = {"added": "新增", "modified": "修改", "deleted": "删除", "renamed": "改名", "unknown": "改动"}
        for change in result.changes:
            path = change.path if change.status != "renamed" else f"{change.old_path} → {change.new_path}"
            lines.append(f"| {verbs[change.status]} | `{_cell(path)}` |")
        lines.append("")
    for unit_list in result.unit_lists:
        quota = "无推荐资格" if unit_list.quota is None else f"名额 {unit_list.quota}"
        lines += [
            f"### {_cell(unit_list.label)} · 批次 {unit_list.call} · {quota}",
            "",
            "| 推荐顺序 | 项目 | 结果 |",
            "|---|---|---|",
        ]
        for order, name, taken in unit_list.rows:
            lines.append(f"| {_cell(order)} | {_cell(name)} | {TAKEN if taken else f'**{NOT_TAKEN}**'} |")
        lines.append("")
    if result.findings:
        titles = {m.code: m.title for m in catalogue()}
        lines += ["### 问题和改法", "", "| 级别 | 代码 | 位置 | 说明 |", "|---|---|---|---|"]
        for f in result.findings:
            place = f.path if f.line is None else f"{f.path}:{f.line}:{f.column}"
            lines.append(
                f"| {f.severity.label} | {f.code} {_cell(titles.get(f.code, ''))} | `{_cell(place)}` | {_cell(f.message)} |"
            )
        lines.append("")
    else:
        lines += ["没有发现问题。", ""]
    return "\n".join(lines)
