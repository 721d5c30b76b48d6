"""The gate, tried as an attacker would: hostile pull requests on real git repositories, and legitimate ones.

Every hostile pull request must be rejected (exit 1) with the code that names its fault, on a file
of the pull request's diff (a CI annotation needs one), with nothing on stderr. Every legitimate
one must pass (exit 0), and once merged, ``sfxm check`` must find no error on main: the gate's
invariant, case by case (``test_gate_stateful`` drives it with random sequences).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.load.sources import path_text
from tests.conftest import run_sfxm
from tests.gitrepo import BEFORE, CLOSED, OPEN, REVIEW, GitRepo, make_base, make_sample

BJ, SH = "sfxm-demo-110000", "sfxm-demo-310000"
OFFICE, AGENCY, MAINTAINER, E01 = "miit-office-demo", "eval-agency-demo", "sfxm-maintainer-demo", "expert-e01-demo"
BJ_DIR = "submissions/2018/declarations/110000"
AFTER_REVIEW = "2018-09-10T10:00:00+08:00"  # scores are in; the office may publish the proposed list
AFTER_PUBLICITY = "2018-09-20T10:00:00+08:00"  # a publicity from 2018-09-10 (5 working days) has ended


def score(expert: str, declaration: str) -> str:
    return (
        f"declaration: {declaration}\nexpert: {expert}\n"
        "scores: {innovation: 85, demonstration: 80, promotion: 78, benefit: 82}\n"
        "comments: 项目特色鲜明，技术路线清晰，建议加强推广。\nno_conflict: true\nsigned_on: 2018-08-20\n"
    )


def proposed(start: str) -> str:
    return (
        "title: 2018年信息消费试点示范项目拟支持项目名单公示（测试）\n"
        f"publicity:\n  start: {start}\n  working_days: 5\n"
        "  objections:\n    office: 工业和信息化部信息化和软件服务业司（示例）\n"
        "projects: [2018-110000-001, 2018-110000-002]\n"
    )


def final(day: str) -> str:
    return (
        "title: 2018年信息消费试点示范项目名单（测试）\n"
        f"published_on: {day}\n"
        "text: 经公示无异议，现公布示范项目名单（测试数据，纯属虚构）。\n"
        "projects: [2018-110000-001, 2018-110000-002]\n"
    )


def change_record(number: str) -> str:
    text = (Path(__file__).parent.parent / "submissions/2018/records/2019-05-10-change-1.yaml").read_text(
        encoding="utf-8"
    )
    return text.replace("number: 示例报备〔2019〕1号", f"number: {number}")


# -- bases (main before the pull request), built once and copied for each case ---------------


def _plain(path: Path) -> GitRepo:
    return make_base(path)


def _review(path: Path) -> GitRepo:
    return make_base(path, review=True)


def _scored(path: Path) -> GitRepo:
    repo = make_base(path, review=True)
    for expert in ("e01", "e02"):
        for serial in (1, 2):
            ident = f"2018-110000-00{serial}"
            repo.write(f"submissions/2018/review/scores/{expert}/{ident}.yaml", score(expert, ident))
    repo.commit("scores")
    return repo


def _proposed(path: Path) -> GitRepo:
    repo = _scored(path)
    repo.write("submissions/2018/decision/proposed.yaml", proposed("2018-09-10"))
    repo.commit("proposed list")
    return repo


BASES: dict[str, Callable[[Path], GitRepo]] = {
    "plain": _plain,
    "review": _review,
    "scored": _scored,
    "proposed": _proposed,
    "sample": make_sample,
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bases")
    return {name: build(root / name).path for name, build in BASES.items()}


def _copy(templates: dict[str, Path], name: str, to: Path) -> GitRepo:
    shutil.copytree(templates[name], to, symlinks=True)
    repo = GitRepo.__new__(GitRepo)
    repo.path = to
    import git

    repo.git = git.Repo(to)
    return repo


# -- the cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    base: str
    actor: str
    now: str
    build: Callable[[GitRepo], None]
    codes: tuple[str, ...]  # hostile: each must be reported, the first names the fault; legitimate: none
    on: str | None = None  # hostile: a part of the path that must carry the first code

    @property
    def hostile(self) -> bool:
        return bool(self.codes)


CASES: list[Case] = []


def case(name: str, base: str, actor: str, now: str, *codes: str, on: str | None = None):
    def register(build: Callable[[GitRepo], None]) -> Callable[[GitRepo], None]:
        CASES.append(Case(name, base, actor, now, build, codes, on))
        return build

    return register


def _edit(repo: GitRepo, rel: str, old: str, new: str) -> None:
    path = repo.path / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _declaration(repo: GitRepo, serial: int = 3, **kwargs) -> None:
    repo.declaration("110000", serial, applicant=serial, name=f"第{serial}个示例项目", **kwargs)


# Names: bytes, Unicode, segments, look-alikes, collisions, Windows.


@case("name not UTF-8 hides nothing", "plain", BJ, OPEN, "L-006", "G-002", on="\\xb1\\xb1.yaml")
def _(repo: GitRepo) -> None:
    repo.declaration("310000", 1, applicant=5)
    repo.write("generator/gate/rules.py", "# the gate, rewritten\n")
    repo.commit()
    repo.put(f"{BJ_DIR}/".encode() + b"\xb1\xb1.yaml")


@case("name not NFC", "plain", BJ, OPEN, "L-007", on="attachments/")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/attachments/cafe\u0301.pdf", b"%PDF-1.4\n")
    repo.commit()


@case("control character in a name", "plain", BJ, OPEN, "L-008", on="2018-110000-003")
def _(repo: GitRepo) -> None:
    repo.put(f"{BJ_DIR}/2018-110000-003\n.yaml".encode())


@case("right-to-left override disguises an extension", "plain", BJ, OPEN, "L-008", on="attachments/")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/attachments/\u202efdp.exe", b"MZ\x90\x00")
    repo.commit()


@case("a '..' tree entry written with git mktree", "plain", BJ, OPEN, "L-009", on="/../")
def _(repo: GitRepo) -> None:
    repo.put(f"{BJ_DIR}/../310000/2018-310000-001.yaml".encode())


@case("a '.git' folder inside the unit's folder", "plain", BJ, OPEN, "L-009", on=".git/config")
def _(repo: GitRepo) -> None:
    repo.put(f"{BJ_DIR}/.git/config".encode(), b"[core]\n\tfsmonitor = touch /tmp/pwned\n")


@case("a '.' segment", "plain", BJ, OPEN, "L-009", on="/./")
def _(repo: GitRepo) -> None:
    repo.put(f"{BJ_DIR}/./2018-110000-003.yaml".encode())


@case("backslash in a name", "plain", BJ, OPEN, "L-010", on="\\2018")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/sub\\2018-110000-003.yaml", "x: 1\n")
    repo.commit()


@case("unit folder with a trailing space", "plain", BJ, OPEN, "L-011", "L-015", on="110000 /")
def _(repo: GitRepo) -> None:
    path = repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    (repo.path / f"{BJ_DIR} ").mkdir()
    path.rename(repo.path / f"{BJ_DIR} " / path.name)
    repo.commit()


@case("leading space in a file name", "plain", BJ, OPEN, "L-011", on=" 2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo, filename=" 2018-110000-003.yaml")
    repo.commit()


@case("full-width look-alike of a unit code", "plain", SH, OPEN, "L-012", "L-015", on="１１００００")
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/declarations/１１００００/2018-110000-003.yaml", "x: 1\n")
    repo.commit()


@case("a unit folder named in words", "plain", BJ, OPEN, "L-015", on="declarations/beijing/")
def _(repo: GitRepo) -> None:
    _declaration(repo, filename="../beijing/2018-110000-003.yaml")
    repo.commit()


@case("full-width dot before the extension", "plain", BJ, OPEN, "L-012", on="003．yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo, filename="2018-110000-003．yaml")
    repo.commit()


@case("case collision with an existing declaration", "plain", BJ, OPEN, "L-013", on="001.YAML")
def _(repo: GitRepo) -> None:
    shutil.copy(repo.path / BJ_DIR / "2018-110000-001.yaml", repo.path / BJ_DIR / "2018-110000-001.YAML")
    repo.commit()


@case("case collision of a folder", "plain", BJ, OPEN, "L-013", on="Declarations/")
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/Declarations/110000/2018-110000-003.yaml", "x: 1\n")
    repo.commit()


@case("Windows device name", "plain", BJ, OPEN, "L-014", on="aux.pdf")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/attachments/aux.pdf", b"%PDF-1.4\n")
    repo.commit()


@case("characters Windows refuses", "plain", BJ, OPEN, "L-014", on="a:b")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/attachments/a:b?.pdf", b"%PDF-1.4\n")
    repo.commit()


# Entries outside the layout, inside the unit's own folder, alone.


@case("notes.txt alone in the unit's folder", "plain", BJ, OPEN, "L-001", on="110000/notes.txt")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/notes.txt", "备忘\n")
    repo.commit()


@case("upper-case .YAML alone", "plain", BJ, OPEN, "L-001", on="2018-110000-003.YAML")
def _(repo: GitRepo) -> None:
    _declaration(repo, filename="2018-110000-003.YAML")
    repo.commit()


@case("binary blob alone", "plain", BJ, OPEN, "L-001", on="110000/blob.bin")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/blob.bin", os.urandom(2048))
    repo.commit()


@case("6 MB zip alone", "plain", BJ, OPEN, "L-001", "G-008", on="110000/big.zip")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/big.zip", b"PK\x03\x04" + os.urandom(6 * 1024 * 1024))
    repo.commit()


@case("symlink to /etc/passwd named like a declaration", "plain", BJ, OPEN, "L-002", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    os.symlink("/etc/passwd", repo.path / BJ_DIR / "2018-110000-003.yaml")
    repo.commit()


@case("submodule (gitlink) in the unit's folder", "plain", BJ, OPEN, "L-002", on="110000/vendored")
def _(repo: GitRepo) -> None:
    repo.put(f"{BJ_DIR}/vendored".encode(), mode="160000", oid=repo.rev("HEAD"))


@case("symlink in the code, by a maintainer", "plain", MAINTAINER, OPEN, "G-006", on="generator/passwd-link")
def _(repo: GitRepo) -> None:
    (repo.path / "generator").mkdir()
    os.symlink("/etc/passwd", repo.path / "generator/passwd-link")
    repo.commit()


@case("submodule in the code, by a maintainer", "plain", MAINTAINER, OPEN, "G-006", on="generator/vendored")
def _(repo: GitRepo) -> None:
    repo.put(b"generator/vendored", mode="160000", oid=repo.rev("HEAD"))


@case("a file at the top outside the layout, by a maintainer", "plain", MAINTAINER, OPEN, "L-016", on="notes.txt")
def _(repo: GitRepo) -> None:
    repo.write("notes.txt", "备忘\n")
    repo.commit()


@case("binary file in the code, by a maintainer", "plain", MAINTAINER, OPEN, "G-007", on="generator/blob.bin")
def _(repo: GitRepo) -> None:
    repo.write("generator/blob.bin", b"\x00\x01binary")
    repo.commit()


@case("oversized text, by a maintainer", "plain", MAINTAINER, OPEN, "G-008", on="ci/big.txt")
def _(repo: GitRepo) -> None:
    repo.write("ci/big.txt", "x" * (6 * 1024 * 1024))
    repo.commit()


@case("oversized README under submissions, by the office", "plain", OFFICE, OPEN, "G-008", on="submissions/README.md")
def _(repo: GitRepo) -> None:
    repo.write("submissions/README.md", "说明\n" * 100_000)
    repo.commit()


@case("attachment that is not what its extension says", "plain", BJ, OPEN, "L-003", on="attachments/licence.pdf")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/attachments/licence.pdf", b"MZ\x90\x00 not a pdf")
    repo.commit()


@case("NUL bytes named like a declaration", "plain", BJ, OPEN, "Y-012", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/2018-110000-003.yaml", b"\x00\x01\x02")
    repo.commit()


@case("a declaration saved as GBK", "plain", BJ, OPEN, "Y-001", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    path = repo.declaration("110000", 3, applicant=3, name="第三个示例项目")
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", "replace"))
    repo.commit()


# The tree that lands, not the branch.


@case("stale branch: 4th with order 4 while main holds 4-10", "plain", BJ, OPEN, "G-017", "Q-003", on="011.yaml")
def _(repo: GitRepo) -> None:
    repo.branch("stale")
    repo.declaration("110000", 11, order=4, applicant=11, name="迟到的示例项目")
    repo.commit("the unit's stale branch")
    repo.main()
    for serial in range(3, 11):
        _declaration(repo, serial)
    repo.commit("main moved on")
    repo.git.git.checkout("-q", "stale")


@case("conflict with main", "plain", BJ, OPEN, "G-016", on="2018-110000-001.yaml")
def _(repo: GitRepo) -> None:
    repo.branch("mine")
    _edit(repo, f"{BJ_DIR}/2018-110000-001.yaml", "同意推荐", "同意推荐（本分支）")
    repo.commit()
    repo.main()
    _edit(repo, f"{BJ_DIR}/2018-110000-001.yaml", "同意推荐", "同意推荐（主分支）")
    repo.commit()
    repo.git.git.checkout("-q", "mine")


@case("assignment while the call is open", "plain", AGENCY, OPEN, "G-019", on="review/assignment.yaml")
def _(repo: GitRepo) -> None:
    from tests.gitrepo import ASSIGNMENT

    repo.write("submissions/2018/review/assignment.yaml", ASSIGNMENT)
    repo.commit()


@case("declaration after the assignment is on main", "review", BJ, OPEN, "G-018", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo)
    repo.commit()


@case("declaration in a call without rules", "plain", BJ, OPEN, "C-007", on="2030-110000-001.yaml")
def _(repo: GitRepo) -> None:
    repo.declaration("110000", 1, call="2030", applicant=9)
    repo.commit()


@case("over quota in the pull request itself", "plain", BJ, OPEN, "G-017", on="2018-110000-011.yaml")
def _(repo: GitRepo) -> None:
    for serial in range(3, 12):
        _declaration(repo, serial)
    repo.commit()


# The clock.


@case("declaration one second after the deadline", "plain", BJ, "2018-07-31T17:00:01+08:00", "G-004", on="003.yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo)
    repo.commit()


@case("declaration before the call opens", "plain", BJ, BEFORE, "G-003", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo)
    repo.commit()


@case("editing a declaration once review started", "review", BJ, REVIEW, "G-005", on="2018-110000-001.yaml")
def _(repo: GitRepo) -> None:
    _edit(repo, f"{BJ_DIR}/2018-110000-001.yaml", "同意推荐", "同意推荐。")
    repo.commit()


@case("score before review starts", "review", E01, CLOSED, "G-010", on="e01/2018-110000-001.yaml")
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/review/scores/e01/2018-110000-001.yaml", score("e01", "2018-110000-001"))
    repo.commit()


@case("score changed after the proposed list", "proposed", E01, AFTER_REVIEW, "G-011", on="e01/2018-110000-001.yaml")
def _(repo: GitRepo) -> None:
    _edit(repo, "submissions/2018/review/scores/e01/2018-110000-001.yaml", "innovation: 85", "innovation: 95")
    repo.commit()


@case("publicity starting in the past", "scored", OFFICE, AFTER_REVIEW, "G-020", on="decision/proposed.yaml")
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/decision/proposed.yaml", proposed("2018-09-03"))
    repo.commit()


@case(
    "final list committed during publicity, dated later",
    "proposed",
    OFFICE,
    "2018-09-12T10:00:00+08:00",
    "G-021",
    on="final.yaml",
)
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/decision/final.yaml", final("2018-09-20"))
    repo.commit()


@case(
    "record dated months ahead", "sample", OFFICE, "2019-06-01T10:00:00+08:00", "G-021", on="2019-12-30-change-2.yaml"
)
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/records/2019-12-30-change-2.yaml", change_record("示例报备〔2019〕9号"))
    repo.commit()


@case(
    "editing a published record", "sample", OFFICE, "2019-06-01T10:00:00+08:00", "G-012", on="2019-05-10-change-1.yaml"
)
def _(repo: GitRepo) -> None:
    _edit(repo, "submissions/2018/records/2019-05-10-change-1.yaml", "兼并重组", "其他")
    repo.commit()


@case(
    "deleting part of a sample call's published records",
    "sample",
    OFFICE,
    "2019-06-01T10:00:00+08:00",
    "G-012",
    on="decision/final.yaml",
)
def _(repo: GitRepo) -> None:
    repo.remove("submissions/2018/decision/final.yaml")
    repo.commit()


@case("deleting a live call whole", "sample", OFFICE, "2019-06-01T10:00:00+08:00", "G-002", "G-012", on="declarations/")
def _(repo: GitRepo) -> None:
    repo.main()
    _edit(repo, "submissions/2018/call.yaml", "sample: true", "sample: false")
    repo.commit("the call is live")
    repo.branch("retire")
    repo.remove("submissions/2018")
    repo.commit()


@case(
    "a unit deleting a sample call", "sample", BJ, "2019-06-01T10:00:00+08:00", "G-002", on="submissions/2018/call.yaml"
)
def _(repo: GitRepo) -> None:
    repo.remove("submissions/2018")
    repo.commit()


# Who.


@case("unknown account", "plain", "somebody-else", OPEN, "G-001", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo)
    repo.commit()


@case("empty account", "plain", "", OPEN, "G-015", on="2018-110000-003.yaml")
def _(repo: GitRepo) -> None:
    _declaration(repo)
    repo.commit()


@case("another unit's declaration", "plain", BJ, OPEN, "G-002", on="310000/2018-310000-001.yaml")
def _(repo: GitRepo) -> None:
    repo.declaration("310000", 1, applicant=5)
    repo.commit()


@case("raising its own quota", "plain", BJ, OPEN, "G-002", on="submissions/2018/call.yaml")
def _(repo: GitRepo) -> None:
    _edit(repo, "submissions/2018/call.yaml", "quota: 10", "quota: 20")
    for serial in range(3, 12):
        _declaration(repo, serial)
    repo.commit()


@case("adding itself to another unit in the registry", "plain", BJ, OPEN, "G-002", on="registry/units.yaml")
def _(repo: GitRepo) -> None:
    _edit(
        repo, "submissions/registry/units.yaml", "accounts: [sfxm-demo-310000]", f"accounts: [sfxm-demo-310000, {BJ}]"
    )
    repo.declaration("310000", 1, applicant=5)
    repo.commit()


@case("a unit editing the CI workflow", "plain", BJ, OPEN, "G-002", on=".github/workflows/gate.yml")
def _(repo: GitRepo) -> None:
    repo.write(".github/workflows/gate.yml", "on: push\n")
    repo.commit()


@case("an expert writing another expert's score", "review", E01, REVIEW, "G-002", on="e02/2018-110000-001.yaml")
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/review/scores/e02/2018-110000-001.yaml", score("e02", "2018-110000-001"))
    repo.commit()


@case("an expert editing a file of no call", "plain", E01, OPEN, "G-002", on="README.md")
def _(repo: GitRepo) -> None:
    repo.write("README.md", "# 改动\n")
    repo.commit()


@case("moving a declaration into another unit", "plain", BJ, OPEN, "G-009", on="120000/2018-110000-002.yaml")
def _(repo: GitRepo) -> None:
    repo.move(f"{BJ_DIR}/2018-110000-002.yaml", "submissions/2018/declarations/120000/2018-110000-002.yaml")
    repo.commit()


@case("an outsider deleting the registry", "plain", "random-person", OPEN, "G-001", on="registry/units.yaml")
def _(repo: GitRepo) -> None:
    repo.remove("submissions/registry/units.yaml")
    repo.commit()


# Legitimate pull requests.


@case("new declaration within quota", "plain", BJ, OPEN)
def _(repo: GitRepo) -> None:
    _declaration(repo)
    repo.commit()


@case("edit before the deadline", "plain", BJ, OPEN)
def _(repo: GitRepo) -> None:
    _edit(repo, f"{BJ_DIR}/2018-110000-001.yaml", "同意推荐", "同意推荐该项目")
    repo.commit()


@case("reordering the unit's list", "plain", BJ, OPEN)
def _(repo: GitRepo) -> None:
    _edit(repo, f"{BJ_DIR}/2018-110000-001.yaml", "order: 1\n", "order: 2\n")
    _edit(repo, f"{BJ_DIR}/2018-110000-002.yaml", "order: 2\n", "order: 1\n")
    repo.commit()


@case("renaming within the unit", "plain", BJ, OPEN)
def _(repo: GitRepo) -> None:
    repo.move(f"{BJ_DIR}/2018-110000-002.yaml", f"{BJ_DIR}/second-project.yaml")
    repo.commit()


@case("an attachment, referenced", "plain", BJ, OPEN)
def _(repo: GitRepo) -> None:
    repo.write(f"{BJ_DIR}/attachments/营业执照（副本）.pdf", b"%PDF-1.4\n%fictional\n")
    _edit(
        repo,
        f"{BJ_DIR}/2018-110000-001.yaml",
        "attachments: []",
        "attachments:\n  - title: 营业执照（副本）\n    path: attachments/营业执照（副本）.pdf",
    )
    repo.commit()


@case("stale branch that merges cleanly", "plain", SH, OPEN)
def _(repo: GitRepo) -> None:
    repo.branch("shanghai")
    repo.declaration("310000", 1, applicant=5)
    repo.commit("Shanghai's declaration")
    repo.main()
    _declaration(repo)
    repo.commit("Beijing's, merged meanwhile")
    repo.git.git.checkout("-q", "shanghai")


@case("a stale edit of a file renamed on main meanwhile", "plain", BJ, OPEN)
def _(repo: GitRepo) -> None:
    repo.branch("edit")
    _edit(repo, f"{BJ_DIR}/2018-110000-002.yaml", "同意推荐", "同意推荐该项目")
    repo.commit("the edit, on a branch")
    repo.main()
    repo.move(f"{BJ_DIR}/2018-110000-002.yaml", f"{BJ_DIR}/second-project.yaml")
    repo.commit("the rename, merged meanwhile")
    repo.git.git.checkout("-q", "edit")


@case("assignment after the call closes", "plain", AGENCY, CLOSED)
def _(repo: GitRepo) -> None:
    from tests.gitrepo import ASSIGNMENT

    repo.main()
    _edit(repo, "submissions/2018/call.yaml", "reviewers: 5", "reviewers: 2")  # the office's, merged first
    repo.commit("the office: two reviewers")
    repo.branch("assignment")
    repo.write("submissions/2018/review/assignment.yaml", ASSIGNMENT)
    repo.commit()


@case("an expert's score during review", "review", E01, REVIEW)
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/review/scores/e01/2018-110000-001.yaml", score("e01", "2018-110000-001"))
    repo.commit()


@case("the proposed list, publicity from today", "scored", OFFICE, AFTER_REVIEW)
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/decision/proposed.yaml", proposed("2018-09-10"))
    repo.commit()


@case("the final list, after publicity, dated today", "proposed", OFFICE, AFTER_PUBLICITY)
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/decision/final.yaml", final("2018-09-20"))
    repo.commit()


@case("a change report dated today", "sample", OFFICE, "2019-06-01T10:00:00+08:00")
def _(repo: GitRepo) -> None:
    repo.write("submissions/2018/records/2019-06-01-change-2.yaml", change_record("示例报备〔2019〕9号"))
    repo.commit()


@case("the office moves the deadline", "plain", OFFICE, OPEN)
def _(repo: GitRepo) -> None:
    _edit(repo, "submissions/2018/call.yaml", "17:00:00+08:00", "18:00:00+08:00")
    repo.commit()


@case("a maintainer's code and site image", "plain", MAINTAINER, OPEN)
def _(repo: GitRepo) -> None:
    repo.write("generator/extra.py", '"""A helper."""\n')
    repo.write("site/pages/assets/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    repo.commit()


@case("the office retires the sample calls", "sample", OFFICE, "2026-11-27T10:00:00+08:00")
def _(repo: GitRepo) -> None:
    repo.remove("submissions/2018")
    repo.remove("submissions/2022")
    repo.commit()


HOSTILE = [c for c in CASES if c.hostile]
LEGITIMATE = [c for c in CASES if not c.hostile]


def _prepare(templates: dict[str, Path], tmp_path: Path, case: Case) -> GitRepo:
    repo = _copy(templates, case.base, tmp_path / "repo")
    repo.branch("pr")
    case.build(repo)
    return repo


def _diff_paths(repo: GitRepo) -> set[str]:
    """The paths of the pull request's diff (merge base → HEAD), as the gate spells them."""
    base = repo.raw("merge-base", "main", "HEAD").strip().decode()
    out = repo.raw("diff-tree", "-r", "-z", "--no-renames", "--name-only", base, "HEAD")
    return {path_text(p) for p in out.split(b"\0") if p}


def test_the_suite_is_large_enough() -> None:
    assert len(HOSTILE) >= 40 and len(LEGITIMATE) >= 10, (len(HOSTILE), len(LEGITIMATE))


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_hostile_pull_request_is_rejected(templates: dict[str, Path], tmp_path: Path, case: Case) -> None:
    repo = _prepare(templates, tmp_path, case)
    code, findings, err = repo.gate(case.actor, case.now)
    found = {f["code"] for f in findings}
    assert code == 1, findings
    assert set(case.codes) <= found, (sorted(set(case.codes) - found), findings)
    assert err == "", err  # no traceback, no warning: findings only
    diff = _diff_paths(repo)
    assert all(f["path"] in diff for f in findings), [(f["code"], f["path"]) for f in findings]
    first = case.codes[0]
    assert any(f["code"] == first and case.on in f["path"] for f in findings), (first, case.on, findings)


@pytest.mark.parametrize("case", LEGITIMATE, ids=lambda c: c.name)
def test_legitimate_pull_request_passes_and_main_stays_valid(
    templates: dict[str, Path], tmp_path: Path, case: Case
) -> None:
    repo = _prepare(templates, tmp_path, case)
    code, findings, err = repo.gate(case.actor, case.now)
    assert (code, findings, err) == (0, [], "")
    branch = repo.git.active_branch.name
    repo.main()
    repo.git.git.merge("-q", "--no-ff", "-m", "merge", branch)
    result = run_sfxm("check", "--root", str(repo.path), "--format", "json")
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert errors == [], errors
