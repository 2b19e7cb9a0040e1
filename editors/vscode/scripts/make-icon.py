#!/usr/bin/env python3
"""Writes images/icon.png (128x128), the extension's Marketplace icon: a
white shield on Django green. Standard library only; run it again after
changing the drawing: python3 scripts/make-icon.py"""
import os
import struct
import zlib

SIZE = 128
GREEN = (12, 75, 51, 255)  # Django's #0C4B33
LIGHT = (68, 183, 139, 255)  # Django's #44B78B
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def inside_rounded_square(x, y, r=22):
    cx = min(max(x, r), SIZE - 1 - r)
    cy = min(max(y, r), SIZE - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def inside_shield(x, y, top=20, bottom=110, half=38):
    """Flat top, straight sides down to the middle, then a curve to a point."""
    mid = SIZE / 2
    if y < top or y > bottom:
        return False
    shoulder = top + (bottom - top) * 0.45
    if y <= shoulder:
        return abs(x - mid) <= half
    t = (y - shoulder) / (bottom - shoulder)  # 0 at the shoulder, 1 at the point
    return abs(x - mid) <= half * (1 - t * t)


def inside_check(x, y):
    """A check mark: two thick strokes."""
    def near(ax, ay, bx, by, w=6.0):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= w * w
    return near(45, 62, 59, 77) or near(59, 77, 85, 48)


def pixel(x, y):
    if not inside_rounded_square(x, y):
        return CLEAR
    if inside_check(x, y) and inside_shield(x, y):
        return LIGHT
    if inside_shield(x, y):
        return WHITE
    return GREEN


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "images", "icon.png")
    with open(out, "wb") as f:
        f.write(png(SIZE, SIZE, rows))
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()
