"""Shared fixtures: the project root, temporary repositories built from real files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_DECLARATION = ROOT / "submissions/2018/declarations/110000/2018-110000-001.yaml"
SAMPLE_CREDIT_CODE = "91119901MA01A7K3X9"


def fictional_credit_code(unit: str, n: int) -> str:
    """A well-formed credit code in a region that does not exist (prefecture 99) of the unit's province."""
    from generator.model.credit_code import check_character

    region = f"{unit[:4]}99" if unit[2:4] != "00" else f"{unit[:2]}99{n % 100:02d}"
    body = f"91{region}MA{n:07d}"
    return body + check_character(body)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


class TempRepo:
    """A repository folder in a temporary directory: the real registry and call rules, plus files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        (path / "submissions").mkdir(parents=True)
        shutil.copytree(ROOT / "submissions/registry", path / "submissions/registry")
        # The sample's holder accounts name a successor of the sample's records, which are not copied.
        roles = path / "submissions/registry/roles.yaml"
        text = roles.read_text(encoding="utf-8")
        roles.write_text(text[: text.index("# holders")] if "# holders" in text else text, encoding="utf-8")
        for call in ("2018", "2022"):
            (path / f"submissions/{call}").mkdir()
            shutil.copy(ROOT / f"submissions/{call}/call.yaml", path / f"submissions/{call}/call.yaml")

    def write(self, rel: str, content: str | bytes) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        return target

    def declaration(
        self,
        unit: str = "110000",
        serial: int = 1,
        *,
        order: int | None = None,
        call: str = "2018",
        replace: dict[str, str] | None = None,
        name: str | None = None,
        applicant: int | None = None,
        applicant_unit: str | None = None,
        filename: str | None = None,
    ) -> Path:
        """A valid declaration (the first sample one, re-identified), with text replacements.

        ``applicant`` gives it a fictional applicant of its own (credit code and name).
        """
        text = SAMPLE_DECLARATION.read_text(encoding="utf-8")
        if applicant is not None:
            text = text.replace(SAMPLE_CREDIT_CODE, fictional_credit_code(applicant_unit or unit, applicant))
            text = text.replace("北京青檀数字文化科技有限公司（虚构）", f"示例申请主体{applicant:02d}有限公司（虚构）")
        ident = f"{call}-{unit}-{serial:03d}"
        text = text.replace("id: 2018-110000-001", f"id: {ident}")
        text = text.replace("order: 1\n", f"order: {order if order is not None else serial}\n")
        if name is not None:
            text = text.replace("name: 京韵数字文博沉浸式体验平台", f"name: {name}")
        for old, new in (replace or {}).items():
            assert old in text, old
            text = text.replace(old, new)
        return self.write(f"submissions/{call}/declarations/{unit}/{filename or ident + '.yaml'}", text)


@pytest.fixture
def temp_repo(tmp_path: Path) -> TempRepo:
    return TempRepo(tmp_path / "repo")


def run_sfxm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in a subprocess: exit code, stdout and stderr as a user sees them."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


@pytest.fixture
def sfxm() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_sfxm


# -- the public site: built once per session, served on the loopback, seen in Debian's chromium --


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once for the session from a copy of the sources (never the working tree)."""
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.site.build import build_site
    from tests.sitecopy import copy_site_sources

    root = copy_site_sources(tmp_path_factory.mktemp("site"))
    result = build_site(Repository(FileSystemSource(root)), root, root / "out")
    assert result.warnings == []
    return root / "out"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright (never a downloaded browser); skipped where it is missing."""
    from tests.browser import launch

    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The address of the built sample site, served on the loopback (404.html for missing pages)."""
    from tests.browser import serve

    with serve(built_site) as url:
        yield url


REAL_CALL = "2023"


def add_real_call(root: Path) -> None:
    """A real (non-sample) call next to the samples: the 2018 rules as 2023's, with one declaration."""
    call = (root / "submissions/2018/call.yaml").read_text(encoding="utf-8")
    call = call.replace('id: "2018"', f'id: "{REAL_CALL}"').replace("year: 2018", f"year: {REAL_CALL}")
    call = call.replace("title: 2018年信息消费试点示范项目", f"title: {REAL_CALL}年信息消费示范项目（正式批次）")
    call = call.replace("sample: true", "sample: false").replace("2018-0", f"{REAL_CALL}-0")
    (root / f"submissions/{REAL_CALL}").mkdir()
    (root / f"submissions/{REAL_CALL}/call.yaml").write_text(call, encoding="utf-8")
    text = SAMPLE_DECLARATION.read_text(encoding="utf-8").replace("id: 2018-110000-001", f"id: {REAL_CALL}-110000-001")
    text = text.replace("verified_on: 2018-07-20", f"verified_on: {REAL_CALL}-07-20")
    target = root / f"submissions/{REAL_CALL}/declarations/110000/{REAL_CALL}-110000-001.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples beside a real call, the site under a sub-path (https://sfxm.example/xxgk/): built once."""
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.rules import check_repository
    from generator.site.build import build_site
    from tests.sitecopy import copy_site_sources

    root = copy_site_sources(tmp_path_factory.mktemp("mixed"))
    add_real_call(root)
    site = root / "submissions/registry/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("https://sfxm.example/", "https://sfxm.example/xxgk/"))
    repo = Repository(FileSystemSource(root))
    assert [f.code for f in check_repository(repo)] == ["W-004"]  # a sample identity beside a real call
    result = build_site(Repository(FileSystemSource(root)), root, root / "out")
    assert result.warnings == []
    return root / "out"
