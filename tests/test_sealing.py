"""Sealed calls (issue 15) on real git repositories: what a clone without keys holds, what each key
opens, the report on sealed scores, broken armour, the gate's leak rules and the office's rotation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.layout import Kind
from generator.load import FileSystemSource, sealing
from generator.load.sealing import Keyring
from generator.repository import Repository
from tests.conftest import ROOT, run_sfxm
from tests.gitrepo import CLOSED, OPEN, REVIEW, GitRepo
from tests.sealedrepo import CALL, UNIT, SealedRepo, build_plain, seal_call

OFFICE, AGENCY, BEIJING = "miit-office-demo", "eval-agency-demo", "sfxm-demo-110000"
DECLARATIONS = f"submissions/{CALL}/declarations"
REVIEW_DIR = f"submissions/{CALL}/review"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> SealedRepo:
    """The 2018 sample sealed: keys for the office, the agency, unit 110000 and every expert."""
    path = tmp_path_factory.mktemp("sealed") / "repo"
    build_plain(path)
    return seal_call(path, tmp_path_factory.mktemp("keys"))


def _copy(template: SealedRepo, dest: Path, *, drop: tuple[str, ...] = ()) -> Path:
    shutil.copytree(template.path / "submissions", dest / "submissions", dirs_exist_ok=True)
    for rel in drop:
        target = dest / "submissions" / CALL / rel
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    return dest


def _git_repo(template: SealedRepo, dest: Path, *, drop: tuple[str, ...] = ()) -> GitRepo:
    repo = GitRepo(dest)
    _copy(template, dest, drop=drop)
    repo.write("README.md", "# sealed test repository\n")
    repo.commit("base", date="2018-06-01T00:00:00+08:00")
    return repo


def _codes(findings: list[dict]) -> set[str]:
    return {f["code"] for f in findings}


# -- a clone without keys ---------------------------------------------------------------------------


def _plain_secrets() -> tuple[set[str], set[str], list[tuple[str, str, str]], list[str]]:
    """From the plain sample: contacts (phones, e-mails), expert names, assignment pairs, score lines."""
    contacts, names = set(), set()
    for path in (ROOT / f"submissions/{CALL}/declarations").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        contacts |= {str(data["contact"]["phone"]), str(data["contact"]["email"])}
        contacts.add(str(data["recommendation"]["verified_by"]))
    experts = yaml.safe_load((ROOT / f"submissions/{CALL}/review/experts.yaml").read_text(encoding="utf-8"))
    accounts = {e["id"]: e["account"] for e in experts["experts"]}
    names = {e["name"] for e in experts["experts"]}
    assignment = yaml.safe_load((ROOT / f"submissions/{CALL}/review/assignment.yaml").read_text(encoding="utf-8"))
    pairs = [(d, e, accounts[e]) for d, es in assignment["assignments"].items() for e in es]
    scores = sorted(
        {
            f"{c}: {v}"
            for p in (ROOT / f"submissions/{CALL}/review/scores").rglob("*.yaml")
            for c, v in yaml.safe_load(p.read_text(encoding="utf-8"))["scores"].items()
        }
    )
    return contacts, names, pairs, scores


def test_a_clone_without_keys_holds_no_contact_expert_pair_or_score(template: SealedRepo, tmp_path: Path) -> None:
    """Every object of every commit of a clone: no phone, e-mail, expert name, assignment pair or score."""
    repo = GitRepo(tmp_path / "origin")
    _copy(template, repo.path, drop=("declarations", "review", "decision", "records", "cases"))
    repo.commit("the office: a sealed call and its recipients")
    shutil.copytree(template.path / DECLARATIONS, repo.path / DECLARATIONS)
    repo.commit("units: sealed declarations")
    for name in ("recipients.yaml", "experts.yaml", "assignment.yaml"):
        (repo.path / REVIEW_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(template.path / REVIEW_DIR / name, repo.path / REVIEW_DIR / name)
    repo.commit("the agency: sealed expert list and assignment")
    shutil.copytree(template.path / f"{REVIEW_DIR}/scores", repo.path / f"{REVIEW_DIR}/scores")
    repo.commit("experts: sealed scores")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", str(repo.path), str(clone)], check=True)
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"], cwd=clone, capture_output=True, check=True
    ).stdout
    text = objects.decode("utf-8", "replace")
    assert text.count("-----BEGIN AGE ENCRYPTED FILE-----") > 300  # the sealed files are there
    contacts, names, pairs, scores = _plain_secrets()
    assert contacts and names and len(pairs) >= 300 and scores
    assert [c for c in contacts if c in text] == []
    assert [n for n in names if n in text] == []
    assert [s for s in scores if s in text] == []
    blobs = re.split(r"\n[0-9a-f]{40} (?:blob|tree|commit|tag) \d+\n", text)
    leaked = []
    for declaration, expert, account in pairs:
        alone = re.compile(rf"(?<![A-Za-z0-9+/]){expert}(?![A-Za-z0-9+/])")
        leaked += [(declaration, expert) for b in blobs if declaration in b and (account in b or alone.search(b))]
    assert leaked == []
    # What stays visible by design: the public fields, and each expert's id and account.
    assert "京韵数字文博沉浸式体验平台" in text and "expert-e01-demo" in text


# -- what each key opens ------------------------------------------------------------------------------


def _repo(path: Path, ring: Keyring | None) -> Repository:
    return Repository(FileSystemSource(path), keys=ring)


def test_without_a_key_the_public_part_is_checked_and_the_rest_is_sealed(template: SealedRepo) -> None:
    repo = _repo(template.path, None)
    loaded = repo.load(f"{DECLARATIONS}/{UNIT}/2018-110000-001.yaml")
    assert loaded.sealed is not None and not loaded.sealed.opened
    assert loaded.model.name == "京韵数字文博沉浸式体验平台" and loaded.model.contact is None
    assert loaded.sealed.envelope.x25519 == 2  # the office and the unit
    assert repo.assignment(CALL) is None and repo.assignment_sealed(CALL)
    result = run_sfxm("check", "--root", str(template.path), "--format", "json")
    assert result.returncode == 0, result.stdout[:2000]


@pytest.mark.parametrize("role", ["agency", "office", "unit", "e01"])
def test_every_role_gets_a_clean_full_check_with_its_key(template: SealedRepo, role: str) -> None:
    result = run_sfxm("check", "--root", str(template.path), "--identity", str(template.key_file(role)))
    assert result.returncode == 0, result.stdout[-2000:]


def test_the_office_and_the_unit_open_the_declaration_the_agency_does_not(template: SealedRepo) -> None:
    path = f"{DECLARATIONS}/{UNIT}/2018-110000-001.yaml"
    for role, opens in (("office", True), ("unit", True), ("agency", False), ("e01", False)):
        loaded = _repo(template.path, template.keys[role].ring).load(path)
        assert loaded.sealed.opened is opens, role
        assert (loaded.model.contact is not None) is opens
    other = _repo(template.path, template.keys["unit"].ring).load(f"{DECLARATIONS}/310000/2018-310000-001.yaml")
    assert not other.sealed.opened  # a unit opens its own declarations, not another unit's


def test_an_expert_key_opens_its_own_assignment_list_and_no_one_elses(template: SealedRepo) -> None:
    plain = yaml.safe_load((ROOT / f"{REVIEW_DIR}/assignment.yaml").read_text(encoding="utf-8"))
    expected = sealing.expert_lists(plain)
    for expert in ("e01", "e02", "e13"):
        repo = _repo(template.path, template.keys[expert].ring)
        loaded = repo.load(f"{REVIEW_DIR}/assignment.yaml")
        assert loaded.model is None  # the whole assignment is the agency's
        assert loaded.sealed.opened_lists == {expert: expected[expert]}
        assert repo.sealed_list(CALL, "e05" if expert != "e05" else "e06") is None
    agency = _repo(template.path, template.keys["agency"].ring)
    assert agency.assignment(CALL).assignments == {k: v for k, v in plain["assignments"].items()}
    assert set(agency.load(f"{REVIEW_DIR}/assignment.yaml").sealed.opened_lists) == set(expected)


def test_the_agency_report_on_sealed_scores_equals_the_report_on_plain_scores(
    template: SealedRepo, tmp_path: Path
) -> None:
    plain, sealed = tmp_path / "plain", tmp_path / "sealed"
    assert run_sfxm("review", "report", "--call", CALL, "--root", str(ROOT), "--out", str(plain)).returncode == 0
    result = run_sfxm(
        "review", "report", "--call", CALL, "--root", str(template.path), "--out", str(sealed),
        "--identity", str(template.key_file("agency")),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in ("review-report-2018.md", "review-report-2018.csv"):
        assert (sealed / name).read_bytes() == (plain / name).read_bytes(), name
    assert "缺评 1 份：e22" in (sealed / "review-report-2018.md").read_text(encoding="utf-8")  # the scores were read


def test_a_wrong_key_gets_a_chinese_message_naming_the_file(template: SealedRepo, tmp_path: Path) -> None:
    no_key = run_sfxm("review", "report", "--call", CALL, "--root", str(template.path), "--out", str(tmp_path))
    assert no_key.returncode == 1 and "需要评估机构的私钥" in no_key.stderr
    expert = run_sfxm(
        "review", "report", "--call", CALL, "--root", str(template.path), "--out", str(tmp_path),
        "--identity", str(template.key_file("e01")),
    )  # fmt: skip
    assert expert.returncode == 1
    assert f"{REVIEW_DIR}/experts.yaml" in expert.stderr and "打不开" in expert.stderr
    assert "Traceback" not in expert.stderr and not list(tmp_path.iterdir())
    stranger = tmp_path / "stranger.key"
    stranger.write_text(sealing.new_identity()[0] + "\n", encoding="utf-8")
    checked = run_sfxm("check", "--root", str(template.path), "--identity", str(stranger), "--format", "json")
    assert checked.returncode == 1 and "K-017" in checked.stdout
    broken = tmp_path / "broken.key"
    broken.write_text("AGE-SECRET-KEY-1NOTAKEY\n", encoding="utf-8")
    bad = run_sfxm("check", "--root", str(template.path), "--identity", str(broken))
    assert bad.returncode == 2 and "第 1 行不是 age 私钥" in bad.stderr and "Traceback" not in bad.stderr


def test_a_file_sealed_to_the_wrong_recipients_is_found_with_and_without_a_key(
    template: SealedRepo, tmp_path: Path
) -> None:
    root = _copy(template, tmp_path)
    path = f"{DECLARATIONS}/{UNIT}/2018-110000-002.yaml"
    ring = template.keys["office"].ring
    doc = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    plaintext = ring.open(doc["sealed"])
    stranger = sealing.new_identity()[1]
    info = layout.classify(path)
    (root / path).write_text(sealing.sealed_text(info.kind, yaml.safe_load(plaintext), plaintext, [stranger]), "utf-8")
    without = run_sfxm("check", str(root / path), "--root", str(root), "--format", "json")
    assert without.returncode == 1 and "K-015" in without.stdout  # one recipient where two are listed
    office = run_sfxm("check", str(root / path), "--root", str(root), "--identity", str(template.key_file("office")))
    assert office.returncode == 1 and "K-016" in office.stdout and path in office.stdout


def _truncate(text: str, keep: int) -> str:
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "BEGIN AGE" in line)
    return "".join(lines[: start + keep])


def test_a_truncated_armour_is_a_finding_with_file_and_line(template: SealedRepo, tmp_path: Path) -> None:
    root = _copy(template, tmp_path)
    score = sorted((root / f"{REVIEW_DIR}/scores/e01").iterdir())[0]
    rel = score.relative_to(root).as_posix()
    text = score.read_text(encoding="utf-8")
    score.write_text(_truncate(text, 4), encoding="utf-8")
    for extra in ([], ["--identity", str(template.key_file("agency"))]):
        result = run_sfxm("check", str(score), "--root", str(root), "--format", "json", *extra)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        found = [f for f in yaml.safe_load(result.stdout) if f["code"] == "K-001"]
        assert found and found[0]["path"] == rel
        assert 1 <= found[0]["line"] <= len(_truncate(text, 4).splitlines())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300))
def test_any_text_in_a_sealed_slot_never_crashes_the_loader(template: SealedRepo, body: str) -> None:
    """Whatever a sealed slot holds, the file loads with findings, never an exception."""
    path = f"{REVIEW_DIR}/scores/e01/{'0' * 32}.yaml"
    text = yaml.safe_dump({"sealed": body}, allow_unicode=True)
    source = _MemorySource({path: text.encode("utf-8")})
    for ring in (None, template.keys["agency"].ring):
        repo = Repository(source, keys=ring)
        loaded = repo.load(path)
        assert loaded is not None
        assert loaded.model is None  # nothing a key did not open is ever a score


class _MemorySource:
    """A source of a few files in memory, for the property tests."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    label = "memory"

    def entries(self, prefix: str):
        from generator.load import FileEntry

        return (FileEntry(p, "file", len(b)) for p, b in self.files.items() if p.startswith(prefix))

    def read(self, path: str) -> bytes:
        return self.files[path]

    def grep_any(self, needles: list[str], prefix: str) -> dict[str, set[str]]:
        return {}


_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contact=st.fixed_dictionaries({"name": _TEXT, "phone": st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)}))
def test_seal_then_open_gives_back_the_document(template: SealedRepo, contact: dict[str, str]) -> None:
    """Any declaration sealed by seal_text opens, with the office's key, to the same data and model."""
    original = (ROOT / f"{DECLARATIONS}/{UNIT}/2018-110000-001.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data["contact"].update(contact)
    plaintext = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    path = f"{DECLARATIONS}/{UNIT}/2018-110000-001.yaml"
    sealed = sealing.sealed_text(
        Kind.DECLARATION, yaml.safe_load(plaintext), plaintext, [template.keys["office"].public]
    )
    assert contact["phone"] not in sealed
    opened = Repository(_MemorySource({path: sealed.encode()}), keys=template.keys["office"].ring).load(path)
    plain = Repository(_MemorySource({path: plaintext})).load(path)
    assert opened.sealed.opened and not [f for f in opened.findings if f.code.startswith("K")]
    assert opened.doc.data == plain.doc.data
    assert opened.model == plain.model


# -- the gate ---------------------------------------------------------------------------------------------

_NEW = f"{DECLARATIONS}/{UNIT}/2018-110000-010.yaml"
_AFTER_REVIEW = ("decision", "records", "cases")  # the review still running: no list, no records


def _unit_pr(template: SealedRepo, tmp_path: Path) -> GitRepo:
    """main: the sealed call open, without declaration 010 of Beijing; a branch of the unit."""
    repo = _git_repo(
        template, tmp_path / "repo", drop=("review", *_AFTER_REVIEW, f"declarations/{UNIT}/2018-110000-010.yaml")
    )
    repo.branch("unit")
    return repo


def test_the_gate_passes_a_units_sealed_declaration(template: SealedRepo, tmp_path: Path) -> None:
    repo = _unit_pr(template, tmp_path)
    shutil.copy(template.path / _NEW, repo.path / _NEW)
    repo.commit("unit: a sealed declaration")
    code, findings, err = repo.gate(BEIJING, OPEN)
    assert code == 0, (findings, err)


def test_the_gate_refuses_a_plaintext_declaration_in_a_sealed_call(template: SealedRepo, tmp_path: Path) -> None:
    repo = _unit_pr(template, tmp_path)
    shutil.copy(ROOT / _NEW, repo.path / _NEW)
    repo.commit("unit: forgot to seal")
    code, findings, _ = repo.gate(BEIJING, OPEN)
    assert code == 1 and {"G-050", "K-010"} <= _codes(findings)
    assert any("0000" in f["message"] or f["path"] == _NEW for f in findings if f["code"] == "G-050")


def test_the_gate_refuses_plaintext_in_any_commit_of_the_pull_request(template: SealedRepo, tmp_path: Path) -> None:
    """Sealed in the end is not enough: the first commit's plaintext blob would land with the history."""
    repo = _unit_pr(template, tmp_path)
    shutil.copy(ROOT / _NEW, repo.path / _NEW)
    first = repo.commit("unit: plaintext")
    shutil.copy(template.path / _NEW, repo.path / _NEW)
    repo.commit("unit: sealed")
    code, findings, _ = repo.gate(BEIJING, OPEN)
    leaks = [f for f in findings if f["code"] == "G-050"]
    assert code == 1 and leaks and first[:10] in leaks[0]["message"]
    assert "K-010" not in _codes(findings)  # the tree that lands is sealed: only the history leaks


def test_the_gate_refuses_a_sealed_declaration_that_shows_a_private_field(template: SealedRepo, tmp_path: Path) -> None:
    repo = _unit_pr(template, tmp_path)
    text = (template.path / _NEW).read_text(encoding="utf-8")
    repo.write(
        _NEW, text.replace("\nsealed: |", "\ncontact: {name: 张三, phone: '13800000000', email: a@b.cn}\nsealed: |")
    )
    repo.commit("unit: contact left in plaintext")
    code, findings, _ = repo.gate(BEIJING, OPEN)
    assert code == 1 and "G-050" in _codes(findings)
    assert any("contact" in f["message"] for f in findings if f["code"] == "G-050")


@pytest.mark.parametrize(
    ("where", "content"),
    [
        ("submissions/2018/declarations/110000/2018-110000-010.yaml", None),  # a comment in a sealed declaration
        ("site/pages/notes.md", "我的密钥 age-secret-key-1qqqqqqqqqqqqqqqq\n".encode()),  # any path, any case
        ("keys/backup.txt", "AGE-SECRET-KEY-1ABC\n".encode("utf-16")),  # saved as "Unicode"
    ],
)
def test_the_gate_refuses_anything_that_looks_like_an_age_identity(
    template: SealedRepo, tmp_path: Path, where: str, content: bytes | None
) -> None:
    repo = _unit_pr(template, tmp_path)
    if content is None:
        text = (template.path / _NEW).read_text(encoding="utf-8")
        content = (f"# {template.keys['unit'].secret}\n" + text).encode()
    repo.write(where, content)
    repo.commit("a key, by mistake")
    code, findings, _ = repo.gate(BEIJING, OPEN)
    assert code == 1 and "G-051" in _codes(findings)
    assert next(f for f in findings if f["code"] == "G-051")["path"] == where


def _review_pr(template: SealedRepo, tmp_path: Path, expert: str = "e01") -> tuple[GitRepo, Path]:
    """main: the sealed call in review, one score of ``expert`` missing; a branch of the expert."""
    score = sorted((template.path / f"{REVIEW_DIR}/scores/{expert}").iterdir())[0]
    rel = score.relative_to(template.path).as_posix()
    repo = _git_repo(template, tmp_path / "repo", drop=(*_AFTER_REVIEW, rel.split(f"{CALL}/", 1)[1]))
    repo.branch(expert)
    return repo, score


def test_the_gate_passes_an_experts_sealed_score(template: SealedRepo, tmp_path: Path) -> None:
    repo, score = _review_pr(template, tmp_path)
    rel = score.relative_to(template.path).as_posix()
    shutil.copy(score, repo.path / rel)
    repo.commit("e01: sealed score")
    code, findings, err = repo.gate("expert-e01-demo", REVIEW)
    assert code == 0, (findings, err)


def test_the_gate_refuses_a_score_named_after_its_declaration(template: SealedRepo, tmp_path: Path) -> None:
    repo, score = _review_pr(template, tmp_path)
    ring = template.keys["agency"].ring
    declaration = yaml.safe_load(ring.open(yaml.safe_load(score.read_text(encoding="utf-8"))["sealed"]))["declaration"]
    rel = f"{REVIEW_DIR}/scores/e01/{declaration}.yaml"
    shutil.copy(score, repo.path / rel)
    repo.commit("e01: a score named by its declaration")
    code, findings, _ = repo.gate("expert-e01-demo", REVIEW)
    assert code == 1 and {"G-052", "K-012"} <= _codes(findings)


def test_the_gate_passes_the_agencys_sealed_assignment(template: SealedRepo, tmp_path: Path) -> None:
    repo = _git_repo(template, tmp_path / "repo", drop=(*_AFTER_REVIEW, "review/assignment.yaml", "review/scores"))
    repo.branch("agency")
    shutil.copy(template.path / f"{REVIEW_DIR}/assignment.yaml", repo.path / f"{REVIEW_DIR}/assignment.yaml")
    repo.commit("agency: sealed assignment")
    code, findings, err = repo.gate(AGENCY, CLOSED)
    assert code == 0, (findings, err)
    shutil.copy(ROOT / f"{REVIEW_DIR}/assignment.yaml", repo.path / f"{REVIEW_DIR}/assignment.yaml")
    repo.commit("agency: plaintext assignment")
    code, findings, _ = repo.gate(AGENCY, CLOSED)
    assert code == 1 and "G-050" in _codes(findings)


def test_the_offices_rotation_reseals_in_one_pull_request(template: SealedRepo, tmp_path: Path) -> None:
    """The office replaces its key: after `sfxm reseal`, the old key opens nothing, the new one everything."""
    repo = _git_repo(template, tmp_path / "repo", drop=("review", *_AFTER_REVIEW))
    repo.branch("rotation")
    new = sealing.new_identity()
    new_key = tmp_path / "new-office.key"
    new_key.write_text(new[0] + "\n", encoding="utf-8")
    recipients = repo.path / layout.RECIPIENTS_PATH
    old_public = template.keys["office"].public
    recipients.write_text(recipients.read_text(encoding="utf-8").replace(old_public, new[1]), encoding="utf-8")
    result = run_sfxm("reseal", "--root", str(repo.path), "--identity", str(template.key_file("office")))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("已重新加密") == len(list((repo.path / DECLARATIONS).rglob("*.yaml")))
    repo.commit("office: new office key, declarations resealed")
    code, findings, err = repo.gate(OFFICE, OPEN)
    assert code == 0, (findings, err)
    old_view = _repo(repo.path, template.keys["office"].ring)
    new_view = _repo(repo.path, Keyring.from_text(new[0], "新私钥"))
    unit_view = _repo(repo.path, template.keys["unit"].ring)
    paths = old_view.paths(Kind.DECLARATION)
    assert paths and not any(old_view.load(p).sealed.opened for p in paths)
    assert all(new_view.load(p).sealed.opened for p in paths)
    assert all(unit_view.load(p).sealed.opened for p in unit_view.declaration_paths(CALL, UNIT))
    checked = run_sfxm("check", "--root", str(repo.path), "--identity", str(new_key))
    assert checked.returncode == 0, checked.stdout[-1500:]
    # A unit cannot pass off a change of another unit's sealed file as a rotation.
    repo.branch("not-a-rotation")
    other = sorted((repo.path / f"{DECLARATIONS}/310000").iterdir())[0]
    text = other.read_text(encoding="utf-8")
    other.write_text(
        text.replace("sealed: |", "# 改动\nsealed: |", 1), encoding="utf-8"
    )  # still sealed, same public part
    recipients.write_text(recipients.read_text(encoding="utf-8") + "# a unit's edit\n", encoding="utf-8")
    repo.commit("unit: touches the office's files")
    code, findings, _ = repo.gate(BEIJING, OPEN, base="rotation")
    refused = {f["path"] for f in findings if f["code"] == "G-002"}  # not the actor's files
    assert code == 1 and refused == {other.relative_to(repo.path).as_posix(), layout.RECIPIENTS_PATH}, findings


# -- what the checks say, one case each ----------------------------------------------------------------


def _ring(template: SealedRepo, role: str) -> Keyring:
    return template.keys[role].ring


def _k002(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    armour = sealing.seal(b"x: 1\n", [template.keys["office"].public])
    with (root / "submissions/2022/call.yaml").open("a", encoding="utf-8") as f:
        f.write("sealed: |\n" + "".join(f"  {line}\n" for line in armour.splitlines()))
    return "submissions/2022/call.yaml", None


def _k003(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    path = f"{DECLARATIONS}/{UNIT}/2018-110000-003.yaml"
    text = (root / path).read_text(encoding="utf-8")
    public = text[: text.index("sealed: |")]
    armour = sealing.seal(b"contact: [\n", [template.keys["office"].public])
    (root / path).write_text(public + "sealed: |\n" + "".join(f"  {x}\n" for x in armour.splitlines()), "utf-8")
    return path, "office"


def _k004(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    """The sealed part also holds a public field (another name than the one everyone sees)."""
    path = f"{DECLARATIONS}/{UNIT}/2018-110000-004.yaml"
    text = (root / path).read_text(encoding="utf-8")
    opened = yaml.safe_load(_ring(template, "office").open(yaml.safe_load(text)["sealed"]))
    armour = sealing.seal(sealing.dump({**opened, "name": "另一个名称"}).encode(), [template.keys["office"].public])
    public = text[: text.index("sealed: |")]
    (root / path).write_text(public + "sealed: |\n" + "".join(f"  {x}\n" for x in armour.splitlines()), "utf-8")
    return path, "office"


def _k005(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    score = sorted((root / f"{REVIEW_DIR}/scores/e02").iterdir())[0]
    score.write_text("scores: {innovation: 90}\n" + score.read_text(encoding="utf-8"), encoding="utf-8")
    return score.relative_to(root).as_posix(), None


def _k011(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    call = root / layout.call_path(CALL)
    call.write_text(call.read_text(encoding="utf-8").replace("sealed: true", "sealed: false"), encoding="utf-8")
    return f"{DECLARATIONS}/{UNIT}/2018-110000-001.yaml", None


def _k013(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    _k011(template, root)
    return sorted((root / f"{REVIEW_DIR}/scores/e01").iterdir())[0].relative_to(root).as_posix(), None


def _k014(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    (root / layout.RECIPIENTS_PATH).unlink()
    return layout.call_path(CALL), None


def _k018(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    first = sorted((root / f"{REVIEW_DIR}/scores/e01").iterdir())[0]
    copy = first.with_name("f" * 32 + ".yaml")
    shutil.copy(first, copy)
    return copy.relative_to(root).as_posix(), "agency"


def _k019(template: SealedRepo, root: Path) -> tuple[str, str | None]:
    path = f"{REVIEW_DIR}/assignment.yaml"
    ring = _ring(template, "agency")
    plaintext = ring.open(yaml.safe_load((root / path).read_text(encoding="utf-8"))["sealed"])
    data = yaml.safe_load(plaintext)
    review = yaml.safe_load((root / f"{REVIEW_DIR}/recipients.yaml").read_text(encoding="utf-8"))
    lists = {
        e: (sealing.expert_list_text(e, items[1:]), [*review["agency"], *review["experts"][e]])
        for e, items in sealing.expert_lists(data).items()
    }
    text = sealing.sealed_text(Kind.ASSIGNMENT, data, plaintext, review["agency"], lists)
    (root / path).write_text(text, encoding="utf-8")
    return path, "agency"


@pytest.mark.parametrize(
    ("code", "make"),
    [("K-002", _k002), ("K-003", _k003), ("K-004", _k004), ("K-005", _k005), ("K-011", _k011), ("K-013", _k013), ("K-014", _k014),
     ("K-018", _k018), ("K-019", _k019)],
)  # fmt: skip
def test_each_sealing_finding_names_its_file(template: SealedRepo, tmp_path: Path, code: str, make) -> None:
    root = _copy(template, tmp_path)
    path, role = make(template, root)
    extra = ["--identity", str(template.key_file(role))] if role else []
    result = run_sfxm("check", "--root", str(root), "--format", "json", *extra)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = [f for f in yaml.safe_load(result.stdout) if f["code"] == code]
    assert found and found[0]["path"] == path and found[0]["line"] >= 1, result.stdout[:1500]


# -- the review's own commands in a sealed call -----------------------------------------------------------


def test_an_expert_writes_seals_and_checks_scores_with_opaque_names(template: SealedRepo, tmp_path: Path) -> None:
    root = _copy(template, tmp_path, drop=_AFTER_REVIEW)
    folder = root / f"{REVIEW_DIR}/scores/e01"
    ring = _ring(template, "e01")
    filled = {p.name: ring.open(yaml.safe_load(p.read_text(encoding="utf-8"))["sealed"]) for p in folder.iterdir()}
    shutil.rmtree(folder)
    args = ("review", "score", "--call", CALL, "--all", "--account", "expert-e01-demo", "--root", str(root))
    refused = run_sfxm(*args)
    assert refused.returncode == 1 and "需要您的私钥" in refused.stderr
    written = run_sfxm(*args, "--identity", str(template.key_file("e01")))
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(filled)  # the same keyed names, found again
    assert "sfxm seal" in written.stdout and not any(
        re.search(r"2018-\d{6}-\d{3}\.yaml", p.name) for p in folder.iterdir()
    )
    for name, plaintext in filled.items():
        (folder / name).write_bytes(plaintext)  # the expert fills the forms in
    leak = run_sfxm("check", "--root", str(root), "--format", "json")
    assert leak.returncode == 1 and "K-010" in leak.stdout  # plaintext scores in a sealed call
    sealed = run_sfxm("seal", str(folder), "--root", str(root))
    assert sealed.returncode == 0 and sealed.stdout.count("已加密") == len(filled), sealed.stdout
    for extra in ([], ["--identity", str(template.key_file("agency"))], ["--identity", str(template.key_file("e01"))]):
        checked = run_sfxm("check", "--root", str(root), *extra)
        assert checked.returncode == 0, checked.stdout[-1500:]
    again = run_sfxm(*args, "--identity", str(template.key_file("e01")))
    assert again.returncode == 0 and "都已有评分文件" in again.stdout


def test_seal_refuses_invalid_plaintext(template: SealedRepo, tmp_path: Path) -> None:
    root = _copy(template, tmp_path)
    path = root / _NEW
    path.write_text((ROOT / _NEW).read_text(encoding="utf-8").replace("phone: ", "phone: 12"), encoding="utf-8")
    result = run_sfxm("seal", str(path), "--root", str(root))
    assert result.returncode == 1 and "拒绝加密" in result.stderr and "S-" in result.stderr
    assert "BEGIN AGE" not in path.read_text(encoding="utf-8")  # nothing changed


def test_the_agency_assigns_in_a_sealed_call_and_each_expert_opens_their_list(
    template: SealedRepo, tmp_path: Path
) -> None:
    root = _copy(template, tmp_path, drop=(*_AFTER_REVIEW, "review/assignment.yaml", "review/scores"))
    args = ("review", "assign", "--call", CALL, "--root", str(root))
    assert "需要评估机构的私钥" in run_sfxm(*args).stderr
    result = run_sfxm(*args, "--identity", str(template.key_file("agency")))
    assert result.returncode == 0, result.stderr
    text = (root / f"{REVIEW_DIR}/assignment.yaml").read_text(encoding="utf-8")
    assert "BEGIN AGE" in text and "2018-110000-001" not in text
    agency = _repo(root, _ring(template, "agency")).assignment(CALL)
    lists = sealing.expert_lists({"assignments": agency.assignments})
    for expert in ("e01", "e24"):
        opened = _repo(root, _ring(template, expert)).load(f"{REVIEW_DIR}/assignment.yaml").sealed.opened_lists
        assert opened == {expert: lists[expert]}
    assert run_sfxm("check", "--root", str(root), "--identity", str(template.key_file("agency"))).returncode == 0


def test_a_units_exports_of_a_sealed_call_need_its_key(template: SealedRepo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ("export", "declaration", "2018-110000-001", "--root", str(template.path), "--out", str(out / "d.docx"))
    refused = run_sfxm(*args)
    assert refused.returncode == 2 and f"{DECLARATIONS}/{UNIT}/2018-110000-001.yaml 已加密" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run_sfxm(*args, "--identity", str(template.key_file("unit"))).returncode == 0
    summary = ("export", "recommendations", "--call", CALL, "--unit", UNIT, "--root", str(template.path))
    assert run_sfxm(*summary, "--out", str(out), "--identity", str(template.key_file("agency"))).returncode == 2
    assert run_sfxm(*summary, "--out", str(out), "--identity", str(template.key_file("unit"))).returncode == 0


def test_the_site_of_a_sealed_call_builds_without_a_key_and_shows_nothing_sealed(
    template: SealedRepo, tmp_path: Path
) -> None:
    """`sfxm build` ignores any key it is given, and no page carries a sealed value or armour."""
    import os

    from tests.sitecopy import copy_site_sources

    root = copy_site_sources(tmp_path / "site", with_data=False)
    shutil.copytree(template.path / "submissions", root / "submissions")
    env = {**os.environ, "SFXM_AGE_IDENTITY": str(template.key_file("office"))}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root)],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    pages = [
        p for p in (root / "site/public").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".csv", ".xml")
    ]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in pages)
    assert "京韵数字文博沉浸式体验平台" in text  # the public fields are published
    contacts, names, _, _ = _plain_secrets()
    assert [c for c in contacts | names if c in text] == []
    assert "YWdlLWVuY3J5cHRpb24" not in text  # the base64 of "age-encryption.org" that opens every armour
    assert not re.search(r"age1[02-9ac-hj-np-z]{58}", text)  # nor a recipient


def test_the_agencys_rotation_of_an_experts_key_reseals_the_review(template: SealedRepo, tmp_path: Path) -> None:
    """Expert e01 loses their key: the agency lists the new one and reseals; the gate accepts it from the agency."""
    repo = _git_repo(template, tmp_path / "repo", drop=_AFTER_REVIEW)
    repo.branch("rotation")
    secret, public = sealing.new_identity()
    recipients = repo.path / f"{REVIEW_DIR}/recipients.yaml"
    text = recipients.read_text(encoding="utf-8")
    recipients.write_text(text.replace(template.keys["e01"].public, public), encoding="utf-8")
    result = run_sfxm(
        "reseal", "--call", CALL, "--root", str(repo.path), "--identity", str(template.key_file("agency"))
    )
    assert result.returncode == 0 and f"未处理：{REVIEW_DIR}" not in result.stdout, result.stdout[-800:]
    repo.commit("agency: e01's new key, review resealed")
    code, findings, err = repo.gate(AGENCY, REVIEW)
    assert code == 0, (findings, err)
    old, new = _repo(repo.path, template.keys["e01"].ring), _repo(repo.path, Keyring.from_text(secret, "新私钥"))
    scores = [p for p in old.score_paths(CALL) if "/e01/" in p]
    assert scores and not any(old.load(p).sealed.opened for p in scores)
    assert all(new.load(p).sealed.opened for p in scores)
    assert old.sealed_list(CALL, "e01") is None and new.sealed_list(CALL, "e01")
    # The same change by an expert is not a rotation: scores are the expert's, the rest the agency's.
    repo.main()
    repo.git.git.checkout("-q", "-b", "by-an-expert", "rotation")
    code, findings, _ = repo.gate("expert-e02-demo", REVIEW)
    assert code == 1 and "G-002" in _codes(findings)


def test_only_the_loader_uses_the_crypto_library() -> None:
    """pyrage is imported by generator/load/sealing.py and nowhere else (no page writer can open anything)."""
    import ast

    users = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "pyrage" or n.startswith("pyrage.") for n in names):
                users.add(path.relative_to(ROOT).as_posix())
    assert users == {"generator/load/sealing.py"}


def test_the_pre_commit_hook_seals_what_a_unit_stages(template: SealedRepo, tmp_path: Path) -> None:
    """The plain git hook: a plaintext declaration of a sealed call is checked, sealed and committed sealed."""
    from tests.test_ci_files import _commit, _install_hook

    repo = _unit_pr(template, tmp_path)
    _install_hook(repo)
    shutil.copy(ROOT / _NEW, repo.path / _NEW)
    result = _commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    committed = repo.git.git.show(f"HEAD:{_NEW}")
    assert "BEGIN AGE ENCRYPTED FILE" in committed and "contact" not in committed
    phone = str(yaml.safe_load((ROOT / _NEW).read_text(encoding="utf-8"))["contact"]["phone"])
    assert phone not in committed
    assert repo.gate(BEIJING, OPEN)[0] == 0


def test_the_gate_refuses_a_declaration_no_listed_recipient_can_open(template: SealedRepo, tmp_path: Path) -> None:
    """Without any key, CI counts the recipient stanzas: sealed to a stranger alone is refused (K-015)."""
    repo = _unit_pr(template, tmp_path)
    plaintext = (ROOT / _NEW).read_bytes()
    stranger = sealing.new_identity()[1]
    repo.write(_NEW, sealing.sealed_text(Kind.DECLARATION, yaml.safe_load(plaintext), plaintext, [stranger]))
    repo.commit("unit: sealed to the wrong key")
    code, findings, _ = repo.gate(BEIJING, OPEN)
    assert code == 1 and "K-015" in _codes(findings) and "G-050" not in _codes(findings)
