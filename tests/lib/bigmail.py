# bigmail.py - writes a big test mail (a short text part and a base64
# attachment of pseudo-random bytes, the same for the same --seed) and
# prints what its stored copies must hash to:
#   att_sha256 att_size body_sha256 mail_sha256 mail_size
# all of the mail with LF line ends, as postdesk stores it (GMime writes
# LF, also for a mail that came with CRLF): body_sha256 is of the bytes
# after the header block, mail_sha256 of the whole mail.  With --send PORT
# the mail goes through SMTP on 127.0.0.1:PORT (with CRLF) and a last
# field says "sent" or "refused:CODE".
#
# usage: /usr/bin/python3 bigmail.py OUT MB [--crlf] [--seed N]
#        [--msgid ID] [--subject S] [--text LINE] [--send PORT]
import argparse
import base64
import hashlib
import random
import smtplib


def mail(args, eol):
    rnd = random.Random(args.seed)
    att = rnd.randbytes(args.mb << 20)
    b64 = base64.b64encode(att)
    lines = [b64[i:i + 76] for i in range(0, len(b64), 76)]
    head = [b"From: Big Sender <big@customer.example.test>",
            b"To: support@support.example.test",
            b"Subject: " + args.subject.encode(),
            b"Date: Sat, 21 Nov 2026 10:00:00 +0000"]
    if args.msgid:
        head.append(b"Message-ID: <" + args.msgid.encode() + b">")
    head += [b"MIME-Version: 1.0",
             b"Content-Type: multipart/mixed; boundary=\"=big=\""]
    body = [b"", b"--=big=", b"Content-Type: text/plain; charset=utf-8",
            b"", args.text.encode(), b"--=big=",
            b"Content-Type: application/octet-stream",
            b"Content-Disposition: attachment; filename=\"dump.bin\"",
            b"Content-Transfer-Encoding: base64", b""]
    body_bytes = eol.join(body + lines + [b"--=big=--", b""])
    return att, eol.join(head + [b"", b""]), body_bytes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("mb", type=int)
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--msgid", default="")
    ap.add_argument("--subject", default="a big attachment")
    ap.add_argument("--text", default="See the dump attached.")
    ap.add_argument("--send", type=int, default=0)
    args = ap.parse_args()
    att, head, body = mail(args, b"\n")
    out = [hashlib.sha256(att).hexdigest(), str(len(att)),
           hashlib.sha256(body).hexdigest(),
           hashlib.sha256(head + body).hexdigest(), str(len(head + body))]
    if args.crlf or args.send:
        _, head, body = mail(args, b"\r\n")
    with open(args.out, "wb") as f:
        f.write(head + body)
    if args.send:
        conn = smtplib.SMTP("127.0.0.1", args.send, timeout=300)
        try:
            conn.sendmail("big@customer.example.test",
                          ["support@support.example.test"], head + body)
            out.append("sent")
        except smtplib.SMTPResponseException as e:
            out.append("refused:%d" % e.smtp_code)
        finally:
            conn.quit()
    print(" ".join(out))


if __name__ == "__main__":
    main()
