"""`sfxm gate` on a 10-file pull request, in a repository of 3,700 and of 37,000 declarations.

    python benchmarks/bench_gate.py [--repeats 3] [--sizes 10x10,100x10,10x100]

Sizes are calls × declarations per unit (37 units): 10x10 is 3,700 declarations; 100x10 is ten
times as many calls, 10x100 ten times as many declarations in every call. The synthetic repository is written and
committed by ``benchmarks/synth.py``; a branch then edits 10 declarations of one unit in the
latest call, as that unit's account would, and the gate judges it while the call is open.
The cost should follow the change, not the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil

import git

from benchmarks.common import WORK, header, python, run
from benchmarks.synth import write


def make_pull_request(repo_dir, last_year: int) -> None:
    repo = git.Repo(repo_dir)
    repo.git.checkout("-q", "-b", "pr")
    folder = repo_dir / f"submissions/{last_year}/declarations/110000"
    for path in sorted(folder.glob("*.yaml"))[:10]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"opinion: (.*)", r"opinion: \1（已复核）", text, count=1), encoding="utf-8")
    repo.git.add("-A")
    repo.git.commit(
        "-qm",
        "edit ten declarations",
        env={
            "GIT_AUTHOR_NAME": "bench",
            "GIT_AUTHOR_EMAIL": "b@example.com",
            "GIT_COMMITTER_NAME": "bench",
            "GIT_COMMITTER_EMAIL": "b@example.com",
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="10x10,100x10,10x100", help="calls x declarations per unit, comma-separated")
    args = parser.parse_args()
    header("sfxm gate: a pull request of 10 files")
    for size in args.sizes.split(","):
        calls, per_unit = (int(n) for n in size.split("x"))
        repo_dir = WORK / f"gate-{size}"
        count = write(repo_dir, calls, per_unit, git=True)
        last_year = 2018 + calls - 1
        make_pull_request(repo_dir, last_year)
        cmd = [
            python(),
            "-m",
            "generator",
            "gate",
            "--root",
            str(repo_dir),
            "--base",
            "main",
            "--head",
            "pr",
            "--actor",
            "sfxm-demo-110000",
            "--now",
            f"{last_year}-07-01T10:00:00+08:00",
        ]
        label = f"gate, {calls} calls × 37 units × {per_unit} = {count:,} declarations"
        measure = run(label, cmd, repeats=args.repeats)
        print(measure.row())
        if measure.returncode != 0:
            raise SystemExit(f"gate failed on a valid pull request (exit {measure.returncode})")
        shutil.rmtree(repo_dir)


if __name__ == "__main__":
    main()
