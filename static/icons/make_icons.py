"""Draw Passage's app icons (a white door on blue) as PNG files, with the standard library only.

Run from the repository root: `python static/icons/make_icons.py`.
"""
import struct
import zlib
from pathlib import Path

BLUE, WHITE = (0x1F, 0x3A, 0x5F), (0xFF, 0xFF, 0xFF)


def _pixel(x, y, size):
    # A door: an upright rectangle with a rounded top, open a little at the bottom.
    left, right, top, bottom = size * 0.32, size * 0.68, size * 0.2, size * 0.82
    inside = left <= x < right and top <= y < bottom
    arch = (x - size / 2) ** 2 + (y - top) ** 2 <= (size * 0.18) ** 2 and y < top
    knob = (x - size * 0.6) ** 2 + (y - size * 0.52) ** 2 <= (size * 0.03) ** 2
    return BLUE if knob else (WHITE if inside or arch else BLUE)


def png(size):
    """The icon at one size, as PNG bytes."""
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in _pixel(x, y, size))
                    for y in range(size))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for size in (192, 512):
        (here / f"passage-{size}.png").write_bytes(png(size))
