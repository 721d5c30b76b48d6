"""Click in Simplified Chinese.

Click looks its own messages up through gettext (``from gettext import gettext as _``) each
time it prints one. With no Chinese catalogue shipped, its usage errors and help headings would
be English; here its modules' ``_`` and ``ngettext`` are pointed at a table of translations, so
that everything a user reads is Chinese. Untranslated strings fall through unchanged; a test
asserts that the help of every command and the common usage errors contain no English prose.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option {name!r}.": "没有选项 {name}。",
    "No such command {name!r}.": "没有命令 {name}。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Option {name!r} requires an argument.": "选项 {name} 后面要跟一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面要跟 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能跟值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选值，可选：{choices}。",
    "{value!r} is not {choice}.": "“{value}”不是可选值，只能是 {choice}。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是真假值，可用：{states}",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合格式 {formats}。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "unknown error": "未知错误",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
}
_NUMBER_TYPES = {"integer": "整数", "float": "数字"}


def gettext(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's message lookups at the Chinese table."""
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    click.types.IntParamType.name = _NUMBER_TYPES["integer"]
    click.types.FloatParamType.name = _NUMBER_TYPES["float"]


class Formatter(click.HelpFormatter):
    """Help with Chinese placeholders in the usage line."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    context_class = Context
    command_class = Command
    group_class = type  # subgroups are Groups too
