"""`sfxm check` on a synthetic repository, side by side with check-jsonschema and the bare parse.

    python benchmarks/bench_check.py [--calls 10] [--per-unit 10] [--repeats 3] [--loop 20] [--sealed]

The repository (10 calls × 37 units × 10 declarations by default) is written by
``benchmarks/synth.py`` into benchmarks/_work/. Three things are timed on the same files, each
as a fresh process, so that start-up is counted for all:

- the floor: PyYAML's C loader reading every declaration (``yaml.load`` with ``CSafeLoader``);
- ``sfxm check`` on the whole repository (all rules, cross-file ones included);
- ``check-jsonschema`` with the exported schema on the same declaration files.

With ``--loop N`` it also checks the repository N times in one process (as the ``mkdocs serve``
hook does on every rebuild) and prints the memory after the first and the last check: the
resident set, and the memory blocks Python's allocator holds (what a leak would grow).

With ``--sealed``, the first call is then sealed (``benchmarks/sealed.py``: every declaration's
contact, attachments and recommendation sealed to the office) and ``sfxm check`` is timed again on the
whole repository without a key, as CI runs it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys

from benchmarks.common import WORK, header, python, run
from benchmarks.synth import write

LOOP = """
import gc, sys, time
from pathlib import Path
from generator.load import FileSystemSource
from generator.repository import Repository
from generator.rules import check_repository

def rss():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

source, rows = FileSystemSource(Path(sys.argv[1])), []
for n in range(1, int(sys.argv[2]) + 1):
    start = time.perf_counter()
    check_repository(Repository(source))
    if n == 1 or n % 10 == 0 or n == int(sys.argv[2]):
        rows.append(f"after check {n}: {time.perf_counter() - start:.2f} s, RSS {rss():.0f} MB, "
                    f"{sys.getallocatedblocks():,} blocks, {gc.get_freeze_count():,} frozen")
print("\\n".join(rows))
"""
FLOOR = """
import sys, yaml, pathlib
for p in pathlib.Path(sys.argv[1]).rglob("declarations/*/*.yaml"):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--per-unit", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loop", type=int, default=0, help="also check N times in one process (memory)")
    parser.add_argument("--sealed", action="store_true", help="also check with the first call sealed, without a key")
    args = parser.parse_args()
    repo = WORK / f"check-{args.calls}x{args.per_unit}"
    count = write(repo, args.calls, args.per_unit, git=False)
    files = sorted(str(p) for p in repo.rglob("declarations/*/*.yaml"))
    size = sum((repo / f).stat().st_size for f in files) / 1024 / 1024
    header(f"sfxm check: {count} declarations ({size:.1f} MB)")
    measures = [
        run("PyYAML C loader only (floor)", [python(), "-c", FLOOR, str(repo / "submissions")], repeats=args.repeats),
        run(
            "sfxm check (whole repository)",
            [python(), "-m", "generator", "check", "--root", str(repo)],
            repeats=args.repeats,
        ),
        run(
            "check-jsonschema (same files)",
            [
                python(),
                "-m",
                "check_jsonschema",
                "--schemafile",
                str(repo / "generator/schema/declaration.schema.json"),
                *files,
            ],
            repeats=args.repeats,
        ),
    ]
    for m in measures:
        print(m.row())
    if args.loop:
        result = subprocess.run(
            [python(), "-c", LOOP, str(repo), str(args.loop)], capture_output=True, text=True, check=True
        )
        print(f"\n{args.loop} checks in one process:\n{result.stdout}")
    if args.sealed:
        from benchmarks.sealed import seal

        call = sorted(p.name for p in (repo / "submissions").iterdir() if p.name != "registry")[0]
        keys = seal(repo, call, review=False)
        sealed = run(
            f"sfxm check, call {call} sealed, no key",
            [python(), "-m", "generator", "check", "--root", str(repo)],
            repeats=args.repeats,
        )
        print(sealed.row())
        plain = measures[1]
        print(
            f"\nsealed / plain check: best {sealed.best / plain.best:.2f}×, median {sealed.median / plain.median:.2f}×"
        )
        measures.append(sealed)
        shutil.rmtree(keys["office"].parent)
    failed = [m.label for m in measures if m.returncode != 0]
    if failed:
        print(f"\nnon-zero exit: {failed}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(repo)


if __name__ == "__main__":
    main()
