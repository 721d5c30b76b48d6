"""A live programme repository, as an office makes one: ``sfxm init``, then a call from the template.

``fill`` does what the office does in an editor: it copies ``templates/call.yaml`` and writes a value
after each key (a list or a group replaces the key's whole block). ``CALL_2027`` is a complete
2027 call written that way; every value in it is invented for the tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

_KEY = re.compile(r"^(?P<pad> *)(?P<dash>- )?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>.*)$")


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with the value of each dotted key (``schedule.opens``, ``recommenders``…) written in.

    A key of a list item is addressed through its list (``review.criteria.code`` is every criterion's
    code); giving the list itself (``review.criteria``) replaces all its items.
    """
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    skip_deeper_than: int | None = None
    for line in template.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if skip_deeper_than is not None:
            if (line and not line.strip()) or (line.strip() and indent > skip_deeper_than):
                continue
            skip_deeper_than = None
        match = _KEY.match(line)
        if match is None:
            out.append(line)
            continue
        level = len(match["pad"]) + (2 if match["dash"] else 0)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match["key"]))
        path = ".".join(k for _, k in stack)
        if path in values:
            out.append(f"{match['pad']}{match['dash'] or ''}{match['key']}: {values[path]}")
            skip_deeper_than = level
        else:
            out.append(line)
    return "\n".join(out) + "\n"


# A 2027 call as the office would fill it in (invented values; not a real notice).
CALL_2027 = {
    "id": '"2027"',
    "title": "2027年信息消费试点示范项目（测试用）",
    "program": "信息消费试点示范项目",
    "year": "2027",
    "basis": "2027年信息消费试点示范项目申报通知（测试用，虚构）",
    "schedule.opens": "2027-03-01T00:00:00+08:00",
    "schedule.closes": "2027-04-30T17:00:00+08:00",
    "schedule.review_starts": "2027-05-10T09:00:00+08:00",
    "classification.levels": "[方向]",
    "classification.items": '[{code: "1", name: 新型信息产品}, {code: "2", name: 信息消费服务}]',
    "recommenders": "[{unit_class: province, quota: 3}, {unit_class: separately_planned_city, quota: 2}, "
    "{unit_class: xpcc, quota: 2}]",
    "extra_quotas": "[]",
    "eligibility.legal_forms": "[企业法人, 事业单位法人]",
    "eligibility.text": "申请主体应在中华人民共和国境内注册，具备独立法人资格。",
    "review.criteria": '[{code: innovation, name: 创新性, weight: "0.6", max: 100}, '
    '{code: benefit, name: 效益, weight: "0.4", max: 100}]',
    "review.reviewers": "3",
    "review.disagreement": "30",
    "review.proposal_limit": "10",
    "review.per_direction_limit": "6",
    "note": "测试用批次",
}


# A fictional State Council notice for 2027 (the real one is not out yet): every date is invented,
# plausible (make-up days on weekends), and marked as fictional in the notice's name.
FICTIONAL_2027 = """\
years:
  - year: 2027
    notice: 国务院办公厅关于2027年部分节假日安排的通知（虚构，测试用）
    published: 2026-11-20
    holidays:
      - name: 元旦
        start: 2027-01-01
        end: 2027-01-03
      - name: 春节
        start: 2027-02-05
        end: 2027-02-13
        workdays: [2027-01-30, 2027-02-20]
      - name: 清明节
        start: 2027-04-03
        end: 2027-04-05
      - name: 劳动节
        start: 2027-05-01
        end: 2027-05-05
        workdays: [2027-04-25, 2027-05-08]
      - name: 端午节
        start: 2027-06-09
        end: 2027-06-09
      - name: 中秋节
        start: 2027-09-15
        end: 2027-09-15
      - name: 国庆节
        start: 2027-10-01
        end: 2027-10-07
        workdays: [2027-09-26, 2027-10-09]
"""


def add_holidays_2027(root: Path) -> None:
    """Enter the fictional 2027 notice into ``registry/holidays.yaml``, after the years already there."""
    path = root / "submissions/registry/holidays.yaml"
    path.write_text(path.read_text(encoding="utf-8") + FICTIONAL_2027.split("years:\n", 1)[1], encoding="utf-8")


def register_accounts(root: Path, accounts: dict[str, list[str]]) -> None:
    """Give units their accounts in ``registry/units.yaml``, as the office does after ``sfxm init``."""
    path = root / "submissions/registry/units.yaml"
    text = path.read_text(encoding="utf-8")
    for code, names in accounts.items():
        block = text.index(f'  - code: "{code}"\n')
        at = text.index("    accounts: []\n", block)
        text = text[:at] + f"    accounts: [{', '.join(names)}]\n" + text[at + len("    accounts: []\n") :]
    path.write_text(text, encoding="utf-8")


def sfxm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def init(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    pin = () if "--sfxm" in extra else ("--sfxm", "sfxm==0.1.0")
    args = ("--office", "miit-office-live", "--agency", "eval-agency-live", *pin, *extra)
    return sfxm("init", str(path), *args, cwd=path.parent)


def add_call_from_template(root: Path, call_id: str = "2027", values: dict[str, str] | None = None) -> Path:
    """Copy ``templates/call.yaml`` to ``submissions/<call>/call.yaml`` and fill it in."""
    template = (root / "templates/call.yaml").read_text(encoding="utf-8")
    target = root / f"submissions/{call_id}/call.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(fill(template, values or CALL_2027), encoding="utf-8")
    return target
