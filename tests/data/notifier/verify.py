"""verify.py - checks the mail the notifier tests left in a sink directory
with Python's own email parser.

Usage: python3 verify.py DIR

Every msg-*.eml must parse without defects; the one whose Message-ID is
<composed-1@test> (sent by check_notifier_smtp) must decode to the subject,
recipient and body it was composed from, with no header of the customer's
making.
"""
import email
import email.policy
import glob
import sys

WANT_SUBJECT = "Grüße – 订单 [Ticket#10042] x Bcc: victim@x"
WANT_BODY = "Grüße,\n.\nline two ünïcödé " + "x" * 100 + "\n"


def main():
    found = total = 0
    for path in sorted(glob.glob(sys.argv[1] + "/msg-*.eml")):
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f,
                                                 policy=email.policy.default)
        total += 1
        defects = list(msg.defects)
        for k in msg.keys():
            defects += list(getattr(msg[k], "defects", []))
        if defects:
            print("%s: %s" % (path, defects))
            return 1
        if msg["Message-ID"] != "<composed-1@test>":
            continue
        found += 1
        checks = [
            (str(msg["Subject"]), WANT_SUBJECT),
            (msg["To"].addresses[0].addr_spec, "ann@example.test"),
            (msg["To"].addresses[0].display_name, "Änn \"the\" Smith"),
            (msg["From"].addresses[0].display_name, "Jürgen, Support"),
            (msg.get_content(), WANT_BODY),
            (msg["Bcc"], None),
            (msg["Auto-Submitted"], "auto-replied"),
        ]
        for got, want in checks:
            if got != want:
                print("%s: got %r, want %r" % (path, got, want))
                return 1
    if found != 1:
        print("got %d composed messages, want 1" % found)
        return 1
    print("verify.py: %d messages parse cleanly" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
