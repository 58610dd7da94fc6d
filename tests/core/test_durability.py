"""What a kill at any moment leaves on disk, and what start-up does with it (``core.store``,
``core.datadir``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.test import Client

from mockserver.core import datadir
from mockserver.core.store import StoreCorrupt, VendorData, load_tables, log_path
from tests.core.conftest import echo_server

# the writes, step by step; "ack N" is printed once step N has returned
STEPS = """
def steps(data):
    things = data.collection("things", unique=("code",))
    def seed():
        with data.batch():
            things.insert_many([{"code": f"seed{i}"} for i in range(3)])
    yield seed
    for n in range(1, 6):
        yield lambda n=n: things.insert({"code": f"c{n}"})
    yield lambda: things.update(1, {"code": "renamed"})
    yield lambda: things.replace(2, {"code": "replaced"})
    yield lambda: things.remove(3)
    yield lambda: data.next_number("invoice")
    yield data.close
"""
# a child process running the steps on a file, killing itself at its KILL_AT-th fsync: at every
# moment something reaches the disk
WRITER = (
    """
import os, signal, sys
from mockserver.core.store import VendorData
fsyncs = 0
real_fsync = os.fsync
def fsync(fd):
    global fsyncs
    fsyncs += 1
    if fsyncs == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
    real_fsync(fd)
os.fsync = fsync
"""
    + STEPS
    + """
for number, step in enumerate(steps(VendorData(sys.argv[1] + "/v.json"))):
    step()
    print("ack", number, flush=True)
"""
)


def _state_after(count: int) -> tuple[list[dict], int]:
    """What the data holds after the first ``count`` steps, computed in memory."""
    scope: dict = {}
    exec(STEPS, scope)
    data = VendorData()
    for step in list(scope["steps"](data))[:count]:
        step()
    return data.collection("things").all(), data.current_number("invoice")


def _acknowledged(stdout: str) -> int:
    return sum(1 for line in stdout.splitlines() if line.startswith("ack"))


def test_a_kill_at_any_fsync_keeps_every_acknowledged_write_and_no_record_without_its_id(tmp_path):
    for kill_at in range(1, 40):
        run_dir = tmp_path / str(kill_at)
        run_dir.mkdir()
        child = subprocess.run(
            [sys.executable, "-c", WRITER, str(run_dir), str(kill_at)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if child.returncode == 0:
            assert kill_at > 10  # every step wrote, so each was killed at once before
            break
        assert child.returncode == -9, child.stderr
        acked = _acknowledged(child.stdout)
        data = VendorData(run_dir / "v.json")
        found = (data.collection("things", unique=("code",)).all(), data.current_number("invoice"))
        # every acknowledged step is there; the step in flight is there whole or not at all
        assert found in (_state_after(acked), _state_after(acked + 1)), (kill_at, acked, found)
    else:
        pytest.fail("the writer never finished")


def test_a_write_appends_one_line_and_leaves_the_snapshot_alone(tmp_path):
    path = tmp_path / "v.json"
    data = VendorData(path)
    things = data.collection("things")
    with data.batch():
        things.insert_many({"n": i} for i in range(1000))
    snapshot = path.read_bytes()
    things.insert({"n": "new"})
    things.update(1, {"n": "changed"})
    assert path.read_bytes() == snapshot
    lines = log_path(path).read_bytes().splitlines()
    assert [json.loads(line) for line in lines] == [
        [{"t": "things", "s": {"1001": {"n": "new", "id": 1001}}}],
        [{"t": "things", "s": {"1": {"n": "changed", "id": 1}}}],
    ]
    data.close()  # folds the log into the snapshot
    assert not log_path(path).exists()
    reopened = VendorData(path).collection("things")
    assert (len(reopened), reopened.get(1)["n"], reopened.get(1001)["n"]) == (1001, "changed", "new")


def test_the_log_is_folded_into_the_snapshot_once_it_outgrows_it(tmp_path):
    path = tmp_path / "v.json"
    things = VendorData(path).collection("things")
    things.insert({"n": 0})
    for i in range(50):  # 50 writes of 100 KB: past the 4 MiB floor and the snapshot's size
        things.update(1, {"blob": "x" * 100_000, "i": i})
    assert log_path(path).stat().st_size < 4 * 1024 * 1024
    assert VendorData(path).collection("things").get(1)["i"] == 49


def test_a_torn_last_line_is_dropped_and_a_bad_line_is_refused(tmp_path):
    path = tmp_path / "v.json"
    data = VendorData(path)
    data.collection("things").insert({"n": 1})
    data.collection("things").insert({"n": 2})
    log = log_path(path)
    complete = log.read_bytes()
    log.write_bytes(complete + b'[{"t":"things","s":{"3":{"n":3,')  # killed mid-append
    assert [t["n"] for t in VendorData(path).collection("things").all()] == [1, 2]
    assert log.read_bytes() == complete  # cut, so the next append starts on a line of its own

    log.write_bytes(b"garbage\n" + complete)
    with pytest.raises(StoreCorrupt, match=r"v\.json\.log: line 1 is not a valid change"):
        load_tables(path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b'{"things": {"1": {"n": 1}}',
            "not valid JSON (Expecting ',' delimiter: line 1 column 27 (char 26))",
        ),
        (b'{"things": {"1": {"n": 1}}}', "table 'things': record 1 has id None"),
        (b'{"things": {"x": {"id": 1}}}', "table 'things': 'x' is not a record id"),
        (b'{"things": [1]}', "table 'things' is not an object"),
    ],
)
def test_start_up_refuses_a_corrupt_vendor_file_naming_it(tmp_path, content, problem):
    echo_server(data_dir=tmp_path)  # writes tenants.json with the demo tenant
    bad = tmp_path / "tenants" / "demo" / "echo.json"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(content)
    with pytest.raises(datadir.DataDirError) as refused:
        echo_server(data_dir=tmp_path)
    assert str(refused.value) == f"{bad}: {problem}"


def test_start_up_removes_temp_files_and_the_files_of_deleted_tenants(tmp_path):
    client = Client(echo_server(data_dir=tmp_path))
    made = client.post("/_mock/tenants", json={"name": "kept"}).json
    token = made["credentials"]["echo"]["token"]
    assert client.post(f"/echo/api/things?token={token}", json={"name": "mine"}).status_code == 201
    stale = tmp_path / "tenants" / made["id"] / ".echo.json.abc123.tmp"
    stale.write_text("{half")
    # what a kill between saving the index and removing the files leaves: a deleted tenant's data
    orphan = tmp_path / "tenants" / "t-gone"
    orphan.mkdir()
    (orphan / "echo.json").write_text('{"things": {"1": {"id": 1, "name": "old"}}}')

    orphan_state = tmp_path / "runtime" / "t-gone" / "echo"
    orphan_state.mkdir(parents=True)
    (orphan_state / "tokens.json").write_text('{"tokens": {"1": {"id": 1, "key": "k", "value": 1}}}')

    again = Client(echo_server(data_dir=tmp_path))
    assert not stale.exists() and not orphan.exists() and not orphan_state.parent.exists()
    assert again.get(f"/echo/api/things?token={token}").json[-1]["name"] == "mine"


def test_start_up_refuses_a_corrupt_runtime_state_file(tmp_path):
    echo_server(data_dir=tmp_path)
    bad = tmp_path / "runtime" / "demo" / "echo" / "tokens.json"
    bad.parent.mkdir(parents=True)
    bad.write_text('{"tokens": {"1": {"key": "k"}}}')
    with pytest.raises(datadir.DataDirError) as refused:
        echo_server(data_dir=tmp_path)
    assert str(refused.value) == f"{bad}: table 'tokens': record 1 has id None"


def test_a_deleted_tenant_leaves_no_directory(tmp_path):
    app = echo_server(data_dir=tmp_path)
    client = Client(app)
    made = client.post("/_mock/tenants", json={}).json
    client.get(f"/echo/api/things?token={made['credentials']['echo']['token']}")
    app.tenants.get(made["id"]).state("echo").map("tokens").put("k", 1)  # durable runtime state
    data, state = tmp_path / "tenants" / made["id"], tmp_path / "runtime" / made["id"]
    assert (data / "echo.json").exists() and (state / "echo" / "tokens.json").exists()
    assert client.delete(f"/_mock/tenants/{made['id']}").status_code == 204
    assert not data.exists() and not state.exists()


def test_a_settings_patch_never_writes_an_index_older_than_a_concurrent_create(tmp_path, monkeypatch):
    """The patch's snapshot of tenants.json is held at the moment it replaces the file; a create
    racing it must not be acknowledged and then overwritten by that older snapshot."""
    app = echo_server(data_dir=tmp_path)
    client = Client(app)
    patch_replacing, go_on = threading.Event(), threading.Event()
    real_replace = os.replace
    patcher: list[threading.Thread] = []

    def replace(src, dst):
        if threading.current_thread() in patcher and Path(dst).name == datadir.INDEX:
            patch_replacing.set()
            go_on.wait(10)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    patch = threading.Thread(target=client.patch, args=("/_mock/tenants/demo/settings",), kwargs={"json": {}})
    patcher.append(patch)
    patch.start()
    assert patch_replacing.wait(10)
    created: list = []
    create = threading.Thread(target=lambda: created.append(client.post("/_mock/tenants", json={})))
    create.start()
    create.join(1)  # with the registry's lock held by the patch, the create waits for it
    go_on.set()
    patch.join(10)
    create.join(10)
    assert created[0].status_code == 201
    monkeypatch.undo()
    restored = Client(echo_server(data_dir=tmp_path)).get("/_mock/tenants").json["tenants"]
    assert {t["id"] for t in restored} == {"demo", created[0].json["id"]}
