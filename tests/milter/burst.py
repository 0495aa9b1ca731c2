#!/usr/bin/python3
"""burst.py - many support mails reaching end of message together.

Opens COUNT SMTP sessions, one mail each, takes every session up to DATA,
then sends all the messages at once (a barrier), so that the milter sees
their ends of message at about the same time.  Mail N has the Message-ID
<PREFIX-N@client.example.test>; those whose number is in POISON carry
"poison" in their subject and are sent a moment after the others (so that
they find the writers busy and wait to join a group).  Prints one JSON object: each mail's reply code
(0 when the session broke).

usage: burst.py PORT COUNT RCPT PREFIX [POISON,...]
"""
import json
import smtplib
import sys
import threading
import time

port, count, rcpt, prefix = (int(sys.argv[1]), int(sys.argv[2]),
    sys.argv[3], sys.argv[4])
poison = set(int(x) for x in sys.argv[5].split(",")) if len(sys.argv) > 5 \
    and sys.argv[5] else set()
barrier = threading.Barrier(count)
codes = {}
lock = threading.Lock()


def message(n):
    """The text of mail n."""
    return ("From: Customer %d <b%d@customer.example.test>\r\n"
            "To: %s\r\n"
            "Subject: burst %d%s\r\n"
            "Message-ID: <%s-%d@client.example.test>\r\n"
            "\r\n"
            "Hello, this is mail %d of the burst.\r\n"
            % (n, n, rcpt, n, " poison" if n in poison else "", prefix, n,
               n))


def session(n):
    """Sends mail n in its own session, DATA after the barrier."""
    code = 0
    smtp = None
    try:
        smtp = smtplib.SMTP("127.0.0.1", port, timeout=120)
        smtp.ehlo("client.example.test")
        smtp.mail("b%d@customer.example.test" % n)
        smtp.rcpt(rcpt)
        barrier.wait(timeout=60)
        if n in poison:
            time.sleep(0.15)
        code, _ = smtp.data(message(n).encode())
    except threading.BrokenBarrierError:
        code = 0
    except smtplib.SMTPResponseException as e:
        code = e.smtp_code
    except (smtplib.SMTPException, OSError):
        code = 0
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
    with lock:
        codes[n] = code


threads = [threading.Thread(target=session, args=(n,)) for n in range(count)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({str(n): codes.get(n, 0) for n in range(count)}))
