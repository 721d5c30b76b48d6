"""An expert's score file, written before it is filled (``sfxm review score``).

The field comments come from the ``Score`` model and the criteria (name, weight, maximum, what to
look at) from the call's rules, so the form never drifts from what ``sfxm check`` expects.
"""

from __future__ import annotations

from generator.model.call import Call
from generator.model.review import Score
from generator.scaffold import render

HEADER = """\
# yaml-language-server: $schema=../../../../../generator/schema/score.schema.json
# {title}：专家评分表
# 申报书：{ident} {name}（{unit}；{level}：{direction}）
# 评审专家：{expert}
# 不公开：评分只供第三方评估机构和项目办使用，不会出现在公开网站上。
# 填写说明：
#   1. 每个指标在冒号后空一格填写得分（0 到该指标满分之间的数，可带小数），不要改动指标代码。
#   2. 评审意见写在“comments: |”的下一行，每行缩进两个空格，至少 10 个字。
#   3. 与该项目没有利益冲突的，no_conflict 填 true。有利益冲突的，请不要评分，删除本文件，
#      并告知第三方评估机构：机构会登记回避并改派其他专家。
#   4. 填好后运行 sfxm check {path} 检查，再提交合并请求。

"""


def criteria_block(call: Call) -> list[str]:
    """The ``scores:`` mapping: one commented, empty line for each criterion of the call."""
    assert call.review is not None
    lines = ["scores:"]
    for c in call.review.criteria:
        about = f"：{c.description}" if c.description else ""
        lines.append(f"  # {c.name}（满分 {c.max}，权重 {c.weight.normalize():f}）{about}")
        lines.append(f"  {c.code}:")
    return lines


def score_form(call: Call, ident: str, expert: str, *, name: str, unit: str, direction: str, path: str) -> str:
    """The text of a new score file for ``expert`` and declaration ``ident``."""
    assert call.review is not None
    body = render(Score, {"declaration": ident, "expert": expert})
    out: list[str] = []
    for line in body:
        if line == "scores:":
            out.extend(criteria_block(call))
        else:
            out.append(line)

    def one_line(text: str) -> str:  # a value inside a comment must not start a line of its own
        return " ".join(text.split())

    header = HEADER.format(
        title=one_line(call.title),
        ident=ident,
        name=one_line(name),
        unit=one_line(unit),
        level=one_line(call.classification.levels[-1]),
        direction=one_line(direction),
        expert=expert,
        path=path,
    )
    return header + "\n".join(out).rstrip("\n") + "\n"
