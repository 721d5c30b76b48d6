"""``sfxm init``: a live programme repository, without sample data.

What a programme repository holds, and what it does not:

- its data: the registry of units (names, codes and classes from sfxm's list; no accounts: the
  office enters the real ones), the roles (the accounts given to ``init``), the holiday notices
  sfxm knows, and no call: a call is created from ``templates/call.yaml``;
- what its forge and tools read from the repository: ``mkdocs.yml``, the CI workflows, CODEOWNERS,
  the pre-commit configuration, and a ``pyproject.toml`` that pins the sfxm its CI installs
  (``pip install .``) — the base branch's pin, so a pull request cannot change the code that judges it;
- not the site's theme overrides, assets and hand-written pages: they come with the installed sfxm
  (``generator.kit``), so that upgrading sfxm upgrades them with the page writers that use them.

The repository is made a git repository (branch ``main``) unless it already is one (a clone of an
empty repository made on the forge) or ``git=False``; nothing is committed: the office reviews the
files, enters the accounts and makes the first commit under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import kit, layout
from generator.load import FileSystemSource, parse_yaml
from generator.model.registry import Registry
from generator.model.types import UnitClass
from generator.model.validation import validate
from generator.scaffold import CALL_TEMPLATE_PATH, SITE_TEMPLATE_PATH, call_template, site_template

FORGES = ("github", "gitlab")
# The units sfxm can vouch for: the classes the 2018 plan names. 中央企业 and 信息消费示范城市 are
# entered by the office from each call's notice (their lists change from call to call).
_KNOWN_CLASSES = (UnitClass.PROVINCE, UnitClass.SEPARATELY_PLANNED_CITY, UnitClass.XPCC)

UNITS_HEADER = """\
# 申报组织单位名录（项目办维护）。由 sfxm init 生成：31 个省、自治区、直辖市，5 个计划单列市和新疆生产建设兵团，
# 代码为 GB/T 2260 行政区划代码（兵团没有自己的行政区划代码，660000 是 sfxm 分配的代码）。
# accounts（代表账号）都是空的：请把各单位代表的代码托管平台账号逐一登记后再提交；没有账号的单位不能提交申报。
# 中央企业和信息消费示范城市：按各批次通知由项目办补充（classes 写 central_enterprise 或 demonstration_city，
# 中央企业的代码由项目办分配 6 位）。
# credit_prefixes：本单位推荐的申请主体，其统一社会信用代码第 3–8 位应以这些数字开头（不符时给出警告）。
units:
"""

ROLES_TEMPLATE = """\
# 项目办、第三方评估机构和系统维护人员的代码托管平台账号（项目办维护）。
# office：工业和信息化部项目办（信息化和软件服务业司），可修改批次规则、名录、节假日安排、公示与名单、事后管理记录和典型案例。
office: [{office}]
# agency：受委托组织专家评审的第三方评估机构，可修改专家名单和评审分配。
agency: [{agency}]
# maintainers：维护网站配置和持续集成配置的人员，可修改 mkdocs.yml、.github/、ci/ 等，不能修改申报数据。
maintainers: [{maintainers}]
"""

PYPROJECT = """\
# 本仓库是信息消费试点示范项目的数据仓库，不是 Python 程序。这个文件只固定所用的 sfxm 版本：
#   pip install .      （持续集成从主分支安装，合并请求改不了评判它的程序）
#   pip install -e .   （各单位在自己电脑上安装同一版本）
# 升级 sfxm：改下面 dependencies 中的版本，由系统维护人员提交合并请求。
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "sfxm-programme"
version = "0"
requires-python = ">=3.11"
dependencies = ["{requirement}"]

[tool.setuptools]
packages = []
"""

GITIGNORE = """\
# 生成的网站（sfxm build）和本地工具
/site/docs/
/site/public/
# 评审报告、起草说明和导出的文件（sfxm review、sfxm export）：含不公开的内容，不要提交
/build/
.venv/
__pycache__/
"""

DOCS_GITIGNORE = "*\n!.gitignore\n"

SUBMISSIONS_README = """\
# 数据（submissions/）

每个批次一个文件夹（通常以年份命名），规则、申报、评审、决定和记录各有固定位置：

- `registry/units.yaml`：申报组织单位名录和各单位的账号（项目办）
- `registry/roles.yaml`：项目办、评估机构和系统维护人员的账号（项目办）
- `registry/holidays.yaml`：国务院办公厅每年的节假日安排，用于按工作日推算公示期（项目办）
- `registry/site.yaml`：公开网站的网址、主办单位、联系方式和备案号，从 `templates/site.yaml` 复制后填写（项目办）
- `<批次>/call.yaml`：批次规则，从 `templates/call.yaml` 复制后填写（项目办）
- `<批次>/declarations/<单位代码>/`：各单位的申报书，用 `sfxm new --call <批次> --unit <单位代码>` 新建（该单位）
- `<批次>/review/`：专家名单、评审分配和评分（评估机构、专家；不公开）
- `<批次>/decision/`：拟支持项目名单（公示）和示范项目名单（项目办）
- `<批次>/records/`：撤销、报备、监督检查、取消资格和更正记录（项目办）
- `<批次>/cases/`：典型案例（项目办）

每次提交前运行 `sfxm check`；合并请求由持续集成再次检查（`sfxm gate`）。
"""

README = """\
# {title}

本仓库用 sfxm 运行信息消费试点示范项目：各申报组织单位通过合并请求提交申报书，
持续集成自动检查；评审专家提交评分；项目办提交公示、名单、通报和典型案例；主分支的每次更新都会生成并发布公开网站。

- 数据在 `submissions/`（说明见 `submissions/README.md`），新批次的规则从 `templates/call.yaml` 复制；
- 安装 sfxm（版本由 `pyproject.toml` 固定）：`python3 -m venv .venv && .venv/bin/pip install -e .`
- 检查：`.venv/bin/sfxm check`；生成网站：`.venv/bin/sfxm build`（输出在 `site/public/`）；
- 持续集成：{ci}；CODEOWNERS 由 `sfxm codeowners` 按名录生成。

项目办的配置步骤（账号和名录、分支保护、网站发布、各角色安装什么）见 sfxm 的说明文档“项目办配置指南”。
"""


@dataclass
class InitResult:
    root: Path
    written: list[str] = field(default_factory=list)
    git_initialised: bool = False


def _units_yaml() -> str:
    """sfxm's registry of units, without accounts or designations, limited to the classes sfxm vouches for."""
    path = kit.kit_root() / layout.UNITS_PATH
    doc, findings = parse_yaml(layout.UNITS_PATH, path.read_bytes())
    model, findings = validate(doc, Registry) if doc is not None else (None, findings)
    if model is None:
        raise RuntimeError(f"sfxm's own registry of units is invalid: {findings}")
    lines = [UNITS_HEADER]
    for unit in model.units:
        classes = [c for c in unit.classes if c in _KNOWN_CLASSES]
        if not classes:
            continue
        prefixes = ", ".join(f'"{p}"' for p in unit.credit_prefixes)
        lines.append(
            f'  - code: "{unit.code}"\n'
            f"    name: {unit.name}\n"
            f"    short_name: {unit.short_name}\n"
            f"    classes: [{', '.join(c.value for c in classes)}]\n"
            f"    accounts: []\n"
            f"    credit_prefixes: [{prefixes}]\n"
        )
    return "".join(lines)


def _ci_files(forge: str) -> dict[str, bytes]:
    """sfxm's CI files, where the forge reads them: GitHub's workflows under .github/workflows/."""
    base = kit.kit_root() / "ci"
    out: dict[str, bytes] = {}
    for path in sorted(base.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(base).as_posix()
        if rel.startswith("github/"):
            if forge == "github":
                out[f".github/workflows/{rel.removeprefix('github/')}"] = path.read_bytes()
        elif rel.startswith("gitlab/"):
            if forge == "gitlab":
                out[f"ci/{rel}"] = path.read_bytes()
        else:
            out[f"ci/{rel}"] = path.read_bytes()
    out[".pre-commit-config.yaml"] = (base / "pre-commit/pre-commit-config.yaml").read_bytes()
    return out


def default_requirement() -> str | None:
    """Where CI can install the running sfxm from, as a pip requirement; None when only this machine can.

    From pip's record of the installation (PEP 610): a git checkout is pinned to its commit; a
    package from an index to its version. A local folder (an editable install) is not reachable
    from CI, and a bare name is never guessed: a name nobody has published on an index could later be
    claimed there by anyone, and CI would install their code.
    """
    from importlib import metadata

    try:
        dist = metadata.distribution("sfxm")
    except metadata.PackageNotFoundError:
        return None
    return requirement_from(dist.read_text("direct_url.json"), dist.version)


def requirement_from(direct_url: str | None, version: str) -> str | None:
    """The pip requirement for an installation that pip recorded as ``direct_url`` (PEP 610), or None."""
    import json

    if direct_url is None:
        return f"sfxm=={version}"
    info = json.loads(direct_url)
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if vcs and url.startswith("https://") and vcs.get("commit_id"):
        return f"sfxm @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
    if "archive_info" in info and url.startswith("https://"):
        return f"sfxm @ {url}"
    return None


def _quoted(accounts: list[str]) -> str:
    return ", ".join(accounts)


def init_repository(
    target: Path,
    *,
    office: list[str],
    agency: list[str] = (),  # type: ignore[assignment]
    maintainers: list[str] = (),  # type: ignore[assignment]
    forge: str = "github",
    requirement: str | None = None,
    title: str = "信息消费试点示范项目",
    git: bool = True,
) -> InitResult:
    """Write a new programme repository into ``target`` (absent, empty, or an empty clone)."""
    from generator.codeowners import codeowners
    from generator.repository import Repository

    if forge not in FORGES:
        raise ValueError(f"代码托管平台只能是 {'、'.join(FORGES)}")
    if not office:
        raise ValueError("至少要给出一个项目办账号（--office）")
    requirement = requirement or default_requirement()
    if not requirement:
        raise ValueError(
            "这里的 sfxm 是从本机文件夹安装的，持续集成无法从那里安装：请用 --sfxm 写明 sfxm 的来源和版本，"
            '如 --sfxm "sfxm @ git+https://<代码托管平台>/<组织>/sfxm.git@v0.1.0"'
        )
    if target.exists() and not target.is_dir():
        raise ValueError(f"{target} 已存在且不是文件夹")
    if target.is_dir() and any(p.name != ".git" for p in target.iterdir()):
        raise ValueError(f"{target} 不是空文件夹：sfxm init 只在新的或空的文件夹（或刚克隆的空仓库）中创建仓库")
    result = InitResult(target.resolve())
    files: dict[str, str | bytes] = {
        "README.md": README.format(
            title=title,
            ci=".github/workflows/ 中的合并请求检查、网站发布和预览"
            if forge == "github"
            else "ci/gitlab/sfxm.gitlab-ci.yml（在项目设置中指定为 CI/CD 配置文件）",
        ),
        ".gitignore": GITIGNORE,
        "pyproject.toml": PYPROJECT.format(requirement=requirement),
        "mkdocs.yml": (kit.kit_root() / "mkdocs.yml").read_bytes(),
        "site/docs/.gitignore": DOCS_GITIGNORE,
        "submissions/README.md": SUBMISSIONS_README,
        layout.UNITS_PATH: _units_yaml(),
        layout.ROLES_PATH: ROLES_TEMPLATE.format(
            office=_quoted(office), agency=_quoted(list(agency)), maintainers=_quoted(list(maintainers))
        ),
        layout.HOLIDAYS_PATH: (kit.kit_root() / layout.HOLIDAYS_PATH).read_bytes(),
        CALL_TEMPLATE_PATH: call_template(),
        SITE_TEMPLATE_PATH: site_template(),
        **_ci_files(forge),
    }
    for rel, content in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        if rel.startswith("ci/pre-commit/") and not rel.endswith(".yaml"):
            path.chmod(0o755)
        result.written.append(rel)
    owners = ".github/CODEOWNERS" if forge == "github" else ".gitlab/CODEOWNERS"
    (target / owners).parent.mkdir(parents=True, exist_ok=True)
    (target / owners).write_text(codeowners(Repository(FileSystemSource(target))), encoding="utf-8")
    result.written.append(owners)
    if git and not (target / ".git").exists():
        import git as gitpython

        gitpython.Repo.init(target, initial_branch="main")
        result.git_initialised = True
    result.written.sort()
    return result
