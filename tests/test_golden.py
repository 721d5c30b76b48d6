"""Golden output of the site: selected generated pages of the sample data, byte for byte.

When a change of the pages is intended, regenerate with ``python -m tests.regen golden`` and read
``git diff tests/golden`` line by line before committing. A golden file is never regenerated without
reading its diff: the golden pages once had a broken notices page frozen into them.
"""

from __future__ import annotations

import pytest

from tests.regen import GOLDEN, GOLDEN_PAGES, site_pages


@pytest.fixture(scope="module")
def pages() -> dict[str, str | bytes]:
    return site_pages()


@pytest.mark.parametrize("rel", GOLDEN_PAGES)
def test_page_matches_its_golden_copy(pages: dict[str, str | bytes], rel: str) -> None:
    content = pages[rel]
    data = content.encode("utf-8") if isinstance(content, str) else content
    expected = (GOLDEN / rel).read_bytes()
    assert data.decode("utf-8") == expected.decode("utf-8"), (
        f"if the change is intended, run `python -m tests.regen golden` and read `git diff tests/golden` ({rel})"
    )
