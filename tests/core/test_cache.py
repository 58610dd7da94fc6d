from mockserver.core.cache import VersionedCache
from mockserver.core.store import VendorData


def test_every_write_bumps_the_data_version_and_reads_do_not():
    data = VendorData()
    things = data.collection("things")
    seen = [data.version]
    things.insert({"n": 1})
    seen.append(data.version)
    things.update(1, {"n": 2})
    seen.append(data.version)
    things.replace(1, {"n": 3})
    seen.append(data.version)
    things.remove(1)
    seen.append(data.version)
    data.collection("other").insert({"n": 1})
    seen.append(data.version)
    assert seen == sorted(set(seen)) and len(seen) == 6
    before = data.version
    things.get(1), things.all(), things.find_by("n", 1), len(things)
    assert data.version == before


def test_cached_answer_is_valid_for_its_version_only_and_bounded():
    cache = VersionedCache(size=2)
    cache.put("page", 1, b"v1")
    assert cache.get("page", 1) == b"v1"
    assert cache.get("page", 2) is None
    cache.put("a", 1, b"a")
    cache.put("b", 1, b"b")
    assert cache.get("page", 1) is None  # evicted, least recently used
    assert (cache.get("a", 1), cache.get("b", 1)) == (b"a", b"b")
