"""Commands for CI: the pull-request gate and CODEOWNERS."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import zh
from generator.cli.common import EXIT_FINDINGS, EXIT_OK, format_option, report, resolve_root, root_option
from generator.load import FileSystemSource
from generator.reporters import Summary
from generator.repository import Repository


@click.command("gate", cls=zh.Command)
@click.option(
    "--base", "base", required=True, metavar="提交", help="目标分支（如 origin/main）：用它的规则、名录和代码判断。"
)
@click.option("--head", "head", default="HEAD", metavar="提交", help="合并请求的最新提交（默认 HEAD）。")
@click.option("--actor", "actor", required=True, metavar="账号", help="提交者账号（合并请求的作者）。")
@click.option(
    "--now",
    "now",
    default=None,
    metavar="时间",
    help="判断申报期所用的时间，ISO 8601，如 2018-07-20T10:00:00+08:00；不带时区按北京时间；默认当前时间。",
)
@click.option(
    "--summary",
    "summary",
    default=None,
    metavar="文件",
    help="另写一份 Markdown 摘要（名额表和每个问题的改法）到这个文件。",
)
@format_option()
@root_option
def gate_command(
    base: str, head: str, actor: str, now: str | None, summary: str | None, fmt: str, root: str | None
) -> int:
    """检查一次合并请求：按合并后将进入目标分支的结果检查，通不过就不能合并。

    先用 git 算出合并后的结果（git merge-tree，需要 git 2.38 或更高版本；有冲突即不通过），然后检查：每个变更文件的名字、位置、类型和大小；提交者能否修改这些文件（名录取自 --base）；是否在申报期、评审期内（时间取自 --now 或当前时间，不取提交记录中的日期）；合并后的结果能否通过 sfxm check 的全部规则，各单位是否超出名额。只读取 git 对象，不检出、不执行合并请求中的任何内容。

    闸门读不出、认不出或没查完的内容一律不放行：git 出错、名字无法解读、程序本身出错，都报告为错误并以 1 退出。

    退出码：0 通过；1 有错误（包括无法读取仓库或提交）；2 用法错误。
    """
    from generator.gate import parse_now, run_gate
    from generator.gate.summary import summary_markdown

    base_dir = resolve_root(root)
    try:
        moment = parse_now(now)
    except ValueError:
        raise click.BadParameter(
            f"“{now}”不是 ISO 8601 时间，应写成 2018-07-20T10:00:00+08:00", param_hint="--now"
        ) from None
    result = run_gate(base_dir, base, head, actor, moment)
    if summary:
        Path(summary).write_text(summary_markdown(result), encoding="utf-8")
    return report(result.findings, fmt, Summary(len(result.changes), "个变更文件"))


@click.command("codeowners", cls=zh.Command)
@click.option(
    "--out", "out", default=None, metavar="文件", help="写入这个文件（如 .github/CODEOWNERS）；默认输出到屏幕。"
)
@click.option("--check", "check_only", is_flag=True, help="只检查 --out 指定的文件是否为最新。")
@root_option
def codeowners_command(out: str | None, check_only: bool, root: str | None) -> int:
    """由单位名录和专家名单生成 CODEOWNERS，让代码托管平台请对应的单位或角色审阅。"""
    from generator.codeowners import codeowners

    text = codeowners(Repository(FileSystemSource(resolve_root(root))))
    if check_only:
        if out is None:
            raise click.UsageError("--check 需要同时给出 --out。")
        current = Path(out).read_text(encoding="utf-8") if Path(out).exists() else ""
        if current != text:
            click.echo(f"{out} 不是最新的：请运行 sfxm codeowners --out {out}")
            return EXIT_FINDINGS
        click.echo(f"{out} 是最新的。")
        return EXIT_OK
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"已写入：{out}")
    else:
        click.echo(text, nl=False)
    return EXIT_OK


COMMANDS = [gate_command, codeowners_command]
