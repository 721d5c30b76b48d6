"""Make a synthetic call sealed, for the benchmarks: keys, recipients files, opaque score names, sealed files.

Files are sealed directly with ``generator.load.sealing`` (the benchmarks time reading them, not
``sfxm seal``'s check before sealing). Keys are written to ``<repo>/../keys-<call>/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.layout import Kind
from generator.load import sealing
from generator.load.sealing import Keyring


def _key(folder: Path, name: str) -> tuple[str, str, Path]:
    secret, public = sealing.new_identity()
    path = folder / f"{name}.key"
    path.write_text(secret + "\n", encoding="utf-8")
    return secret, public, path


def seal(repo: Path, call: str, *, review: bool) -> dict[str, Path]:
    """Seal the call's declarations (and with ``review`` its expert list, assignment and scores)."""
    keys_dir = repo.parent / f"keys-{call}"
    keys_dir.mkdir(parents=True, exist_ok=True)
    call_path = repo / f"submissions/{call}/call.yaml"
    text = call_path.read_text(encoding="utf-8")
    if "\nsealed:" not in text:
        call_path.write_text(re.sub(r"\nschedule:", "\nsealed: true\nschedule:", text, count=1), encoding="utf-8")
    office = _key(keys_dir, "office")
    agency = _key(keys_dir, "agency")
    (repo / "submissions/registry/recipients.yaml").write_text(f"office: [{office[1]}]\n", encoding="utf-8")
    for path in sorted((repo / f"submissions/{call}/declarations").glob("*/*.yaml")):
        raw = path.read_bytes()
        data = yaml.load(raw, Loader=yaml.CSafeLoader)
        path.write_text(sealing.sealed_text(Kind.DECLARATION, data, raw, [office[1]]), encoding="utf-8")
    keys = {"office": office[2], "agency": agency[2]}
    if not review:
        return keys
    folder = repo / f"submissions/{call}/review"
    experts = yaml.load((folder / "experts.yaml").read_bytes(), Loader=yaml.CSafeLoader)["experts"]
    expert_keys = {e["id"]: _key(keys_dir, e["id"]) for e in experts}
    lines = [f"agency: [{agency[1]}]", "experts:", *(f"  {e}: [{k[1]}]" for e, k in expert_keys.items())]
    (folder / "recipients.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = (folder / "experts.yaml").read_bytes()
    data = yaml.load(raw, Loader=yaml.CSafeLoader)
    (folder / "experts.yaml").write_text(sealing.sealed_text(Kind.EXPERTS, data, raw, [agency[1]]), encoding="utf-8")
    raw = (folder / "assignment.yaml").read_bytes()
    data = yaml.load(raw, Loader=yaml.CSafeLoader)
    lists = {
        e: (sealing.expert_list_text(e, items), [agency[1], expert_keys[e][1]])
        for e, items in sealing.expert_lists(data).items()
    }
    (folder / "assignment.yaml").write_text(
        sealing.sealed_text(Kind.ASSIGNMENT, data, raw, [agency[1]], lists), encoding="utf-8"
    )
    for expert_dir in sorted((folder / "scores").iterdir()):
        ring = Keyring.from_text(expert_keys[expert_dir.name][0], "bench")
        to = [agency[1], expert_keys[expert_dir.name][1]]
        for score in sorted(expert_dir.iterdir()):
            raw = score.read_bytes()
            score.unlink()
            target = expert_dir / f"{sealing.score_name(ring, call, score.stem)}.yaml"
            target.write_text(sealing.sealed_text(Kind.SCORE, {}, raw, to), encoding="utf-8")
    return keys
