"""Property tests: no input file, however broken, makes the checker raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import FileSystemSource, parse_yaml
from generator.model.declaration import Declaration
from generator.model.validation import validate
from generator.repository import Repository
from generator.rules import check_repository
from tests.conftest import SAMPLE_DECLARATION, TempRepo

SAMPLE = SAMPLE_DECLARATION.read_text(encoding="utf-8")
KEYS = st.sampled_from([*Declaration.model_fields, "name", "amount", "unit", "count", "x", "2018", "yes", "<<", ""])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.dates().map(str)
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=6)),
    max_leaves=25,
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_are_refused(raw: bytes) -> None:
    doc, findings = parse_yaml("f.yaml", raw)
    assert (doc is None) == bool(findings)
    for finding in findings:
        assert finding.code[0] == "Y" and finding.line is not None and finding.line >= 1


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t,?%@`~0名称")), max_size=200))
def test_yaml_like_text_never_raises(text: str) -> None:
    doc, _findings = parse_yaml("f.yaml", text.encode())
    if doc is not None:
        validate(doc, Declaration)


@SETTINGS
@given(DATA)
def test_any_data_validates_or_is_explained(data: object) -> None:
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    doc, findings = parse_yaml("f.yaml", raw)
    if doc is None:
        assert findings
        return
    model, findings = validate(doc, Declaration)
    assert model is None
    for finding in findings:
        assert finding.message and finding.line is not None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(0, 30), st.text(max_size=8)), min_size=1, max_size=4
    )
)
def test_mangled_declarations_never_crash_check(edits: list[tuple[int, int, str]]) -> None:
    text = SAMPLE
    for start, length, insert in edits:
        text = text[:start] + insert + text[start + length :]
    with tempfile.TemporaryDirectory() as tmp:
        repo = TempRepo(Path(tmp) / "repo")
        rel = "submissions/2018/declarations/110000/2018-110000-001.yaml"
        repo.write(rel, text)
        findings = check_repository(Repository(FileSystemSource(repo.path)))
    for finding in findings:
        assert finding.code and finding.message and finding.path.startswith("submissions/")
