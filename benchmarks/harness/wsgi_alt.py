"""Our application on another single-process WSGI server, for the server comparison.

    python -m benchmarks.harness.wsgi_alt cheroot --port 8000
    python -m benchmarks.harness.wsgi_alt gunicorn --port 8000   # 1 worker, gthread

granian and waitress, the project's own, run through ``mockserver serve --http``.

Only servers that keep one process qualify: the state lives in memory, so a pre-fork server with
several workers would give each worker its own world.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("server", choices=("cheroot", "gunicorn"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--vendors", help="comma-separated vendors (default: all)")
    args = parser.parse_args()
    vendors = args.vendors.split(",") if args.vendors else None
    serve = {"cheroot": serve_cheroot, "gunicorn": serve_gunicorn}[args.server]
    serve(args.port, args.threads, vendors)


if __name__ == "__main__":
    main()
