"""Commands about the program's data: check, new, units, schema, codes."""

from __future__ import annotations

import json
import sys

import click

from generator.cli import zh
from generator.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    format_option,
    identity_option,
    load_keys,
    relative_paths,
    report,
    resolve_root,
    root_option,
)
from generator.findings import catalogue
from generator.load import FileSystemSource
from generator.reporters import Summary
from generator.repository import Repository


@click.command("check", cls=zh.Command)
@click.argument("paths", nargs=-1, metavar="[路径]...")
@format_option()
@identity_option
@root_option
def check_command(paths: tuple[str, ...], fmt: str, identity: str | None, root: str | None) -> int:
    """检查申报仓库：格式、必填项、方向、推荐顺序、名额、重复申报等。

    不给路径时检查整个 submissions/；给出文件或文件夹时，检查这些文件，以及与它们相关的
    跨文件规则（同一单位的推荐顺序和名额、同一批次的重复申报）。

    密封批次中，没有私钥时检查公开部分和能看到的一切（是否加密、密文格式、接收方数目）；
    给出私钥（--identity 或 SFXM_AGE_IDENTITY）时，打开能打开的文件做完整检查。

    退出码：0 没有错误；1 有错误；2 用法错误。
    """
    from generator.rules import check_repository

    base = resolve_root(root)
    targets = relative_paths(base, paths) if paths else None
    repo = Repository(FileSystemSource(base), keys=load_keys(identity))
    if targets is not None:
        expanded = set()
        for target in targets:
            prefix = target.rstrip("/") + "/"
            matched = [p for p in repo.entries if p == target or p.startswith(prefix)]
            expanded.update(matched)
        targets = sorted(expanded)
    findings = check_repository(repo, targets)
    checked = len(repo.entries) if targets is None else len(targets)
    return report(findings, fmt, Summary(checked))


@click.command("new", cls=zh.Command)
@click.option("--call", "call_id", required=True, metavar="批次", help="批次编号，如 2018。")
@click.option("--unit", "unit_code", required=True, metavar="单位代码", help="本单位代码，如北京市为 110000。")
@root_option
def new_command(call_id: str, unit_code: str, root: str | None) -> int:
    """新建一份申报书：分配申报编号和下一个推荐顺序，生成带中文注释的模板。"""
    from generator.scaffold import new_declaration

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    try:
        path, notes = new_declaration(repo, base, call_id, unit_code)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"已新建：{path}")
    for note in notes:
        click.echo(note)
    click.echo("填写后运行 sfxm check 检查，再提交合并请求。")
    return EXIT_OK


@click.command("units", cls=zh.Command)
@click.option("--call", "call_id", default=None, metavar="批次", help="批次编号；默认最新的批次。")
@format_option(("text", "json"))
@root_option
def units_command(call_id: str | None, fmt: str, root: str | None) -> int:
    """列出某批次的申报组织单位：类别、推荐名额、已申报数和代表账号。"""
    from generator.selection import taken_and_over

    repo = Repository(FileSystemSource(resolve_root(root)))
    calls = repo.call_ids()
    if not calls:
        raise click.UsageError("仓库中还没有任何批次。")
    call_id = call_id or calls[-1]
    call = repo.call(call_id)
    if call is None:
        raise click.UsageError(f"批次 {call_id} 不存在或其 call.yaml 无效；现有批次：{'、'.join(calls)}")
    if repo.registry is None:
        raise click.UsageError("单位名录 submissions/registry/units.yaml 不存在或无效，请先运行 sfxm check。")
    rows = []
    for unit in repo.registry.units:
        quota = call.quota_for(unit.code, unit.classes)
        taken, over = taken_and_over(repo, call_id, unit.code)
        rows.append(
            {
                "code": unit.code,
                "name": unit.name,
                "classes": [c.value for c in unit.classes],
                "quota": quota,
                "declared": len(taken) + len(over),
                "accounts": list(unit.accounts),
            }
        )
    if fmt == "json":
        sys.stdout.write(json.dumps({"call": call_id, "units": rows}, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{call.title}：申报组织单位", title_justify="left")
    for heading in ("代码", "名称", "类别", "名额", "已申报", "代表账号"):
        table.add_column(heading)
    from generator.model.types import UnitClass

    for row in rows:
        table.add_row(
            row["code"],
            row["name"],
            "、".join(UnitClass(c).label for c in row["classes"]),
            "—" if row["quota"] is None else str(row["quota"]),
            str(row["declared"]),
            "、".join(row["accounts"]),
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)  # piped or in CI: do not cut the table to 80 columns
    console.print(table)
    return EXIT_OK


@click.command("schema", cls=zh.Command)
@click.option("--check", "check_only", is_flag=True, help="只检查已提交的 JSON Schema 是否为最新，不写文件。")
def schema_command(check_only: bool) -> int:
    """导出数据模型的 JSON Schema（供编辑器自动补全和校验）。"""
    from generator.model import schema as schema_export

    if check_only:
        stale = schema_export.stale()
        for path in stale:
            click.echo(f"已过期：{path}（请运行 sfxm schema 重新生成）")
        if not stale:
            click.echo("JSON Schema 均为最新。")
        return EXIT_FINDINGS if stale else EXIT_OK
    for path in schema_export.write_all():
        click.echo(f"已写入：{path}")
    return EXIT_OK


@click.command("codes", cls=zh.Command)
@format_option(("text", "markdown", "json"))
def codes_command(fmt: str) -> int:
    """列出所有检查代码：严重程度、问题、原因和修改方法。"""
    from generator.site.catalogue import catalogue_markdown

    messages = catalogue()
    if fmt == "markdown":
        sys.stdout.write(catalogue_markdown())
    elif fmt == "json":
        data = [{"code": m.code, "severity": str(m.severity), "title": m.title, "why": m.why} for m in messages]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for m in messages:
            click.echo(f"{m.code}  {m.severity.label}  {m.title}：{m.why}")
    return EXIT_OK


COMMANDS = [check_command, new_command, units_command, schema_command, codes_command]
