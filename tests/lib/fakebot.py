# fakebot.py - a fake Telegram Bot API server for tests, and its client.
#
# The server speaks the documented HTTP interface of the Bot API
# (https://core.telegram.org/bots/api) on loopback:
#   POST /bot<token>/<method>        JSON body, form (urlencoded) or
#                                    multipart/form-data (uploads)
#   GET  /file/bot<token>/<file_path> a file's bytes (after getFile)
# Answers are {"ok": true, "result": ...} or {"ok": false, "error_code": N,
# "description": "...", "parameters": {"retry_after": S}}.  A wrong token
# gets 401.  getUpdates keeps the updates the test injected; an update is
# confirmed (and forgotten) once getUpdates is called with an offset higher
# than its update_id; "timeout" makes it wait for new updates (long polling).
# Methods known: getMe, getUpdates, sendMessage, editMessageText,
# editMessageReplyMarkup, answerCallbackQuery, deleteMessage, sendDocument,
# sendPhoto, getFile; any other method is refused with 404 as Telegram
# does.  Every call is recorded (method, params; uploads as field, file
# name, content type, size, sha256), with the HTTP code it was answered
# with ("code", 0 while it is being answered).
#
# Control interface (JSON in, JSON out):
#   POST /control/update   an Update without update_id -> {"update_id": N}
#                          (with one: that update delivered once more)
#   POST /control/message_id  a fresh message_id for an injected message
#   POST /control/file     {"data_b64": ..., "name": ...} -> {"file_id",
#                          "file_unique_id", "file_path", "file_size"}
#   POST /control/fail     {"method": M, "count": N, "code": 500|429|...,
#                          "retry_after": S}: the next N calls of M fail
#                          (403: "Forbidden: bot was blocked by the user")
#   POST /control/delay    {"method": M, "count": N, "seconds": S}: the next
#                          N calls of M are answered after S seconds
#   GET  /control/calls    every call recorded (?method=M for one method)
#   GET  /control/state    {"pending": [update ids not confirmed],
#                          "offset": highest offset seen}
#
# Client (for shell tests), URL is http://127.0.0.1:PORT:
#   fakebot.py serve --port-file F --token T [--pidfile P]
#   fakebot.py text URL USER TEXT [--chat C] [--type private|group]
#              [--lang L] [--first NAME] [--again UPDATE_ID]
#   fakebot.py photo URL USER FILE [--caption T] [--chat C]
#   fakebot.py document URL USER FILE [--name N] [--caption T] [--chat C]
#   fakebot.py press URL USER MESSAGE_ID DATA [--chat C]
#   fakebot.py calls URL [METHOD]     (one JSON object a line)
#   fakebot.py fail URL METHOD COUNT CODE [RETRY_AFTER]
#   fakebot.py delay URL METHOD COUNT SECONDS
#   fakebot.py state URL
# A message injected gets a message_id; the client prints the update_id
# and message_id.  Chats default to the private chat of the user.
import argparse
import base64
import email.parser
import email.policy
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOT = {"id": 7000000001, "is_bot": True, "first_name": "Support",
       "username": "postdesk_test_bot"}


class Bot:
    """The state of the fake Bot API: updates, files, calls, faults."""

    def __init__(self, token):
        self.token = token
        self.lock = threading.Condition()
        self.updates = []          # not yet confirmed
        self.next_update = 100001
        self.next_message = 501
        self.offset = 0
        self.files = {}            # file_id -> (path, bytes)
        self.calls = []
        self.fail = {}             # method -> [count, code, retry_after]
        self.delay = {}            # method -> [count, seconds]

    def add_update(self, upd):
        with self.lock:
            upd = dict(upd)
            if "update_id" not in upd:      # else: delivered again
                upd["update_id"] = self.next_update
                self.next_update += 1
            self.updates.append(upd)
            self.lock.notify_all()
            return upd["update_id"]

    def message_id(self):
        with self.lock:
            self.next_message += 1
            return self.next_message

    def add_file(self, data, name):
        with self.lock:
            n = len(self.files) + 1
            fid = "FILE%04d" % n
            path = "documents/file_%d_%s" % (n, name or "file")
            self.files[fid] = (path, data)
            return {"file_id": fid, "file_unique_id": "U" + fid,
                    "file_size": len(data), "file_path": path}

    def get_updates(self, params):
        offset = int(params.get("offset", 0) or 0)
        limit = int(params.get("limit", 100) or 100)
        timeout = min(float(params.get("timeout", 0) or 0), 30.0)
        end = time.time() + timeout
        with self.lock:
            if offset > 0:
                self.offset = max(self.offset, offset)
                self.updates = [u for u in self.updates
                                if u["update_id"] >= offset]
            while True:
                got = [u for u in self.updates
                       if u["update_id"] >= offset][:limit]
                left = end - time.time()
                if got or left <= 0:
                    return got
                self.lock.wait(min(left, 0.2))

    def fault(self, method):
        """The (code, retry_after) of an injected failure, or None."""
        with self.lock:
            f = self.fail.get(method)
            if not f or f[0] <= 0:
                return None
            f[0] -= 1
            return f[1], f[2]

    def hold(self, method):
        with self.lock:
            d = self.delay.get(method)
            if not d or d[0] <= 0:
                return 0
            d[0] -= 1
            return d[1]


def sent_message(bot, params, **extra):
    chat = params.get("chat_id")
    msg = {"message_id": bot.message_id(), "from": BOT,
           "chat": {"id": int(chat) if str(chat).lstrip("-").isdigit()
                    else chat, "type": "private"},
           "date": int(time.time())}
    if "text" in params:
        msg["text"] = params["text"]
    msg.update(extra)
    return msg


def method_result(bot, method, params, files):
    """(http code, answer) of one method."""
    if method == "getMe":
        return 200, BOT
    if method == "getUpdates":
        return 200, bot.get_updates(params)
    if method == "sendMessage":
        if not params.get("chat_id") or not params.get("text"):
            return 400, "Bad Request: message text is empty"
        return 200, sent_message(bot, params)
    if method in ("editMessageText", "editMessageReplyMarkup"):
        msg = sent_message(bot, params)
        msg["message_id"] = int(params.get("message_id", 0))
        return 200, msg
    if method in ("answerCallbackQuery", "deleteMessage"):
        return 200, True
    if method in ("sendDocument", "sendPhoto"):
        field = "document" if method == "sendDocument" else "photo"
        f = [x for x in files if x["field"] == field]
        if not f and not params.get(field):
            return 400, "Bad Request: there is no %s in the request" % field
        doc = {"file_id": "SENT%d" % len(bot.calls),
               "file_unique_id": "S%d" % len(bot.calls),
               "file_size": f[0]["size"] if f else 0}
        if field == "document":
            doc["file_name"] = f[0]["filename"] if f else "file"
            return 200, sent_message(bot, params, document=doc)
        return 200, sent_message(bot, params, photo=[doc])
    if method == "getFile":
        fid = params.get("file_id")
        if fid not in bot.files:
            return 400, "Bad Request: invalid file_id"
        path, data = bot.files[fid]
        return 200, {"file_id": fid, "file_unique_id": "U" + fid,
                     "file_size": len(data), "file_path": path}
    return 404, "Not Found"


def parse_multipart(ctype, body):
    """Form fields and uploaded files of a multipart/form-data body."""
    raw = b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    params, files = {}, []
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        fname = part.get_filename()
        if fname is not None:
            files.append({"field": name, "filename": fname,
                          "content_type": part.get_content_type(),
                          "size": len(data),
                          "sha256": hashlib.sha256(data).hexdigest()})
        else:
            params[name] = data.decode("utf-8")
    for k in ("reply_markup",):
        if k in params:
            try:
                params[k] = json.loads(params[k])
            except ValueError:
                pass
    return params, files


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length", 0) or 0)
        return self.rfile.read(n) if n else b""

    def params(self, body):
        ctype = self.headers.get("Content-Type", "")
        if ctype.startswith("multipart/form-data"):
            return parse_multipart(ctype, body)
        if ctype.startswith("application/x-www-form-urlencoded"):
            q = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
            return {k: v[0] for k, v in q.items()}, []
        if not body:
            return {}, []
        return json.loads(body), []

    def bot_call(self, method, body):
        bot = self.server.bot
        try:
            params, files = self.params(body)
        except ValueError:
            self.reply(400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: can't parse JSON"})
            return
        call = {"method": method, "params": params, "files": files,
                "time": time.time(), "code": 0}
        if method != "getUpdates":
            with bot.lock:
                bot.calls.append(call)
        hold = bot.hold(method)
        if hold:
            time.sleep(hold)
        fault = bot.fault(method)
        if fault is not None:
            code, after = fault
            call["code"] = code
            ans = {"ok": False, "error_code": code,
                   "description": "Too Many Requests: retry after %d" % after
                   if code == 429 else "Forbidden: bot was blocked by the "
                   "user" if code == 403 else "Internal Server Error"}
            if code == 429:
                ans["parameters"] = {"retry_after": after}
            self.reply(code, ans)
            return
        code, res = method_result(bot, method, params, files)
        call["code"] = code
        if code == 200:
            self.reply(200, {"ok": True, "result": res})
        else:
            self.reply(code, {"ok": False, "error_code": code,
                              "description": res})

    def control(self, what, body):
        bot = self.server.bot
        req = json.loads(body) if body else {}
        if what == "update":
            self.reply(200, {"update_id": bot.add_update(req)})
        elif what == "message_id":
            self.reply(200, {"message_id": bot.message_id()})
        elif what == "file":
            data = base64.b64decode(req["data_b64"])
            self.reply(200, bot.add_file(data, req.get("name")))
        elif what == "fail":
            with bot.lock:
                bot.fail[req["method"]] = [int(req["count"]),
                                           int(req["code"]),
                                           int(req.get("retry_after", 1))]
            self.reply(200, {})
        elif what == "delay":
            with bot.lock:
                bot.delay[req["method"]] = [int(req["count"]),
                                            float(req["seconds"])]
            self.reply(200, {})
        else:
            self.reply(404, {"error": "no such control"})

    def do_POST(self):
        body = self.body()
        parts = self.path.split("?")[0].split("/")
        if len(parts) == 3 and parts[1] == "control":
            self.control(parts[2], body)
            return
        if len(parts) == 3 and parts[1].startswith("bot"):
            if parts[1][3:] != self.server.bot.token:
                self.reply(401, {"ok": False, "error_code": 401,
                                 "description": "Unauthorized"})
                return
            self.bot_call(parts[2], body)
            return
        self.reply(404, {"ok": False, "error_code": 404,
                         "description": "Not Found"})

    def do_GET(self):
        bot = self.server.bot
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        if url.path == "/control/calls":
            with bot.lock:
                calls = [c for c in bot.calls
                         if "method" not in q or c["method"] == q["method"][0]]
            self.reply(200, calls)
            return
        if url.path == "/control/state":
            with bot.lock:
                self.reply(200, {"pending": [u["update_id"]
                                             for u in bot.updates],
                                 "offset": bot.offset})
            return
        prefix = "/file/bot%s/" % bot.token
        if url.path.startswith(prefix):
            path = url.path[len(prefix):]
            for fpath, data in list(bot.files.values()):
                if fpath == path:
                    self.send_response(200)
                    self.send_header("Content-Type",
                                     "application/octet-stream")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
            self.reply(404, {"ok": False, "error_code": 404,
                             "description": "Not Found"})
            return
        if url.path.startswith("/bot"):
            self.do_POST()
            return
        self.reply(404, {"ok": False, "error_code": 404,
                         "description": "Not Found"})


def serve(args):
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.bot = Bot(args.token)
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    server.serve_forever()


def ctl(url, path, obj=None):
    data = json.dumps(obj).encode() if obj is not None else None
    req = urllib.request.Request(url + path, data=data,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def user_of(args):
    u = {"id": int(args.user), "is_bot": False,
         "first_name": args.first or "User%s" % args.user}
    if args.lang:
        u["language_code"] = args.lang
    return u


def chat_of(args):
    cid = int(args.chat) if args.chat else int(args.user)
    c = {"id": cid, "type": args.type}
    if args.type == "private":
        c["first_name"] = args.first or "User%s" % args.user
    else:
        c["title"] = "Some group"
    return c


def inject_message(args, **content):
    mid = ctl(args.url, "/control/message_id", {})["message_id"]
    msg = {"message_id": mid, "from": user_of(args), "chat": chat_of(args),
           "date": int(time.time())}
    msg.update(content)
    upd = {"message": msg}
    if args.again:
        upd["update_id"] = int(args.again)
    uid = ctl(args.url, "/control/update", upd)["update_id"]
    print(uid, mid)


def upload(args, name):
    with open(args.file, "rb") as f:
        data = f.read()
    return ctl(args.url, "/control/file",
               {"data_b64": base64.b64encode(data).decode(), "name": name})


def client(args):
    if args.cmd == "text":
        ent = []
        if args.text.startswith("/"):
            ent = [{"type": "bot_command", "offset": 0,
                    "length": len(args.text.split()[0])}]
        extra = {"entities": ent} if ent else {}
        inject_message(args, text=args.text, **extra)
    elif args.cmd == "photo":
        f = upload(args, "photo.jpg")
        sizes = [{"file_id": f["file_id"] + "s",
                  "file_unique_id": f["file_unique_id"] + "s",
                  "width": 90, "height": 90, "file_size": 1000},
                 {"file_id": f["file_id"],
                  "file_unique_id": f["file_unique_id"],
                  "width": 800, "height": 600, "file_size": f["file_size"]}]
        extra = {"caption": args.caption} if args.caption else {}
        inject_message(args, photo=sizes, **extra)
    elif args.cmd == "document":
        name = args.name or os.path.basename(args.file)
        f = upload(args, name)
        doc = {"file_id": f["file_id"], "file_unique_id": f["file_unique_id"],
               "file_name": name, "mime_type": args.mime,
               "file_size": f["file_size"]}
        extra = {"caption": args.caption} if args.caption else {}
        inject_message(args, document=doc, **extra)
    elif args.cmd == "press":
        msg = {"message_id": int(args.message_id), "from": BOT,
               "chat": chat_of(args), "date": int(time.time()),
               "text": "(keyboard)"}
        cq = {"id": "CQ%d" % int(time.time() * 1000000),
              "from": user_of(args), "message": msg,
              "chat_instance": "CI%s" % args.user, "data": args.data}
        print(ctl(args.url, "/control/update",
                  {"callback_query": cq})["update_id"])
    elif args.cmd == "calls":
        q = "?method=" + args.method if args.method else ""
        for c in ctl(args.url, "/control/calls" + q):
            print(json.dumps(c, ensure_ascii=False))
    elif args.cmd == "fail":
        ctl(args.url, "/control/fail", {"method": args.method,
                                        "count": args.count,
                                        "code": args.code,
                                        "retry_after": args.retry_after})
    elif args.cmd == "delay":
        ctl(args.url, "/control/delay", {"method": args.method,
                                         "count": args.count,
                                         "seconds": args.seconds})
    elif args.cmd == "state":
        print(json.dumps(ctl(args.url, "/control/state")))


def main():
    p = argparse.ArgumentParser(description="fake Telegram Bot API")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--port-file", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--pidfile")
    for name in ("text", "photo", "document", "press"):
        c = sub.add_parser(name)
        c.add_argument("url")
        c.add_argument("user")
        if name == "text":
            c.add_argument("text")
        elif name == "press":
            c.add_argument("message_id")
            c.add_argument("data")
        else:
            c.add_argument("file")
            c.add_argument("--caption")
            c.add_argument("--name")
            c.add_argument("--mime", default="application/octet-stream")
        c.add_argument("--chat")
        c.add_argument("--type", default="private")
        c.add_argument("--lang")
        c.add_argument("--first")
        c.add_argument("--again")
    c = sub.add_parser("calls")
    c.add_argument("url")
    c.add_argument("method", nargs="?")
    c = sub.add_parser("fail")
    c.add_argument("url")
    c.add_argument("method")
    c.add_argument("count", type=int)
    c.add_argument("code", type=int)
    c.add_argument("retry_after", type=int, nargs="?", default=1)
    c = sub.add_parser("delay")
    c.add_argument("url")
    c.add_argument("method")
    c.add_argument("count", type=int)
    c.add_argument("seconds", type=float)
    c = sub.add_parser("state")
    c.add_argument("url")
    args = p.parse_args()
    if args.cmd == "serve":
        serve(args)
    else:
        client(args)


if __name__ == "__main__":
    sys.exit(main())
