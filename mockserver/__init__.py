"""mockserver: a stateful local sandbox for five vendor APIs.

``from mockserver import Config, ThreadedMockServer`` starts a server in your own code::

    with ThreadedMockServer(Config(port=0)) as server:
        print(server.url)

``from mockserver import intercept`` answers requests to the vendors' real URLs in-process
(``mockserver.interception``). The names are imported on first use, so ``import mockserver`` (and
the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("mockserver")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

if TYPE_CHECKING:
    from mockserver.config import Config
    from mockserver.interception.api import intercept
    from mockserver.server import ThreadedMockServer

__all__ = ["Config", "ThreadedMockServer", "__version__", "intercept"]

_LAZY = {
    "Config": "mockserver.config",
    "ThreadedMockServer": "mockserver.server",
    "intercept": "mockserver.interception.api",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
