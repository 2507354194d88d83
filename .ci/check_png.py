#!/usr/bin/env python3
"""Fails unless the given file is a PNG picture with real content (not one flat colour).

Decodes 8-bit RGB/RGBA PNGs with the standard library only, so CI needs nothing extra.
Usage: check_png.py FILE [MIN_COLOURS]
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG kind (depth {depth}, colour {colour})")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path = sys.argv[1]
    min_colours = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    try:
        width, height, bpp, rows = decode(path)
    except (OSError, ValueError, TypeError, zlib.error) as e:
        sys.exit(f"check_png: {path}: {e}")
    colours = set()
    for row in rows[:: max(1, height // 200)]:
        for x in range(0, width * bpp, bpp * 2):
            colours.add(row[x : x + 3])
    if width < 200 or height < 200 or len(colours) < min_colours:
        sys.exit(f"check_png: {path}: {width}x{height} with {len(colours)} colours looks blank")
    print(f"check_png: {path}: {width}x{height}, {len(colours)} colours sampled: ok")


if __name__ == "__main__":
    main()
