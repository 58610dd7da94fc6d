"""The worked examples of the OutSmart OPENApi v8 API Blueprint, as data for
``test_blueprint_examples.py``.

Source: the vendor's API Blueprint (``FORMAT: 1A``, host ``www.out-smart.com/openapi/8``); the public
copy we read is the README of the GitHub repository ``CloudEcosystemDev/outsmart-component``. Each
``BulkExample`` is one master-data section (``## <resource>``): its "Correct ... data posted",
"Required value missing", "Unparsable JSON body posted" and "Empty body posted" requests with their
answers, and the records of its ``Get ... [GET]`` answer. The bodies are re-typed here as Python
data (long form definitions shortened where only their shape matters); the answers' codes and
messages are the Blueprint's, character for character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass(frozen=True)
class BulkExample:
    #: the Blueprint section (and the URL name)
    resource: str
    #: "Correct ... data posted" and the count it answers
    correct: list[Record]
    count: int
    #: "Required value missing": its body, code and messages (None: the section has no such example)
    missing: list[Record] | None = None
    missing_code: int = 0
    missing_messages: tuple[str, ...] = ()
    #: the "Unparsable JSON body posted" body, verbatim (None: the section has none)
    unparsable: str | None = None
    #: the records of the section's GET answer
    listed: list[Record] = field(default_factory=list)
    #: the fields that identify a listed record
    key: tuple[str, ...] = ()
    #: the GET answer's records are the posted ones (compare values), not other sample data
    same_data: bool = True


def _form(name: str, field_type: str) -> Record:
    """One form definition of the ``forms`` example (its ``data`` is JSON text)."""
    options = {"options": [{"label": "a", "checked": False}, {"label": "b", "checked": False}]}
    if field_type == "text":
        options = {"size": "small", "value": ""}
    data = {
        "fields": [
            {"label": name, "field_type": field_type, "required": True, "field_options": options, "cid": "c2"}
        ]
    }
    import json

    return {"name": name, "data": json.dumps(data, separators=(",", ":")), "template": ""}


_FORMS = [_form("Checklist", "radio"), _form("Controle lijst", "text"), _form("Eigen form", "checkboxes")]

_RELATIONS = [
    {
        "name": "Naam B.V.",
        "debtor_number": "14233Aaa",
        "contact": "Dhr. Piet Klaassen",
        "phone_number": "0761625345",
        "email": "vb@example.nl",
        "email_workorder": "vb@example.nl",
        "street": "Beatrixlaan",
        "house_number": "132",
        "postal_code": "1234AB",
        "city": "Utrecht",
        "remark": "Let op met parkeren hier.",
    },
    {
        "name": "Naam2 BV",
        "debtor_number": "152346",
        "contact": "Dhr. Example",
        "phone_number": "0761654637",
        "email": "vb@example2.nl",
        "email_workorder": "vb@example2.nl",
        "street": "Clauslaan",
        "house_number": "54",
        "postal_code": "1234AX",
        "city": "Amsterdam",
        "remark": "Let op met parkeren hier.",
    },
]


def _project(code: str, name: str, status: str = "Nieuw") -> Record:
    return {
        "code": code,
        "code_ext": "",
        "debtor_number": "3",
        "adr_code": "5",
        "cpn_code": "",
        "debtor_number_invoice": None,
        "status": status,
        "name": name,
        "description": "Dit project zal op nacalculatiebasis worden gefactureerd.",
        "progress": "0",
        "date_start": "2013-10-01",
        "date_end": None,
        "active": "1",
    }


_PROJECTS = [_project("N001", "Project op nacalculatiebasis"), _project("P002", "Opdracht met voorschot")]
_HOURTYPES = [
    {
        "code": "001",
        "name": "Normale uren",
        "cost_booking": "0",
        "sale_booking": "0",
        "sale_price": "50.00",
        "cost_price": "25.00",
        "active": "1",
    },
    {
        "code": "ZK",
        "name": "Ziekte",
        "cost_booking": "1",
        "sale_booking": "1",
        "sale_price": "0.00",
        "cost_price": "0.00",
        "active": "1",
    },
]
_OBJECT = {
    "obj_code": "Object 22323",
    "obj_sup_code": "gfgd",
    "obj_debiteur_nummer": "4_548a427a-45e8-4f05-9eff-36c8dd742942",
    "obj_adr_code": "",
    "obj_obj_code": "ghd",
    "obj_image": "no-image.png",
    "obj_description": "Object 2",
    "obj_price": "0.00",
    "obj_floor_level": "0",
    "obj_location": "",
    "obj_latitude": None,
    "obj_longitude": None,
    "obj_type": "",
    "obj_model": "",
    "obj_brand": "sdfds",
    "obj_date_warranty_expires": "2017-03-01",
    "obj_serialnumber": "dsfs",
    "obj_date_last_inspection": "2017-03-01",
    "obj_date_installation": "2017-03-01",
    "obj_freefield_1": "Merk x",
    "obj_freefield_2": "Model y ",
    "obj_freefield_3": "11-12-2016",
    **{f"obj_freefield_{n}": "" for n in range(4, 19)},
    "obj_freefield_19": "12",
    "obj_freefield_20": "",
    "obj_order": "",
}
#: the GET objects answer's record: the posted fields, and the two time stamps
OBJECT_READ = {**_OBJECT, "obj_created": "0000-00-00 00:00:00", "obj_modified": "2017-03-02 11:10:44"}
_OBJECT_PART = {
    "opr_obj_code": "Object 1",
    "opr_prt_code": "001",
    "opr_serial_number": "65644456",
    "opr_description": "",
    "opr_timestamp_installation": "2018-10-11",
    "opr_warranty_months": "24",
    "opr_amount": "4",
    "val_value_1": "Free field 1 value",
    "val_value_2": "Free field 1 value",
}
OBJECT_PART_READ = {
    **_OBJECT_PART,
    "opr_timestamp_warranty_expires": "2020-10-11",
    **{f"val_value_{n}": None for n in range(3, 21)},
}
_WORKTYPES = [
    {
        "wrt_name": "Garantie",
        "wrt_description": "Garantie werkzaamheden",
        "wrt_default_minutes": "60",
        "wrt_active": "1",
    },
    {
        "wrt_name": "Installatie",
        "wrt_description": "Installatie werkzaamheden",
        "wrt_default_minutes": "720",
        "wrt_active": "1",
    },
]
_REGIONS = [
    {
        "reg_code": "1",
        "reg_name": "Utrecht 32-33",
        "reg_zip_start": "3200",
        "reg_zip_end": "3500",
        "reg_city": "",
        "reg_country": "",
    },
    {
        "reg_code": "2",
        "reg_name": "Utrecht",
        "reg_zip_start": "0",
        "reg_zip_end": "0",
        "reg_city": "Utrecht",
        "reg_country": "",
    },
]
_VEHICLE = {
    "veh_license_plate": "GN054H",
    "veh_title": "Golf GTE",
    "veh_brand": "Volkswagen",
    "veh_model": "Golf",
    "veh_type": "GTE",
    "veh_driver": "13",
    "veh_driving": "1",
    "veh_active": "1",
}
_ADDRESSES = [
    {
        "adr_debtor_nr": "2082092",
        "adr_code": "1",
        "adr_cpn_code": "3",
        "adr_line_1": "Zonnebaan 9",
        "adr_zip": "3542 AA",
        "adr_city": "Utrecht",
        "adr_country": "Nederland",
        "adr_remark": "Crediteurenadministratie",
    },
    {
        "adr_debtor_nr": "82",
        "adr_code": "2",
        "adr_cpn_code": "3",
        "adr_line_1": "Zonnebaan 22",
        "adr_zip": "3542 EE",
        "adr_city": "Utrecht",
        "adr_country": "Nederland",
        "adr_remark": "",
    },
]
_CONTACT = {
    "cpn_debtor_nr": "82",
    "cpn_code": "1",
    "cpn_name": "Hans",
    "cpn_phone": "020 2298144",
    "cpn_email": "email@email.com",
}


def _coded(*rows: tuple[str, str]) -> list[Record]:
    return [{"code": code, "description": description, "app_enabled": "0"} for code, description in rows]


def _without(records: list[Record], name: str) -> list[Record]:
    """The "Required value missing" body: the first record without ``name``."""
    first = {k: v for k, v in records[0].items() if k != name}
    return [first, *records[1:]]


_PRIORITIES = _coded(("10", "High"), ("1", "Low"))
_ERRORS = _coded(
    ("GENERAL", "General error"), ("MECHANICAL", "Mechanical error"), ("SOFTWARE", "Software error")
)
_SOLUTIONS = _coded(("HARD_RESET", "Hard reset"), ("SOFT_RESET", "Soft reset"), ("Update", "Update"))
_MATERIAL_TYPES = _coded(
    ("DELIVERY", "Delivery"), ("ORDER", "Order"), ("PICKUP", "Pick-up"), ("USAGE", "Usage")
)
_CATEGORIES = [
    {"cat_code": "001", "cat_name": "Ijzerwaren", "cat_display": "1", "cat_cat_code": "", "cat_image": ""},
    {
        "cat_code": "001-002",
        "cat_name": "Schroefjes",
        "cat_display": "0",
        "cat_cat_code": "001",
        "cat_image": "",
    },
    {
        "cat_code": "001-003",
        "cat_name": "Boutjes",
        "cat_display": "0",
        "cat_cat_code": "001",
        "cat_image": "",
    },
]
_EMPLOYEES = [
    {"firstname": "Jan", "lastname": "Klaassen", "number": "123"},
    {"firstname": "Katrien", "lastname": "Klaassen", "number": "129"},
]
_MATERIALS = [
    {
        "code": "00001",
        "description": "Omschrijving 1",
        "price": "4,55",
        "unit": "M2",
        "eancode": "",
        "barcode": "",
        **{f"freefield{n}": "" for n in range(1, 6)},
    },
    {"code": "00012", "description": "Omschrijving 2", "price": "2,50", "unit": "M2"},
]
_WORKSTATUSSES = [
    {"sta_code": "002", "sta_name": "In progress"},
    {"sta_code": "001", "sta_name": "Waiting for customer"},
]

BULK: tuple[BulkExample, ...] = (
    BulkExample(
        "employees",
        _EMPLOYEES,
        2,
        _without(_EMPLOYEES, "firstname"),
        1101,
        ("Required field missing: firstname",),
        '[{"firstname"":"Jan","lastname":"Klaassen","number":"123"},'
        '{"firstname":"Katrien","lastname":"Klaassen","number":"129"}]',
        [{**e, "active": "1"} for e in _EMPLOYEES],
        ("number",),
    ),
    BulkExample(
        "materials",
        _MATERIALS,
        2,
        [{"description": "Omschrijving 1", "price": "4,55", "unit": "M2"}, _MATERIALS[1]],
        1201,
        ("Required field missing: code",),
        '[{"code"":"00001","description":"Omschrijving 1","price":"4,55","unit":"M2"},'
        '{"code":"00012","description":"Omschrijving 2","price":"2,50","unit":"M2"}]',
        [
            {"code": "00001", "description": "Omschrijving 1", "price": "4,55", "unit": "M2"},
            {"code": "00012", "description": "Omschrijving 2", "price": "2,50", "unit": "M2"},
        ],
        ("code",),
    ),
    BulkExample(
        "categories",
        _CATEGORIES,
        3,
        _without(_CATEGORIES, "cat_code"),
        2401,
        ("Required field missing: cat_code",),
        '[{"cat_code"": "001", "cat_name": "Ijzerwaren", "cat_display": "1", '
        '"cat_cat_code": "", "cat_image": ""}]',
        [{k: v for k, v in c.items() if k != "cat_image"} for c in _CATEGORIES],
        ("cat_code",),
    ),
    BulkExample(
        "material_categories",
        [{"mct_mat_code": "001", "mct_cat_code": "7"}, {"mct_mat_code": "001", "mct_cat_code": "8"}],
        2,
        [{"mct_mat_code": "001"}, {"mct_mat_code": "001", "mct_cat_code": "8"}],
        2501,
        ("Required field missing: mct_cat_code",),
        '[{"mct_mat_code"": "001", "mct_cat_code": "7"}, {"mct_mat_code": "001", "mct_cat_code": "8"}]',
        [{"mct_mat_code": "001", "mct_cat_code": "7"}],
        ("mct_mat_code", "mct_cat_code"),
    ),
    BulkExample(
        "relations",
        _RELATIONS,
        2,
        _without(_RELATIONS, "name"),
        1301,
        ("Required field missing: name",),
        '[{"name"":"Naam B.V.","debtor_number":"14233Aaa","street":"Beatrixlaan","postal_code":"1234AB",'
        '"city":"Utrecht"}]',
        [{**r, "latitude": None, "longitude": None} for r in _RELATIONS],
        ("debtor_number",),
    ),
    BulkExample(
        "projects",
        _PROJECTS,
        2,
        [_project("N001", "Project op nacalculatiebasis", status=""), _PROJECTS[1]],
        1701,
        ("Required field missing: status",),
        '[{"code"":"N001","code_ext":"","debtor_number":"3","status":"Nieuw","name":"Project",'
        '"date_start":"2013-10-01","date_end":null,"active":"1"}]',
        _PROJECTS,
        ("code",),
    ),
    BulkExample(
        "hourtypes",
        _HOURTYPES,
        2,
        _without(_HOURTYPES, "code"),
        1801,
        ("Required field missing: code",),
        '[{"code"":"001","name":"Normale uren","cost_booking":"0","sale_booking":"0","sale_price":"50.00",'
        '"cost_price":"25.00","active":"1"}]',
        _HOURTYPES,
        ("code",),
    ),
    BulkExample(
        "forms",
        _FORMS,
        3,
        _without(_FORMS, "name"),
        2301,
        ("Required field missing: name",),
        '[{""data":"{\\"fields\\":[]}","template":""},{"name":"Controle lijst","data":"","template":""}]',
        _FORMS,
        ("name",),
    ),
    BulkExample(
        "suppliers",
        [
            {"sup_code": "001", "sup_name": "Pirelli", "sup_image": ""},
            {"sup_code": "002", "sup_name": "Volkswagen", "sup_image": ""},
        ],
        2,
        [
            {"sup_name": "Pirelli", "sup_image": ""},
            {"sup_code": "002", "sup_name": "Volkswagen", "sup_image": ""},
        ],
        2001,
        ("Required field missing: sup_code",),
        '[{"sup_code"": "001","sup_name": "Pirelli","sup_image":""},'
        '{"sup_code": "002","sup_name": "Volkswagen","sup_image":""}]',
        [
            {"sup_code": "001", "sup_name": "Pirelli", "sup_image": ""},
            {"sup_code": "002", "sup_name": "Volkswagen", "sup_image": ""},
        ],
        ("sup_code",),
    ),
    BulkExample(
        "objects",
        [_OBJECT],
        1,
        _without([_OBJECT], "obj_code"),
        1901,
        ("Required field missing: obj_code",),
        '[{"obj_code"":"Object 22323","obj_sup_code":"gfgd","obj_debiteur_nummer":"4_548a",'
        '"obj_description":"Object 2"}]',
        [OBJECT_READ],
        ("obj_code",),
        same_data=False,
    ),
    BulkExample(
        "parts",
        [
            {
                "prt_code": "PRT001",
                "prt_name": "Remschijf",
                "prt_sup_code": "001",
                "prt_value": "80.00",
                "prt_image": "",
            }
        ],
        1,
        [{"prt_name": "Remschijf", "prt_sup_code": "001", "prt_value": "80.00", "prt_image": ""}],
        2101,
        ("Required field missing: prt_code",),
        '[{"prt_code"":"PRT001","prt_name":"Remschijf","prt_sup_code":"001","prt_value":"80.00","prt_image":""}]',
        [
            {
                "prt_code": "PRT001",
                "prt_name": "Remschijf",
                "prt_sup_code": "001",
                "prt_value": "80.00",
                "prt_image": "",
            }
        ],
        ("prt_code",),
    ),
    BulkExample(
        "object_parts",
        [_OBJECT_PART],
        1,
        [{"opr_prt_code": "001", "opr_amount": "4"}],
        2201,
        ("Required field missing: opr_obj_code",),
        '[{"opr_obj_code"": "Object 1", "opr_prt_code": "001", "opr_amount": "4"}]',
        [OBJECT_PART_READ],
        ("opr_obj_code", "opr_prt_code", "opr_serial_number"),
    ),
    BulkExample(
        "worktypes",
        _WORKTYPES,
        2,
        _without(_WORKTYPES, "wrt_name"),
        2601,
        ("Required field missing: wrt_name",),
        '[{"wrt_name"": "Garantie", "wrt_description": "Garantie werkzaamheden", "wrt_default_minutes": "60",'
        ' "wrt_active": "1"}]',
        _WORKTYPES,
        ("wrt_name",),
    ),
    BulkExample(
        "paymentmethods",
        [{"pmd_description": "Cash"}, {"pmd_description": "Pin"}],
        2,
        unparsable='[{"pmd_description"": "Cash"}, {"pmd_description": "Pin"}]',
        listed=[{"pmd_description": "Cash"}, {"pmd_description": "Pin"}],
        key=("pmd_description",),
    ),
    BulkExample(
        "priorities",
        _PRIORITIES,
        2,
        _without(_PRIORITIES, "description"),
        1051,
        ("Required field missing: description",),
        '[{"code":"10"","app_enabled":"0"},{"code":"1","description":"Low","app_enabled":"0"}]',
        _PRIORITIES,
        ("code",),
    ),
    BulkExample(
        "errors",
        _ERRORS,
        3,
        _without(_ERRORS, "description"),
        1051,
        ("Required field missing: description",),
        '[{"code":"GENERAL"","description":"General error","app_enabled":"0"}]',
        _ERRORS,
        ("code",),
    ),
    BulkExample(
        "solutions",
        _SOLUTIONS,
        3,
        _without(_SOLUTIONS, "description"),
        1051,
        ("Required field missing: description",),
        '[{"code":"HARD_RESET"","description":"Hard reset","app_enabled":"0"}]',
        _SOLUTIONS,
        ("code",),
    ),
    BulkExample(
        "regions",
        _REGIONS,
        2,
        _without(_REGIONS, "reg_code"),
        1051,
        ("Required field missing: reg_code",),
        '[{"reg_code"":"1","reg_name":"Utrecht 32-33","reg_zip_start":"3200","reg_zip_end":"3500"}]',
        _REGIONS,
        ("reg_code",),
    ),
    BulkExample(
        "vehicles",
        [_VEHICLE],
        1,
        _without([_VEHICLE], "veh_license_plate"),
        1051,
        ("Required field missing: veh_license_plate",),
        # the Blueprint's "Unparsable JSON body" of this section is valid JSON: see its own test
        None,
        [{**_VEHICLE, "veh_image": ""}],
        ("veh_license_plate",),
    ),
    BulkExample(
        "material_types",
        _MATERIAL_TYPES,
        4,
        _without(_MATERIAL_TYPES, "description"),
        1051,
        ("Required field missing: description",),
        '[{"code":"DELIVERY"","description":"Delivery","app_enabled":"0"}]',
        _MATERIAL_TYPES,
        ("code",),
    ),
    BulkExample(
        "workstatusses",
        _WORKSTATUSSES,
        2,
        _without(_WORKSTATUSSES, "sta_code"),
        2501,
        ("Required field missing: sta_code",),
        '[{"sta_code"": "002", "sta_name": "In progress"}, '
        '{"sta_code": "001", "sta_name": "Waiting for customer"}]',
        _WORKSTATUSSES,
        ("sta_code",),
    ),
    BulkExample("addresses", _ADDRESSES, 2, listed=_ADDRESSES, key=("adr_debtor_nr", "adr_code")),
    BulkExample("contactpersons", [_CONTACT], 1, listed=[_CONTACT], key=("cpn_debtor_nr", "cpn_code")),
)

BY_RESOURCE = {example.resource: example for example in BULK}

#: "## PostWorkorders" -> "Correct list of workorders posted": the first of its two orders, as posted
WORKORDER_AB756X: Record = {
    "WorkorderNo": "AB756X",
    "ProjectNr": "001",
    "ExternProjectNr": "EX01",
    "CustomerName": "Yoran van Arragon",
    "CustomerDebtorNr": "A985785",
    "CustomerStreet": "Adres",
    "CustomerStreetNo": "5",
    "CustomerEmail": "yoran.arragon@provide.nl",
    "CustomerZIP": "3454de",
    "CustomerCity": "De Meern",
    "CustomerContactPerson": "Yoran van Arragon",
    "CustomerPhone": "0646321418",
    "CustomerRemark": "Geen opmerking",
    "CustomerLatitude": None,
    "CustomerLongitude": None,
    "CustomerNameInvoice": "John Doe",
    "CustomerDebtorNrInvoice": "B985785",
    "CustomerStreetInvoice": "De Dompelaar",
    "CustomerStreetNoInvoice": "1-D",
    "CustomerEmailInvoice": "john.doe@example.com",
    "CustomerZIPInvoice": "3454WJ",
    "CustomerCityInvoice": "Amsterdam",
    "CustomerContactPersonInvoice": "John Doe",
    "CustomerPhoneInvoice": "0611111111",
    "CustomerRemarkInvoice": "Geen",
    "TypeOfWork": "Installatie",
    "WorkDescription": "Verschillende werkzaamheden",
    "PaymentMethod": "niet van toepassing",
    "EmployeeNr": "123",
    "WorkDate": "11-06-2013",
    "WorkTime": "10:30",
    "WorkEndDate": "11-06-2013",
    "WorkEndTime": "12:30",
    "InternalWorkDescription": "",
    "WorkDuration": "0",
    "WorkStatus": "",
    "WorkDeadline": "",
    "PickupPlanning": "0",
    "WebPlanning": "0",
    "CpnCode": "",
    "AdrCode": "",
    "ShortWorkDescription": "",
    "Comment": "",
    "ErrorCode": "",
    "ErrorMessage": "",
    "SolutionCode": "",
    "SolutionMessage": "",
    "MinimumHours": "0.00",
    "RoundingAmount": "0.00",
    "Attachments": [
        {"File": "https://www.werkbonapp.nl/uploads/documents/1389703238_test.pdf"},
        {"File": "https://www.werkbonapp.nl/uploads/documents/201410031416_test.xlsx"},
    ],
    "Materials": [
        {
            "MaterialCode": "A786878",
            "MaterialNr": "1",
            "MaterialPrice": "0,00",
            "MaterialName": "Kleinmateriaal",
            "MaterialUnit": "M2",
            "MaterialType": None,
            **{f"MaterialFreeField{n}": None for n in range(1, 6)},
        }
    ],
}


def workorder_ab756x1(**extra: Any) -> Record:
    """The second order of that example (free-text TypeOfWork and PaymentMethod, an EmployeeNr no
    employee has, WorkObjects and Employees as arrays of strings)."""
    order = {
        "WorkorderNo": "AB756X1",
        "ProjectNr": "0011",
        "ExternProjectNr": "EX011",
        "CustomerName": "Yoran van Arragon1",
        "CustomerDebtorNr": "A9857851",
        "CustomerStreet": "Adres1",
        "CustomerStreetNo": "51",
        "CustomerEmail": "yoran.arragon@provide.nl1",
        "CustomerZIP": "3454de1",
        "CustomerCity": "De Meern1",
        "CustomerContactPerson": "Yoran van Arragon1",
        "CustomerPhone": "06463214181",
        "CustomerRemark": "Geen opmerking1",
        "CustomerNameInvoice": "John Doe1",
        "CustomerDebtorNrInvoice": "B9857851",
        "CustomerStreetInvoice": "De Dompelaar1",
        "CustomerStreetNoInvoice": "1-D1",
        "CustomerEmailInvoice": "john.doe@example.com1",
        "CustomerZIPInvoice": "3454WJ1",
        "CustomerCityInvoice": "Amsterdam1",
        "CustomerContactPersonInvoice": "John Doe1",
        "CustomerPhoneInvoice": "06111111111",
        "CustomerRemarkInvoice": "Geen1",
        "TypeOfWork": "Installatie1",
        "WorkDescription": "Verschillende werkzaamheden1",
        "PaymentMethod": "niet van toepassing1",
        "EmployeeNr": "1231",
        "WorkDate": "11-06-2011",
        "WorkTime": "10:30",
        "WorkEndDate": "11-06-2011",
        "WorkEndTime": "11:30",
        "InternalWorkDescription": "",
        "WorkDuration": "0",
        "WorkStatus": "",
        "WorkDeadline": "",
        "PickupPlanning": "0",
        "WebPlanning": "0",
        "CpnCode": "",
        "AdrCode": "",
    }
    return {**order, **extra}


#: the read form of "## GetWorkorder" -> "Get workorder [GET]" (its ``Documents`` is not valid JSON
#: in the Blueprint; the field table says "Array of file names", which is what this holds)
READ_FORM: Record = {
    "id": "1919",
    "WorkorderNo": "AB756X",
    "OrderNr": "3BCE7228843",
    "WorkDate": "11-06-2013",
    "WorkTime": "10:30",
    "WorkEndDate": "11-06-2013",
    "WorkEndTime": "12:30",
    **{k: v for k, v in WORKORDER_AB756X.items() if k.startswith("Customer") and v is not None},
    "ProjectNr": "001",
    "ExternProjectNr": "EX01",
    "TypeOfWork": "Installatie",
    "WorkDescription": "Verschillende werkzaamheden",
    "PaymentMethod": "niet van toepassing",
    "CreationDate": "2013-06-11 02:51",
    "Archived": "0",
    "EmployeeNr": "",
    "Signature": "553b6a0b3ace6c.png",
    "SignatureUrl": "http://www.werkbonapp.nl/uploads/handtekeningen/553b6a0b3ace6c.png",
    "PdfUrl": "http://www.werkbonapp.nl/mailpdf.php?action=display&sheet_id=6201090a4cf6e501f9f0d7a1c75c584d",
    "WordUrl": "http://www.werkbonapp.nl/mailpdf.php?action=word&sheet_id=6201090a4cf6e501f9f0d7a1c75c584d",
    "WorksheetCode": "6201090a4cf6e501f9f0d7a1c75c584d",
    "status": "Klaargezet",
    "WorkFinished": "1",
    "InternalWorkDescription": "",
    "WorkDuration": "0",
    "WorkStatus": "",
    "WorkDeadline": "",
    "PickupPlanning": "0",
    "WebPlanning": "0",
    "CpnCode": "",
    "AdrCode": "",
    "Photos": [{"image": "http://www.werkbonapp.nl/werkbonimages/url.png", "title": "WorkOrderImage_4"}],
    "Workperiods": [
        {
            "BeginTime": "08:30",
            "TotalTime": "03:45",
            "WorkRemark": "",
            "WorkDate": "26-09-2013",
            "EndTime": "12:15",
            "Travel": "1",
            "EmployeeNr": "11",
            "HourType": "001",
        }
    ],
    "Materials": [
        {
            "MaterialCode": "A786878",
            "MaterialTotalPrice": "0,00",
            "MaterialNr": "1",
            "MaterialPrice": "0,00",
            "MaterialName": "Kleinmateriaal",
            "MaterialUnit": "M2",
            "MaterialType": None,
            **{f"MaterialFreeField{n}": None for n in range(1, 6)},
        }
    ],
    "Documents": [
        "http://www.werkbonapp.nl/uploads/documents/1389703238_test.pdf",
        "http://www.werkbonapp.nl/uploads/documents/201410031416_test.xlsx",
    ],
    "Forms": [],
    "WorkObjects": [],
}
#: keys the GetWorkorder field table documents beyond the worked answer
TABLE_ONLY_KEYS = ("WorkInstruction", "Employees")

#: "## invoices" -> "Get invoice [GET]": one invoice (long texts and the temporary URLs shortened)
INVOICE: Record = {
    "inv_id": "164",
    "inv_worksheet_id": None,
    "inv_quo_id": None,
    "inv_inv_id": None,
    "inv_type": "DEBIT",
    "inv_currency_code": "EUR",
    "inv_currency_symbol": "\u20ac",
    "inv_description": "",
    "inv_invoice_debtor_nr": "1010101010228",
    "inv_invoice_debtor_name": "van Arragon Bouw",
    "inv_invoice_debtor_email": "yoran122@hotmail.com",
    "inv_number_numeric": "1",
    "inv_number_formatted": "2018-00001",
    "inv_status": "REMINDER_1",
    "inv_reference": "",
    "inv_date": "2018-07-31",
    "inv_due_date": "2018-08-14",
    "inv_due_days": "14",
    "inv_terms": "<p>We verzoeken u vriendelijk het bovenstaande bedrag te voldoen.</p>\r\n",
    "inv_header": "<p>PTS<br />\r\nMandenmakerslaan 58</p>\r\n",
    "inv_amount": "43.56",
    "inv_amount_excl": "36.00",
    "inv_balance": "0.00",
    "inv_user_create": "Provide",
    "inv_user_mutate": "",
    "inv_user_send": "Provide",
    "inv_timestamp_create": "2018-07-31 07:49:44",
    "inv_timestamp_mutate": None,
    "inv_timestamp_payed": None,
    "inv_timestamp_send": "2018-07-31 07:49:56",
    "iln_lines": [
        {
            "iln_id": "1883",
            "iln_inv_id": "164",
            "iln_order": "0",
            "iln_material_code": "00000001",
            "iln_material_hourtype": None,
            "iln_description": "test kostenplaats",
            "iln_amount": "2.00",
            "iln_price": "20.00",
            "iln_vat_percentage": "21.00",
            "iln_discount": "10.00",
            "iln_total": "40.00",
            "iln_total_discount": "4.00",
            "iln_total_vat": "7.56",
            "iln_total_excl": "36.00",
            "iln_total_incl": "43.56",
        }
    ],
    "invoice_debtor": {
        "ind_name": "van Arragon Bouw",
        "ind_debiteur_number": "1010101010228",
        "ind_street": "Amerikalaan 639",
        "ind_zip": "3526VZ",
        "ind_city": "Utrecht",
        "ind_country": "",
        "ind_contact": "yoran van ar",
        "ind_phone": "0646321418",
        "ind_email": "yoran122@hotmail.com",
    },
    "pdf": "https://www.wba-werkbonapp.nl/files/2ba6c8fd/invoicepdf.php",
    "ubl": "https://www.wba-werkbonapp.nl/files/f059865c/invoicepdf.php",
}

#: "## transactions" -> "Add transactions [POST]": the posted transactions (the third has no time stamp)
TRANSACTIONS: list[Record] = [
    {
        "int_inv_id": None,
        "int_transaction_id": "0000009CSD572CE75E21119",
        "int_external_transaction_id": "RABO1212348797128314512435",
        "int_description": "Bank transaction",
        "int_amount": "100.43",
        "int_type": "BANK",
        "int_type_description": "",
        "int_user": "Fremke",
        "int_timestamp": "2018-07-31 11:33:45",
    },
    {
        "int_inv_id": "164",
        "int_transaction_id": "0000009B601572CE75E21111",
        "int_external_transaction_id": "",
        "int_description": "Cash transaction",
        "int_amount": "50.00",
        "int_type": "CASH",
        "int_type_description": "",
        "int_user": "Femke",
        "int_timestamp": "2018-07-31 13:22:38",
    },
    {
        "int_inv_id": "164",
        "int_transaction_id": "0000005B601172CE75E21418",
        "int_external_transaction_id": "IZETTLE5415642351431123231",
        "int_description": "iZettle payment",
        "int_amount": "121.00",
        "int_type": "iZettle",
        "int_type_description": "",
        "int_user": "Femke",
    },
]
#: the keys (and value types) of a transaction in the POST answer
TRANSACTION_ANSWER: Record = {
    "int_inv_id": None,
    "int_transaction_id": "0000005B6962EBA840119",
    "int_external_transaction_id": "RABO1212348797128314512435",
    "int_description": "Bank transaction",
    "int_amount": "100.43",
    "int_type": "BANK",
    "int_type_description": "",
    "int_status": "PROCESSED",
    "int_user": "OpenAPI",
    "int_timestamp": "2018-07-31 11:33:45",
}
