"""The gate refuses leaks of a sealed call (G-050 … G-052), in every commit the pull request brings.

A merged pull request brings its whole history: a phone number committed in plaintext and sealed
in a later commit is still in the repository, in a blob anyone with a clone can read. So these
rules judge every blob and every path that any commit of the pull request adds or changes (each
commit against each of its parents), not only the tree that would land:

- G-050: a file of a sealed kind (declaration, expert list, assignment, score, set-aside record)
  of a sealed call that is not sealed, or keeps in plaintext what must be sealed;
- G-051: anything that looks like an age identity (``AGE-SECRET-KEY-1``, any case, also in UTF-16)
  in any file, whatever its path, name or kind; binary files included;
- G-052: a score file of a sealed call named after its declaration (a tree entry would pair the
  expert and the declaration).

A call is sealed when the base's or the landing tree's rules say so (fail closed). The office's and
the agency's rotation (``sfxm reseal``) is recognised here for ownership: ``resealed`` says whether a
change of someone else's sealed file only seals it again, its public part unchanged, in a pull
request of the office (declarations) or the agency (review files) that also changes their
recipients file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.gate.change import Change, from_raw
from generator.gate.gitio import GitFailure, GitReader
from generator.layout import Kind, PathInfo
from generator.load import parse_yaml, sealing

if TYPE_CHECKING:
    from generator.gate.rules import GateContext

E = Severity.ERROR

PLAINTEXT_LEAK = Message(
    "G-050",
    E,
    "密封批次的明文进入了仓库",
    "提交 {commit} 中的 {path} 是批次 {call} 的{what}，{problem}",
    "请先运行 sfxm seal（提交钩子会自动运行），并重写这个合并请求的提交历史（git rebase -i，或新开一个分支重新提交），"
    "让任何一个提交中都没有明文；已经推送的明文请告知项目办",
    "合并请求的每个提交都会进入仓库：明文一旦合并，任何持有副本的人都能读到，无法再收回。",
)
SECRET_KEY_LEAK = Message(
    "G-051",
    E,
    "文件中有私钥",
    "提交 {commit} 中的 {path} 含有看起来是 age 私钥的内容（AGE-SECRET-KEY-1…，第 {offset} 个字节处）",
    "私钥绝不能进入仓库：请从这个合并请求的所有提交中删除它（重写提交历史），并立即用 sfxm keys new 换一把新密钥，"
    "请项目办或评估机构更换名单上的公钥并 sfxm reseal",
    "拿到私钥的人能打开对它加密的一切；仓库的每个副本和每条 CI 日志都会带走它。",
)
SCORE_NAME_LEAK = Message(
    "G-052",
    E,
    "评分文件名暴露了评审分配",
    "提交 {commit} 中的 {path} 以申报编号命名，而批次 {call} 是密封批次",
    "请用 sfxm review score --identity 私钥文件 生成评分表（文件名是 32 位编码），并重写这个合并请求的提交历史",
    "文件名存在于仓库的目录对象中，任何人都能看到哪位专家评哪份申报书。",
)

_WHAT = {
    Kind.DECLARATION: "申报书",
    Kind.EXPERTS: "专家名单",
    Kind.ASSIGNMENT: "评审分配",
    Kind.SCORE: "评分",
    Kind.SET_ASIDE: "不予采用记录",
}


def sealed_calls(ctx: GateContext) -> set[str]:
    """The calls sealed by the base's or the landing tree's rules (either is enough)."""
    calls = set()
    for repo in (ctx.base, ctx.landing):
        for call_id in repo.call_ids():
            model = repo.call(call_id)
            if model is not None and model.sealed:
                calls.add(call_id)
    return calls


def plaintext_problem(info: PathInfo, raw: bytes) -> str | None:
    """Why the bytes of a sealed-kind file are not properly sealed (Chinese), or None when they are."""
    doc, _ = parse_yaml(info.path, raw, max_bytes=layout.max_bytes(info.kind))
    if doc is None or not isinstance(doc.data, dict):
        return "无法读取，不能确认已加密"
    data = doc.data
    if sealing.SEALED_KEY not in data:
        return "没有加密（没有 sealed 密文）"
    lists = data.get(sealing.LISTS_KEY) if info.kind is Kind.ASSIGNMENT else None
    if lists is not None and not isinstance(lists, dict):
        return "lists 不是“专家编号: 密文”的映射"
    try:
        for armour in [data[sealing.SEALED_KEY], *(lists or {}).values()]:
            sealing.inspect(armour)
    except sealing.ArmourError as error:
        return f"密文格式不对（{error.reason}）"
    hidden = (sealing.SEALED_KEY, sealing.LISTS_KEY) if info.kind is Kind.ASSIGNMENT else (sealing.SEALED_KEY,)
    plain = {k: v for k, v in data.items() if k not in hidden}
    if plain != _public_shape(info.kind, plain):
        extra = sorted(set(_flat_keys(plain)) - set(_flat_keys(_public_shape(info.kind, plain))))
        return f"却有本应加密的明文字段（{'、'.join(extra) or '专家名单的其他字段'}）"
    return None


def _public_shape(kind: Kind, plain: dict[str, Any]) -> dict[str, Any]:
    """What of ``plain`` a sealed file of ``kind`` may show: the public part of itself."""
    return sealing.public_part(kind, plain)


def _flat_keys(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        return [k for key, value in data.items() for k in [f"{prefix}{key}", *_flat_keys(value, f"{prefix}{key}.")]]
    if isinstance(data, list):
        return [k for item in data for k in _flat_keys(item, prefix)]
    return []


def history_findings(reader: GitReader, merge_base: str, head: str, ctx: GateContext) -> Iterator[Finding]:
    """G-050 … G-052 on every blob and path that a commit of the pull request adds or changes."""
    sealed = sealed_calls(ctx)
    seen: set[tuple[str, str]] = set()  # (blob, path) judged already
    for commit, parents in reader.commits(merge_base, head):
        for parent in parents or []:
            for raw in reader.diff(parent, commit):
                change = from_raw(raw)
                if change.new_path is None or change.new_oid is None or change.is_submodule:
                    continue
                key = (change.new_oid, change.new_path)
                if key in seen:
                    continue
                seen.add(key)
                yield from _judge(reader, commit, change, sealed)


def _judge(reader: GitReader, commit: str, change: Change, sealed: set[str]) -> Iterator[Finding]:
    path, short = change.new_path or "", commit[:10]
    where = Location(path, None, None)
    try:
        blob = reader.read(change.new_oid or "")
    except GitFailure:
        return  # G-022 says the entry is unreadable where it lands
    offset = sealing.looks_like_secret(blob)
    if offset is not None:
        yield SECRET_KEY_LEAK.at(where, commit=short, path=path, offset=offset + 1)
    info = layout.classify(path)
    if info is None or info.call not in sealed or info.kind not in sealing.SEALED_KINDS or change.is_symlink:
        return
    if info.kind is Kind.SCORE and not layout.is_opaque(info.name):
        yield SCORE_NAME_LEAK.at(where, commit=short, path=path, call=info.call)
    problem = plaintext_problem(info, blob)
    if problem is not None:
        yield PLAINTEXT_LEAK.at(where, commit=short, path=path, call=info.call, what=_WHAT[info.kind], problem=problem)


def resealed(change: Change, path: str, ctx: GateContext) -> bool:
    """A rotation: the office (declarations) or agency (review files) seals someone's sealed file again.

    Only a modification, whose old and new bytes are both sealed and whose public parts are equal,
    in a pull request that also changes the actor's recipients file.
    """
    info = layout.classify(path)
    if change.status != "modified" or info is None or info.kind not in sealing.SEALED_KINDS:
        return False
    if info.kind is Kind.DECLARATION:
        allowed, recipients = ctx.roles.office, layout.RECIPIENTS_PATH
    else:
        allowed, recipients = ctx.roles.agency, f"submissions/{info.call}/review/recipients.yaml"
    if not allowed or not any(recipients in c.paths for c in ctx.changes):
        return False
    old = ctx.base.load(path) if ctx.base.exists(path) else None
    new = ctx.landing.load(path) if ctx.landing.exists(path) else None
    if old is None or new is None or old.sealed is None or new.sealed is None:
        return False
    return old.doc is not None and new.doc is not None and old.doc.data == new.doc.data
