"""sink.py - an SMTP sink for the notifier tests (aiosmtpd).

Usage: python3 sink.py PORT DIR [IDLE_TIMEOUT]

Listens on 127.0.0.1:PORT and records under DIR:
  ready            written once it listens
  connections      the number of connections accepted so far
  commands.log     every MAIL and RCPT command line as received
  msg-N.eml        each message received, N from 1
  msg-N.env        its envelope: "from <addr>" and "rcpt <addr>" lines
Recipients whose local part starts with "perm" get 550 at RCPT, "temp"
get 451; "slow" makes DATA wait 5 seconds first.  IDLE_TIMEOUT (seconds,
default 300) closes idle connections sooner.
"""
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


class Recorder:
    def __init__(self, directory):
        self.dir = directory
        self.connections = 0
        self.count = 0

    def write(self, name, data, mode="w"):
        path = os.path.join(self.dir, name)
        with open(path + ".tmp", mode) as f:
            f.write(data)
        os.replace(path + ".tmp", path)

    def log(self, line):
        with open(os.path.join(self.dir, "commands.log"), "a") as f:
            f.write(line + "\n")

    async def handle_RCPT(self, server, session, envelope, address, options):
        local = address.split("@")[0].lower()
        if local.startswith("perm"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if local.startswith("temp"):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.lower().startswith("slow") for r in envelope.rcpt_tos):
            await asyncio.sleep(5)
        self.count += 1
        n = self.count
        with open(os.path.join(self.dir, "msg-%d.eml" % n), "wb") as f:
            f.write(envelope.original_content)
        env = "from <%s>\n" % envelope.mail_from
        env += "".join("rcpt <%s>\n" % r for r in envelope.rcpt_tos)
        self.write("msg-%d.env" % n, env)
        return "250 2.0.0 Ok: queued as %d" % n


class CountingSMTP(SMTP):
    def connection_made(self, transport):
        self.event_handler.connections += 1
        self.event_handler.write("connections",
                                 "%d\n" % self.event_handler.connections)
        super().connection_made(transport)

    async def smtp_MAIL(self, arg):
        self.event_handler.log("MAIL " + (arg or ""))
        await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg):
        self.event_handler.log("RCPT " + (arg or ""))
        await super().smtp_RCPT(arg)


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    idle = float(sys.argv[3]) if len(sys.argv) > 3 else 300
    rec = Recorder(directory)
    rec.write("connections", "0\n")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: CountingSMTP(rec, hostname="sink.test",
                             decode_data=False, timeout=idle),
        "127.0.0.1", port))
    rec.write("ready", "%d\n" % os.getpid())
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
