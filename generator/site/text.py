"""Turning data into Markdown and HTML that can never become markup.

Every text that comes from a file under ``submissions/`` passes through one of these before
it reaches a page: ``inline`` for Markdown running text and headings, ``html`` inside HTML
blocks, ``paragraphs`` for multi-line text, ``title`` for page titles. Page titles need their
own treatment: themes print them through Jinja's ``striptags``, which turns ``&lt;`` back into
``<``, so angle brackets in a title are replaced by their full-width forms instead of escaped.
"""

from __future__ import annotations

import html as _html
import json
import re

# Characters Python-Markdown (with the tables extension) gives meaning to and lets a backslash
# escape; < > & are written as entities instead. Extensions that give meaning to other
# characters (emoji, magiclink, tilde, caret, mark) are not enabled, so nothing else is special.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&])")
_TITLE_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "\n": " ", "\r": " "})


def html(text: object) -> str:
    """Text for an HTML context (element content or a quoted attribute)."""
    return _html.escape(str(text), quote=True)


def inline(text: object) -> str:
    """Text for Markdown running text or a heading: no markup, no links, no HTML."""
    escaped = str(text).replace("\r", " ").replace("\n", " ")
    escaped = _MD_SPECIAL.sub(
        lambda m: "\\" + m.group(1) if m.group(1) not in "<>&" else _html.escape(m.group(1)), escaped
    )
    return escaped


def title(text: object) -> str:
    """A page title for front matter: a JSON string (valid YAML) with no angle brackets."""
    return json.dumps(str(text).translate(_TITLE_SAFE), ensure_ascii=False)


def paragraphs(text: object, css: str = "", *, search: bool = True, weight: float | None = None) -> str:
    """Multi-line text as an HTML block of paragraphs; blank lines separate paragraphs.

    ``search=False`` keeps the block out of the search index (``data-search-exclude``); ``weight``
    makes its words count more or less than ordinary text (Pagefind's ``data-pagefind-weight``).
    """
    attr = f' class="{html(css)}"' if css else ""
    if not search:
        attr += " data-search-exclude"
    if weight is not None:
        attr += f' data-pagefind-weight="{weight:g}"'
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text).strip()) if b.strip()]
    inner = "".join(f"<p>{html(join_lines(b.splitlines()))}</p>" for b in blocks)
    return f"<div{attr}>{inner}</div>"


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph joined: no space between Chinese characters, one between words."""
    out = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def front_matter(page_title: str, **extra: object) -> str:
    """A YAML front matter block; values are JSON (valid YAML), so nothing is interpreted.

    Texts are made title-safe too: themes print front matter (the description) into attributes
    without escaping, where a quote would end the attribute.
    """
    lines = ["---", f"title: {title(page_title)}"]
    for key, value in extra.items():
        safe = value.translate(_TITLE_SAFE) if isinstance(value, str) else value
        lines.append(f"{key}: {json.dumps(safe, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
