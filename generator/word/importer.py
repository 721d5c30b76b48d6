"""``sfxm import``: a filled Word 申报书 becomes a declaration file, like one written with ``sfxm new``.

The form is read (``generator.word.reader``), the declaration is written with the next id and
order of the unit (or over an existing one, keeping its id and order), and then checked by the
same rules as ``sfxm check``. Every finding says where to look in the Word form; the checker's own
findings keep their place in the new file too, since that is where they can be fixed after import.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from generator.findings import Finding, sort_findings
from generator.load import FileSystemSource, parse_yaml
from generator.repository import Repository
from generator.scaffold import declaration_text, next_place
from generator.word.reader import read_form


@dataclass
class Imported:
    rel: str | None  # the declaration file written, relative to the repository root
    ident: str
    order: int
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _decimals(value: Any) -> Any:
    """Amounts as numbers, so that the file reads ``amount: 1200`` rather than a quoted text."""
    if isinstance(value, dict):
        out = {k: _decimals(v) for k, v in value.items()}
        if isinstance(out.get("amount"), str):
            with contextlib.suppress(InvalidOperation):
                out["amount"] = Decimal(out["amount"])
        return out
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def _target(
    repo: Repository, call_id: str, unit_code: str, ident: str | None
) -> tuple[Any, Any, str, int, str, list[str]]:
    """The call, unit, id, order and path of the declaration to write, and notes about the quota."""
    place = next_place(repo, call_id, unit_code)
    if ident is None:
        return place.call, place.unit, place.ident, place.order, place.rel, place.notes()
    # the declaration to import over may be invalid (an import with errors): found by the id it names
    existing = [d for d in repo.declarations(call_id, unit_code) if d.raw("id") == ident]
    if len(existing) != 1:
        problem = "没有" if not existing else f"有 {len(existing)} 份"
        raise ValueError(
            f"单位 {unit_code} 在批次 {call_id} 中{problem}编号为 {ident} 的申报书；不带 --id 导入为新的申报书"
        )
    raw_order = existing[0].raw("order")
    order = int(raw_order) if isinstance(raw_order, str) and raw_order.isdigit() else place.order
    return place.call, place.unit, ident, order, existing[0].path, []


def _word_places(
    text: str,
    rel: str,
    places: dict[tuple[str, ...], str],
    reported: set[tuple[str, ...]],
    findings: list[Finding],
) -> list[Finding]:
    """The checker's findings on the new file, each naming its place in the Word form too.

    A format finding (S-…) about a field the form's findings (I-…) already name is left out: it is the
    same problem, said once, where the applicant can see it.
    """
    doc, _ = parse_yaml(rel, text.encode("utf-8"))
    at: dict[tuple[int, int], tuple[str, ...]] = {}  # a value's position → the deepest field there
    if doc is not None:
        for loc, position in doc.values.items():
            key = tuple(str(x) for x in loc if not isinstance(x, int))
            if len(key) >= len(at.get(position, ())):
                at[position] = key
    out = []
    for f in findings:
        if f.path != rel:
            out.append(f)
            continue
        key = at.get((f.line or 0, f.column or 0), ())
        if f.code.startswith("S-") and any(key[: len(r)] == r for r in reported if r):
            continue
        place = next((places[key[:n]] for n in range(len(key), 0, -1) if key[:n] in places), None)
        message = f"{f.message}（Word 申报书：{place}）" if place else f.message
        out.append(Finding(f.path, f.line, f.column, f.code, message, f.severity))
    return out


def import_form(
    root: Path, call_id: str, unit_code: str, source: Path, label: str, ident: str | None = None
) -> Imported:
    """Read ``source`` (a filled 申报书) and write it as a declaration of ``unit_code`` in ``call_id``.

    Raises ValueError (in Chinese) for a call, unit or id that cannot take it; findings say the rest.
    """
    from generator.rules import check_repository

    repo = Repository(FileSystemSource(root))
    replacing = ident is not None
    call, unit, ident, order, rel, notes = _target(repo, call_id, unit_code, ident)
    result = read_form(label, source.read_bytes(), call, ident, order)
    imported = Imported(None, ident, order, list(result.findings), notes)
    if result.fatal:
        imported.notes = []
        return imported
    values = {"id": ident, "order": order, **_decimals(result.data)}
    text = declaration_text(call, unit, values)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if replacing:
        target.write_text(text, encoding="utf-8")
    else:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    imported.rel = rel
    checked = check_repository(Repository(FileSystemSource(root)), [rel])
    # the form's findings in the form's order, then the checker's in its own
    imported.findings = [
        *result.findings,
        *sort_findings(_word_places(text, rel, result.places, result.reported, checked)),
    ]
    return imported
