"""What the demo's and the Magento stage's receivers share: both signatures of a delivery
checked with code independent of ours (`x-magento-signature` with Python's hmac module, the
Standard Webhooks headers with the `standardwebhooks` package from PyPI), JSON answers, and a
threaded server on 127.0.0.1 whose port is written to a file."""

import base64
import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook


class Signatures:
    """Checks the two signatures of a request made with the verification token `token`."""

    def __init__(self, token: bytes):
        self.token = token
        self.verifier = Webhook("whsec_" + base64.b64encode(token).decode())

    def check(self, headers, body: bytes):
        """(magento_ok, standard_webhooks_ok, why the Standard Webhooks check failed or None)."""
        expected = hmac.new(self.token, body, hashlib.sha256).hexdigest()
        magento_ok = hmac.compare_digest(expected, headers.get("x-magento-signature", ""))
        try:
            self.verifier.verify(body, dict(headers.items()))
            return magento_ok, True, None
        except Exception as e:  # the verifier raises its own WebhookVerificationError
            return magento_ok, False, str(e)


class JsonHandler(BaseHTTPRequestHandler):
    """A quiet handler that answers JSON."""

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

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))


def serve(handler, port_file: str):
    """Serves `handler` on a free port of 127.0.0.1, written to `port_file`, for ever."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
