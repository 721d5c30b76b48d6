"""Fuzzing `sfxm check`: mutated inputs of every kind of file, through the real command.

Five ways of breaking a file, each drawn over every kind of file of the layout (units, roles, a
call, declarations, experts, the assignment, scores, the proposed and final lists, records of
each kind): bytes, lines, whole documents, structure-aware edits of a sample (hostile values at
random places, through PyYAML's dumper so that escapes and flow styles vary), and file names
(impossible dates, other calls' ids, hostile characters). Each input goes into a copy of the
sample repository and through ``sfxm check --format json`` in this process, asserting:

- no exception: the command exits 0 (no error) or 1 (errors), never 3 (internal error) or 2;
- the output is JSON, one object per finding, each with a catalogued code;
- every line and column lies inside the file the finding names;
- no English in any message (every ASCII word is the program's vocabulary or comes from the input).

CI runs a fixed, derandomized set (about two minutes). The long mode draws fresh inputs:

    SFXM_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py -p no:randomly -q

(``SFXM_FUZZ_SEED`` fixes its seed) and writes what it ran and found to
``tests/_artifacts/fuzz-summary.json``.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import re
import shutil
import string
from collections import Counter
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator import layout
from generator.cli import main
from generator.findings import catalogue
from generator.layout import RECORD_KINDS
from generator.model import call, declaration, record, review, types
from generator.model.schema import SCHEMAS
from tests.conftest import ROOT
from tests.test_models import all_models

LONG = int(os.environ.get("SFXM_FUZZ_EXAMPLES", "0"))
SEED = os.environ.get("SFXM_FUZZ_SEED")
# CI: a fixed set; the per-strategy counts keep the suite near two minutes on the 2-core machine.
CI_EXAMPLES = {"bytes": 250, "lines": 150, "documents": 80, "structure": 200, "names": 120}


def fuzz_settings(strategy: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    config = settings(
        max_examples=LONG or CI_EXAMPLES[strategy],
        derandomize=not LONG,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    if LONG and SEED is not None:
        return lambda test: seed(int(SEED))(config(test))
    return config


# -- the seeds: one sample file of every kind -------------------------------------------------

CORRECTION = """# 更正（示例数据，纯属虚构）
number: 示例更正〔2020〕1号
supersedes: 2019-05-10-change-1
target: 示例报备〔2019〕1号
text: 更正报备日期和承继单位名称的书写错误，原记录保留并公开。
"""
SEEDS: dict[str, str] = {
    "submissions/registry/units.yaml": "units",
    "submissions/registry/roles.yaml": "roles",
    "submissions/registry/holidays.yaml": "holidays",
    "submissions/registry/site.yaml": "site",
    "submissions/2018/call.yaml": "call",
    "submissions/2022/call.yaml": "call",
    "submissions/2018/declarations/110000/2018-110000-001.yaml": "declaration",
    "submissions/2018/declarations/440300/2018-440300-006.yaml": "declaration",
    "submissions/2018/review/experts.yaml": "experts",
    "submissions/2018/review/assignment.yaml": "assignment",
    "submissions/2018/review/set-aside/2018-08-25-1.yaml": "set-aside",
    "submissions/2018/review/scores/e01/2018-310000-001.yaml": "score",
    "submissions/2018/decision/proposed.yaml": "proposed",
    "submissions/2018/decision/final.yaml": "final",
    "submissions/2018/records/2018-09-26-withdrawal-1.yaml": "record-withdrawal",
    "submissions/2018/records/2019-05-10-change-1.yaml": "record-change",
    "submissions/2018/records/2019-11-20-inspection-1.yaml": "record-inspection",
    "submissions/2018/records/2019-12-20-revocation-1.yaml": "record-revocation",
    "submissions/2018/records/2020-01-10-correction-1.yaml": "record-correction",
    "submissions/registry/recipients.yaml": "recipients",
    "submissions/2018/review/recipients.yaml": "review-recipients",
}
# Recipients (public keys) of a sealed call; the sample calls are plain and have none.
RECIPIENTS = """# 项目办和各单位的 age 公钥（示例，纯属虚构）
office: [age1mdffc2whpzgy75x9awtd6hwnc38y9afzy828l9mt24kkvyreffasfsw490]
units:
  "110000": [age17qphqruyv5c03wmgw2a5pudheqxvn42mdr6xc3vptuwqgugprqxsf9cdrl]
"""
REVIEW_RECIPIENTS = """# 评估机构和专家的 age 公钥（示例，纯属虚构）
agency: [age1cfjamhqfdetw8eejegd7upk9jjrh4xv6m966skylkh4yqhy26v4qjztc4u]
experts:
  e01: [age17qphqruyv5c03wmgw2a5pudheqxvn42mdr6xc3vptuwqgugprqxsf9cdrl]
"""


SET_ASIDE = """# 不予采用的评分（示例数据，纯属虚构）
scores:
  - expert: e01
    declaration: 2018-310000-001
    reason: 评分提交后才发现的回避关系（示例）
"""


def _seed_bytes(path: str) -> bytes:
    if path.endswith("registry/recipients.yaml"):
        return RECIPIENTS.encode("utf-8")
    if path.endswith("review/recipients.yaml"):
        return REVIEW_RECIPIENTS.encode("utf-8")
    if path.endswith("correction-1.yaml"):
        return CORRECTION.encode("utf-8")
    if "/set-aside/" in path:
        return SET_ASIDE.encode("utf-8")
    return (ROOT / path).read_bytes()


SEED_BYTES = {path: _seed_bytes(path) for path in SEEDS}
assert set(SEEDS.values()) >= {k.replace("record-", "record-") for k in SCHEMAS}, "a kind of file has no seed"

# -- what the fuzzer puts in --------------------------------------------------------------------

INTERESTING_BYTES = [
    b"\x00",
    b"\x01",
    b"\x1b",
    b"\x7f",
    b"\x80",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc2\x85",
    b"\xc2\x9f",
    b"\xe2\x80\xae",
    b"\xe2\x80\xa8",
    b"\xe2\x80\x8b",
    b"\xef\xbf\xbe",
    b"\xef\xbb\xbf",
    b"\t",
    b"\r",
    b"\r\n",
    b"\n",
    b": ",
    b":",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b'"',
    b"'",
    b"&a ",
    b"*a",
    b"<<: ",
    b"!!str ",
    b"!x ",
    b"|",
    b">",
    b"#",
    b"%",
    b"@",
    b"`",
    b"\\",
    b"? ",
    b"---\n",
    b"...\n",
    b"~",
    b"null",
    "８６００".encode(),
    "\u3000".encode(),
    "是".encode(),
    "\u0301".encode(),
]
HOSTILE_TEXT = [
    "",
    " ",
    "\u3000" * 4,
    "\u200b" * 4,
    "\u0301" * 4,
    "\u3164" * 4,
    "\x00",
    "\x1b[31m",
    "\u202e名称",
    "名称\u2066",
    "a\tb",
    "a\nb",
    "\ufeff",
    "８６００",
    "５９",
    "１",
    "٣",
    "是",
    "否",
    "yes",
    "on",
    "true",
    "false",
    "null",
    "~",
    "2019-02-30",
    "0000-00-00",
    "2018-07-20",
    "2018-07-20T17:00:00+08:00",
    "20180720",
    "0",
    "-1",
    "1e999",
    "NaN",
    "Infinity",
    "9" * 40,
    "1,200",
    "1_000",
    "０１０-６８２０８８８８",
    "2018-110000-001",
    "2022-110000-001",
    "2019-02-30-inspection-1",
    "2019-11-20-inspection-1",
    "e01",
    "110000",
    "999999",
    "万元",
    "企业法人",
    "京" * 3000,
    "示例文字" * 5,
]


def _vocabulary() -> frozenset[str]:
    """Every ASCII word the program itself may write: its messages, field names and choices."""
    words: set[str] = set()
    for message in catalogue():
        for part in (message.title, message.problem, message.fix, message.why):
            words.update(re.findall(r"[A-Za-z]{2,}", part))
    for model in all_models():
        for name, info in model.model_fields.items():
            words.update(re.findall(r"[A-Za-z]{2,}", name))
            words.update(re.findall(r"[A-Za-z]{2,}", info.description or ""))
            words.update(re.findall(r"[A-Za-z]{2,}", json.dumps(info.examples or [], ensure_ascii=False)))
    words.update(RECORD_KINDS, layout.ATTACHMENT_TYPES, layout.CASE_ASSET_TYPES)
    for place in layout.LAYOUT_HELP.values():
        words.update(re.findall(r"[A-Za-z]{2,}", place))
    for path in (ROOT / "generator").rglob("*.py"):  # choices and words the rules put in messages
        for literal in re.findall(r'"([^"\n]*[\u4e00-\u9fff][^"\n]*)"', path.read_text(encoding="utf-8")):
            words.update(re.findall(r"[A-Za-z]{2,}", literal))
    for enum in _enums():
        words.update(w for member in enum for w in re.findall(r"[A-Za-z]{2,}", str(member.value)))
    return frozenset(w.lower() for w in words)


def _enums() -> list[type[Enum]]:
    modules = (call, declaration, record, review, types)
    return [v for m in modules for v in vars(m).values() if isinstance(v, type) and issubclass(v, Enum)]


VOCABULARY = _vocabulary()
CODES = frozenset(m.code for m in catalogue())

# -- the repository the inputs go into ---------------------------------------------------------


class Workbench:
    """A copy of the sample repository; each input is written in, checked, and taken out again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(ROOT / "submissions", root / "submissions")
        for path, raw in SEED_BYTES.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(raw)
        self.baseline_words = frozenset(
            w.lower()
            for p in (root / "submissions").rglob("*.yaml")
            for w in re.findall(r"[A-Za-z]{2,}", p.read_text(encoding="utf-8", errors="replace"))
        )
        self.inputs = 0
        self.exits: Counter[int] = Counter()
        self.codes: Counter[str] = Counter()
        self.by_strategy: Counter[str] = Counter()

    def check(self, strategy: str, files: dict[str, bytes], *, whole: bool = False) -> None:
        """Write ``files``, run ``sfxm check`` on them (or on everything), assert, then restore."""
        saved: dict[Path, bytes | None] = {}
        for rel, raw in files.items():
            target = self.root / rel
            saved[target] = target.read_bytes() if target.exists() else None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
        try:
            args = ["check", "--root", str(self.root), "--format", "json"]
            if not whole:
                args += [str(self.root / rel) for rel in files]
            code, out, err = run_main(args)
            self._assert(code, out, err, files)
        finally:
            for target, raw in saved.items():
                if raw is None:
                    target.unlink()
                else:
                    target.write_bytes(raw)
        self.inputs += 1
        self.by_strategy[strategy] += 1
        self.exits[code] += 1

    def _assert(self, code: int, out: str, err: str, files: dict[str, bytes]) -> None:
        assert code in (0, 1), f"exit {code}: {err}"
        findings = json.loads(out)
        assert isinstance(findings, list)
        assert (code == 1) == any(f["severity"] == "error" for f in findings), findings
        allowed = VOCABULARY | self.baseline_words
        for raw in files.values():
            allowed |= {w.lower() for w in re.findall(r"[A-Za-z]{2,}", raw.decode("utf-8", "replace"))}
        allowed |= {w.lower() for rel in files for w in re.findall(r"[A-Za-z]{2,}", rel)}
        for finding in findings:
            assert set(finding) == {"code", "severity", "path", "line", "column", "message"}, finding
            assert finding["code"] in CODES and finding["severity"] in ("error", "warning"), finding
            assert re.search(r"[\u4e00-\u9fff]", finding["message"]), finding
            words = re.findall(r"[A-Za-z]{2,}", re.sub(r"U\+[0-9A-F]{4,6}", "", finding["message"]))
            english = {w for w in words if w.lower() not in allowed}
            assert not english, f"English in {finding['code']}: {sorted(english)}: {finding['message']}"
            self.codes[finding["code"]] += 1
            self._assert_inside(finding)

    def _assert_inside(self, finding: dict[str, Any]) -> None:
        line, column = finding["line"], finding["column"]
        if line is None:
            assert column is None, finding
            return
        path = self.root / finding["path"]
        assert path.is_file(), finding
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        lines = re.split(r"\r\n|\r|\n", raw.decode("utf-8", "replace"))
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()
        assert 1 <= line <= len(lines), f"line {line} of a {len(lines)}-line file: {finding}"
        assert 1 <= column <= len(lines[line - 1]) + 1, f"column {column} of line {line!r}: {finding}"


def run_main(args: list[str]) -> tuple[int, str, str]:
    """``sfxm`` as a user runs it, in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        else:  # pragma: no cover - main always exits
            code = 0
    return code, out.getvalue(), err.getvalue()


_SUMMARY: dict[str, Any] = {}


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Workbench:
    workbench = Workbench(tmp_path_factory.mktemp("fuzz"))
    if LONG:
        _SUMMARY["workbench"] = workbench
    return workbench


@atexit.register
def _write_summary() -> None:
    workbench = _SUMMARY.get("workbench")
    if workbench is None or not workbench.inputs:
        return
    folder = ROOT / "tests/_artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    summary = {
        "inputs": workbench.inputs,
        "per_strategy": dict(workbench.by_strategy),
        "exit_codes": {str(k): v for k, v in sorted(workbench.exits.items())},
        "findings_by_code": dict(sorted(workbench.codes.items())),
        "seed": SEED,
    }
    (folder / "fuzz-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")


# -- strategies --------------------------------------------------------------------------------

seeds = st.sampled_from(sorted(SEEDS))
positions = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def byte_edits(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(seeds)
    data = bytearray(SEED_BYTES[path])
    for _ in range(draw(st.integers(1, 6))):
        at = int(draw(positions) * len(data))
        op = draw(
            st.sampled_from(
                ["insert", "insert", "token", "token", "replace", "delete", "duplicate", "truncate", "flip"]
            )
        )
        payload = draw(st.one_of(st.sampled_from(INTERESTING_BYTES), st.binary(min_size=1, max_size=6)))
        if op == "token":  # where YAML reads a token: a value's start, a line's start or end
            boundaries = [m.end() for m in re.finditer(rb": |^ *|- |$", bytes(data), re.MULTILINE)] or [0]
            at = boundaries[int(draw(positions) * (len(boundaries) - 1))]
            op = "insert"
        if op == "insert":
            data[at:at] = payload
        elif op == "replace":
            data[at : at + len(payload)] = payload
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        elif op == "truncate":
            del data[at:]
        elif data:
            data[min(at, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
    return path, bytes(data)


hostile_lines = st.one_of(
    st.sampled_from(["", "  ", "\t", "-", "- ", "? x", ": x", "---", "...", "#", "[", "{", "&a x", "*a", "<<: *a"]),
    st.sampled_from(
        ['name: "unclosed', "name: 'unclosed", "name: [a, b", "name: {a: b", "summary: |0", "a: !x y", "%YAML 1.1"]
    ),
    st.builds(
        lambda key, value, indent: " " * indent + f"{key}: {json.dumps(value, ensure_ascii=False)}",
        st.sampled_from(["name", "title", "id", "order", "amount", "x", "2018", "yes", "短名"]),
        st.sampled_from(HOSTILE_TEXT),
        st.integers(0, 6),
    ),
)


@st.composite
def line_edits(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(seeds)
    lines = SEED_BYTES[path].decode("utf-8").split("\n")
    other = SEED_BYTES[draw(seeds)].decode("utf-8").split("\n")
    for _ in range(draw(st.integers(1, 5))):
        at = int(draw(positions) * len(lines)) % max(len(lines), 1)
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "foreign", "insert", "tab"]))
        if not lines:
            lines = [""]
        if op == "delete":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "swap":
            other_at = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other_at] = lines[other_at], lines[at]
        elif op == "indent":
            lines[at] = " " * draw(st.integers(1, 4)) + lines[at]
        elif op == "dedent":
            lines[at] = lines[at].lstrip(" ")
        elif op == "foreign":
            lines.insert(at, draw(st.sampled_from(other)))
        elif op == "tab":
            lines[at] = "\t" + lines[at]
        else:
            lines.insert(at, draw(hostile_lines))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = ending.join(lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final line break
    return path, text.encode("utf-8")


def _keys_of(kind: str) -> list[str]:
    model = SCHEMAS.get(kind) or SCHEMAS["declaration"]
    keys: set[str] = set()

    def walk(m: type[BaseModel], depth: int) -> None:
        for name, info in m.model_fields.items():
            keys.add(name)
            if depth < 3:
                for candidate in re.findall(r"generator\.model\.\w+\.(\w+)", repr(info.annotation)):
                    for sub in all_models():
                        if sub.__name__ == candidate:
                            walk(sub, depth + 1)

    walk(model, 0)
    return sorted(keys)


SCALARS = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Lu", "Ll"]), max_size=20),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def whole_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(seeds)
    keys = st.one_of(st.sampled_from(_keys_of(SEEDS[path])), st.sampled_from(["", "x", "2018", "yes", "<<", "名称"]))
    data = draw(
        st.recursive(
            SCALARS,
            lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=8)),
            max_leaves=40,
        )
    )
    text = yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        width=draw(st.sampled_from([20, 80, 10_000])),
    )
    return path, text.encode("utf-8")


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {k: (_replace(v, tuple(rest), value) if k == head else v) for k, v in data.items()}
    return [(_replace(v, tuple(rest), value) if i == head else v) for i, v in enumerate(data)]


def _delete(data: Any, path: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k != path[0]}
        return [v for i, v in enumerate(data) if i != path[0]]
    head, *rest = path
    if isinstance(data, dict):
        return {k: (_delete(v, tuple(rest)) if k == head else v) for k, v in data.items()}
    return [(_delete(v, tuple(rest)) if i == head else v) for i, v in enumerate(data)]


@st.composite
def structure_edits(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(seeds)
    data = yaml.load(SEED_BYTES[path], Loader=yaml.BaseLoader)  # every scalar as text, as sfxm reads it
    for _ in range(draw(st.integers(1, 4))):
        places = _paths(data)
        place = draw(st.sampled_from(places))
        op = draw(st.sampled_from(["value", "value", "value", "delete", "extra", "type", "deep", "duplicate"]))
        if op == "value":
            data = _replace(data, place, draw(SCALARS))
        elif op == "delete" and place:
            data = _delete(data, place)
        elif op == "extra":
            target = _get(data, place)
            if isinstance(target, dict):
                data = _replace(data, place, {**target, draw(st.sampled_from(["nmae", "x", "备注", "id"])): "x"})
        elif op == "type":
            data = _replace(data, place, draw(st.sampled_from([[], {}, ["a"], {"a": "b"}, [[["x"]]]])))
        elif op == "deep":
            value: Any = "x"
            for _ in range(draw(st.integers(1, 40))):
                value = [value] if draw(st.booleans()) else {"k": value}
            data = _replace(data, place, value)
        elif op == "duplicate" and place and isinstance(_get(data, place[:-1]), list):
            parent = _get(data, place[:-1])
            data = _replace(data, place[:-1], [*parent, parent[place[-1]]])
    text = yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None])),
        sort_keys=False,
        width=draw(st.sampled_from([40, 10_000])),
    )
    return path, text.encode("utf-8")


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


NAME_PARTS = st.one_of(
    st.sampled_from(["\u202e", "\u200b", "\x00", " ", ".", "..", "名称", "a b", "-", "Ａ"]), st.just("")
)


@st.composite
def named_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A sample file at a fuzzed place: impossible dates, other calls' ids, odd characters."""
    digits = st.text(alphabet=string.digits, min_size=1, max_size=4)
    day = f"{draw(digits):0>4}-{draw(digits)[:2]:0>2}-{draw(digits)[:2]:0>2}"
    kind = draw(st.sampled_from([*RECORD_KINDS, "note"]))
    ident = f"{draw(st.sampled_from(['2018', '2022', '2019', '0000']))}-{draw(st.sampled_from(['110000', '999999', '440300']))}-{draw(digits)[:3]:0>3}"
    odd = draw(NAME_PARTS)
    choice = draw(st.integers(0, 4))
    if choice == 0:
        rel = f"submissions/2018/records/{day}-{kind}-{draw(st.integers(0, 1500))}.yaml"
        source = SEED_BYTES[f"submissions/2018/records/{_record_seed(kind)}"]
    elif choice == 1:
        rel = f"submissions/2018/review/scores/{draw(st.sampled_from(['e01', 'e99', 'E01']))}/{ident}.yaml"
        source = SEED_BYTES["submissions/2018/review/scores/e01/2018-310000-001.yaml"]
    elif choice == 2:
        rel = f"submissions/2018/cases/{ident}{odd}.md"
        source = "# 示例案例（虚构）\n\n正文。\n".encode() + draw(st.sampled_from(INTERESTING_BYTES))
    elif choice == 3:
        rel = f"submissions/2018/declarations/110000/attachments/附件{odd}.pdf"
        source = b"%PDF-1.4\n" + draw(st.binary(max_size=20))
    else:
        rel = f"submissions/2018/declarations/110000/{ident}{odd.lower()}.yaml"
        source = SEED_BYTES["submissions/2018/declarations/110000/2018-110000-001.yaml"]
    if "\x00" in rel or "/." in rel or rel.endswith("/") or "//" in rel:
        rel = rel.replace("\x00", "").replace("/.", "/x.")  # a name the file system refuses is no input
    return rel, source


def _record_seed(kind: str) -> str:
    names = {
        "withdrawal": "2018-09-26-withdrawal-1.yaml",
        "change": "2019-05-10-change-1.yaml",
        "inspection": "2019-11-20-inspection-1.yaml",
        "revocation": "2019-12-20-revocation-1.yaml",
        "correction": "2020-01-10-correction-1.yaml",
    }
    return names.get(kind, "2019-05-10-change-1.yaml")


# -- the properties -----------------------------------------------------------------------------


@fuzz_settings("bytes")
@given(byte_edits())
def test_mutated_bytes(bench: Workbench, edit: tuple[str, bytes]) -> None:
    bench.check("bytes", dict([edit]))


@fuzz_settings("lines")
@given(line_edits())
def test_mutated_lines(bench: Workbench, edit: tuple[str, bytes]) -> None:
    bench.check("lines", dict([edit]))


@fuzz_settings("documents")
@given(whole_documents())
def test_whole_documents(bench: Workbench, edit: tuple[str, bytes]) -> None:
    bench.check("documents", dict([edit]))


@fuzz_settings("structure")
@given(structure_edits())
def test_structure_aware_edits(bench: Workbench, edit: tuple[str, bytes]) -> None:
    bench.check("structure", dict([edit]))


@fuzz_settings("names")
@given(named_files(), st.booleans())
def test_file_names(bench: Workbench, edit: tuple[str, bytes], whole: bool) -> None:
    bench.check("names", dict([edit]), whole=whole)
