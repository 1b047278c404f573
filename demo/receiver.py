#!/usr/bin/env python3
"""A webhook receiver that verifies both signatures with independent code.

`x-magento-signature` is checked with Python's hmac module, and the Standard Webhooks
headers with the `standardwebhooks` package from PyPI. Paths choose the behaviour:
  /healthy/...  200
  /failing/...  500, always
  /slow/...     200 after SLOW_SECONDS (default 2)
GET /stats answers the counts as JSON. Usage: receiver.py PORT_FILE TOKEN
(the port it listens on, on 127.0.0.1, is written to PORT_FILE).
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

TOKEN = sys.argv[2].encode()
VERIFIER = Webhook("whsec_" + base64.b64encode(TOKEN).decode())
SLOW_SECONDS = float(os.environ.get("SLOW_SECONDS", "2"))

lock = threading.Lock()
stats = {"requests": {}, "magento_signature_ok": 0, "standard_webhooks_ok": 0, "rejected": [], "ids": {}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            self.answer(200, stats)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        kind = self.path.strip("/").split("/")[0]
        problems = []
        expected = hmac.new(TOKEN, body, hashlib.sha256).hexdigest()
        magento_ok = hmac.compare_digest(expected, self.headers.get("x-magento-signature", ""))
        if not magento_ok:
            problems.append("x-magento-signature")
        try:
            VERIFIER.verify(body, {k: v for k, v in self.headers.items()})
            standard_ok = True
        except Exception as e:  # the verifier raises its own WebhookVerificationError
            standard_ok = False
            problems.append(f"standard webhooks: {e}")
        event = json.loads(body)
        with lock:
            stats["requests"][kind] = stats["requests"].get(kind, 0) + 1
            stats["magento_signature_ok"] += magento_ok
            stats["standard_webhooks_ok"] += standard_ok
            stats["ids"].setdefault(kind, []).append(event.get("id"))
            if problems:
                stats["rejected"].append({"path": self.path, "problems": problems})
        if problems:
            return self.answer(401, {"error": problems})
        if kind == "failing":
            return self.answer(500, {"error": "this receiver always fails"})
        if kind == "slow":
            time.sleep(SLOW_SECONDS)
        self.answer(200, {"ok": True})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
