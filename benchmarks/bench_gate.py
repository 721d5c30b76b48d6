"""`sfxm gate` on a 10-file pull request, in a repository of 3,700 and of 37,000 declarations.

    python -m benchmarks.bench_gate [--repeats 5] [--sizes 10x10,100x10,10x100]

Sizes are calls × declarations per unit (37 units): 10x10 is 3,700 declarations; 100x10 is ten
times as many calls, 10x100 ten times as many declarations in every call. The synthetic
repository is written and committed by ``benchmarks/synth.py``; a branch then edits 10
declarations of one unit in the latest call, as that unit's account would, while main moves on
(another unit edits one of its own), so that the gate's merge step (``git merge-tree``) is a real
three-way merge. Objects are packed, as in a clone. The gate judges the merge while the call is open: every entry that would land,
ownership and the clock, then every rule of ``sfxm check`` over the touched call of the merged
tree. Targets: best ≤ 1 s at 3,700; ten times the calls ≤ 1.2 × that. The cost should follow the
change and the calls it touches, not the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil

import git

from benchmarks.common import WORK, header, python, run
from benchmarks.synth import write

_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "b@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "b@example.com",
}


def _review(folder, count: int) -> None:
    for path in sorted(folder.glob("*.yaml"))[:count]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"opinion: (.*)", r"opinion: \1（已复核）", text, count=1), encoding="utf-8")


def make_pull_request(repo_dir, last_year: int) -> None:
    """Branch ``pr``: Beijing edits 10 declarations; meanwhile main receives Shanghai's edit."""
    repo = git.Repo(repo_dir)
    repo.git.checkout("-q", "-b", "pr")
    _review(repo_dir / f"submissions/{last_year}/declarations/110000", 10)
    repo.git.add("-A")
    repo.git.commit("-qm", "Beijing edits ten declarations", env=_ENV)
    repo.git.checkout("-q", "main")
    _review(repo_dir / f"submissions/{last_year}/declarations/310000", 1)
    repo.git.add("-A")
    repo.git.commit("-qm", "Shanghai's edit, merged meanwhile", env=_ENV)
    # CI clones or fetches: its objects come in packs. A repository just written by synth.py holds
    # every object loose (41,000 at 100 calls), which makes each read a file lookup, not the gate's work.
    repo.git.repack("-adq")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="10x10,100x10,10x100", help="calls x declarations per unit, comma-separated")
    args = parser.parse_args()
    header("sfxm gate: a pull request of 10 files, merged into a main that moved on")
    best: dict[str, float] = {}
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
        best[size] = measure.best
        shutil.rmtree(repo_dir)
    if "10x10" in best and "100x10" in best:
        print(f"\n10× the calls / 3,700 declarations (best): {best['100x10'] / best['10x10']:.2f}× (target ≤ 1.2×)")


if __name__ == "__main__":
    main()
