"""A copy of the project's site sources and data in a temporary folder, to build without touching the tree."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT


def copy_site_sources(target: Path, *, with_data: bool = True) -> Path:
    """mkdocs.yml, site/ (without built output) and submissions/; the hook file at its path.

    The hook lives at generator/site/mkdocs_hooks.py (mkdocs.yml names it by path); only that file
    is copied, without an __init__.py, so that ``generator`` still imports the installed package.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "site", target / "site", ignore=shutil.ignore_patterns("public", "docs"))
    (target / "site/docs").mkdir()
    (target / "generator/site").mkdir(parents=True)
    shutil.copy(ROOT / "generator/site/mkdocs_hooks.py", target / "generator/site/mkdocs_hooks.py")
    if with_data:
        shutil.copytree(ROOT / "submissions", target / "submissions")
    return target
