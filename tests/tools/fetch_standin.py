#!/usr/bin/env python3
"""Local HTTPS stand-in for the Zoom REST API (Server-to-Server OAuth,
settings, lock settings, users with next_page_token paging) and the
BigBlueButton getRecordings API (checksum, offset/limit paging), for
`vcaudit fetch` tests (tests/integration/t_fetch.sh, tests/unit/test_http.c).

It listens on 127.0.0.1 on a free port, writes the port to --port-file once
it accepts connections, and logs one line per request to --log:
"<METHOD> <path> <status>" (never the Authorization header).

Scenarios (--scenario a,b,...) add the failures the client must survive or
report: ratelimit, flaky, expire, truncated, oauth-bad, echo-auth, badxml,
xxe, sha1only, bbb-failed, slow, drop, big.
"""
import argparse
import base64
import email.utils
import hashlib
import http.server
import json
import os
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

A = None            # parsed arguments
STATE = {"tokens": {}, "count": {}, "lock": threading.Lock(), "ntoken": 0}
NOW = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def once(key):
    """True the first time `key` is seen."""
    with STATE["lock"]:
        n = STATE["count"].get(key, 0)
        STATE["count"][key] = n + 1
        return n == 0


def nth(key):
    with STATE["lock"]:
        n = STATE["count"].get(key, 0) + 1
        STATE["count"][key] = n
        return n


def sc(name):
    return name in A.scenario


def load_users(export):
    base = export.get("users", [])
    users = []
    for i in range(A.users):
        u = dict(base[i % len(base)]) if base else {"settings": {}}
        if i >= len(base):
            u["id"] = "standinUser%06d" % i
            u["email"] = "user%06d@standin.example.dk" % i
        users.append(u)
    return users


def recordings():
    out = []
    for i in range(A.recordings):
        # every third recording is old (200 days), the rest 10 days
        age = 200 if i % 3 == 0 else 10
        start = (NOW - age * 86400) * 1000
        state = "published" if i % 2 == 0 else "unpublished"
        rid = hashlib.sha1(b"meeting%d" % i).hexdigest() + "-%d" % start
        out.append((rid, state, start, i))
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "standin/1"
    # one write per reply and no Nagle: otherwise delayed ACKs add 40 ms a request
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def log(self, status):
        if A.log:
            with STATE["lock"], open(A.log, "a") as f:
                f.write("%s %s %d\n" % (self.command, self.path.split("?")[0], status))

    def reply(self, status, body, ctype="application/json", headers=None, cut=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self.log(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body if cut is None else body[:cut])
        if cut is not None:
            self.close_connection = True

    # ---- Zoom ----
    def oauth(self):
        n = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(n).decode()) if n else {}
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        q.update(form)
        want = "Basic " + base64.b64encode(
            ("%s:%s" % (A.client_id, A.zoom_secret)).encode()).decode()
        if sc("oauth-bad") or self.headers.get("Authorization") != want:
            return self.reply(401, {"reason": "Invalid client_id or client_secret",
                                    "error": "invalid_client"})
        if q.get("grant_type") != ["account_credentials"] or \
                q.get("account_id") != [A.account_id]:
            return self.reply(400, {"reason": "unsupported grant type",
                                    "error": "unsupported_grant_type"})
        with STATE["lock"]:
            STATE["ntoken"] += 1
            tok = "standin-token-%d-%s" % (STATE["ntoken"], os.urandom(6).hex())
            STATE["tokens"][tok] = 0
        return self.reply(200, {"access_token": tok, "token_type": "bearer",
                                "expires_in": 3599, "scope": "account:read:admin"})

    def token_ok(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return False
        tok = auth[7:]
        with STATE["lock"]:
            if tok not in STATE["tokens"]:
                return False
            STATE["tokens"][tok] += 1
            # "expire": a token lives for 3 requests, then Zoom says 124
            return not (sc("expire") and STATE["tokens"][tok] > 3)

    def zoom(self, path, q):
        if not self.token_ok():
            return self.reply(401, {"code": 124, "message": "Invalid access token."})
        if sc("slow"):
            time.sleep(3)
        opt = q.get("option", [None])[0]
        ex = A.export
        if path == "/v2/accounts/me/settings":
            if sc("flaky") and once("flaky-settings"):
                return self.reply(503, {"code": 503, "message": "try later"})
            if sc("echo-auth"):
                return self.reply(400, {"code": 300, "message": "bad request with " +
                                        self.headers.get("Authorization", "")})
            if sc("drop") and once("drop"):
                self.log(0)
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            key = "account_settings" + ("_" + opt if opt else "")
            if opt and opt not in ("meeting_security", "security", "meeting_authentication",
                                   "recording_authentication"):
                return self.reply(400, {"code": 300, "message": "invalid option"})
            body = ex.get(key, {opt: {}} if opt else {})
            if sc("big"):
                body = dict(body, padding="x" * (80 << 20))
            return self.reply(200, body)
        if path == "/v2/accounts/me/lock_settings":
            key = "lock_settings" + ("_" + opt if opt else "")
            return self.reply(200, ex.get(key, {}))
        if path == "/v2/users":
            if sc("ratelimit") and once("rl-users"):
                return self.reply(429, {"code": 429, "message": "rate limited"},
                                  headers={"Retry-After": "1"})
            status = q.get("status", ["active"])[0]
            users = [u for i, u in enumerate(A.users_list)
                     if (status == "inactive") == (i % 7 == 6)]
            size = min(int(q.get("page_size", ["30"])[0]), A.page_max)
            start = int(q.get("next_page_token", ["0"])[0] or 0)
            page = users[start:start + size]
            nxt = str(start + size) if start + size < len(users) else ""
            return self.reply(200, {
                "next_page_token": nxt, "page_count": (len(users) + size - 1) // size,
                "page_size": size, "total_records": len(users),
                "users": [{"id": u["id"], "email": u["email"], "type": 1,
                           "status": status, "first_name": "Anna",
                           "last_name": "Jensen"} for u in page]})
        if path.startswith("/v2/users/") and path.endswith("/settings"):
            uid = urllib.parse.unquote(path[len("/v2/users/"):-len("/settings")])
            for i, u in enumerate(A.users_list):
                if u["id"] == uid:
                    if sc("truncated") and i == 1:
                        return self.reply(200, json.dumps(u.get("settings", {}))[:40])
                    key = "settings" + ("_" + opt if opt else "")
                    return self.reply(200, u.get(key, {opt: {}} if opt else {}))
            return self.reply(404, {"code": 1001, "message": "User does not exist."})
        return self.reply(404, {"code": 404, "message": "no such endpoint"})

    # ---- BigBlueButton ----
    def bbb(self, raw):
        if sc("ratelimit") and once("rl-bbb"):
            when = email.utils.formatdate(time.time() + 1.5, usegmt=True)
            return self.reply(429, "slow down", "text/plain", {"Retry-After": when})
        parts = raw.split("&")
        given = [p for p in parts if p.startswith("checksum=")]
        rest = "&".join(p for p in parts if not p.startswith("checksum="))
        ok = False
        if given:
            c = given[0][9:].lower()
            for algo in (("sha1",) if sc("sha1only") else ("sha1", "sha256")):
                h = hashlib.new(algo, ("getRecordings" + rest + A.bbb_secret).encode())
                if h.hexdigest() == c:
                    ok = True
        xml_head = '<?xml version="1.0" encoding="UTF-8"?>\n'
        if not ok:
            return self.reply(200, xml_head + "<response><returncode>FAILED</returncode>"
                              "<messageKey>checksumError</messageKey><message>Checksums "
                              "do not match</message></response>", "text/xml")
        if sc("bbb-failed"):
            return self.reply(200, xml_head + "<response><returncode>FAILED</returncode>"
                              "<messageKey>internalError</messageKey><message>broken"
                              "</message></response>", "text/xml")
        if sc("badxml"):
            return self.reply(200, xml_head + "<response><returncode>SUCCESS</returncode>"
                              "<recordings><recording><recordID>x</recordID>", "text/xml")
        if sc("xxe"):
            return self.reply(200, xml_head + '<!DOCTYPE r [<!ENTITY x SYSTEM "file://' +
                              A.xxe_file + '">]><response><returncode>SUCCESS</returncode>'
                              "<recordings><recording><recordID>&x;</recordID><published>"
                              "true</published><state>published</state><startTime>1"
                              "</startTime></recording></recordings></response>", "text/xml")
        q = urllib.parse.parse_qs(rest)
        offset = int(q.get("offset", ["0"])[0])
        limit = min(int(q.get("limit", ["100"])[0]), 100)
        recs = recordings()[offset:offset + min(limit, A.page_max)]
        body = [xml_head, "<response><returncode>SUCCESS</returncode><recordings>"]
        for rid, state, start, i in recs:
            body.append(
                "<recording><recordID>%s</recordID><meetingID>room-%d</meetingID>"
                "<internalMeetingID>%s</internalMeetingID>"
                "<name><![CDATA[Anna Jensen's tutoring %d]]></name>"
                "<isBreakout>false</isBreakout><published>%s</published>"
                "<state>%s</state><startTime>%d</startTime><endTime>%d</endTime>"
                "<participants>%d</participants><metadata><bbb-origin-server-name>"
                "standin</bbb-origin-server-name></metadata><playback><format>"
                "<type>presentation</type><url>https://bbb.standin.example/playback/"
                "presentation/2.3/%s</url><processingTime>1000</processingTime>"
                "<length>42</length></format></playback></recording>"
                % (rid, i, rid, i, "true" if state == "published" else "false", state,
                   start, start + 3600000, 2 + i % 5, rid))
        body.append("</recordings>")
        if not recs:
            body.append("<messageKey>noRecordings</messageKey>")
        body.append("</response>")
        return self.reply(200, "".join(body), "text/xml")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/bigbluebutton/api/getRecordings":
            return self.bbb(u.query)
        if u.path == "/bigbluebutton/api" or u.path == "/bigbluebutton/api/":
            return self.reply(200, "<response><returncode>SUCCESS</returncode>"
                              "<version>2.0</version></response>", "text/xml")
        if u.path.startswith("/v2/"):
            return self.zoom(u.path, urllib.parse.parse_qs(u.query))
        if u.path.startswith("/test/"):
            return self.test(u.path, urllib.parse.parse_qs(u.query))
        return self.reply(404, {"code": 404, "message": "not found"})

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/oauth/token":
            return self.oauth()
        if u.path.startswith("/test/"):
            return self.test(u.path, urllib.parse.parse_qs(u.query))
        return self.reply(404, {"code": 404, "message": "not found"})

    # ---- generic endpoints for the unit tests of auditor/net/http.c ----
    def test(self, path, q):
        key = q.get("k", [""])[0]
        if path == "/test/echo":
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            return self.reply(200, {"method": self.command, "len": len(body),
                                    "body": body.decode(errors="replace"),
                                    "ctype": self.headers.get("Content-Type"),
                                    "auth": self.headers.get("Authorization"),
                                    "x": self.headers.get("X-Test")})
        if path == "/test/status":
            return self.reply(int(q["code"][0]), {"code": int(q["code"][0])})
        if path == "/test/fail-then-ok":
            # fails `n` times per key with `code` (429 with Retry-After), then 200
            if nth("f" + key) <= int(q.get("n", ["1"])[0]):
                code = int(q.get("code", ["503"])[0])
                hdr = {}
                if "ra" in q:
                    ra = q["ra"][0]
                    hdr["Retry-After"] = (email.utils.formatdate(time.time() + int(ra[4:]),
                                                                 usegmt=True)
                                          if ra.startswith("date") else ra)
                return self.reply(code, {"code": code}, headers=hdr)
            return self.reply(200, {"ok": True, "tries": STATE["count"]["f" + key]})
        if path == "/test/big":
            return self.reply(200, "x" * int(q["n"][0]), "text/plain")
        if path == "/test/chunked-big":
            self.log(200)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            try:
                for _ in range(int(q["n"][0])):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass
            self.close_connection = True
            return None
        if path == "/test/drop-then-ok":
            if nth("d" + key) <= int(q.get("n", ["1"])[0]):
                self.log(0)
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            return self.reply(200, {"ok": True})
        if path == "/test/sleep":
            time.sleep(float(q["s"][0]))
            return self.reply(200, {"ok": True})
        return self.reply(404, {"code": 404})


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass   # clients that hang up (body cap tests) are expected


def main():
    global A
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.add_argument("--scenario", default="")
    p.add_argument("--zoom-export")
    p.add_argument("--users", type=int, default=3)
    p.add_argument("--page-max", type=int, default=300)
    p.add_argument("--recordings", type=int, default=0)
    p.add_argument("--account-id", default="standinAccount")
    p.add_argument("--client-id", default="standinClient")
    p.add_argument("--zoom-secret-file")
    p.add_argument("--bbb-secret-file")
    p.add_argument("--xxe-file", default="/etc/hostname")
    A = p.parse_args()
    A.scenario = set(filter(None, A.scenario.split(",")))
    A.zoom_secret = open(A.zoom_secret_file).read().strip() if A.zoom_secret_file else ""
    A.bbb_secret = open(A.bbb_secret_file).read().strip() if A.bbb_secret_file else ""
    A.export = json.load(open(A.zoom_export)) if A.zoom_export else {}
    A.users_list = load_users(A.export)
    srv = Server(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(A.cert, A.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = A.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, A.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
