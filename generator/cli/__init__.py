"""The ``sfxm`` command: thin wrappers that parse options and call the library."""

from __future__ import annotations

import sys

import click

from generator import __version__
from generator.cli import zh
from generator.cli.common import EXIT_USAGE

zh.install()


@click.group(cls=zh.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sfxm", message="%(prog)s %(version)s")
def cli() -> None:
    """sfxm：用 Git 仓库运行信息消费试点示范项目。

    各申报组织单位通过合并请求提交申报书；sfxm 检查申报、把守合并请求、组织专家评审、
    记录公示和事后管理，并生成公开网站。
    """


def _register() -> None:
    from generator.cli import (
        data_commands,
        document_commands,
        gate_commands,
        programme_commands,
        record_commands,
        review_commands,
        seal_commands,
        site_commands,
    )

    for group in (
        data_commands,
        document_commands,
        gate_commands,
        review_commands,
        record_commands,
        seal_commands,
        site_commands,
        programme_commands,
    ):
        for command in group.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run sfxm; usage errors are printed in Chinese and exit with 2, never with a traceback."""
    try:
        code = cli.main(args=argv, prog_name="sfxm", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help())
        sys.exit(0)
    except click.UsageError as error:
        error.show()
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo(zh.gettext("Aborted!"), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("已中止。", err=True)
        sys.exit(130)
    except Exception as error:  # a bug of sfxm, not of the input: say so, keep the details
        import tempfile
        import traceback

        with tempfile.NamedTemporaryFile("w", prefix="sfxm-error-", suffix=".txt", delete=False, encoding="utf-8") as f:
            traceback.print_exc(file=f)
        click.echo(
            f"sfxm 内部错误（{type(error).__name__}: {error}）。这是程序的问题，不是您数据的问题；"
            f"请把 {f.name} 发给系统维护人员。",
            err=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
