"""The forward proxy (``--proxy-port``): a client keeps the vendors' real URLs and sets a proxy.

    HTTPS_PROXY=http://127.0.0.1:N  + the local CA trusted  ->  https://app.robaws.com/... is the mock

- ``CONNECT <vendor hostname>:<port>`` is answered ``200`` and the tunnel is spliced, byte for byte,
  to the server's own HTTPS listener, which terminates TLS with the local CA's leaf certificate (it
  names every vendor hostname). The requests inside reach the application with the vendor's
  hostname as their ``Host``, so the gateway's Host dispatch serves them, journals them, and applies
  faults, ``X-Mock-Fault``, strict mode and replay exactly as for any other request.
- An absolute-form ``GET http://<vendor hostname>/...`` is rewritten to origin form and sent to the
  plain listener, one request per connection (``Connection: close``).
- Any other host is refused with ``403`` and one line naming it and the hostnames served. Nothing is
  ever forwarded beyond this machine: the only connections the proxy opens are to our own listeners.

asyncio on one thread: the proxy parses one request head per connection and then only copies bytes,
so it needs no HTTP server of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from mockserver.app import MockServer
from mockserver.httpd.granian_server import listen

log = logging.getLogger("mockserver")

#: the largest request head the proxy reads before it refuses the request
HEAD_LIMIT = 64 * 1024
_CHUNK = 64 * 1024
#: request headers meant for the proxy itself, not passed on
_HOP_BY_HOP = {"proxy-connection", "proxy-authorization", "connection", "keep-alive"}


@dataclass(frozen=True)
class Upstreams:
    """Our own listeners: plain HTTP, and the HTTPS one the tunnels end on, each at its address."""

    plain: int
    tls: int
    plain_host: str = "127.0.0.1"
    tls_host: str = "127.0.0.1"


class ProxyListener:
    """The proxy on an already listening socket; ``run`` serves until ``stop``."""

    def __init__(self, sock: socket.socket, upstreams: Upstreams, app: MockServer) -> None:
        self.port: int = sock.getsockname()[1]
        self._sock = sock
        self._upstreams = upstreams
        self._hosts = {host.lower(): name for name, v in app.vendors.items() for host in v.hostnames}
        self._loop = asyncio.new_event_loop()
        self._stopped = threading.Event()
        self._done: asyncio.Future | None = None

    def run(self) -> None:
        loop = self._loop
        asyncio.set_event_loop(loop)
        try:
            if not self._stopped.is_set():
                loop.run_until_complete(self._serve())
        finally:
            self._sock.close()
            loop.close()

    async def _serve(self) -> None:
        self._done = asyncio.get_running_loop().create_future()
        if self._stopped.is_set():
            return
        server = await asyncio.start_server(self._handle, sock=self._sock, limit=HEAD_LIMIT)
        async with server:
            await self._done
        # the tunnels still open end with the proxy
        tunnels = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tunnels:
            task.cancel()
        await asyncio.gather(*tunnels, return_exceptions=True)

    def stop(self) -> None:
        self._stopped.set()
        loop = self._loop
        if not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                loop.call_soon_threadsafe(self._finish)

    def _finish(self) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_result(None)

    # -- one client connection ---------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        try:
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, version = request_line.split(" ")
        except ValueError:
            await _refuse(writer, 400, "mockserver proxy: malformed request line")
            return
        if method == "CONNECT":
            await self._tunnel(target, reader, writer)
        else:
            await self._forward(method, target, version, header_lines, reader, writer)

    async def _tunnel(self, target: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, _, port = target.rpartition(":")
        host = host.strip("[]").lower()
        if not await self._allowed(host, writer):
            return
        ours = self._upstreams
        upstream = (ours.plain_host, ours.plain) if port == "80" else (ours.tls_host, ours.tls)
        try:
            up_reader, up_writer = await asyncio.open_connection(*upstream)
        except OSError as exc:
            await _refuse(writer, 502, f"mockserver proxy: the mock's own listener is gone ({exc})")
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await _splice(reader, writer, up_reader, up_writer)

    async def _forward(
        self,
        method: str,
        target: str,
        version: str,
        header_lines: list[str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        url = urlsplit(target)
        if url.scheme not in ("http", "https") or not url.hostname:
            await _refuse(
                writer,
                400,
                f"mockserver proxy: {target!r} is not a proxy request (send CONNECT or an absolute URL)",
            )
            return
        if not await self._allowed(url.hostname.lower(), writer):
            return
        kept = [
            line for line in header_lines if line and line.split(":", 1)[0].strip().lower() not in _HOP_BY_HOP
        ]
        if not any(line.split(":", 1)[0].strip().lower() == "host" for line in kept):
            kept.insert(0, f"Host: {url.netloc}")
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        head = "\r\n".join([f"{method} {path} {version}", *kept, "Connection: close", "", ""])
        try:
            ours = self._upstreams
            up_reader, up_writer = await asyncio.open_connection(ours.plain_host, ours.plain)
        except OSError as exc:
            await _refuse(writer, 502, f"mockserver proxy: the mock's own listener is gone ({exc})")
            return
        up_writer.write(head.encode("latin-1"))
        await _splice(reader, writer, up_reader, up_writer)

    async def _allowed(self, host: str, writer: asyncio.StreamWriter) -> bool:
        if host in self._hosts:
            return True
        served = ", ".join(f"{h} ({v})" for h, v in self._hosts.items())
        await _refuse(
            writer,
            403,
            f"mockserver proxy: {host} is not a vendor this mock serves, and nothing is forwarded to "
            f"the internet; served: {served}",
        )
        return False


async def _refuse(writer: asyncio.StreamWriter, status: int, line: str) -> None:
    body = (line + "\n").encode()
    reason = {400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway"}[status]
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    with contextlib.suppress(ConnectionError):
        await writer.drain()
    writer.close()


async def _splice(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader,
    up_writer: asyncio.StreamWriter,
) -> None:
    """Copy both ways until both sides are done; a side's end is passed on as a half-close."""
    await asyncio.gather(_copy(reader, up_writer), _copy(up_reader, writer))
    for side in (writer, up_writer):
        side.close()


async def _copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    try:
        while data := await source.read(_CHUNK):
            sink.write(data)
            await sink.drain()
        if sink.can_write_eof():
            sink.write_eof()
    except (ConnectionError, OSError):
        sink.close()


def bind(host: str, port: int, upstreams: Upstreams, app: MockServer) -> ProxyListener:
    """The proxy listening on ``host:port`` (``OSError`` when it cannot be bound)."""
    return ProxyListener(listen(host, port), upstreams, app)
