"""Every entry that would land, classified before anything reads it (L-006 … L-015, G-006 … G-008, G-022).

The gate takes nothing of a pull request on trust: each path it adds or changes, wherever it is,
is first judged as an entry of a tree — its name as bytes, its place in the layout, its type
(file, symlink, submodule), its size, and whether its bytes are text where text belongs. An entry
that fails is reported here and is not handed to the rules of ``sfxm check``; an entry that
passes is read by them like any file of the repository.

Names are judged against what breaks a checkout or fools a reader on the machines units use
(Windows and macOS): names that are not UTF-8 or not NFC, control and invisible characters,
``.``/``..``/``.git`` segments, backslashes, leading or trailing spaces, full-width look-alikes
of codes, names Windows refuses, and paths that collide with another when case and Unicode form
are ignored. These are sfxm's own rules (the plan says nothing about file names); they exist so
that the place of a file, which says who owns it, means the same thing on every machine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.gate.change import INVISIBLE, Change, shown
from generator.gate.gitio import GITLINK_MODE, REGULAR_MODES, SYMLINK_MODE, GitFailure, GitReader, TreeEntry
from generator.load import FileEntry
from generator.rules import files as file_rules

E = Severity.ERROR

NAME_NOT_UTF8 = Message(
    "L-006",
    E,
    "文件名不是 UTF-8 编码",
    "文件名“{name}”不是 UTF-8 编码（{where}无法读出）",
    "请把文件改成只含中文、英文字母、数字和连字符的名字再提交（从压缩包解出的文件名常带有 GBK 编码，请重新命名）",
    "文件名不是 UTF-8 时，在不同电脑上显示为不同的乱码，无法判断它是什么文件、属于哪个单位。",
)
NAME_NOT_NFC = Message(
    "L-007",
    E,
    "文件名的 Unicode 写法不规范",
    "文件名“{name}”不是 Unicode 规范形式（NFC）：其中有拆开写的字符 {text}，同样的字还有另一种编码",
    "请删掉这几个字重新输入（macOS 上的某些工具会把带附加符号的字母拆开保存）",
    "同一个名字有两种编码时，macOS 会把它们当成同一个文件，其他系统当成两个，各单位看到的内容就不一样了。",
)
NAME_CONTROL = Message(
    "L-008",
    E,
    "文件名含有控制字符或不可见字符",
    "文件名“{name}”含有控制字符或不可见字符：{chars}",
    "请删除这些字符，重新命名文件",
    "不可见字符能让两个文件名看起来一样，或让文件名倒着显示（如从右到左标记），借此伪装文件的种类和位置。",
)
NAME_SPECIAL_SEGMENT = Message(
    "L-009",
    E,
    "路径中有特殊的目录名",
    "路径“{name}”中有特殊的目录名“{segment}”",
    "请不要使用 .、..、.git 或空的名字，文件只能放在约定的文件夹中",
    "“..”表示上一级目录，“.git”是 git 自己的目录：这样的名字能让文件在检出时落到别处，绕过按位置判断归属的规则。",
)
NAME_BACKSLASH = Message(
    "L-010",
    E,
    "文件名含有反斜杠",
    "路径“{name}”中的名字含有反斜杠 \\",
    "文件夹之间请用 /；名字本身不能含有 \\",
    "在 Windows 上反斜杠是目录分隔符，同一个名字在 Windows 和其他系统上会指向不同的位置。",
)
NAME_SPACES = Message(
    "L-011",
    E,
    "名字开头或末尾有空白",
    "“{segment}”的开头或末尾有空白字符（路径：{name}）",
    "请删除名字开头和末尾的空格",
    "首尾的空格肉眼看不出来：“110000 ”和“110000”看起来一样，却是两个文件夹；Windows 还会自动去掉末尾的空格。",
)
NAME_LOOKALIKE = Message(
    "L-012",
    E,
    "名字中有全角或形似字符",
    "“{segment}”中的“{char}”是全角或兼容字符，看起来像“{plain}”，但不是同一个字符（路径：{name}）",
    "请在英文（半角）输入状态下重新输入：单位代码、批次编号、文件夹名和扩展名只用半角字母、数字和点",
    "全角的“１１００００”和单位代码“110000”看起来一样，却是另一个文件夹，会让人误以为文件属于某个单位。",
)
NAME_COLLISION = Message(
    "L-013",
    E,
    "名字与已有文件只差大小写",
    "“{name}”与已有的“{other}”只有大小写或 Unicode 写法不同",
    "请改用与已有文件不同的名字，或者直接修改已有的那个文件",
    "Windows 和 macOS 不区分大小写：这两个文件在那里检出时会互相覆盖，各单位看到的内容就不一样了。",
)
NAME_NOT_PORTABLE = Message(
    "L-014",
    E,
    "名字在 Windows 上不能使用",
    "“{segment}”{problem}（路径：{name}）",
    "请换一个名字：只用中文、英文字母、数字、连字符和下划线",
    "各单位大多使用 Windows；Windows 不能检出这样的文件，整个仓库都会拉取失败。",
)
NOT_A_CODE_FOLDER = Message(
    "L-015",
    E,
    "文件夹名不是单位代码或专家编号",
    "文件夹“{folder}”不是{what}，不属于任何{owner}（路径：{name}）",
    "{fix}",
    "文件夹名决定文件属于哪个单位或专家；不是有效代码的文件夹不属于任何人，其中的文件不会被采用。",
)
UNKNOWN_TOP_LEVEL = Message(
    "L-016",
    E,
    "仓库顶层多了不认识的文件",
    "“{path}”不在仓库约定的目录结构中：顶层只有 submissions/ 和项目自身的文件（{known}）",
    "申报数据请放在 submissions/ 下的约定位置；项目需要新的顶层文件时，系统维护人员请先把它加入 generator/layout.py 的 PROJECT_TOP_LEVEL",
    "仓库的顶层是固定的；不认识的文件不会被任何规则检查，也不属于任何人。",
)
SPECIAL_ENTRY = Message(
    "G-006",
    E,
    "提交了符号链接或子模块",
    "“{path}”是{what}",
    "请删除它，只提交普通文件",
    "符号链接和子模块可以指向仓库以外的内容，绕过检查。",
)
BINARY = Message(
    "G-007",
    E,
    "提交了二进制文件",
    "“{path}”是二进制文件（或不是 UTF-8 文本），这个位置只能放文本文件",
    "附件请放在本单位文件夹的 attachments/ 下（PDF、OFD、JPG、PNG）；其他位置请提交 UTF-8 文本",
    "二进制文件无法审阅差异，可能藏有不可见的内容。",
)
OVERSIZED = Message(
    "G-008",
    E,
    "提交的文件过大",
    "“{path}”有 {size}，超过上限 {limit}",
    "请压缩或拆分后再提交",
    "过大的文件会让仓库难以下载和检查。",
)
UNREADABLE_ENTRY = Message(
    "G-022",
    E,
    "无法读取的条目",
    "闸门无法读取“{path}”：{reason}",
    "请删除这个条目后重新提交；如果它是用特殊工具写入的，请改用普通的 git add 添加文件",
    "闸门读不懂的内容一律不放行，否则就有检查不到的东西进入主分支。",
)

OTHER_MAX_BYTES = 5 * 1024 * 1024  # outside submissions/, and for names outside the layout
_BINARY_PLACES = ("site/", "generator/site/assets/")  # images and fonts of the site
_WINDOWS_CHARS = set('<>:"|?*')
_WINDOWS_NAMES = re.compile(r"(?i)^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$")
_LOOKALIKE_TARGETS = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./\\")
_UNIT_FOLDER = re.compile(rf"submissions/{layout.CALL_RE}/declarations/(?P<folder>[^/]+)/.+")
_EXPERT_FOLDER = re.compile(rf"submissions/{layout.CALL_RE}/review/scores/(?P<folder>[^/]+)/.+")


def name_findings(raw: bytes, where: Location) -> Iterator[Finding]:
    """A path's name is UTF-8, NFC, visible, portable, without special segments or look-alikes."""
    name = shown(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start : error.end]
        yield NAME_NOT_UTF8.at(where, name=name, where=f"字节 {bad.hex(' ').upper()} ")
        return
    if not unicodedata.is_normalized("NFC", text):
        marks = sorted({c for c in text if unicodedata.combining(c) or not unicodedata.is_normalized("NFC", c)})
        described = "、".join(f"U+{ord(c):04X}（{unicodedata.name(c, '?')}）" for c in marks) or "某些字符"
        yield NAME_NOT_NFC.at(where, name=name, text=described)
    invisible = sorted({c for c in text if unicodedata.category(c) in INVISIBLE})
    if invisible:
        chars = "、".join(f"U+{ord(c):04X}（{unicodedata.name(c, '控制字符')}）" for c in invisible)
        yield NAME_CONTROL.at(where, name=name, chars=chars)
    if "\\" in text:
        yield NAME_BACKSLASH.at(where, name=name)
    for segment in text.split("/"):
        seg = shown(segment.encode())
        if segment in ("", ".", "..") or segment.casefold() in (".git", "git~1"):
            yield NAME_SPECIAL_SEGMENT.at(where, name=name, segment=seg or "（空）")
            continue
        if segment != segment.strip():
            yield NAME_SPACES.at(where, segment=seg, name=name)
        for c in segment:
            plain = unicodedata.normalize("NFKC", c)
            if not c.isascii() and plain != c and any(p in _LOOKALIKE_TARGETS for p in plain):
                yield NAME_LOOKALIKE.at(where, segment=seg, char=c, plain=plain, name=name)
                break
        problems = []
        bad = sorted({c for c in segment if c in _WINDOWS_CHARS})
        if bad:
            problems.append("含有 Windows 不允许的字符 " + " ".join(bad))
        if segment.endswith(".") and segment not in (".", ".."):
            problems.append("以点结尾（Windows 会去掉末尾的点）")
        if _WINDOWS_NAMES.match(segment.split(".", 1)[0].strip()):
            problems.append(f"是 Windows 的保留名称 {segment.split('.', 1)[0]}")
        if problems:
            yield NAME_NOT_PORTABLE.at(where, segment=seg, problem="，".join(problems), name=name)


def collision_key(name: bytes) -> bytes:
    """What Windows and macOS consider the same name: case and Unicode form ignored."""
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError:
        return name.lower()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold()).encode()


@dataclass
class Verdict:
    """The entries that would land, judged: findings, and the paths not handed to the checker."""

    findings: list[Finding] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)
    bad_names: set[str] = field(default_factory=set)  # paths refused for their name or folder


def judge_entries(reader: GitReader, tree: str, landing: list[Change]) -> Verdict:
    """Judge every added, modified or renamed-to entry of the landing change in ``tree``."""
    verdict = Verdict()
    for change in landing:
        if change.new_path is None or change.new_raw is None:
            continue
        path, where = change.new_path, Location(change.new_path, None, None)
        found = list(name_findings(change.new_raw, where))
        if change.status in ("added", "renamed"):
            found += list(_collisions(reader, tree, change.new_raw, where))
        folder = _code_folder(path)
        if folder is not None:
            found.append(folder)
        if found:
            verdict.bad_names.add(path)
        try:
            found += list(_entry(reader, change, found))
        except GitFailure as failure:
            found.append(UNREADABLE_ENTRY.at(where, path=path, reason=failure.reason))
        if found:
            verdict.findings += found
            verdict.rejected.add(path)
    return verdict


def _code_folder(path: str) -> Finding | None:
    """A file under declarations/<folder>/ or review/scores/<folder>/ whose folder is not a code."""
    for pattern, code_re, what, owner, fix in (
        (
            _UNIT_FOLDER,
            layout.UNIT_RE,
            "单位代码（单位名录中的 6 位代码，如 110000）",
            "单位",
            "请把文件放到以本单位代码命名的文件夹中，如 submissions/<批次>/declarations/110000/",
        ),
        (
            _EXPERT_FOLDER,
            layout.EXPERT_RE,
            "专家编号（小写字母开头，只用小写字母、数字和连字符，如 e01）",
            "专家",
            "请把评分放到以本人专家编号命名的文件夹中，如 submissions/<批次>/review/scores/e01/",
        ),
    ):
        match = pattern.fullmatch(path)
        if match and not re.fullmatch(code_re, match["folder"]):
            folder = shown(match["folder"].encode("utf-8", "surrogateescape"))
            return NOT_A_CODE_FOLDER.at(
                Location(path, None, None), folder=folder, what=what, owner=owner, name=path, fix=fix
            )
    return None


def _collisions(reader: GitReader, tree: str, raw: bytes, where: Location) -> Iterator[Finding]:
    """Each level of the path names exactly one entry, unlike every sibling when case is ignored."""
    current = tree
    segments = raw.split(b"/")
    for depth, segment in enumerate(segments):
        children = reader.children(current)
        same = [e for e in children if e.name == segment]
        if len(same) != 1:
            problem = "树中找不到这个条目（名字含有斜杠或被截断）" if not same else "同一目录中有两个同名条目"
            yield UNREADABLE_ENTRY.at(where, path=shown(raw), reason=problem)
            return
        key = collision_key(segment)
        for other in children:
            if other.name != segment and collision_key(other.name) == key:
                prefix = b"/".join(segments[:depth])
                other_path = (prefix + b"/" if prefix else b"") + other.name
                yield NAME_COLLISION.at(where, name=shown(b"/".join(segments[: depth + 1])), other=shown(other_path))
        entry: TreeEntry = same[0]
        if depth < len(segments) - 1:
            if not entry.is_tree:
                yield UNREADABLE_ENTRY.at(where, path=shown(raw), reason="路径中间的名字不是文件夹")
                return
            current = entry.oid


def _entry(reader: GitReader, change: Change, found: list[Finding]) -> Iterator[Finding]:
    """Type, place, size and content of one entry that would land."""
    path, mode, where = change.new_path or "", change.new_mode, Location(change.new_path or "", None, None)
    inside = path.startswith(layout.ROOT)
    info = layout.classify(path) if inside and not found else None
    if mode in (SYMLINK_MODE, GITLINK_MODE):
        kind = "symlink" if mode == SYMLINK_MODE else "submodule"
        if inside:
            yield from file_rules.regular_file(path, FileEntry(path, kind, 0), info, None)  # L-002, as check says it
        else:
            what = "符号链接" if mode == SYMLINK_MODE else "子模块（submodule）"
            yield SPECIAL_ENTRY.at(where, path=path, what=what)
        return
    if mode not in REGULAR_MODES or not change.new_oid:
        yield UNREADABLE_ENTRY.at(where, path=path, reason=f"未知的条目类型（mode {mode:o}）")
        return
    size = reader.size(change.new_oid)
    if inside and info is None and not found:
        yield from file_rules.known_place(path, FileEntry(path, "file", size), None, None)  # L-001
    if not inside and not layout.in_project(path) and not found:
        known = "、".join(sorted(layout.PROJECT_TOP_LEVEL))
        yield UNKNOWN_TOP_LEVEL.at(where, path=path, known=known)
    if inside and info is not None and (info.is_yaml or info.kind in layout.BINARY_KINDS):
        return  # the checker reads these: Y-001…Y-011 (encoding, size, syntax), L-003/L-004 (type, size)
    limit = layout.max_bytes(info.kind) if info is not None else OTHER_MAX_BYTES
    if size > limit:
        yield OVERSIZED.at(where, path=path, size=_size(size), limit=_size(limit))
        return
    if (
        (info is not None or not inside)
        and not path.startswith(_BINARY_PLACES)
        and _is_binary(reader.read(change.new_oid))
    ):
        yield BINARY.at(where, path=path)


def _is_binary(raw: bytes) -> bool:
    if b"\0" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


__all__ = ["Verdict", "collision_key", "judge_entries", "name_findings", "shown"]
