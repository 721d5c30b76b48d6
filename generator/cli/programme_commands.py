"""Commands for running a live programme: init (a new repository) and site (diff, preview, url)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import zh
from generator.cli.common import EXIT_FINDINGS, EXIT_OK, Choice, format_option, report, resolve_root, root_option
from generator.reporters import Summary


@click.command("init", cls=zh.Command)
@click.argument("folder", metavar="文件夹")
@click.option(
    "--office",
    "office",
    multiple=True,
    required=True,
    metavar="账号",
    help="项目办的代码托管平台账号（必填，可写多次）。",
)
@click.option("--agency", "agency", multiple=True, metavar="账号", help="第三方评估机构的账号（可写多次）。")
@click.option("--maintainer", "maintainers", multiple=True, metavar="账号", help="系统维护人员的账号（可写多次）。")
@click.option(
    "--forge",
    type=Choice(["github", "gitlab"]),
    default="github",
    metavar="平台",
    help="代码托管平台：github（默认，工作流写入 .github/workflows/）或 gitlab（写入 ci/gitlab/）。",
)
@click.option(
    "--sfxm",
    "requirement",
    default=None,
    metavar="依赖",
    help="pyproject.toml 中固定的 sfxm 来源和版本（pip 的写法，持续集成据此安装）；"
    "默认取本机 sfxm 的安装来源（git 提交或软件源版本），从本机文件夹安装的必须写明。",
)
@click.option("--no-git", "no_git", is_flag=True, help="不执行 git init（默认在文件夹不是 git 仓库时执行）。")
def init_command(
    folder: str,
    office: tuple[str, ...],
    agency: tuple[str, ...],
    maintainers: tuple[str, ...],
    forge: str,
    requirement: str | None,
    no_git: bool,
) -> int:
    """新建一个正式的项目仓库（没有示例批次）。

    写入单位名录（不含账号，由项目办登记）、角色账号、节假日安排、批次规则模板 templates/call.yaml、
    mkdocs.yml、持续集成工作流、CODEOWNERS 和 pre-commit 配置。文件夹须不存在、为空，或是刚克隆的空仓库。
    不会自动提交：请检查文件、登记账号后自行提交。
    """
    from generator.init import init_repository

    try:
        result = init_repository(
            Path(folder),
            office=list(office),
            agency=list(agency),
            maintainers=list(maintainers),
            forge=forge,
            requirement=requirement,
            git=not no_git,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(
        f"已创建项目仓库：{result.root}（{len(result.written)} 个文件{'，已执行 git init' if result.git_initialised else ''}）"
    )
    for rel in result.written:
        click.echo(f"  {rel}")
    click.echo(
        "下一步：\n"
        "  1. 在 submissions/registry/units.yaml 中为各单位登记账号（accounts），按需补充中央企业和示范城市；\n"
        "  2. 新批次：复制 templates/call.yaml 到 submissions/<批次>/call.yaml 并填写，运行 sfxm check；\n"
        "  3. 提交并推送到主分支，按说明文档设置分支保护和网站发布（项目办配置指南）。"
    )
    return EXIT_OK


@click.group("site", cls=zh.Group)
def site_group() -> None:
    """公开网站的预览和比较：合并请求会让网站发生什么变化。"""


@site_group.command("diff", cls=zh.Command)
@click.argument("old", metavar="旧网站")
@click.argument("new", metavar="新网站")
@format_option(("markdown", "json"))
@click.option("--title", default="网站预览：公开页面的变化", metavar="标题", help="Markdown 输出的标题。")
def diff_command(old: str, new: str, fmt: str, title: str) -> int:
    """比较两次生成的网站：哪些公开页面新增、修改或删除，以及修改页面的文字差异。

    按读者看到的文字比较页面正文（不比较 HTML 标记、导航和脚本）；不比较搜索索引；
    其他文件（开放数据、订阅、文档、图片）只列出名称。退出码：0（有无差异都是 0）；2 用法错误。
    """
    from generator.site.diff import as_json, diff_sites, markdown

    for folder in (old, new):
        if not Path(folder).is_dir():
            raise click.UsageError(f"“{folder}”不是文件夹：请给出两个用 sfxm build 生成的网站文件夹。")
    result = diff_sites(Path(old), Path(new))
    click.echo(as_json(result) if fmt == "json" else markdown(result, title=title), nl=False)
    return EXIT_OK


@site_group.command("preview", cls=zh.Command)
@click.option(
    "--base", required=True, metavar="版本", help="目标分支的提交（如 origin/main）：网站的配置和程序以它为准。"
)
@click.option("--head", required=True, metavar="版本", help="合并请求的提交：只取合并后的 submissions/ 数据。")
@click.option("--out", "out", required=True, metavar="文件夹", help="预览网站输出到这个文件夹。")
@click.option("--now", "now", default=None, metavar="时间", help="预览提交的时间（ISO 8601，默认为现在）。")
@root_option
@click.pass_context
def preview_command(ctx: click.Context, base: str, head: str, out: str, now: str | None, root: str | None) -> int:
    """生成合并请求合并后的网站：数据取合并结果，配置和程序取目标分支。

    用 git merge-tree 计算合并结果，不检出、不运行合并请求中的任何程序；在临时检出中，只有
    submissions/ 来自合并结果，mkdocs.yml、site/ 等都是目标分支的。数据有错误时不生成（退出码 1）。
    """
    import git

    from generator.cli.site_commands import build_command
    from generator.gate import parse_now
    from generator.site.preview import MergeConflict, preview_checkout

    base_root = resolve_root(root)
    moment = parse_now(now)
    try:
        with preview_checkout(base_root, base, head, moment) as checkout:
            return ctx.invoke(build_command, out=str(Path(out).resolve()), root=str(checkout))
    except MergeConflict as error:
        raise click.ClickException(str(error)) from None
    except (git.BadName, ValueError, git.GitCommandError) as error:
        raise click.UsageError(f"无法读取提交 {base} 或 {head}：{error}") from None


@site_group.command("url", cls=zh.Command)
@root_option
def url_command(root: str | None) -> int:
    """显示公开网站的地址：submissions/registry/site.yaml 的 site_url，没有时取 mkdocs.yml 的 site_url。

    都没有时输出空行（退出码仍为 0），持续集成据此改用代码托管平台给出的地址。
    """
    from generator.site.preview import InvalidSiteFile, site_url

    try:
        click.echo(site_url(resolve_root(root)))
    except InvalidSiteFile as error:  # never a silent fall back to another address
        report(error.findings, "text", Summary(1, "个文件"))
        click.echo("submissions/registry/site.yaml 未通过检查，无法确定网站地址。", err=True)
        return EXIT_FINDINGS
    return EXIT_OK


COMMANDS = [init_command, site_group]
