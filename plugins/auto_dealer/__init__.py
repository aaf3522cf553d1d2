"""Car-dealership (4S store) plugin (DOMAIN.md, auto_dealer; Art. 5). The full rules
arrive with the plugins issue."""
from core.toolkit import Category, Schema, fields, hookimpl, validate

CATEGORIES = [
    Category("repair_quality", "维修质量", "Repair quality"),
    Category("repair_time", "维修时间", "Repair time"),
    Category("charges", "收费", "Charges"),
    Category("vehicle_quality", "车辆质量", "Vehicle quality"),
    Category("sales_service", "销售服务", "Sales service"),
    Category("service_attitude", "服务态度", "Service attitude"),
]


class DealerSettings(Schema):
    # Art. 5: the pending-matters ledger reminder falls on this day of the month.
    ledger_reminder_day = fields.Integer(load_default=4, validate=validate.Range(min=1, max=28))


@hookimpl
def settings_schema():
    return DealerSettings


@hookimpl
def register_categories(tenant):
    return CATEGORIES


@hookimpl
def case_fields(tenant):
    return {
        "plate": fields.String(validate=validate.Length(max=16), metadata={
            "public": True, "label_zh": "车牌号", "label_en": "Plate number"}),
        "vin": fields.String(validate=validate.Regexp(r"^[A-HJ-NPR-Z0-9]{17}$"), metadata={
            "public": True, "label_zh": "车架号", "label_en": "VIN"}),
        "work_order": fields.String(validate=validate.Length(max=40), metadata={
            "public": True, "label_zh": "维修工单号", "label_en": "Work order"}),
    }
