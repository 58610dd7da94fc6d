"""The application on waitress: pure Python, multi-threaded in one process (``--http waitress``).

Kept for platforms without a granian wheel. waitress parses HTTP in Python under the GIL, which
caps a repeated read near 3,000-9,000 req/s where granian reaches 28,000 (benchmarks/README.md).
"""

from __future__ import annotations

import copy
import io
import logging
import math
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import create_server
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import RequestEntityTooLarge

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.gateway import ADMIN_PREFIX, BODY_TOO_LARGE_ENVIRON_KEY, RESET_PROMISED_BYTES

#: waitress warns "Task queue depth is N" on every request that waits for a free thread: with more
#: concurrent test clients than threads that is one log line per request (3-4 % of the server's
#: time at 32 connections, and a flooded CI log) for a condition that is normal, not a fault
QUEUE_LOGGER = "waitress.queue"

#: room for chunked framing above ``max_body_bytes``: waitress counts a chunked body's raw bytes,
#: the gateway its decoded ones (and refuses anything past the limit itself)
CHUNK_FRAMING_ALLOWANCE = 64 * 1024


class _TooLargeTask(WSGITask):
    """A body waitress refused as too large (by its Content-Length, or once a chunked body passed
    the cap) goes to the application anyway, without its body and marked, so the gateway answers
    the vendor's own 413 instead of waitress's plain text. The connection closes afterwards: the
    rest of the body was never read."""

    def get_environment(self) -> dict:
        environ = super().get_environment()
        environ["wsgi.input"] = io.BytesIO(b"")
        environ[BODY_TOO_LARGE_ENVIRON_KEY] = True
        return environ

    def execute(self) -> None:
        self.close_on_finish = True
        super().execute()


class _Parser(HTTPRequestParser):
    """waitress's parser, stricter in two ways: a request framed both by Content-Length and by
    Transfer-Encoding is refused (400, and the connection closed: RFC 9112 §6.1, the shape of
    request smuggling), and a body to ``/_mock`` stops being read past the admin API's own limit
    (``Config.admin_max_body_bytes``), which ``admin.guard`` then answers with its 413."""

    #: bytes of a ``/_mock`` body read at most (set per server by ``bind``)
    admin_limit = 1024 * 1024

    def parse_header(self, header_plus: bytes) -> None:
        framed_twice = _names_both(header_plus)
        super().parse_header(header_plus)
        if framed_twice:
            raise ParsingError("a request may not carry both Content-Length and Transfer-Encoding")
        if self.path == ADMIN_PREFIX or self.path.startswith(ADMIN_PREFIX + "/"):
            adjustments = copy.copy(self.adj)
            allowance = CHUNK_FRAMING_ALLOWANCE if self.chunked else 0
            adjustments.max_request_body_size = min(
                self.adj.max_request_body_size, self.admin_limit + 1 + allowance
            )
            self.adj = adjustments


def _names_both(header_plus: bytes) -> bool:
    names = {line.split(b":", 1)[0].strip().lower() for line in header_plus.split(b"\n")[1:] if b":" in line}
    return b"content-length" in names and b"transfer-encoding" in names


class _Channel(HTTPChannel):
    """A connection. When a client opens more than ``per_client`` at once, or the server nears its
    ``connection_limit``, the longest idle one (no request in progress) is closed to make room:
    keep-alive connections held open by one client never lock out a new one."""

    parser_class = _Parser
    #: connections one client address keeps at most (set per server by ``bind``)
    per_client = 64

    def __init__(self, server: Any, sock: Any, addr: Any, adj: Any, map: Any = None) -> None:
        super().__init__(server, sock, addr, adj, map)
        channels = [c for c in self.server.active_channels.values() if c is not self]
        mine = [c for c in channels if c.addr and self.addr and c.addr[0] == self.addr[0]]
        if len(mine) >= self.per_client:
            _close_longest_idle(mine)
        elif len(channels) + 1 >= self.adj.connection_limit:
            _close_longest_idle(channels)

    @staticmethod
    def error_task_class(channel: HTTPChannel, request: Any) -> Any:
        task = _TooLargeTask if isinstance(request.error, RequestEntityTooLarge) else ErrorTask
        return task(channel, request)


def _close_longest_idle(channels: list[HTTPChannel]) -> None:
    idle = [c for c in channels if not c.requests and not c.will_close]
    if idle:
        min(idle, key=lambda c: c.last_activity).will_close = True


class DeliberateResetFilter(logging.Filter):
    """Drops waitress's warning about an answer shorter than its Content-Length when the answer is
    our own ``reset`` fault (``core.gateway``), which promises a body on purpose and sends none so
    the client sees a dropped connection: a deliberate reset is not a server problem to report."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            isinstance(record.msg, str)
            and record.msg.startswith("application returned too few bytes")
            and record.args == (0, RESET_PROMISED_BYTES)
        )


class WaitressListener:
    def __init__(self, server: Any) -> None:
        self._server = server
        self._stopping = False
        self.port: int = server.effective_port

    def run(self) -> None:
        try:
            self._server.run()  # returns once stop() closed every channel, or on KeyboardInterrupt
        except OSError:
            if not self._stopping:  # else: a descriptor stop() closed under the running select()
                raise
        finally:
            self._server.close()

    def stop(self) -> None:
        self._stopping = True
        server = self._server
        for channel in list(server._map.values()):
            channel.close()
        server.task_dispatcher.shutdown()


def bind(app: MockServer, config: Config) -> WaitressListener:
    logging.getLogger(QUEUE_LOGGER).setLevel(logging.ERROR)
    waitress_log = logging.getLogger("waitress")
    if not any(isinstance(f, DeliberateResetFilter) for f in waitress_log.filters):
        waitress_log.addFilter(DeliberateResetFilter())
    server = create_server(
        app,
        host=config.host,
        port=config.port,
        threads=config.threads,
        ident="mockserver",
        # the mock answers one client at a time per connection; these keep shutdown quick
        # an idle keep-alive connection is closed after --idle-timeout seconds (checked as often)
        # (whole seconds: waitress reads both as integers)
        channel_timeout=max(1, math.ceil(config.idle_timeout)),
        cleanup_interval=max(1, min(5, math.ceil(config.idle_timeout))),
        connection_limit=1000,
        # poll(), not select(): select() fails on a descriptor past 1,023 and stops the server
        asyncore_use_poll=True,
        # bodies past our limit are refused in the vendor's shape: by the gateway, or (when
        # waitress stops reading first) by ``_TooLargeTask``
        max_request_body_size=config.max_body_bytes + CHUNK_FRAMING_ALLOWANCE,
    )
    parser = type("_Parser", (_Parser,), {"admin_limit": config.admin_max_body_bytes})
    server.channel_class = type(
        "_Channel", (_Channel,), {"parser_class": parser, "per_client": config.max_connections_per_client}
    )
    return WaitressListener(server)
