"""Handing memory a request freed back to the operating system.

A large request parsed in a worker thread leaves its freed memory in that thread's glibc arena,
where it stays resident: after a burst of big requests the process would keep its peak size for
good. ``release()`` asks glibc to return every free page (``malloc_trim(0)``, which walks all
arenas); ``map_large_allocations()`` keeps multi-megabyte blocks (request bodies) out of the heap.
Both are no-ops where the C library has neither (musl, macOS).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _malloc_trim() -> Callable[[int], int] | None:
    return getattr(_libc(), "malloc_trim", None)


def release() -> None:
    """Collect cyclic garbage, then return the free heap pages of every arena to the OS."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


#: glibc ``mallopt`` parameter ``M_MMAP_THRESHOLD``
_M_MMAP_THRESHOLD = -3


def map_large_allocations(threshold: int = 256 * 1024) -> None:
    """Serve every allocation of ``threshold`` bytes or more with its own ``mmap``, returned to the
    OS the moment it is freed. glibc's default threshold grows to the largest block freed so far
    (up to 32 MiB), after which multi-megabyte request bodies land in the heap and stay resident.
    A no-op without glibc."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, threshold)
