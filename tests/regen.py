"""Regenerate the expected outputs that tests compare against: ``python -m tests.regen``.

Run it after a deliberate change of the rules or of the site's pages, then read the diff
(``git diff tests/fixtures tests/golden``) line by line before committing: every changed line must be
intended. A golden file is never regenerated without reading its diff — a regenerated golden file
once froze a broken page (a Markdown table shown as source on /notices/) into the tests. The golden
pages are Markdown; the rendered pages are checked by tests/test_site_pages.py and in the browser.
``python -m tests.regen guide`` rewrites the command sections of the experts' and the agency's
guides (site/pages/guide/) from the commands' help.
"""

from __future__ import annotations

import functools
import re
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


GUIDES = ("site/pages/guide/expert.md", "site/pages/guide/agency.md")
HELP_BLOCK = re.compile(r"<!-- sfxm-help: (?P<name>[a-z -]+) -->\n.*?<!-- /sfxm-help -->", re.DOTALL)


@functools.cache
def command_help(name: str) -> str:
    """``sfxm <name> --help`` exactly as a user's 80-column terminal shows it (a real process)."""
    import os
    import subprocess

    from tests.conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "generator", *name.split(), "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COLUMNS": "80"},
        cwd=ROOT,
        check=True,
    )
    return result.stdout.rstrip("\n")


def guide_text(text: str) -> str:
    """A guide page with each marked block replaced by the current help of its command."""
    return HELP_BLOCK.sub(
        lambda m: f"<!-- sfxm-help: {m['name']} -->\n```text\n{command_help(m['name'])}\n```\n<!-- /sfxm-help -->",
        text,
    )


def guides() -> None:
    """The experts' and the agency's guides: their command sections are the commands' own help."""
    from tests.conftest import ROOT

    for rel in GUIDES:
        path = ROOT / rel
        path.write_text(guide_text(path.read_text(encoding="utf-8")), encoding="utf-8")


TARGETS = {"kitchen-sink": kitchen_sink, "golden": golden, "guide": guides}


def main(names: list[str]) -> None:
    import subprocess

    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        raise SystemExit(f"usage: python -m tests.regen [{' | '.join(TARGETS)}] ...  (unknown: {' '.join(unknown)})")
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
