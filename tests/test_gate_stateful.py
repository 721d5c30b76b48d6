"""The gate's invariant, driven at random: merges that pass the gate never break main.

A hypothesis state machine opens random pull requests on a real git repository — by units,
experts, the agency, the office, a maintainer, strangers and an empty account; from main or from a
stale commit of it; at random moments of the call, in no particular order (the clock may go
backwards). It merges exactly what ``sfxm gate`` passes (``git merge --no-ff``, as a forge would)
and, after every merge, checks main:

- the merged tree is the tree the gate judged;
- ``sfxm check`` finds no error on main (warnings allowed: Q-005 may become one);
- no unit recommends more projects than its quota;
- the gate never failed on its own (no G-013, no G-014) for any pull request.

CI runs a bounded, repeatable number of sequences; ``SFXM_LONG=1`` runs many more at random. Each
run writes how many sequences, steps, merges and refusals it saw to
``tests/_artifacts/gate-stateful.json`` (``gate-stateful-long.json`` in the long mode).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from generator.findings import has_errors
from generator.gate import run_gate
from generator.load import FileSystemSource, GitTreeSource
from generator.repository import Repository
from generator.review.conflicts import conflicts
from generator.rules import check_repository
from generator.selection import taken_ids
from tests.conftest import ROOT
from tests.gitrepo import GitRepo, make_sample

LONG = os.environ.get("SFXM_LONG") == "1"
EXAMPLES, STEPS = (100, 50) if LONG else (15, 40)
ARTIFACT = ROOT / f"tests/_artifacts/gate-stateful{'-long' if LONG else ''}.json"

UNITS = {"110000": "sfxm-demo-110000", "310000": "sfxm-demo-310000", "440300": "sfxm-demo-440300"}
EXPERTS = ["e01", "e02", "e03", "e04"]
OFFICE, AGENCY, MAINTAINER = "miit-office-demo", "eval-agency-demo", "sfxm-maintainer-demo"
STRANGERS = ["a-stranger", ""]
CALL = "submissions/2018"
CLOCK = [  # Beijing time, across the 2018 sample call (opens 06-01, closes 07-31 17:00, review 08-15 09:00)
    "2018-05-20T10:00:00",
    "2018-06-15T10:00:00",
    "2018-07-20T10:00:00",
    "2018-07-31T17:00:01",
    "2018-08-01T10:00:00",
    "2018-08-20T10:00:00",
    "2018-09-10T10:00:00",
    "2018-09-25T10:00:00",
    "2018-10-20T10:00:00",
    "2019-06-01T10:00:00",
]
EXPERT_LIST = """\
experts:
  - {id: e01, name: 专家甲（虚构）, account: expert-e01-demo, home_unit: "310000", directions: ["1", "2"]}
  - {id: e02, name: 专家乙（虚构）, account: expert-e02-demo, home_unit: "440300", directions: ["3"]}
  - {id: e03, name: 专家丙（虚构）, account: expert-e03-demo, home_unit: "120000", directions: ["1"]}
  - {id: e04, name: 专家丁（虚构）, account: expert-e04-demo, home_unit: "110000", directions: ["5"]}
"""
STATS = {"sequences": 0, "steps": 0, "pull_requests": 0, "merged": 0, "refused": 0, "mode": "long" if LONG else "ci"}
MERGED_KINDS: dict[str, int] = {}
REFUSED: dict[str, dict[str, int]] = {}  # kind of pull request → code → how often


def clock(*likely: str) -> st.SearchStrategy[str]:
    """Any moment of the call, or (as often) one when this actor usually acts."""
    return st.one_of(st.sampled_from(likely), st.sampled_from(CLOCK)) if likely else st.sampled_from(CLOCK)


UNIT_TIME = clock("2018-06-15T10:00:00", "2018-07-20T10:00:00")
AGENCY_TIME = clock("2018-08-01T10:00:00", "2018-08-10T10:00:00")
EXPERT_TIME = clock("2018-08-20T10:00:00", "2018-08-25T10:00:00")
PROPOSE_TIME = clock("2018-09-10T10:00:00", "2018-09-12T10:00:00")
FINAL_TIME = clock("2018-09-25T10:00:00", "2018-10-20T10:00:00")
RECORD_TIME = clock("2019-06-01T10:00:00", "2019-11-01T10:00:00")


def _template(path: Path) -> Path:
    """main at the start: the registry, a 2018 call with small quotas and two reviewers, experts."""
    repo = GitRepo(path)
    call = repo.path / f"{CALL}/call.yaml"
    text = call.read_text(encoding="utf-8").replace("quota: 10", "quota: 3").replace("quota: 6", "quota: 2")
    call.write_text(text.replace("reviewers: 5", "reviewers: 2"), encoding="utf-8")
    repo.write(f"{CALL}/review/experts.yaml", EXPERT_LIST)
    repo.write("README.md", "# stateful test repository\n")
    repo.declaration("110000", 1)
    repo.commit("base", date="2018-06-01T00:00:00+08:00")
    return path


_TEMPLATES: dict[str, Path] = {}


def template(start: str) -> Path:
    """``fresh``: the call opens with one declaration; ``sample``: the project's own sample data, after the lists."""
    if start not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix=f"sfxm-stateful-{start}-")) / "repo"
        _TEMPLATES[start] = _template(folder) if start == "fresh" else make_sample(folder).path
    return _TEMPLATES[start]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


class GateMachine(RuleBasedStateMachine):
    """Random pull requests; only what the gate passes is merged; main is checked after each merge."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="sfxm-stateful-"))
        self.path = self.tmp / "repo"
        self.serial = 100

    def teardown(self) -> None:
        STATS["sequences"] += 1
        if hasattr(self, "repo"):
            self.repo.git.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- plumbing ----------------------------------------------------------------------------------

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=True).stdout.strip()

    def _view(self) -> Repository:
        return Repository(FileSystemSource(self.path))

    def _pull_request(self, actor: str, now: str, stale: int, change) -> None:
        """Branch from main (or a stale commit of it), apply ``change``, gate it, merge if it passes."""
        kind = change.__qualname__.split(".")[1]
        base = self.history[-1 - min(stale, len(self.history) - 1)]
        self._git("checkout", "-q", "-B", "pr", base)
        change()
        self._git("add", "-A")
        if not self._git("status", "--porcelain"):
            self._git("checkout", "-q", "main")
            return
        self._git("commit", "-q", "-m", "pull request")
        self._git("checkout", "-q", "main")
        result = run_gate(self.path, "main", "pr", actor, _moment(now))
        STATS["pull_requests"] += 1
        codes = {f.code for f in result.findings}
        assert not codes & {"G-013", "G-014"}, result.findings
        if has_errors(result.findings):
            STATS["refused"] += 1
            for code in {f.code for f in result.findings if f.is_error}:
                REFUSED.setdefault(kind, {})[code] = REFUSED.setdefault(kind, {}).get(code, 0) + 1
            return
        self._git("merge", "-q", "--no-ff", "-m", "merge", "pr")
        STATS["merged"] += 1
        MERGED_KINDS[kind] = MERGED_KINDS.get(kind, 0) + 1
        assert self._git("rev-parse", "main^{tree}") == result.revisions.landing
        self.history.append(self._git("rev-parse", "main"))
        self._main_is_valid()

    def _main_is_valid(self) -> None:
        import git

        with git.Repo(self.path) as repo:
            main = Repository(GitTreeSource(repo, "main"))
            errors = [f for f in check_repository(main) if f.is_error]
            assert errors == [], errors
            for path in main.paths():
                info = main.infos[path]
                if info is not None and info.unit and info.call:
                    quota = main.quota(info.call, info.unit)
                    count = len(main.declaration_paths(info.call, info.unit))
                    assert quota is not None and count <= quota, (info.call, info.unit, count, quota)

    def _next(self) -> int:
        self.serial += 1
        return self.serial

    def _declarations(self, unit: str) -> list[Path]:
        folder = self.path / CALL / "declarations" / unit
        return sorted(folder.glob("*.yaml")) if folder.is_dir() else []

    def _on_main(self, rel: str) -> bool:
        return (self.path / CALL / rel).exists()

    # -- units ---------------------------------------------------------------------------------------

    @initialize(start=st.sampled_from(["fresh", "fresh", "sample"]))
    def main_starts_valid(self, start: str) -> None:
        import git

        shutil.copytree(template(start), self.path, symlinks=True)
        self.repo = GitRepo.__new__(GitRepo)
        self.repo.path = self.path
        self.repo.git = git.Repo(self.path)
        self.history = [self._git("rev-parse", "main")]
        self._main_is_valid()

    @invariant()
    def count_the_step(self) -> None:
        """Not a property: counts the steps hypothesis ran (after each rule)."""
        STATS["steps"] += 1

    @rule(
        unit=st.sampled_from(sorted(UNITS)),
        who=st.sampled_from(["owner", "owner", "owner", "other unit", "stranger"]),
        order=st.sampled_from([0, 0, 0, 1, 3]),  # 0: next in the unit's list
        stale=st.sampled_from([0, 0, 1, 3]),
        now=UNIT_TIME,
    )
    def unit_declares(self, unit: str, who: str, order: int, stale: int, now: str) -> None:
        actor = {"owner": UNITS[unit], "other unit": UNITS["310000" if unit != "310000" else "110000"]}.get(
            who, STRANGERS[0]
        )

        def change() -> None:
            n = self._next()
            place = order or len(self._declarations(unit)) + 1
            self.repo.declaration(unit, n, order=place, applicant=n, name=f"第{n}个随机示例项目")

        self._pull_request(actor, now, stale, change)

    @rule(
        unit=st.sampled_from(sorted(UNITS)),
        how=st.sampled_from(["last", "first", "reorder", "edit"]),
        stale=st.integers(0, 2),
        now=UNIT_TIME,
    )
    def unit_changes_its_list(self, unit: str, how: str, stale: int, now: str) -> None:
        def change() -> None:
            files = self._declarations(unit)
            if not files:
                return
            if how in ("last", "first"):
                ranked = sorted(files, key=lambda p: int(re.search(r"order: (\d+)", p.read_text("utf-8"))[1]))
                (ranked[-1] if how == "last" else ranked[0]).unlink()
            elif how == "reorder" and len(files) > 1:
                a, b = files[0], files[-1]
                ta, tb = a.read_text("utf-8"), b.read_text("utf-8")
                oa, ob = re.search(r"order: \d+", ta)[0], re.search(r"order: \d+", tb)[0]
                a.write_text(ta.replace(oa, ob, 1), "utf-8")
                b.write_text(tb.replace(ob, oa, 1), "utf-8")
            else:
                files[0].write_text(files[0].read_text("utf-8").replace("同意推荐", "同意推荐。", 1), "utf-8")

        self._pull_request(UNITS[unit], now, stale, change)

    # -- the agency and the experts ---------------------------------------------------------------------

    @rule(complete=st.sampled_from([True, True, False]), stale=st.integers(0, 2), now=AGENCY_TIME)
    def agency_assigns(self, complete: bool, stale: int, now: str) -> None:
        def change() -> None:
            view = self._view()
            experts_model = view.experts("2018")
            if experts_model is None or view.call("2018") is None:
                return
            lines = ["seed: 1", "assignments:"]
            for ident, loaded in sorted(taken_ids(view, "2018").items())[: None if complete else -1]:
                free = [e.id for e in experts_model.experts if not conflicts(e, loaded.model, loaded.info.unit or "")]
                lines.append(f'  "{ident}": [{", ".join(free[:2])}]')
            if len(lines) == 2:
                lines[-1] = "assignments: {}"
            (self.path / CALL / "review").mkdir(parents=True, exist_ok=True)
            (self.path / CALL / "review/assignment.yaml").write_text("\n".join(lines) + "\n", "utf-8")

        self._pull_request(AGENCY, now, stale, change)

    @rule(drop=st.sampled_from(EXPERTS), now=AGENCY_TIME)
    def agency_drops_an_expert(self, drop: str, now: str) -> None:
        def change() -> None:
            path = self.path / CALL / "review/experts.yaml"
            if path.exists():
                kept = [line for line in path.read_text("utf-8").splitlines() if f"id: {drop}," not in line]
                path.write_text("\n".join(kept) + "\n", "utf-8")

        self._pull_request(AGENCY, now, 0, change)

    @precondition(lambda self: self._on_main("review/assignment.yaml") and not self._on_main("decision/proposed.yaml"))
    @rule(now=EXPERT_TIME)
    def every_assigned_expert_scores(self, now: str) -> None:
        """A round of review: each assigned expert opens a pull request with all of their scores."""
        assignment = self._view().assignment("2018")
        for expert in sorted({e for ids in (assignment.assignments.values() if assignment else []) for e in ids}):
            self._scores(expert, -1, True, 0, now)

    @precondition(lambda self: self._on_main("review/assignment.yaml"))
    @rule(
        expert=st.sampled_from(EXPERTS),
        pick=st.sampled_from([-1, -1, 0, 1, 2, 7]),  # -1: every declaration assigned to the expert
        own=st.sampled_from([True, True, True, False]),
        stale=st.integers(0, 2),
        now=EXPERT_TIME,
    )
    def expert_scores(self, expert: str, pick: int, own: bool, stale: int, now: str) -> None:
        self._scores(expert, pick, own, stale, now)

    def _scores(self, expert: str, pick: int, own: bool, stale: int, now: str) -> None:
        def change() -> None:
            view = self._view()
            assignment = view.assignment("2018")
            ids = sorted(assignment.assignments) if assignment else []
            if not ids:
                return
            mine = [i for i in ids if expert in assignment.assignments[i]]
            chosen = mine if pick < 0 else [ids[pick % len(ids)]]
            day = min(_moment(now).date(), date(2018, 9, 1)).isoformat()
            folder = self.path / CALL / "review/scores" / (expert if own else EXPERTS[(EXPERTS.index(expert) + 1) % 4])
            folder.mkdir(parents=True, exist_ok=True)
            for ident in chosen:
                (folder / f"{ident}.yaml").write_text(
                    f"declaration: {ident}\nexpert: {expert}\n"
                    "scores: {innovation: 85, demonstration: 80, promotion: 78, benefit: 82}\n"
                    f"comments: 项目特色鲜明，技术路线清晰，建议加强推广。\nno_conflict: true\nsigned_on: {day}\n",
                    "utf-8",
                )

        self._pull_request(f"expert-{expert}-demo", now, stale, change)

    # -- the office ---------------------------------------------------------------------------------------

    @precondition(lambda self: self._on_main("review/scores"))
    @rule(offset=st.sampled_from([0, 0, 1, -1, -3, 3]), stale=st.integers(0, 2), now=PROPOSE_TIME)
    def office_proposes(self, offset: int, stale: int, now: str) -> None:
        def change() -> None:
            view = self._view()
            scored: dict[str, int] = {}
            for loaded in view.scores("2018"):
                if loaded.model is not None:
                    scored[loaded.model.declaration] = scored.get(loaded.model.declaration, 0) + 1
            projects = [i for i in sorted(taken_ids(view, "2018")) if scored.get(i, 0) >= 2] or sorted(scored)[:1]
            if not projects:
                return
            start = (_moment(now).date() + timedelta(days=offset)).isoformat()
            (self.path / CALL / "decision").mkdir(parents=True, exist_ok=True)
            (self.path / CALL / "decision/proposed.yaml").write_text(
                "title: 2018年信息消费试点示范项目拟支持项目名单公示（随机测试）\n"
                f"publicity:\n  start: {start}\n  working_days: 5\n"
                "  objections:\n    office: 工业和信息化部信息化和软件服务业司（示例）\n"
                f"projects: [{', '.join(projects)}]\n",
                "utf-8",
            )

        self._pull_request(OFFICE, now, stale, change)

    @precondition(lambda self: self._on_main("decision/proposed.yaml"))
    @rule(offset=st.sampled_from([0, 0, -1, 2, -10]), now=FINAL_TIME)
    def office_finalizes(self, offset: int, now: str) -> None:
        def change() -> None:
            proposed = self._view().decision("2018", "proposed")
            if proposed is None:
                return
            day = (_moment(now).date() + timedelta(days=offset)).isoformat()
            (self.path / CALL / "decision/final.yaml").write_text(
                "title: 2018年信息消费试点示范项目名单（随机测试）\n"
                f"published_on: {day}\ntext: 经公示，现公布示范项目名单（测试数据，纯属虚构）。\n"
                f"projects: [{', '.join(proposed.projects)}]\n",
                "utf-8",
            )

        self._pull_request(OFFICE, now, 0, change)

    @precondition(lambda self: self._on_main("decision/final.yaml"))
    @rule(offset=st.sampled_from([0, 0, -5, 1, 40]), now=RECORD_TIME)
    def office_records_a_change(self, offset: int, now: str) -> None:
        def change() -> None:
            final = self._view().decision("2018", "final")
            if final is None:
                return
            n = self._next()
            day = (_moment(now).date() + timedelta(days=offset)).isoformat()
            (self.path / CALL / "records").mkdir(parents=True, exist_ok=True)
            (self.path / CALL / f"records/{day}-change-{n % 1000}.yaml").write_text(
                f"number: 示例报备〔2019〕{n}号\nproject: {final.projects[0]}\nchange: 其他\n"
                "description: 项目承担单位调整了项目的建设计划，项目继续实施（测试数据，纯属虚构）。\n"
                "effect: 继续实施\n",
                "utf-8",
            )

        self._pull_request(OFFICE, now, 0, change)

    @rule(quota=st.integers(1, 5), now=st.sampled_from(CLOCK))
    def office_sets_the_quota(self, quota: int, now: str) -> None:
        def change() -> None:
            path = self.path / CALL / "call.yaml"
            if path.exists():
                text = path.read_text("utf-8")
                path.write_text(re.sub(r"(unit_class: province\n\s+quota: )\d+", rf"\g<1>{quota}", text), "utf-8")

        self._pull_request(OFFICE, now, 0, change)

    @rule(days=st.sampled_from([-40, -5, 0, 10, 40]), now=st.sampled_from(CLOCK))
    def office_moves_the_deadline(self, days: int, now: str) -> None:
        def change() -> None:
            path = self.path / CALL / "call.yaml"
            if path.exists():
                text = path.read_text("utf-8")
                closes = (date(2018, 7, 31) + timedelta(days=days)).isoformat()
                path.write_text(re.sub(r"closes: \S+", f"closes: {closes}T17:00:00+08:00", text), "utf-8")

        self._pull_request(OFFICE, now, 0, change)

    @precondition(lambda self: self._on_main("call.yaml"))
    @rule(now=st.sampled_from(CLOCK), rng=st.randoms(use_true_random=False))
    def office_retires_the_sample_call(self, now: str, rng) -> None:
        """Rarely: the office removes the whole sample call (and the sequence has little left to do)."""

        def change() -> None:
            if rng.random() < 0.04:
                shutil.rmtree(self.path / CALL, ignore_errors=True)

        self._pull_request(OFFICE, now, 0, change)

    # -- everyone else -------------------------------------------------------------------------------------

    @rule(
        who=st.sampled_from([MAINTAINER, *STRANGERS, *UNITS.values()]),
        what=st.sampled_from(
            ["README.md", "generator/extra.py", f"{CALL}/call.yaml", f"{CALL}/declarations/110000/notes.txt"]
        ),
        now=st.sampled_from(CLOCK),
    )
    def someone_writes_a_file(self, who: str, what: str, now: str) -> None:
        def change() -> None:
            target = self.path / what
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as f:
                f.write("# 改动\n")

        self._pull_request(who, now, 0, change)


GateMachine.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    report = {
        **STATS,
        "merged_by_kind": dict(sorted(MERGED_KINDS.items())),
        "refused_by_kind_and_code": {k: dict(sorted(v.items())) for k, v in sorted(REFUSED.items())},
    }
    ARTIFACT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\ngate stateful test: {report}")


TestGateInvariant = GateMachine.TestCase
