"""The access log: one line per request on stderr, as a person running a server expects.

Text for a person (``12:03:04 robaws     demo   GET /robaws/api/v2/clients 200 1.2ms replayed``)
or one JSON object per line for a log collector. Times are the wall clock: the log says when the server did
something, while the journal (``/_mock/journal``) keeps the mock clock the vendors see.

The thread that served a request only queues what it did (a tuple); a writer thread formats the
queued lines and writes them in one call per batch, at most twenty times a second. Formatting and
one flushed write per line cost about a sixth of a replayed request, and a writer woken per line
still took the GIL from the serving threads once per request (benchmarks/README.md); batched, the
serving threads never wait on the stream or on the writer. Lines still queued when the process exits
are written by ``flush`` (``atexit``). A closed or full stream never fails a request.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import queue
import sys
import threading
import time
from typing import IO, Any

#: what a request leaves for the writer: time, vendor, tenant, method, path, status, ms, replayed
Line = tuple[float, str | None, str | None, str, str, int | None, float | None, bool]
_STOP = None
#: how long the writer lets lines gather once one is queued (a person sees no delay)
BATCH_SECONDS = 0.05
_SHAPES_MAX = 1024


class AccessLog:
    def __init__(self, style: str = "text", stream: IO[str] | None = None) -> None:
        self.style = style
        self._stream = stream
        self._queue: queue.SimpleQueue[Line | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._start = threading.Lock()
        #: the text line's time, formatted once per second
        self._second = -1
        self._stamp = ""
        self._shapes: dict[tuple, str] = {}
        self._at_exit = False

    def write(
        self,
        vendor: str | None,
        tenant: str | None,
        method: str,
        path: str,
        status: int | None,
        duration_ms: float | None,
        replayed: bool = False,
    ) -> None:
        self._queue.put((time.time(), vendor, tenant, method, path, status, duration_ms, replayed))
        if self._writer is None:
            self._start_writer()

    def entry(self, entry: Any) -> None:
        """Log a finished journal entry (``core.journal.Entry``)."""
        self.write(
            entry.vendor,
            entry.tenant,
            entry.method,
            entry.path,
            entry.status,
            entry.duration_ms,
            entry.replayed,
        )

    def flush(self, timeout: float = 5.0) -> None:
        """Write every queued line now and stop the writer (it starts again on the next line)."""
        with self._start:
            writer, self._writer = self._writer, None
            if writer is None:
                return
            self._queue.put(_STOP)
        writer.join(timeout)

    # -- the writer ------------------------------------------------------------------------------
    def _start_writer(self) -> None:
        with self._start:
            if self._writer is None:
                self._writer = threading.Thread(target=self._run, name="mockserver-access-log", daemon=True)
                self._writer.start()
                if not self._at_exit:  # once: a flush stops the writer, the next line restarts it
                    atexit.register(self.flush)
                    self._at_exit = True

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            if batch[0] is not _STOP:
                # let a busy server's lines gather: woken per line, this thread would take the GIL
                # from the serving threads once per request (most of the log's cost)
                time.sleep(BATCH_SECONDS)
            with contextlib.suppress(queue.Empty):
                while True:
                    batch.append(self._queue.get_nowait())
            lines = [self._format(item) for item in batch if item is not _STOP]
            for start in range(0, len(lines), 4096):
                self._emit("".join(lines[start : start + 4096]))
            if _STOP in batch:
                return

    def _emit(self, text: str) -> None:
        stream = self._stream or sys.stderr
        with contextlib.suppress(OSError, ValueError):
            stream.write(text)
            stream.flush()

    def _format(self, line: Line) -> str:
        now, vendor, tenant, method, path, status, duration_ms, replayed = line
        if self.style == "json":
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"
            record = {
                "time": stamp,
                "vendor": vendor,
                "tenant": tenant,
                "method": method,
                "path": path,
                "status": status,
                "ms": duration_ms,
                "replayed": replayed,
            }
            return json.dumps(record) + "\n"
        return "%s %s %s %.1fms%s\n" % (  # noqa: UP031 (a third faster than the f-string)
            self._clock(now),
            self._request(vendor, tenant, method, path),
            "reset" if status == 0 else status,
            duration_ms or 0,
            " replayed" if replayed else "",
        )

    def _request(self, vendor: str | None, tenant: str | None, method: str, path: str) -> str:
        """The line's middle, padded: kept per request shape, since a suite repeats a few."""
        key = (vendor, tenant, method, path)
        found = self._shapes.get(key)
        if found is None:
            if len(self._shapes) >= _SHAPES_MAX:
                self._shapes.clear()
            found = self._shapes[key] = f"{vendor or '-':<10} {tenant or '-':<16} {method} {path}"
        return found

    def _clock(self, now: float) -> str:
        second = int(now)
        if second != self._second:
            self._stamp = time.strftime("%H:%M:%S", time.localtime(second))
            self._second = second
        return self._stamp
