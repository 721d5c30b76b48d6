"""Parse one YAML file into plain data with node positions, refusing the hazards.

Scalars are kept as text: ``no`` stays the text ``no`` and ``010`` stays ``010``; the models
convert text to numbers, dates and booleans where a field asks for one, so nothing is silently
changed by YAML 1.1's implicit typing. Only ``null``, ``~`` and an empty plain value mean
"no value".
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from generator.findings import Finding, Location
from generator.load import messages as m

MAX_DEPTH = 32
DEFAULT_MAX_BYTES = 256 * 1024

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)

# YAML 1.1 would read these plain keys as something other than text.
_KEY_KINDS = (
    (re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"), "真假值"),
    (
        re.compile(r"^[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$"),
        "整数",
    ),
    (
        re.compile(
            r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
        ),
        "小数",
    ),
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"), "日期"),
    (re.compile(r"^(?:~|null|Null|NULL)$"), "空值"),
)

# libyaml's problems, in words a province officer understands, with a hint how to fix them.
_PROBLEMS = (
    (
        "mapping values are not allowed",
        "此处不能出现“: ”",
        "常见原因：文字中含有英文冒号加空格（请给整段文字加上引号，或改用中文冒号“：”），或上一行缩进不对",
    ),
    (
        "could not find expected ':'",
        "缺少“: ”",
        "每个字段都要写成“字段名: 值”，冒号后面要有一个空格；若是多行文字，请用“|”开头并统一缩进",
    ),
    ("did not find expected key", "缩进不一致", "同一层级的字段必须左对齐；请检查这一行和上一行的缩进空格数"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的每一项都要以“- ”开头并左对齐"),
    (
        "found unexpected end of stream",
        "文件意外结束",
        "通常是引号没有配对：请检查这一处开始的引号是否有对应的结束引号",
    ),
    (
        "found unknown escape character",
        "双引号中有无法识别的转义符“\\”",
        "双引号内的反斜杠要写成“\\\\”；或改用单引号，或不加引号",
    ),
    (
        "found character that cannot start any token",
        "出现了不能作为开头的字符",
        "常见原因：用 Tab 缩进，或以 @、` 等符号开头的文字未加引号；请改用空格缩进或给文字加引号",
    ),
    ("found undefined alias", "使用了未定义的引用（*）", "请不要使用 & 和 * 引用，把内容直接写出来"),
    (
        "but found another document",
        "一个文件中只能有一份内容（出现了第二个“---”）",
        "请删除多余的“---”分隔线，每份申报书单独一个文件",
    ),
    ("expected <document start>", "文件结构不正确", "请检查缩进，文件顶层应是“字段名: 值”的形式"),
    (
        "control characters are not allowed",
        "文件中有不可见的控制字符",
        "请删除这些字符（常见于从其他软件复制粘贴的文字），或重新输入该行",
    ),
    ("exceeded maximum nesting depth", "嵌套层级过深", "请检查括号和缩进"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束", "请检查“[ ]”是否配对，各项之间用英文逗号分隔"),
    ("did not find expected ',' or '}'", "花括号没有正确结束", "请检查“{ }”是否配对，各项之间用英文逗号分隔"),
    ("found a tab character", "在不允许的位置出现了 Tab", "请把 Tab 换成空格"),
    ("block sequence entries are not allowed", "此处不能开始列表", "请检查“- ”所在行的缩进"),
)


@dataclass(slots=True)
class Document:
    """A parsed YAML file: plain data, and where each value and key sits (1-based line, column)."""

    path: str
    data: Any
    values: dict[tuple[Hashable, ...], tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple[Hashable, ...], tuple[int, int]] = field(default_factory=dict)

    def where(self, *loc: Hashable) -> Location:
        """The position of the value at ``loc``, or of its nearest existing parent."""
        loc_t = tuple(loc)
        while loc_t and loc_t not in self.values:
            loc_t = loc_t[:-1]
        line, column = self.values.get(loc_t, (1, 1))
        return Location(self.path, line, column)

    def where_key(self, *loc: Hashable) -> Location:
        """The position of the key of ``loc`` (for a field that should not be there)."""
        if tuple(loc) in self.keys:
            line, column = self.keys[tuple(loc)]
            return Location(self.path, line, column)
        return self.where(*loc)


class _Loader(yaml.CSafeLoader):
    """libyaml's composer with a resolver that keeps every scalar as text (and no path resolvers)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _decode(path: str, raw: bytes) -> tuple[str | None, list[Finding]]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw.startswith(
        (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    ):
        return None, [m.NOT_UTF8.at(Location(path, 1, 1), line=1, column=1, guess="；看起来是 UTF-16（“Unicode”）编码")]
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as error:
        head = body[: error.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        try:
            body.decode("gb18030")
            guess = "；看起来是 GBK（GB2312/GB18030）编码，常见于 Windows 记事本或 WPS 的默认保存"
        except UnicodeDecodeError:
            guess = ""
        return None, [m.NOT_UTF8.at(Location(path, line, column), line=line, column=column, guess=guess)]


def _syntax_finding(path: str, error: yaml.MarkedYAMLError) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    original = " ".join(p for p in (error.context, error.problem) if p)
    for needle, problem, hint in _PROBLEMS:
        if needle in original:
            return m.SYNTAX.at(
                Location(path, line, column), problem=f"{problem}（第 {line} 行第 {column} 列）", hint=hint
            )
    return m.SYNTAX.at(
        Location(path, line, column),
        problem=f"第 {line} 行第 {column} 列：{original}",
        hint="请对照模板检查这一行及上一行的缩进、冒号和引号",
    )


@functools.lru_cache(maxsize=4096)
def _plain_key_kind(value: str) -> str | None:
    """What YAML 1.1 would read a plain key as, when not text (keys repeat: cached)."""
    for pattern, kind in _KEY_KINDS:
        if pattern.match(value):
            return kind
    return None


class _Walker:
    """Turns a composed node tree into plain data, recording positions and hazards."""

    __slots__ = ("alias_reported", "doc", "findings", "path", "seen")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.path = doc.path
        self.findings: list[Finding] = []
        self.seen: set[int] = set()
        self.alias_reported = False

    def alias(self, node: yaml.Node) -> None:
        """Report the first use of an anchor, alias or merge key (once per file is enough)."""
        if not self.alias_reported:
            self.alias_reported = True
            self.findings.append(m.ALIAS.at(self.at(node)))

    def at(self, node: yaml.Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, loc: tuple[Hashable, ...], depth: int) -> Any:
        if id(node) in self.seen:
            self.alias(node)
            return None
        self.seen.add(id(node))
        mark = node.start_mark
        self.doc.values[loc] = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            self.findings.append(m.TOO_DEEP.at(self.at(node), limit=MAX_DEPTH))
            return None
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag != _STR:
                self.findings.append(m.TAG.at(self.at(node), tag=tag))
            value = node.value
            if not node.style and value in _NULLS:
                return None
            return value
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                self.findings.append(m.TAG.at(self.at(node), tag=tag))
            return [self.walk(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if tag != _MAP:
            self.findings.append(m.TAG.at(self.at(node), tag=tag))
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        values, keys, seen = self.doc.values, self.doc.keys, self.seen
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            key_mark = key_node.start_mark
            if key in first_line:
                self.findings.append(m.DUPLICATE_KEY.at(self.at(key_node), key=key, other_line=first_line[key]))
                continue
            first_line[key] = key_mark.line + 1
            child = (*loc, key)
            keys[child] = (key_mark.line + 1, key_mark.column + 1)
            # Most values are plain text: handled here, without a call (the hot path).
            if value_node.__class__ is ScalarNode and value_node.tag == _STR and id(value_node) not in seen:
                seen.add(id(value_node))
                value_mark = value_node.start_mark
                values[child] = (value_mark.line + 1, value_mark.column + 1)
                value = value_node.value
                result[key] = None if not value_node.style and value in _NULLS else value
            else:
                result[key] = self.walk(value_node, child, depth + 1)
        return result

    def _key(self, node: yaml.Node) -> str | None:
        if node.__class__ is ScalarNode and node.tag == _STR and not node.style:
            kind = _plain_key_kind(node.value)
            if kind is None:
                return node.value
            self.findings.append(m.NON_TEXT_KEY.at(self.at(node), key=node.value or "（空）", kind=kind))
            return None
        return self._unusual_key(node)

    def _unusual_key(self, node: yaml.Node) -> str | None:
        if not isinstance(node, ScalarNode):
            self.findings.append(m.NON_TEXT_KEY.at(self.at(node), key="（一个列表或映射）", kind="列表或映射"))
            return None
        if node.tag == "tag:yaml.org,2002:merge" or (not node.style and node.value == "<<"):
            self.alias(node)
            return None
        if node.tag != _STR:
            self.findings.append(m.TAG.at(self.at(node), tag=node.tag))
            return None
        return node.value


def _human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def parse_yaml(path: str, raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document | None, list[Finding]]:
    """Parse ``raw`` (the bytes of ``path``); return the document, or None, and the findings."""
    start = Location(path, 1, 1)
    if len(raw) > max_bytes:
        return None, [m.TOO_LARGE.at(start, size=_human_size(len(raw)), limit=_human_size(max_bytes))]
    text, findings = _decode(path, raw)
    if text is None:
        return None, findings
    tab = _TAB_INDENT.search(text)
    if tab:
        line, column = _position(text, tab.end() - 1)
        return None, [m.TAB.at(Location(path, line, column), line=line)]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_finding(path, error)]
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        return None, [m.SYNTAX.at(start, problem=str(error).splitlines()[0], hint="请对照模板检查文件")]
    if root is None:
        return None, [m.EMPTY.at(start)]
    doc = Document(path, None)
    walker = _Walker(doc)
    doc.data = walker.walk(root, (), 0)
    if walker.findings:
        return None, walker.findings
    return doc, []
