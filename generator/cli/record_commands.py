"""Commands after the decision: a project's status and timeline."""

from __future__ import annotations

import json
import re
import sys

import click

from generator.cli import zh
from generator.cli.common import EXIT_OK, format_option, resolve_root, root_option
from generator.load import FileSystemSource, gc_paused
from generator.repository import Repository


@click.command("status", cls=zh.Command)
@click.argument("project", metavar="申报编号")
@format_option(("text", "json"))
@root_option
def status_command(project: str, fmt: str, root: str | None) -> int:
    """显示一个项目的状态和时间线：申报、名额、评审、公示、名单、报备、检查、取消资格。

    状态由数据推导：已申报 / 超出推荐名额，未选取 / 评审中 / 未列入拟支持名单 / 拟支持（公示） /
    名单公布前撤销 / 经研究未列入示范项目名单 / 示范项目 / 已终止实施 / 已取消示范项目资格。
    提交到仓库的日期取自 git 历史。
    """
    from generator.status import Statuses, first_seen

    match = re.fullmatch(r"([0-9]{4}(?:-[a-z0-9]{1,12})?)-[0-9A-Z]{6}-[0-9]{3}", project)
    if match is None:
        raise click.UsageError(f"“{project}”不是申报编号，应写成 2018-110000-001 这样的形式。")
    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    with gc_paused():
        status = Statuses(repo, match.group(1), first_seen(base)).of(project)
    if status is None:
        raise click.UsageError(f"找不到有效的申报书 {project}（请先运行 sfxm check）。")
    loaded = repo.declaration_by_id(match.group(1), project)
    if fmt == "json":
        data = {
            "id": project,
            "name": loaded.model.name,
            "state": status.state.value,
            "label": status.state.label,
            "detail": status.detail,
            "not_confirmed": status.not_confirmed,
            "timeline": [
                {"date": e.day.isoformat(), "event": e.label, "record": e.record, "superseded_by": e.superseded_by}
                for e in status.events
            ],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    click.echo(f"{project} {loaded.model.name}")
    click.echo(f"状态：{status.state.label}")
    for note in (status.detail, status.not_confirmed and f"理由：{status.not_confirmed}"):
        if note:
            click.echo(f"  {note}")
    click.echo("时间线：")
    for event in status.events:
        note = f"（已被 {event.superseded_by} 更正）" if event.superseded_by else ""
        ref = f" [{event.record}]" if event.record else ""
        click.echo(f"  {event.day.isoformat()}  {event.label}{note}{ref}")
    return EXIT_OK


COMMANDS = [status_command]
