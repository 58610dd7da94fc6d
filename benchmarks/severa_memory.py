"""``python -m benchmarks.severa_memory``: what maximum-size Severa envelopes cost a real server.

A ``mockserver serve --vendors severa`` process is started on a free port and warmed up (the WSDL
and one SOAP call, so the Spyne application is built). Then, per envelope shape, eight envelopes
of that shape are posted at once, each just under the 5 MiB body limit, and three figures are read
from ``/proc/<pid>/status``:

* ``idle``: ``VmRSS`` before the burst, once it stopped moving;
* ``peak``: ``VmHWM`` (the kernel's high-water mark of resident memory), reset before the burst by
  writing ``5`` to ``/proc/<pid>/clear_refs``, so it is the peak of that burst alone;
* ``after``: ``VmRSS`` once it stopped moving after the burst.

The shapes are read-only calls, so nothing they carry is kept in the tenant's state:

* ``many-guids``: ``GetUsersByGUIDs`` with as many ``<b:string>`` GUIDs as fit (~110,000 elements);
* ``guids-at-limit``: the same call with as many elements as a request may carry, each padded so
  the envelope still weighs 4.6 MiB (the largest envelope that is deserialised);
* ``unknown-elements``: ``GetAccountByName`` whose body also carries an undeclared element with
  as many children as a request may carry (the largest tree, skipped by the deserialiser);
* ``empty-elements``: ``GetUsersByGUIDs`` with 4.6 MiB of ``<b:string/>`` (~600,000 elements);
* ``one-string``: ``GetAccountByName`` with a 4.6 MiB name (one element, one huge text).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.harness.procs import Launched, Probe, free_port, launch

ROOT = Path(__file__).resolve().parents[1]
PATH = "/severa/webservice/S3/API.svc"
KEY = "demo-api-key"
SERVICE_NS = "http://soap.severa.com/"
ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
#: the size of the envelopes: just under the server's default 5 MiB body limit
SIZE = int(4.6 * 1024 * 1024)
CONCURRENT = 8
#: as many elements as one request may carry (``inbound.MAX_ELEMENTS``, WCF's MaxItemsInObjectGraph)
AT_LIMIT = 65_536 - 16


def envelope(operation: str, inner: bytes) -> bytes:
    head = (
        f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        f'<WebServicePassword xmlns="{SERVICE_NS}">{KEY}</WebServicePassword></s:Header><s:Body>'
        f'<{operation} xmlns="{SERVICE_NS}">'
    ).encode()
    return head + inner + f"</{operation}></s:Body></s:Envelope>".encode()


def _guids(items: int, item_bytes: int) -> bytes:
    opening = f'<userGUIDs xmlns:b="{ARRAYS_NS}">'.encode()
    text = "0" * (item_bytes - len("<b:string></b:string>"))
    body = b"".join(f"<b:string>{text}{i:08x}</b:string>".encode() for i in range(items))
    return envelope("GetUsersByGUIDs", opening + body + b"</userGUIDs>")


def many_guids() -> bytes:
    item = len("<b:string>00000000-0000-0000-0000-000000000000</b:string>")
    return _guids(SIZE // item, item - 8)


def guids_at_limit() -> bytes:
    return _guids(AT_LIMIT, SIZE // AT_LIMIT - 8)


def unknown_elements() -> bytes:
    """As many elements as a request may carry, in an element the operation does not declare (WCF
    and Spyne skip it): the largest tree the parse builds, without Spyne's per-item cost."""
    text = "x" * (SIZE // AT_LIMIT - len("<note></note>"))
    notes = "".join(f"<note>{text}</note>" for _ in range(AT_LIMIT)).encode()
    return envelope("GetAccountByName", b"<accountName>x</accountName><remarks>" + notes + b"</remarks>")


def empty_elements() -> bytes:
    opening = f'<userGUIDs xmlns:b="{ARRAYS_NS}">'.encode()
    return envelope("GetUsersByGUIDs", opening + b"<b:string/>" * (SIZE // 11) + b"</userGUIDs>")


def one_string() -> bytes:
    return envelope("GetAccountByName", b"<accountName>" + b"x" * SIZE + b"</accountName>")


SHAPES: dict[str, Callable[[], bytes]] = {
    "many-guids": many_guids,
    "guids-at-limit": guids_at_limit,
    "unknown-elements": unknown_elements,
    "empty-elements": empty_elements,
    "one-string": one_string,
}


@dataclass
class Burst:
    shape: str
    envelope_bytes: int
    statuses: list[int]
    idle_mb: float
    peak_mb: float
    after_mb: float


def status_mb(pid: int, field: str) -> float:
    """``VmRSS``/``VmHWM`` of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def reset_peak(pid: int) -> None:
    """Reset ``VmHWM`` to the current RSS (Linux ``clear_refs`` value 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def settled_mb(pid: int, quiet_seconds: float = 1.0, limit_seconds: float = 20.0) -> float:
    """``VmRSS`` once it has not moved by more than 0.5 MiB for ``quiet_seconds``."""
    deadline = time.monotonic() + limit_seconds
    last, since = status_mb(pid, "VmRSS"), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = status_mb(pid, "VmRSS")
        if abs(now - last) > 0.5:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            break
    return last


def _action(body: bytes) -> str:
    return "IAccount/GetAccountByName" if b"<GetAccountByName " in body[:400] else "IUser/GetUsersByGUIDs"


def concurrently(url: str, body: bytes, count: int = CONCURRENT) -> list[int]:
    """``count`` POSTs of ``body`` released at the same moment; their HTTP statuses."""
    statuses: list[int] = [0] * count
    gate = threading.Barrier(count)
    action = _action(body)

    def one(index: int) -> None:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{SERVICE_NS}{action}"'},
        )
        gate.wait()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                statuses[index] = response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            statuses[index] = exc.code

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def start(log_dir: Path) -> Launched:
    """The server, answering SOAP (Spyne built) before anything is measured."""
    port = free_port()
    argv = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--vendors", "severa"]
    server = launch("severa-memory", argv, port, Probe(f"{PATH}?wsdl"), log_dir, cwd=ROOT)
    warm = envelope("GetVersion", b"")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{PATH}",
        data=warm,
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{SERVICE_NS}IAPI/GetVersion"'},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return server


def burst(server: Launched, shape: str, count: int = CONCURRENT) -> Burst:
    body = SHAPES[shape]()
    url = f"http://127.0.0.1:{server.port}{PATH}"
    idle = settled_mb(server.pid)
    reset_peak(server.pid)
    statuses = concurrently(url, body, count)
    peak = status_mb(server.pid, "VmHWM")
    del body
    return Burst(shape, len(SHAPES[shape]()), statuses, idle, peak, settled_mb(server.pid))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.severa_memory", description=__doc__)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="default: all")
    parser.add_argument("--concurrent", type=int, default=CONCURRENT)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="severa-memory-") as tmp:
        server = start(Path(tmp))
        try:
            results = [burst(server, shape, args.concurrent) for shape in args.shape or SHAPES]
        finally:
            server.stop()
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
        return 0
    print(f"{args.concurrent} concurrent envelopes of {SIZE / 1024 / 1024:.1f} MiB each, one server process")
    print("| shape | statuses | idle MiB | peak MiB | after MiB |")
    print("|---|---|---|---|---|")
    for r in results:
        statuses = ",".join(sorted({str(s) for s in r.statuses}))
        print(f"| {r.shape} | {statuses} | {r.idle_mb:.0f} | {r.peak_mb:.0f} | {r.after_mb:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
