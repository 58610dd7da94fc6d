"""Our application on another single-process WSGI server, for the server comparison.

    python -m benchmarks.harness.wsgi_alt cheroot --port 8000
    python -m benchmarks.harness.wsgi_alt gunicorn --port 8000   # 1 worker, gthread
    python -m benchmarks.harness.wsgi_alt granian --port 8000    # 1 worker, WSGI, blocking threads

granian parses HTTP and does its I/O in Rust, outside the GIL, and hands requests to a pool of
Python threads in its one worker process (its master only supervises), so the state still lives in
one process.

Only servers that keep one process qualify: the state lives in memory, so a pre-fork server with
several workers would give each worker its own world.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from mockserver.app import MockServer
from mockserver.config import Config


def _app(port: int, threads: int, vendors: list[str] | None) -> MockServer:
    app = MockServer(Config(port=port, threads=threads, vendors=vendors))
    app.url = f"http://127.0.0.1:{port}"
    return app


def serve_cheroot(port: int, threads: int, vendors: list[str] | None) -> None:
    from cheroot.wsgi import Server

    app = _app(port, threads, vendors)
    server = Server(("127.0.0.1", port), app, numthreads=threads, request_queue_size=1024)
    app.warm_up()
    try:
        server.start()
    finally:
        server.stop()


def serve_gunicorn(port: int, threads: int, vendors: list[str] | None) -> None:
    from gunicorn.app.base import BaseApplication

    class Single(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                "bind": f"127.0.0.1:{port}",
                "workers": 1,
                "worker_class": "gthread",
                "threads": threads,
                "keepalive": 30,
                "accesslog": None,
                "loglevel": "warning",
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            app = _app(port, threads, vendors)
            app.warm_up()
            return app

    Single().run()


def granian_app() -> MockServer:
    """The factory granian's worker calls (it imports the app by name, in its own process)."""
    vendors = os.environ.get("MOCKSERVER_BENCH_VENDORS")
    app = _app(
        int(os.environ["MOCKSERVER_BENCH_PORT"]),
        int(os.environ["MOCKSERVER_BENCH_THREADS"]),
        vendors.split(",") if vendors else None,
    )
    app.warm_up()
    return app


def serve_granian(port: int, threads: int, vendors: list[str] | None) -> None:
    from granian import Granian

    os.environ["MOCKSERVER_BENCH_PORT"] = str(port)
    os.environ["MOCKSERVER_BENCH_THREADS"] = str(threads)
    os.environ["MOCKSERVER_BENCH_VENDORS"] = ",".join(vendors or [])
    Granian(
        "benchmarks.harness.wsgi_alt:granian_app",
        address="127.0.0.1",
        port=port,
        interface="wsgi",
        workers=1,
        blocking_threads=threads,
        factory=True,
        log_enabled=False,
    ).serve()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("server", choices=("cheroot", "gunicorn", "granian"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--vendors", help="comma-separated vendors (default: all)")
    args = parser.parse_args()
    vendors = args.vendors.split(",") if args.vendors else None
    serve = {"cheroot": serve_cheroot, "gunicorn": serve_gunicorn, "granian": serve_granian}[args.server]
    serve(args.port, args.threads, vendors)


if __name__ == "__main__":
    main()
