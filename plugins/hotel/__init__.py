"""Hotel plugin: categories of a hotel's complaints (DOMAIN.md, hotel; Art. 3, 4, 18).
The full rules arrive with the plugins issue."""
from core.toolkit import Category, Schema, fields, hookimpl, validate

CATEGORIES = [
    Category("service_attitude", "服务态度", "Service attitude"),
    Category("service_efficiency", "服务效率", "Service efficiency"),
    Category("facilities", "设施设备", "Facilities"),
    Category("product_quality", "产品质量", "Product quality"),
    Category("emergency", "突发事件", "Unexpected events"),
    Category("double_sold_room", "双重售房", "Double-sold room"),
]


class HotelSettings(Schema):
    # Art. 18: the duty manager's daily log goes to the general manager.
    daily_log = fields.Boolean(load_default=True)


@hookimpl
def settings_schema():
    return HotelSettings


@hookimpl
def register_categories(tenant):
    return CATEGORIES


@hookimpl
def case_fields(tenant):
    return {
        "room_number": fields.String(validate=validate.Length(max=20), metadata={
            "public": True, "label_zh": "房间号", "label_en": "Room number"}),
        "stay_from": fields.Date(metadata={"public": True, "label_zh": "入住日期", "label_en": "Arrival date"}),
        "stay_to": fields.Date(metadata={"public": True, "label_zh": "离店日期", "label_en": "Departure date"}),
    }
