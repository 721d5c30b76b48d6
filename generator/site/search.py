"""The site's search: Pagefind, run on the built site.

mkdocs-material's own search loads its whole index into the browser and builds it there before
the first result: with 3,700 projects that was 3.9 MB and 2.5 s at a phone's speed even after
trimming the index (README, benchmarks). Pagefind writes a chunked index instead: a search
fetches only the fragments for its words, so the first result comes quickly at any size. The
extended build segments Chinese into words, so a two-character word inside a longer phrase is
found. Everything it needs is written into the site: no request leaves it.

What is indexed: the article of each page the theme marks ``data-pagefind-body`` (every page
but the reference for units, the search page and the lists of a call's projects); parts marked
``data-search-exclude`` (lists that repeat each project's own page, timelines) are left out, and a
project's long texts count half. Each page says what it is (kind, call, unit, direction, a project's
status) as Pagefind metadata and filters (``pages.common.search_meta``).

Exact matches come first: ids, credit codes and full names are written as hashed key words
(``key_tokens``); the search page (``site/pages/assets/sfxm.js``) hashes the reader's whole query
with the same function and asks Pagefind for that word before the ordinary search, which must then
contain every word of the query. The normalisation and the hash here and in the script are the same
code in two languages; a browser test checks that they agree.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

ARGS = [
    "--output-subdir",
    "pagefind",
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


_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_CONSONANTS = "bcdfghjklmnpqrtvwxz"  # no vowels: no stemmer touches the word


def normalise(value: str) -> str:
    """A text as a key: compatibility forms folded (full-width → half-width), lower case, letters
    and digits only (``2018-110000-009`` → ``2018110000009``). Mirrors ``normalise`` in sfxm.js."""
    folded = unicodedata.normalize("NFKC", value).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def cyrb53(value: str, seed: int = 0) -> int:
    """cyrb53, a 53-bit string hash (public domain, by bryc), over UTF-16 code units as in JavaScript."""
    mask = 0xFFFFFFFF
    h1, h2 = 0xDEADBEEF ^ seed, 0x41C6CE57 ^ seed
    units = value.encode("utf-16-le")
    for i in range(0, len(units), 2):
        ch = units[i] | units[i + 1] << 8
        h1 = ((h1 ^ ch) * 2654435761) & mask
        h2 = ((h2 ^ ch) * 1597334677) & mask
    h1 = ((h1 ^ (h1 >> 16)) * 2246822507) & mask
    h1 ^= ((h2 ^ (h2 >> 13)) * 3266489909) & mask
    h2 = ((h2 ^ (h2 >> 16)) * 2246822507) & mask
    h2 ^= ((h1 ^ (h1 >> 13)) * 3266489909) & mask
    return 4294967296 * (2097151 & h2) + (h1 & mask)


def key_token(normalised: str) -> str:
    """The index word of a normalised key: ``kx`` and the hash in consonants."""
    number, letters = cyrb53(normalised), []
    while number:
        number, digit = divmod(number, len(_CONSONANTS))
        letters.append(_CONSONANTS[digit])
    return "kx" + "".join(letters)


def key_tokens(values: Iterable[str]) -> list[str]:
    """The key words of a page: each value, and each without a closing note in brackets
    (``北京青檀数字文化科技有限公司（虚构）`` is found as typed with or without ``（虚构）``)."""
    out: list[str] = []
    for value in values:
        for variant in (value, _TRAILING_NOTE.sub("", value)):
            key = normalise(variant)
            if key and (token := key_token(key)) not in out:
                out.append(token)
    return out
