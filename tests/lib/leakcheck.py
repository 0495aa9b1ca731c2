#!/usr/bin/python3
"""leakcheck.py - is any secret of the redaction corpus left somewhere?

    leakcheck.py MANIFEST NAMES [--expect-all] SOURCE...

MANIFEST is tests/data/redact-corpus's manifest.tsv, NAMES a file with
the corpus mails that were sent, one name a line.  A SOURCE is
  dump:FILE    a plain pg_dump: its text (without the times rows were
               written at and the columns that are a number alone),
               and every \\x... hex string
               (bytea, large objects) decoded
  b64:FILE     one base64 mail a line (raw copies out of the database)
  eml:DIR      every *.eml there (the sink: delivered copies, notices)
  eml:FILE     one mail
  mails:DIR    DIR/NAME for each mail NAME: its secrets only there
  text:FILE    plain text (a log)
Mails are decoded as a mail reader would (headers, quoted-printable,
base64, charsets).  A fragment counts where no letter or digit touches
it.  Prints each secret found; exits 1 when one was.  With --expect-all
it is the other way round (the check of the check): every secret of the
named mails must be found, else exit 1.
"""
import base64
import binascii
import email
import email.policy
import glob
import os
import re
import sys


def bounded(frag):
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(frag) +
                      r"(?![A-Za-z0-9])")


def mail_texts(raw):
    """Every readable string of a mail: headers and decoded parts."""
    out = []
    try:
        m = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception:  # noqa: BLE001 - keep the raw text then
        return [raw.decode("utf-8", "replace")]
    for k, v in m.items():
        out.append("%s: %s" % (k, v))
    for part in m.walk():
        if part.is_multipart():
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            data = b""
        cs = part.get_content_charset() or "utf-8"
        try:
            out.append(data.decode(cs, "replace"))
        except LookupError:
            out.append(data.decode("utf-8", "replace"))
    out.append(raw.decode("utf-8", "replace"))
    return out


def norm(s):
    return re.sub(r"\s+", " ", s)


def texts_of(src):
    kind, _, arg = src.partition(":")
    if kind == "dump":
        t = open(arg, "rb").read().decode("utf-8", "replace")
        # Not mail: the times rows were written at, sequence values,
        # columns that are a number alone (IDs, sizes, counts).
        yield "dump", re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?"
                             r"(?:[+-]\d\d(?::\d\d)?)?|.*setval\(.*|"
                             r"(?<=\t)-?\d+(?=[\t\n])|^\d+(?=\t)", "", t,
                             flags=re.M)
        for h in re.findall(r"\\\\?x([0-9a-fA-F]{8,})", t):
            try:
                b = binascii.unhexlify(h[:len(h) // 2 * 2])
            except binascii.Error:
                continue
            yield "dump (bytea/large object)", b.decode("utf-8", "replace")
            for s in mail_texts(b):
                yield "dump (stored mail)", s
    elif kind == "b64":
        for i, line in enumerate(open(arg)):
            line = line.strip()
            if line:
                for s in mail_texts(base64.b64decode(line)):
                    yield "stored raw copy %d" % (i + 1), s
    elif kind == "eml":
        files = sorted(glob.glob(os.path.join(arg, "*.eml"))) \
            if os.path.isdir(arg) else [arg]
        for f in files:
            for s in mail_texts(open(f, "rb").read()):
                yield os.path.basename(f), s
    elif kind == "text":
        yield os.path.basename(arg), open(arg, "rb").read().decode(
            "utf-8", "replace")
    else:
        sys.exit("leakcheck: unknown source " + src)


def main():
    args = sys.argv[1:]
    expect_all = "--expect-all" in args
    args = [a for a in args if a != "--expect-all"]
    manifest, names, sources = args[0], args[1], args[2:]
    sent = set(x.strip() for x in open(names) if x.strip())
    secrets = []
    for line in open(manifest, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 7 and f[1] == "S" and f[0] in sent:
            secrets.append((f[0], f[2], [bounded(x) for x in f[6:]], f[6:]))
    own = [s[6:] for s in sources if s.startswith("mails:")]
    hay = [(w, norm(t)) for src in sources if not src.startswith("mails:")
           for w, t in texts_of(src)]
    found = 0
    for name, cls, pats, frags in secrets:
        mine = [(w, norm(t)) for d in own
                for w, t in texts_of("eml:" + os.path.join(d, name))]
        where = [w for w, t in hay + mine if any(p.search(t) for p in pats)]
        if where:
            found += 1
            if not expect_all:
                print("LEAK %s %s %s in %s" % (name, cls, frags[0],
                                              ", ".join(sorted(set(where)))))
        elif expect_all:
            print("NOT SEEN %s %s %s" % (name, cls, frags[0]))
    print("%d secrets, %d found" % (len(secrets), found))
    if expect_all:
        return 0 if found == len(secrets) and secrets else 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
