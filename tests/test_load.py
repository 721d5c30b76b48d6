"""The loader refuses every input hazard with a catalogued code, a line and a column."""

from __future__ import annotations

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
        (b'name: "open\n', 2, 1, "引号"),
        (b"a: 1\n---\nb: 2\n", 2, 1, "第二个"),
        (b"a: [1, 2\n", 2, 1, "方括号"),
    ],
)
def test_syntax_errors_are_explained_in_chinese(raw: bytes, line: int, column: int, words: str) -> None:
    (finding,) = parse_yaml("f.yaml", raw)[1]
    assert (finding.code, finding.line, finding.column) == ("Y-004", line, column)
    assert words in finding.message


def test_deep_nesting_is_refused() -> None:
    raw = "".join("  " * i + f"k{i}:\n" for i in range(40)).encode()
    assert {c for c, _, _ in codes(raw)} == {"Y-010"}
