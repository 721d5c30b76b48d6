"""The plan is the spec: the 2018 call quotes the implementation plan word for word, the 2022 call
agrees with what is known of its notice (tests/data/calls.md), and the plan's words that sfxm's
own rules quote are the plan's.

tests/data/implementation-plan-2018.txt and calls.md are copies of the program's reference files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.load import FileSystemSource
from generator.model.base import Model
from generator.model.call import Call
from generator.model.record import ChangeKind, Ground, InspectionMethod
from generator.model.types import UnitClass
from generator.repository import Repository
from generator.selection import PLAN_RULE
from tests.conftest import ROOT

DATA = Path(__file__).parent / "data"
PLAN = (DATA / "implementation-plan-2018.txt").read_text(encoding="utf-8")
CALLS = (DATA / "calls.md").read_text(encoding="utf-8")


def _flat(text: str) -> str:
    """Text without line breaks and spaces: the plan wraps its paragraphs, a quote may not."""
    return re.sub(r"\s+", "", text)


def quotes(model: BaseModel, where: str = "") -> Iterator[tuple[str, str]]:
    """Every value of a field marked ``x-quote`` in ``model``, at every level, with its place."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        place = f"{where}{name}"
        if extra.get("x-quote") and isinstance(value, str):
            yield place, value
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, Model):
                yield from quotes(item, f"{place}[{i}]." if isinstance(value, list) else f"{place}.")


def not_in_plan(call: Call) -> list[str]:
    """The quoted texts of ``call`` that are not word for word in the plan."""
    plan = _flat(PLAN)
    return [f"{place}: {text}" for place, text in quotes(call) if _flat(text) not in plan]


def call(call_id: str) -> Call:
    model = Repository(FileSystemSource(ROOT)).call(call_id)
    assert model is not None
    return model


def test_every_quoted_text_of_the_2018_call_is_in_the_plan() -> None:
    model = call("2018")
    found = dict(quotes(model))
    # What is quoted: 5 categories and 10 directions (names and texts), 3 quotas, the eligibility text.
    assert len(found) == 15 * 2 + 3 + 1, sorted(found)
    assert not_in_plan(model) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a word of the eligibility text changed
        (lambda d: d["eligibility"].update(text=d["eligibility"]["text"].replace("公共利益", "社会利益")), 1),
        # a direction's text cut short is still a quote; a word added is not
        (lambda d: d["classification"]["items"][0]["items"][0].update(description="鼓励利用虚拟现实技术"), 1),
        (lambda d: d["recommenders"][0].update(text="各省、自治区和直辖市推荐项目数量不超过10个"), 1),
        (lambda d: d["classification"]["items"][1].update(name="公共服务类信息消费"), 0),
    ],
)
def test_the_plan_test_fails_when_a_word_is_not_the_plans(change: Any, expected: int) -> None:
    data = call("2018").model_dump(mode="json")
    change(data)
    assert len(not_in_plan(Call.model_validate(data))) == expected


def test_2018_categories_directions_and_quotas_are_the_plans() -> None:
    model = call("2018")
    section = PLAN[PLAN.index("三、试点示范内容") : PLAN.index("四、申报条件和程序")]
    plan_directions = re.findall(r"^(\d+)\.(\S+?)。", section, re.MULTILINE)
    assert [(leaf.code, leaf.name) for _, leaf in model.classification.leaves()] == plan_directions
    plan_categories = re.findall(r"（[一二三四五]）(\S+?)试点示范", section)
    assert [c.name for c in model.classification.items] == plan_categories
    assert "5类领域10个方向" in PLAN and len(plan_categories) == 5 and len(plan_directions) == 10
    for recommender in model.recommenders:
        assert recommender.text is not None and f"不超过{recommender.quota}个" in recommender.text
    classes = {r.unit_class: r.quota for r in model.recommenders}
    assert classes == {UnitClass.PROVINCE: 10, UnitClass.SEPARATELY_PLANNED_CITY: 6, UnitClass.XPCC: 6}
    assert "积极推进社会信用建设，切实保障消费者合法权益，积极维护公共利益" in model.eligibility.text


def test_the_plan_words_sfxm_quotes_in_its_own_rules() -> None:
    plan = _flat(PLAN)
    assert PLAN_RULE in plan
    for words in [*Ground, *(m for m in InspectionMethod if m is not InspectionMethod.OTHER)]:
        # The plan's "以及其他违法失信等行为" is cited as the ground "其他违法失信行为".
        assert words.value.replace("其他违法失信行为", "其他违法失信") in plan, words
    for kind in (ChangeKind.MERGER, ChangeKind.BANKRUPTCY):
        assert kind.value in plan


def _section_2022() -> str:
    return re.sub(r"\s+", " ", CALLS[CALLS.index("## 2022") :])


def test_the_2022_call_matches_calls_md() -> None:
    text = _section_2022()
    model = call("2022")
    directions = re.search(r"3 directions with 9 fields \(领域\) under them: (.+?), 新型", text)
    assert directions is not None
    named = [n.strip() for n in directions.group(1).split(",")] + ["新型信息消费产品与服务"]
    assert [d.name for d in model.classification.items] == named
    assert model.classification.levels == ["方向", "领域"]
    assert [len(d.items) for d in model.classification.items] == [3, 3, 3]  # 9 fields, named 1–9 generically
    assert [leaf.code for _, leaf in model.classification.leaves()] == [str(n) for n in range(1, 10)]

    quotas = re.search(
        r"Quotas: provinces, autonomous regions, municipalities at most (\d+); (.+?) at most (\d+)", text
    )
    assert quotas is not None
    by_class = {r.unit_class: r.quota for r in model.recommenders}
    assert by_class[UnitClass.PROVINCE] == int(quotas.group(1))
    for name, unit_class in (
        ("计划单列市", UnitClass.SEPARATELY_PLANNED_CITY),
        ("新疆生产建设兵团", UnitClass.XPCC),
        ("中央企业", UnitClass.CENTRAL_ENTERPRISE),
    ):
        assert name in quotas.group(2) and by_class[unit_class] == int(quotas.group(3))
    assert UnitClass.DEMONSTRATION_CITY not in by_class

    extra = re.search(r"each 信息消费示范城市 may recommend up to (\d+) more", text)
    assert extra is not None
    (cities,) = model.extra_quotas
    assert cities.reason == "信息消费示范城市" and cities.quota == int(extra.group(1))
    listing = re.search(r"信息消费示范城市 named in January 2022 \(2021 list\): (.+?)\. Earlier: (.+?)\.", text)
    assert listing is not None
    named_cities = re.findall(r"[\u4e00-\u9fff]+", listing.group(1) + listing.group(2))
    units = Repository(FileSystemSource(ROOT)).units
    listed = sorted(units[code].name.removesuffix("市") for code in cities.units)
    expected = sorted(c for c in named_cities if c not in ("综合型", "特色型"))
    assert listed == expected
    assert all(UnitClass.DEMONSTRATION_CITY in units[code].classes for code in cities.units)

    assert "register in the ministry's online system" in text and model.eligibility.online_registration
    assert model.eligibility.text.startswith("据 2022 年通知摘要")  # not the notice's words: says so
