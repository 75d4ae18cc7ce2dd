"""A real HTTP webhook receiver on localhost, for tests: records and verifies what arrives."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from publishing import signing


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str
    status: int = 204
    #: Set to hold every answer until the test releases it (a slow endpoint).
    hold: threading.Event | None = None
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {key.lower(): value for key, value in self.headers.items()}
                with receiver.arrived:
                    receiver.received.append(Received(headers, body))
                    receiver.arrived.notify_all()
                if receiver.hold is not None:
                    receiver.hold.wait(10)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # A short poll: shutdown() waits for the loop's next turn, 0.5 s by default.
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/revalidate"

    def verified(self) -> list[dict]:
        """Payloads of every request, each checked against its signature."""
        for request in self.received:
            signing.verify(self.secret, request.headers, request.body)
        return [request.payload for request in self.received]

    def wait_for(self, count: int, timeout: float = 10) -> None:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= count, timeout)
