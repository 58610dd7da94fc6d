from werkzeug.test import Client

from mockserver.core.cache import ENTRY_OVERHEAD, AnswerCache, VersionedCache
from mockserver.core.store import VendorData
from tests.core.conftest import echo_server


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


def test_the_cache_is_bounded_in_bytes_with_keys_and_values_counted_and_huge_keys_refused():
    cache: AnswerCache[bytes] = AnswerCache(entries=10_000, max_key=1024, max_value=4096, max_bytes=64 * 1024)
    assert not cache.put(("/p", "q=" + "x" * 250_000), b"answer", 6)  # a 250 KB URL: not kept
    assert not cache.put("/big", b"x" * 5000, 5000)
    assert (len(cache), cache.bytes) == (0, 0)
    for n in range(5000):
        assert cache.put(("/p", f"q={n}" + "y" * 900), b"z" * 3000, 3000)
    assert cache.bytes <= 64 * 1024 and len(cache) == 64 * 1024 // (3000 + 905 + ENTRY_OVERHEAD)
    assert cache.get(("/p", "q=4999" + "y" * 900)) == b"z" * 3000  # the newest stay
    assert cache.get(("/p", "q=0" + "y" * 900)) is None


def test_the_journal_keeps_bodies_queries_and_headers_cut_and_marked_under_its_byte_cap():
    app = echo_server(journal_size=1000, journal_max_bytes=256 * 1024)
    echo = Client(app)
    for n in range(40):  # 40 requests with 250 KB query strings and 100 KB bodies: 14 MB sent
        echo.post(
            f"/echo/api/things?token=demo-echo-token&n={n}&pad=" + "q" * 250_000,
            data=b"b" * 100_000,
            headers={"X-Big": "h" * 20_000},
        )
    assert app.journal.bytes <= 256 * 1024
    entries = app.journal.entries()
    assert 5 < len(entries) < 40 and entries[-1].as_json()["query"].startswith("token=demo-echo-token&n=39")
    newest = entries[-1].as_json()
    assert (len(newest["query"]), newest["query_size"], newest["query_truncated"]) == (4096, 250_031, True)
    request = newest["request"]
    assert (len(request["body"]), request["size"], request["truncated"]) == (16 * 1024, 100_000, True)
    assert len(request["headers"]["X-Big"]) == 1024 and request["headers_truncated"] is True
    assert sum(e.cost for e in entries) == app.journal.bytes
