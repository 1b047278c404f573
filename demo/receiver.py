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

import json
import os
import sys
import threading
import time

from verifying_server import JsonHandler, Signatures, serve

SIGNATURES = Signatures(sys.argv[2].encode())
SLOW_SECONDS = float(os.environ.get("SLOW_SECONDS", "2"))

lock = threading.Lock()
stats = {"requests": {}, "magento_signature_ok": 0, "standard_webhooks_ok": 0, "rejected": [], "ids": {}}


class Handler(JsonHandler):
    def do_GET(self):
        with lock:
            self.answer(200, stats)

    def do_POST(self):
        body = self.read_body()
        kind = self.path.strip("/").split("/")[0]
        magento_ok, standard_ok, standard_error = SIGNATURES.check(self.headers, body)
        problems = []
        if not magento_ok:
            problems.append("x-magento-signature")
        if not standard_ok:
            problems.append(f"standard webhooks: {standard_error}")
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


if __name__ == "__main__":
    serve(Handler, sys.argv[1])
