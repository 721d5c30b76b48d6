"""Reference pages generated from code: the finding codes, and the commands with their help."""

from __future__ import annotations

import click

from generator.site import text
from generator.site.catalogue import catalogue_markdown
from generator.site.data import SiteData
from generator.site.pages.common import Pages


def commands() -> list[tuple[str, click.Command]]:
    """Every command of ``sfxm``, subcommands included, by full name."""
    from generator.cli import cli

    found: list[tuple[str, click.Command]] = []

    def walk(group: click.Group, prefix: str) -> None:
        for name in sorted(group.commands):
            command = group.commands[name]
            found.append((f"{prefix} {name}", command))
            if isinstance(command, click.Group):
                walk(command, f"{prefix} {name}")

    walk(cli, "sfxm")
    return found


def cli_markdown() -> str:
    lines = ["# 命令参考", "", "本页由程序代码生成，列出 sfxm 每个命令的帮助，与 `sfxm 命令 --help` 的输出相同。", ""]
    for name, command in commands():
        with command.context_class(command, info_name=name) as ctx:
            help_text = command.get_help(ctx)
        lines += [f"## {name}", "", "```text", help_text.replace("```", "'''"), "```", ""]
    return "\n".join(lines)


def write(data: SiteData) -> Pages:
    return {
        # For the units, experts and the office (the 使用指南 section), not for the public: out of search.
        "reference/findings.md": text.front_matter("检查代码一览", search={"exclude": True}) + catalogue_markdown(),
        "reference/cli.md": text.front_matter("命令参考", search={"exclude": True}) + cli_markdown(),
    }
