"""Rules of the final list, the records after it, and the case studies (A-…)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.layout import Kind, PathInfo
from generator.load import FileEntry
from generator.model import credit_code
from generator.model.record import Effect, Final, Ground, record_date, record_kind
from generator.model.registry import Roles
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check
from generator.status import Statuses, failed_inspection

E, W = Severity.ERROR, Severity.WARNING

FINAL_MISMATCH = Message(
    "A-001",
    E,
    "示范项目名单与公示名单不符",
    "示范项目名单{problem}：{ids}",
    "示范项目名单应是公示名单去掉名单公布前撤销（withdrawal 记录）的和经研究未列入（not_confirmed，附理由）的项目，"
    "不多不少；公示名单上的项目如不列入，请把它写进 not_confirmed 并写明理由",
    "名单经公示后确定：不在公示名单上的项目没有经过公示，撤销的项目不能列入；经研究不列入的项目须公开写明理由。",
)
FINAL_EARLY = Message(
    "A-002",
    E,
    "名单公布早于公示期结束",
    "名单公布日期 {published} 早于公示期结束日期 {end}",
    "请在公示期结束后再公布名单",
    "公示期内仍可提出异议，名单须在公示期满后确定。",
)
FINAL_WITHOUT_PROPOSED = Message(
    "A-003",
    E,
    "没有公示名单",
    "批次 {call} 还没有拟支持项目名单（decision/proposed.yaml），不能公布示范项目名单",
    "请先公示拟支持项目名单",
    "示范项目名单须经公示。",
)
RECORD_PROJECT = Message(
    "A-004",
    E,
    "记录所指的项目不符合条件",
    "{kind}记录所指的项目 {project} {problem}",
    "{fix}",
    "每份记录都必须对应一个处于相应阶段的项目，否则公开记录会张冠李戴。",
)
WITHDRAWAL_TIME = Message(
    "A-005",
    E,
    "撤销不在公示开始至名单公布之间",
    "撤销日期 {day} 不在公示开始（{start}）至{end}之间",
    "拟支持项目可以在公示期间或公示期满后、示范项目名单公布前撤销；名单公布后取消资格请用 revocation 记录",
    "名单公布前撤销和公布后取消资格是两种程序，依据和公开方式不同。",
)
SUCCESSOR = Message(
    "A-006",
    E,
    "承继单位填写有误",
    "承继单位填写有误：{problem}",
    "影响为“转由承继单位实施”时填写承继单位的名称和统一社会信用代码，其他情况不填",
    "项目转由其他单位实施时，公开记录须写明承继单位。",
)
REVOCATION_INSPECTION = Message(
    "A-007",
    E,
    "取消资格缺少所依据的监督检查",
    "取消资格的理由含“监督检查不合格”，但{problem}",
    "请在 inspection 中填写同一项目、结论为不合格、日期在前的检查记录的文件名（不含 .yaml）",
    "以监督检查不合格为由取消资格，必须有对应的不合格检查记录可查。",
)
SUPERSEDES = Message(
    "A-008",
    E,
    "更正引用有误",
    "本记录要更正的 {target} {problem}",
    "supersedes 应填写本批次中日期更早、同一项目的记录文件名（不含 .yaml）",
    "更正须明确指向被更正的记录，两者都保留并公开。",
)
DUPLICATE_NUMBER = Message(
    "A-009",
    E,
    "记录编号重复",
    "编号“{number}”被 {count} 份记录使用：{names}",
    "每份记录使用不同的编号",
    "编号用于引用和查找公开记录，重复会引起混淆。",
)
ALREADY_REVOKED = Message(
    "A-010",
    E,
    "项目已被取消资格",
    "项目 {project} 已由 {other} 取消资格",
    "如需更正原取消决定，请在新记录中用 supersedes 引用它",
    "同一项目只能取消一次资格；更正须引用原记录。",
)
CASE_PROJECT = Message(
    "A-011",
    E,
    "典型案例对应的项目不是示范项目",
    "典型案例 {path} 对应的项目 {project} {problem}",
    "典型案例的文件名应是某个示范项目的申报编号",
    "典型案例宣传的是示范项目。",
)
CASE_REVOKED = Message(
    "A-012",
    W,
    "典型案例对应的项目已被取消资格",
    "典型案例 {path} 对应的项目 {project} 已被取消示范项目资格",
    "网站会在案例页面醒目标明；如不再适合宣传，请项目办决定是否撤下",
    "已取消资格的项目仍宣传为典型案例会误导公众，因此明确标出而不是悄悄删除。",
)
NOT_CONFIRMED = Message(
    "A-014",
    E,
    "经研究未列入的项目填写有误",
    "not_confirmed 中的 {project} {problem}",
    "{fix}",
    "经研究未列入示范项目名单的只能是公示名单上、没有撤销的项目，每个项目写一次并附理由。",
)
HOLDER_CODE = Message(
    "A-015",
    E,
    "承担单位的统一社会信用代码有误",
    "承担单位“{name}”的统一社会信用代码 {code} {problem}",
    "请对照营业执照逐位核对代码",
    "承担单位凭统一社会信用代码对应到自己的示范项目，代码错了就无法提交书面报备。",
)
HOLDER_TWICE = Message(
    "A-016",
    E,
    "承担单位重复登记",
    "统一社会信用代码 {code} 在 holders 中登记了 {count} 次",
    "同一承担单位只登记一次，把它的账号都写在这一条的 accounts 中",
    "一个承担单位一条记录，谁能代表它提交书面报备才清楚。",
)
HOLDER_UNKNOWN = Message(
    "A-018",
    W,
    "承担单位没有对应的项目",
    "承担单位“{name}”（{code}）不是任何申报书的申请主体，也不是任何书面报备中的承继单位",
    "请核对统一社会信用代码；登记的账号只能为本单位承担的示范项目提交书面报备",
    "代码写错时账号得不到应有的权限，而且不易察觉，因此提醒核对。",
)
METHOD_TWICE = Message(
    "A-019",
    E,
    "检查方式重复",
    "检查方式“{method}”写了 {count} 次",
    "每种方式只写一次",
    "检查方式在网站上公开，重复会让记录看起来不严谨。",
)
CASE_CONTENT = Message(
    "A-013",
    E,
    "典型案例无法使用",
    "典型案例 {path} {problem}",
    "{fix}",
    "典型案例会转换后在网站上发布，须有标题，所引用的图片须一起提交。",
)


def _statuses(repo: Repository, call_id: str) -> Statuses:
    cache: dict[str, Statuses] = repo.__dict__.setdefault("_statuses", {})
    if call_id not in cache:
        cache[call_id] = Statuses(repo, call_id)
    return cache[call_id]


@check(Scope.FINAL)
def final_is_proposed_minus_withdrawn(loaded: Loaded[Final], repo: Repository) -> Iterator[Finding]:
    """The final list is the proposed list minus the withdrawn and the not confirmed, published after publicity."""
    call_id = loaded.info.call or ""
    statuses = _statuses(repo, call_id)
    proposed = statuses.proposed
    if proposed is None:
        yield FINAL_WITHOUT_PROPOSED.at(loaded.where("projects"), call=call_id)
        return
    withdrawn = {
        r.model.project for r in statuses.records if record_kind(r.info.name) == "withdrawal" and statuses.in_effect(r)
    }
    not_confirmed = {n.project for n in loaded.model.not_confirmed}
    expected = [p for p in proposed.projects if p not in withdrawn and p not in not_confirmed]
    got = loaded.model.projects
    missing = [p for p in expected if p not in got]
    extra = [p for p in got if p not in expected and p not in not_confirmed]
    repeated = [p for p, n in Counter(got).items() if n > 1]
    for problem, ids in (("缺少这些项目", missing), ("多出这些项目", extra), ("重复列出", repeated)):
        if ids:
            yield FINAL_MISMATCH.at(loaded.where("projects"), problem=problem, ids="、".join(ids))
    end = statuses.publicity_end()
    if end is not None and loaded.model.published_on <= end:
        yield FINAL_EARLY.at(
            loaded.where("published_on"), published=loaded.model.published_on.isoformat(), end=end.isoformat()
        )


@check(Scope.FINAL)
def not_confirmed_are_proposed_projects(loaded: Loaded[Final], repo: Repository) -> Iterator[Finding]:
    """A project not confirmed is on the proposed list, not withdrawn, not on the final list, and named once."""
    statuses = _statuses(repo, loaded.info.call or "")
    proposed = statuses.proposed
    if proposed is None:
        return  # A-003 says why
    withdrawn = {
        r.model.project: r.info.name
        for r in statuses.records
        if record_kind(r.info.name) == "withdrawal" and statuses.in_effect(r)
    }
    counts = Counter(n.project for n in loaded.model.not_confirmed)
    for i, entry in enumerate(loaded.model.not_confirmed):
        where, project = loaded.where("not_confirmed", i, "project"), entry.project
        if project not in proposed.projects:
            problem, fix = "不在拟支持项目名单上", "只有经过公示的拟支持项目才需要决定是否列入；请核对申报编号"
        elif project in withdrawn:
            problem, fix = f"已由 {withdrawn[project]} 撤销", "已撤销的项目不必再写进 not_confirmed，请删除这一项"
        elif project in loaded.model.projects:
            problem, fix = "同时列在示范项目名单上", "一个项目要么列入名单，要么经研究不列入；请删除其中一处"
        elif counts[project] > 1 and [n.project for n in loaded.model.not_confirmed].index(project) != i:
            problem, fix = f"写了 {counts[project]} 次", "每个项目只写一次"
        else:
            continue
        yield NOT_CONFIRMED.at(where, project=project, problem=problem, fix=fix)


_KIND_WORDS = {
    "withdrawal": "撤销",
    "change": "书面报备",
    "inspection": "监督检查",
    "revocation": "取消资格",
    "correction": "更正",
}


@check(Scope.RECORD)
def record_concerns_a_project_in_the_right_stage(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    """A withdrawal concerns a proposed project, from publicity until the final list; other records a demonstration project after the list."""
    model, name, call_id = loaded.model, loaded.info.name or "", loaded.info.call or ""
    project = getattr(model, "project", None)
    if project is None:
        return
    kind, statuses, day = record_kind(name), _statuses(repo, call_id), record_date(name)
    where, word = loaded.where("project"), _KIND_WORDS[kind]
    if project not in statuses.valid:
        yield RECORD_PROJECT.at(where, kind=word, project=project, problem="不存在", fix="请核对申报编号")
        return
    if kind == "withdrawal":
        proposed = statuses.proposed
        if proposed is None or project not in proposed.projects:
            yield RECORD_PROJECT.at(
                where,
                kind=word,
                project=project,
                problem="不在拟支持项目名单上",
                fix="公示期间撤销只适用于公示名单上的项目",
            )
            return
        final = statuses.final
        if day < proposed.publicity.start or (final is not None and day > final.published_on):
            end = (
                "示范项目名单公布（" + final.published_on.isoformat() + "）"
                if final is not None
                else "示范项目名单公布"
            )
            yield WITHDRAWAL_TIME.at(
                Location(loaded.path, 1, 1), day=day.isoformat(), start=proposed.publicity.start.isoformat(), end=end
            )
        return
    final = statuses.final
    if final is None or project not in final.projects:
        yield RECORD_PROJECT.at(
            where,
            kind=word,
            project=project,
            problem="不是示范项目",
            fix="书面报备、监督检查和取消资格只适用于示范项目名单上的项目",
        )
    elif day < final.published_on:
        yield RECORD_PROJECT.at(
            where,
            kind=word,
            project=project,
            problem=f"在 {day.isoformat()} 还不是示范项目（名单于 {final.published_on.isoformat()} 公布）",
            fix="请核对记录日期（文件名中的日期）",
        )


@check(Scope.RECORD)
def inspection_methods_listed_once(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    """An inspection names each of its methods once."""
    if record_kind(loaded.info.name or "") != "inspection":
        return
    counts = Counter(loaded.model.methods)
    for i, method in enumerate(loaded.model.methods):
        if counts[method] > 1 and loaded.model.methods.index(method) == i:
            yield METHOD_TWICE.at(loaded.where("methods", i), method=method.value, count=counts[method])


@check(Scope.RECORD)
def change_report_names_its_successor(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    """A change report names a successor exactly when the project is transferred, with a valid credit code."""
    if record_kind(loaded.info.name or "") != "change":
        return
    model = loaded.model
    if model.effect is Effect.TRANSFERRED and model.successor is None:
        yield SUCCESSOR.at(loaded.where("effect"), problem="影响为“转由承继单位实施”，但没有填写承继单位")
    elif model.effect is not Effect.TRANSFERRED and model.successor is not None:
        yield SUCCESSOR.at(loaded.where("successor"), problem=f"影响为“{model.effect.value}”，不应填写承继单位")
    elif model.successor is not None and not credit_code.is_valid(model.successor.credit_code):
        yield SUCCESSOR.at(
            loaded.where("successor", "credit_code"),
            problem=f"承继单位的统一社会信用代码 {model.successor.credit_code} 校验位错误",
        )


@check(Scope.RECORD)
def revocation_rests_on_its_grounds(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    """A revocation for a failed inspection cites a failed, earlier inspection of the same project; a project is revoked once."""
    name = loaded.info.name or ""
    if record_kind(name) != "revocation":
        return
    model, call_id = loaded.model, loaded.info.call or ""
    if Ground.INSPECTION_FAILED in model.grounds:
        cited = failed_inspection(repo, call_id, model.inspection) if model.inspection else None
        if model.inspection is None:
            problem = "没有填写所依据的检查记录（inspection）"
        elif cited is None:
            problem = f"检查记录 {model.inspection} 不存在或结论不是不合格"
        elif cited.model.project != model.project:
            problem = f"检查记录 {model.inspection} 检查的是另一个项目 {cited.model.project}"
        elif record_date(model.inspection) > record_date(name):
            problem = f"检查记录 {model.inspection} 晚于本记录"
        else:
            problem = ""
        if problem:
            yield REVOCATION_INSPECTION.at(loaded.where("inspection"), problem=problem)
    statuses = _statuses(repo, call_id)
    for other in statuses.records:
        other_name = other.info.name or ""
        if (
            other_name != name
            and record_kind(other_name) == "revocation"
            and other.model.project == model.project
            and other_name < name
            and statuses.in_effect(other)
            and model.supersedes != other_name
        ):
            yield ALREADY_REVOKED.at(loaded.where("project"), project=model.project, other=other_name)


@check(Scope.RECORD)
def supersedes_an_earlier_record(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    """A record supersedes an earlier record of the same call, about the same project and of the same kind (a correction may correct any)."""
    target, name = loaded.model.supersedes, loaded.info.name or ""
    if target is None:
        return
    other = repo.load(f"submissions/{loaded.info.call}/records/{target}.yaml")
    where = loaded.where("supersedes")
    if other is None or other.model is None:
        yield SUPERSEDES.at(where, target=target, problem="不存在或无效")
    elif target >= name:
        yield SUPERSEDES.at(where, target=target, problem="不早于本记录")
    elif record_kind(name) != "correction" and record_kind(target) != record_kind(name):
        yield SUPERSEDES.at(where, target=target, problem="是另一种记录（只有 correction 可以更正其他种类的记录）")
    elif getattr(loaded.model, "project", None) not in (None, getattr(other.model, "project", None)):
        yield SUPERSEDES.at(where, target=target, problem="是关于另一个项目的记录")


@check(Scope.AFTER)
def record_numbers_unique(call_id: str, repo: Repository) -> Iterator[Finding]:
    """Each record of a call has its own number."""
    records = [r for r in repo.records(call_id) if r.model is not None]
    by_number = Counter(r.model.number for r in records)
    for r in records:
        if by_number[r.model.number] > 1:
            names = "、".join(x.info.name for x in records if x.model.number == r.model.number)
            yield DUPLICATE_NUMBER.at(
                r.where("number"), number=r.model.number, count=by_number[r.model.number], names=names
            )


@check(Scope.ROLES)
def holders_are_known_bodies(loaded: Loaded[Roles], repo: Repository) -> Iterator[Finding]:
    """Each holder with accounts has a valid credit code, is listed once, and holds (or took over) a project."""
    holders = loaded.model.holders
    counts = Counter(h.credit_code for h in holders)
    successors = {
        r.model.successor.credit_code
        for call_id in repo.call_ids()
        for r in repo.records(call_id)
        if r.model is not None and getattr(r.model, "successor", None) is not None
    }
    known: set[str] = set(successors)
    codes = {h.credit_code for h in holders}
    for call_id in repo.call_ids():
        repo.search_credit_codes(call_id, codes)  # one search for all, then confirmed file by file
        known |= {code for code in codes if repo.declarations_naming(call_id, code)}
    for i, holder in enumerate(holders):
        where, code = loaded.where("holders", i, "credit_code"), holder.credit_code
        if not credit_code.is_valid(code):
            expected = credit_code.check_character(code[:17])
            yield HOLDER_CODE.at(where, name=holder.name, code=code, problem=f"校验位应为 {expected}")
        elif counts[code] > 1 and [h.credit_code for h in holders].index(code) == i:
            yield HOLDER_TWICE.at(where, code=code, count=counts[code])
        elif code not in known:
            yield HOLDER_UNKNOWN.at(where, name=holder.name, code=code)


_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


@check(Scope.FILE)
def case_study_is_of_a_demonstration_project(
    path: str, entry: FileEntry | None, info: PathInfo | None, repo: Repository
) -> Iterator[Finding]:
    """A case study is about a demonstration project (flagged if revoked), has a title, and its images are committed."""
    if entry is None or info is None or info.kind is not Kind.CASE:
        return
    call_id, project = info.call or "", info.name or ""
    statuses = _statuses(repo, call_id)
    status = statuses.of(project)
    where = Location(path, None, None)
    if status is None or statuses.final is None or project not in statuses.final.projects:
        problem = "不存在" if status is None else "不在示范项目名单上"
        yield CASE_PROJECT.at(where, path=path, project=project, problem=problem)
    elif status.revocation is not None:
        yield CASE_REVOKED.at(where, path=path, project=project)
    if path.endswith(".md"):
        try:
            text = repo.read_bytes(path).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return  # L-… / Y-001 say why
        if not re.search(r"^# \S", text, re.MULTILINE):
            yield CASE_CONTENT.at(where, path=path, problem="没有一级标题", fix="请以“# 标题”开头写明案例标题")
        folder = path.rsplit("/", 1)[0]
        for target in _IMAGE.findall(text):
            if "://" in target:
                yield CASE_CONTENT.at(
                    where,
                    path=path,
                    problem=f"引用了外部图片 {target}",
                    fix="请把图片放到 cases/assets/ 并用相对路径引用（网站不从外部加载任何内容）",
                )
                continue
            resolved = layout.resolve_relative(folder, target)
            if resolved is None or resolved not in repo.entries:
                yield CASE_CONTENT.at(
                    where,
                    path=path,
                    problem=f"引用的图片 {target} 没有提交",
                    fix="请把图片放到 cases/assets/ 下并一起提交",
                )
