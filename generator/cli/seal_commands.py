"""Commands of sealed calls: seal files, reseal them to new recipients, make a key."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.cli import zh
from generator.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    find_root,
    identity_option,
    load_keys,
    relative_paths,
    resolve_root,
    root_option,
)

_NOTHING_TO_SEAL = ("这类文件不加密",)


def _print_outcome(outcome, verb: str) -> int:
    from generator.reporters import REPORTERS, Summary

    for path in outcome.written:
        click.echo(f"已{verb}：{path}")
    quiet = [p for p, reason in outcome.skipped if reason in _NOTHING_TO_SEAL]
    for path, reason in outcome.skipped:
        if reason not in _NOTHING_TO_SEAL:
            click.echo(f"未处理：{path}（{reason}）")
    if quiet:
        click.echo(f"另有 {len(quiet)} 个文件不需要加密（非密封批次，或这类文件不加密）。")
    for path, reason in outcome.refused:
        click.echo(f"拒绝{verb}：{path}（{reason}）", err=True)
    if outcome.findings:
        click.echo(REPORTERS["text"](outcome.findings, Summary(len(outcome.refused))), err=True)
    return EXIT_FINDINGS if outcome.refused else EXIT_OK


@click.command("seal", cls=zh.Command)
@click.argument("paths", nargs=-1, metavar="[路径]...")
@identity_option
@root_option
def seal_command(paths: tuple[str, ...], identity: str | None, root: str | None) -> int:
    """把密封批次中的明文文件加密（age）：申报书的联系人、附件和推荐审核，专家名单、评审分配、评分。

    先按 sfxm check 检查明文，有错误就不加密；公开部分保留为明文，其余内容只对接收方名单
    （submissions/registry/recipients.yaml 和 submissions/<批次>/review/recipients.yaml）加密。
    非密封批次的文件和已加密的文件不处理。提交钩子会自动运行本命令。

    退出码：0 完成；1 有文件因错误未加密；2 用法错误。
    """
    from generator.seal import seal_paths

    base = resolve_root(root)
    targets = relative_paths(base, paths) if paths else []
    expanded: list[str] = []
    for target in targets:
        full = base / target
        if full.is_dir():
            expanded += sorted(p.relative_to(base).as_posix() for p in full.rglob("*.yaml") if p.is_file())
        else:
            expanded.append(target)
    return _print_outcome(seal_paths(base, expanded, load_keys(identity)), "加密")


@click.command("reseal", cls=zh.Command)
@click.option("--call", "call_id", default=None, metavar="批次", help="只处理这个批次；默认处理所有批次。")
@identity_option
@root_option
def reseal_command(call_id: str | None, identity: str | None, root: str | None) -> int:
    """更换接收方后重新加密：用您的私钥打开每个能打开的密封文件，按现在的接收方名单重新加密。

    项目办更换公钥后重新加密申报书，评估机构更换公钥（或某位专家更换公钥、离开）后重新加密
    专家名单、分配、评分和不予采用记录；在同一个合并请求中提交名单的修改和重新加密的文件。
    打不开的文件原样保留并列出。

    退出码：0 完成；1 有文件未能加密；2 用法错误（没有私钥）。
    """
    from generator.seal import reseal

    base = resolve_root(root)
    keys = load_keys(identity)
    if keys is None:
        raise click.UsageError("重新加密需要私钥：请用 --identity 私钥文件，或设置环境变量 SFXM_AGE_IDENTITY。")
    return _print_outcome(reseal(base, keys, call_id), "重新加密")


@click.group("keys", cls=zh.Group)
def keys_group() -> None:
    """age 密钥：生成私钥和公钥。"""


@keys_group.command("new", cls=zh.Command)
@click.option("--out", "out", required=True, metavar="文件", help="私钥文件的位置（在仓库之外，如 ~/.sfxm/key.txt）。")
def keys_new_command(out: str) -> int:
    """生成一把 age 密钥：私钥写入 --out 指定的文件（仅本人可读），屏幕上显示公钥。

    公钥（age1 开头）交给项目办或评估机构登记到接收方名单；私钥只留在本机，不要提交到仓库，
    不要通过聊天工具发送。私钥文件不能在仓库之内。
    """
    from generator.load.sealing import new_identity

    target = Path(out).expanduser().resolve()
    if find_root(target.parent) is not None or any(
        (p / ".git").exists() for p in (target.parent, *target.parent.parents)
    ):
        raise click.UsageError(f"{out} 在一个仓库之内：私钥不能放在仓库中，请换一个位置（如 ~/.sfxm/key.txt）。")
    if target.exists():
        raise click.UsageError(f"{out} 已经存在：不会覆盖已有的私钥。")
    secret, public = new_identity()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"# sfxm 私钥（age）：不要提交到仓库，不要发给任何人\n# 公钥：{public}\n{secret}\n")
    click.echo(f"私钥已写入 {target}")
    click.echo(f"公钥：{public}")
    return EXIT_OK


COMMANDS = [seal_command, reseal_command, keys_group]
