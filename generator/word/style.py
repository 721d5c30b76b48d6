"""The 公文 style of every DOCX sfxm writes, after GB/T 9704-2012 (党政机关公文格式).

- title in 方正小标宋简体, 二号 (22 pt), centred; the document number (文号) under it, centred;
- body in 仿宋_GB2312, 三号 (16 pt), first line indented by two characters, 28 pt line spacing;
- headings in 黑体 (first level) and 楷体_GB2312 (second level), 三号;
- dates in Chinese (2018年10月15日), the signing date right-aligned at the end;
- tables with full grid lines, cells in 仿宋 小四 (12 pt).

Fonts: a DOCX names one font per script, so each font is also registered in the document's font
table with its common substitute (``altName``) — 华文中宋 for 方正小标宋简体, 仿宋 for 仿宋_GB2312,
楷体 for 楷体_GB2312 — which Word uses where the first is not installed; Latin text and digits are
in Times New Roman.

The reference document is pandoc's own default, restyled here with python-docx; pandoc writes the
exports with it (``--reference-doc``) and the 申报书 form starts from it, so every document shares
one set of styles. It is built in memory, the same bytes every time for a given pandoc; documents
written with python-docx are made reproducible the same way: fixed ZIP timestamps and document
properties taken from the data (``SOURCE_DATE_EPOCH`` when set, as the site build sets it).
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
# A font → its common substitute, registered as the font's altName.
FALLBACKS = {TITLE_FONT: "华文中宋", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}

SIGNING_DATE = "Signing Date"  # custom paragraph style: the date at the end, right-aligned
FIELD_LABEL = "Field Label"  # the 申报书 form: a field's name
FIELD_HELP = "Field Help"  # the 申报书 form: what to write
REFERENCE_EPOCH = datetime(2018, 1, 1, tzinfo=UTC)  # the reference document's own timestamp


def chinese_date(day: date) -> str:
    """A date as 公文 write it: 2018年10月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def source_moment(fallback: date | datetime) -> datetime:
    """The moment stamped on a generated document: SOURCE_DATE_EPOCH when set, else ``fallback`` (from the data)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    if isinstance(fallback, datetime):
        return fallback if fallback.tzinfo else fallback.replace(tzinfo=UTC)
    return datetime(fallback.year, fallback.month, fallback.day, tzinfo=UTC)


# -- the reference document ----------------------------------------------------------------------


def _rpr(element) -> object:
    rpr = element.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        element.append(rpr)
    return rpr


def _child(parent, tag: str) -> object:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _fonts(style, east_asian: str, size: float, *, bold: bool = False, italic: bool = False) -> None:
    """Explicit fonts (no theme fonts, which would win over them), size, weight, black."""
    rpr = _rpr(style.element)
    fonts = _child(rpr, "w:rFonts")
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    color = _child(rpr, "w:color")
    for attr in list(color.attrib):
        del color.attrib[attr]
    color.set(qn("w:val"), "000000")


def _paragraph(
    style,
    *,
    align: str | None = None,
    first_line_chars: int = 0,
    right_chars: int = 0,
    line_pt: float | None = None,
    before: int = 0,
    after: int = 0,
) -> None:
    ppr = style.element.get_or_add_pPr()
    if align is not None:
        _child(ppr, "w:jc").set(qn("w:val"), align)
    # Every value explicit: a style based on another (pandoc's Compact is based on Body Text) must not
    # inherit its indent or line spacing. A character of 三号 is 16 pt: 320 twips.
    ind = _child(ppr, "w:ind")
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    ind.set(qn("w:firstLine"), str(first_line_chars * 320))
    ind.set(qn("w:rightChars"), str(right_chars * 100))
    ind.set(qn("w:right"), str(right_chars * 320))
    spacing = _child(ppr, "w:spacing")
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:before"), str(before))
    spacing.set(qn("w:after"), str(after))
    if line_pt is not None:
        spacing.set(qn("w:line"), str(round(line_pt * 20)))
        spacing.set(qn("w:lineRule"), "exact")
    else:
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")


def _grid_lines(tblpr) -> None:
    """Single black lines around and between every cell, replacing any borders the table had."""
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(attr), value)
        borders.append(line)
    tblpr.append(borders)


def _grid(table_style) -> None:
    """Full grid lines on a table style (pandoc's default has only a rule under the header)."""
    tblpr = table_style.element.find(qn("w:tblPr"))
    _grid_lines(tblpr)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    tblpr.insert(0, jc)
    for conditional in table_style.element.findall(qn("w:tblStylePr")):
        table_style.element.remove(conditional)
    header = OxmlElement("w:tblStylePr")  # the header row in bold
    header.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    header.append(rpr)
    table_style.element.append(header)


def _font_table(names: list[str]) -> bytes:
    """word/fontTable.xml: each font with its substitute as altName, Chinese charset (GB2312)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{w}">']
    for name in names:
        alt = f'<w:altName w:val="{FALLBACKS[name]}"/>' if name in FALLBACKS else ""
        charset, family = (
            ("00", "roman") if name == LATIN_FONT else ("86", "modern" if name != TITLE_FONT else "script")
        )
        parts.append(
            f'<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            '<w:pitch w:val="variable"/></w:font>'
        )
    parts.append("</w:fonts>")
    return "".join(parts).encode("utf-8")


def _pandoc_default_reference() -> bytes:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    return subprocess.run(
        [pandoc, "--print-default-data-file", "reference.docx"], capture_output=True, check=True, timeout=120
    ).stdout


def _restyle(document: DocumentObject) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = _child(rpr_default, "w:rFonts")
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr, value in (
        ("w:ascii", LATIN_FONT),
        ("w:hAnsi", LATIN_FONT),
        ("w:cs", LATIN_FONT),
        ("w:eastAsia", BODY_FONT),
    ):
        fonts.set(qn(attr), value)
    for name in ("Normal", "Body Text", "First Paragraph", "Block Text", "Date", "Author", "Abstract", "Definition"):
        _fonts(styles[name], BODY_FONT, 16)
    for name in ("Body Text", "First Paragraph"):
        _paragraph(styles[name], align="both", first_line_chars=2, line_pt=28)
    _fonts(styles["Compact"], BODY_FONT, 10.5)
    _paragraph(styles["Compact"], align="left", before=0, after=0)
    _fonts(styles["Title"], TITLE_FONT, 22)
    _paragraph(styles["Title"], align="center", before=0, after=240)
    _fonts(styles["Subtitle"], BODY_FONT, 16)
    _paragraph(styles["Subtitle"], align="center", before=0, after=480)
    _fonts(styles["Heading 1"], HEADING_FONT, 16)
    _fonts(styles["Heading 2"], SUBHEADING_FONT, 16)
    _fonts(styles["Heading 3"], BODY_FONT, 16, bold=True)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        _paragraph(styles[name], align="left", before=240, after=120)
    _fonts(styles["Table Caption"], BODY_FONT, 14)
    signing = styles.add_style(SIGNING_DATE, WD_STYLE_TYPE.PARAGRAPH)
    signing.base_style = styles["Normal"]
    _fonts(signing, BODY_FONT, 16)
    _paragraph(signing, align="right", right_chars=4, before=480)
    label = styles.add_style(FIELD_LABEL, WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = styles["Normal"]
    _fonts(label, HEADING_FONT, 12)
    _paragraph(label, align="left")
    field_help = styles.add_style(FIELD_HELP, WD_STYLE_TYPE.PARAGRAPH)
    field_help.base_style = styles["Normal"]
    _fonts(field_help, BODY_FONT, 9)
    _paragraph(field_help, align="left")
    _child(_rpr(field_help.element), "w:color").set(qn("w:val"), "404040")
    _grid(styles["Table"])
    section = document.sections[0]
    # A4 with the margins of GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def grid_table(table, widths_cm: list[float]) -> None:
    """A python-docx table laid out for every reader (Word, WPS, LibreOffice): fixed column widths in
    the grid and the cells, centred, full grid lines set on the table itself (not only by its style)."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    width = round(sum(widths_cm) * 567)  # twips per cm
    tblw = _child(tblpr, "w:tblW")
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(width))
    _grid_lines(tblpr)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(round(w * 567)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)


def finish(document: DocumentObject, when: datetime, title: str = "", keywords: str = "", subject: str = "") -> bytes:
    """A python-docx document saved reproducibly: fixed properties and ZIP timestamps from ``when``."""
    props = document.core_properties
    props.author = "sfxm"
    props.last_modified_by = "sfxm"
    props.title = title
    props.keywords = keywords
    props.subject = subject
    props.comments = ""
    props.revision = 1
    stamp = when.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), when)


def normalize_zip(blob: bytes, when: datetime, replace: dict[str, bytes] | None = None) -> bytes:
    """The same ZIP with every entry stamped ``when`` (ZIP keeps local time, to 2 s), optionally replaced."""
    stamp = when.astimezone(UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second // 2 * 2)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


@cache
def reference_docx() -> bytes:
    """The reference document (styles, fonts, page) shared by every DOCX sfxm writes."""
    document = Document(io.BytesIO(_pandoc_default_reference()))
    _restyle(document)
    blob = finish(document, REFERENCE_EPOCH, title="sfxm 公文样式")
    fonts = _font_table([TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, LATIN_FONT])
    return normalize_zip(blob, REFERENCE_EPOCH, {"word/fontTable.xml": fonts})


def new_document() -> DocumentObject:
    """An empty document in the 公文 style (the reference document without its sample content)."""
    document = Document(io.BytesIO(reference_docx()))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


@contextmanager
def reference_file() -> Iterator[Path]:
    """The reference document as a file, for pandoc's ``--reference-doc``."""
    with tempfile.TemporaryDirectory(prefix="sfxm-reference-") as tmp:
        path = Path(tmp) / "reference.docx"
        path.write_bytes(reference_docx())
        yield path


def pandoc_docx(body_html: str, target: Path, *, title: str, subtitle: str = "") -> None:
    """A DOCX in the 公文 style from an HTML body whose every text is already escaped.

    The title and the document number are pandoc metadata (plain strings, never parsed as markup),
    written in the Title and Subtitle styles.
    """
    import pypandoc

    args = ["--metadata", f"title={title}"]
    if subtitle:
        args += ["--metadata", f"subtitle={subtitle}"]
    with reference_file() as reference:
        args += ["--reference-doc", str(reference)]
        pypandoc.convert_text(body_html, "docx", format="html", outputfile=str(target), extra_args=args)


def signing_date(day: date) -> str:
    """The HTML of the date at the end of a document, right-aligned in the Signing Date style."""
    return f'<div data-custom-style="{SIGNING_DATE}"><p>{chinese_date(day)}</p></div>'


@contextmanager
def stamped(day: date) -> Iterator[None]:
    """Documents written inside carry ``day`` as their timestamp, unless SOURCE_DATE_EPOCH is already set.

    pandoc and ``source_moment`` read SOURCE_DATE_EPOCH; the site build sets it to the data's latest
    date, and a command sets it to the document's own date: the same data gives the same bytes.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
