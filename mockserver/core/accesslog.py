"""The access log: one line per request on stderr, as a person running a server expects.

Text for a person (``12:03:04 robaws  demo  GET /robaws/api/v2/clients 200 1.2ms replayed``) or one
JSON object per line for a log collector. Times are the wall clock: the log says when the server
did something, while the journal (``/_mock/journal``) keeps the mock clock the vendors see.

The line is written after the answer is complete, by the thread that served it; ``print`` of one
line to a text stream is atomic enough for a log, and a full stream never fails a request.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import IO, Any


class AccessLog:
    def __init__(self, style: str = "text", stream: IO[str] | None = None) -> None:
        self.style = style
        self._stream = stream
        #: the text line's time, formatted once per second (``strftime`` of local time was about
        #: 40 % of a line's cost, the line 14 % of a replayed request: benchmarks/README.md)
        self._second = -1
        self._stamp = ""

    def _clock(self, now: float) -> str:
        second = int(now)
        if second != self._second:
            self._stamp = time.strftime("%H:%M:%S", time.localtime(second))
            self._second = second
        return self._stamp

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
        now = time.time()
        if self.style == "json":
            line = json.dumps(
                {
                    "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now))
                    + f".{int(now % 1 * 1000):03d}Z",
                    "vendor": vendor,
                    "tenant": tenant,
                    "method": method,
                    "path": path,
                    "status": status,
                    "ms": duration_ms,
                    "replayed": replayed,
                }
            )
        else:
            shown = "reset" if status == 0 else str(status)
            line = (
                f"{self._clock(now)} {vendor or '-':<10} {tenant or '-':<16} "
                f"{method} {path} {shown} {duration_ms or 0:.1f}ms" + (" replayed" if replayed else "")
            )
        stream = self._stream or sys.stderr
        with contextlib.suppress(OSError, ValueError):  # a closed or full stream never fails a request
            stream.write(line + "\n")
            stream.flush()

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
