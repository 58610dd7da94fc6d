import os
import subprocess
import sys

import pytest

from mockserver.core.store import Collection, VendorData


def things(data: VendorData) -> Collection:
    return data.collection("things", unique=("code",))


def test_insert_get_update_replace_remove():
    col = things(VendorData())
    first = col.insert({"code": "a", "n": 1})
    second = col.insert({"code": "b", "n": 2})
    assert (first["id"], second["id"]) == (1, 2)
    assert col.get(1) == {"code": "a", "n": 1, "id": 1}
    assert col.get("2")["code"] == "b"
    assert col.get("x") is None and col.get(0) is None and col.get(True) is None
    assert col.update(1, {"n": 10})["n"] == 10
    assert col.replace(2, {"code": "c"}) == {"code": "c", "id": 2}
    assert col.get(2) == {"code": "c", "id": 2}
    assert col.remove(1) is True and col.remove(1) is False
    assert [d["id"] for d in col.all()] == [2]


def test_unique_index_follows_writes():
    col = things(VendorData())
    col.insert({"code": "a"})
    col.insert({"code": "b"})
    assert col.find_by("code", "b")["id"] == 2
    col.update(2, {"code": "z"})
    assert col.find_by("code", "b") is None
    assert col.find_by("code", "z")["id"] == 2
    col.remove(2)
    assert col.find_by("code", "z") is None
    assert col.find_by("missing", 1) is None


def test_records_handed_out_do_not_alias_the_store():
    col = things(VendorData())
    nested = {"lines": [{"qty": 1}]}
    col.insert({"code": "a", **nested})
    nested["lines"][0]["qty"] = 99  # the caller's object changes after insert
    assert col.get(1)["lines"] == [{"qty": 1}]


def test_explicit_ids_and_next_number():
    data = VendorData()
    col = things(data)
    col.insert_many([{"id": 7, "code": "x"}, {"id": 3, "code": "y"}])
    assert col.insert({"code": "z"})["id"] == 8
    assert [data.next_number("q"), data.next_number("q"), data.next_number("r", 100)] == [1, 2, 100]


def test_write_cost_does_not_rebuild_the_table():
    """InPlaceTable hands TinyDB a live view: an update touches one record, not all of them."""
    col = things(VendorData())
    for i in range(2000):
        col.insert({"code": f"c{i}"})
    raw = col._raw()
    before = {k: id(v) for k, v in raw.items()}
    col.update(5, {"n": 1})
    after = {k: id(v) for k, v in col._raw().items()}
    changed = [k for k in before if before[k] != after[k]]
    assert changed in ([], ["5"])  # no other record object was rebuilt
    assert col._raw() is raw


def test_file_storage_survives_reopen(tmp_path):
    path = tmp_path / "t" / "v.json"
    data = VendorData(path)
    things(data).insert({"code": "a"})
    data.next_number("seq")
    data.close()
    reopened = VendorData(path)
    assert things(reopened).find_by("code", "a")["id"] == 1
    assert reopened.next_number("seq") == 2
    assert not list(path.parent.glob("*.tmp"))


def test_killed_writer_never_leaves_a_torn_file(tmp_path):
    """A process killed in the middle of many writes leaves a file that parses to a prefix of them."""
    path = tmp_path / "v.json"
    script = f"""
import os, signal
from mockserver.core.store import VendorData
data = VendorData({str(path)!r})
col = data.collection("things")
for i in range(100000):
    col.insert({{"n": i, "pad": "x" * 200}})
    if i == 150:
        os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=120)
    assert result.returncode == -9
    numbers = sorted(d["n"] for d in VendorData(path).collection("things").all())
    assert numbers == list(range(len(numbers))) and len(numbers) >= 150


def test_a_batch_reaches_the_file_once_complete_and_not_at_all_when_it_fails(tmp_path):
    path = tmp_path / "kept.json"
    data = VendorData(path)
    with data.batch():
        data.collection("things").insert_many([{"n": i} for i in range(50)])
        assert not path.exists()  # nothing written while the batch runs
    assert len(VendorData(path).collection("things")) == 50

    failed = tmp_path / "failed.json"
    broken = VendorData(failed)
    with pytest.raises(RuntimeError), broken.batch():
        broken.collection("things").insert({"n": 1})
        raise RuntimeError("seeding failed")
    assert not failed.exists()
    broken.collection("things").insert({"n": 2})  # writes outside a batch persist at once
    assert len(VendorData(failed).collection("things")) == 2
