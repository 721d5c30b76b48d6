"""Commands of the expert review: assignment and its repair, score forms, progress, the report, the draft list."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from generator import layout
from generator.cli import zh
from generator.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Choice,
    identity_option,
    load_keys,
    resolve_root,
    root_option,
)
from generator.load import FileSystemSource, gc_paused
from generator.repository import Repository
from generator.review.results import SEALED_UNOPENED

BEIJING = ZoneInfo("Asia/Shanghai")


@click.group("review", cls=zh.Group)
def review_group() -> None:
    """专家评审：分配和改派评审专家，生成评分表，查看进度，生成评审报告和拟支持名单草稿。"""


def _repo(base: Path, call_id: str, identity: str | None = None) -> Repository:
    """The files of the registry and of one call: a review command reads nothing else.

    With ``identity`` (or SFXM_AGE_IDENTITY), the sealed files that key opens are read in plaintext.
    """
    return Repository(
        FileSystemSource(base), prefixes=["submissions/registry/", f"submissions/{call_id}/"], keys=load_keys(identity)
    )


def _sealed_review(repo: Repository, call_id: str, *, all_scores: bool) -> str | None:
    """In a sealed call: why the key in use cannot read the whole review (naming the file), else None."""
    if not repo.sealed_call(call_id):
        return None
    label = repo.keys.label if repo.keys is not None else None
    if label is None:
        return (
            f"批次 {call_id} 是密封批次：评审文件已加密，需要评估机构的私钥。"
            "请用 --identity 私钥文件，或设置环境变量 SFXM_AGE_IDENTITY。"
        )
    wanted = [f"submissions/{call_id}/review/experts.yaml", f"submissions/{call_id}/review/assignment.yaml"]
    if all_scores:
        wanted += repo.score_paths(call_id)
    for path in wanted:
        loaded = repo.load(path) if repo.exists(path) else None
        if loaded is not None and loaded.sealed is not None and not loaded.sealed.opened:
            return (
                f"{label} 打不开 {path}：这个文件没有对您的公钥加密（用错了私钥，或公钥已更换）。"
                f"请使用评估机构的私钥；公钥更换后，请用 sfxm reseal --call {call_id} 重新加密。"
            )
    return None


def _seal_written(repo: Repository, base: Path, rel: str) -> None:
    """Seal a file the command just wrote, when its call is sealed (the agency's key is in use)."""
    from generator.seal import seal_text

    info = layout.classify(rel)
    if info is None or not repo.sealed_call(info.call):
        return
    text, why = seal_text(repo, info, (base / rel).read_bytes())
    if text is None:
        (base / rel).unlink()
        raise click.ClickException(f"无法加密 {rel}：{why}；明文已删除，没有写入任何文件。")
    (base / rel).write_text(text, encoding="utf-8", newline="\n")


def _call(repo: Repository, call_id: str):
    call = repo.call(call_id)
    if call is None:
        known = Repository(repo.data).call_ids()
        raise click.UsageError(f"批次 {call_id} 不存在或其 call.yaml 无效；现有批次：{'、'.join(known) or '（无）'}")
    if call.review is None:
        raise click.UsageError(f"批次 {call_id} 的 call.yaml 没有评审规则（review）。")
    return call


def _experts(repo: Repository, call_id: str):
    experts = repo.experts(call_id)
    if experts is None:
        raise click.UsageError(
            f"批次 {call_id} 没有有效的专家名单 submissions/{call_id}/review/experts.yaml（请先运行 sfxm check 查看原因）。"
        )
    return experts


def _refuse(message: str) -> int:
    click.echo(message, err=True)
    return EXIT_FINDINGS


def _call_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"[0-9]{4}(?:-[a-z0-9]{1,12})?", value):
        raise click.BadParameter(f"“{value}”不是批次编号：批次编号是年份，如 2018，或年份加后缀，如 2026-b")
    return value


def call_option(func):
    return click.option(
        "--call", "call_id", required=True, metavar="批次", help="批次编号，如 2018。", callback=_call_id
    )(func)


def _today(text: str | None) -> date:
    if text is None:
        return datetime.now(BEIJING).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"“{text}”不是日期，应写成 2018-08-25", param_hint="--date") from None


def _now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(BEIJING)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"“{text}”不是 ISO 8601 时间，应写成 2018-09-08T10:00:00+08:00", param_hint="--now"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)


# -- assign -----------------------------------------------------------------------------------


@review_group.command("assign", cls=zh.Command)
@call_option
@click.option(
    "--seed",
    "seed",
    type=int,
    default=None,
    metavar="整数",
    help="随机种子；默认取批次年度，修复时取原分配的种子。",
)
@click.option(
    "--repair",
    "repair",
    is_flag=True,
    help="修复现有分配：保留有效的分配和评分，只替换有问题的专家。",
)
@click.option(
    "--date",
    "on",
    default=None,
    metavar="日期",
    help="不予采用记录的日期，如 2018-08-25；默认今天。",
)
@click.option("--dry-run", "dry_run", is_flag=True, help="只显示结果，不写文件。")
@identity_option
@root_option
def assign_command(
    call_id: str, seed: int | None, repair: bool, on: str | None, dry_run: bool, identity: str | None, root: str | None
) -> int:
    """为名额内的每份申报书分配评审专家，写入 review/assignment.yaml。

    \b
    每份申报书分配批次规定人数的专家：不分配须回避的专家（专家所在
    地区单位即推荐单位、专家任职于申请主体，或专家声明须回避），
    各专家负担均衡，优先分配擅长该方向的专家。无法分配时说明原因，不写文件。

    \b
    已有专家提交评分后，不能再重新分配（那会让已提交的评分失效），
    请改用 --repair：保留所有仍然有效的分配和评分，只替换有问题的专家。
    评分提交后才发现须回避的，这份评分不删除，而是在 review/set-aside/
    中写入一份不予采用的记录；修复后的分配、记录和专家名单的修改请一并提交。
    """
    from generator.review.assign import Candidate, assign, render, render_set_aside
    from generator.selection import taken_ids

    if on is not None and not repair:
        raise click.UsageError("--date 是不予采用记录的日期，只和 --repair 一起使用。")
    recorded_on = _today(on)
    base = resolve_root(root)
    repo = _repo(base, call_id, identity)
    call = _call(repo, call_id)
    refused = _sealed_review(repo, call_id, all_scores=True)
    if refused is not None:
        return _refuse(refused)
    experts = _experts(repo, call_id)
    with gc_paused():
        taken = taken_ids(repo, call_id)
    scored = _scored(repo, call_id)
    path = f"submissions/{call_id}/review/assignment.yaml"
    current_loaded = repo.load(path)
    if repair:
        if current_loaded is not None and current_loaded.model is None:
            return _refuse(
                f"现有分配 {path} 无效，无法修复（运行 sfxm check {path} 查看原因）。请先改正文件格式，再运行 --repair。"
            )
        current = current_loaded.model.assignments if current_loaded is not None else {}
        seed = seed if seed is not None else current_loaded.model.seed if current_loaded is not None else call.year
    else:
        if scored:
            return _refuse(
                f"批次 {call_id} 的评分已经开始（已有 {len(scored)} 份评分）：重新分配会打乱已提交的评分。\n"
                f"请运行 sfxm review assign --call {call_id} --repair：它保留仍然有效的分配和已提交的评分，"
                "只替换须回避或已不在名单中的专家。"
            )
        current = None
        seed = call.year if seed is None else seed
    set_aside = set(repo.set_aside_pairs(call_id))
    candidates = [Candidate(i, d.info.unit or "", d.model) for i, d in sorted(taken.items())]
    outcome = assign(
        candidates, experts.experts, call.review.reviewers, seed, current=current, scored=scored, set_aside=set_aside
    )
    if outcome.uncovered:
        click.echo(f"无法完成分配：{len(outcome.uncovered)} 份申报书找不到足够的无回避专家。")
        for ident, why in sorted(outcome.uncovered.items()):
            click.echo(f"  {ident}：{why}")
        click.echo("请评估机构增加专家，或核对专家的所在地区单位、任职单位和声明回避；没有写入任何文件。")
        return EXIT_FINDINGS
    loads = sorted(outcome.loads.values()) or [0]
    directions = {e.id: set(e.directions) for e in experts.experts}
    matched = sum(
        1 for c in candidates for e in outcome.assignments[c.id] if c.declaration.direction in directions.get(e, ())
    )
    total = sum(len(v) for v in outcome.assignments.values())
    text = render(outcome, seed, call.title)
    target = base / path
    if repair:
        entries = outcome.set_aside(scored, set_aside)
        normalized = {k: sorted(v) for k, v in current.items()}  # duplicates, if any, are a change
        changed = current_loaded is None or outcome.assignments != normalized or seed != current_loaded.model.seed
        if not changed and not entries:
            click.echo(f"分配无需修复：{total} 对分配都有效（种子 {seed}）。")
            return EXIT_OK
        _say_repair(outcome, scored, entries, loads, seed)
        record = None
        if entries:
            record = _set_aside_path(repo, call_id, recorded_on)
        if dry_run:
            click.echo(text, nl=False)
            if entries:
                click.echo(render_set_aside(entries, call.title), nl=False)
            return EXIT_OK
        if entries and record is not None:
            (base / record).parent.mkdir(parents=True, exist_ok=True)
            with open(base / record, "x", encoding="utf-8") as handle:
                handle.write(render_set_aside(entries, call.title))
            _seal_written(repo, base, record)
            click.echo(f"已写入不予采用的记录：{record}（{len(entries)} 份评分；专家的评分文件保留不动）")
    else:
        click.echo(
            f"已为 {len(outcome.assignments)} 份申报书各分配 {call.review.reviewers} 位专家（种子 {seed}）。"
            f"专家负担 {loads[0]}–{loads[-1]} 份；{matched}/{total} 人次由擅长该方向的专家评审。"
        )
        if dry_run:
            click.echo(text, nl=False)
            return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _seal_written(repo, base, path)
    click.echo(f"已写入：{path}（请提交到仓库{'，与专家名单的修改一并提交' if repair else ''}）")
    return EXIT_OK


def _scored(repo: Repository, call_id: str) -> set[tuple[str, str]]:
    """(declaration, expert) of every committed score file: by its name, or in a sealed call by its content."""
    pairs = set()
    for path in repo.score_paths(call_id):
        info = repo.infos[path]
        if info is None:
            continue
        if layout.is_opaque(info.name):
            loaded = repo.load(path)
            name = loaded.model.declaration if loaded is not None and loaded.model is not None else info.name
        else:
            name = info.name
        pairs.add((name or "", info.expert or ""))
    return pairs


def _say_repair(outcome, scored: set, entries: list, loads: list[int], seed: int) -> None:
    kept_scores = sum(1 for ident, experts in outcome.assignments.items() for e in experts if (ident, e) in scored)
    replaced = sum(len(c.removed) for c in outcome.changes.values() if not c.left)
    touched = sum(1 for c in outcome.changes.values() if not c.left)
    added = sum(len(c.added) for c in outcome.changes.values())
    left = [i for i, c in outcome.changes.items() if c.left]
    click.echo(
        f"修复分配（种子 {seed}）：保留 {outcome.kept} 对分配，其中 {kept_scores} 对已提交评分，全部继续有效；"
        f"移除 {replaced} 位、补派 {added} 位专家，涉及 {touched} 份申报书。"
        f"专家负担 {loads[0]}–{loads[-1]} 份。"
    )
    for ident, change in sorted(outcome.changes.items()):
        parts = [f"去掉重复的 {e}" for e in change.duplicates]
        for r in change.removed:
            note = "；其已提交的评分登记为不予采用" if r.scored else ""
            parts.append(f"移除 {r.expert}（{r.reason}{note}）")
        if change.added:
            parts.append(f"补派 {'、'.join(change.added)}")
        if change.left:
            parts.append("不再评审")
        click.echo(f"  {ident}：{'；'.join(parts)}")
    if left:
        click.echo(f"不在评审范围内的申报书 {len(left)} 份已从分配中移除。")
    removed = {(ident, r.expert) for ident, c in outcome.changes.items() for r in c.removed}
    for expert, ident, reason in entries:
        if (ident, expert) not in removed:
            click.echo(f"  {ident}：{expert} 的评分登记为不予采用（{reason}）")


def _set_aside_path(repo: Repository, call_id: str, on: date) -> str:
    prefix = f"submissions/{call_id}/review/set-aside/{on.isoformat()}-"
    used = [
        int(p[len(prefix) : -len(".yaml")])
        for p in repo.authority_entries
        if p.startswith(prefix) and p[len(prefix) : -len(".yaml")].isdigit()
    ]
    return f"{prefix}{max(used, default=0) + 1}.yaml"


# -- score ------------------------------------------------------------------------------------


def _account(base: Path, account: str | None) -> str:
    if account:
        return account
    try:
        found = subprocess.run(
            ["git", "config", "--get", "sfxm.actor"], cwd=base, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        found = ""
    if not found:
        raise click.UsageError("不知道您的账号：请用 --account 指定，或先运行 git config sfxm.actor <您的账号>。")
    return found


@review_group.command("score", cls=zh.Command)
@call_option
@click.option(
    "--declaration",
    "declarations",
    multiple=True,
    metavar="申报编号",
    help="要评分的申报编号，如 2018-110000-003；可重复给出。",
)
@click.option("--all", "every", is_flag=True, help="为分配给您、还没有评分表的每份申报书各生成一份。")
@click.option(
    "--account",
    "account",
    default=None,
    metavar="账号",
    help="您的账号；默认取 git config sfxm.actor。",
)
@identity_option
@root_option
def score_command(
    call_id: str,
    declarations: tuple[str, ...],
    every: bool,
    account: str | None,
    identity: str | None,
    root: str | None,
) -> int:
    """为分配给您的申报书生成评分表：review/scores/<您的专家编号>/<申报编号>.yaml。

    \b
    评分表按本批次的评审指标列出每个指标的代码、名称、满分、权重和
    评分要点（中文注释）。填写各指标得分、评审意见、无利益冲突声明和
    评分日期后，运行 sfxm check 检查，再提交合并请求。

    \b
    只能为分配给本人的申报书评分；与项目有利益冲突的，请不要评分，
    告知第三方评估机构改派。已有的评分文件不会被覆盖。

    \b
    密封批次中须给出您的私钥（--identity 或 SFXM_AGE_IDENTITY）：用它打开您的分配清单；
    评分表的文件名是由您的私钥得出的 32 位编码，不暴露申报编号。填好后运行 sfxm seal
    （提交钩子会自动运行），评分对评估机构和您本人加密后再提交。
    """
    from generator.load.sealing import score_name
    from generator.review.conflicts import conflicts
    from generator.review.scorefile import score_form

    base = resolve_root(root)
    repo = _repo(base, call_id, identity)
    call = _call(repo, call_id)
    sealed = repo.sealed_call(call_id)
    if sealed and repo.keys is None:
        return _refuse(
            f"批次 {call_id} 是密封批次：生成评分表需要您的私钥（打开您的分配清单，并得出评分文件名）。"
            "请用 --identity 私钥文件，或设置环境变量 SFXM_AGE_IDENTITY。"
        )
    experts = _experts(repo, call_id)
    who = _account(base, account)
    expert_id = repo.expert_for_account(call_id, who)
    if expert_id is None:
        return _refuse(
            f"账号 {who} 不是批次 {call_id} 的评审专家（专家名单 submissions/{call_id}/review/experts.yaml 中没有这个账号）。"
            "如果您是本批次的专家，请联系第三方评估机构核对您的账号。"
        )
    expert = next(e for e in experts.experts if e.id == expert_id)
    assignment = repo.assignment(call_id)
    mine = sorted(i for i, es in (assignment.assignments if assignment else {}).items() if expert_id in es)
    if sealed and assignment is None:
        own = repo.sealed_list(call_id, expert_id)
        if own is None and repo.assignment_sealed(call_id):
            return _refuse(
                f"{repo.keys.label if repo.keys else '私钥'} 打不开 submissions/{call_id}/review/assignment.yaml 中"
                f"专家 {expert_id} 的分配清单：请确认用的是您本人的私钥，或请评估机构核对您登记的公钥。"
            )
        mine = sorted(own or [])
    if not declarations and not every:
        raise click.UsageError("请用 --declaration 给出申报编号，或用 --all 为分配给您的每份申报书生成评分表。")
    if every and not mine and not declarations:
        return _refuse(f"批次 {call_id} 目前没有分配给您（专家 {expert_id}）的申报书；分配由第三方评估机构完成。")
    wanted = list(dict.fromkeys([*declarations, *(mine if every else [])]))
    set_aside = repo.set_aside_pairs(call_id)
    written, problems = [], 0
    for ident in wanted:
        name = score_name(repo.keys, call_id, ident) if sealed and repo.keys is not None else ident
        rel = f"submissions/{call_id}/review/scores/{expert_id}/{name}.yaml"
        if (ident, expert_id) in set_aside:
            click.echo(f"{ident}：您对这份申报书的评分已由评估机构登记为不予采用，不需要再评分。", err=True)
            problems += 1
            continue
        if ident not in mine:
            listing = "、".join(mine[:10]) + ("等" if len(mine) > 10 else "") if mine else "（目前没有）"
            click.echo(
                f"{ident}：没有分配给您（专家 {expert_id}）评审，不能评分。分配给您的申报书：{listing}。"
                f"完整清单见 sfxm review progress --call {call_id} --expert {expert_id}。",
                err=True,
            )
            problems += 1
            continue
        loaded = repo.declaration_by_id(call_id, ident)
        if loaded is None or loaded.model is None:
            click.echo(f"{ident}：申报书不存在或无效，请联系第三方评估机构核对分配。", err=True)
            problems += 1
            continue
        reasons = conflicts(expert, loaded.model, loaded.info.unit or "")
        if reasons:
            click.echo(
                f"{ident}：您须回避这份申报书（{'；'.join(reasons)}），请不要评分，并告知第三方评估机构，"
                f"由机构运行 sfxm review assign --call {call_id} --repair 改派其他专家。",
                err=True,
            )
            problems += 1
            continue
        target = base / rel
        if target.exists():
            if not every:
                click.echo(f"{ident}：评分文件已存在，没有覆盖：{rel}", err=True)
                problems += 1
            continue
        leaf = call.leaf(loaded.model.direction)
        text = score_form(
            call,
            ident,
            expert_id,
            name=loaded.model.name,
            unit=repo.unit_label(loaded.info.unit),
            direction=f"{loaded.model.direction} {leaf[1].name}" if leaf else loaded.model.direction,
            path=rel,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
        written.append(rel)
    for rel in written:
        click.echo(f"已生成评分表：{rel}")
    if written and sealed:
        click.echo("请逐项填写，运行 sfxm seal 加密（先检查、再加密；提交钩子会自动运行），再提交合并请求。")
    elif written:
        click.echo("请逐项填写，运行 sfxm check 检查，再提交合并请求。")
    elif every and not problems:
        click.echo("分配给您的申报书都已有评分文件，没有新生成。")
    return EXIT_FINDINGS if problems else EXIT_OK


# -- progress ---------------------------------------------------------------------------------


@review_group.command("progress", cls=zh.Command)
@call_option
@click.option("--expert", "expert", default=None, metavar="专家编号", help="只看这位专家的评审清单，如 e05。")
@click.option("--all", "show_all", is_flag=True, help="列出每份申报书（默认只列缺评和分歧较大的）。")
@click.option(
    "--format",
    "fmt",
    type=Choice(["text", "json"]),
    default="text",
    metavar="格式",
    help="输出格式：text、json（默认 text）。",
)
@click.option(
    "--now",
    "now",
    default=None,
    metavar="时间",
    help="按这个时间计算逾期；默认当前时间。",
)
@identity_option
@root_option
def progress_command(
    call_id: str, expert: str | None, show_all: bool, fmt: str, now: str | None, identity: str | None, root: str | None
) -> int:
    """查看评审进度（不公开）：各专家和各申报书的评审情况。

    \b
    每位专家：已分配、已评、缺评、逾期的份数；每份申报书：有效评分数、
    缺评的专家、是否分歧较大。专家可以用 --expert 查看自己的评审清单。

    \b
    只计入有效的评分：分配给该专家、未登记不予采用、声明无利益冲突、
    各指标齐全且不超过满分。逾期按批次评审规则中的评审截止时间
    （review.deadline）计算：截止后仍未提交的，以及评分日期晚于截止日期的。
    """
    from generator.review.progress import progress

    base = resolve_root(root)
    repo = _repo(base, call_id, identity)
    _call(repo, call_id)
    refused = _sealed_review(repo, call_id, all_scores=False)
    if refused is not None:
        return _refuse(refused)
    with gc_paused():
        result = progress(repo, call_id, _now(now))
    assert result is not None
    if expert is not None:
        row = next((e for e in result.experts if e.id == expert), None)
        if row is None:
            raise click.UsageError(f"批次 {call_id} 没有专家 {expert}；专家编号见 review/experts.yaml。")
        if fmt == "json":
            sys.stdout.write(json.dumps(row.as_json(), ensure_ascii=False, indent=2) + "\n")
            return EXIT_OK
        _expert_text(result, row)
        return EXIT_OK
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    _progress_text(result, show_all)
    return EXIT_OK


def _deadline_words(result) -> str:
    if result.deadline is None:
        return "批次没有规定评审截止时间（review.deadline），不计逾期"
    shown = result.deadline.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    return f"评审截止时间 {shown}（北京时间）" + ("，已过" if result.past_deadline else "，未到")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(title: str, headings: list[str], rows: list[list[str]]) -> None:
    """A plain table aligned for Chinese text (hundreds of rows print at once; piped output stays readable)."""
    widths = [max(_width(str(r[i])) for r in [headings, *rows]) for i in range(len(headings))]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    click.echo(f"{title}：\n" + "\n".join([line(headings), line(["-" * w for w in widths]), *map(line, rows)]))


def _progress_text(result, show_all: bool) -> None:
    from generator.review.aggregate import shown

    if not result.declarations:
        click.echo(
            f"批次 {result.call} 还没有评审分配（review/assignment.yaml）：请评估机构先运行 sfxm review assign --call {result.call}。"
        )
        return
    t = result.totals()
    click.echo(
        f"{result.title}评审进度：申报书 {t['declarations']} 份，评审完成 {t['complete']} 份；"
        f"应评 {t['assigned']} 份，已评 {t['scored']} 份，缺评 {t['missing']} 份，逾期 {t['late']} 份；"
        f"分歧较大 {t['disagreement']} 份；不予采用的评分 {t['set_aside']} 份。{_deadline_words(result)}。"
    )
    _table(
        "各专家",
        ["专家", "姓名", "已分配", "已评", "缺评", "逾期", "说明"],
        [
            [
                e.id,
                e.name,
                str(len(e.assigned)),
                str(len(e.scored)),
                str(len(e.missing)),
                str(len(e.late)),
                "；".join(f"{i}：{why}" for i, why in e.problems.items()),
            ]
            for e in result.experts
        ],
    )
    listed = [d for d in result.declarations if show_all or d.missing or d.disagrees]
    # One plain line per declaration: thousands of them print at once, and stay easy to search.
    if listed:
        click.echo("各申报书：" if show_all else "需要关注的申报书（缺评或分歧较大；--all 列出全部）：")
        lines = []
        for d in listed:
            parts = [f"有效评分 {len(d.scored)}/{d.expected}"]
            if d.missing:
                parts.append(f"缺评：{'、'.join(d.missing)}")
            if d.disagrees:
                parts.append(f"分歧较大（极差 {shown(d.spread)}）")
            lines.append(f"  {d.id}  {'；'.join(parts)}")
        click.echo("\n".join(lines))
    else:
        click.echo("没有缺评或分歧较大的申报书。")
    if result.set_aside:
        _table(
            "不予采用的评分（评估机构的记录）",
            ["专家", "申报编号", "理由", "记录"],
            [[x["expert"], x["declaration"], x["reason"], x["record"].rsplit("/", 1)[-1]] for x in result.set_aside],
        )
    if result.unknown_experts:
        click.echo(
            f"注意：分配中的专家 {'、'.join(result.unknown_experts)} 不在专家名单中，请运行 sfxm review assign --repair。"
        )


def _expert_text(result, row) -> None:
    click.echo(
        f"专家 {row.id}（{row.name}）的评审清单：已分配 {len(row.assigned)} 份，已评 {len(row.scored)} 份，"
        f"缺评 {len(row.missing)} 份，逾期 {len(row.late)} 份。{_deadline_words(result)}。"
    )
    scored, late = set(row.scored), set(row.late)
    rows = []
    for ident in row.assigned:
        state = "已评" if ident in scored else "未评"
        if ident in late:
            state += "（逾期）"
        rows.append([ident, state, row.problems.get(ident, "")])
    _table("评审清单", ["申报编号", "状态", "说明"], rows)
    if row.missing:
        click.echo(f"生成未评申报书的评分表：sfxm review score --call {result.call} --all")


# -- report -----------------------------------------------------------------------------------


@review_group.command("report", cls=zh.Command)
@call_option
@click.option("--out", "out", default=None, metavar="文件夹", help="报告的文件夹；默认 build/review/<批次>/。")
@identity_option
@root_option
def report_command(call_id: str, out: str | None, identity: str | None, root: str | None) -> int:
    """生成评审报告（不公开）：加权分、汇总分、排名、缺评和分歧。

    \b
    各方向的排名表列出每份申报书的各专家加权分、汇总分、缺评的专家和
    分歧标记，另列出评估机构登记不予采用的评分。输出 Markdown、
    Word（DOCX，经 pandoc 生成）和 CSV（UTF-8 带 BOM，Excel 可直接打开）。

    \b
    报告含专家编号和个人评分，只供评估机构和项目办使用，
    不会出现在公开网站上。

    \b
    密封批次中须给出评估机构的私钥（--identity 或 SFXM_AGE_IDENTITY）；
    私钥打不开的文件会被指出，不会生成不完整的报告。
    """
    from generator.review import report

    base = resolve_root(root)
    repo = _repo(base, call_id, identity)
    _call(repo, call_id)
    refused = _sealed_review(repo, call_id, all_scores=False)
    if refused is not None:
        return _refuse(refused)
    folder = Path(out) if out else base / "build" / "review" / call_id
    with gc_paused():
        built = report.build(repo, call_id)
    unopened = sorted(f.path for f in built.review.files.values() if f.problem == SEALED_UNOPENED)
    if unopened and repo.keys is not None:
        return _refuse(
            f"{repo.keys.label} 打不开 {unopened[0]}（共 {len(unopened)} 个评分文件）：这些文件没有对您的公钥加密。"
            f"请使用评估机构的私钥；公钥更换后，请用 sfxm reseal --call {call_id} 重新加密。没有生成报告。"
        )
    paths = report.write(built, folder)
    for path in paths:
        click.echo(f"已写入：{path}")
    return EXIT_OK


# -- propose ----------------------------------------------------------------------------------


@review_group.command("propose", cls=zh.Command)
@call_option
@click.option(
    "--total",
    "total",
    type=click.IntRange(min=1),
    default=None,
    metavar="个数",
    help="拟支持总数；不超过批次规定的上限。",
)
@click.option(
    "--per-direction",
    "per_direction",
    type=click.IntRange(min=1),
    default=None,
    metavar="个数",
    help="每个方向的拟支持数；不超过批次规定的上限。",
)
@click.option(
    "--out",
    "out",
    default=None,
    metavar="文件夹",
    help="起草说明的文件夹；默认 build/review/<批次>/。",
)
@click.option("--dry-run", "dry_run", is_flag=True, help="只显示草稿，不写文件。")
@root_option
def propose_command(
    call_id: str, total: int | None, per_direction: int | None, out: str | None, dry_run: bool, root: str | None
) -> int:
    """按评审排名起草拟支持项目名单，写入 decision/proposed.yaml（草稿）。

    \b
    从完成评审的申报书中按汇总分从高到低选取（同分时依次比较批次规定的
    同分排序指标，再按申报编号），某方向达到上限的跳过，直到拟支持总数
    达到上限。上限取批次规则，可用 --total、--per-direction 再收紧。

    \b
    起草说明（不公开，不提交）列出每个列入项目的排名和汇总分，以及名单
    边缘未列入的项目和原因。项目办核对草稿、填写公示开始日期等各项，
    运行 sfxm check 通过后提交。已有名单时不覆盖。
    """
    from generator.review.propose import draft, proposed_yaml, side_report
    from generator.review.report import build

    base = resolve_root(root)
    repo = Repository(FileSystemSource(base))
    call = _call(repo, call_id)
    for value, limit, words in (
        (total, call.review.proposal_limit, "--total"),
        (per_direction, call.review.per_direction_limit, "--per-direction"),
    ):
        if value is not None and limit is not None and value > limit:
            raise click.BadParameter(f"{value} 超过批次规定的上限 {limit}", param_hint=words)
    rel = f"submissions/{call_id}/decision/proposed.yaml"
    if (base / rel).exists() and not dry_run:
        return _refuse(
            f"{rel} 已经存在，没有覆盖。已提交并公示的名单不得修改；如果只是还没有提交的草稿，请先删除它再运行。"
        )
    with gc_paused():
        report = build(repo, call_id)
    made = draft(call, report.results, total, per_direction)
    if not made.chosen:
        return _refuse(
            f"批次 {call_id} 还没有完成评审的申报书（每份需要 {call.review.reviewers} 份有效评分），无法起草名单；"
            f"评审进度见 sfxm review progress --call {call_id}。"
        )
    previous = None
    for other in reversed(repo.call_ids()):
        if other != call_id and other < call_id and (found := repo.decision(other, "proposed")) is not None:
            previous = found
            break
    text = proposed_yaml(made, previous)
    missing = {r.id: report.missing_experts(r) for r in report.results if r.missing}
    notes = side_report(made, report.names, missing)
    click.echo(
        f"草稿列入 {len(made.chosen)} 个项目（完成评审 {made.complete} 份，未完成 {made.incomplete} 份）；"
        f"名单边缘未列入的 {len(made.margin)} 份，原因见起草说明。"
    )
    if dry_run:
        click.echo(text, nl=False)
        return EXIT_OK
    folder = Path(out) if out else base / "build" / "review" / call_id
    folder.mkdir(parents=True, exist_ok=True)
    notes_path = folder / f"proposed-draft-{call_id}.md"
    notes_path.write_text(notes, encoding="utf-8")
    target = base / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(f"已写入草稿：{rel}（请核对、填写公示日期等各项，运行 sfxm check 后提交）")
    click.echo(f"已写入起草说明：{notes_path}（不公开，不提交）")
    return EXIT_OK


COMMANDS = [review_group]
