"""The catalogue of finding codes as a Markdown page, generated from the messages in code."""

from __future__ import annotations

from itertools import groupby

from generator.findings import catalogue

SUBJECTS = {
    "Y": "文件编码与 YAML 格式",
    "L": "目录布局与文件类型",
    "S": "字段与格式",
    "R": "单位名录与角色",
    "C": "批次规则",
    "D": "申报书",
    "Q": "推荐顺序与名额",
    "G": "合并请求闸门",
    "E": "专家评审",
    "P": "公示与名单",
    "H": "节假日安排",
    "A": "事后管理记录与案例",
    "I": "Word 申报书导入",
    "W": "网站信息",
    "K": "加密与密钥",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("{", "‹").replace("}", "›").replace("\n", " ")


def catalogue_markdown() -> str:
    lines = [
        "# 检查代码一览",
        "",
        "sfxm 报告的每个问题都有一个固定的代码。下表由程序代码生成，列出每个代码的含义、"
        "设立原因和修改方法；尖括号‹›中的内容在实际报告中会换成具体的值。",
        "",
        "“错误”会使检查不通过、合并请求被拒绝；“警告”提示需要留意，但不阻止提交。",
        "",
    ]
    for prefix, group in groupby(catalogue(), key=lambda m: m.code[0]):
        lines += [f"## {prefix}：{SUBJECTS.get(prefix, prefix)}", ""]
        lines += ["| 代码 | 级别 | 问题 | 原因 | 怎么改 |", "|---|---|---|---|---|"]
        for m in group:
            lines.append(
                f'| <span id="{m.code}">{m.code}</span> | {m.severity.label} | {_cell(m.title)}：{_cell(m.problem)} '
                f"| {_cell(m.why)} | {_cell(m.fix)} |"
            )
        lines.append("")
    return "\n".join(lines)
