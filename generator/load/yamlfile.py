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
from generator.model.text import BIDI_RANGES, describe

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

# Every problem libyaml (scanner, parser, reader) and PyYAML's composer report, in words a province
# officer understands, with how to fix it. A test reads the problem texts out of the installed
# libyaml and fails when one is missing here; an unknown one still gets Chinese words (never the
# parser's English).
_QUOTE_HINT = "若是文字内容，请给整段文字加上引号；否则请对照模板检查这一行"
_DIRECTIVE = (
    "以“%”开头的指令行无法识别",
    "申报文件不需要以“%”开头的指令：请删除这一行；若是文字内容，请给整段文字加上引号",
)
_TAG = ("以“!”开头的标签写法不正确", "申报文件不使用标签：请删除以“!”开头的部分；若是文字内容，请给整段文字加上引号")
_ESCAPE_HINT = "双引号内的反斜杠“\\”要写成“\\\\”；或改用单引号，或不加引号"
_UNREADABLE_CHARACTER = ("文件中有无法读取的字符", "请用 UTF-8 编码重新保存文件")
_PROBLEMS: dict[str, tuple[str, str]] = {
    # scanner
    "mapping values are not allowed in this context": (
        "此处不能出现“: ”",
        "常见原因：文字中含有英文冒号加空格（请给整段文字加上引号，或改用中文冒号“：”），或上一行缩进不对",
    ),
    "mapping keys are not allowed in this context": ("此处不能出现“? ”", _QUOTE_HINT),
    "block sequence entries are not allowed in this context": (
        "此处不能开始列表（“- ”）",
        "列表项要写在字段的下一行并缩进，不能与字段写在同一行；若是文字内容，请给整段文字加上引号",
    ),
    "could not find expected ':'": (
        "缺少“: ”",
        "每个字段都要写成“字段名: 值”，冒号后面要有一个空格；若是多行文字，请用“|”开头并统一缩进",
    ),
    "found unexpected end of stream": (
        "文件意外结束",
        "通常是引号或括号没有配对：请检查开始的引号或括号是否有对应的结束符号",
    ),
    "found unexpected document indicator": (
        "引号内出现了单独成行的“---”或“...”",
        "引号中的多行文字不能有以“---”或“...”开头的行；多行文字请用“|”开头并统一缩进",
    ),
    "found unknown escape character": ("双引号中有无法识别的转义符“\\”", _ESCAPE_HINT),
    "did not find expected hexdecimal number": ("双引号中“\\x”“\\u”“\\U”后面应是十六进制数字", _ESCAPE_HINT),
    "found invalid Unicode character escape code": ("双引号中的“\\u”“\\U”转义不是有效的字符", _ESCAPE_HINT),
    "found unexpected ':'": ("此处不能出现“:”", _QUOTE_HINT),
    "found character that cannot start any token": (
        "出现了不能作为开头的字符",
        "常见原因：用 Tab 缩进，或以 @、` 等符号开头的文字未加引号；请改用空格缩进或给文字加引号",
    ),
    "found a tab character that violates indentation": ("在缩进中出现了 Tab", "YAML 只能用空格缩进：请把 Tab 换成空格"),
    "found a tab character where an indentation space is expected": (
        "多行文字的缩进中出现了 Tab",
        "YAML 只能用空格缩进：请把 Tab 换成空格",
    ),
    "found an indentation indicator equal to 0": ("“|”或“>”后面的缩进数字不能是 0", "多行文字直接写“|”，不要加数字"),
    "did not find expected comment or line break": (
        "此处应当换行",
        "“|”或“>”后面、以及一项内容结束之后，只能换行或写以“#”开头的注释：请把多余的内容移到下一行，或给文字加上引号",
    ),
    "did not find expected alphabetic or numeric character": (
        "“&”或“*”后面缺少名称",
        "申报文件不使用锚点和引用；若是文字内容，请给整段文字加上引号",
    ),
    "could not find expected directive name": _DIRECTIVE,
    "found unknown directive name": _DIRECTIVE,
    "found unexpected non-alphabetical character": _DIRECTIVE,
    "did not find expected digit or '.' character": _DIRECTIVE,
    "found extremely long version number": _DIRECTIVE,
    "did not find expected version number": _DIRECTIVE,
    "did not find expected whitespace": _DIRECTIVE,
    "found duplicate %YAML directive": _DIRECTIVE,
    "incompatible %YAML directive": _DIRECTIVE,
    "found incompatible YAML document": _DIRECTIVE,
    "found duplicate %TAG directive": _DIRECTIVE,
    "duplicate %TAG directive": _DIRECTIVE,
    "did not find expected '!'": _TAG,
    "did not find expected tag URI": _TAG,
    "did not find the expected '>'": _TAG,
    "did not find URI escaped octet": _TAG,
    "found an incorrect leading UTF-8 octet": _TAG,
    "found an incorrect trailing UTF-8 octet": _TAG,
    "found undefined tag handle": _TAG,
    "did not find expected whitespace or line break": ("此处缺少空格或换行", _QUOTE_HINT),
    "exceeded maximum nesting depth": ("嵌套层级过深", "请检查括号和缩进"),
    # parser
    "did not find expected key": ("缩进不一致", "同一层级的字段必须左对齐；请检查这一行和上一行的缩进空格数"),
    "did not find expected '-' indicator": ("列表项缩进不一致", "同一列表的每一项都要以“- ”开头并左对齐"),
    "did not find expected node content": (
        "此处缺少内容",
        "请检查是否多写了“,”“-”“?”或“:”，以及括号、引号是否配对",
    ),
    "did not find expected ',' or ']'": ("方括号列表没有正确结束", "请检查“[ ]”是否配对，各项之间用英文逗号分隔"),
    "did not find expected ',' or '}'": ("花括号没有正确结束", "请检查“{ }”是否配对，各项之间用英文逗号分隔"),
    "did not find expected <document start>": ("文件结构不正确", "请检查缩进，文件顶层应是“字段名: 值”的形式"),
    "did not find expected <stream-start>": ("文件开头无法识别", "请对照模板重新保存文件"),
    # composer (PyYAML)
    "but found another document": (
        "一个文件中只能有一份内容（出现了第二个“---”）",
        "请删除多余的“---”分隔线，每份申报书单独一个文件",
    ),
    # reader (the loader refuses these characters first, with their position: Y-001, Y-012, Y-013)
    "control characters are not allowed": ("文件中有不可见的控制字符", "请删除这些字符，或重新输入这一行"),
    "invalid leading UTF-8 octet": _UNREADABLE_CHARACTER,
    "incomplete UTF-8 octet sequence": _UNREADABLE_CHARACTER,
    "invalid trailing UTF-8 octet": _UNREADABLE_CHARACTER,
    "invalid length of a UTF-8 sequence": _UNREADABLE_CHARACTER,
    "invalid Unicode character": _UNREADABLE_CHARACTER,
    "incomplete UTF-16 character": _UNREADABLE_CHARACTER,
    "incomplete UTF-16 surrogate pair": _UNREADABLE_CHARACTER,
    "unexpected low surrogate area": _UNREADABLE_CHARACTER,
    "input is too long": _UNREADABLE_CHARACTER,
    "input error": _UNREADABLE_CHARACTER,
}
# The same problem, said better where the context is known.
_IN_CONTEXT: dict[tuple[str, str], tuple[str, str]] = {
    ("while scanning a quoted scalar", "found unexpected end of stream"): (
        "引号没有结束",
        "请在文字末尾补上对应的结束引号（单引号配单引号，双引号配双引号）",
    ),
    ("while parsing a flow sequence", "did not find expected ',' or ']'"): _PROBLEMS[
        "did not find expected ',' or ']'"
    ],
    ("while scanning a block scalar", "did not find expected comment or line break"): (
        "“|”或“>”后面只能换行",
        "多行文字在“|”后直接换行，文字从下一行开始，每行缩进相同",
    ),
    ("while scanning a tag", "did not find expected whitespace or line break"): _TAG,
    ("while scanning a simple key", "could not find expected ':'"): _PROBLEMS["could not find expected ':'"],
}
_UNKNOWN_PROBLEM = ("文件无法按 YAML 读取", "请对照模板检查这一行及上一行的缩进、冒号和引号")
# The composer's anchor and alias problems are uses of anchors: Y-007.
_ALIAS_PROBLEMS = frozenset({"found undefined alias", "second occurrence"})
# Characters refused anywhere in a YAML file, found before libyaml so that the position is exact:
# controls (tab, line feed and carriage return aside), DEL, C1 controls, bidirectional embeddings,
# overrides and isolates, surrogates, U+FFFE and U+FFFF; and the line breaks only YAML knows.
_RAW_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_RANGES}\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ODD_BREAKS = frozenset("\x85\u2028\u2029")
_BREAKS = re.compile(r"\r\n?|\n")


@dataclass(slots=True)
class Document:
    """A parsed YAML file: plain data, and where each value and key sits (1-based line, column)."""

    path: str
    data: Any
    values: dict[tuple[Hashable, ...], tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple[Hashable, ...], tuple[int, int]] = field(default_factory=dict)
    # The last position inside the file: its last line, and the column just after that line's end.
    end: tuple[int, int] = (1, 1)

    def where(self, *loc: Hashable) -> Location:
        """The position of the value at ``loc``, or of its nearest existing parent."""
        loc_t = tuple(loc)
        while loc_t and loc_t not in self.values:
            loc_t = loc_t[:-1]
        line, column = self.values.get(loc_t, (1, 1))
        return self._inside(line, column)

    def where_key(self, *loc: Hashable) -> Location:
        """The position of the key of ``loc`` (for a field that should not be there)."""
        if tuple(loc) in self.keys:
            line, column = self.keys[tuple(loc)]
            return self._inside(line, column)
        return self.where(*loc)

    def _inside(self, line: int, column: int) -> Location:
        # libyaml puts an empty value at the end of the stream, past the last line break.
        if (line, column) > self.end:
            line, column = self.end
        return Location(self.path, line, column)


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
    """The line and column (1-based, in characters) of ``text[offset]``; CR LF, CR and LF end a line."""
    if "\r" not in text:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    line, start = 1, 0
    for found in _BREAKS.finditer(text, 0, offset):
        line, start = line + 1, found.end()
    return line, offset - start + 1


def extent(text: str) -> tuple[int, int]:
    """The last position inside ``text``: its last line, and the column just after that line's end.

    A final line break ends the last line rather than starting a new one, as editors count lines.
    """
    if "\r" in text:
        lines = _BREAKS.split(text)
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()
        return len(lines), len(lines[-1]) + 1
    breaks = text.count("\n")
    if text.endswith("\n"):
        return breaks, len(text) - 1 - (text.rfind("\n", 0, len(text) - 1) + 1) + 1
    return breaks + 1, len(text) - (text.rfind("\n") + 1) + 1


def _decode(path: str, raw: bytes) -> tuple[str | None, list[Finding]]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw.startswith(
        (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    ):
        return None, [m.NOT_UTF8.at(Location(path, 1, 1), line=1, column=1, guess="；看起来是 UTF-16（“Unicode”）编码")]
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as error:
        head = body[: error.start].decode("utf-8", "replace")
        line, column = _position(head, len(head))
        try:
            body.decode("gb18030")
            guess = "；看起来是 GBK（GB2312/GB18030）编码，常见于 Windows 记事本或 WPS 的默认保存"
        except UnicodeDecodeError:
            guess = ""
        return None, [m.NOT_UTF8.at(Location(path, line, column), line=line, column=column, guess=guess)]


def _scan(path: str, text: str) -> Finding | None:
    """The first character no YAML file may hold, at its exact line and column."""
    bad = _RAW_FORBIDDEN.search(text)
    if bad is None:
        return None
    line, column = _position(text, bad.start())
    where, character = Location(path, line, column), describe(bad.group())
    if bad.group() in _ODD_BREAKS:
        return m.LINE_SEPARATOR.at(where, line=line, column=column, character=character)
    return m.CONTROL_CHARACTER.at(where, line=line, column=column, character=character)


def check_text_bytes(path: str, raw: bytes) -> list[Finding]:
    """For a text file that is not YAML (Markdown): UTF-8, and no control or bidirectional-override character."""
    text, findings = _decode(path, raw)
    if text is None:
        return findings
    found = _scan(path, text)
    return [found] if found is not None else []


def _syntax_finding(path: str, error: yaml.MarkedYAMLError, text: str) -> Finding:
    """libyaml's error in Chinese, at a position inside the file (the end of the file at the latest)."""
    end = extent(text)
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    at_end = (line, column) >= end
    if at_end:
        line, column = end
    if error.problem in _ALIAS_PROBLEMS:
        return m.ALIAS.at(Location(path, line, column))
    problem, hint = _IN_CONTEXT.get((error.context or "", error.problem or "")) or _PROBLEMS.get(
        error.problem or "", _UNKNOWN_PROBLEM
    )
    where = f"第 {line} 行第 {column} 列"
    context = error.context_mark
    if at_end:
        where += "，已到文件末尾"
        if context is not None:  # what was left open: the quote, the bracket
            start = min((context.line + 1, context.column + 1), end)
            where += f"；从第 {start[0]} 行第 {start[1]} 列开始"
    return m.SYNTAX.at(Location(path, line, column), problem=f"{problem}（{where}）", hint=hint)


def _reader_finding(path: str, error: yaml.reader.ReaderError, text: str) -> Finding:
    """A reader error (the characters are refused before libyaml reads them: a fallback)."""
    offset = len(text.encode("utf-8")[: max(error.position, 0)].decode("utf-8", "ignore"))
    line, column = min(_position(text, min(offset, len(text))), extent(text))
    problem, hint = _PROBLEMS.get(error.reason, _UNKNOWN_PROBLEM)
    return m.SYNTAX.at(Location(path, line, column), problem=f"{problem}（第 {line} 行第 {column} 列）", hint=hint)


@functools.lru_cache(maxsize=4096)
def _plain_key_kind(value: str) -> str | None:
    """What YAML 1.1 would read a plain key as, when not text (keys repeat: cached)."""
    for pattern, kind in _KEY_KINDS:
        if pattern.match(value):
            return kind
    return None


class _Walker:
    """Turns a composed node tree into plain data, recording positions and hazards."""

    __slots__ = ("alias_reported", "doc", "findings", "path", "seen", "track")

    def __init__(self, doc: Document, *, aliases: bool = True) -> None:
        self.doc = doc
        self.path = doc.path
        self.findings: list[Finding] = []
        self.seen: set[int] = set()
        self.alias_reported = False
        # An alias makes libyaml give the same node twice; without a "*" in the file there is none.
        self.track = aliases

    def alias(self, node: yaml.Node) -> None:
        """Report the first use of an anchor, alias or merge key (once per file is enough)."""
        if not self.alias_reported:
            self.alias_reported = True
            self.findings.append(m.ALIAS.at(self.at(node)))

    def at(self, node: yaml.Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, loc: tuple[Hashable, ...], depth: int) -> Any:
        if self.track:
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
                self.findings.append(m.TAG.at(self.at(node), tag=_written(tag)))
            value = node.value
            if not node.style and value in _NULLS:
                return None
            return value
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                self.findings.append(m.TAG.at(self.at(node), tag=_written(tag)))
            return [self.walk(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if tag != _MAP:
            self.findings.append(m.TAG.at(self.at(node), tag=_written(tag)))
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        values, keys, seen, track = self.doc.values, self.doc.keys, self.seen, self.track
        for key_node, value_node in node.value:
            # Most keys are plain text (the hot path, without a call); _key says what the others are.
            if not (
                key_node.__class__ is ScalarNode
                and key_node.tag == _STR
                and not key_node.style
                and _plain_key_kind(key := key_node.value) is None
            ):
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
            if value_node.__class__ is ScalarNode and value_node.tag == _STR and not (track and id(value_node) in seen):
                if track:
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
            self.findings.append(
                m.NON_TEXT_KEY.at(self.at(node), key=f"“{node.value}”" if node.value else "（空）", kind=kind)
            )
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
            self.findings.append(m.TAG.at(self.at(node), tag=_written(node.tag)))
            return None
        return node.value


def _written(tag: str) -> str:
    """A tag as the file spells it: tag:yaml.org,2002:str was written !!str."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


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
    hazard = _scan(path, text)
    if hazard is not None:
        return None, [hazard]
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        line, column = _position(text, tab.end() - 1)
        return None, [m.TAB.at(Location(path, line, column), line=line)]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_finding(path, error, text)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_finding(path, error, text)]
    except (yaml.YAMLError, ValueError, RecursionError):
        problem, hint = _UNKNOWN_PROBLEM
        return None, [m.SYNTAX.at(start, problem=problem, hint=hint)]
    if root is None:
        return None, [m.EMPTY.at(start)]
    doc = Document(path, None, end=extent(text))
    walker = _Walker(doc, aliases="*" in text)
    doc.data = walker.walk(root, (), 0)
    if walker.findings:
        return None, walker.findings
    return doc, []
