"""A sealed call's confidential files are sealed, to the listed recipients (codes K-010 …).

Whether a call is sealed is its rules' (``call.yaml`` ``sealed``). Without a key, what can be
seen is checked: the file is sealed or not, its name, its armour (K-001, at load), its recipient
stanzas against the recipients files. With a key, the file is read and every rule runs on its
plaintext; a file the key's holder should open and cannot is named (K-016).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.layout import Kind, PathInfo
from generator.load import FileEntry
from generator.load.sealing import SEALED_KINDS
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check

E = Severity.ERROR
W = Severity.WARNING

PLAIN_IN_SEALED_CALL = Message(
    "K-010",
    E,
    "密封批次中的明文",
    "批次 {call} 是密封批次，{what}却没有加密",
    "请运行 sfxm seal {path}（提交钩子会自动运行）后再提交；已经推送的明文留在合并请求的历史中，请告知项目办",
    "密封批次中，联系人、专家身份、评审分配和评分只对有权查看的人可读（见 README 的安全模型）。",
)
SEALED_IN_PLAIN_CALL = Message(
    "K-011",
    E,
    "非密封批次中的密文",
    "批次 {call} 不是密封批次，这个文件却已加密",
    "请提交明文（在 call.yaml 中设置 sealed: true 的批次才加密）",
    "非密封批次的文件由所有人核对，加密会让检查无从进行。",
)
SCORE_NAMES_DECLARATION = Message(
    "K-012",
    E,
    "评分文件名暴露了申报编号",
    "密封批次中，评分文件以申报编号 {name} 命名：任何人从文件名就能看出哪位专家评哪份申报书",
    "请用 sfxm review score --identity 私钥文件 生成评分表：文件名是由您的私钥得出的 32 位编码，申报编号写在加密内容中",
    "评审分配须保密，文件名也属于仓库中人人可见的内容。",
)
OPAQUE_IN_PLAIN_CALL = Message(
    "K-013",
    E,
    "评分文件名不是申报编号",
    "批次 {call} 不是密封批次，评分文件应以申报编号命名，这里却是 {name}",
    "请把文件改名为 <申报编号>.yaml（sfxm review score 生成的名称）",
    "非密封批次用文件名核对专家和申报书的对应关系。",
)
NO_RECIPIENTS = Message(
    "K-014",
    E,
    "没有列出接收方公钥",
    "批次 {call} 是密封批次，却没有 {path}",
    "{who}请用 sfxm keys new 生成密钥，把公钥（age1 开头）写入 {path}",
    "加密须有接收方：没有名单，就没人能打开，也无从核对文件是否对正确的人加密。",
)
WRONG_STANZAS = Message(
    "K-015",
    E,
    "加密接收方与名单不符",
    "这份密文有 {actual} 个接收方（{types}），按 {lists} 应对 {expected} 个 X25519 公钥加密",
    "请更新接收方名单后用 sfxm seal（或 sfxm reseal）重新加密",
    "没有私钥也能数出密文的接收方数目：数目不符，说明文件不是对名单上的人加密的，可能谁也打不开，或多了不该看的人。",
)
KEY_CANNOT_OPEN = Message(
    "K-016",
    E,
    "私钥打不开这个文件",
    "您的私钥（{key}）属于{role}，应能打开这个文件，却打不开：文件不是对您的公钥加密的，或公钥已更换",
    "请确认使用的是正确的私钥文件；若公钥已更换，请文件的负责人用 sfxm reseal 重新加密",
    "持有私钥的人能做完整检查；打不开应能打开的文件，说明密钥或加密有误。",
)
KEY_UNKNOWN = Message(
    "K-017",
    E,
    "私钥不在接收方名单中",
    "您的私钥（{key}）对应的公钥不在本批次的任何接收方名单中，打不开任何密封文件",
    "请确认用的是自己的私钥文件（--identity 或环境变量 SFXM_AGE_IDENTITY）；新生成的公钥须先由项目办或评估机构登记",
    "用错私钥时，检查会把所有密封文件当作打不开，而不是静默跳过。",
)
DUPLICATE_SEALED_SCORE = Message(
    "K-018",
    E,
    "同一申报书有两份评分",
    "专家 {expert} 对申报书 {id} 有两份评分文件（另一份是 {other}）",
    "请删除多余的一份（sfxm review score 总是生成同一个文件名）",
    "每位专家对每份申报书只能有一份评分。",
)
LIST_MISMATCH = Message(
    "K-019",
    E,
    "专家的分配清单与分配不一致",
    "专家 {expert} 的加密分配清单与完整的分配不一致",
    "请用 sfxm review assign 重新生成分配文件",
    "专家只能打开自己的清单，清单必须与评估机构的完整分配一致。",
)


def _call_sealed(repo: Repository, call: str | None) -> bool | None:
    """Whether the call is sealed; None when its rules cannot be read."""
    model = repo.call(call or "")
    return None if model is None else bool(model.sealed)


def expected_recipients(repo: Repository, info: PathInfo, expert: str | None = None) -> tuple[list[str], str] | None:
    """Who a sealed file of ``info`` is sealed to (age1…, each once), and the file that says so; None when unknown.

    The reader who opens the most files comes first (the office, the agency): age tries the stanzas
    in order, so the agency's report opens 18,500 scores a third faster. ``expert``: an
    assignment's per-expert list, that expert first.
    """
    call = info.call or ""
    if info.kind is Kind.DECLARATION:
        office = repo.recipients()
        if office is None:
            return None
        return _once(office.office, office.units.get(info.unit or "", [])), layout.RECIPIENTS_PATH
    review = repo.review_recipients(call)
    if review is None:
        return None
    where = f"submissions/{call}/review/recipients.yaml"
    if info.kind is Kind.SCORE:
        return _once(review.agency, review.experts.get(info.expert or "", [])), where
    if expert is not None:
        return _once(review.experts.get(expert, []), review.agency), where
    return _once(review.agency), where


def _once(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(r for rs in lists for r in rs))


def role_of_key(repo: Repository, info: PathInfo, recipients: list[str]) -> str | None:
    """The role (in words) that the key's recipients hold for this file, if they hold one."""
    mine = set(recipients)
    if info.kind is Kind.DECLARATION:
        office = repo.recipients()
        if office is None:
            return None
        if mine & set(office.office):
            return "项目办"
        if mine & set(office.units.get(info.unit or "", [])):
            return f"单位 {info.unit}"
        return None
    review = repo.review_recipients(info.call or "")
    if review is None:
        return None
    if mine & set(review.agency):
        return "评估机构"
    if info.kind is Kind.SCORE and mine & set(review.experts.get(info.expert or "", [])):
        return f"专家 {info.expert}"
    return None


_WHAT = {
    Kind.DECLARATION: "申报书的联系人、附件和推荐审核",
    Kind.EXPERTS: "专家名单",
    Kind.ASSIGNMENT: "评审分配",
    Kind.SCORE: "评分",
    Kind.SET_ASIDE: "不予采用记录",
}


@check(Scope.FILE)
def confidential_files_are_sealed_as_the_call_says(
    path: str, entry: FileEntry, info: PathInfo | None, repo: Repository
) -> Iterator[Finding]:
    """In a sealed call the confidential kinds are sealed, to the listed recipients, and score files name no declaration."""
    if info is None or info.kind not in SEALED_KINDS or entry.kind != "file":
        return
    sealed_call = _call_sealed(repo, info.call)
    if sealed_call is None:
        return
    at = Location(path, 1, 1)
    if info.kind is Kind.SCORE:
        opaque = layout.is_opaque(info.name)
        if sealed_call and not opaque:
            yield SCORE_NAMES_DECLARATION.at(at, name=info.name)
        elif not sealed_call and opaque:
            yield OPAQUE_IN_PLAIN_CALL.at(at, call=info.call, name=info.name)
    loaded = repo.load(path)
    if loaded is None or (loaded.doc is None and loaded.sealed is None):
        return  # unreadable: its own finding says why
    if loaded.sealed is None:
        if sealed_call:
            yield PLAIN_IN_SEALED_CALL.at(at, call=info.call, what=_WHAT[info.kind], path=path)
        return
    if not sealed_call:
        yield SEALED_IN_PLAIN_CALL.at(Location(path, loaded.sealed.line, 1), call=info.call)
        return
    yield from _stanzas(loaded, repo)
    yield from _key_opens(loaded, repo)


def _stanzas(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    state = loaded.sealed
    assert state is not None
    envelopes = [(None, state.envelope, state.line)]
    envelopes += [(e, env, loaded.where("lists", e).line or state.line) for e, env in state.lists.items()]
    for expert, envelope, line in envelopes:
        expected = expected_recipients(repo, loaded.info, expert)
        if expected is None:
            continue  # K-014 says the recipients file is missing
        keys, where = expected
        if envelope.x25519 != len(keys) or envelope.others:
            yield WRONG_STANZAS.at(
                Location(loaded.path, line, 1),
                actual=envelope.x25519 + len(envelope.others),
                types="、".join(sorted({"X25519", *envelope.others})),
                lists=where,
                expected=len(keys),
            )


def _key_opens(loaded: Loaded[Any], repo: Repository) -> Iterator[Finding]:
    keys = repo.keys
    state = loaded.sealed
    if keys is None or state is None or state.opened:
        return
    role = role_of_key(repo, loaded.info, keys.recipients)
    if role is not None:
        yield KEY_CANNOT_OPEN.at(Location(loaded.path, state.line, 1), key=keys.label, role=role)


@check(Scope.CALL_FOLDER)
def sealed_call_has_recipients_and_one_score_per_pair(call: str, repo: Repository) -> Iterator[Finding]:
    """A sealed call lists its recipients; the key in use is listed; an expert scores a declaration once."""
    if not _call_sealed(repo, call):
        return
    prefix = f"submissions/{call}/"
    has = {i.kind for p, i in repo.infos.items() if i is not None and p.startswith(prefix)}
    at = Location(layout.call_path(call), 1, 1)
    if Kind.DECLARATION in has and layout.RECIPIENTS_PATH not in repo.entries:
        yield NO_RECIPIENTS.at(at, call=call, path=layout.RECIPIENTS_PATH, who="项目办")
    review_path = f"submissions/{call}/review/recipients.yaml"
    if has & {Kind.EXPERTS, Kind.ASSIGNMENT, Kind.SCORE, Kind.SET_ASIDE} and review_path not in repo.entries:
        yield NO_RECIPIENTS.at(at, call=call, path=review_path, who="评估机构")
    keys = repo.keys
    if keys is not None:
        listed: set[str] = set()
        office, review = repo.recipients(), repo.review_recipients(call)
        if office is not None:
            listed |= set(office.office) | {r for rs in office.units.values() for r in rs}
        if review is not None:
            listed |= set(review.agency) | {r for rs in review.experts.values() for r in rs}
        if listed and not listed & set(keys.recipients):
            yield KEY_UNKNOWN.at(at, key=keys.label)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in repo.score_paths(call):
        info = repo.infos[path]
        if info is None or not layout.is_opaque(info.name):
            continue
        loaded = repo.load(path)
        if loaded is not None and loaded.model is not None:
            by_pair[(loaded.model.declaration, info.expert or "")].append(path)
    for (ident, expert), paths in sorted(by_pair.items()):
        for path in paths[1:]:
            yield DUPLICATE_SEALED_SCORE.at(Location(path, 1, 1), expert=expert, id=ident, other=paths[0])
    assignment_path = f"submissions/{call}/review/assignment.yaml"
    loaded = repo.load(assignment_path) if assignment_path in repo.entries else None
    if loaded is not None and loaded.sealed is not None and loaded.model is not None:
        from generator.load.sealing import expert_lists

        full = expert_lists({"assignments": loaded.model.assignments})
        for expert, items in sorted(loaded.sealed.opened_lists.items()):
            if full.get(expert, []) != items:
                yield LIST_MISMATCH.at(Location(assignment_path, loaded.sealed.line, 1), expert=expert)
        if set(loaded.sealed.lists) != set(full):
            missing = sorted(set(full) ^ set(loaded.sealed.lists))
            yield LIST_MISMATCH.at(Location(assignment_path, loaded.sealed.line, 1), expert="、".join(missing))
