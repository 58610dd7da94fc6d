"""The answer writer (``serializer``) against Spyne's path: the same values give the same bytes.

Every Severa test already compares the two for each answer it causes (the autouse
``serializer_comparison`` fixture in ``conftest``: a difference fails the test). Here: all 256
operations called without arguments, text that lxml escapes sent and read back, values the seed
does not hold (aware datetimes, decimals in exponent form, derived instances), and the values the
writer leaves to Spyne, whose answer then is exactly Spyne's as before.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from lxml import etree
from spyne.server.wsgi import WsgiMethodContext
from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.vendors.severa import catalog, entities, serializer
from mockserver.vendors.severa.envelope import CONTENT_TYPE
from mockserver.vendors.severa.operations import dispatch
from mockserver.vendors.severa.soap import Soap
from tests.vendors.severa.conftest import ENTITIES, PATH, SERVICE_NS, envelope

OPERATIONS = sorted(catalog.operations().values(), key=lambda op: (op.contract, op.name))


@pytest.fixture(scope="module")
def client() -> Client:
    return Client(MockServer(Config(replay=False)))


def call(client: Client, operation: str, inner: str = "") -> Any:
    contract = catalog.operations()[operation].contract
    headers = {"Content-Type": CONTENT_TYPE, "SOAPAction": f'"{SERVICE_NS}{contract}/{operation}"'}
    return client.post(PATH, data=envelope(operation, inner), headers=headers)


def test_every_operation_without_arguments_is_written_as_spyne_writes_it(client, serializer_comparison):
    """Each successful answer is the writer's (and equal to Spyne's: the fixture compares); each
    fault is Spyne's."""
    written_by_spyne = []
    for op in OPERATIONS:
        before = len(serializer_comparison.compared)
        response = call(client, op.name)
        written = len(serializer_comparison.compared) > before
        if response.status_code == 200 and not written:
            written_by_spyne.append(op.name)
        assert not (response.status_code == 500 and written), op.name
    assert written_by_spyne == []
    assert len(serializer_comparison.compared) > 80


TEXT = "A & B <x> \"q\" 's' tab\tline\nreturn\r ÄÖå € 😀 ]]> &amp;"


def test_text_lxml_escapes_is_read_back_as_sent(client, serializer_comparison):
    account = etree.Element("accountInfo")
    etree.SubElement(account, f"{{{ENTITIES}}}Name").text = TEXT
    etree.SubElement(account, f"{{{ENTITIES}}}Notes").text = ""
    added = call(client, "AddNewAccount", etree.tostring(account, encoding="unicode"))
    assert added.status_code == 200, added.data
    guid = etree.fromstring(added.data).findtext(f".//{{{ENTITIES}}}GUID")
    read = call(client, "GetAccountByGUID", f"<accountGuid>{guid}</accountGuid>")
    result = etree.fromstring(read.data).find(f".//{{{SERVICE_NS}}}GetAccountByGUIDResult")
    assert result.findtext(f"{{{ENTITIES}}}Name") == TEXT
    assert b"return&#13; " in read.data and b"&lt;x&gt;" in read.data
    assert serializer_comparison.compared == ["AddNewAccount", "GetAccountByGUID"]


# -- values the seed does not hold ------------------------------------------------------------------
@pytest.fixture(scope="module")
def spyne_app() -> Any:
    return Soap(dispatch).get().wsgi


def answer(spyne_app: Any, operation: str, value: Any) -> tuple[bytes | None, bool]:
    """The answer ``operation`` gives for ``value`` as its result (None when Spyne's serialiser
    raises: its WSGI layer then answers a Server fault), and whether the writer wrote it."""
    ctx = WsgiMethodContext(spyne_app, {}, CONTENT_TYPE)
    ctx.descriptor = spyne_app.app.interface.service_method_map[f"{{{SERVICE_NS}}}{operation}"][0]
    ctx.out_object = [value]
    try:
        spyne_app.get_out_string(ctx)
    except (TypeError, ValueError):
        return None, False
    return b"".join(ctx.out_string), bool(ctx.transport.req_env.get(serializer.WRITTEN_KEY))


def account(**values: Any) -> dict[str, Any]:
    return entities.to_wire("Account", {"GUID": "g", "Name": "n", **values})


WRITTEN = {
    "exponent decimal": ("GetAccountByGUID", account(OverdueInterest="1E+2", InvoicingVat="-0.000")),
    "aware datetime": ("GetAccountByGUID", account(UpdatedTS="2024-05-06T07:08:09.123456+02:00")),
    "utc datetime": ("GetAccountByGUID", {**account(), "InsertTS": datetime(2024, 1, 2, tzinfo=UTC)}),
    "offset datetime": (
        "GetAccountByGUID",
        {**account(), "InsertTS": datetime(2024, 1, 2, 3, tzinfo=timezone(timedelta(hours=-5)))},
    ),
    "large numbers": ("GetAccountByGUID", account(Number=2**62, AccountRating=-(2**31))),
    "null items": ("GetAccountByGUID", account(AccountGroupGUIDs=["a", None, ""])),
    "empty list": ("GetAllAccounts", []),
    "nil result": ("GetAccountByGUID", None),
    "derived instance": (
        "GetItemsByCaseGUID",
        [entities.to_wire("Item", {"GUID": "r", "_type": "TravelReimbursementRow", "rowNumber": 3})],
    ),
    "tree": (
        "GetHourEntryPhasesByUserGUID",
        [
            {
                "GUID": "root",
                "IsLocked": False,
                "ChildPhases": [{"GUID": "child", "IsLocked": True, "ChildPhases": []}, None],
            }
        ],
    ),
    "string array": ("GetPhaseMembersByPhaseGUID", ["x", "y & z", None]),
    "boolean": ("DeleteCase", True),
    "string": ("GetVersion", ""),
    "void": ("SetInvoiceStatus", None),
}


@pytest.mark.parametrize("case", WRITTEN, ids=list(WRITTEN))
def test_values_beyond_the_seed_are_written_as_spyne_writes_them(spyne_app, serializer_comparison, case):
    operation, value = WRITTEN[case]
    _body, written = answer(spyne_app, operation, value)
    assert written
    assert serializer_comparison.compared == [operation]


LEFT_TO_SPYNE = {
    "not an XML character": ("GetAccountByGUID", account(Name="bell\x07")),
    "a number in a string member": ("GetAccountByGUID", {**account(), "Name": 5}),
    "a float in a decimal member": ("GetAccountByGUID", {**account(), "OverdueInterest": 1.5}),
    "a boolean in an integer member": ("GetAccountByGUID", {**account(), "PaymentTerm": True}),
    "a string in a boolean member": ("GetAccountByGUID", {**account(), "IsActive": "yes"}),
    "bytes": ("GetInvoicePdf", b"%PDF-1.4"),
}


@pytest.mark.parametrize("case", LEFT_TO_SPYNE, ids=list(LEFT_TO_SPYNE))
def test_values_the_writer_declines_are_spynes_to_answer(spyne_app, serializer_comparison, case):
    operation, value = LEFT_TO_SPYNE[case]
    _body, written = answer(spyne_app, operation, value)
    assert not written
    assert serializer_comparison.compared == []


def test_plans_built_by_threads_at_once_are_whole(spyne_app):
    """A plan is published only when complete: threads that all ask for it first write the same
    bytes as a plan built beforehand."""
    descriptor = spyne_app.app.interface.service_method_map[f"{{{SERVICE_NS}}}GetAccountByGUID"][0]
    value = account(AccountGroupGUIDs=["a"], Number=7)
    protocol = spyne_app.app.out_protocol
    expected = serializer.response(serializer.Plans(protocol), descriptor.out_message, [value])
    plans = serializer.Plans(protocol)
    barrier = threading.Barrier(8)

    def write(_: int) -> bytes:
        barrier.wait(timeout=30)
        return serializer.response(plans, descriptor.out_message, [value])

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(write, range(8))) == {expected}
