"""`sfxm review assign` and `sfxm review report` for 3,700 declarations × 5 experts.

    python benchmarks/bench_review.py [--repeats 3] [--experts 150]

One call of 37 units × 100 declarations (3,700) from ``benchmarks/synth.py``, with a synthetic
list of experts (home units and directions spread over the call). The assignment is timed; then
every assigned expert's score file is written (18,500 files, not timed) and the report (Markdown,
DOCX through pandoc, CSV) is timed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil

import yaml

from benchmarks.common import WORK, header, python, run
from benchmarks.synth import ORIGINAL_UNITS, write


def experts_yaml(count: int) -> str:
    rng = random.Random(1)
    units = [code for code, _ in ORIGINAL_UNITS]
    lines = ["experts:"]
    for n in range(1, count + 1):
        directions = sorted({str(rng.randint(1, 10)) for _ in range(2)}, key=int)
        lines.append(
            f"  - {{id: e{n:03d}, name: 专家{n:03d}, account: bench-expert-{n:03d}, "
            f"home_unit: '{rng.choice(units)}', directions: [{', '.join(directions)}]}}"
        )
    return "\n".join(lines) + "\n"


def write_scores(repo_dir, call: str) -> int:
    assignment = yaml.safe_load((repo_dir / f"submissions/{call}/review/assignment.yaml").read_text(encoding="utf-8"))
    n = 0
    for ident, experts in assignment["assignments"].items():
        for expert in experts:
            n += 1
            rng = random.Random(f"{ident}{expert}")
            marks = ", ".join(
                f"{c}: {rng.randint(55, 95)}" for c in ("innovation", "demonstration", "promotion", "benefit")
            )
            path = repo_dir / f"submissions/{call}/review/scores/{expert}/{ident}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"declaration: {ident}\nexpert: {expert}\nscores: {{{marks}}}\ncomments: 评审意见示例文字，合格。\n"
                f"no_conflict: true\nsigned_on: {call}-08-20\n",
                encoding="utf-8",
            )
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--experts", type=int, default=150)
    args = parser.parse_args()
    repo_dir = WORK / "review"
    count = write(repo_dir, 1, 100, git=False)
    call = "2018"
    call_path = repo_dir / f"submissions/{call}/call.yaml"
    call_path.write_text(
        re.sub(r"proposal_limit: \d+", "proposal_limit: 1000", call_path.read_text(encoding="utf-8")), encoding="utf-8"
    )
    (repo_dir / f"submissions/{call}/review").mkdir(parents=True, exist_ok=True)
    (repo_dir / f"submissions/{call}/review/experts.yaml").write_text(experts_yaml(args.experts), encoding="utf-8")
    header(f"sfxm review: {count:,} declarations × 5 experts, {args.experts} experts")
    assign = run(
        "review assign",
        [python(), "-m", "generator", "review", "assign", "--call", call, "--root", str(repo_dir)],
        repeats=args.repeats,
    )
    print(assign.row())
    scores = write_scores(repo_dir, call)
    report = run(
        f"review report ({scores:,} score files; Markdown, DOCX, CSV)",
        [
            python(),
            "-m",
            "generator",
            "review",
            "report",
            "--call",
            call,
            "--root",
            str(repo_dir),
            "--out",
            str(repo_dir / "report"),
        ],
        repeats=args.repeats,
    )
    print(report.row())
    if assign.returncode or report.returncode:
        raise SystemExit("a review command failed")
    shutil.rmtree(repo_dir)


if __name__ == "__main__":
    main()
