"""Handing memory a request freed back to the operating system.

A large request parsed in a worker thread leaves its freed memory in that thread's glibc arena,
where it stays resident: after a burst of big requests the process would keep its peak size for
good. ``release()`` asks glibc to return every free page (``malloc_trim(0)``, which walks all
arenas). It is a no-op where the C library has no ``malloc_trim`` (musl, macOS).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release() -> None:
    """Collect cyclic garbage, then return the free heap pages of every arena to the OS."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
