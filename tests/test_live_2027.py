"""A new year end to end (issue 12, point 5): a 2027 call made of data only, in a repository made by
``sfxm init``, through every role — declarations, gate, assignment, scores, report, publicity with
the 2027 holidays from the data, final list, a change report, an inspection, a revocation — to the
public site, which carries no sample label anywhere.

Every change is a branch judged by the real gate, as the account that would open the pull request,
at the clock of the day it would be opened; then it is merged into main as the merge queue would.
All names and figures are invented for the test.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import git
import pytest
import yaml

from tests.conftest import SAMPLE_DECLARATION, fictional_credit_code
from tests.gitrepo import GitRepo
from tests.liverepo import add_call_from_template, add_holidays_2027, init, register_accounts, sfxm

OFFICE, AGENCY = "miit-office-live", "eval-agency-live"
UNITS = {"110000": "bj-officer-live", "310000": "sh-officer-live", "440000": "gd-officer-live"}
EXPERTS = """\
experts:
  - {id: x01, name: 评审专家一（虚构）, account: expert-x01-live, home_unit: "120000", directions: ["1"]}
  - {id: x02, name: 评审专家二（虚构）, account: expert-x02-live, home_unit: "320000", directions: ["1", "2"]}
  - {id: x03, name: 评审专家三（虚构）, account: expert-x03-live, home_unit: "330000", directions: ["2"]}
  - {id: x04, name: 评审专家四（虚构）, account: expert-x04-live, home_unit: "420000"}
  - {id: x05, name: 评审专家五（虚构）, account: expert-x05-live, home_unit: "510000"}
"""
# (unit, serial, direction, innovation, benefit): three units, six declarations.
DECLARED = [
    ("110000", 1, "1", 90, 80),
    ("110000", 2, "2", 70, 60),
    ("310000", 1, "1", 85, 85),
    ("310000", 2, "2", 60, 50),
    ("440000", 1, "2", 88, 92),
    ("440000", 2, "1", 50, 40),
]


class Programme(GitRepo):
    """The live repository, with a pull request helper: branch, change, gate, merge."""

    def __init__(self, path: Path) -> None:  # the files are sfxm init's, not a copy of the sample's
        self.path = path
        self.git = git.Repo(path)
        with self.git.config_writer() as config:
            config.set_value("user", "name", "sfxm test")
            config.set_value("user", "email", "test@example.com")
            config.set_value("commit", "gpgsign", "false")

    def pull_request(self, name: str, actor: str, now: str) -> tuple[int, list[dict], str]:
        """Commit the working tree on a new branch, judge it, and merge it into main when it passes."""
        self.branch(name)
        self.commit(name, date=now)
        code, findings, err = self.gate(actor, now)
        self.main()
        if code == 0:
            self.git.git.merge("--no-ff", "-q", "-m", f"Merge {name}", name, env={"GIT_COMMITTER_DATE": now})
        else:
            self.git.git.checkout("-q", "--", ".")
            self.git.git.clean("-q", "-fd")
        return code, findings, err


def declaration_text(unit: str, serial: int, direction: str) -> str:
    """A 2027 declaration with invented content: the sample's structure, none of its labels."""
    ident = f"2027-{unit}-{serial:03d}"
    text = SAMPLE_DECLARATION.read_text(encoding="utf-8")
    text = text.replace("id: 2018-110000-001", f"id: {ident}").replace("order: 1\n", f"order: {serial}\n")
    text = text.replace("direction: 1\n", f"direction: {direction}\n")
    text = text.replace("name: 京韵数字文博沉浸式体验平台", f"name: 二〇二七年度测试项目{unit[:2]}{serial}号")
    text = text.replace("北京青檀数字文化科技有限公司（虚构）", f"测试申请主体{unit[:2]}{serial}有限公司（虚构）")
    text = text.replace("91119901MA01A7K3X9", fictional_credit_code(unit, 70 + serial))
    text = text.replace("verified_on: 2018-07-20", "verified_on: 2027-04-10")
    text = text.replace("截至2018年6月", "截至2027年3月").replace("北京市", "本市")
    # The sample's addresses and contact names say 示例; a live call's data does not.
    return text.replace("示例", "测试")


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run the whole year once; the tests below read what each step left."""
    root = tmp_path_factory.mktemp("live2027") / "programme"
    made = init(root)
    assert made.returncode == 0, made.stderr
    repo = Programme(root)
    repo.commit("sfxm init", date="2027-01-04T09:00:00+08:00")
    steps: dict = {"repo": repo}

    # The office opens the call: its rules from the template, the State Council's 2027 notice, accounts.
    add_call_from_template(root)
    add_holidays_2027(root)
    register_accounts(root, {unit: [account] for unit, account in UNITS.items()})
    steps["call"] = repo.pull_request("call-2027", OFFICE, "2027-02-20T10:00:00+08:00")

    # Each unit declares its two projects, in its own folder, while the call is open.
    for unit in UNITS:
        for u, serial, direction, *_ in DECLARED:
            if u == unit:
                repo.write(
                    f"submissions/2027/declarations/{unit}/2027-{unit}-{serial:03d}.yaml",
                    declaration_text(unit, serial, direction),
                )
        steps[f"declare-{unit}"] = repo.pull_request(f"declare-{unit}", UNITS[unit], "2027-04-12T10:00:00+08:00")
    # Refused: one unit writing into another's folder; a declaration after the deadline.
    repo.write("submissions/2027/declarations/310000/2027-310000-003.yaml", declaration_text("310000", 3, "1"))
    steps["foreign"] = repo.pull_request("foreign", UNITS["110000"], "2027-04-20T10:00:00+08:00")
    repo.write("submissions/2027/declarations/110000/2027-110000-003.yaml", declaration_text("110000", 3, "1"))
    steps["late"] = repo.pull_request("late", UNITS["110000"], "2027-05-02T10:00:00+08:00")

    # The agency: its experts, then the assignment, after the call closed.
    repo.write("submissions/2027/review/experts.yaml", EXPERTS)
    steps["experts"] = repo.pull_request("experts", AGENCY, "2027-05-06T10:00:00+08:00")
    steps["assign-run"] = sfxm("review", "assign", "--call", "2027", cwd=root)
    steps["assign"] = repo.pull_request("assign", AGENCY, "2027-05-08T10:00:00+08:00")
    assigned = yaml.safe_load((root / "submissions/2027/review/assignment.yaml").read_text(encoding="utf-8"))
    steps["assignment"] = assigned["assignments"]

    # Each expert writes the forms sfxm makes, fills them in, and opens a pull request.
    marks = {f"2027-{u}-{s:03d}": (i, b) for u, s, _, i, b in DECLARED}
    for expert in sorted({e for es in assigned["assignments"].values() for e in es}):
        made = sfxm("review", "score", "--call", "2027", "--all", "--account", f"expert-{expert}-live", cwd=root)
        assert made.returncode == 0, made.stdout + made.stderr
        for path in sorted((root / f"submissions/2027/review/scores/{expert}").glob("*.yaml")):
            innovation, benefit = marks[path.stem]
            form = path.read_text(encoding="utf-8")
            form = form.replace("  innovation:\n", f"  innovation: {innovation}\n")
            form = form.replace("  benefit:\n", f"  benefit: {benefit}\n")
            form = form.replace("comments: |\n  \n", "comments: |\n  方案可行，用户规模和效益测算依据较充分。\n")
            form = form.replace("no_conflict:\n", "no_conflict: true\n").replace(
                "signed_on:\n", "signed_on: 2027-05-14\n"
            )
            path.write_text(form, encoding="utf-8")
        steps[f"score-{expert}"] = repo.pull_request(
            f"score-{expert}", f"expert-{expert}-live", "2027-05-15T10:00:00+08:00"
        )
    steps["report"] = sfxm("review", "report", "--call", "2027", cwd=root)
    steps["status-after-report"] = repo.git.git.status("--porcelain", "--untracked-files=all")

    # The office drafts the proposed list from the ranking and fills in the publicity.
    steps["propose"] = sfxm("review", "propose", "--call", "2027", "--total", "4", cwd=root)
    proposed = root / "submissions/2027/decision/proposed.yaml"
    steps["draft"] = proposed.read_text(encoding="utf-8")
    steps["check-draft"] = sfxm("check", cwd=root)
    proposed.write_text(fill_publicity(steps["draft"]), encoding="utf-8")
    steps["check-filled"] = sfxm("check", cwd=root)
    steps["publicity"] = repo.pull_request("publicity", OFFICE, "2027-06-07T09:00:00+08:00")
    steps["proposed"] = yaml.safe_load(proposed.read_text(encoding="utf-8"))

    # The final list, after the publicity (which ends 2027-06-14: 2027-06-09 is a holiday).
    final = steps["proposed"]["projects"]
    repo.write(
        "submissions/2027/decision/final.yaml",
        "title: 2027年信息消费试点示范项目名单\nnumber: 工信测试〔2027〕9号\npublished_on: 2027-06-21\n"
        "text: |\n  经各地推荐、第三方评估机构组织专家评审和公示，确定以下项目为 2027 年信息消费试点示范项目。\n"
        "projects:\n" + "".join(f"  - {p}\n" for p in final),
    )
    steps["final"] = repo.pull_request("final", OFFICE, "2027-06-21T10:00:00+08:00")

    # Supervision: a change report, an inspection that fails, the revocation that cites it.
    first, last = final[0], final[-1]
    steps["changed"], steps["revoked"] = first, last
    repo.write(
        "submissions/2027/records/2027-09-01-change-1.yaml",
        f"number: 工信报备〔2027〕1号\nproject: {first}\nchange: 其他\n"
        "description: 项目承担单位于 2027 年 8 月更名，统一社会信用代码不变，项目内容和团队不变。\n"
        "effect: 继续实施\n",
    )
    steps["change"] = repo.pull_request("change", OFFICE, "2027-09-01T10:00:00+08:00")
    repo.write(
        "submissions/2027/records/2028-03-10-inspection-1.yaml",
        f"number: 工信检查〔2028〕2号\nproject: {last}\ninspector: 测试信息消费评估中心（第三方机构，虚构）\n"
        "inspected_on: 2028-03-02\nmethods: [实地检查]\nresult: 不合格\n"
        "findings: |\n  项目平台已停止运行，申报时承诺的示范内容未实施，且未按要求书面报备。\n",
    )
    steps["inspection"] = repo.pull_request("inspection", OFFICE, "2028-03-10T10:00:00+08:00")
    repo.write(
        "submissions/2027/records/2028-04-01-revocation-1.yaml",
        f"number: 工信〔2028〕15号\nproject: {last}\ngrounds: [监督检查不合格]\n"
        "facts: 经第三方机构监督检查，该项目平台已停止运行，示范内容未实施，检查结论为不合格。\n"
        "effective: 2028-04-01\ninspection: 2028-03-10-inspection-1\n"
        "notice:\n  title: 关于取消一个二〇二七年度项目信息消费试点示范项目资格的通报\n"
        "  text: |\n    经第三方机构监督检查，该项目检查结论为不合格。经研究，决定自 2028 年 4 月 1 日起取消其示范项目资格，现予通报。\n",
    )
    steps["revocation"] = repo.pull_request("revocation", OFFICE, "2028-04-01T10:00:00+08:00")

    steps["build"] = sfxm("build", cwd=root)
    return steps


def fill_publicity(draft: str) -> str:
    """What the office fills in on the draft: its number, the start of the publicity, where to object."""
    values = {
        "number": "工信测试〔2027〕8号",
        "start": "2027-06-07",
        "working_days": "5",
        "office": "工业和信息化部信息化和软件服务业司（测试）",
        "phone": "010-66000000",
        "email": "objections@example.org",
        "address": "北京市西城区测试街 13 号（虚构）",
    }
    out = []
    for line in draft.splitlines():
        match = re.match(r"^(?P<pad> *)(?P<key>[a-z_]+):\s*(?P<rest>.*)$", line)
        if match and match["key"] in values and match["rest"] in ("", '""', "''", "null", "~"):
            line = f"{match['pad']}{match['key']}: {values[match['key']]}"
        out.append(line)
    return "\n".join(out) + "\n"


def test_every_legitimate_pull_request_passes_the_gate(year: dict) -> None:
    # The office has not yet described the public site (registry/site.yaml): a warning, not a refusal.
    code, findings, _ = year["call"]
    assert code == 0 and [f["code"] for f in findings] == ["W-001"]
    names = [*(f"declare-{u}" for u in UNITS), "experts", "assign"]
    names += [k for k in year if k.startswith("score-")]
    names += ["publicity", "final", "change", "inspection", "revocation"]
    for name in names:
        code, findings, err = year[name]
        assert (code, findings) == (0, []), f"{name}: {findings} {err}"
    assert len([k for k in year if k.startswith("score-")]) >= 3


def test_the_gate_refuses_another_units_folder_and_a_late_declaration(year: dict) -> None:
    code, findings, _ = year["foreign"]
    assert code == 1 and "G-002" in {f["code"] for f in findings}
    code, findings, _ = year["late"]
    assert code == 1 and "G-004" in {f["code"] for f in findings}, findings


def test_the_assignment_and_the_report_follow_the_2027_rules(year: dict) -> None:
    assert year["assign-run"].returncode == 0, year["assign-run"].stderr
    assignment = year["assignment"]
    assert sorted(assignment) == sorted(f"2027-{u}-{s:03d}" for u, s, *_ in DECLARED)
    assert all(len(set(experts)) == 3 for experts in assignment.values())
    assert year["report"].returncode == 0, year["report"].stderr
    # The private report is written under build/, which sfxm init's .gitignore keeps out of commits.
    assert year["status-after-report"] == ""
    report = year["repo"].path / "build/review/2027/review-report-2027.csv"
    rows = list(csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines()))
    # Weighted 0.6 innovation + 0.4 benefit, every expert giving the same marks; ranked per direction.
    for direction in ("1", "2"):
        ranked = [r["申报编号"] for r in rows if r["方向"] == direction]
        expected = sorted((d for d in DECLARED if d[2] == direction), key=lambda d: -(0.6 * d[3] + 0.4 * d[4]))
        assert ranked == [f"2027-{u}-{s:03d}" for u, s, *_ in expected]
    first = next(r for r in rows if r["申报编号"] == "2027-440000-001")
    assert first["汇总分"] == "89.60" and first["评审数"] == first["应评数"] == "3"


def test_the_publicity_counts_the_2027_holidays_from_the_data(year: dict) -> None:
    assert year["propose"].returncode == 0, year["propose"].stderr
    assert year["check-draft"].returncode == 1  # the draft is not ready until the office fills it in
    assert year["check-filled"].returncode == 0, year["check-filled"].stdout
    page = (year["repo"].path / "site/public/calls/2027/publicity/index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert '"' not in text.split("公示期")[0] and "＂" not in text  # the title as the draft wrote it
    # Five working days from Monday 2027-06-07, skipping the (fictional) Dragon Boat Festival on the 9th.
    assert "2027-06-14" in text or "2027年6月14日" in text, text[:2000]
    assert "端午节" in text


def test_the_site_shows_the_year_and_no_sample_label(year: dict) -> None:
    assert year["build"].returncode == 0, year["build"].stdout + year["build"].stderr
    site = year["repo"].path / "site/public"
    call = visible_text((site / "calls/2027/index.html").read_text(encoding="utf-8"))
    assert "2027年信息消费试点示范项目（测试用）" in call
    revoked = visible_text((site / f"projects/{year['revoked']}/index.html").read_text(encoding="utf-8"))
    assert "取消" in revoked
    changed = visible_text((site / f"projects/{year['changed']}/index.html").read_text(encoding="utf-8"))
    assert "2027-09-01 书面报备：其他，继续实施" in changed
    report = visible_text((site / "notices/2027-09-01-change-1/index.html").read_text(encoding="utf-8"))
    assert "工信报备〔2027〕1号" in report and "统一社会信用代码不变" in report
    notices = visible_text((site / "notices/index.html").read_text(encoding="utf-8"))
    assert "关于取消一个二〇二七年度项目信息消费试点示范项目资格的通报" in notices
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("guide", "reference")]
    assert len(pages) > 10
    for page in pages:
        assert "示例" not in visible_text(page.read_text(encoding="utf-8")), page.relative_to(site)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
