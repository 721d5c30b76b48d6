"""Rules about files as files: where they are, what kind of entry, what content type (L-…)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.layout import Kind, PathInfo
from generator.load import FileEntry
from generator.load import messages as load_messages
from generator.load.yamlfile import check_text_bytes
from generator.repository import Repository
from generator.rules.framework import Scope, check

E, W = Severity.ERROR, Severity.WARNING

OUTSIDE_LAYOUT = Message(
    "L-001",
    E,
    "文件不在约定位置",
    "“{path}”不在约定的目录结构中{guess}",
    "{fix}",
    "工具按位置识别文件的种类和归属单位；放错位置的文件不会被检查，也不会被采用。",
)
NOT_REGULAR = Message(
    "L-002",
    E,
    "不是普通文件",
    "“{path}”是{what}，仓库只接受普通文件",
    "请删除它，把内容作为普通文件提交",
    "符号链接和子模块可以指向仓库以外的内容，绕过检查。",
)
BAD_CONTENT = Message(
    "L-003",
    E,
    "文件内容与类型不符",
    "“{path}”的扩展名是 .{ext}，但内容不是 {ext} 文件",
    "请提交真正的 {ext} 文件（例如用“另存为 PDF”导出），不要只改扩展名",
    "改了扩展名的文件在网站和评审中打不开，也可能藏有别的内容。",
)
TOO_LARGE = Message(
    "L-004",
    E,
    "文件过大",
    "“{path}”有 {size}，超过上限 {limit}",
    "请压缩文件（如降低扫描分辨率）或拆分后再提交",
    "过大的文件会让仓库难以下载和检查。",
)
IMPOSSIBLE_NAME = Message(
    "L-020",
    E,
    "文件名中的日期或编号不可能成立",
    "“{path}”的位置和写法符合约定，但{problem}",
    "请改正文件名：{fix}",
    "工具从文件名读出日期和申报编号（记录的日期就是文件名中的日期）；不存在的日期或别的批次的编号会让记录和评分对不上任何项目。",
)
UNREFERENCED = Message(
    "L-005",
    W,
    "附件未被引用",
    "附件“{path}”没有被本单位任何申报书的 attachments 引用",
    "请在对应申报书的 attachments 中写上它的路径，或删除这个文件",
    "未被引用的附件不会随申报书送审，通常是漏写了引用或忘了删除旧文件。",
)

_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "ofd": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
}


def _guess(path: str) -> tuple[str, str]:
    """A hint for a misplaced file: what it probably is, and where it should go."""
    parts = PurePosixPath(path).parts
    if len(parts) == 5 and parts[2] == "declarations" and path.endswith((".yaml", ".yml")):
        if path.endswith(".yml"):
            return "（扩展名应为 .yaml）", "请把扩展名改为 .yaml"
        if not re.fullmatch(r"[0-9A-Z]{6}", parts[3]):
            return (
                "（单位文件夹应是 6 位单位代码）",
                f"请放到本单位代码命名的文件夹中，位置应为：{layout.LAYOUT_HELP[Kind.DECLARATION]}",
            )
        return (
            "（申报文件名只能用小写英文字母、数字和连字符）",
            "请改名，例如 2018-110000-003.yaml（用 sfxm new 新建申报书会自动取名）",
        )
    if len(parts) == 6 and parts[2] == "declarations" and parts[4] == "attachments":
        return (
            "（附件只接受 "
            + "、".join(layout.ATTACHMENT_TYPES)
            + "，文件名不能以点或空白开头，不能含控制字符或不可见字符）",
            "请转换为 PDF 等可接受的格式后再提交",
        )
    if len(parts) >= 4 and parts[2] == "declarations" and len(parts) > 5:
        return (
            "",
            f"申报书和附件只能放在：{layout.LAYOUT_HELP[Kind.DECLARATION]}；{layout.LAYOUT_HELP[Kind.ATTACHMENT]}",
        )
    places = "；".join(layout.LAYOUT_HELP.values())
    return "", f"submissions/ 下只能有这些文件：{places}"


@check(Scope.FILE)
def known_place(path: str, entry: FileEntry | None, info: PathInfo | None, repo: Repository) -> Iterator[Finding]:
    """Every file under submissions/ sits at a place of the layout, under a name the layout allows."""
    if entry is not None and info is None and entry.kind == "file":
        problem = layout.impossible_fact(path)
        if problem is not None:
            yield IMPOSSIBLE_NAME.at(Location(path, None, None), path=path, problem=problem, fix=_fix_for(path))
            return
        guess, fix = _guess(path)
        yield OUTSIDE_LAYOUT.at(Location(path, None, None), path=path, guess=guess, fix=fix)


def _fix_for(path: str) -> str:
    if "/records/" in path:
        return f"记录的文件名是 {layout.LAYOUT_HELP[Kind.RECORD].rsplit('/', 1)[-1]}，日期写成真实存在的一天，如 2019-03-01"
    return "评分文件和案例以本批次的申报编号命名，应放在该申报编号所属批次的文件夹中"


@check(Scope.FILE)
def regular_file(path: str, entry: FileEntry | None, info: PathInfo | None, repo: Repository) -> Iterator[Finding]:
    """Every entry under submissions/ is a regular file: no symlink, no submodule."""
    if entry is not None and entry.kind != "file":
        what = {"symlink": "符号链接", "submodule": "子模块（submodule）"}.get(entry.kind, "特殊文件")
        yield NOT_REGULAR.at(Location(path, None, None), path=path, what=what)


@check(Scope.FILE)
def binary_content_matches_type(
    path: str, entry: FileEntry | None, info: PathInfo | None, repo: Repository
) -> Iterator[Finding]:
    """An attachment, case study or image holds what its extension says, within the size limit."""
    if entry is None or info is None or entry.kind != "file" or info.kind not in layout.BINARY_KINDS:
        return
    limit = layout.max_bytes(info.kind)
    if entry.size > limit:
        yield TOO_LARGE.at(Location(path, None, None), path=path, size=_size(entry.size), limit=_size(limit))
        return
    ext = path.rsplit(".", 1)[-1].lower()
    if ext in _MAGIC:
        try:
            head = repo.read_bytes(path)[:16]
        except OSError as error:
            yield load_messages.UNREADABLE.at(Location(path, None, None), reason=str(error))
            return
        if not head.startswith(_MAGIC[ext]):
            yield BAD_CONTENT.at(Location(path, None, None), path=path, ext=ext)


@check(Scope.FILE)
def text_is_utf8(path: str, entry: FileEntry | None, info: PathInfo | None, repo: Repository) -> Iterator[Finding]:
    """A text file that is not YAML (the README, Markdown case studies) is UTF-8, without control or bidirectional-override characters."""
    if entry is None or info is None or entry.kind != "file" or info.is_yaml:
        return
    if info.kind is Kind.README or (info.kind is Kind.CASE and path.endswith(".md")):
        try:
            raw = repo.read_bytes(path)
        except OSError as error:
            yield load_messages.UNREADABLE.at(Location(path, None, None), reason=str(error) or type(error).__name__)
            return
        yield from check_text_bytes(path, raw)


@check(Scope.FILE)
def attachment_is_referenced(
    path: str, entry: FileEntry | None, info: PathInfo | None, repo: Repository
) -> Iterator[Finding]:
    """Every attachment is referenced by a declaration of its unit."""
    if entry is None or info is None or info.kind is not Kind.ATTACHMENT:
        return
    for loaded in repo.declarations(info.call or "", info.unit):
        folder = PurePosixPath(loaded.path).parent
        for item in loaded.raw("attachments") or []:
            target = item.get("path") if isinstance(item, dict) else None
            if isinstance(target, str) and layout.resolve_relative(str(folder), target) == path:
                return
    yield UNREFERENCED.at(Location(path, None, None), path=path)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
