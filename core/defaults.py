"""The core's own hook implementations: the defaults any plugin can override.

A tenant without a fitting plugin configures its categories in ``settings["categories"]``
(a list of ``{code, label_zh, label_en}``).
"""
from core.hookspecs import hookimpl
from core.toolkit import Category


@hookimpl(trylast=True)
def register_categories(tenant):
    return [Category(code=c["code"], label_zh=c.get("label_zh", c["code"]),
                     label_en=c.get("label_en", c["code"]))
            for c in (tenant.settings or {}).get("categories", [])]
