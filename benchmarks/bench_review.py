"""The expert review at the size of a large call: 3,700 declarations × 5 of 150 experts.

    python -m benchmarks.bench_review [--repeats 5] [--experts 150] [--forms] [--sealed]

One call of 37 units × 100 declarations (3,700) from ``benchmarks/synth.py``, with a synthetic
list of experts (home units and directions spread over the call). Timed, each in a fresh process:

- ``review assign`` (the first assignment);
- then every assigned expert's score file is written (18,500 files, not timed): the bare fields by
  default, or with ``--forms`` the form ``sfxm review score`` writes (comments included), filled;
- ``review report`` (Markdown, DOCX, CSV), ``review progress`` (text and JSON);
- ``review assign --repair`` after 10 experts have a new conflict with a declaration they already
  scored (``--dry-run``, so that every run does the same repair; it prints instead of writing).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil

import yaml

from benchmarks.common import WORK, header, python, run
from benchmarks.synth import ORIGINAL_UNITS, write

CRITERIA = ("innovation", "demonstration", "promotion", "benefit")


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


def _form(repo_dir, call: str, ident: str, expert: str, marks: dict[str, int]) -> str:
    """The score form `sfxm review score` writes, filled in."""
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.review.scorefile import score_form

    cache = _form.__dict__.setdefault("call", {})
    if call not in cache:
        cache[call] = Repository(FileSystemSource(repo_dir)).call(call)
    rel = f"submissions/{call}/review/scores/{expert}/{ident}.yaml"
    text = score_form(cache[call], ident, expert, name="示例项目名称", unit="示例单位", direction="1", path=rel)
    for code, mark in marks.items():
        text = text.replace(f"  {code}:\n", f"  {code}: {mark}\n")
    return (
        text.replace("comments: |\n  \n", "comments: |\n  项目定位清晰，创新点明确，示范带动作用较强，建议支持。\n")
        .replace("no_conflict:\n", "no_conflict: true\n")
        .replace("signed_on:\n", f"signed_on: {call}-08-20\n")
    )


def write_scores(repo_dir, call: str, forms: bool = False) -> int:
    assignment = yaml.safe_load((repo_dir / f"submissions/{call}/review/assignment.yaml").read_text(encoding="utf-8"))
    n = 0
    for ident, experts in assignment["assignments"].items():
        quality = random.Random(ident).randint(60, 88)  # a declaration's own level; experts agree within ±8
        for expert in experts:
            n += 1
            rng = random.Random(f"{ident}{expert}")
            marks = {c: max(0, min(100, quality + rng.randint(-8, 8))) for c in CRITERIA}
            path = repo_dir / f"submissions/{call}/review/scores/{expert}/{ident}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            if forms:
                text = _form(repo_dir, call, ident, expert, marks)
            else:
                text = (
                    f"declaration: {ident}\nexpert: {expert}\n"
                    f"scores: {{{', '.join(f'{c}: {v}' for c, v in marks.items())}}}\n"
                    f"comments: 评审意见示例文字，合格。\nno_conflict: true\nsigned_on: {call}-08-20\n"
                )
            path.write_text(text, encoding="utf-8")
    return n


def new_conflicts(repo_dir, call: str, count: int) -> list[tuple[str, str]]:
    """``count`` experts learn they worked for the applicant of a declaration they already scored."""
    assignment = yaml.safe_load((repo_dir / f"submissions/{call}/review/assignment.yaml").read_text(encoding="utf-8"))
    experts_path = repo_dir / f"submissions/{call}/review/experts.yaml"
    lines = experts_path.read_text(encoding="utf-8").splitlines()
    chosen: list[tuple[str, str]] = []
    for ident, experts in sorted(assignment["assignments"].items())[::97]:
        expert = experts[0]
        if len(chosen) == count or expert in {e for _, e in chosen}:
            continue
        unit = ident.split("-")[1]
        text = (repo_dir / f"submissions/{call}/declarations/{unit}/{ident}.yaml").read_text(encoding="utf-8")
        applicant = re.search(r"^applicant:\n  name: (.+)$", text, re.MULTILINE).group(1)
        lines = [
            ln[:-1] + f", organizations: [{{name: '{applicant}'}}]}}" if f"id: {expert}," in ln else ln for ln in lines
        ]
        chosen.append((ident, expert))
    experts_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--experts", type=int, default=150)
    parser.add_argument("--forms", action="store_true", help="score files as filled `sfxm review score` forms")
    parser.add_argument("--sealed", action="store_true", help="also time the report on the same scores, sealed")
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
    sfxm = [python(), "-m", "generator", "review"]
    where = ["--call", call, "--root", str(repo_dir)]
    assign = run("review assign", [*sfxm, "assign", *where], repeats=args.repeats)
    print(assign.row())
    scores = write_scores(repo_dir, call, forms=args.forms)
    kind = "filled score forms" if args.forms else "score files"
    report = run(
        f"review report ({scores:,} {kind}; Markdown, DOCX, CSV)",
        [*sfxm, "report", *where, "--out", str(repo_dir / "report")],
        repeats=args.repeats,
    )
    print(report.row())
    progress = run(f"review progress ({scores:,} {kind})", [*sfxm, "progress", *where], repeats=args.repeats)
    print(progress.row())
    progress_json = run(
        "review progress --format json", [*sfxm, "progress", *where, "--format", "json"], repeats=args.repeats
    )
    print(progress_json.row())
    conflicts = new_conflicts(repo_dir, call, 10)
    repair = run(
        f"review assign --repair after {len(conflicts)} new conflicts (--dry-run)",
        [*sfxm, "assign", *where, "--repair", "--dry-run"],
        repeats=args.repeats,
    )
    print(repair.row())
    print(f"\nassign + report, best: {assign.best + report.best:.2f} s; median: {assign.median + report.median:.2f} s")
    measures = [assign, report, progress, progress_json, repair]
    if args.sealed:
        from benchmarks.sealed import seal

        plain_now = run(
            f"review report (the same {scores:,} scores, plain, after the repair's new conflicts)",
            [*sfxm, "report", *where, "--out", str(repo_dir / "report")],
            repeats=args.repeats,
        )
        print(plain_now.row())
        report = plain_now
        keys = seal(repo_dir, call, review=True)
        sealed = run(
            f"review report --identity (the same {scores:,} scores, sealed)",
            [*sfxm, "report", *where, "--out", str(repo_dir / "report-sealed"), "--identity", str(keys["agency"])],
            repeats=args.repeats,
        )
        print(sealed.row())
        print(
            f"\nsealed / plain report: best {sealed.best / report.best:.2f}×, median {sealed.median / report.median:.2f}×"
        )
        same = all(
            (repo_dir / "report-sealed" / n).read_bytes() == (repo_dir / "report" / n).read_bytes()
            for n in (f"review-report-{call}.md", f"review-report-{call}.csv")
        )
        print(f"sealed report identical to the plain one (Markdown, CSV): {same}")
        measures += [plain_now, sealed]
        shutil.rmtree(keys["agency"].parent)
    if any(m.returncode for m in measures):
        raise SystemExit("a review command failed")
    shutil.rmtree(repo_dir)


if __name__ == "__main__":
    main()
