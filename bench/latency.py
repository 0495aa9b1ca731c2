#!/usr/bin/python3
"""latency.py - open-loop SMTP load at a steady rate; prints p50/p99.

Mail i is due at start + i/RATE whatever happened to earlier mails (open
loop: slow replies do not lower the offered rate).  A pool of workers, each
with its own SMTP session, takes the due mails; the latency of one mail is
the time from MAIL FROM to the 250 after the final dot.

Usage: latency.py --port P --rate R --seconds S [--size BYTES] [--to ADDR]
Prints: "sent N failed F late L p50_ms X p99_ms Y max_ms Z rate R"
(late: mails that started more than 10 ms after they were due, i.e. the
generator itself could not keep up).
"""
import argparse
import queue
import smtplib
import threading
import time


def body(i, size):
    head = ("From: Sender %d <sender%d@client.example.test>\r\n"
            "To: support@support.example.test\r\n"
            "Subject: latency probe %d\r\n"
            "Message-ID: <lat-%d-%f@client.example.test>\r\n"
            "\r\n" % (i, i % 500, i, i, time.time()))
    line = "The quick brown fox jumps over the lazy dog, order 4711.\r\n"
    n = max(0, size - len(head)) // len(line) + 1
    return (head + line * n).encode()


def worker(args, q, res, lock):
    conn = None
    while True:
        item = q.get()
        if item is None:
            break
        i, due = item
        late = time.monotonic() - due > 0.010
        msg = body(i, args.size)
        sender = "sender%d@client.example.test" % (i % 500)
        try:
            if conn is None:
                conn = smtplib.SMTP("127.0.0.1", args.port, timeout=60)
                conn.ehlo("client.example.test")
            t0 = time.monotonic()
            code, _ = conn.mail(sender)
            if code == 250:
                code, _ = conn.rcpt(args.to)
            if code in (250, 251):
                code, _ = conn.data(msg)
            dt = time.monotonic() - t0
            ok = code == 250
            if not ok:
                conn.rset()
        except (smtplib.SMTPException, OSError):
            ok, dt = False, 0.0
            conn = None
        with lock:
            if ok:
                res["lat"].append(dt)
            else:
                res["failed"] += 1
            res["late"] += late
    if conn is not None:
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rate", type=float, default=100.0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--workers", type=int, default=16)
    ap.add_argument("--to", default="support@support.example.test")
    args = ap.parse_args()
    q = queue.Queue()
    res = {"lat": [], "failed": 0, "late": 0}
    lock = threading.Lock()
    threads = [threading.Thread(target=worker, args=(args, q, res, lock))
               for _ in range(args.workers)]
    for t in threads:
        t.start()
    n = int(args.rate * args.seconds)
    start = time.monotonic() + 0.5
    for i in range(n):
        due = start + i / args.rate
        d = due - time.monotonic()
        if d > 0:
            time.sleep(d)
        q.put((i, due))
    for _ in threads:
        q.put(None)
    for t in threads:
        t.join()
    took = time.monotonic() - start
    lat = sorted(res["lat"])
    if not lat:
        print("sent 0 failed %d late %d p50_ms 0 p99_ms 0 max_ms 0 rate 0"
              % (res["failed"], res["late"]))
        return 1

    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))] * 1000
    print("sent %d failed %d late %d p50_ms %.2f p99_ms %.2f max_ms %.2f "
          "rate %.1f" % (len(lat), res["failed"], res["late"], pct(50),
                         pct(99), lat[-1] * 1000, len(lat) / took))
    return 0 if res["failed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
