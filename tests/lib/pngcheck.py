"""pngcheck.py - what a PNG shows, without an imaging library.

Usage: pngcheck.py FILE R,G,B...  Prints the width, the height, the share
of pixels that are not near-white and, for each colour given, how many
pixels are within 40 of it in every channel.  Exits 1 when the file is
not an 8-bit RGB(A) PNG.
"""
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat, w, h, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                sys.exit("not 8-bit RGB(A)")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, None, []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(
            raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        prev = prev or bytearray(stride)
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        out.append(line)
        prev = line
    return w, h, bpp, out


def main():
    w, h, bpp, lines = rows(sys.argv[1])
    want = [tuple(int(v) for v in c.split(",")) for c in sys.argv[2:]]
    ink, hits = 0, [0] * len(want)
    for line in lines:
        for x in range(0, w * bpp, bpp):
            px = line[x:x + 3]
            if min(px) < 235:
                ink += 1
            for i, c in enumerate(want):
                if all(abs(px[k] - c[k]) <= 40 for k in range(3)):
                    hits[i] += 1
    print(w, h, "%.4f" % (ink / float(w * h)), *hits)


main()
