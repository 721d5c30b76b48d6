"""Sealing files of a sealed call (``sfxm seal``) and sealing them again to new recipients (``sfxm reseal``).

``seal`` turns a checked plaintext file into a sealed one, to the recipients the repository lists
for its kind: a declaration to the office (and its unit, when the unit has a key listed); the
expert list, the assignment and set-aside records to the agency; a score to the agency and its
expert; each expert's list of the assignment to that expert and the agency. It refuses a file
that ``sfxm check`` finds an error in: what is sealed was checked in plaintext first.

``reseal`` opens every sealed file the key in use can open and seals it again to the recipients
listed now: after a recipient is replaced, the old key opens nothing sealed afterwards, and the
new one opens everything resealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import layout
from generator.findings import Finding, has_errors
from generator.layout import Kind
from generator.load import FileSystemSource, parse_yaml, sealing
from generator.load.sealing import Keyring
from generator.repository import Repository


@dataclass
class Outcome:
    """What a seal or reseal did: files written, files left as they were (and why), and findings."""

    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason in Chinese)
    refused: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _recipients(repo: Repository, info: layout.PathInfo, expert: str | None = None) -> list[str] | None:
    from generator.rules.sealing import expected_recipients

    found = expected_recipients(repo, info, expert)
    return found[0] if found and found[0] else None


def seal_text(repo: Repository, info: layout.PathInfo, raw: bytes) -> tuple[str | None, str | None]:
    """The sealed text of ``raw`` (a plaintext file of ``info``), or None and why not (Chinese)."""
    doc, _ = parse_yaml(info.path, raw, max_bytes=layout.max_bytes(info.kind))
    if doc is None or not isinstance(doc.data, dict):
        return None, "文件无法读取，请先运行 sfxm check"
    to = _recipients(repo, info)
    if to is None:
        where = (
            layout.RECIPIENTS_PATH
            if info.kind is Kind.DECLARATION
            else f"submissions/{info.call}/review/recipients.yaml"
        )
        return None, f"{where} 中没有这类文件的接收方公钥"
    lists = None
    if info.kind is Kind.ASSIGNMENT:
        lists = {}
        for expert, items in sealing.expert_lists(doc.data).items():
            expert_to = _recipients(repo, info, expert)
            if expert_to is None:
                return None, "没有评估机构的接收方公钥"
            lists[expert] = (sealing.expert_list_text(expert, items), expert_to)
    return sealing.sealed_text(info.kind, doc.data, raw, to, lists), None


def seal_paths(root: Path, paths: list[str], keys: Keyring | None = None) -> Outcome:
    """Seal each plaintext file of a sealed call among ``paths`` (relative to ``root``) that checks clean."""
    from generator.rules import check_repository

    outcome = Outcome()
    repo = Repository(FileSystemSource(root), keys=keys)
    for path in paths:
        info = layout.classify(path)
        if info is None or info.kind not in sealing.SEALED_KINDS:
            outcome.skipped.append((path, "这类文件不加密"))
            continue
        if not repo.sealed_call(info.call):
            outcome.skipped.append((path, "这类文件不加密"))  # not in a sealed call
            continue
        loaded = repo.load(path)
        if loaded is None:
            outcome.skipped.append((path, "文件不存在"))
            continue
        if loaded.sealed is not None:
            outcome.skipped.append((path, "已经加密"))
            continue
        found = [f for f in check_repository(repo, [path]) if f.path == path and f.code not in _SEALING_CODES]
        if has_errors(found):
            outcome.findings += found
            outcome.refused.append((path, "检查有错误，先改正再加密"))
            continue
        _write(root, repo, info, (root / path).read_bytes(), outcome)
    return outcome


def _write(root: Path, repo: Repository, info: layout.PathInfo, plaintext: bytes, outcome: Outcome) -> None:
    """Seal ``plaintext`` as the file of ``info`` and write it, or say why not."""
    text, why = seal_text(repo, info, plaintext)
    if text is None:
        outcome.refused.append((info.path, why or ""))
        return
    (root / info.path).write_text(text, encoding="utf-8", newline="\n")
    outcome.written.append(info.path)


# The codes that say "not sealed yet": the file is being sealed, so they do not block it.
_SEALING_CODES = frozenset({"K-010"})


def reseal(root: Path, keys: Keyring, call: str | None = None) -> Outcome:
    """Seal again, to the recipients listed now, every sealed file (of ``call``) that ``keys`` opens."""
    outcome = Outcome()
    repo = Repository(FileSystemSource(root), keys=keys)
    for path in repo.paths():
        info = repo.infos[path]
        if info is None or info.kind not in sealing.SEALED_KINDS or (call and info.call != call):
            continue
        loaded = repo.load(path)
        if loaded is None or loaded.sealed is None:
            continue
        if not loaded.sealed.opened:
            outcome.skipped.append((path, "您的私钥打不开这个文件"))
            continue
        if info.kind is Kind.DECLARATION:  # its sealed part holds the private fields only: seal the whole again
            plaintext: bytes | None = sealing.dump(loaded.doc.data).encode("utf-8")
        else:  # the whole file as its author wrote it, comments included
            doc, _ = parse_yaml(path, (root / path).read_bytes(), max_bytes=layout.max_bytes(info.kind))
            plaintext = keys.open(doc.data[sealing.SEALED_KEY]) if doc is not None else None
        if plaintext is None:
            outcome.skipped.append((path, "您的私钥打不开这个文件"))
            continue
        _write(root, repo, info, plaintext, outcome)
    return outcome
