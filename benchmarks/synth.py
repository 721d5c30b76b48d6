"""Write a synthetic repository: N calls × 37 units × M declarations, from the sample data.

    python benchmarks/synth.py OUT [--calls 10] [--per-unit 10] [--git]

Each declaration is a sample declaration (about 3.5 KB) given a new id, order, applicant
(fictional credit code in a region that does not exist) and project name, so that the
repository passes ``sfxm check``. Calls are copies of the 2018 call with their own id and year,
and a quota of ``--per-unit`` for every unit class. With ``--git`` the result is committed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.model.credit_code import check_character  # noqa: E402

UNITS = re.findall(
    r'code: "(\d{6})"\n    name: (\S+)\n    short_name: \S+\n    classes: \[(\w+)',
    (ROOT / "submissions/registry/units.yaml").read_text(encoding="utf-8"),
)
ORIGINAL_UNITS = [(code, name) for code, name, cls in UNITS if cls in ("province", "separately_planned_city", "xpcc")]


def credit_code(unit: str, n: int, prefix: str = "91") -> str:
    if unit == "660000":  # 兵团: applicants registered in Xinjiang
        unit = "650000"
    region = f"{unit[:4]}99" if unit[2:4] != "00" else f"{unit[:2]}99{n % 100:02d}"
    body = (
        f"{prefix}{region}MA{n:07X}".replace("I", "J")
        .replace("O", "P")
        .replace("S", "T")
        .replace("V", "W")
        .replace("Z", "Y")
    )
    return body + check_character(body)


def call_yaml(year: int, quota: int) -> str:
    text = (ROOT / "submissions/2018/call.yaml").read_text(encoding="utf-8")
    text = text.replace('id: "2018"', f'id: "{year}"').replace("year: 2018", f"year: {year}")
    text = text.replace("title: 2018年", f"title: {year}年")
    text = re.sub(r"quota: \d+", f"quota: {quota}", text)
    return text.replace("2018-", f"{year}-")


def templates() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "submissions/2018/declarations").rglob("*.yaml"))]


def declaration(template: str, call: int, unit: str, serial: int, n: int) -> str:
    text = re.sub(r"^id: .*$", f"id: {call}-{unit}-{serial:03d}", template, count=1, flags=re.MULTILINE)
    text = re.sub(r"^order: .*$", f"order: {serial}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)}（{n}）", text, count=1, flags=re.MULTILINE)
    prefix = re.search(r"^  credit_code: (\w\w)", text, re.MULTILINE).group(1)
    text = re.sub(
        r"^  credit_code: .*$", f"  credit_code: {credit_code(unit, n, prefix)}", text, count=1, flags=re.MULTILINE
    )
    text = re.sub(r"verified_on: \d{4}", f"verified_on: {call}", text)
    # Pad to the size of a full declaration (about 4.4 KB): one more paragraph of construction.
    extra = "  项目还将建设统一的运营管理后台，提供用户服务、内容审核、数据统计和安全审计等功能，" * 9
    return text.replace("\ninnovation:", f"\n{extra.rstrip()}\ninnovation:", 1)


def write(out: Path, calls: int, per_unit: int, git: bool) -> int:
    if out.exists():
        shutil.rmtree(out)
    (out / "submissions").mkdir(parents=True)
    shutil.copytree(ROOT / "submissions/registry", out / "submissions/registry")
    shutil.copytree(ROOT / "generator/schema", out / "generator/schema")
    bank = templates()
    n = 0
    for year in range(2018, 2018 + calls):
        folder = out / f"submissions/{year}"
        folder.mkdir()
        (folder / "call.yaml").write_text(call_yaml(year, per_unit), encoding="utf-8")
        for unit, _ in ORIGINAL_UNITS:
            target = folder / "declarations" / unit
            target.mkdir(parents=True)
            for serial in range(1, per_unit + 1):
                n += 1
                text = declaration(bank[n % len(bank)], year, unit, serial, n)
                (target / f"{year}-{unit}-{serial:03d}.yaml").write_text(text, encoding="utf-8")
    if git:
        import git as gitpython

        repo = gitpython.Repo.init(out, initial_branch="main")
        with repo.config_writer() as config:
            config.set_value("gc", "auto", "0")  # no background gc racing the benchmark
        repo.git.add("-A")
        repo.git.commit(
            "-qm",
            "synthetic repository",
            "--no-verify",
            env={
                "GIT_AUTHOR_NAME": "bench",
                "GIT_AUTHOR_EMAIL": "bench@example.com",
                "GIT_COMMITTER_NAME": "bench",
                "GIT_COMMITTER_EMAIL": "bench@example.com",
            },
        )
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--per-unit", type=int, default=10)
    parser.add_argument("--git", action="store_true")
    args = parser.parse_args()
    count = write(args.out, args.calls, args.per_unit, args.git)
    size = sum(p.stat().st_size for p in args.out.rglob("declarations/*/*.yaml"))
    print(f"{count} declarations, {size / 1024 / 1024:.1f} MB, in {args.out}")


if __name__ == "__main__":
    main()
