"""Commands about the public site: build."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console

from generator.cli import zh
from generator.cli.common import EXIT_FINDINGS, EXIT_OK, report, resolve_root, root_option
from generator.load import FileSystemSource
from generator.reporters import Summary
from generator.repository import Repository


@click.command("build", cls=zh.Command)
@click.option("--out", "out", default=None, metavar="文件夹", help="网站输出到这个文件夹（默认 site/public）。")
@root_option
def build_command(out: str | None, root: str | None) -> int:
    """生成公开网站：先检查数据，再写出页面并用 mkdocs 生成静态网站。

    数据有错误时不生成网站（退出码 1）。生成的网站只含公开字段。
    """
    from generator.rules import check_repository
    from generator.site.build import build_site
    from generator.site.progress import for_console

    console = Console(stderr=True)
    base = resolve_root(root)
    started = time.perf_counter()
    repo = Repository(FileSystemSource(base))
    # A bar on a terminal; plain lines in CI or when the output goes to a file (stderr either way).
    progress = for_console(console, sys.stderr)
    progress.stage(f"检查数据（{len(repo.entries):,} 个文件）")
    findings = check_repository(repo)
    checked = time.perf_counter()
    errors = [f for f in findings if f.is_error]
    if errors:
        progress.close()
        report(findings, "text", Summary(len(repo.entries)))
        console.print("[red]数据有错误，没有生成网站。请先修正上面的错误。[/red]")
        return EXIT_FINDINGS
    for warning in (f for f in findings if not f.is_error):
        console.print(f"[yellow]警告[/yellow] {warning.path}:{warning.line or ''} {warning.code} {warning.message}")
    try:
        try:
            result = build_site(repo, base, Path(out) if out else None, progress=progress)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        except SystemExit as error:  # mkdocs aborts a strict build with SystemExit / Abort
            raise click.ClickException(f"mkdocs 生成失败：{error}") from None
        except Exception as error:
            if type(error).__name__ == "Abort":
                raise click.ClickException(f"mkdocs 生成失败：{error}") from None
            raise
    finally:
        progress.close()
    elapsed = time.perf_counter() - started
    t = result.seconds
    click.echo(
        f"网站已生成：{result.out}（{result.pages} 个页面，更新 {len(result.stage.written)} 个、"
        f"删除 {len(result.stage.removed)} 个，用时 {elapsed:.1f} 秒）"
    )
    click.echo(
        f"用时分解：检查数据 {checked - started:.1f} 秒，整理公开数据 {t.get('collect', 0):.1f} 秒，"
        f"生成页面和文件 {t.get('generate', 0):.1f} 秒，写入 {t.get('stage', 0):.1f} 秒，mkdocs {t.get('mkdocs', 0):.1f} 秒"
    )
    return EXIT_OK


COMMANDS = [build_command]
