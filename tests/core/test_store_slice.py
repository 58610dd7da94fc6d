"""Collection.slice: a page of records in insertion order without copying the whole table."""

from __future__ import annotations

from mockserver.core.store import VendorData


def test_slice_returns_copies_in_insertion_order():
    collection = VendorData().collection("things")
    for number in range(1, 8):
        collection.insert({"n": number})
    page = collection.slice(2, 5)
    assert [d["n"] for d in page] == [3, 4, 5]
    page[0]["n"] = 99
    assert collection.get(3)["n"] == 3
    assert collection.slice(6, 10) == [collection.get(7)]
    assert collection.slice(10, 20) == [] and collection.slice(3, 3) == [] and collection.slice(-1, 2) == []
