"""Commands about the documents an office exchanges: the Word 申报书 in and out, and the exports."""

from __future__ import annotations

import re
from pathlib import Path

import click

from generator.cli import zh
from generator.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    format_option,
    identity_option,
    load_keys,
    report,
    resolve_root,
    root_option,
)
from generator.findings import has_errors
from generator.load import FileSystemSource, gc_paused
from generator.reporters import Summary
from generator.repository import Repository

CALL_OPTION = click.option("--call", "call_id", required=True, metavar="批次", help="批次编号，如 2018。")
UNIT_OPTION = click.option(
    "--unit", "unit_code", required=True, metavar="单位代码", help="本单位代码，如北京市为 110000。"
)


def file_out_option(help_text: str):
    return click.option("--out", "out", default=None, metavar="文件", help=help_text)


def _call(repo: Repository, call_id: str):
    call = repo.call(call_id)
    if call is None:
        known = "、".join(repo.call_ids()) or "（无）"
        raise click.UsageError(f"批次 {call_id} 不存在或其 call.yaml 无效；现有批次：{known}")
    return call


def _unit(repo: Repository, call_id: str, unit_code: str):
    unit = repo.units.get(unit_code)
    if unit is None:
        raise click.UsageError(f"单位代码 {unit_code} 不在单位名录中；请用 sfxm units 查看本单位的代码。")
    if repo.quota(call_id, unit_code) is None:
        raise click.UsageError(f"{unit.name}在批次 {call_id} 中没有推荐资格。")
    return unit


def _new_file(path: Path) -> Path:
    if path.exists():
        raise click.UsageError(f"“{path}”已存在；为免覆盖，请换一个文件名或先删除它。")
    if not path.parent.is_dir():
        raise click.UsageError(f"文件夹“{path.parent}”不存在。")
    return path


def _out_file(out: str | None, default: Path) -> Path:
    """An output .docx file: ``out`` (its folder must exist) or the default (its folder is made)."""
    if out is None:
        default.parent.mkdir(parents=True, exist_ok=True)
        return default
    path = Path(out)
    if path.suffix.lower() != ".docx":
        raise click.UsageError(f"“{out}”应以 .docx 结尾。")
    if not path.parent.is_dir():
        raise click.UsageError(f"文件夹“{path.parent}”不存在。")
    if path.is_dir():
        raise click.UsageError(f"“{out}”是文件夹，请写文件名。")
    return path


def _out_folder(out: str | None, base: Path, call_id: str) -> Path:
    folder = Path(out) if out else base / "build" / "exports" / call_id
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"“{folder}”不是文件夹。")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@click.command("template", cls=zh.Command)
@CALL_OPTION
@file_out_option("输出的 Word 文件；默认为当前文件夹中的“<批次名称>申报书模板.docx”。")
@root_option
def template_command(call_id: str, out: str | None, root: str | None) -> int:
    """生成申报书 Word 模板，供申请主体填写。

    模板按批次规则生成：各部分的顺序、每一项的名称和填写要求、本批次的方向和法人类型。
    填好的模板由推荐单位用 sfxm import 导入。
    """
    from generator.word import style
    from generator.word.writer import write_form

    repo = Repository(FileSystemSource(resolve_root(root)))
    call = _call(repo, call_id)
    target = _new_file(Path(out) if out else Path.cwd() / f"{call.title}申报书模板.docx")
    if target.suffix.lower() != ".docx":
        raise click.UsageError("模板文件名应以 .docx 结尾。")
    when = style.source_moment(call.schedule.opens)
    target.write_bytes(write_form(call, when))
    click.echo(f"已生成申报书模板：{target}")
    click.echo("请发给申请主体填写；填好后用 sfxm import 导入。")
    return EXIT_OK


@click.command("import", cls=zh.Command)
@click.argument("source", metavar="申报书.docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CALL_OPTION
@UNIT_OPTION
@click.option(
    "--id",
    "ident",
    default=None,
    metavar="申报编号",
    help="重新导入到本单位已有的这份申报书（保留其申报编号和推荐顺序）；不给时新建申报书。",
)
@format_option()
@root_option
def import_command(source: Path, call_id: str, unit_code: str, ident: str | None, fmt: str, root: str | None) -> int:
    """导入填好的 Word 申报书：生成申报书文件，并报告缺少或填错的内容。

    像 sfxm new 一样分配下一个申报编号和推荐顺序（或用 --id 更新已有的申报书），写入本单位文件夹，
    再按 sfxm check 的规则检查。每个问题都指出它在 Word 申报书中的位置（哪一部分、表格第几行、哪一项）。
    读不出的值按原文保留在申报书文件中，不会丢失。

    退出码：0 没有错误；1 有错误（已导入的文件仍然写出，改正后再运行 sfxm check）；2 用法错误。
    """
    from generator.word.importer import import_form

    base = resolve_root(root)
    if ident is not None and not re.fullmatch(rf"{re.escape(call_id)}-{re.escape(unit_code)}-[0-9]{{3}}", ident):
        raise click.UsageError(
            f"“{ident}”不是本单位在批次 {call_id} 的申报编号（应为 {call_id}-{unit_code}-三位序号）。"
        )
    repo = Repository(FileSystemSource(base))
    _call(repo, call_id)
    _unit(repo, call_id, unit_code)
    try:
        with gc_paused():
            imported = import_form(base, call_id, unit_code, source, str(source), ident)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    except FileExistsError:
        raise click.UsageError("要写入的申报书文件已存在，请先运行 sfxm check 核对本单位的申报编号。") from None
    code = report(imported.findings, fmt, Summary(1, "份 Word 申报书"))
    err = click.get_text_stream("stderr") if fmt != "text" else click.get_text_stream("stdout")
    if imported.rel is None:
        click.echo("没有导入。", file=err)
        return EXIT_FINDINGS
    click.echo(f"已导入：{imported.rel}（申报编号 {imported.ident}，推荐顺序 {imported.order}）", file=err)
    for note in imported.notes:
        click.echo(note, file=err)
    if has_errors(imported.findings):
        click.echo("请按上面的提示改正（在 Word 中改正后可用 --id 重新导入），再运行 sfxm check。", file=err)
    return code


@click.group("export", cls=zh.Group)
def export_group() -> None:
    """导出正式文件：示范项目名单、通报、公示（公开），推荐汇总表、申报书（推荐单位用，不公开）。

    Word 文件按公文格式排版：标题居中，文号，中文日期，正文仿宋，名单以表格附后。
    """


@export_group.command("final", cls=zh.Command)
@CALL_OPTION
@click.option("--out", "out", default=None, metavar="文件夹", help="输出文件夹；默认 build/exports/<批次>/。")
@root_option
def export_final_command(call_id: str, out: str | None, root: str | None) -> int:
    """导出示范项目名单（Word、CSV、JSON）、每份取消资格通报和公示通知（Word），即网站公开的文件。

    CSV 为 UTF-8 带 BOM，含每个项目的当前状态（已取消资格的项目注明）。
    """
    from generator.exports import export_call
    from generator.model.record import record_date
    from generator.word import style

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    call = _call(repo, call_id)
    folder = _out_folder(out, base, call_id)
    final, proposed = repo.decision(call_id, "final"), repo.decision(call_id, "proposed")
    days = [record_date(r.info.name) for r in repo.records(call_id) if r.model is not None]
    days += [final.published_on] if final else []
    days += [proposed.publicity.start] if proposed else []
    with gc_paused(), style.stamped(max(days, default=call.schedule.closes.date())):
        paths = export_call(repo, call_id, folder)
    if not paths:
        click.echo(f"批次 {call_id} 还没有公示名单、示范项目名单或通报，没有可导出的文件。")
    for path in paths:
        click.echo(f"已写入：{path}")
    return EXIT_OK


@export_group.command("publicity", cls=zh.Command)
@CALL_OPTION
@file_out_option("输出的 Word 文件；默认 build/exports/<批次>/publicity-<批次>.docx。")
@root_option
def export_publicity_command(call_id: str, out: str | None, root: str | None) -> int:
    """导出拟支持项目名单的公示通知（Word）：正文、名单表格、公示期和异议受理方式、日期。"""
    from generator.exports import publicity_docx
    from generator.word import style

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    _call(repo, call_id)
    proposed = repo.decision(call_id, "proposed")
    if proposed is None:
        raise click.UsageError(f"批次 {call_id} 还没有有效的拟支持项目名单（decision/proposed.yaml）。")
    target = _out_file(out, base / "build" / "exports" / call_id / f"publicity-{call_id}.docx")
    with gc_paused(), style.stamped(proposed.publicity.start):
        publicity_docx(repo, call_id, target)
    click.echo(f"已写入：{target}")
    return EXIT_OK


@export_group.command("recommendations", cls=zh.Command)
@CALL_OPTION
@UNIT_OPTION
@click.option("--out", "out", default=None, metavar="文件夹", help="输出文件夹；默认 build/exports/<批次>/。")
@identity_option
@root_option
def export_recommendations_command(
    call_id: str, unit_code: str, out: str | None, identity: str | None, root: str | None
) -> int:
    """导出本单位的推荐汇总表（Word 和 Excel），按推荐顺序排列，注明哪些选取、哪些超出推荐名额。

    汇总表含联系人等不公开信息，供推荐单位随推荐函报送，不在网站公开。
    密封批次中须给出本单位的私钥（--identity 或 SFXM_AGE_IDENTITY）。
    """
    from generator.exports import recommendations, recommendations_docx, recommendations_xlsx

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base), keys=load_keys(identity))
    _call(repo, call_id)
    _unit(repo, call_id, unit_code)
    with gc_paused():
        _refuse_sealed(repo, repo.declarations(call_id, unit_code))
        rows, invalid = recommendations(repo, call_id, unit_code)
        if not rows:
            raise click.UsageError(f"单位 {unit_code} 在批次 {call_id} 还没有有效的申报书。")
        folder = _out_folder(out, base, call_id)
        stem = folder / f"recommendations-{call_id}-{unit_code}"
        stem.with_suffix(".docx").write_bytes(recommendations_docx(repo, call_id, unit_code, rows))
        stem.with_suffix(".xlsx").write_bytes(recommendations_xlsx(repo, call_id, unit_code, rows))
    for path in invalid:
        click.echo(f"未列入（文件无效，请先运行 sfxm check 改正）：{path}", err=True)
    click.echo(f"已写入：{stem.with_suffix('.docx')}")
    click.echo(f"已写入：{stem.with_suffix('.xlsx')}")
    return EXIT_OK


@export_group.command("declaration", cls=zh.Command)
@click.argument("ident", metavar="申报编号")
@file_out_option("输出的 Word 文件；默认 build/exports/<批次>/declaration-<申报编号>.docx。")
@identity_option
@root_option
def export_declaration_command(ident: str, out: str | None, identity: str | None, root: str | None) -> int:
    """导出一份申报书（Word），供推荐单位打印、盖章报送。

    与申报书模板的格式相同，填好了全部内容，包括不公开的联系人、附件和推荐单位审核意见，
    因此只供推荐单位使用，不得公开。密封批次中须给出本单位（或项目办）的私钥。
    """
    from generator.exports import declaration_docx

    match = re.fullmatch(r"([0-9]{4}(?:-[a-z0-9]{1,12})?)-[0-9A-Z]{6}-[0-9]{3}", ident)
    if match is None:
        raise click.UsageError(f"“{ident}”不是申报编号，应写成 2018-110000-001 这样的形式。")
    base = resolve_root(root)
    repo = Repository(FileSystemSource(base), keys=load_keys(identity))
    call_id = match.group(1)
    _call(repo, call_id)
    found = repo.declaration_by_id(call_id, ident)
    if found is None:
        raise click.UsageError(f"找不到有效的申报书 {ident}（请先运行 sfxm check）。")
    _refuse_sealed(repo, [found])
    target = _out_file(out, base / "build" / "exports" / call_id / f"declaration-{ident}.docx")
    with gc_paused():
        target.write_bytes(declaration_docx(repo, call_id, ident))
    click.echo(f"已写入：{target}（含不公开的内容，仅供推荐单位打印盖章）")
    return EXIT_OK


def _refuse_sealed(repo: Repository, loaded: list) -> None:
    """A usage error naming the first sealed declaration the key in use (if any) does not open."""
    for item in loaded:
        if item.sealed is not None and not item.sealed.opened:
            who = f"{repo.keys.label} 打不开" if repo.keys is not None else "需要私钥才能打开"
            raise click.UsageError(
                f"{item.path} 已加密，{who}：导出含不公开的内容，请用 --identity 给出本单位或项目办的私钥"
                "（或设置环境变量 SFXM_AGE_IDENTITY）。"
            )


COMMANDS = [template_command, import_command, export_group]
