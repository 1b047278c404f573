#!/usr/bin/env python3
"""Webhook receiver of scripts/test-magento: verifies both signatures with independent code.

`x-magento-signature` is checked with Python's hmac module, the Standard Webhooks headers with
the `standardwebhooks` package (as demo/receiver.py does); unlike the demo's, this one keeps every
request's CloudEvent, so that the test can compare payloads. Paths choose the behaviour:
  /ok/...       200
  /flaky/...    500 on the first request of each event id, 200 after
  /failing/...  500, always
  /sink/...     200, signed or not: third-party sinks (the ecosystem's Azure Event Grid) do not sign
GET /requests answers every request received so far as JSON:
  [{"path", "magento_signature_ok", "standard_webhooks_ok", "status", "traceparent", "authorization",
    "content_type", "event"}].
Usage: receiver.py PORT_FILE TOKEN (it listens on 127.0.0.1, on the port written to PORT_FILE).
"""

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "demo"))
from verifying_server import JsonHandler, Signatures, serve  # noqa: E402

SIGNATURES = Signatures(sys.argv[2].encode())

lock = threading.Lock()
requests = []
seen_flaky = set()


class Handler(JsonHandler):
    def do_GET(self):
        with lock:
            self.answer(200, requests)

    def do_POST(self):
        body = self.read_body()
        kind = self.path.strip("/").split("/")[0].split("?")[0]
        magento_ok, standard_ok, _ = SIGNATURES.check(self.headers, body)
        try:
            event = json.loads(body)
        except ValueError:
            event = {"unparsable": body.decode(errors="replace")}
        status = 200
        with lock:
            if kind == "sink":
                status = 200
            elif not (magento_ok and standard_ok):
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
                "traceparent": self.headers.get("traceparent"),
                "authorization": self.headers.get("authorization"),
                "content_type": self.headers.get("content-type"),
                "event": event,
            })
        self.answer(status, {"ok": status == 200})


if __name__ == "__main__":
    serve(Handler, sys.argv[1])
