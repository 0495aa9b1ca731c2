#!/usr/bin/python3
"""hold.py - holds N SMTP sessions open in the middle of DATA.

Each session says EHLO, MAIL, RCPT, DATA and sends a few header lines,
then waits.  Prints "ready N" once all are held, then waits until stdin
closes (or a line arrives) and aborts them all.  With --big MB it instead
sends one mail of that many MB (a base64 attachment) and prints the reply.

Usage: hold.py --port P --sessions N | hold.py --port P --big MB
"""
import argparse
import random
import socket
import smtplib
import sys


def held(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    f = s.makefile("rb")

    def cmd(line, want):
        if line is not None:
            s.sendall(line.encode() + b"\r\n")
        while True:
            r = f.readline()
            if not r:
                raise OSError("connection closed")
            if r[3:4] != b"-":
                break
        if not r.startswith(want):
            raise OSError("unexpected reply %r" % r)
    cmd(None, b"220")
    cmd("EHLO client.example.test", b"250")
    cmd("MAIL FROM:<held@client.example.test>", b"250")
    cmd("RCPT TO:<support@support.example.test>", b"250")
    cmd("DATA", b"354")
    s.sendall(b"From: held@client.example.test\r\n"
              b"To: support@support.example.test\r\n"
              b"Subject: held open\r\n")
    return s


def big(port, mb):
    rnd = random.Random(1)
    alpha = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    line = bytes(rnd.choice(alpha) for _ in range(76)) + b"\r\n"
    lines = []
    for i in range((mb << 20) // 78):
        lines.append(line)
    msg = (b"From: Big Sender <big@client.example.test>\r\n"
           b"To: support@support.example.test\r\n"
           b"Subject: a big attachment\r\n"
           b"MIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=\"=b=\"\r\n\r\n"
           b"--=b=\r\nContent-Type: text/plain\r\n\r\nSee the dump.\r\n"
           b"--=b=\r\nContent-Type: application/octet-stream\r\n"
           b"Content-Disposition: attachment; filename=\"dump.bin\"\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" +
           b"".join(lines) + b"--=b=--\r\n")
    conn = smtplib.SMTP("127.0.0.1", port, timeout=600)
    try:
        conn.sendmail("big@client.example.test",
                      ["support@support.example.test"], msg)
        print("sent %d bytes" % len(msg))
        return 0
    except smtplib.SMTPException as e:
        print("failed: %s" % e)
        return 1
    finally:
        conn.quit()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--big", type=int, default=0)
    args = ap.parse_args()
    if args.big:
        return big(args.port, args.big)
    socks = [held(args.port) for _ in range(args.sessions)]
    print("ready %d" % len(socks), flush=True)
    sys.stdin.readline()
    for s in socks:
        s.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
