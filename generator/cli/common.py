"""What the commands share: finding the repository root, options, and reporting findings."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from generator.findings import Finding, has_errors
from generator.reporters import REPORTERS, Summary

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Choice(click.Choice):
    """A choice whose error message is Chinese and names the choices."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(f"“{value}”不是可选值，可选：{'、'.join(self.choices)}", param, ctx)
        return None


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``submissions/``."""
    for folder in (start, *start.parents):
        if (folder / "submissions").is_dir():
            return folder
    return None


def root_option(func):
    return click.option(
        "--root",
        "root",
        metavar="文件夹",
        default=None,
        help="仓库根目录（含 submissions/ 的文件夹）；默认从当前目录向上查找。",
    )(func)


def resolve_root(root: str | None) -> Path:
    if root is not None:
        path = Path(root)
        if not (path / "submissions").is_dir():
            raise click.UsageError(f"“{root}”下没有 submissions/ 文件夹，不是申报仓库。")
        return path.resolve()
    found = find_root(Path.cwd())
    if found is None:
        raise click.UsageError("当前目录及其上级都没有 submissions/ 文件夹：请在申报仓库中运行，或用 --root 指定。")
    return found


def format_option(choices: Sequence[str] = tuple(REPORTERS)):
    def decorate(func):
        return click.option(
            "--format",
            "fmt",
            type=Choice(list(choices)),
            default=choices[0],
            show_default=False,
            metavar="格式",
            help=f"输出格式：{'、'.join(choices)}（默认 {choices[0]}）。",
        )(func)

    return decorate


def report(findings: Sequence[Finding], fmt: str, summary: Summary) -> int:
    """Print the findings in ``fmt``; the exit code they call for."""
    sys.stdout.write(REPORTERS[fmt](findings, summary))
    sys.stdout.flush()
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def relative_paths(root: Path, paths: Sequence[str]) -> list[str]:
    """Command-line paths as POSIX paths relative to the repository root."""
    out = []
    for raw in paths:
        full = Path(os.path.abspath(raw))
        if not full.exists() and not full.is_symlink():
            raise click.UsageError(f"路径不存在：{raw}")
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise click.UsageError(f"“{raw}”不在申报仓库 {root} 中。") from None
        if rel != "submissions" and not rel.startswith("submissions/"):
            raise click.UsageError(f"只检查 submissions/ 下的文件，“{raw}”不在其中。")
        out.append(rel)
    return out


def identity_option(func):
    return click.option(
        "--identity",
        "identity",
        metavar="私钥文件",
        default=None,
        help="age 私钥文件（AGE-SECRET-KEY-1 开头），用来打开密封文件；默认读环境变量 SFXM_AGE_IDENTITY。"
        "私钥文件不要放在仓库中。",
    )(func)


def load_keys(identity: str | None):
    """The keyring of ``--identity`` or ``SFXM_AGE_IDENTITY`` (None without either); a usage error if unusable."""
    from generator.load.sealing import KeyError_, Keyring

    try:
        return Keyring.from_option(identity)
    except KeyError_ as error:
        raise click.UsageError(str(error)) from None
