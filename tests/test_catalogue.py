"""The catalogue: codes unique and well-formed, every message renders, every code is reachable."""

from __future__ import annotations

import re
import string

import pytest

from generator.findings import Message, Severity, catalogue
from generator.site.catalogue import catalogue_markdown
from tests.conftest import ROOT


def test_codes_are_unique_and_well_formed() -> None:
    codes = [m.code for m in catalogue()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]-\d{3}", c) for c in codes)


def test_declaring_a_code_twice_fails() -> None:
    first = catalogue()[0]
    with pytest.raises(ValueError, match="twice"):
        Message(first.code, Severity.ERROR, "x", "x", "x", "x")


@pytest.mark.parametrize("message", catalogue(), ids=lambda m: m.code)
def test_every_message_is_chinese_and_renders(message: Message) -> None:
    for part in (message.title, message.problem, message.why):
        assert any("\u4e00" <= c <= "\u9fff" for c in part), part
    assert message.why.endswith("。")
    context = {name: f"«{name}»" for name in message.placeholders}
    rendered = message.render(**context)
    assert all(f"«{name}»" in rendered for name in context)


def test_every_code_is_used_by_the_code_and_no_unknown_code_is_used() -> None:
    """Each declared message is reported somewhere, and nothing reports an undeclared one."""
    declared = {m.code for m in catalogue()}
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    names = set(re.findall(r"^([A-Z0-9_]+) = Message\(", sources, re.MULTILINE))
    in_source = set(re.findall(r'^[A-Z0-9_]+ = Message\(\n?\s*"([A-Z]-\d{3})"', sources, re.MULTILINE))
    assert in_source == declared, "every declared message is in the catalogue"
    used = {n for n in names if re.search(rf"\b{n}\.at\(", sources)}
    assert names == used, f"declared but never reported: {sorted(names - used)}"
    tests = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (ROOT / "tests").rglob("*")
        if p.is_file() and p.suffix in (".py", ".yaml", ".expected")
    )
    untested = {c for c in declared if c not in tests}
    assert not untested, f"codes no test mentions: {sorted(untested)}"


def test_catalogue_page_lists_every_code() -> None:
    page = catalogue_markdown()
    for message in catalogue():
        assert f'id="{message.code}"' in page
    assert "{" not in page.replace("{:", "")
    assert string.ascii_letters  # the page is Markdown text
