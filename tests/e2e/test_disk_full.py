"""A full disk is an answer, not damage (``core.store``): on a real, small filesystem (a 2 MiB
tmpfs mounted for the test; the suite runs as root here and in CI), a write that does not fit is
answered in the vendor's own shape (507 from Robaws, the admin API's ``{"error": ...}``), the log is
cut back to its last whole line, writing resumes once there is room, and a restart serves every
acknowledged record."""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mockserver.client import AdminClient, AdminError
from mockserver.config import Config
from mockserver.core import datadir
from mockserver.server import ThreadedMockServer


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; then free four pages, so the next writes fit only in part."""
    filler, spare = disk / "filler", disk / "spare"
    spare.write_bytes(b"s" * 16384)
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"f" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                handle.write(b"f")
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    spare.unlink()
    return filler


def _serve(disk: Path) -> ThreadedMockServer:
    return ThreadedMockServer(Config(port=0, data_dir=disk, seed_demo=False, vendors=["robaws"]))


def test_a_full_disk_answers_507_tears_nothing_and_loses_nothing(small_disk: Path) -> None:
    acknowledged: list[tuple[str, str]] = []
    with _serve(small_disk) as running:
        admin = AdminClient(running.url)
        tenant = admin.create_tenant(name="disk", fixtures="empty")
        tenant.settings({"robaws": {"rate_limit": {"enabled": False}}})
        base, auth = tenant.base_urls["robaws"], tuple(tenant.credentials["robaws"].values())[:2]
        filler = _fill(small_disk)
        refused = None
        for number in range(400):
            name = f"Client {number} " + "x" * 200
            answer = requests.post(f"{base}/clients", json={"name": name}, auth=auth, timeout=10)
            if answer.status_code != 201:
                refused = answer
                break
            acknowledged.append((answer.json()["id"], name))
        assert refused is not None and refused.status_code == 507
        assert refused.json()["status"] == 507 and refused.json()["error"] == "Insufficient Storage"
        log = small_disk / "tenants" / tenant.id / "robaws.json.log"
        assert log.read_bytes().endswith(b"\n")  # cut back to the last whole line
        with pytest.raises(AdminError) as full:
            admin.create_tenant(name="no room")
        assert full.value.status == 507 and full.value.body == {"error": "the data directory is full"}
        listed = requests.get(f"{base}/clients", params={"size": 1000}, auth=auth, timeout=10).json()
        assert len(listed["items"]) == len(acknowledged)  # memory holds no write the disk lacks

        filler.unlink()
        again = requests.post(f"{base}/clients", json={"name": "after"}, auth=auth, timeout=10)
        assert again.status_code == 201
        acknowledged.append((again.json()["id"], "after"))
    assert datadir.check(small_disk).torn == 0
    with _serve(small_disk) as restarted:
        for record_id, name in acknowledged:
            found = requests.get(f"{restarted.url}/robaws/api/v2/clients/{record_id}", auth=auth, timeout=10)
            assert found.status_code == 200 and found.json()["name"] == name
