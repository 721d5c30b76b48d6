"""sfxm's own repository files that a programme repository needs: found, not copied.

A programme repository made by ``sfxm init`` holds its data, its ``mkdocs.yml`` and its CI files;
the theme overrides, the site's assets and hand-written pages stay with sfxm, so that upgrading
sfxm upgrades them together with the page writers that depend on them (the CSS classes and the
script hooks the pages use). They ship in the wheel as ``generator/_repo/`` (see ``setup.py``), a
copy of this repository's layout; in a source checkout they are read where they are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def kit_root() -> Path:
    """The folder that holds sfxm's ``mkdocs.yml``, ``site/`` and ``ci/``."""
    for candidate in (_PACKAGE / "_repo", _PACKAGE.parent):
        if (candidate / "site/overrides").is_dir() and (candidate / "mkdocs.yml").is_file():
            return candidate
    raise FileNotFoundError("sfxm 安装不完整：找不到网站模板（site/overrides）；请重新安装 sfxm")


def overrides_dir() -> Path:
    """The theme overrides of the public site."""
    return kit_root() / "site/overrides"


def pages_dir() -> Path:
    """The hand-written pages and assets of the public site (a repository's own site/pages add to them)."""
    return kit_root() / "site/pages"
