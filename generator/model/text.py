"""The text policy: what a text that people read (on the site, in a review) may contain.

One policy for every free-text field (names, titles, summaries, comments, short names, reasons…),
applied by the shared ``Text`` type of ``generator.model.types``:

- trimmed (leading and trailing whitespace, including the ideographic space U+3000, removed) and
  in Unicode normalization form NFC;
- no control character (NUL, ESC, DEL, C1, tab…), no format character (zero-width spaces and
  joiners, soft hyphen, byte-order mark, bidirectional embeddings, overrides and isolates such as
  U+202E), no line or paragraph separator, no noncharacter (U+FFFE…); a line break only in a
  field that holds paragraphs;
- not blank once the invisible characters are set aside (spaces, combining marks standing alone,
  Hangul fillers, the blank Braille pattern).

The character classes are also used by the loader (control characters anywhere in a YAML file)
and by the layout (attachment names). This module imports nothing from the project.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Unicode general category Cf (format characters), as ranges (Unicode 15; a test compares them
# with the Unicode database of the running Python).
FORMAT_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees.
BIDI_RANGES = "\u202a-\u202e\u2066-\u2069"
# Noncharacters: never meant for interchange.
NONCHARACTER_RANGES = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Characters no text may hold: controls (the line break aside: it is allowed in paragraphs),
# format characters, line and paragraph separators, surrogates and noncharacters.
FORBIDDEN_CLASS = f"\x00-\x09\x0b-\x1f\x7f-\x9f{FORMAT_RANGES}\u2028\u2029\ud800-\udfff{NONCHARACTER_RANGES}"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CLASS}]")
_FORBIDDEN_ONE_LINE = re.compile(f"[\n{FORBIDDEN_CLASS}]")
# Trimmed from both ends: the line break and the space separators (category Zs, U+3000 among them).
# Controls are not trimmed but refused, so that nothing disappears without a word.
_TRIM = "\n \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Letters and symbols that show nothing.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")

_NAMES = {
    "\x00": "空字符 NUL",
    "\x07": "响铃符 BEL",
    "\x08": "退格符 BS",
    "\t": "制表符 Tab",
    "\n": "换行",
    "\x0b": "垂直制表符 VT",
    "\x0c": "换页符 FF",
    "\r": "回车符 CR",
    "\x1b": "转义符 ESC",
    "\x7f": "删除符 DEL",
    "\x85": "下一行符 NEL",
    "\u00a0": "不换行空格",
    "\u00ad": "软连字符",
    "\u061c": "阿拉伯字母标记",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左至右标记",
    "\u200f": "从右至左标记",
    "\u202a": "从左至右嵌入",
    "\u202b": "从右至左嵌入",
    "\u202c": "取消方向格式",
    "\u202d": "从左至右覆盖",
    "\u202e": "从右至左覆盖",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
    "\u2060": "字连接符",
    "\u2066": "从左至右隔离",
    "\u2067": "从右至左隔离",
    "\u2068": "首强字符隔离",
    "\u2069": "取消方向隔离",
    "\u3000": "全角空格",
    "\ufeff": "字节顺序标记 BOM",
    "\ufffe": "非字符",
    "\uffff": "非字符",
}


def describe(char: str) -> str:
    """A character as a reader can find it: its code point and, in words, what it is."""
    code = f"U+{ord(char):04X}"
    if char == "\n":
        return "换行"
    name = _NAMES.get(char)
    if name is None:
        category = unicodedata.category(char)
        if category == "Cc":
            name = "C1 控制字符" if 0x80 <= ord(char) <= 0x9F else "控制字符"
        elif category == "Cf":
            name = "不可见的格式字符"
        elif category == "Cs":
            name = "代理码位"
        elif 0xFDD0 <= ord(char) <= 0xFDEF or (ord(char) & 0xFFFE) == 0xFFFE:
            name = "非字符"
        elif category.startswith("M"):
            name = "组合附加符号"
        elif category.startswith("Z"):
            name = "空白字符"
        else:
            return f"“{char}”（{code}）"
    return f"{code}（{name}）"


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a text: a kind (forbidden, line_break, blank), and where."""

    kind: str
    character: str = ""
    index: int = 0  # 1-based, in the normalized text


def _visible(char: str) -> bool:
    if char in _BLANK_GLYPHS:
        return False
    return char.isalnum() or unicodedata.category(char)[0] in "LNPS" or unicodedata.category(char) == "Co"


def quick(value: str, multiline: bool) -> str | None:
    """The text as it will be kept when it plainly passes (most texts), else None (see ``normalize``).

    Printable text (``str.isprintable``: no control, format, separator, surrogate or unassigned
    character, no space but U+0020) holds nothing forbidden; one that starts with a letter or a
    digit once trimmed is not blank.
    """
    if not (value.isprintable() or (multiline and value.replace("\n", " ").isprintable())):
        return None
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return None
    kept = value.strip(_TRIM)
    if kept and kept[0].isalnum() and kept[0] not in _BLANK_GLYPHS:
        return kept
    return None


def normalize(value: str, *, multiline: bool) -> tuple[str, Problem | None]:
    """The text as it will be kept (NFC, trimmed), and what is wrong with it, if anything."""
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    value = value.strip(_TRIM)
    # Printable text (str.isprintable: no control, format, separator, surrogate or unassigned
    # character, no space but " ") holds nothing forbidden: most texts take this fast path.
    if not (value.isprintable() or (multiline and value.replace("\n", " ").isprintable())):
        bad = (_FORBIDDEN if multiline else _FORBIDDEN_ONE_LINE).search(value)
        if bad is not None:
            char = bad.group()
            return value, Problem("line_break" if char == "\n" else "forbidden", char, bad.start() + 1)
    # Most texts begin with a visible character: one lookup; the walk is for the rest.
    if value and (_visible(value[0]) or any(_visible(c) for c in value)):
        return value, None
    return value, Problem("blank")


def visible(value: str) -> str:
    """``value`` with every character no text may hold shown as its code point (for messages)."""
    if _FORBIDDEN.search(value) is None:
        return value
    return _FORBIDDEN.sub(lambda found: f"‹U+{ord(found.group()):04X}›", value)


def is_space(value: str) -> bool:
    """Whether ``value`` holds nothing but spaces and line breaks (an empty answer)."""
    return not value.strip(_TRIM)
