"""The loader refuses every input hazard with a catalogued code, a line and a column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load import parse_yaml


def codes(raw: bytes) -> list[tuple[str, int | None, int | None]]:
    _doc, findings = parse_yaml("f.yaml", raw)
    return [(f.code, f.line, f.column) for f in findings]


def test_plain_mapping_keeps_every_scalar_as_text_with_positions() -> None:
    doc, findings = parse_yaml("f.yaml", b"a: 1\nb: no\nc: 2018-07-10\nd: ~\ne: ''\nf:\n  - x\n  - 010\n")
    assert findings == []
    assert doc.data == {"a": "1", "b": "no", "c": "2018-07-10", "d": None, "e": "", "f": ["x", "010"]}
    assert doc.values[("f", 1)] == (8, 5)
    assert doc.keys[("b",)] == (2, 1)


def test_utf8_bom_is_accepted() -> None:
    doc, findings = parse_yaml("f.yaml", b"\xef\xbb\xbfname: \xe5\x90\x8d\n")
    assert findings == [] and doc.data == {"name": "名"}


def test_gbk_file_is_named_as_such() -> None:
    doc, findings = parse_yaml("f.yaml", "id: x\nname: 数字家庭\n".encode("gbk"))
    assert doc is None
    (finding,) = findings
    assert (finding.code, finding.line, finding.column) == ("Y-001", 2, 7)
    assert "GBK" in finding.message and "UTF-8" in finding.message


def test_utf16_file_is_named_as_such() -> None:
    (finding,) = parse_yaml("f.yaml", "name: x\n".encode("utf-16"))[1]
    assert finding.code == "Y-001" and "UTF-16" in finding.message


def test_duplicate_key_names_both_lines() -> None:
    _doc, findings = parse_yaml("f.yaml", b"name: a\norder: 1\nname: b\n")
    (finding,) = findings
    assert (finding.code, finding.line, finding.column) == ("Y-006", 3, 1)
    assert "第 1 行" in finding.message


def test_alias_bomb_is_refused_without_expanding() -> None:
    bomb = "k0: &k0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"k{i + 1}: &k{i + 1} [*k{i}, *k{i}, *k{i}, *k{i}, *k{i}, *k{i}, *k{i}, *k{i}]\n" for i in range(30)
    )
    assert codes(bomb.encode()) == [("Y-007", 1, 5)]


def test_merge_key_is_refused() -> None:
    assert [c for c, _, _ in codes(b"base: &b {x: 1}\nother:\n  <<: *b\n")] == ["Y-007"]


def test_tab_indentation_points_at_the_tab() -> None:
    assert codes(b"applicant:\n\tname: x\n") == [("Y-005", 2, 1)]


@pytest.mark.parametrize(("key", "kind"), [("2018", "整数"), ("yes", "真假值"), ("1.5", "小数"), ("null", "空值")])
def test_keys_that_yaml_would_not_read_as_text(key: str, kind: str) -> None:
    _doc, findings = parse_yaml("f.yaml", f"{key}: x\n".encode())
    (finding,) = findings
    assert finding.code == "Y-008" and kind in finding.message


def test_complex_key_is_refused() -> None:
    assert [c for c, _, _ in codes(b"? [a, b]\n: x\n")] == ["Y-008"]


def test_python_tag_is_refused() -> None:
    assert codes(b"a: !!python/object/apply:os.system [ls]\n")[0][0] == "Y-009"


@pytest.mark.parametrize("raw", [b"", b"   \n", b"# only a comment\n"])
def test_empty_file(raw: bytes) -> None:
    assert codes(raw) == [("Y-002", 1, 1)]


def test_oversized_file() -> None:
    (finding,) = parse_yaml("f.yaml", b"a: " + b"x" * 300_000, max_bytes=256 * 1024)[1]
    assert finding.code == "Y-003" and "256 KB" in finding.message


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"name: a: b\n", 1, 8, "冒号"),
        (b'name: "open\n', 1, 12, "引号"),
        (b"a: 1\n---\nb: 2\n", 2, 1, "第二个"),
        (b"a: [1, 2\n", 1, 9, "方括号"),
    ],
)
def test_syntax_errors_are_explained_in_chinese(raw: bytes, line: int, column: int, words: str) -> None:
    (finding,) = parse_yaml("f.yaml", raw)[1]
    assert (finding.code, finding.line, finding.column) == ("Y-004", line, column)
    assert words in finding.message


def test_deep_nesting_is_refused() -> None:
    raw = "".join("  " * i + f"k{i}:\n" for i in range(40)).encode()
    assert {c for c, _, _ in codes(raw)} == {"Y-010"}


# -- positions: every finding inside the file, control characters where they are -------------


def english(message: str) -> list[str]:
    """Words of the parser's or the validator's English left in a message (none allowed)."""
    return re.findall(
        r"\b(?:found|expected|while|allowed|character|scanning|parsing|mapping|stream|input|should)\b", message
    )


@pytest.mark.parametrize(
    ("raw", "code", "line", "column", "words"),
    [
        (b"id: a\x7fb\n", "Y-012", 1, 6, "U+007F（删除符 DEL）"),
        (b"a: 1\nname: x\x00\n", "Y-012", 2, 8, "U+0000（空字符 NUL）"),
        (b"a: 1\nb: \x1b[31m\n", "Y-012", 2, 4, "U+001B（转义符 ESC）"),
        ("a: 1\r\nb: 中文\u009f\r\n".encode(), "Y-012", 2, 6, "U+009F（C1 控制字符）"),
        ("name: 项目\ufffe\n".encode(), "Y-012", 1, 9, "U+FFFE（非字符）"),
        ("name: \u202e目项示演\n".encode(), "Y-012", 1, 7, "U+202E（从右至左覆盖）"),
        ("# 注释\u2067\nname: x\n".encode(), "Y-012", 1, 5, "U+2067（从右至左隔离）"),
        ("name: a\u2028b\n".encode(), "Y-013", 1, 8, "U+2028（行分隔符）"),
        ("a: 1\rname: a\u0085b\r".encode(), "Y-013", 2, 8, "U+0085（下一行符 NEL）"),
    ],
)
def test_control_characters_are_refused_where_they_are_in_chinese(
    raw: bytes, code: str, line: int, column: int, words: str
) -> None:
    (finding,) = parse_yaml("f.yaml", raw)[1]
    assert (finding.code, finding.line, finding.column) == (code, line, column)
    assert words in finding.message and f"第 {line} 行第 {column} 列" in finding.message
    assert not english(finding.message)


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"id: [1", 1, 7, "方括号列表没有正确结束（第 1 行第 7 列，已到文件末尾；从第 1 行第 5 列开始）"),
        (b'name: "open', 1, 12, "引号没有结束"),
        (b"name: 'open\nsummary: x", 2, 11, "已到文件末尾；从第 1 行第 7 列开始"),
        (b"a: {b: 1\n\n", 2, 1, "花括号没有正确结束"),
        (b"a: 1\r\nb: [\r\n", 2, 5, "已到文件末尾"),
        (b"a: 1\rb: x: y\r", 2, 5, "此处不能出现“: ”"),
    ],
)
def test_a_syntax_error_at_the_end_points_inside_the_file(raw: bytes, line: int, column: int, words: str) -> None:
    (finding,) = parse_yaml("f.yaml", raw)[1]
    assert (finding.code, finding.line, finding.column) == ("Y-004", line, column)
    assert words in finding.message


def test_an_empty_value_at_the_end_is_placed_on_the_last_line() -> None:
    from generator.model.declaration import Contact
    from generator.model.validation import validate

    doc, _ = parse_yaml("f.yaml", b"name: \xe9\x99\x88\xe7\xa4\xba\xe4\xbe\x8b\nphone: 13800000000\nemail:\n")
    _model, findings = validate(doc, Contact)
    assert [(f.code, f.line, f.column) for f in findings] == [("S-001", 3, 7)]


# Inputs that reach each kind of libyaml (scanner, parser) and composer problem.
SYNTAX_CASES = [
    (b"a: b: c\n", "此处不能出现“: ”"),
    (b"a: ? b\n", "此处不能出现“? ”"),
    (b"a: - b\n", "此处不能开始列表"),
    (b"a: b\nc\nd: e\n", "缺少“: ”"),
    (b"a: 'x\n", "引号没有结束"),
    (b'a: "x\n---\n"\n', "单独成行的“---”"),
    (b'a: "\\q"\n', "无法识别的转义符"),
    (b'a: "\\xZZ"\n', "十六进制数字"),
    (b'a: "\\uD800"\n', "不是有效的字符"),
    (b"a: @x\n", "不能作为开头的字符"),
    (b"a: |0\n  x\n", "缩进数字不能是 0"),
    (b"a: |x\n  y\n", "只能换行"),
    (b"a: &\n", "缺少名称"),
    (b"%FOO\n---\na: 1\n", "“%”开头的指令"),
    (b"%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "“%”开头的指令"),
    (b"%YAML 2.0\n---\na: 1\n", "“%”开头的指令"),
    (b"%TAG ! !a\n%TAG ! !b\n---\na: 1\n", "“%”开头的指令"),
    (b"a: !<x\n", "标签写法不正确"),
    (b"a: !x!y 1\n", "标签写法不正确"),
    (b"a: !%zz 1\n", "标签写法不正确"),
    (b"a:\n  b: 1\n c: 2\n", "缩进不一致"),
    (b"- a\n-b: 1\nc\n", "列表项缩进不一致"),
    (b"a: [b, ,c]\n", "此处缺少内容"),
    (b"a: [b c: d\n", "方括号列表没有正确结束"),
    (b"a: {b c d\n", "花括号没有正确结束"),
    (b"a: 1\n--- b\n...\nc\n", "只能有一份内容"),
    (b"--- a\n... b\n", "文件结构不正确"),
    (b"a:\n  - b\n  c: d\n", "缩进不一致"),
    (b"a: " + b"[" * 1100 + b"\n", "嵌套层级过深"),
    (b"a: \t- b\n", None),
]


@pytest.mark.parametrize(("raw", "words"), SYNTAX_CASES, ids=[repr(r[:20]) for r, _ in SYNTAX_CASES])
def test_every_kind_of_syntax_error_is_explained_in_chinese_inside_the_file(raw: bytes, words: str | None) -> None:
    doc, findings = parse_yaml("f.yaml", raw)
    assert doc is None and len(findings) == 1
    (finding,) = findings
    assert finding.code in ("Y-004", "Y-005", "Y-007", "Y-010"), finding.message
    if words is not None:
        assert words in finding.message, finding.message
    assert not english(finding.message), finding.message
    text = raw.decode("utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    assert 1 <= finding.line <= len(lines)
    assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1


def _libyaml_problems() -> set[str]:
    """The problem texts compiled into the installed libyaml (PyYAML's C extension)."""
    import yaml._yaml

    blob = Path(yaml._yaml.__file__).read_bytes()
    shape = re.compile(
        rb"(?:did not find|could not find|found |mapping (?:keys|values)|block sequence|control characters"
        rb"|invalid |incomplete |input |exceeded|duplicate|incompatible|unexpected low)[ -~]*"
    )
    found = {m.group().decode() for m in re.finditer(rb"(?<=\x00)" + shape.pattern + rb"(?=\x00)", blob)}
    return found - {"invalid vtable found for imported type"}  # Cython's, not libyaml's


def test_every_libyaml_problem_has_chinese_words() -> None:
    from generator.load.yamlfile import _ALIAS_PROBLEMS, _PROBLEMS

    found = _libyaml_problems()
    assert len(found) > 40, sorted(found)  # the extraction works
    assert found - set(_PROBLEMS) - _ALIAS_PROBLEMS == set()


def test_an_unknown_parser_problem_still_gets_chinese_words() -> None:
    import yaml

    from generator.load.yamlfile import _syntax_finding

    mark = yaml.Mark("f.yaml", 0, 0, 3, None, None)
    finding = _syntax_finding(
        "f.yaml", yaml.MarkedYAMLError("while doing x", mark, "found a new thing", mark), "a: b\n"
    )
    assert finding.code == "Y-004" and not english(finding.message) and "new thing" not in finding.message


def test_a_tag_is_named_as_the_file_writes_it() -> None:
    """Found by the fuzz suite: the message showed libyaml's resolved form, tag:yaml.org,2002:str."""
    (finding,) = parse_yaml("f.yaml", b"!!str # c\na: 1\n")[1]
    assert finding.code == "Y-009" and "“!!str”" in finding.message and "yaml.org" not in finding.message


def test_a_file_that_cannot_be_read_is_said_in_chinese(tmp_path: Path) -> None:
    from generator.load import FileSystemSource

    (tmp_path / "target.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "target.yaml")
    source = FileSystemSource(tmp_path)
    assert source.read("target.yaml") == b"a: 1\n"
    for name, reason in (("link.yaml", "这是一个符号链接"), ("missing.yaml", "文件不存在")):
        with pytest.raises(OSError) as raised:
            source.read(name)
        assert str(raised.value) == reason
