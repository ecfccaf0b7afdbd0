"""Converts an X window dump (xwd, 24 or 32 bits per pixel, ZPixmap) to PNG; standard library
only, so the package check can turn its Xvfb capture into a picture on any host.

    python3 xwd2png.py IN.xwd OUT.png
"""

import struct
import sys
import zlib


def read_xwd(path):
    data = open(path, "rb").read()
    fields = struct.unpack(">25I", data[:100])
    header_size, _, pixmap_format, depth, width, height = fields[:6]
    byte_order, bits_per_pixel, bytes_per_line = fields[7], fields[11], fields[12]
    colormap_entries = fields[19]
    if pixmap_format != 2 or bits_per_pixel not in (24, 32):
        sys.exit("xwd2png: only 24- and 32-bit ZPixmap dumps are supported")
    offset = header_size + colormap_entries * 12
    step = bits_per_pixel // 8
    rows = []
    for y in range(height):
        line = data[
            offset + y * bytes_per_line : offset + y * bytes_per_line + width * step
        ]
        row = bytearray()
        for x in range(0, len(line), step):
            pixel = line[x : x + step]
            # Little-endian (byte_order 0) stores blue first.
            b, g, r = (
                (pixel[0], pixel[1], pixel[2])
                if byte_order == 0
                else (pixel[-1], pixel[-2], pixel[-3])
            )
            row += bytes((r, g, b))
        rows.append(bytes(row))
    return width, height, rows


def write_png(path, width, height, rows):
    def chunk(kind, body):
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\0" + row for row in rows)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        out.write(chunk(b"IEND", b""))


if __name__ == "__main__":
    write_png(sys.argv[2], *read_xwd(sys.argv[1]))
