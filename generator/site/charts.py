"""Charts drawn here, so that they render with no network and no script: for the site, bar charts
that are data tables with bars drawn in CSS; PNG for the Word report (bars only; the figures go in a
table beside it)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from generator.site import text

COLOURS = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#37474f", "#9e9d24")


def bar_chart(title: str, items: Sequence[tuple[str, int]], *, label: str = "项目", unit: str = "个数") -> str:
    """A horizontal bar chart that is its own data table: one row per item, its label as a row header,
    its value as text beside a bar drawn in CSS (``sfxm.css``).

    Labels and figures are text of the page, so they keep the page's font size on a phone, wrap
    when long, print, and are read by screen readers as a table with a caption; the bars are
    decoration hidden from them.
    """
    peak = max((v for _, v in items), default=0) or 1
    rows = []
    for i, (name, value) in enumerate(items):
        share = f"{value / peak:.3f}".rstrip("0").rstrip(".")
        rows.append(
            f'<tr><th scope="row">{text.html(name)}</th><td>'
            f'<span class="sfxm-bar sfxm-bar--{i % len(COLOURS)}" style="--v:{share}" aria-hidden="true"></span>'
            f'<span class="sfxm-bar-value">{value}</span></td></tr>'
        )
    return (
        f'<figure class="sfxm-chart"><table class="sfxm-bars"><caption>{text.html(title)}</caption>'
        f'<thead><tr><th scope="col">{text.html(label)}</th><th scope="col">{text.html(unit)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></figure>"
    )


def bar_png(values: Sequence[int], *, width: int = 480, height: int = 200) -> bytes:
    """Vertical bars as a PNG (8-bit RGB), written with zlib only; deterministic for the same values."""
    peak = max(values, default=0) or 1
    count = max(len(values), 1)
    slot = width // count
    colours = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in COLOURS]
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            index = min(x // slot, count - 1)
            level = values[index] * (height - 10) // peak if values else 0
            inside = (x % slot) < slot - max(slot // 5, 2) and y >= height - level
            row += bytes(colours[index % len(colours)] if inside else (255, 255, 255))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
