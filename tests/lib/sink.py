# sink.py - an SMTP sink for tests and the demo: accepts every message on a
# loopback port and keeps each one as DIR/NNNN.eml, with the envelope written
# in front of the headers:
#   X-Envelope-From: <sender>        ("<>" for the null sender)
#   X-Envelope-To: <rcpt>            (one line per recipient)
#   X-Envelope-Helo: name            (what the client said in EHLO/HELO)
# Files appear atomically (written as .tmp, then renamed), so a test polling
# the directory never sees half a message.
#
# usage: /usr/bin/python3 sink.py --port PORT --dir DIR [--pidfile FILE]
import argparse
import asyncio
import itertools
import os
import signal

from aiosmtpd.controller import Controller


class Keep:
    """aiosmtpd handler that stores each message in the directory."""

    def __init__(self, directory):
        self.dir = directory
        # a restarted sink goes on after the last file, never over it
        existing = [int(n[:-4]) for n in os.listdir(directory)
                    if n.endswith(".eml") and n[:-4].isdigit()]
        self.seq = itertools.count(max(existing, default=0) + 1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.seq)
        sender = (envelope.mail_from or "").strip()
        if sender.startswith("<") and sender.endswith(">"):
            sender = sender[1:-1]
        head = "X-Envelope-From: <%s>\r\n" % sender
        for rcpt in envelope.rcpt_tos:
            head += "X-Envelope-To: <%s>\r\n" % rcpt
        head += "X-Envelope-Helo: %s\r\n" % (session.host_name or "")
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        path = os.path.join(self.dir, "%04d.eml" % n)
        with open(path + ".tmp", "wb") as f:
            f.write(head.encode("ascii", "replace") + data)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 kept as %04d.eml" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--pidfile")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    ctl = Controller(Keep(a.dir), hostname="127.0.0.1", port=a.port,
                     decode_data=False, enable_SMTPUTF8=True,
                     data_size_limit=64 * 1024 * 1024)
    ctl.start()
    if a.pidfile:
        with open(a.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    ctl.stop()


if __name__ == "__main__":
    main()
