"""``python -m benchmarks.write_latency``: what one write costs under ``--data-dir`` as a tenant grows.

A tenant's vendor store (``core.store.VendorData`` on a file, exactly what ``--data-dir`` opens) is
filled to 1k, 10k and 100k records in one batch, then timed for single inserts and updates, each
persisted (and fsynced) before it returns, as a request's write is. Prints the median and p99 in
milliseconds and the bytes on disk per size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from mockserver.core.store import VendorData

RECORD = {"name": "Customer", "email": "someone@example.com", "notes": "x" * 120, "amount": 12.5}


def measure(size: int, writes: int, root: Path) -> dict[str, float]:
    path = root / f"{size}.json"
    data = VendorData(path)
    things = data.collection("things")
    with data.batch():
        things.insert_many(dict(RECORD, n=i) for i in range(size))
    inserts, updates = [], []
    for i in range(writes):
        started = time.perf_counter()
        things.insert(dict(RECORD, n=size + i))
        inserts.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        things.update(1 + i, {"amount": i})
        updates.append((time.perf_counter() - started) * 1000)
    on_disk = sum(p.stat().st_size for p in root.glob(f"{size}.json*"))
    data.close()
    return {
        "records": size,
        "insert_median_ms": statistics.median(inserts),
        "insert_p99_ms": sorted(inserts)[int(len(inserts) * 0.99) - 1],
        "update_median_ms": statistics.median(updates),
        "update_p99_ms": sorted(updates)[int(len(updates) * 0.99) - 1],
        "bytes_on_disk": on_disk,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.write_latency", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--writes", type=int, default=200, help="timed inserts (and updates) per size")
    args = parser.parse_args(argv)
    columns = ("insert p50", "insert p99", "update p50", "update p99")
    print(f"{'records':>8} " + " ".join(f"{c:>11}" for c in columns) + f" {'on disk':>10}")
    with tempfile.TemporaryDirectory(prefix="mockserver-writes-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            row = measure(size, args.writes, Path(tmp))
            print(
                f"{row['records']:>8} {row['insert_median_ms']:>9.2f}ms {row['insert_p99_ms']:>9.2f}ms "
                f"{row['update_median_ms']:>9.2f}ms {row['update_p99_ms']:>9.2f}ms "
                f"{row['bytes_on_disk'] / 1e6:>8.1f}MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
