#!/usr/bin/python3
"""gen.py [--fold] OUTDIR [N] - writes the redaction corpus (deterministic).

OUTDIR/NNNN.eml are support mails to an SMM panel (orders, links, refills)
in nine languages and twelve layouts; OUTDIR/manifest.tsv says, one line per
secret or look-alike:

    FILE  S|K  CLASS  LANG  LABELED  LAYOUT  FRAGMENT [TAB FRAGMENT ...]

S: a secret (no fragment may be left anywhere); K: a look-alike (the
fragment must be kept).  LABELED is 1 when the secret carries a password,
code or 2FA word.  The phrasings come from how people write (lang.py),
not from the redaction rules.
"""
import os
import random
import re
import sys
from email.charset import BASE64, QP, Charset
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr
from html import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lang import L  # noqa: E402
from words import BIP39  # noqa: E402

LANGS = ["en", "ru", "uk", "es", "pt", "de", "tr", "id", "hi"]
LAYOUTS = ["plain", "qp", "base64", "html", "html_table", "alt_differ",
           "attachment", "subject", "quoted", "split", "signature",
           "subject_label"]
CLASSES = [("password", 22), ("pair", 10), ("otp", 24), ("recovery", 6),
           ("seed", 5), ("token", 13), ("cookie", 5), ("reset_link", 6),
           ("card", 7), ("none", 10)]
AZ = "abcdefghijklmnopqrstuvwxyz"
AN = AZ + AZ.upper() + "0123456789"
NAMES = dict(
    en=["mike", "jessica", "tyler", "ashley", "brandon", "kayla"],
    ru=["sasha", "natasha", "dima", "maksim", "olga", "katya"],
    uk=["taras", "oksana", "andriy", "iryna", "bohdan"],
    es=["carlos", "lucia", "javier", "sofia", "diego"],
    pt=["joao", "ana", "lucas", "gabriela", "rafael"],
    de=["jonas", "lena", "lukas", "anna", "felix"],
    tr=["ahmet", "ayse", "mehmet", "elif", "emre", "zeynep"],
    id=["budi", "siti", "agus", "dewi", "rizky"],
    hi=["rahul", "priya", "amit", "neha", "rohit", "pooja"])
PLACES = ["moscow", "kyiv", "madrid", "brasil", "berlin", "istanbul",
          "jakarta", "mumbai", "london", "ankara", "bandung", "delhi"]
WORDS = ["sunflower", "dragon", "monkey", "shadow", "football", "princess",
         "babochka", "solnyshko", "galatasaray", "flamengo", "barcelona",
         "kucing", "bintang", "krishna", "schatzi", "sevgilim"]


class Gen:
    """One random stream and the values already used (kept unique)."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used = set()

    def uniq(self, fn):
        for _ in range(100):
            v = fn()
            if v not in self.used:
                self.used.add(v)
                return v
        raise RuntimeError("no unique value")

    def chars(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def digits(self, n, first="123456789"):
        return self.r.choice(first) + self.chars("0123456789", n - 1)

    # ---- secrets ----
    def password(self, lang):
        r = self.r

        def one():
            k = r.randrange(9)
            nm = r.choice(NAMES[lang])
            if k == 0:
                return nm.capitalize() + str(r.randrange(1975, 2012))
            if k == 1:
                return r.choice(PLACES).capitalize() + str(
                    r.randrange(10, 2030)) + r.choice("!@#$.")
            if k == 2:
                return r.choice(["Qwerty", "qwerty", "zxcvbn", "asdf",
                                 "Qazwsx"]) + self.digits(r.randrange(3, 6))
            if k == 3:
                return self.chars(AN + "#!@$%", r.randrange(8, 13))
            if k == 4:
                return nm + "_" + self.digits(2, "0123456789")
            if k == 5:
                return r.choice(WORDS) + self.chars(AZ, 3)
            if k == 6:
                return nm + "." + r.choice(WORDS) + str(r.randrange(1, 99))
            if k == 7:
                return self.chars(AZ.upper(), 1) + self.chars(AZ, 5) + \
                    self.digits(3) + r.choice("*!?&")
            return r.choice(WORDS).capitalize() + "-" + r.choice(
                WORDS) + str(r.randrange(1, 9))
        return self.uniq(one)

    def login(self, lang):
        r = self.r
        nm = r.choice(NAMES[lang])
        k = r.randrange(3)
        if k == 0:
            return self.uniq(lambda: "%s.%s%d@%s" % (
                nm, r.choice(PLACES), r.randrange(10, 99), r.choice(
                    ["gmail.com", "mail.ru", "yahoo.com", "hotmail.com",
                     "ukr.net", "yandex.ru"])))
        if k == 1:
            return self.uniq(lambda: "%s_%s%d" % (nm, r.choice(
                ["smm", "shop", "official", "store"]), r.randrange(1, 999)))
        return self.uniq(lambda: "+%s" % self.digits(11))

    def otp(self):
        """The code as written, and the fragments that must be gone."""
        r = self.r
        k = r.randrange(10)
        if k < 3:
            d = self.uniq(lambda: self.digits(6))
            return d, [d]
        if k == 3:
            d = self.uniq(lambda: self.digits(r.choice([4, 5, 8])))
            return d, [d]
        d = self.uniq(lambda: self.digits(6))
        if k in (4, 5):
            sep = r.choice([" ", "-"])
            w = d[:3] + sep + d[3:]
            return w, [w, d[:3] + d[3:]]
        if k == 6:
            w = "-".join([d[:2], d[2:4], d[4:]])
            return w, [w, d]
        if k == 7:
            w = " ".join(d)
            return w, [w, d]
        if k == 8:
            w = " ".join([d[:2], d[2:4], d[4:]])
            return w, [w, d]
        d = self.uniq(lambda: self.digits(8))
        w = d[:4] + r.choice([" ", "-"]) + d[4:]
        return w, [w, d]

    def recovery(self):
        r = self.r
        k = r.randrange(3)
        n = r.choice([5, 8, 10])
        if k == 0:
            codes = [self.uniq(lambda: self.digits(4) + " " + self.digits(4))
                     for _ in range(n)]
        elif k == 1:
            codes = [self.uniq(lambda: self.chars("abcdefghjkmnpqrstuvwxyz"
                     "23456789", 5) + "-" + self.chars(
                     "abcdefghjkmnpqrstuvwxyz23456789", 5))
                     for _ in range(n)]
        else:
            codes = [self.uniq(lambda: self.digits(8)) for _ in range(n)]
        return codes

    def seed(self):
        n = self.r.choice([12, 24])
        words = [self.r.choice(BIP39) for _ in range(n)]
        return words

    def token(self):
        r = self.r
        k = r.randrange(8)
        if k == 0:
            return self.uniq(lambda: self.digits(r.choice([9, 10])) + ":AA" +
                             self.chars(AN + "_-", 33))
        if k == 1:
            return self.uniq(lambda: "ghp_" + self.chars(AN, 36))
        if k == 2:
            return self.uniq(lambda: "xoxb-" + self.digits(12) + "-" +
                             self.digits(13) + "-" + self.chars(AN, 24))
        if k == 3:
            return self.uniq(lambda: "AKIA" + self.chars(
                AZ.upper() + "234567", 16))
        if k == 4:
            return self.uniq(lambda: "sk_live_" + self.chars(AN, 24))
        if k == 5:
            return self.uniq(lambda: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                             "eyJ" + self.chars(AN + "_-", 40) + "." +
                             self.chars(AN + "_-", 43))
        if k == 6:
            return self.uniq(lambda: "https://%s/oauth/callback?code=%s"
                             "&state=%s" % (r.choice(PANELS), self.chars(
                                 AN, 30), self.chars(AZ, 8)))
        return self.uniq(lambda: self.chars(AN, 40))

    def cookie(self):
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return self.uniq(lambda: "sessionid=%s%%3A%s%%3A%d" % (
                self.digits(11), self.chars(AN, 14), r.randrange(1, 30)))
        if k == 1:
            return self.uniq(lambda: "PHPSESSID=" + self.chars(
                "abcdefghijklmnopqrstuv0123456789", 26))
        if k == 2:
            return self.uniq(lambda: "sessionid=%s; csrftoken=%s" % (
                self.chars("abcdef0123456789", 32), self.chars(AN, 32)))
        return self.uniq(lambda: "laravel_session=" + self.chars(AN, 40))

    def reset_link(self):
        r = self.r
        p = r.choice(PANELS)
        k = r.randrange(4)
        t = self.chars(AN, r.choice([32, 40, 64]))
        if k == 0:
            return "https://%s/reset-password/%s" % (p, t), t
        if k == 1:
            return "https://%s/auth/magic?token=%s" % (p, t), t
        if k == 2:
            return "https://%s/password/reset/%s" % (p, t), t
        return "https://%s/login/magic/%s" % (p, t), t

    def card(self):
        r = self.r
        pre = r.choice(["4", "51", "52", "55", "2200", "4276"])
        body = pre + self.chars("0123456789", 15 - len(pre))
        s = 0
        for i, c in enumerate(reversed(body)):
            d = int(c)
            if i % 2 == 0:
                d = d * 2 - 9 if d * 2 > 9 else d * 2
            s += d
        num = body + str((10 - s % 10) % 10)
        if r.randrange(2):
            num = " ".join(num[i:i + 4] for i in range(0, 16, 4))
        exp = "%02d/%02d" % (r.randrange(1, 13), r.randrange(26, 31))
        cvv = self.uniq(lambda: self.digits(3))
        return num, exp, cvv


# Header lines folded at this length (0: not at all).  Folding splits a
# long subject into several RFC 2047 words; the parser joins them again
# only from the release that decodes them word by word.
FOLD = 0

PANELS = ["smmpanel.example", "panel.smmking.example", "justfollow.example",
          "boostgram.example"]


def looks(g, lang):
    """The look-alike fillers: slot -> (class, value as written, kept)."""
    r = g.r
    shortcode = g.chars(AN + "_", 11)
    user = r.choice(NAMES[lang]) + r.choice(["_smm", ".official", "_shop",
                                             "777", "_tv"])
    phones = dict(en="+1 (415) 555-%04d" % r.randrange(10000),
                  ru="+7 912 %03d-%02d-%02d" % (r.randrange(1000),
                                               r.randrange(100), r.randrange(100)),
                  uk="+380 67 %03d %04d" % (r.randrange(1000), r.randrange(10000)),
                  es="+34 612 %03d %03d" % (r.randrange(1000), r.randrange(1000)),
                  pt="+55 11 9%04d-%04d" % (r.randrange(10000), r.randrange(10000)),
                  de="+49 151 %08d" % r.randrange(10 ** 8),
                  tr="+90 532 %03d %02d %02d" % (r.randrange(1000),
                                                r.randrange(100), r.randrange(100)),
                  id="0812-%04d-%04d" % (r.randrange(10000), r.randrange(10000)),
                  hi="+91 98%03d %05d" % (r.randrange(1000), r.randrange(100000)))
    money = dict(en=("$%d.%02d", "$%d"), ru=("%d,%02d ₽", "%d руб"),
                 uk=("%d,%02d грн", "%d грн"), es=("%d,%02d €", "%d€"),
                 pt=("R$ %d,%02d", "R$ %d"), de=("%d,%02d €", "%d EUR"),
                 tr=("%d,%02d TL", "%d TL"), id=("Rp %d.%02d0", "Rp %d.000"),
                 hi=("₹%d.%02d", "₹%d"))
    link = r.choice([
        "https://www.instagram.com/p/%s/" % shortcode,
        "https://youtu.be/%s" % g.chars(AN + "-_", 11),
        "https://www.tiktok.com/@%s/video/%s" % (user, g.digits(19)),
        "https://t.me/%s" % (user.replace(".", "_")),
        "https://t.me/+%s" % g.chars(AN + "_-", 16),
        "https://t.me/joinchat/%s" % g.chars(AN + "_-", 22),
        "https://www.instagram.com/%s/" % user,
    ])
    pid = r.choice([shortcode, g.chars(AN + "-_", 11), g.digits(19)])
    date = r.choice(["%02d.%02d.2026" % (r.randrange(1, 29), r.randrange(1, 13)),
                     "2026-%02d-%02d %02d:%02d" % (r.randrange(1, 13),
                     r.randrange(1, 29), r.randrange(24), r.randrange(60)),
                     "%02d/%02d %02d:%02d" % (r.randrange(1, 29),
                     r.randrange(1, 13), r.randrange(24), r.randrange(60))])
    tr = r.choice(["%sTD%s" % (g.digits(5), g.digits(7)),
                   g.digits(12), "1Z999AA1%s" % g.digits(10),
                   "RB%sCN" % g.digits(9)])
    return {
        "o": ("order_id", g.uniq(lambda: g.digits(r.choice([7, 8])))),
        "l": ("public_link", link),
        "q": ("quantity", r.choice(["1000", "5000", "10000", "2500", "10k",
                                    "500"])),
        "st": ("status", r.choice(L[lang]["status"])),
        "pr": ("price", money[lang][0] % (r.randrange(0, 60),
                                          r.randrange(100))),
        "am": ("amount", money[lang][1] % r.choice([10, 25, 50, 100, 150,
                                                    500, 1500])),
        "ph": ("phone", phones[lang]),
        "dt": ("datetime", date),
        "tk": ("ticket", g.uniq(lambda: g.digits(r.choice([5, 6])))),
        "sv": ("service_id", g.digits(r.choice([3, 4]))),
        "us": ("username", "@" + user),
        "pi": ("post_id", pid),
        "tr": ("tracking", tr),
        "vn": ("version", "v%d.%d.%d" % (r.randrange(1, 9), r.randrange(30),
                                         r.randrange(40))),
        "pc": ("promo", r.choice(["SMM", "BOOST", "VIP", "PROMO"]) +
               str(r.choice([10, 15, 20, 25, 2026]))),
    }


SLOT = re.compile(r"\{(o|l|q|st|pr|am|ph|dt|tk|sv|us|pi|tr|vn|pc)\}")


def fill(tpl, lk, keeps):
    """Fills the look-alike slots of tpl, recording what must stay."""
    def rep(m):
        cls, v = lk[m.group(1)]
        keeps.append((cls, v))
        return v
    return SLOT.sub(rep, tpl)


def bounded(text, frag):
    return len(re.findall(r"(?<![A-Za-z0-9])" + re.escape(frag) +
                          r"(?![A-Za-z0-9])", text))


def secret_block(g, lang, cls, layout, lk, keeps):
    """The lines with the secret; the secrets (class, labeled, fragments);
    the subject when the secret goes there; rows for an HTML table."""
    r = g.r
    t = L[lang]
    lab = t["tlab"]
    if cls == "password":
        pw = g.password(lang)
        sec = [("password", 1, [pw])]
        if layout == "split":
            return [r.choice(t["split_pw"]), pw], sec, None, [(lab["pw"], pw)]
        if layout == "subject":
            return [], sec, fill(r.choice(t["subj_pw"]), lk, keeps).replace(
                "{s}", pw), None
        return [fill(r.choice(t["pw"]), lk, keeps).replace("{s}", pw)], sec, \
            None, [(lab["pw"], pw)]
    if cls == "pair":
        pw, u = g.password(lang), g.login(lang)
        tpl = r.choice(t["pair"])
        labeled = 0 if tpl.startswith("!") else 1
        line = tpl.lstrip("!").replace("{u}", u).replace("{s}", pw)
        rows = [(lab["login"], u), (lab["pw"], pw)]
        if layout == "split":
            return [lab["login"] + " / " + lab["pw"] + ":", u + " / " + pw], \
                [("pair", 1, [pw])], None, rows
        if layout == "html_table":
            labeled = 1
        return [line], [("pair", labeled, [pw])], \
            (line if layout == "subject" else None), rows
    if cls == "otp" and layout == "subject_label":
        d = g.uniq(lambda: g.digits(6))
        w = r.choice([d, d[:3] + " " + d[3:], d[:3] + "-" + d[3:],
                      "-".join([d[:2], d[2:4], d[4:]]), " ".join(d)])
        return [w], [("otp", 1, [w, d])], r.choice(t["subj_lab"]), None
    if cls == "otp":
        w, frags = g.otp()
        sec = [("otp", 1, frags)]
        if layout == "split":
            return [r.choice(t["split_otp"]), w], sec, None, [(lab["otp"], w)]
        if layout == "subject":
            return [], sec, fill(r.choice(t["subj_otp"]), lk, keeps).replace(
                "{s}", w), None
        return [fill(r.choice(t["otp"]), lk, keeps).replace("{s}", w)], sec, \
            None, [(lab["otp"], w)]
    if cls == "recovery":
        codes = g.recovery()
        lines = [r.choice(t["rec"])]
        if r.randrange(3) == 0:
            lines[0] += " " + ", ".join(codes)
        else:
            lines += codes
        return lines, [("recovery", 1, codes)], None, None
    if cls == "seed":
        words = g.seed()
        frags = [" ".join(words[i:i + 3]) for i in range(0, len(words) - 2)]
        ph = " ".join(words)
        lines = [r.choice(t["seed"])]
        if r.randrange(2):
            lines[0] += " " + ph
        else:
            lines.append(ph)
        return lines, [("seed", 0, frags)], None, None
    if cls == "token":
        tok = g.token()
        frag = tok.split("code=")[1].split("&")[0] if "code=" in tok else tok
        line = r.choice(t["tok"]).lstrip("!").replace("{s}", tok)
        return [line], [("token", 0, [frag])], None, None
    if cls == "cookie":
        ck = g.cookie()
        frag = ck.split(";")[0].split("=", 1)[1]
        line = r.choice(t["cookie"]).lstrip("!").replace("{s}", ck)
        return [line], [("cookie", 0, [frag])], None, None
    if cls == "reset_link":
        url, tok = g.reset_link()
        line = r.choice(t["reset"]).lstrip("!").replace("{s}", url)
        return [line], [("reset_link", 0, [tok])], None, None
    if cls == "card":
        num, exp, cvv = g.card()
        tpl = r.choice(t["card"])
        lines = tpl.replace("{c}", num).replace("{e}", exp).replace(
            "{v}", cvv).split("\n")
        return lines, [("card", 0, [num, num.replace(" ", "")]),
                       ("cvv", 1, [cvv])], None, \
            [("Card", num), ("Exp", exp), (lab["cvv"], cvv)]
    near = fill(r.choice(t["near"]), lk, keeps)
    return [near], [], None, None


def cs(cte):
    c = Charset("utf-8")
    c.body_encoding = {"8bit": None, "qp": QP, "base64": BASE64}[cte]
    return c


def text_part(text, sub="plain", cte="8bit"):
    return MIMEText(text, sub, cs(cte))


# Classes whose value people set in bold (not links, cookies or tokens).
BOLD = ("password", "pair", "otp", "cvv")


def html_of(lines, secrets, r):
    out = []
    for ln in lines:
        h = escape(ln, quote=False)
        for c, _, frags in secrets:
            f = escape(frags[0], quote=False)
            if c in BOLD and f in h and r.randrange(3) == 0:
                h = h.replace(f, "<b>" + f + "</b>", 1)
        out.append(h)
    if r.randrange(2):
        return "<html><body>\n" + "".join(
            "<p>%s</p>\n" % h for h in out) + "</body></html>\n"
    return "<div dir=\"ltr\">" + "<br>\n".join(out) + "</div>\n"


def table_of(rows):
    return "<table border=\"1\">\n" + "".join(
        "<tr><td>%s</td><td>%s</td></tr>\n" % (escape(a, quote=False),
                                               escape(b, quote=False))
        for a, b in rows) + "</table>\n"


def compose(g, i, lang, layout, cls):
    """One mail: (bytes, secrets, keeps, plain text of everything)."""
    r = g.r
    t = L[lang]
    lk = looks(g, lang)
    keeps, skeeps = [], []
    subject = fill(r.choice(t["subj"]), lk, skeeps)
    name = r.choice(NAMES[lang]).capitalize()
    ctx = [fill(c, lk, keeps) for c in r.sample(t["ctx"], 2)]
    if layout == "subject" and cls not in ("password", "pair", "otp"):
        layout = "plain"
    sec, secrets, subj2, rows = secret_block(g, lang, cls, layout, lk, keeps)
    if subj2 is not None:
        subject = subj2
    else:
        keeps += skeeps
    if len(sec) == 1 and layout in ("plain", "html", "base64") and \
            r.randrange(4) == 0:
        ctx[1] = ctx[1].rstrip(".") + ", " + sec[0]
        sec = []
    if layout == "qp" and sec:
        sec[0] = ctx.pop() + " -- " + sec[0]
    pre = [r.choice(t["hi"]), ""] + ctx
    post = ["", r.choice(t["bye"]), name]
    body = pre + sec + post
    seen = "\n".join(body)
    if layout in ("plain", "split", "subject", "subject_label"):
        msg = text_part("\n".join(body) + "\n")
    elif layout == "qp":
        msg = text_part("\n".join(body) + "\n", cte="qp")
    elif layout == "base64":
        msg = text_part("\n".join(body) + "\n", cte="base64")
    elif layout == "html":
        msg = text_part(html_of(body, secrets, r), "html",
                        r.choice(["8bit", "qp"]))
    elif layout == "html_table":
        trows = [("Order", lk["o"][1]), ("Status", lk["st"][1])]
        keeps += [lk["o"], lk["st"]]
        trows += rows if rows else [("", ln) for ln in sec]
        html = "<html><body>\n<p>%s</p>\n%s<p>%s</p>\n</body></html>\n" % (
            "<br>".join(escape(x) for x in pre if x), table_of(trows),
            escape(post[1]) + "<br>" + escape(name))
        seen = "\n".join(pre + post) + "\n".join(a + " " + b for a, b in trows)
        msg = text_part(html, "html", r.choice(["8bit", "base64"]))
    elif layout == "alt_differ":
        mode = r.randrange(3)
        tb = pre + (sec if mode != 1 else []) + post
        hb = [pre[0], ctx[-1]] + (sec if mode != 2 else []) + post
        msg = MIMEMultipart("alternative")
        msg.attach(text_part("\n".join(tb) + "\n"))
        msg.attach(text_part(html_of(hb, secrets, r), "html",
                             r.choice(["8bit", "qp"])))
        seen = "\n".join(tb + hb)
    elif layout == "attachment":
        msg = MIMEMultipart("mixed")
        msg.attach(text_part("\n".join(pre + ["", t["att"]] + post) + "\n"))
        att = text_part("\n".join(sec) + "\n", cte=r.choice(["8bit",
                                                            "base64"]))
        att.add_header("Content-Disposition", "attachment",
                       filename=r.choice(["account.txt", "details.txt",
                                          "notes.txt", "info.log"]))
        msg.attach(att)
    elif layout == "quoted":
        wrote = fill(t["wrote"], lk, keeps)
        q = [r.choice(t["latest"]), "", wrote] + ["> " + ln for ln in body]
        msg = text_part("\n".join(q) + "\n", cte=r.choice(["8bit", "qp"]))
        seen = "\n".join(q)
    elif layout == "signature":
        ph = lk["ph"]
        keeps.append(ph)
        s = pre + post + ["-- ", name, ph[1], ""]
        if sec:
            s += ["P.S. " + sec[0]] + sec[1:]
        msg = text_part("\n".join(s) + "\n")
        seen = "\n".join(s)
    msg["From"] = formataddr((name, "%s%d@client.example" % (name.lower(), i)))
    msg["To"] = "support@panel.example"
    msg["Subject"] = subject
    msg["Date"] = "Fri, 04 Dec 2026 10:%02d:%02d +0000" % (i // 60 % 60, i % 60)
    msg["Message-ID"] = "<corpus-%04d@client.example>" % i
    return msg.as_bytes(policy=compat32.clone(max_line_length=FOLD)), \
        secrets, keeps, subject + "\n" + seen, layout


def ok(secrets, keeps, seen):
    """Each fragment of a secret occurs only where the secret is; no
    look-alike holds a fragment."""
    for _, _, frags in secrets:
        for f in frags:
            for _, k in keeps:
                if bounded(k, f) or f in k:
                    return False
            if bounded(seen, f) == 0:
                return False
    for _, k in keeps:
        if not any(bounded(k, f) for _, _, fr in secrets for f in fr):
            continue
        return False
    return True


def main():
    global FOLD
    args = sys.argv[1:]
    if args and args[0] == "--fold":
        FOLD = 78
        args = args[1:]
    out = args[0]
    n = int(args[1]) if len(args) > 1 else 990
    os.makedirs(out, exist_ok=True)
    random.seed(16)  # the MIME boundaries
    g = Gen(16)
    names = [c for c, _ in CLASSES]
    weights = [w for _, w in CLASSES]
    man = []
    for i in range(n):
        lang = LANGS[i % len(LANGS)]
        layout = LAYOUTS[(i // len(LANGS)) % len(LAYOUTS)]
        cls = g.r.choices(names, weights)[0]
        if layout == "subject_label":
            cls = "otp"     # the code is alone, named by the subject
        for _ in range(50):
            raw, secrets, keeps, seen, lay = compose(g, i, lang, layout, cls)
            if ok(secrets, keeps, seen):
                break
        else:
            raise RuntimeError("mail %d: no clean draw" % i)
        fn = "%04d.eml" % i
        with open(os.path.join(out, fn), "wb") as f:
            f.write(raw)
        for c, labeled, frags in secrets:
            man.append("\t".join([fn, "S", c, lang, str(labeled), lay] +
                                 frags))
        for c, v in dict.fromkeys(keeps):
            man.append("\t".join([fn, "K", c, lang, "-", lay, v]))
    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("\n".join(man) + "\n")


if __name__ == "__main__":
    main()
