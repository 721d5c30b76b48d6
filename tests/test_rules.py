"""Rules of the registry, calls and declarations that the example folders do not reach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.load import FileSystemSource
from generator.repository import Repository
from generator.rules import check_repository
from tests.conftest import TempRepo


def check(repo: TempRepo, paths: list[str] | None = None) -> list[tuple[str, str]]:
    findings = check_repository(Repository(FileSystemSource(repo.path)), paths)
    return [(f.code, f.path) for f in findings]


def codes(repo: TempRepo, paths: list[str] | None = None) -> list[str]:
    return [code for code, _ in check(repo, paths)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CALL = "submissions/2018/call.yaml"
UNITS = "submissions/registry/units.yaml"
ROLES = "submissions/registry/roles.yaml"


def test_the_sample_repository_passes(root: Path) -> None:
    assert check_repository(Repository(FileSystemSource(root))) == []


def test_a_fresh_temporary_repository_passes(temp_repo: TempRepo) -> None:
    temp_repo.declaration()
    assert codes(temp_repo) == []


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('id: "2018"', 'id: "2019"', "C-001"),
        ("year: 2018", "year: 2017", "C-002"),
        ('- code: "2"', '- code: "1"', "C-003"),
        ("closes: 2018-07-31T17:00:00+08:00", "closes: 2018-05-01T17:00:00+08:00", "C-004"),
        ("  - unit_class: xpcc\n    quota: 6", "  - unit_class: province\n    quota: 6", "C-005"),
        ("eligibility:", 'extra_quotas:\n  - reason: 示例\n    quota: 1\n    units: ["990000"]\neligibility:', "C-006"),
        ("year: 2018", "year: 二〇一八", "S-008"),
        ("quota: 10", "quota: 1000", "S-005"),
        ("recommenders:\n", "recommenders: 各省十个\nx:\n", "S-003"),
    ],
)
def test_call_rules(temp_repo: TempRepo, old: str, new: str, code: str) -> None:
    edit(temp_repo.path / CALL, old, new)
    assert code in codes(temp_repo, [CALL])


def test_an_invalid_call_is_reported_on_its_declarations(temp_repo: TempRepo) -> None:
    rel = temp_repo.declaration().relative_to(temp_repo.path).as_posix()
    edit(temp_repo.path / CALL, "year: 2018", "year: x")
    assert ("D-014", rel) in check(temp_repo, [rel])


def test_legal_form_must_be_allowed_by_the_call(temp_repo: TempRepo) -> None:
    edit(
        temp_repo.path / CALL,
        "legal_forms: [企业法人, 事业单位法人, 社会组织法人, 其他法人]",
        "legal_forms: [事业单位法人]",
    )
    rel = temp_repo.declaration().relative_to(temp_repo.path).as_posix()
    assert codes(temp_repo, [rel]) == ["D-004"]


def test_registry_rules(temp_repo: TempRepo) -> None:
    units = temp_repo.path / UNITS
    edit(units, 'code: "120000"', 'code: "110000"')
    edit(units, "accounts: [sfxm-demo-130000]", "accounts: [sfxm-demo-140000]")
    edit(temp_repo.path / ROLES, "agency: [eval-agency-demo]", "agency: [miit-office-demo]")
    found = check(temp_repo, [UNITS, ROLES])
    assert ("R-002", UNITS) in found
    assert found.count(("R-003", UNITS)) == 2
    assert found.count(("R-003", ROLES)) == 2


def test_missing_registry(temp_repo: TempRepo) -> None:
    (temp_repo.path / ROLES).unlink()
    assert ("R-001", ROLES) in check(temp_repo)


def test_symlink_is_refused(temp_repo: TempRepo) -> None:
    link = temp_repo.path / "submissions/2018/declarations/110000/2018-110000-002.yaml"
    link.parent.mkdir(parents=True)
    os.symlink("/etc/passwd", link)
    assert codes(temp_repo) == ["L-002"]


def test_oversized_attachment(temp_repo: TempRepo) -> None:
    temp_repo.declaration(replace={"attachments: []": "attachments:\n  - title: 扫描件\n    path: attachments/big.pdf"})
    temp_repo.write(
        "submissions/2018/declarations/110000/attachments/big.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)
    )
    assert codes(temp_repo) == ["L-004"]


def test_attachment_referenced_and_present_passes(temp_repo: TempRepo) -> None:
    temp_repo.declaration(
        replace={"attachments: []": "attachments:\n  - title: 营业执照\n    path: attachments/营业执照.pdf"}
    )
    temp_repo.write("submissions/2018/declarations/110000/attachments/营业执照.pdf", b"%PDF-1.4\n%%EOF\n")
    assert codes(temp_repo) == []


def test_file_removed_while_checking_is_reported_not_raised(temp_repo: TempRepo) -> None:
    path = temp_repo.declaration()
    repo = Repository(FileSystemSource(temp_repo.path))
    path.unlink()
    assert [f.code for f in check_repository(repo, [path.relative_to(temp_repo.path).as_posix()])] == ["Y-011"]


def test_checking_one_file_runs_the_rules_of_its_unit(temp_repo: TempRepo) -> None:
    for serial in range(1, 12):
        temp_repo.declaration("110000", serial, applicant=serial)
    only = "submissions/2018/declarations/110000/2018-110000-003.yaml"
    found = check(temp_repo, [only])
    assert found == [("Q-005", "submissions/2018/declarations/110000/2018-110000-011.yaml")]


def test_quota_warning_names_taken_and_over_in_order(temp_repo: TempRepo) -> None:
    for serial in range(1, 8):
        temp_repo.declaration("440300", serial, order=8 - serial, applicant=serial, name=f"深圳示例项目{serial}")
    findings = check_repository(Repository(FileSystemSource(temp_repo.path)))
    (over,) = [f for f in findings if f.code == "Q-005"]
    assert over.path.endswith("2018-440300-001.yaml")  # order 7 of 7, quota 6
    assert (
        "选取：1.深圳示例项目7、2.深圳示例项目6、3.深圳示例项目5、4.深圳示例项目4、5.深圳示例项目3、6.深圳示例项目2"
        in over.message
    )
    assert "超出推荐名额，未选取：7.深圳示例项目1" in over.message and over.severity == "warning"


def test_2022_quotas_come_from_the_call_data(temp_repo: TempRepo) -> None:
    """Shenzhen: 5 as a separately planned city + 3 as a demonstration city; Wuhan: 3."""
    repo = Repository(FileSystemSource(temp_repo.path))
    assert repo.quota("2022", "440300") == 8
    assert repo.quota("2022", "420100") == 3
    assert repo.quota("2022", "110000") == 10
    assert repo.quota("2018", "420100") is None
    assert repo.quota("2018", "440300") == 6


def test_duplicates_are_found_when_checking_one_file(temp_repo: TempRepo) -> None:
    temp_repo.declaration("110000", 1, applicant=7)
    temp_repo.declaration("310000", 1, applicant=7, applicant_unit="110000")
    one = "submissions/2018/declarations/310000/2018-310000-001.yaml"
    assert ("D-012", one) in check(temp_repo, [one])


def _code(first8: str, body: str = "MA01B2C3D") -> str:
    """A well-formed credit code of a fictional body: 8 given characters, a made-up body, its check character."""
    from generator.model.credit_code import check_character

    return first8 + body + check_character(first8 + body)


@pytest.mark.parametrize(
    ("first8", "legal_form", "expected"),
    [
        # national registration authorities (region 100000): an enterprise registered with the national
        # market regulator (a bank, a central enterprise), a national social organization, a central institution
        ("91100000", "企业法人", []),
        ("51100000", "社会组织法人", []),
        ("53100000", "社会组织法人", []),
        ("12100000", "事业单位法人", []),
        # 新疆生产建设兵团's own registration authorities (66…), and its cities within Xinjiang (6590…)
        ("91660000", "企业法人", ["D-007"]),  # recommended by 北京市 here: outside its area (a warning)
        ("91659001", "企业法人", ["D-007"]),
        # no PRC registration authority gives codes with these regions
        ("91810000", "企业法人", ["D-006"]),  # 香港
        ("91820000", "企业法人", ["D-006"]),  # 澳门
        ("91710000", "企业法人", ["D-006"]),  # 台湾
        ("91100100", "企业法人", ["D-006"]),  # 10… is national only as 100000
        ("91990000", "企业法人", ["D-006"]),
        ("91000000", "企业法人", ["D-006"]),
    ],
)
def test_registration_authorities_of_the_prc(temp_repo: TempRepo, first8: str, legal_form: str, expected: list) -> None:
    code = _code(first8)
    temp_repo.declaration(
        replace={
            "credit_code: 91119901MA01A7K3X9": f"credit_code: {code}",
            "legal_form: 企业法人": f"legal_form: {legal_form}",
        }
    )
    assert codes(temp_repo) == expected, code


@pytest.mark.parametrize("first8", ["91660000", "91659001", "91650100"])
def test_xpcc_recommends_bodies_registered_with_its_own_authorities_or_in_xinjiang(
    temp_repo: TempRepo, first8: str
) -> None:
    temp_repo.declaration("660000", 1, replace={"credit_code: 91119901MA01A7K3X9": f"credit_code: {_code(first8)}"})
    assert codes(temp_repo) == []


def test_d006_says_why_a_region_cannot_be_genuine(temp_repo: TempRepo) -> None:
    temp_repo.declaration(replace={"credit_code: 91119901MA01A7K3X9": f"credit_code: {_code('91810000')}"})
    (finding,) = check_repository(Repository(FileSystemSource(temp_repo.path)))
    assert "810000 是香港特别行政区的区划码，那里的登记机关不赋统一社会信用代码" in finding.message
    assert "国家级登记管理机关（如国家市场监督管理总局、民政部）为 100000" in finding.message


def test_a_national_registration_recommended_by_a_province_is_not_out_of_area(temp_repo: TempRepo) -> None:
    """D-007 compares the region with the unit's area; a national registration says nothing about where."""
    temp_repo.declaration("310000", 1, replace={"credit_code: 91119901MA01A7K3X9": f"credit_code: {_code('91100000')}"})
    temp_repo.declaration("310000", 2, applicant=2, applicant_unit="110000", name="另一个示例项目")
    assert codes(temp_repo) == ["D-007"]  # only the Beijing-registered applicant of the Shanghai unit
