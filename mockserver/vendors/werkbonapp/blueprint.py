"""What the vendor's API Blueprint decides, operation by operation, and which reading we chose where
it contradicts itself.

The OutSmart OPENApi v8 documentation is also an API Blueprint with field tables and worked request
and answer examples (a public copy: the README of the GitHub repository
``CloudEcosystemDev/outsmart-component``). It outranks the rest of our sources; where its own parts
disagree (a field table against a worked example, an example that is not valid JSON), the note here
says what the mock does. ``contract_gen`` adds each note to the operation's ``x-evidence`` (and
raises ``x-fidelity`` to ``documented`` where the Blueprint is the first source that documents the
operation); the README lists the same choices. Tests:
``tests/vendors/werkbonapp/test_blueprint_examples.py``, one per worked example.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Vendor API Blueprint"


@dataclass(frozen=True)
class Note:
    #: what the Blueprint shows, and our choice where it contradicts itself (one sentence)
    text: str
    #: the Blueprint documents this operation, which the older sources did not
    documents: bool = False


_CODED = "worked examples: a missing required field answers 1051 (the code table lists none)"

#: (path, method) -> the note for that operation
NOTES: dict[tuple[str, str], Note] = {
    ("/categories/", "post"): Note(
        "the correct worked body lacks commas (not JSON): read as a typo, the body with commas is accepted"
    ),
    ("/hourtypes/", "post"): Note(
        "table says sale_price > 0, the correct example posts 0.00: zero is accepted"
    ),
    ("/vehicles/", "post"): Note(
        f"{_CODED}; its 'unparsable' example is valid JSON and is accepted; veh_image is optional"
    ),
    ("/workstatusses/", "post"): Note("the code table says 2801, the worked example 2501: 2501 is answered"),
    ("/priorities/", "post"): Note(_CODED),
    ("/errors/", "post"): Note(_CODED),
    ("/solutions/", "post"): Note(_CODED),
    ("/material_types/", "post"): Note(_CODED),
    ("/regions/", "post"): Note(_CODED),
    ("/parts/", "post"): Note("prt_sup_code and prt_value are required, as its field table says"),
    ("/relations/", "get"): Note("latitude and longitude read null when never set"),
    ("/projects/", "get"): Note("a posted null (debtor_number_invoice, date_end) reads back as null"),
    ("/object_parts/", "get"): Note(
        "val_value_1-20, null when never set; opr_timestamp_warranty_expires is installation + months"
    ),
    ("/objects/changed/", "get"): Note("obj_code clears that object's changed indicator"),
    ("/object_parts/changed/", "get"): Note("opr_timestamp_mutate (Y-m-d H:i:s) is read as since"),
    ("/locations/", "get"): Note("no location data: 1400 with no messages", documents=True),
    ("/GetWorkorder/", "get"): Note(
        "the worked Documents is not JSON: file names, as its table says; "
        "WorkInstruction and Employees from the table"
    ),
    ("/GetWorkorders/", "get"): Note(
        "work periods carry every key (empty ones as ''); TotalTime H:i; MaterialTotalPrice '0,00'"
    ),
    ("/UpdateWorkorder/", "get"): Note(
        "every parameter is marked required, yet one identifier and one change suffice; "
        "'Employee not updated'"
    ),
    ("/PostWorkorders/", "post"): Note(
        "Employees and WorkObjects are arrays of strings; a WorkorderNo posted again keeps its row_id"
    ),
    ("/invoices/", "get"): Note(
        "iln_lines is an array of line objects, invoice_debtor an object", documents=True
    ),
    ("/transactions/", "get"): Note("int_inv_id is null for an unassigned transaction", documents=True),
    ("/transactions/", "post"): Note(
        "int_inv_id may be null; answers the records with int_status and int_timestamp", documents=True
    ),
    ("/transactions/", "put"): Note(
        "each record names int_transaction_id or int_external_transaction_id; answers the count",
        documents=True,
    ),
}


def evidence(path: str, method: str, fidelity: str, evidence_text: str) -> tuple[str, str]:
    """The operation's (x-fidelity, x-evidence) with the Blueprint's note, when it has one."""
    note = NOTES.get((path, method))
    if note is None:
        return fidelity, evidence_text
    if note.documents and fidelity == "inferred":
        fidelity = "documented"
        evidence_text = "Vendor manual (API Blueprint) for this function."
    return fidelity, f"{evidence_text} {SOURCE}: {note.text}."
