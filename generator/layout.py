"""Where each kind of file lives under ``submissions/``, and who owns it.

This table is the one place that knows the layout: the repository index classifies files by
it, the checker refuses names outside it, the gate derives ownership from it, and
``sfxm codeowners`` writes CODEOWNERS from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from generator.model.text import FORBIDDEN_CLASS

ROOT = "submissions/"
UNITS_PATH = "submissions/registry/units.yaml"
ROLES_PATH = "submissions/registry/roles.yaml"
HOLIDAYS_PATH = "submissions/registry/holidays.yaml"
SITE_PATH = "submissions/registry/site.yaml"
RECIPIENTS_PATH = "submissions/registry/recipients.yaml"


class Kind(StrEnum):
    UNITS = "units"
    ROLES = "roles"
    HOLIDAYS = "holidays"
    SITE = "site"
    RECIPIENTS = "recipients"  # the office's and the units' age recipients (public keys)
    README = "readme"
    CALL = "call"
    DECLARATION = "declaration"
    ATTACHMENT = "attachment"
    EXPERTS = "experts"
    ASSIGNMENT = "assignment"
    REVIEW_RECIPIENTS = "review_recipients"  # the agency's and the experts' age recipients of a call
    SCORE = "score"
    SET_ASIDE = "set_aside"
    PROPOSED = "proposed"
    FINAL = "final"
    RECORD = "record"
    CASE = "case"
    CASE_ASSET = "case_asset"


class Owner(StrEnum):
    """Who may change a file of a kind."""

    OFFICE = "office"  # the program office
    AGENCY = "agency"  # the third-party evaluation agency
    UNIT = "unit"  # the organizing unit named in the path
    EXPERT = "expert"  # the expert named in the path


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What a path under ``submissions/`` is, and the call, unit and expert it names."""

    kind: Kind
    path: str
    call: str | None = None
    unit: str | None = None
    expert: str | None = None
    name: str | None = None

    @property
    def owner(self) -> Owner:
        return OWNERS[self.kind]

    @property
    def is_yaml(self) -> bool:
        return self.kind in YAML_KINDS


CALL_RE = r"(?P<call>[0-9]{4}(?:-[a-z0-9]{1,12})?)"
UNIT_RE = r"(?P<unit>[0-9A-Z]{6})"
EXPERT_RE = r"(?P<expert>[a-z][a-z0-9-]{1,31})"
DECLARATION_ID_RE = r"[0-9]{4}(?:-[a-z0-9]{1,12})?-[0-9A-Z]{6}-[0-9]{3}"
# A score file of a sealed call names no declaration: an opaque name (a keyed hash), the
# declaration's id inside the sealed content (see generator/load/sealing.py).
OPAQUE_SCORE_RE = r"[0-9a-f]{32}"
RECORD_KINDS = ("withdrawal", "change", "inspection", "revocation", "correction")
ATTACHMENT_TYPES = ("pdf", "ofd", "jpg", "jpeg", "png")
CASE_ASSET_TYPES = ("png", "jpg", "jpeg", "gif")  # no SVG: it can carry scripts

# An attachment's name: no slash, backslash, control, format or bidirectional-override character
# (they would hide or reorder what a reader sees), not starting with a dot or a space.
_SAFE_NAME = rf"[^\s/\\.{FORBIDDEN_CLASS}][^/\\\n{FORBIDDEN_CLASS}]{{0,119}}"
_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.UNITS, re.compile(r"submissions/registry/units\.yaml")),
    (Kind.ROLES, re.compile(r"submissions/registry/roles\.yaml")),
    (Kind.HOLIDAYS, re.compile(r"submissions/registry/holidays\.yaml")),
    (Kind.SITE, re.compile(r"submissions/registry/site\.yaml")),
    (Kind.RECIPIENTS, re.compile(r"submissions/registry/recipients\.yaml")),
    (Kind.README, re.compile(r"submissions/README\.md")),
    (Kind.CALL, re.compile(rf"submissions/{CALL_RE}/call\.yaml")),
    (
        Kind.DECLARATION,
        re.compile(rf"submissions/{CALL_RE}/declarations/{UNIT_RE}/(?P<name>[a-z0-9][a-z0-9-]{{0,63}})\.yaml"),
    ),
    (
        Kind.ATTACHMENT,
        re.compile(
            rf"submissions/{CALL_RE}/declarations/{UNIT_RE}/attachments/(?P<name>{_SAFE_NAME}\.(?i:{'|'.join(ATTACHMENT_TYPES)}))"
        ),
    ),
    (Kind.EXPERTS, re.compile(rf"submissions/{CALL_RE}/review/experts\.yaml")),
    (Kind.ASSIGNMENT, re.compile(rf"submissions/{CALL_RE}/review/assignment\.yaml")),
    (Kind.REVIEW_RECIPIENTS, re.compile(rf"submissions/{CALL_RE}/review/recipients\.yaml")),
    (
        Kind.SCORE,
        re.compile(
            rf"submissions/{CALL_RE}/review/scores/{EXPERT_RE}/(?P<name>{DECLARATION_ID_RE}|{OPAQUE_SCORE_RE})\.yaml"
        ),
    ),
    (
        Kind.SET_ASIDE,
        re.compile(
            rf"submissions/{CALL_RE}/review/set-aside/(?P<name>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}-[0-9]{{1,3}})\.yaml"
        ),
    ),
    (Kind.PROPOSED, re.compile(rf"submissions/{CALL_RE}/decision/proposed\.yaml")),
    (Kind.FINAL, re.compile(rf"submissions/{CALL_RE}/decision/final\.yaml")),
    (
        Kind.RECORD,
        re.compile(
            rf"submissions/{CALL_RE}/records/(?P<name>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}-(?:{'|'.join(RECORD_KINDS)})-[0-9]{{1,3}})\.yaml"
        ),
    ),
    (Kind.CASE, re.compile(rf"submissions/{CALL_RE}/cases/(?P<name>{DECLARATION_ID_RE})\.(?:md|docx)")),
    (
        Kind.CASE_ASSET,
        re.compile(
            rf"submissions/{CALL_RE}/cases/assets/(?P<name>[a-z0-9][a-z0-9._-]{{0,79}}\.(?:{'|'.join(CASE_ASSET_TYPES)}))"
        ),
    ),
]
# The most frequent kinds are tried first (a large call has thousands of score files): the patterns
# are disjoint, so the order changes only the time a listing takes, never a result.
_PATTERNS.sort(key=lambda pattern: (pattern[0] is not Kind.SCORE, pattern[0] is not Kind.DECLARATION))

OWNERS: dict[Kind, Owner] = {
    Kind.UNITS: Owner.OFFICE,
    Kind.ROLES: Owner.OFFICE,
    Kind.HOLIDAYS: Owner.OFFICE,
    Kind.SITE: Owner.OFFICE,
    Kind.RECIPIENTS: Owner.OFFICE,
    Kind.README: Owner.OFFICE,
    Kind.CALL: Owner.OFFICE,
    Kind.DECLARATION: Owner.UNIT,
    Kind.ATTACHMENT: Owner.UNIT,
    Kind.EXPERTS: Owner.AGENCY,
    Kind.ASSIGNMENT: Owner.AGENCY,
    Kind.REVIEW_RECIPIENTS: Owner.AGENCY,
    Kind.SCORE: Owner.EXPERT,
    Kind.SET_ASIDE: Owner.AGENCY,  # the agency's record of scores that no longer count
    Kind.PROPOSED: Owner.OFFICE,
    Kind.FINAL: Owner.OFFICE,
    Kind.RECORD: Owner.OFFICE,
    Kind.CASE: Owner.OFFICE,
    Kind.CASE_ASSET: Owner.OFFICE,
}
YAML_KINDS = frozenset(
    {
        Kind.UNITS,
        Kind.ROLES,
        Kind.HOLIDAYS,
        Kind.SITE,
        Kind.RECIPIENTS,
        Kind.CALL,
        Kind.DECLARATION,
        Kind.EXPERTS,
        Kind.ASSIGNMENT,
        Kind.REVIEW_RECIPIENTS,
        Kind.SCORE,
        Kind.SET_ASIDE,
        Kind.PROPOSED,
        Kind.FINAL,
        Kind.RECORD,
    }
)
# Kinds whose content defines who may do what: in the gate they are read from the base commit.
# A set-aside record decides which experts' scores count, so it is authority too.
AUTHORITY_KINDS = frozenset({Kind.UNITS, Kind.ROLES, Kind.CALL, Kind.EXPERTS, Kind.ASSIGNMENT, Kind.SET_ASIDE})
# Kinds that may hold binary content (everything else must be UTF-8 text).
BINARY_KINDS = frozenset({Kind.ATTACHMENT, Kind.CASE, Kind.CASE_ASSET})
# Size limits, bytes.
MAX_BYTES: dict[Kind, int] = {
    Kind.UNITS: 1024 * 1024,
    Kind.ATTACHMENT: 20 * 1024 * 1024,
    Kind.CASE: 10 * 1024 * 1024,
    Kind.CASE_ASSET: 5 * 1024 * 1024,
    Kind.ASSIGNMENT: 4 * 1024 * 1024,
}
DEFAULT_MAX_BYTES = 256 * 1024

# The layout in words, for messages and the docs.
LAYOUT_HELP = {
    Kind.UNITS: "submissions/registry/units.yaml",
    Kind.ROLES: "submissions/registry/roles.yaml",
    Kind.HOLIDAYS: "submissions/registry/holidays.yaml（节假日安排）",
    Kind.SITE: "submissions/registry/site.yaml（网站信息）",
    Kind.RECIPIENTS: "submissions/registry/recipients.yaml（项目办和各单位的公钥）",
    Kind.CALL: "submissions/<批次>/call.yaml",
    Kind.DECLARATION: "submissions/<批次>/declarations/<单位代码>/<文件名>.yaml（文件名只用小写字母、数字和连字符）",
    Kind.ATTACHMENT: f"submissions/<批次>/declarations/<单位代码>/attachments/<文件名>（{'、'.join(ATTACHMENT_TYPES)}）",
    Kind.EXPERTS: "submissions/<批次>/review/experts.yaml",
    Kind.ASSIGNMENT: "submissions/<批次>/review/assignment.yaml",
    Kind.REVIEW_RECIPIENTS: "submissions/<批次>/review/recipients.yaml（评估机构和专家的公钥）",
    Kind.SCORE: "submissions/<批次>/review/scores/<专家编号>/<申报编号>.yaml（密封批次：<32 位十六进制名称>.yaml）",
    Kind.SET_ASIDE: "submissions/<批次>/review/set-aside/<日期>-<序号>.yaml",
    Kind.PROPOSED: "submissions/<批次>/decision/proposed.yaml",
    Kind.FINAL: "submissions/<批次>/decision/final.yaml",
    Kind.RECORD: f"submissions/<批次>/records/<日期>-<{'|'.join(RECORD_KINDS)}>-<序号>.yaml",
    Kind.CASE: "submissions/<批次>/cases/<申报编号>.md 或 .docx",
    Kind.CASE_ASSET: "submissions/<批次>/cases/assets/<文件名>",
}


# The repository's top level besides submissions/ is fixed too (see the README's Layout): the
# project's own files, changed by maintainers (site/ also by the office). A new top-level entry is
# added here first, by a maintainer, before a pull request may bring it.
PROJECT_TOP_LEVEL = frozenset(
    {
        ".ci",
        ".github",
        ".gitlab",
        ".gitlab-ci.yml",
        ".gitattributes",
        ".gitignore",
        ".pre-commit-config.yaml",
        "LICENSE",
        "README.md",
        "benchmarks",
        "ci",
        "generator",
        "mkdocs.yml",
        "pyproject.toml",
        "setup.py",
        "site",
        "templates",
        "tests",
    }
)


def in_project(path: str) -> bool:
    """Whether ``path`` (outside submissions/) is under one of the project's top-level entries."""
    return path.split("/", 1)[0] in PROJECT_TOP_LEVEL


def record_day(name: str) -> date | None:
    """The day a record's name begins with (2019-03-01-inspection-1), or None if that day does not exist."""
    try:
        return date.fromisoformat(name[:10])
    except ValueError:
        return None


def _impossible(kind: Kind, groups: dict[str, str | None]) -> str | None:
    """Why the facts a matching path names cannot be true (in Chinese), or None when they can."""
    name, call = groups.get("name") or "", groups.get("call") or ""
    if kind is Kind.RECORD and record_day(name) is None:
        return f"文件名中的日期 {name[:10]} 不存在（没有这一天）"
    if kind in (Kind.SCORE, Kind.CASE) and not is_opaque(name):
        owner = name.rsplit("-", 2)[0]
        if owner != call:
            return f"文件名中的申报编号 {name} 属于批次 {owner}，文件却在批次 {call} 的文件夹中"
    return None


def is_opaque(name: str | None) -> bool:
    """Whether a score file's name is opaque (a sealed call's) rather than a declaration id."""
    return bool(name) and re.fullmatch(OPAQUE_SCORE_RE, name or "") is not None


def _match(path: str) -> tuple[Kind, dict[str, str | None]] | None:
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(path)
        if match:
            return kind, match.groupdict()
    return None


def classify(path: str) -> PathInfo | None:
    """What ``path`` (POSIX, relative to the repository root) is, or None if outside the layout.

    A path whose name states an impossible fact (a record dated 2019-02-30, a score of another
    call's declaration) is outside the layout: ``impossible_fact`` says why.
    """
    found = _match(path)
    if found is None:
        return None
    kind, groups = found
    if _impossible(kind, groups) is not None:
        return None
    return PathInfo(kind, path, groups.get("call"), groups.get("unit"), groups.get("expert"), groups.get("name"))


def impossible_fact(path: str) -> str | None:
    """For a path that has the shape of a place of the layout: why what its name states cannot be."""
    found = _match(path)
    return _impossible(*found) if found is not None else None


def resolve_relative(folder: str, relative: str) -> str | None:
    """``relative`` resolved against ``folder`` (both POSIX), or None if it leaves the repository."""
    parts = [p for p in folder.split("/") if p]
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or None


_FOLDERS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.DECLARATION, re.compile(rf"submissions/{CALL_RE}/declarations/(?P<unit>[^/]+)/.+")),
    (Kind.SCORE, re.compile(rf"submissions/{CALL_RE}/review/scores/(?P<expert>[^/]+)/.+")),
]


def classify_folder(path: str) -> PathInfo | None:
    """For a name outside the layout: the kind of folder it sits in, so that its owner is known.

    A misnamed file in a unit's folder is still that unit's to fix (and L-001 says how).
    """
    for kind, pattern in _FOLDERS:
        match = pattern.fullmatch(path)
        if match:
            groups = match.groupdict()
            return PathInfo(kind, path, groups.get("call"), groups.get("unit"), groups.get("expert"))
    return None


def max_bytes(kind: Kind) -> int:
    return MAX_BYTES.get(kind, DEFAULT_MAX_BYTES)


def declarations_folder(call: str, unit: str) -> str:
    return f"submissions/{call}/declarations/{unit}/"


def call_path(call: str) -> str:
    return f"submissions/{call}/call.yaml"
