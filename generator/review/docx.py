"""Word documents of long tables, through pandoc, without pandoc reading every row.

pandoc writes the document (styles, headings, lists, metadata) from Markdown in which each table
has its header and one row of tokens. Each token row of the result is then repeated for the real
rows, with the tokens replaced by the cells' text: the row markup is pandoc's own, only the text
is ours. A 3,700-row ranking took pandoc 1.8 s to read and write; this way it takes a fraction.

Each word with Chinese characters gets the East Asian font hint, as pandoc gives it. Should the
token row not come out of pandoc as expected (a future pandoc writing tables differently), the
whole document is written by pandoc from the full Markdown instead: slower, never wrong.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pypandoc


@dataclass
class Table:
    """A table: its header cells, relative column widths and rows of plain text."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[int] | None = None  # relative widths (dashes of the separator line)


Block = str | Table  # Markdown text, or a table


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _token(table: int, column: int) -> str:
    return f"SFXMT{table}C{column}X"


def table_markdown(table: Table, rows: Sequence[Sequence[str]] | None = None) -> str:
    widths = table.widths or [3] * len(table.header)
    lines = [
        "| " + " | ".join(_md_cell(h) for h in table.header) + " |",
        "|" + "|".join("-" * w for w in widths) + "|",
    ]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in (table.rows if rows is None else rows)]
    return "\n".join(lines) + "\n"


def markdown(blocks: Sequence[Block]) -> str:
    return "\n".join(b if isinstance(b, str) else table_markdown(b) for b in blocks)


def _skeleton(blocks: Sequence[Block]) -> tuple[str, list[Table]]:
    tables: list[Table] = []
    parts = []
    for b in blocks:
        if isinstance(b, str):
            parts.append(b)
            continue
        n = len(tables)
        tables.append(b)
        parts.append(table_markdown(b, [[_token(n, k) for k in range(len(b.header))]]))
    return "\n".join(parts), tables


# Characters XML 1.0 does not allow (validated text should not hold them; never write a broken document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# The characters for which pandoc gives a word the East Asian font hint: Han characters and
# full-width forms (measured with pandoc 3: not kana, hangul, CJK punctuation such as 、。《》).
_EAST_ASIAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_HINT = '<w:rPr><w:rFonts w:hint="eastAsia" /></w:rPr>'


@functools.lru_cache(maxsize=4096)
def runs(text: str) -> str:
    """WordprocessingML runs for ``text`` as pandoc writes them from Markdown.

    Spaces collapse as in Markdown; each word with East Asian characters is a run with the East
    Asian font hint; the other words and the spaces between them are plain runs.
    """
    words = _NOT_XML.sub("", text).split()
    if not _EAST_ASIAN.search(text):
        return f'<w:r><w:t xml:space="preserve">{escape(" ".join(words))}</w:t></w:r>' if words else ""
    merged: list[tuple[bool, str]] = []
    for n, word in enumerate(words):
        hint = _EAST_ASIAN.search(word) is not None
        piece = word if n == 0 else " " + word if not hint else word
        if n and hint:  # the space before a hinted word is a plain run of its own (or joins the plain one)
            if merged and not merged[-1][0]:
                merged[-1] = (False, merged[-1][1] + " ")
            else:
                merged.append((False, " "))
        if merged and not hint and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + piece)
        else:
            merged.append((hint, piece))
    return "".join(
        f'<w:r>{_HINT if hint else ""}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>' for hint, piece in merged
    )


class TemplateMismatch(Exception):
    """pandoc did not write the token row as expected."""


def _fill(xml: str, tables: list[Table]) -> str:
    pieces = []
    position = 0
    for n, table in enumerate(tables):
        first = xml.find(_token(n, 0), position)
        if first < 0:
            raise TemplateMismatch(f"token row {n} not found")
        start = xml.rfind("<w:tr>", position, first)
        end = xml.find("</w:tr>", first)
        if start < 0 or end < 0:
            raise TemplateMismatch(f"row markup {n} not found")
        end += len("</w:tr>")
        row = xml[start:end]
        # Split the row at each token's run; everything between the runs is pandoc's cell markup.
        between = []
        rest = row
        for k in range(len(table.header)):
            run = f'<w:r><w:t xml:space="preserve">{_token(n, k)}</w:t></w:r>'
            if rest.count(run) != 1 or row.count(_token(n, k)) != 1:
                raise TemplateMismatch(f"cell {k} of row {n} not written as one plain run")
            head, rest = rest.split(run)
            between.append(head)
        between.append(rest)
        filled = []
        for cells in table.rows:
            parts = [between[0]]
            for k, cell in enumerate(cells):
                parts.append(runs(cell))
                parts.append(between[k + 1])
            filled.append("".join(parts))
        pieces.append(xml[position:start])
        pieces.append("".join(filled))
        position = end
    pieces.append(xml[position:])
    return "".join(pieces)


def _pandoc(markdown_text: str, target: Path, title: str) -> None:
    pypandoc.convert_text(
        markdown_text,
        "docx",
        format="gfm",
        outputfile=str(target),
        # Narrow columns so that the separator lines' dashes set the relative column widths.
        extra_args=["--metadata", f"title={title}", "--columns=10"],
    )


def write(blocks: Sequence[Block], target: Path, title: str) -> None:
    """Write ``blocks`` as a Word document at ``target``."""
    skeleton, tables = _skeleton(blocks)
    _pandoc(skeleton, target, title)
    try:
        with zipfile.ZipFile(target) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
        document = next(i for i, (info, _) in enumerate(members) if info.filename == "word/document.xml")
        xml = _fill(members[document][1].decode("utf-8"), tables)
    except (TemplateMismatch, StopIteration, zipfile.BadZipFile, UnicodeDecodeError):
        _pandoc(markdown(blocks), target, title)
        return
    members[document] = (members[document][0], xml.encode("utf-8"))
    with zipfile.ZipFile(target, "w") as archive:
        for info, data in members:
            archive.writestr(info, data)
