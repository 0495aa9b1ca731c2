#!/usr/bin/python3
"""agentmail.py - writes an agent's reply as a mail client does: text and
HTML (multipart/alternative), an inline PNG the HTML shows by cid
(multipart/related) and a PDF attachment (multipart/mixed).

Usage: agentmail.py OUT.eml FROM TO SUBJECT MESSAGE-ID IN-REPLY-TO
           PDF-FILE PNG-FILE SECRET [PDF-MB]
Writes the PDF and the PNG it attaches too (PDF-MB: its size in MB,
default a few KB), so the test can compare their SHA-256.
"""
import os
import sys
import zlib
import struct
from email.message import EmailMessage
from email.policy import SMTP


def png(width, height):
    """A small real PNG: a blue and orange stripe."""
    rows = b""
    for y in range(height):
        color = b"\x20\x60\xc0" if y < height // 2 else b"\xf0\x90\x20"
        rows += b"\x00" + color * width
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                       0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pdf(mb):
    """A PDF-looking file: a header, binary body, the trailer."""
    body = os.urandom(int(mb * 1048576)) if mb else bytes(range(256)) * 12
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF\n"


def main():
    out, frm, to, subj, mid, irt, pdf_path, png_path, secret = sys.argv[1:10]
    mb = float(sys.argv[10]) if len(sys.argv) > 10 else 0
    pdf_bytes, png_bytes = pdf(mb), png(120, 40)
    with open(pdf_path, "wb") as f:
        f.write(pdf_bytes)
    with open(png_path, "wb") as f:
        f.write(png_bytes)
    msg = EmailMessage()
    msg["From"] = frm
    msg["To"] = to
    msg["Subject"] = subj
    msg["Message-ID"] = "<%s>" % mid
    msg["In-Reply-To"] = "<%s>" % irt
    msg["References"] = "<%s>" % irt
    msg.set_content("Hello Carol,\n\nplease find the invoice attached.\n"
                    "Our logo is below.\n\nAlice\n")
    msg.add_alternative(
        "<html><head><title>Invoice</title></head><body>"
        "<p>Hello Carol,</p><p>please find the <b>invoice</b> attached."
        "</p><p>For the portal, my password: %s</p>"
        "<p><img src=\"cid:logo.1@staff.example.test\" alt=\"logo\"></p>"
        "<p>Alice</p></body></html>\n" % secret, subtype="html")
    msg.get_payload()[1].add_related(png_bytes, "image", "png",
                                     cid="<logo.1@staff.example.test>",
                                     filename="logo.png")
    msg.add_attachment(pdf_bytes, "application", "pdf",
                       filename="invoice-4711.pdf")
    with open(out, "wb") as f:
        f.write(msg.as_bytes(policy=SMTP))


if __name__ == "__main__":
    main()
