#!/usr/bin/python3
"""gen.py - writes the hostile mails of tests/integration/hostile.test.

    gen.py DIR SUPPORT_ADDRESS

Each file in DIR is one message addressed to SUPPORT_ADDRESS: a 1 MB header
line, a From of 100,000 colons, 3,000 nested multiparts, 20,000 parts, NUL
bytes, invalid UTF-8, unknown charsets, broken base64 and a 20 KB
encoded-word subject.  Every one carries the secret "hunter2" after
"password:" somewhere readable, and a Message-ID of its own.
"""
import os
import sys


def head(name, to, subject=b"hostile", frm=b"Ann <ann@customer.test>"):
    return (b"From: " + frm + b"\r\nTo: " + to + b"\r\nSubject: " + subject +
            b"\r\nMessage-ID: <" + name.encode() + b"@hostile.test>\r\n"
            b"MIME-Version: 1.0\r\n")


def gen(to):
    m = {}
    m["long-header"] = (head("long-header", to, b"x" * (1 << 20)) +
                        b"X-Long: " + b"filler " * 150000 +
                        b"\r\n\r\npassword: hunter2\r\n")
    m["colons"] = (head("colons", to, b"colons", b":" * 100000) +
                   b"\r\npassword: hunter2\r\n")
    deep = head("nested", to, b"deep")
    for i in range(3000):
        deep += (b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n'
                 b"--b%d\r\n" % (i, i))
    deep += b"Content-Type: text/plain\r\n\r\npassword: hunter2\r\n"
    for i in reversed(range(3000)):
        deep += b"--b%d--\r\n" % i
    m["nested"] = deep
    wide = [head("wide", to, b"wide"),
            b'Content-Type: multipart/mixed; boundary="w"\r\n\r\n']
    for i in range(20000):
        wide.append(b"--w\r\nContent-Type: text/plain\r\n\r\n"
                    b"part %d password: hunter2\r\n" % i)
    wide.append(b"--w--\r\n")
    m["wide"] = b"".join(wide)
    m["nul"] = (head("nul", to, b"nul\0bytes\0", b"Ann\0 <ann@customer.test>") +
                b"X-Nul: a\0b\r\n\r\npassword: hunter2\0\0\0 and more\0\r\n")
    m["bad-utf8"] = (head("bad-utf8", to, b"\xff\xfe\xed\xa0\x80 =?UTF-8?B?/w==?=",
                          b"\xc0\xaf <ann@customer.test>") +
                     b"Content-Type: text/plain; charset=UTF-8\r\n"
                     b"Content-Transfer-Encoding: 8bit\r\n\r\n"
                     b"\xf4\x90\x80\x80 \xc3 password: hunter2 \xe2\x82\r\n")
    m["charsets"] = (head("charsets", to,
                          b"=?x-klingon?Q?Kor?= =?utf-42?B?aGVsbG8=?=") +
                     b"Content-Type: text/plain; charset=x-unknown-charset\r\n"
                     b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                     b"password: hunter2 =FF=FE\r\n")
    m["bad-base64"] = (head("bad-base64", to, b"=?UTF-8?B?###?= =?UTF-8?B?a===?=") +
                       b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
                       b"--x\r\nContent-Type: text/plain\r\n\r\npassword: hunter2\r\n"
                       b"--x\r\nContent-Type: text/plain\r\n"
                       b"Content-Transfer-Encoding: base64\r\n\r\n"
                       b"cGFzc3dvcmQ6IGh1bnRlcjI!!!!====*&^%\r\n====\r\nQ\r\n"
                       b"--x\r\nContent-Type: image/png\r\n"
                       b"Content-Transfer-Encoding: base64\r\n"
                       b'Content-Disposition: attachment; filename="x.png"\r\n\r\n' +
                       b"====" * 10000 + b"\r\n--x--\r\n")
    m["encoded-subject"] = (head("encoded-subject", to,
                                 b"=?UTF-8?B?" + b"w6TDtsO8" * 2500 + b"?=") +
                            b"\r\npassword: hunter2\r\n")
    return m


def main():
    out, to = sys.argv[1], sys.argv[2].encode()
    os.makedirs(out, exist_ok=True)
    for name, data in gen(to).items():
        with open(os.path.join(out, name + ".eml"), "wb") as f:
            f.write(data)


main()
