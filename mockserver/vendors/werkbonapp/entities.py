"""The master-data resources: one declarative row each (fields, required fields, upsert key,
error codes, DeleteEntity name and keys, time stamps, which methods write). Handlers, validation,
the contract generator and DeleteEntity all read this table, so a resource is added or changed in
one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.vendors.werkbonapp import errors

#: what a write answers: the number of records synced (the vendor's rule for bulk POSTs), or the
#: written records in their read form (what the vendor's description gives for a few writes)
COUNT, RECORDS = "count", "records"
#: every vendor key that DeleteEntity accepts maps to a stored field; ``db_row`` is the row id
ROW = ("db_row", "id")


@dataclass(frozen=True)
class Write:
    """One method that writes a resource: what it answers, and which fields it requires when that
    differs from the resource's own list."""

    method: str = "POST"
    answer: str = COUNT
    required: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Entity:
    #: the URL name (``materials``) and the store collection
    name: str
    #: every field a write may set, in the vendor's order
    fields: tuple[str, ...]
    required: tuple[str, ...]
    #: fields that together identify a record for the upsert; empty: every record is a new row,
    #: unless it names an existing row by ``id_field``
    key: tuple[str, ...]
    #: the "insert or update failed" code; "required field missing" is ``base + 1``. Resources
    #: without a documented code answer 1504 (there was a problem parsing the data) for both.
    base_code: int | None = None
    #: fields a GET returns (default: ``fields``)
    read_fields: tuple[str, ...] = ()
    #: the ``entity`` value of DeleteEntity and its keys: (vendor key, stored field) pairs
    delete_name: str = ""
    delete_keys: tuple[tuple[str, str], ...] = ()
    #: fields with a default when a write leaves them out
    defaults: tuple[tuple[str, str], ...] = ()
    #: the singular by-filter GET (``object/``), if the vendor has one
    by_filter: str = ""
    #: invalid dates/prices answer the "required field" code (documented for 1701 and 1801)
    invalid_is_required: bool = False
    #: the server-assigned id a read shows (``tsk_id``): the row id; a write naming it updates that row
    id_field: str = ""
    #: stamped from the mock clock (Y-m-d H:i:s, Europe/Amsterdam): on insert / on every write
    created_stamp: str = ""
    modified_stamp: str = ""
    #: an incremental-sync feed ``<name>/changed/`` over the modified stamp
    changed_feed: bool = False
    #: the methods that write, and what each answers
    writes: tuple[Write, ...] = (Write(),)
    #: whether ``GET <name>/`` lists (the vendor describes no GET for a few resources)
    listable: bool = True
    #: the first API version with this resource (v7 had only the oldest ones)
    since: int = 8
    #: the vendor's documentation names this resource's required fields (else: only its field names
    #: are known, from a public rendering of the vendor's API description; the rest is inferred)
    documented: bool = True
    #: the "required field missing" code where the Blueprint's worked example answers another one
    #: than ``base + 1`` (1051 for priorities and the like, 2501 for workstatusses)
    missing_code: int | None = None
    #: fields that keep a posted ``null`` and read as ``null`` when never set (the Blueprint's read
    #: forms show null there: coordinates, optional dates and ids, free values)
    nullable: tuple[str, ...] = ()

    @property
    def required_code(self) -> int:
        if self.missing_code:
            return self.missing_code
        return self.base_code + 1 if self.base_code else errors.INVALID_UPDATE_VALUE

    @property
    def failed_code(self) -> int:
        return self.base_code or errors.INVALID_UPDATE_VALUE

    def required_by(self, write: Write) -> tuple[str, ...]:
        return self.required if write.required is None else write.required

    @property
    def output_fields(self) -> tuple[str, ...]:
        return self.read_fields or self.fields

    @property
    def input_fields(self) -> tuple[str, ...]:
        """What a write may carry: the fields, and the row's id when it names one."""
        return (
            (*self.fields, self.id_field)
            if self.id_field and self.id_field not in self.fields
            else self.fields
        )

    @property
    def delete_fields(self) -> dict[str, str]:
        return dict(self.delete_keys)

    @property
    def functions(self) -> tuple[str, ...]:
        """Every function name this resource answers to."""
        names = [self.name]
        if self.by_filter:
            names.append(self.by_filter)
        if self.changed_feed:
            names.append(f"{self.name}/changed")
        return tuple(names)


_OBJECT_FIELDS = (
    "obj_code",
    "obj_sup_code",
    "obj_debiteur_nummer",
    "obj_adr_code",
    "obj_obj_code",
    "obj_image",
    "obj_description",
    "obj_price",
    "obj_floor_level",
    "obj_location",
    "obj_latitude",
    "obj_longitude",
    "obj_type",
    "obj_model",
    "obj_brand",
    "obj_date_warranty_expires",
    "obj_serialnumber",
    "obj_date_last_inspection",
    "obj_date_installation",
    *(f"obj_freefield_{n}" for n in range(1, 21)),
    "obj_order",
)

_OBJECT_PART_FIELDS = (
    "opr_obj_code",
    "opr_prt_code",
    "opr_serial_number",
    "opr_description",
    "opr_timestamp_installation",
    "opr_warranty_months",
    "opr_amount",
    *(f"val_value_{n}" for n in range(1, 21)),
)
#: the Blueprint's "Required value missing" code for the resources added on 12-06-2018 and 21-06-2018
#: (priorities, errors, solutions, material_types, regions, vehicles): 1051 in every worked example
CODED_MISSING = 1051
_CODED = ("code", "description", "app_enabled")


def _prefixed(prefix: str, *names: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{name}" for name in names)


_TASK_FIELDS = _prefixed(
    "tsk",
    "tsk_id",
    "type",
    "name",
    "description",
    "reference",
    "category",
    "icon",
    "owner",
    "assigned_to",
    "priority",
    "status",
    "debtor_nr",
    "address_nr",
    "contact_nr",
    "timestamp_due",
    "timestamp_create",
    "timestamp_mutate",
    "timestamp_started",
    "timestamp_completed",
    "timestamp_start",
    "link",
    "project_nr",
    "project_activity_nr",
    "order_nr",
    "invoice_number",
    "quotation_number",
)
#: approval bookkeeping shared by hours, travel and expenses (suffixes after the prefix)
_APPROVAL = ("created_by", "modified_by", "approved_by", "rejected_by", "rejected_reason")
_HOUR_FIELDS = _prefixed(
    "hrs",
    "emp_nr",
    "order_nr",
    "order_description",
    "hrt_hour_type",
    "debtor_nr",
    "project_nr",
    "project_activity_nr",
    "date",
    "start",
    "end",
    "break",
    "amount",
    "billable",
    "status",
    "status_project",
    "description",
    "date_created",
    "date_modified",
    "date_approved",
    "date_rejected",
    *_APPROVAL,
)
_TRAVEL_FIELDS = _prefixed(
    "tra",
    "cus_id",
    "emp_nr",
    "debtor_nr",
    "project_nr",
    "project_activity_nr",
    "date",
    "from",
    "to",
    "distance",
    "description",
    "billable",
    "status",
    "type",
    "date_created",
    "date_modified",
    "date_approved",
    "date_rejected",
    *_APPROVAL,
)
_EXPENSE_FIELDS = _prefixed(
    "pre",
    "cus_id",
    "project_nr",
    "project_activity_nr",
    "code",
    "description",
    "amount",
    "vat_code",
    "cost_price",
    "gross_sale_price",
    "sale_price",
    "timestamp_added",
    "timestamp_modified",
    "timestamp_approved",
    "timestamp_rejected",
    "status",
    "employee_nr",
    "debtor_nr",
    "billable",
    "attachment_name",
    "attachment",
    "category",
    "date",
    *_APPROVAL,
)
#: invoices and quotations share one record shape in the vendor's description
_INVOICE_FIELDS = (
    *_prefixed(
        "inv",
        "worksheet_id",
        "quo_id",
        "inv_id",
        "type",
        "currency_code",
        "currency_symbol",
        "description",
        "invoice_debtor_nr",
        "invoice_debtor_name",
        "invoice_debtor_email",
        "number_numeric",
        "number_formatted",
        "status",
        "reference",
        "date",
        "due_date",
        "due_days",
        "terms",
        "header",
        "amount",
        "amount_excl",
        "balance",
        "user_create",
        "user_mutate",
        "user_send",
        "timestamp_create",
        "timestamp_mutate",
        "timestamp_payed",
        "timestamp_send",
    ),
    "iln_lines",
    "invoice_debtor",
    "pdf",
    "ubl",
)
_NOTE_FIELDS = _prefixed(
    "nte",
    "cus_id",
    "entity",
    "column",
    "primary",
    "content",
    "created_by",
    "modified_by",
    "timestamp_created",
    "timestamp_modified",
    "reference",
    "timestamp_read",
)
_TRANSACTION_FIELDS = _prefixed(
    "int",
    "inv_id",
    "transaction_id",
    "external_transaction_id",
    "description",
    "amount",
    "type",
    "type_description",
    "status",
    "user",
    "timestamp",
)


def _rows(
    name: str,
    prefix: str,
    fields: tuple[str, ...],
    required: tuple[str, ...],
    stamps: tuple[str, str],
    read_head: tuple[str, ...],
) -> Entity:
    """A log-like resource (tasks, hours, ...): no natural key, every record a new row with a server
    id ``<prefix>_id``, the tenant's ``<prefix>_cus_id``, and created/modified stamps named
    ``<prefix>_<date|timestamp>_<stamps[i]>``. A read shows ``read_head`` and then the rest of the
    fields (minus those already shown), as the vendor's description orders them."""
    stamp_kind = "timestamp" if prefix in ("tsk", "pre", "nte") else "date"
    head = read_head + tuple(f for f in (f"{prefix}_cus_id",) if f not in read_head and f not in fields)
    return Entity(
        name,
        fields,
        required,
        (),
        id_field=f"{prefix}_id",
        read_fields=(*head, *(f for f in fields if f not in head)),
        defaults=((f"{prefix}_cus_id", "1"),),
        created_stamp=f"{prefix}_{stamp_kind}_{stamps[0]}",
        modified_stamp=f"{prefix}_{stamp_kind}_{stamps[1]}",
        documented=False,
    )


#: what the Blueprint's invoice shows as null: the ids it was made from, and the stamps not yet set
INVOICE_NULLABLE = (
    "inv_worksheet_id",
    "inv_quo_id",
    "inv_inv_id",
    "inv_timestamp_mutate",
    "inv_timestamp_payed",
    "inv_timestamp_send",
)
#: invoice fields that are JSON structures, not text (the Blueprint's worked invoice)
STRUCTURED = {"iln_lines": "array", "invoice_debtor": "object"}


def _invoices(name: str) -> Entity:
    """Invoices and quotations: made in the vendor's app; through the API a client reads them and
    changes them with PUT (a record without ``inv_id`` is a new one)."""
    return Entity(
        name,
        _INVOICE_FIELDS,
        (),
        (),
        id_field="inv_id",
        read_fields=("inv_id", *_INVOICE_FIELDS),
        created_stamp="inv_timestamp_create",
        modified_stamp="inv_timestamp_mutate",
        writes=(Write("PUT", RECORDS),),
        nullable=INVOICE_NULLABLE,
        documented=False,
    )


ENTITIES: tuple[Entity, ...] = (
    Entity(
        "employees",
        ("firstname", "lastname", "number", "start_type", "active"),
        ("firstname", "lastname", "number"),
        ("number",),
        1100,
        read_fields=("firstname", "lastname", "number", "active"),
        delete_name="employee",
        delete_keys=(ROW, ("number", "number")),
        defaults=(("active", "1"),),
        since=7,
    ),
    Entity(
        "materials",
        (
            "code",
            "description",
            "price",
            "unit",
            "eancode",
            "barcode",
            "freefield1",
            "freefield2",
            "freefield3",
            "freefield4",
            "freefield5",
            "note",
            "vat_code",
        ),
        ("code", "description", "price", "unit"),
        ("code",),
        1200,
        read_fields=("code", "description", "price", "unit"),
        delete_name="material",
        delete_keys=(ROW, ("code", "code"), ("description", "description")),
        since=7,
    ),
    Entity(
        "relations",
        (
            "name",
            "debtor_number",
            "contact",
            "phone_number",
            "mobile",
            "email",
            "email_workorder",
            "street",
            "house_number",
            "postal_code",
            "city",
            "country",
            "remark",
            "latitude",
            "longitude",
            "kvk_number",
            "vat_number",
            "active",
        ),
        ("name", "debtor_number", "street", "postal_code", "city"),
        ("debtor_number",),
        1300,
        nullable=("latitude", "longitude"),
        read_fields=(
            "name",
            "debtor_number",
            "contact",
            "phone_number",
            "email",
            "email_workorder",
            "street",
            "house_number",
            "postal_code",
            "city",
            "remark",
            "latitude",
            "longitude",
        ),
        delete_name="relation",
        delete_keys=(ROW, ("name", "name"), ("debtor_number", "debtor_number")),
        since=7,
    ),
    Entity(
        "projects",
        (
            "code",
            "code_ext",
            "debtor_number",
            "debtor_number_invoice",
            "status",
            "name",
            "description",
            "progress",
            "date_start",
            "date_end",
            "active",
            "adr_code",
            "cpn_code",
        ),
        ("code", "debtor_number", "status", "name", "date_start"),
        ("code",),
        1700,
        nullable=("debtor_number_invoice", "date_end"),
        delete_name="project",
        invalid_is_required=True,
        delete_keys=(("code", "code"),),
        since=7,
    ),
    Entity(
        "hourtypes",
        ("code", "name", "cost_booking", "sale_booking", "sale_price", "cost_price", "active"),
        ("code", "name", "cost_booking", "sale_booking", "sale_price"),
        ("code",),
        1800,
        delete_name="hourtype",
        invalid_is_required=True,
        delete_keys=(("code", "code"),),
        defaults=(("active", "1"),),
        since=7,
    ),
    Entity(
        "objects",
        _OBJECT_FIELDS,
        ("obj_code", "obj_debiteur_nummer", "obj_description"),
        ("obj_code",),
        1900,
        read_fields=(*_OBJECT_FIELDS[:-1], "obj_created", "obj_modified", "obj_order"),
        nullable=("obj_latitude", "obj_longitude"),
        delete_name="object",
        delete_keys=(("code", "obj_code"),),
        by_filter="object",
        created_stamp="obj_created",
        modified_stamp="obj_modified",
        changed_feed=True,
    ),
    Entity(
        "suppliers",
        ("sup_code", "sup_name", "sup_image"),
        ("sup_code", "sup_name"),
        ("sup_code",),
        2000,
        delete_name="supplier",
        delete_keys=(("code", "sup_code"),),
    ),
    Entity(
        "parts",
        ("prt_code", "prt_name", "prt_sup_code", "prt_value", "prt_image"),
        ("prt_code", "prt_name", "prt_sup_code", "prt_value"),
        ("prt_code",),
        2100,
        delete_name="part",
        delete_keys=(("code", "prt_code"),),
    ),
    Entity(
        "object_parts",
        _OBJECT_PART_FIELDS,
        ("opr_obj_code", "opr_prt_code", "opr_amount"),
        ("opr_obj_code", "opr_prt_code", "opr_serial_number"),
        2200,
        read_fields=(
            *_OBJECT_PART_FIELDS[:7],
            "opr_timestamp_warranty_expires",
            *_OBJECT_PART_FIELDS[7:],
            "opr_timestamp_mutate",
        ),
        nullable=tuple(f"val_value_{n}" for n in range(1, 21)),
        delete_name="object_part",
        delete_keys=(
            ("obj_code", "opr_obj_code"),
            ("prt_code", "opr_prt_code"),
            ("serial_number", "opr_serial_number"),
        ),
        modified_stamp="opr_timestamp_mutate",
        changed_feed=True,
    ),
    Entity(
        "forms",
        ("name", "data", "template"),
        ("name",),
        ("name",),
        2300,
        delete_name="form",
        delete_keys=(("name", "name"),),
    ),
    Entity(
        "categories",
        ("cat_code", "cat_name", "cat_display", "cat_cat_code", "cat_image"),
        ("cat_code", "cat_name", "cat_display"),
        ("cat_code",),
        2400,
        read_fields=("cat_code", "cat_name", "cat_display", "cat_cat_code"),
        delete_name="category",
        delete_keys=(("code", "cat_code"),),
        by_filter="category",
    ),
    Entity(
        "material_categories",
        ("mct_mat_code", "mct_cat_code"),
        ("mct_mat_code", "mct_cat_code"),
        ("mct_mat_code", "mct_cat_code"),
        2500,
        delete_name="material_category",
        delete_keys=(("mct_mat_code", "mct_mat_code"), ("mct_cat_code", "mct_cat_code")),
    ),
    Entity(
        "worktypes",
        ("wrt_name", "wrt_description", "wrt_default_minutes", "wrt_active"),
        ("wrt_name", "wrt_description", "wrt_default_minutes", "wrt_active"),
        ("wrt_name",),
        2600,
        delete_name="worktype",
        delete_keys=(("name", "wrt_name"),),
    ),
    Entity(
        "paymentmethods",
        ("pmd_description",),
        ("pmd_description",),
        ("pmd_description",),
        2700,
        delete_name="paymentmethod",
        delete_keys=(("description", "pmd_description"),),
    ),
    Entity(
        "workstatusses",
        ("sta_code", "sta_name"),
        ("sta_code", "sta_name"),
        ("sta_code",),
        2800,
        missing_code=2501,
        delete_name="workstatus",
        delete_keys=(("code", "sta_code"),),
    ),
    Entity(
        "priorities",
        _CODED,
        ("code", "description"),
        ("code",),
        missing_code=CODED_MISSING,
        delete_name="priority",
        delete_keys=(("code", "code"),),
    ),
    Entity(
        "errors",
        _CODED,
        ("code", "description"),
        ("code",),
        missing_code=CODED_MISSING,
        delete_name="error",
        delete_keys=(("code", "code"),),
    ),
    Entity(
        "solutions",
        _CODED,
        ("code", "description"),
        ("code",),
        missing_code=CODED_MISSING,
        delete_name="solution",
        delete_keys=(("code", "code"),),
    ),
    Entity(
        "material_types",
        _CODED,
        ("code", "description"),
        ("code",),
        missing_code=CODED_MISSING,
        delete_name="material_type",
        delete_keys=(("code", "code"),),
    ),
    Entity(
        "regions",
        ("reg_code", "reg_name", "reg_zip_start", "reg_zip_end", "reg_city", "reg_country"),
        ("reg_code", "reg_name"),
        ("reg_code",),
        missing_code=CODED_MISSING,
        delete_name="region",
        delete_keys=(("code", "reg_code"),),
    ),
    Entity(
        "vehicles",
        (
            "veh_license_plate",
            "veh_title",
            "veh_image",
            "veh_brand",
            "veh_model",
            "veh_type",
            "veh_driver",
            "veh_driving",
            "veh_active",
        ),
        ("veh_license_plate", "veh_title"),
        ("veh_license_plate",),
        missing_code=CODED_MISSING,
        delete_name="vehicle",
        delete_keys=(("license_plate", "veh_license_plate"),),
    ),
    Entity(
        "addresses",
        (
            "adr_debtor_nr",
            "adr_code",
            "adr_cpn_code",
            "adr_line_1",
            "adr_zip",
            "adr_city",
            "adr_country",
            "adr_remark",
            "adr_latitude",
            "adr_longitude",
        ),
        ("adr_debtor_nr", "adr_code", "adr_line_1", "adr_zip", "adr_city"),
        #: the Blueprint: "adr_code is used as a unique reference to either insert or update"
        ("adr_code",),
        1300,
        delete_name="address",
        delete_keys=(("code", "adr_code"),),
        by_filter="address",
    ),
    Entity(
        "contactpersons",
        ("cpn_debtor_nr", "cpn_code", "cpn_name", "cpn_phone", "cpn_email"),
        ("cpn_debtor_nr", "cpn_code", "cpn_name"),
        #: the Blueprint: "cpn_code is used as a unique reference to either insert or update"
        ("cpn_code",),
        1300,
        delete_name="contactperson",
        delete_keys=(("code", "cpn_code"),),
        by_filter="contactperson",
    ),
    Entity(
        "locations",
        ("lat", "long", "identifier", "type", "employee_nr", "last_seen"),
        ("lat", "long", "identifier", "type"),
        ("identifier", "type"),
        errors.NO_LOCATION_DATA,
        read_fields=("customer_id", "lat", "long", "employee_nr", "last_seen"),
        delete_name="location",
        delete_keys=(("identifier", "identifier"),),
        defaults=(("customer_id", "1"),),
        modified_stamp="last_seen",
        since=7,
    ),
    # -- known from the vendor's description by their field names only (see ``documented``) ------
    Entity(
        "project_activities",
        _prefixed(
            "pra",
            "cus_id",
            "pro_code",
            "code",
            "pra_code",
            "name",
            "description",
            "date_start",
            "date_end",
            "order",
            "status",
            "budget_hours",
            "budget_hours_used",
            "budget_costs",
            "budget_costs_used",
            "budget_revenue",
            "budget_revenue_used",
            "material_type",
            "material_count",
            "visible_planboard",
        ),
        ("pra_pro_code", "pra_code", "pra_name"),
        ("pra_pro_code", "pra_code"),
        id_field="pra_id",
        defaults=(("pra_cus_id", "1"),),
        listable=False,
        documented=False,
    ),
    _rows(
        "tasks",
        "tsk",
        _TASK_FIELDS,
        ("tsk_name",),
        ("create", "mutate"),
        ("tsk_id", _TASK_FIELDS[0], "tsk_cus_id"),
    ),
    _rows(
        "hours",
        "hrs",
        _HOUR_FIELDS,
        ("hrs_emp_nr", "hrs_date"),
        ("created", "modified"),
        ("hrs_id", "hrs_cus_id", *_HOUR_FIELDS[:3], "hrs_period_id"),
    ),
    _rows("travel", "tra", _TRAVEL_FIELDS, ("tra_emp_nr", "tra_date"), ("created", "modified"), ("tra_id",)),
    _rows(
        "expenses",
        "pre",
        _EXPENSE_FIELDS,
        ("pre_employee_nr", "pre_date"),
        ("added", "modified"),
        ("pre_id",),
    ),
    Entity(
        "expense_categories",
        ("name",),
        ("name",),
        ("name",),
        documented=False,
    ),
    Entity(
        "notes",
        _prefixed(
            "esh",
            "cus_id",
            "emp_nr",
            "hrt_code",
            "start",
            "end",
            "description",
            "approved",
            "color",
            "allday",
            "isnote",
            "date_modified",
        ),
        ("esh_emp_nr", "esh_start"),
        (),
        defaults=(("esh_cus_id", "1"),),
        modified_stamp="esh_date_modified",
        documented=False,
    ),
    _rows(
        "generic_notes",
        "nte",
        _NOTE_FIELDS,
        ("nte_entity", "nte_primary", "nte_content"),
        ("created", "modified"),
        ("nte_id",),
    ),
    Entity(
        "freefields",
        _prefixed("fld", "entity", "name", "type", "values", "reference_name", "order", "required"),
        ("fld_entity", "fld_name", "fld_type"),
        ("fld_entity", "fld_name"),
        documented=False,
    ),
    Entity(
        "values",
        ("code", "description", "price", "unit"),
        ("code",),
        ("code",),
        writes=(Write("POST", RECORDS),),
        documented=False,
    ),
    Entity(
        "warehouses",
        _prefixed(
            "wse",
            "code",
            "wse_code",
            "type",
            "image",
            "order_message",
            "employee_nr",
            "description",
            "external_id",
            "date_start",
            "date_end",
            "date_certification",
            "supplier",
            "remark",
        ),
        ("wse_code", "wse_description"),
        ("wse_code",),
        documented=False,
    ),
    Entity(
        "prices",
        ("material", "hourtype", "date_start", "date_end", "debtornr", "price"),
        ("price",),
        ("material", "hourtype", "debtornr", "date_start"),
        documented=False,
    ),
    _invoices("invoices"),
    _invoices("quotations"),
    Entity(
        "transactions",
        _TRANSACTION_FIELDS,
        ("int_transaction_id", "int_amount"),
        ("int_transaction_id",),
        #: the PUT form changes known transactions, each named by ``int_transaction_id`` or
        #: ``int_external_transaction_id`` (the Blueprint's "Update transactions [PUT]")
        writes=(Write("POST", RECORDS), Write("PUT", COUNT, ())),
        defaults=(("int_status", "PROCESSED"),),
        created_stamp="int_timestamp",
        nullable=("int_inv_id",),
        documented=False,
    ),
)

BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
BY_DELETE_NAME: dict[str, Entity] = {e.delete_name: e for e in ENTITIES if e.delete_name}

#: the key field that makes a record unique, stored beside the vendor's fields
KEY_FIELD = "_key"
#: the mock-clock moment of a record's last write (what the changed feeds compare)
CHANGED_FIELD = "_changed"


def record_key(entity: Entity, record: dict) -> str:
    return "\x1f".join(str(record.get(field, "")) for field in entity.key)
