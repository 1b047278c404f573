#!/usr/bin/env python3
"""Webhook receiver of scripts/test-magento: verifies both signatures with independent code.

`x-magento-signature` is checked with Python's hmac module, the Standard Webhooks headers with
the `standardwebhooks` package (as demo/receiver.py does); unlike the demo's, this one keeps every
request's CloudEvent, so that the test can compare payloads. Paths choose the behaviour:
  /ok/...       200
  /flaky/...    500 on the first request of each event id, 200 after
  /failing/...  500, always
GET /requests answers every request received so far as JSON:
  [{"path", "magento_signature_ok", "standard_webhooks_ok", "status", "event"}].
Usage: receiver.py PORT_FILE TOKEN (it listens on 127.0.0.1, on the port written to PORT_FILE).
"""

import base64
import hashlib
import hmac
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

TOKEN = sys.argv[2].encode()
VERIFIER = Webhook("whsec_" + base64.b64encode(TOKEN).decode())

lock = threading.Lock()
requests = []
seen_flaky = set()


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
            self.answer(200, requests)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        kind = self.path.strip("/").split("/")[0]
        expected = hmac.new(TOKEN, body, hashlib.sha256).hexdigest()
        magento_ok = hmac.compare_digest(expected, self.headers.get("x-magento-signature", ""))
        try:
            VERIFIER.verify(body, dict(self.headers.items()))
            standard_ok = True
        except Exception:  # the verifier raises its own WebhookVerificationError
            standard_ok = False
        try:
            event = json.loads(body)
        except ValueError:
            event = {"unparsable": body.decode(errors="replace")}
        status = 200
        with lock:
            if not (magento_ok and standard_ok):
                status = 401
            elif kind == "failing":
                status = 500
            elif kind == "flaky" and event.get("id") not in seen_flaky:
                seen_flaky.add(event.get("id"))
                status = 500
            requests.append({
                "path": self.path,
                "magento_signature_ok": magento_ok,
                "standard_webhooks_ok": standard_ok,
                "status": status,
                "event": event,
            })
        self.answer(status, {"ok": status == 200})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
