#!/usr/bin/python3
"""relaycheck.py - checks what postdesk relayed with Python's email parser.

relaycheck.py mail FILE PDF PNG SECRET FOOTER HTML-OUT
    FILE (a mail from the sink) must hold a text/plain and a text/html
    part, the PNG inline with a Content-ID the HTML refers to by cid:, and
    the PDF attachment, both byte for byte; FOOTER in the text and in the
    HTML; SECRET nowhere.  Writes the HTML, its cid: reference pointing at
    PNG, to HTML-OUT (for a browser).
relaycheck.py rows SECRET
    Reads base64 messages, one a line, on stdin (stored raw messages and
    outbox rows): SECRET must be in none, raw or decoded.
"""
import base64
import email
import email.policy
import hashlib
import sys


def fail(why):
    print("relaycheck.py: " + why)
    sys.exit(1)


def secret_in(msg, raw, secret):
    """Whether the secret is in the raw bytes or any decoded part."""
    if secret.encode() in raw:
        return True
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if secret.encode() in payload:
            return True
    return False


def check_mail(path, pdf, png, secret, footer, html_out):
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {}
    for part in msg.walk():
        if not part.is_multipart():
            parts.setdefault(part.get_content_type(), []).append(part)
    for ctype in ("text/plain", "text/html", "image/png", "application/pdf"):
        if len(parts.get(ctype, [])) != 1:
            fail("%s: got %d %s parts, want 1" % (path,
                 len(parts.get(ctype, [])), ctype))
    text = parts["text/plain"][0].get_content()
    html = parts["text/html"][0].get_content()
    image, attached = parts["image/png"][0], parts["application/pdf"][0]
    want = hashlib.sha256(open(pdf, "rb").read()).hexdigest()
    got = hashlib.sha256(attached.get_payload(decode=True)).hexdigest()
    if got != want:
        fail("PDF SHA-256 %s, want %s" % (got, want))
    if image.get_payload(decode=True) != open(png, "rb").read():
        fail("the inline image changed")
    cid = (image["Content-ID"] or "").strip("<> ")
    if not cid or "cid:" + cid not in html:
        fail("the HTML does not show the image by its cid %r" % cid)
    if msg.get_content_type() != "multipart/mixed":
        fail("top type %s, want multipart/mixed" % msg.get_content_type())
    related = [p for p in msg.walk()
               if p.get_content_type() == "multipart/related"]
    if len(related) != 1 or image not in list(related[0].walk()):
        fail("the image is not in a multipart/related with the HTML")
    if footer not in text or footer not in html:
        fail("the footer %r is not in both the text and the HTML" % footer)
    if secret_in(msg, raw, secret):
        fail("the secret reached the customer")
    with open(html_out, "w") as f:
        f.write(html.replace("cid:" + cid, "file://" + png))
    print("relaycheck.py: text, HTML, inline image and PDF are there")


def check_rows(secret):
    n = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        raw = base64.b64decode(line)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if secret_in(msg, raw, secret):
            fail("the secret is in a stored message (%d)" % n)
        n += 1
    print("relaycheck.py: the secret is in none of %d stored messages" % n)


if __name__ == "__main__":
    if sys.argv[1] == "mail":
        check_mail(*sys.argv[2:8])
    elif sys.argv[1] == "rows":
        check_rows(sys.argv[2])
    else:
        fail("usage: relaycheck.py mail|rows ...")
