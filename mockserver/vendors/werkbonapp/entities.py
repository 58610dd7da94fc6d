"""The master-data resources: one declarative row each (fields, required fields, upsert key,
error codes, DeleteEntity name and keys). Handlers, validation, the contract test and DeleteEntity
all read this table, so a resource is added or changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.vendors.werkbonapp import errors


@dataclass(frozen=True)
class Entity:
    #: the URL name (``materials``) and the store collection
    name: str
    #: every field a POST may set, in the vendor's order
    fields: tuple[str, ...]
    required: tuple[str, ...]
    #: fields that together identify a record for the upsert
    key: tuple[str, ...]
    #: the "insert or update failed" code; "required field missing" is ``base + 1``. Resources
    #: without a documented code answer 1504 (there was a problem parsing the data) for both.
    base_code: int | None = None
    #: fields a GET returns (default: ``fields``)
    read_fields: tuple[str, ...] = ()
    #: the ``entity`` value of DeleteEntity and the keys it accepts
    delete_name: str = ""
    delete_keys: tuple[str, ...] = ()
    #: fields with a default when a POST leaves them out
    defaults: tuple[tuple[str, str], ...] = ()
    #: the singular by-filter GET (``object/``), if the vendor has one
    by_filter: str = ""
    #: invalid dates/prices answer the "required field" code (documented for 1701 and 1801)
    invalid_is_required: bool = False

    @property
    def required_code(self) -> int:
        return self.base_code + 1 if self.base_code else errors.INVALID_UPDATE_VALUE

    @property
    def failed_code(self) -> int:
        return self.base_code or errors.INVALID_UPDATE_VALUE

    @property
    def output_fields(self) -> tuple[str, ...]:
        return self.read_fields or self.fields


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

_CODED = ("code", "description", "app_enabled")

ENTITIES: tuple[Entity, ...] = (
    Entity(
        "employees",
        ("firstname", "lastname", "number", "start_type", "active"),
        ("firstname", "lastname", "number"),
        ("number",),
        1100,
        read_fields=("firstname", "lastname", "number", "active"),
        delete_name="employee",
        delete_keys=("number",),
        defaults=(("active", "1"),),
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
        delete_keys=("code",),
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
        delete_keys=("debtor_number",),
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
        delete_name="project",
        invalid_is_required=True,
        delete_keys=("code",),
    ),
    Entity(
        "hourtypes",
        ("code", "name", "cost_booking", "sale_booking", "sale_price", "cost_price", "active"),
        ("code", "name", "cost_booking", "sale_booking", "sale_price"),
        ("code",),
        1800,
        delete_name="hourtype",
        invalid_is_required=True,
        delete_keys=("code",),
        defaults=(("active", "1"),),
    ),
    Entity(
        "objects",
        _OBJECT_FIELDS,
        ("obj_code", "obj_debiteur_nummer", "obj_description"),
        ("obj_code",),
        1900,
        delete_name="object",
        delete_keys=("obj_code",),
        by_filter="object",
    ),
    Entity(
        "suppliers",
        ("sup_code", "sup_name", "sup_image"),
        ("sup_code", "sup_name"),
        ("sup_code",),
        2000,
        delete_name="supplier",
        delete_keys=("sup_code",),
    ),
    Entity(
        "parts",
        ("prt_code", "prt_name", "prt_sup_code", "prt_value", "prt_image"),
        ("prt_code", "prt_name"),
        ("prt_code",),
        2100,
        delete_name="part",
        delete_keys=("prt_code",),
    ),
    Entity(
        "object_parts",
        (
            "opr_obj_code",
            "opr_prt_code",
            "opr_serial_number",
            "opr_description",
            "opr_timestamp_installation",
            "opr_warranty_months",
            "opr_amount",
        ),
        ("opr_obj_code", "opr_prt_code", "opr_amount"),
        ("opr_obj_code", "opr_prt_code"),
        2200,
        delete_name="object_part",
        delete_keys=("opr_obj_code", "opr_prt_code"),
    ),
    Entity(
        "forms",
        ("name", "data", "template"),
        ("name",),
        ("name",),
        2300,
        delete_name="form",
        delete_keys=("name",),
    ),
    Entity(
        "categories",
        ("cat_code", "cat_name", "cat_display", "cat_cat_code", "cat_image"),
        ("cat_code", "cat_name", "cat_display"),
        ("cat_code",),
        2400,
        read_fields=("cat_code", "cat_name", "cat_display", "cat_cat_code"),
        delete_name="category",
        delete_keys=("cat_code",),
        by_filter="category",
    ),
    Entity(
        "material_categories",
        ("mct_mat_code", "mct_cat_code"),
        ("mct_mat_code", "mct_cat_code"),
        ("mct_mat_code", "mct_cat_code"),
        2500,
        delete_name="material_category",
        delete_keys=("mct_mat_code", "mct_cat_code"),
    ),
    Entity(
        "worktypes",
        ("wrt_name", "wrt_description", "wrt_default_minutes", "wrt_active"),
        ("wrt_name", "wrt_description", "wrt_default_minutes", "wrt_active"),
        ("wrt_name",),
        2600,
        delete_name="worktype",
        delete_keys=("wrt_name",),
    ),
    Entity(
        "paymentmethods",
        ("pmd_description",),
        ("pmd_description",),
        ("pmd_description",),
        2700,
        delete_name="paymentmethod",
        delete_keys=("pmd_description",),
    ),
    Entity(
        "workstatusses",
        ("sta_code", "sta_name"),
        ("sta_code", "sta_name"),
        ("sta_code",),
        2800,
        delete_name="workstatus",
        delete_keys=("sta_code",),
    ),
    Entity(
        "priorities",
        _CODED,
        ("code", "description"),
        ("code",),
        delete_name="priority",
        delete_keys=("code",),
    ),
    Entity("errors", _CODED, ("code", "description"), ("code",), delete_name="error", delete_keys=("code",)),
    Entity(
        "solutions", _CODED, ("code", "description"), ("code",), delete_name="solution", delete_keys=("code",)
    ),
    Entity(
        "material_types",
        _CODED,
        ("code", "description"),
        ("code",),
        delete_name="material_type",
        delete_keys=("code",),
    ),
    Entity(
        "regions",
        ("reg_code", "reg_name", "reg_zip_start", "reg_zip_end", "reg_city", "reg_country"),
        ("reg_code", "reg_name"),
        ("reg_code",),
        delete_name="region",
        delete_keys=("reg_code",),
    ),
    Entity(
        "vehicles",
        (
            "veh_license_plate",
            "veh_title",
            "veh_brand",
            "veh_model",
            "veh_type",
            "veh_driver",
            "veh_driving",
            "veh_active",
        ),
        ("veh_license_plate", "veh_title"),
        ("veh_license_plate",),
        delete_name="vehicle",
        delete_keys=("veh_license_plate",),
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
        ("adr_debtor_nr", "adr_code"),
        1300,
        delete_name="address",
        delete_keys=("adr_debtor_nr", "adr_code"),
        by_filter="address",
    ),
    Entity(
        "contactpersons",
        ("cpn_debtor_nr", "cpn_code", "cpn_name", "cpn_phone", "cpn_email"),
        ("cpn_debtor_nr", "cpn_code", "cpn_name"),
        ("cpn_debtor_nr", "cpn_code"),
        1300,
        delete_name="contactperson",
        delete_keys=("cpn_debtor_nr", "cpn_code"),
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
        delete_keys=("identifier",),
    ),
)

BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
BY_FILTER: dict[str, Entity] = {e.by_filter: e for e in ENTITIES if e.by_filter}
BY_DELETE_NAME: dict[str, Entity] = {e.delete_name: e for e in ENTITIES if e.delete_name}

#: the key field that makes a record unique, stored beside the vendor's fields
KEY_FIELD = "_key"


def record_key(entity: Entity, record: dict) -> str:
    return "\x1f".join(str(record.get(field, "")) for field in entity.key)
