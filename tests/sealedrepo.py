"""A sealed call on a real repository: the 2018 sample made confidential, keys for every role.

The 2018 sample call is copied whole (declarations, experts, assignment, 298 score files), its rules
are switched to ``sealed: true``, a key is made for the office, the agency, one unit and each
expert, the recipients files are written, each score file is renamed to its expert's opaque name,
and every confidential file is sealed with ``sfxm seal``'s own sealing (``seal_text``; the check
before sealing is tested on its own: here every file is the checked sample). Modules build it once
and copy it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import layout
from generator.load import FileSystemSource
from generator.load.sealing import Keyring, new_identity, score_name
from generator.repository import Repository
from generator.seal import seal_text
from tests.conftest import ROOT

CALL = "2018"
UNIT = "110000"


@dataclass
class Key:
    secret: str
    public: str

    def write(self, folder: Path, name: str) -> Path:
        path = folder / f"{name}.key"
        path.write_text(f"# 测试用私钥\n{self.secret}\n", encoding="utf-8")
        return path

    @property
    def ring(self) -> Keyring:
        return Keyring.from_text(self.secret, "测试私钥")


@dataclass
class SealedRepo:
    path: Path
    keys: dict[str, Key] = field(default_factory=dict)  # office, agency, unit, e01 …
    key_dir: Path | None = None

    def key_file(self, role: str) -> Path:
        assert self.key_dir is not None
        return self.key_dir / f"{role}.key"


def _new_key() -> Key:
    return Key(*new_identity())


def build_plain(path: Path) -> Path:
    """The sample repository's submissions/ (registry, 2018, 2022) copied to ``path``."""
    (path / "submissions").mkdir(parents=True)
    for name in ("registry", "2018", "2022"):
        shutil.copytree(ROOT / "submissions" / name, path / "submissions" / name)
    return path


def seal_call(path: Path, key_dir: Path, experts: list[str] | None = None) -> SealedRepo:
    """Make call 2018 of the repository at ``path`` sealed: keys, recipients, opaque score names, sealed files."""
    key_dir.mkdir(parents=True, exist_ok=True)
    repo = SealedRepo(path, key_dir=key_dir)
    call_file = path / layout.call_path(CALL)
    text = call_file.read_text(encoding="utf-8")
    call_file.write_text(text.replace("\nschedule:", "\nsealed: true\nschedule:", 1), encoding="utf-8")
    experts_data = yaml.safe_load((path / f"submissions/{CALL}/review/experts.yaml").read_text(encoding="utf-8"))
    ids = experts or [e["id"] for e in experts_data["experts"]]
    for role in ("office", "agency", "unit", *ids):
        repo.keys[role] = _new_key()
        repo.keys[role].write(key_dir, role)
    (path / layout.RECIPIENTS_PATH).write_text(
        f"office: [{repo.keys['office'].public}]\nunits:\n  '{UNIT}': [{repo.keys['unit'].public}]\n", encoding="utf-8"
    )
    lines = [f"agency: [{repo.keys['agency'].public}]", "experts:"]
    lines += [f"  {e}: [{repo.keys[e].public}]" for e in ids]
    (path / f"submissions/{CALL}/review/recipients.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores = path / f"submissions/{CALL}/review/scores"
    for expert_dir in sorted(scores.iterdir()) if scores.is_dir() else []:
        ring = repo.keys[expert_dir.name].ring
        for score in sorted(expert_dir.iterdir()):
            score.rename(expert_dir / f"{score_name(ring, CALL, score.stem)}.yaml")
    index = Repository(FileSystemSource(path))
    for file in sorted((path / f"submissions/{CALL}").rglob("*.yaml")):
        info = layout.classify(file.relative_to(path).as_posix())
        if info is not None and info.kind in _SEALED:
            text, why = seal_text(index, info, file.read_bytes())
            assert text is not None, why
            file.write_text(text, encoding="utf-8")
    return repo


_SEALED = {
    layout.Kind.DECLARATION,
    layout.Kind.EXPERTS,
    layout.Kind.ASSIGNMENT,
    layout.Kind.SCORE,
    layout.Kind.SET_ASIDE,
}
