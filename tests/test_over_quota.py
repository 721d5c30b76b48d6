"""Over quota as the plan says: "若推荐项目超过规定数量上限将默认按顺序选取".

Where over-quota data is on main (imported history, an office decision), the first ones in the
unit's order are taken and the rest are "超出推荐名额，未选取": a warning of the check (Q-005), a
status on the site and in ``sfxm status``, and no failed build. Rejecting a pull request that takes
a unit over quota is the gate's own rule.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from generator.load import FileSystemSource
from generator.repository import Repository
from generator.selection import NOT_TAKEN, PLAN_RULE
from generator.site.data import collect
from generator.site.pages import projects
from generator.status import State, Statuses
from tests.conftest import ROOT, TempRepo, run_sfxm
from tests.sitecopy import copy_site_sources

GUIDE = (ROOT / "site/pages/guide/index.md").read_text(encoding="utf-8")


def shenzhen_over_quota(repo: TempRepo) -> None:
    """Seven declarations of Shenzhen (quota 6), in an order that is not the order of their ids."""
    for serial in range(1, 8):
        repo.declaration("440300", serial, order=8 - serial, applicant=serial, name=f"深圳示例项目{serial}")


def test_over_quota_is_a_warning_and_names_what_is_taken_in_order(temp_repo: TempRepo) -> None:
    shenzhen_over_quota(temp_repo)
    result = run_sfxm("check", "--format", "json", cwd=temp_repo.path)
    assert result.returncode == 0, result.stdout
    (finding,) = json.loads(result.stdout)
    assert finding["code"] == "Q-005" and finding["severity"] == "warning"
    assert finding["path"].endswith("2018-440300-001.yaml")  # order 7 of 7
    assert f"；{NOT_TAKEN}：7.深圳示例项目1" in finding["message"]
    text = run_sfxm("check", cwd=temp_repo.path)
    assert text.returncode == 0 and "检查通过（有警告）" in text.stdout


def test_the_status_of_a_declaration_not_taken(temp_repo: TempRepo) -> None:
    shenzhen_over_quota(temp_repo)
    statuses = Statuses(Repository(FileSystemSource(temp_repo.path)), "2018")
    assert [statuses.of(f"2018-440300-{n:03d}").state for n in range(1, 8)] == [State.NOT_TAKEN] + [State.DECLARED] * 6
    shown = run_sfxm("status", "2018-440300-001", "--root", str(temp_repo.path))
    assert f"状态：{NOT_TAKEN}" in shown.stdout
    assert f"推荐顺序第 7 位，本单位名额 6 个（{PLAN_RULE}）" in shown.stdout
    assert f"{NOT_TAKEN}（按推荐顺序），不进入评审" in shown.stdout  # in the timeline
    page = projects.write(collect(Repository(FileSystemSource(temp_repo.path))))["projects/2018-440300-001.md"]
    assert f'!!! note "{NOT_TAKEN}"' in page and PLAN_RULE in page
    assert "推荐顺序第" not in page  # the order is the unit's private business


def test_one_wording_in_messages_status_site_and_guide() -> None:
    from generator.rules.quota import OVER_QUOTA

    assert State.NOT_TAKEN.label == NOT_TAKEN
    assert NOT_TAKEN in OVER_QUOTA.problem and NOT_TAKEN in OVER_QUOTA.why and PLAN_RULE in OVER_QUOTA.why
    for old in ("不予受理", "未予受理", "请撤回超出的申报书"):
        assert old not in OVER_QUOTA.render(unit="u", call="c", quota=1, count=2, taken="a", over="b")
        assert old not in GUIDE
    # the guide's two places: the rule under 推荐顺序和名额, and the Q-005 entry of 常见问题
    rules = GUIDE[GUIDE.index("## 三、推荐顺序和名额") : GUIDE.index("## 四、")]
    faq = GUIDE[GUIDE.index("## 六、常见问题") :]
    assert PLAN_RULE in rules and f"“{NOT_TAKEN}”" in rules
    assert re.search(r"“超出推荐名额”（Q-005，警告）", faq) and f"“{NOT_TAKEN}”" in faq


def test_build_publishes_a_unit_over_quota(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "site", with_data=False)
    repo = TempRepo.__new__(TempRepo)
    repo.path = root
    shutil.copytree(ROOT / "submissions/registry", root / "submissions/registry")
    (root / "submissions/2018").mkdir()
    shutil.copy(ROOT / "submissions/2018/call.yaml", root / "submissions/2018/call.yaml")
    shenzhen_over_quota(repo)
    result = run_sfxm("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    html = (tmp_path / "out/projects/2018-440300-001/index.html").read_text(encoding="utf-8")
    assert NOT_TAKEN in html and PLAN_RULE in html
