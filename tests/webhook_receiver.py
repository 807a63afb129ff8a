"""A real webhook receiver on loopback for the tests: records what it is sent, can fail or be slow, and can be
stopped and started again on the same port."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self) -> None:
        self.received: list[dict] = []  # {"headers" (lower-case names), "body", "raw"}
        self.status = 204
        self.delay = 0.0
        self.server: ThreadingHTTPServer | None = None
        self.port = 0
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the http.server name)
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                if 200 <= receiver.status < 300:
                    headers = {name.lower(): value for name, value in self.headers.items()}  # names are case-blind
                    receiver.received.append({"headers": headers, "body": json.loads(raw), "raw": raw})
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[str]:
        return [entry["body"]["event"] for entry in self.received]

    def change_ids(self) -> list[int]:
        return [int(entry["body"]["id"].removeprefix("evt_")) for entry in self.received]


def signature_holds(secret: str, header: str, raw: bytes, tolerance: float = 300) -> bool:
    """What a receiver checks: the HMAC of "<t>.<body>" and that t is recent."""
    parts = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < tolerance
