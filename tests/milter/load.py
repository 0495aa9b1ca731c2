#!/usr/bin/python3
"""load.py - sends many support mails through an MTA and keeps score.

Every mail has its own Message-ID (<PREFIX-N@client.example.test>).  A mail
answered 250 is done; one answered 4xx (or cut off) is tried again, as a
sending MTA would, until it gets a 250 or the deadline passes; a 5xx is a
failure.  Prints one JSON line: counts and the ids never accepted.

usage: load.py PORT COUNT SESSIONS DEADLINE_S RCPT PREFIX
"""
import json
import smtplib
import sys
import threading
import time

port, count, sessions, deadline, rcpt, prefix = (int(sys.argv[1]),
    int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5],
    sys.argv[6])
lock = threading.Lock()
todo = list(range(count))
done = set()
score = {"sent": 0, "accepted": 0, "tempfail": 0, "dropped": 0,
    "rejected": 0}
end = time.time() + deadline


def message(n):
    """The text of mail n."""
    return ("From: Customer %d <c%d@customer.example.test>\r\n"
            "To: %s\r\n"
            "Subject: load test %d\r\n"
            "Message-ID: <%s-%d@client.example.test>\r\n"
            "\r\n"
            "Hello, this is mail %d of the load test.\r\n%s"
            % (n % 50, n % 50, rcpt, n, prefix, n, n, "x" * 3000 + "\r\n"))


def take():
    """The next mail to send, or None."""
    with lock:
        while todo:
            return todo.pop(0)
        return None


def worker():
    """Sends mails over one session, reconnecting after trouble."""
    smtp = None
    while time.time() < end:
        n = take()
        if n is None:
            with lock:
                if len(done) + score["rejected"] >= count:
                    break
            time.sleep(0.2)
            continue
        code = 0
        try:
            if smtp is None:
                smtp = smtplib.SMTP("127.0.0.1", port, timeout=60)
                smtp.ehlo("client.example.test")
            smtp.sendmail("c%d@customer.example.test" % (n % 50), [rcpt],
                          message(n))
            code = 250
        except smtplib.SMTPResponseException as e:
            code = e.smtp_code
        except smtplib.SMTPRecipientsRefused as e:
            code = list(e.recipients.values())[0][0]
        except (smtplib.SMTPException, OSError):
            code = 0
        if code != 250 and smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            smtp = None
        with lock:
            score["sent"] += 1
            if code == 250:
                score["accepted"] += 1
                done.add(n)
            elif code >= 500:
                score["rejected"] += 1
            else:
                score["tempfail" if code else "dropped"] += 1
                todo.append(n)
        if code != 250:
            time.sleep(0.5)
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass


threads = [threading.Thread(target=worker) for _ in range(sessions)]
start = time.time()
for t in threads:
    t.start()
for t in threads:
    t.join()
score["seconds"] = round(time.time() - start, 1)
score["missing"] = sorted(set(range(count)) - done)[:50]
print(json.dumps(score))
