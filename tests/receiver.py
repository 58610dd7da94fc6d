"""A real local HTTP listener for webhook tests: records every POST and answers the statuses it
was given in turn (the last one repeats). Tests wait on it with a deadline, never by sleeping."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, *statuses: int) -> None:
        self.statuses = statuses or (200,)
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                turn = min(len(receiver.calls), len(receiver.statuses) - 1)
                self.send_response(receiver.statuses[turn])
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver._changed:
                    receiver.calls.append((dict(self.headers.items()), body))
                    receiver._changed.notify_all()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """True once ``count`` POSTs arrived; False at the deadline."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.calls) >= count, timeout)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
