"""Charts drawn here, so that they render with no network and no script: SVG for the site, PNG for
the Word report (bars only; the figures go in a table beside it)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from generator.site import text

COLOURS = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#37474f", "#9e9d24")


def bar_svg(title: str, items: Sequence[tuple[str, int]], *, width: int = 640, bar: int = 22) -> str:
    """A horizontal bar chart as inline SVG: one labelled bar per item, its value at the end."""
    label_width, gap, top = 190, 8, 34
    height = top + len(items) * (bar + gap) + 10
    peak = max((v for _, v in items), default=0) or 1
    scale = (width - label_width - 60) / peak
    parts = [
        f'<svg class="sfxm-chart" role="img" aria-label="{text.html(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{text.html(title)}</title>",
        f'<text x="0" y="20" font-size="15" font-weight="bold" fill="currentColor">{text.html(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = top + i * (bar + gap)
        length = max(round(value * scale), 1 if value else 0)
        colour = COLOURS[i % len(COLOURS)]
        parts += [
            f'<text x="{label_width - 8}" y="{y + bar - 6}" font-size="13" text-anchor="end" fill="currentColor">{text.html(label)}</text>',
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" fill="{colour}" rx="2"/>',
            f'<text x="{label_width + length + 6}" y="{y + bar - 6}" font-size="13" fill="currentColor">{value}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


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
