#!/usr/bin/python3
"""A stand-in report collector for the upload tests (tests/integration/t_upload.sh).

    collector.py --dir DIR [--token-file FILE] [--plan PLAN] [--slow SECONDS]

Listens on 127.0.0.1 on a free port and writes the port to DIR/port once it
accepts connections. Each POST is answered by the next step of PLAN, a
comma-separated list of steps, each optionally repeated as STEPxN:

    ok      store the body, answer 201          (the default once PLAN is used up)
    NNN     answer HTTP status NNN, store nothing (e.g. 503x3)
    drop    read half of the body, then close the connection without a reply
    slow    wait --slow seconds, then store and answer 201 (a client that gave
            up meanwhile will send the report again: delivery is at least once)

Stored bodies go to DIR/store/NNNN.json in arrival order. DIR/log.jsonl gets
one line per request: step, method, path, content_type, auth ("ok",
"missing" or "wrong" against --token-file; the token itself is never
written), bytes, and the report's target name and generated_at when the
body is JSON. A request without "Authorization: Bearer <token>" when
--token-file is given is answered 401 and not stored.
"""
import argparse
import http.server
import json
import os
import socket
import sys
import threading
import time


def parse_plan(text):
    steps = []
    for item in filter(None, (text or "").split(",")):
        step, _, count = item.partition("x")
        steps.extend([step] * (int(count) if count else 1))
    return steps


class Collector(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, args):
        super().__init__(("127.0.0.1", 0), Handler)
        self.args = args
        self.plan = parse_plan(args.plan)
        self.token = None
        if args.token_file:
            with open(args.token_file, encoding="utf-8") as f:
                self.token = f.readline().strip()
        self.lock = threading.Lock()
        self.count = 0
        os.makedirs(os.path.join(args.dir, "store"), exist_ok=True)

    def next_step(self):
        with self.lock:
            self.count += 1
            return self.plan.pop(0) if self.plan else "ok"

    def record(self, entry, body=None):
        with self.lock:
            if body is not None:
                stored = sorted(os.listdir(os.path.join(self.args.dir, "store")))
                name = os.path.join(self.args.dir, "store", "%04d.json" % (len(stored) + 1))
                with open(name + ".tmp", "wb") as f:
                    f.write(body)
                os.rename(name + ".tmp", name)
            if entry is None:
                return
            with open(os.path.join(self.args.dir, "log.jsonl"), "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the log file is the record
        pass

    def reply(self, status, text):
        data = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        srv = self.server
        step = srv.next_step()
        length = int(self.headers.get("Content-Length") or 0)
        auth = self.headers.get("Authorization")
        entry = {"step": step, "method": "POST", "path": self.path,
                 "content_type": self.headers.get("Content-Type"),
                 "auth": "missing" if auth is None else
                 ("ok" if srv.token is not None and auth == "Bearer " + srv.token else "wrong")}
        if step == "drop":
            self.rfile.read(length // 2)
            entry["bytes"] = length // 2
            srv.record(entry)
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        body = self.rfile.read(length)
        entry["bytes"] = len(body)
        try:
            doc = json.loads(body)
            entry["target"] = doc.get("target", {}).get("name")
            entry["generated_at"] = doc.get("generated_at")
        except ValueError:
            entry["target"] = None
        if srv.token is not None and entry["auth"] != "ok":
            entry["status"] = 401
            srv.record(entry)
            self.reply(401, "unauthorised")
            return
        if step.isdigit():
            entry["status"] = int(step)
            srv.record(entry)
            self.reply(int(step), "failing as planned")
            return
        entry["status"] = 201
        if step == "slow":
            # logged on arrival, so the log keeps the order requests came in
            srv.record(entry)
            time.sleep(srv.args.slow)
            srv.record(None, body)
        else:
            srv.record(entry, body)
        try:
            self.reply(201, "stored")
        except OSError:
            pass  # the client gave up; the report is stored all the same


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--token-file")
    ap.add_argument("--plan", default="")
    ap.add_argument("--slow", type=float, default=5.0)
    args = ap.parse_args()
    srv = Collector(args)
    with open(os.path.join(args.dir, "port.tmp"), "w", encoding="utf-8") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
