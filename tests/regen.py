"""Regenerate the expected outputs that tests compare against: ``python -m tests.regen``.

Run it after a deliberate change of the rules or of the site's pages, then read the diff
(``git diff tests/fixtures tests/golden``) line by line before committing: every changed line must be
intended. A golden file is never regenerated without reading its diff — a regenerated golden file
once froze a broken page (a Markdown table shown as source on /notices/) into the tests. The golden
pages are Markdown; the rendered pages are checked by tests/test_site_pages.py and in the browser.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.conftest import FIXTURES, TempRepo


def kitchen_sink() -> None:
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.rules import check_repository
    from tests.test_examples import build_kitchen_sink

    with tempfile.TemporaryDirectory() as tmp:
        repo = TempRepo(Path(tmp) / "repo")
        build_kitchen_sink(repo)
        findings = check_repository(Repository(FileSystemSource(repo.path)))
    lines = [
        "# The findings of the kitchen-sink repository (tests/test_examples.py::build_kitchen_sink),",
        "# in the checker's order: code, severity, path:line:column. Regenerate with `python -m tests.regen`",
        "# and check every changed line by hand.",
        *(f"{f.code} {f.severity} {f.path}:{f.line}:{f.column}" for f in findings),
    ]
    (FIXTURES / "kitchen-sink.expected").write_text("\n".join(lines) + "\n", encoding="utf-8")


GOLDEN_PAGES = (
    "index.md",
    "calls/2018/index.md",
    "calls/2018/publicity.md",
    "calls/2022/index.md",
    "projects/2018-110000-009.md",
    "projects/2018-310000-008.md",
    "notices/index.md",
    "notices/2019-12-20-revocation-1.md",
    "units/110000.md",
    "directions/2018-9.md",
    "cases/index.md",
    "stats/index.md",
    "feed.xml",
    "publicity.ics",
)
GOLDEN = FIXTURES.parent / "golden"


def site_pages() -> dict[str, str | bytes]:
    """The generated pages of the sample data (without git dates, without the Word exports)."""
    from generator.load import FileSystemSource
    from generator.repository import Repository
    from generator.site.build import generate
    from generator.site.data import collect
    from tests.conftest import ROOT

    repo = Repository(FileSystemSource(ROOT))
    return generate(collect(repo), ROOT)


def golden() -> None:
    pages = site_pages()
    for rel in GOLDEN_PAGES:
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        content = pages[rel]
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


TARGETS = {"kitchen-sink": kitchen_sink, "golden": golden}


def main(names: list[str]) -> None:
    import subprocess

    for name in names or list(TARGETS):
        TARGETS[name]()
        print(f"regenerated {name}")
    changed = subprocess.run(
        ["git", "diff", "--stat", "--", "tests/fixtures", "tests/golden"],
        capture_output=True,
        text=True,
        check=False,
        cwd=FIXTURES.parent.parent,
    ).stdout
    print(changed or "nothing changed")
    if changed:
        print("Read every changed line before committing: git diff tests/fixtures tests/golden")


if __name__ == "__main__":
    main(sys.argv[1:])
