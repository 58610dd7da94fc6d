"""The unit-level variant of tests/e2e/test_disk_full.py, needing no root: the kernel's file-size
limit (RLIMIT_FSIZE, with SIGXFSZ ignored) makes a log append stop part-way with EFBIG, as a full
disk stops it with ENOSPC. The store cuts the log back to its last whole line, keeps nothing of the
write in memory (indexes included), and carries on once writes fit again."""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mockserver.core.store import StorageFull, VendorData


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_write_that_does_not_fit_is_rolled_back_in_file_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "robaws.json"
    data = VendorData(path)
    clients = data.collection("clients", unique=("code",))
    with data.batch():
        clients.insert({"name": "seeded", "code": "S"})  # the snapshot
    clients.insert({"name": "kept", "code": "A"})  # one whole log line
    log = tmp_path / "robaws.json.log"
    whole = log.read_bytes()

    with file_size_limit(len(whole) + 100), pytest.raises(StorageFull):
        clients.insert({"name": "x" * 500, "code": "B"})  # 100 bytes fit, then EFBIG
    assert log.read_bytes() == whole  # the partial line is gone
    assert clients.find_by("code", "B") is None and len(clients) == 2

    with file_size_limit(len(whole) + 100), pytest.raises(StorageFull):
        clients.update(clients.find_by("code", "A")["id"], {"code": "Z", "name": "y" * 500})
    assert clients.find_by("code", "A")["name"] == "kept" and clients.find_by("code", "Z") is None

    clients.insert({"name": "after", "code": "C"})  # room again: writing resumes
    data.close()
    reopened = VendorData(path).collection("clients", unique=("code",))
    assert [c["name"] for c in reopened.all()] == ["seeded", "kept", "after"]
