#!/usr/bin/python3
"""mkmbox.py - writes an mbox of N distinct ~4 KB mails for the import bench.

Usage: mkmbox.py N FILE
"""
import sys


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    line = "Hello support, the export of order %d fails with error 500.\n"
    with open(path, "w") as f:
        for i in range(n):
            f.write("From user%d@client.example.test Sat Nov 21 10:00:00 "
                    "2026\n" % (i % 1000))
            f.write("From: User %d <user%d@client.example.test>\n"
                    "To: support@support.example.test\n"
                    "Subject: export problem %d\n"
                    "Date: Sat, 21 Nov 2026 10:00:00 +0000\n"
                    "Message-ID: <mbox-%d@client.example.test>\n"
                    "\n" % (i, i % 1000, i, i))
            f.write((line % i) * 64)
            f.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
