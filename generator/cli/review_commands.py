"""Commands of the expert review: assignment and the agency's report."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from generator.cli import zh
from generator.cli.common import EXIT_FINDINGS, EXIT_OK, resolve_root, root_option
from generator.load import FileSystemSource, gc_paused
from generator.repository import Repository


@click.group("review", cls=zh.Group)
def review_group() -> None:
    """专家评审：分配评审专家，生成评审报告。"""


def _call(repo: Repository, call_id: str):
    call = repo.call(call_id)
    if call is None:
        raise click.UsageError(
            f"批次 {call_id} 不存在或其 call.yaml 无效；现有批次：{'、'.join(repo.call_ids()) or '（无）'}"
        )
    if call.review is None:
        raise click.UsageError(f"批次 {call_id} 的 call.yaml 没有评审规则（review）。")
    return call


@review_group.command("assign", cls=zh.Command)
@click.option("--call", "call_id", required=True, metavar="批次", help="批次编号，如 2018。")
@click.option(
    "--seed",
    "seed",
    type=int,
    default=None,
    metavar="整数",
    help="随机种子；默认取批次年度。同样的输入和种子得到同样的分配。",
)
@click.option("--dry-run", "dry_run", is_flag=True, help="只显示分配结果，不写文件。")
@root_option
def assign_command(call_id: str, seed: int | None, dry_run: bool, root: str | None) -> int:
    """为名额内的每份申报书分配评审专家，写入 review/assignment.yaml。

    每份申报书分配批次规定人数的专家：不分配须回避的专家（专家所在地区单位即推荐单位，
    或专家任职于申请主体），各专家负担均衡，优先分配擅长该方向的专家。无法分配时说明原因，
    不写文件。
    """
    from generator.review.assign import Candidate, assign, render
    from generator.selection import taken_ids

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    call = _call(repo, call_id)
    with gc_paused():
        taken = taken_ids(repo, call_id)
    experts = repo.experts(call_id)
    if experts is None:
        raise click.UsageError(f"批次 {call_id} 没有有效的专家名单 submissions/{call_id}/review/experts.yaml。")
    seed = call.year if seed is None else seed
    candidates = [Candidate(i, d.info.unit or "", d.model) for i, d in sorted(taken.items())]
    outcome = assign(candidates, experts.experts, call.review.reviewers, seed)
    console = Console()
    if outcome.uncovered:
        console.print(f"[red]无法完成分配：{len(outcome.uncovered)} 份申报书找不到足够的无回避专家。[/red]")
        for ident, why in sorted(outcome.uncovered.items()):
            click.echo(f"  {ident}：{why}")
        click.echo("请评估机构增加专家，或核对专家的所在地区单位和任职单位；没有写入分配文件。")
        return EXIT_FINDINGS
    loads = sorted(outcome.loads.values())
    matched = sum(
        1
        for c in candidates
        for e in outcome.assignments[c.id]
        if c.declaration.direction in next(x.directions for x in experts.experts if x.id == e)
    )
    total = sum(len(v) for v in outcome.assignments.values())
    click.echo(
        f"已为 {len(outcome.assignments)} 份申报书各分配 {call.review.reviewers} 位专家（种子 {seed}）。"
        f"专家负担 {loads[0]}–{loads[-1]} 份；{matched}/{total} 人次由擅长该方向的专家评审。"
    )
    text = render(outcome, seed, call.title)
    target = base / f"submissions/{call_id}/review/assignment.yaml"
    if dry_run:
        click.echo(text, nl=False)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"已写入：{target.relative_to(base)}（请提交到仓库）")
    return EXIT_OK


@review_group.command("report", cls=zh.Command)
@click.option("--call", "call_id", required=True, metavar="批次", help="批次编号，如 2018。")
@click.option(
    "--out", "out", default=None, metavar="文件夹", help="报告输出文件夹；默认 build/review/<批次>/（不提交、不公开）。"
)
@root_option
def report_command(call_id: str, out: str | None, root: str | None) -> int:
    """生成评审报告（不公开）：各专家加权分、汇总分、缺评和分歧标记、各方向排名。

    输出 Markdown、Word（DOCX，经 pandoc 转换）和 CSV（UTF-8 带 BOM，Excel 可直接打开）。
    报告含专家编号和个人评分，只供评估机构和项目办使用，不会出现在公开网站上。
    """
    from generator.review import report

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    _call(repo, call_id)
    folder = Path(out) if out else base / "build" / "review" / call_id
    with gc_paused():
        built = report.build(repo, call_id)
    paths = report.write(built, folder)
    for path in paths:
        click.echo(f"已写入：{path}")
    return EXIT_OK


COMMANDS = [review_group]
