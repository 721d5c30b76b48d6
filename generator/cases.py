"""Case studies (典型案例): Markdown or Word documents of the office, turned into safe HTML.

Both go through pandoc (from pypandoc-binary) to HTML, with a Lua filter (``case_filter.lua``)
that drops raw HTML, unsafe link targets and external images; pandoc escapes every text. Headings,
lists, tables and images are kept. Images of a Word document are extracted; those of a Markdown
case study must be committed under ``cases/assets/``.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypandoc

FILTER = Path(__file__).resolve().parent / "case_filter.lua"
_SRC = re.compile(r'(<img src=")([^"]+)(")')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Converted:
    html: str
    title: str
    media: dict[str, bytes] = field(default_factory=dict)  # file name → bytes, to publish beside the page


def _title(html: str, fallback: str) -> str:
    """The text of the first level-1 heading (entities kept as they are: it is shown as HTML)."""
    match = _H1.search(html)
    return _TAG.sub("", match.group(1)).strip() if match else fallback


def convert(name: str, raw: bytes, assets: dict[str, bytes]) -> Converted:
    """Convert the case study ``name`` (``….md`` or ``….docx``); ``assets`` are the committed images by name."""
    args = ["--lua-filter", str(FILTER), "--wrap=none"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if name.endswith(".docx"):
            source = folder / "case.docx"
            source.write_bytes(raw)
            html = pypandoc.convert_file(
                str(source), "html5", format="docx", extra_args=[*args, "--extract-media", str(folder / "x")]
            )
            files = {str(p): p for p in (folder / "x").rglob("*") if p.is_file()}
            media = {p.name: p.read_bytes() for p in files.values()}
            html = _SRC.sub(lambda m: m.group(1) + f"media/{Path(m.group(2)).name}" + m.group(3), html)
        else:
            html = pypandoc.convert_text(raw.decode("utf-8"), "html5", format="gfm", extra_args=args)
            used = {Path(src).name for _, src, _ in _SRC.findall(html)}
            media = {n: b for n, b in assets.items() if n in used}
            html = _SRC.sub(lambda m: m.group(1) + f"media/{Path(m.group(2)).name}" + m.group(3), html)
    return Converted(html, _title(html, name), media)
