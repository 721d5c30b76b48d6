"""The site's search: Pagefind, run on the built site.

mkdocs-material's own search loads its whole index into the browser and builds it there before
the first result: with 3,700 projects that was 3.9 MB and 2.5 s at a phone's speed even after
trimming the index (README, benchmarks). Pagefind writes a chunked index instead: a search
fetches only the fragments for its words, so the first result comes quickly at any size. The
extended build segments Chinese into words, so a two-character word inside a longer phrase is
found. Everything it needs is written into the site: no request leaves it.

What is indexed: the page's article; parts marked ``data-search-exclude`` (lists that repeat
each project's own page, long texts, timelines) are left out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ARGS = [
    "--output-subdir",
    "pagefind",
    "--root-selector",
    "article",
    "--exclude-selectors",
    "[data-search-exclude]",
    "--force-language",
    "zh",
    "--quiet",
]


class SearchIndexError(RuntimeError):
    pass


def index_site(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), *ARGS], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind 建立搜索索引失败：{result.stderr.strip() or result.stdout.strip()}")
