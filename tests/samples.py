"""Write the generated parts of the sample data: ``python -m tests.samples [review] [cases]``.

The declarations, the registry, the calls and the expert list are written by hand. What an
agency's experts and the office would produce in bulk is generated here, deterministically, so
that it can be read, regenerated and checked: the experts' score files of the 2018 call (with
two declarations missing a review and two with a strong disagreement, to show the flags) and
the proposed list drawn from the ranking.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import ROOT

CALL = "2018"
COMMENTS = {
    "high": [
        "项目定位清晰，技术方案成熟，用户规模和经济效益数据翔实，示范带动作用突出，建议优先支持。",
        "项目模式新颖，已形成可复制的运营经验，社会效益明显，建议支持并加强经验总结推广。",
        "建设内容完整，创新点明确，商业模式可持续，在同类项目中具有较强代表性。",
    ],
    "mid": [
        "项目具有一定特色，建设内容基本完整，但创新点论述不够充分，建议补充量化成效。",
        "项目实施基础较好，推广价值一般，建议进一步明确商业模式和持续运营机制。",
        "申报材料较完整，效益测算依据略显不足，示范性有待在后续运营中检验。",
    ],
    "low": [
        "项目创新性不足，与已有同类服务差异不明显，用户规模数据依据不充分。",
        "建设内容偏重硬件投入，信息消费特征不突出，建议完善服务模式后再行申报。",
    ],
}
MISSING = {"2018-330000-004": "e20", "2018-520000-003": None}  # one review not submitted
DISAGREE = {"2018-440000-006": -28, "2018-310000-008": -25}  # one expert far below the others


def _clamp(value: float) -> int:
    return max(35, min(98, round(value)))


def review() -> None:
    import yaml

    from generator.load import FileSystemSource
    from generator.repository import Repository

    assignment = yaml.safe_load((ROOT / f"submissions/{CALL}/review/assignment.yaml").read_text(encoding="utf-8"))
    scores_dir = ROOT / f"submissions/{CALL}/review/scores"
    for old in scores_dir.rglob("*.yaml") if scores_dir.exists() else []:
        old.unlink()
    criteria = ("innovation", "demonstration", "promotion", "benefit")
    for ident, experts in sorted(assignment["assignments"].items()):
        rng = random.Random(f"quality:{ident}")
        quality = rng.uniform(62, 90)
        skip = MISSING.get(ident, "") if ident in MISSING else ""
        skip = skip or (experts[-1] if ident in MISSING else "")
        for n, expert in enumerate(experts):
            if expert == skip:
                continue
            erng = random.Random(f"expert:{expert}:{ident}")
            bias = random.Random(f"bias:{expert}").uniform(-4, 4)
            low = DISAGREE.get(ident, 0) if n == 0 else 0
            marks = {
                c: _clamp(quality + bias + low + erng.uniform(-6, 6) + (2 if c == "benefit" else 0)) for c in criteria
            }
            mean = sum(marks.values()) / len(marks)
            band = "high" if mean >= 80 else "mid" if mean >= 66 else "low"
            comment = erng.choice(COMMENTS[band])
            signed = date(2018, 8, 16) + timedelta(days=erng.randrange(0, 14))
            text = (
                "# yaml-language-server: $schema=../../../../../generator/schema/score.schema.json\n"
                "# 示例数据：评分由脚本生成（python -m tests.samples review），纯属虚构。\n"
                f"declaration: {ident}\nexpert: {expert}\n"
                f"scores: {{{', '.join(f'{c}: {v}' for c, v in marks.items())}}}\n"
                f"comments: {comment}\nno_conflict: true\nsigned_on: {signed.isoformat()}\n"
            )
            target = scores_dir / expert / f"{ident}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    # The proposed list: drafted as `sfxm review propose --per-direction 3` does (three per direction:
    # the call allows 30 in all and 4 per direction, and there are 10 directions).
    from generator.review.propose import draft
    from generator.review.results import call_results

    repo = Repository(FileSystemSource(ROOT))
    call = repo.call(CALL)
    chosen = [r.id for r in draft(call, call_results(repo, CALL), per_direction=3).ordered()]
    lines = [
        "# yaml-language-server: $schema=../../../generator/schema/proposed.schema.json",
        "# 拟支持项目名单（项目办）。示例数据：名单由评审排名生成（python -m tests.samples review），项目纯属虚构。",
        "title: 2018年信息消费试点示范项目拟支持项目名单公示",
        "number: 示例〔2018〕1号",
        "publicity:",
        "  start: 2018-09-20",
        "  working_days: 5",
        "  objections:",
        "    office: 工业和信息化部信息化和软件服务业司（示例）",
        "    phone: 010-00000000",
        "    email: objections@example.com",
        "    address: 北京市西城区示例街 13 号（示例）",
        "projects:",
        *(f"  - {ident}" for ident in chosen),
    ]
    target = ROOT / f"submissions/{CALL}/decision/proposed.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def word_document(markdown: str, images: dict[str, bytes]) -> bytes:
    """A Word document made by pandoc from Markdown, with the images it names (not a hand-edited binary)."""
    import tempfile

    import pypandoc

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, content in images.items():
            (folder / name).write_bytes(content)
        (folder / "case.md").write_text(markdown, encoding="utf-8")
        target = folder / "case.docx"
        pypandoc.convert_file(
            str(folder / "case.md"), "docx", format="gfm", outputfile=str(target), extra_args=["--resource-path", tmp]
        )
        return target.read_bytes()


WORD_CASE = """\
# 杭州智慧生活信息消费体验中心：把新技术带到市民身边

> 示例数据：本案例及所述企业、数字纯属虚构，仅用于演示 sfxm。

## 项目概况

杭州新象数字展示科技有限公司（虚构）在城市商业中心建设信息消费体验中心，设置智慧家居、
智能出行、数字健康和虚拟现实四个体验区，免费向市民开放。

## 开放与服务情况

| 体验区 | 展项（个） | 年接待（万人次） |
|---|---|---|
| 智慧家居 | 42 | 18.5 |
| 智能出行 | 17 | 9.2 |
| 数字健康 | 23 | 11.7 |
| 虚拟现实 | 15 | 21.3 |

![各体验区年接待人次](chart.png)

## 经验

- 与本地企业共建展项，新品首发即进入体验中心；
- 面向老年人开设“数字生活课堂”，每周两期；
- 体验与购买分离，不设销售任务，保持公益属性。
"""


def cases() -> None:
    """The two sample case studies' generated parts: the Markdown case's chart, and the Word case."""
    from generator.site.charts import bar_png

    folder = ROOT / f"submissions/{CALL}/cases"
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    (folder / "assets/2018-510000-001-growth.png").write_bytes(bar_png([320, 610, 86, 124], width=240, height=120))
    chart = bar_png([185, 92, 117, 213], width=240, height=120)
    (folder / "2018-330000-005.docx").write_bytes(word_document(WORD_CASE, {"chart.png": chart}))


def main(names: list[str]) -> None:
    targets = {"review": review, "cases": cases}
    for name in names or list(targets):
        targets[name]()
        print(f"wrote the sample {name} data")


if __name__ == "__main__":
    main(sys.argv[1:])
