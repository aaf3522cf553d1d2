"""What a plugin may import: the stable face of the core for extension authors."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, validate

from core.hookspecs import hookimpl

__all__ = ["Category", "Limit", "Schema", "ValidationError", "fields", "hookimpl",
           "lazy_gettext", "validate"]


@dataclass(frozen=True)
class Category:
    """A complaint category: ``code`` is stable, labels are shown to users."""

    code: str
    label_zh: str
    label_en: str
    group: str = ""
    # Free-form facts the plugin attaches (default deadline class, routing hint…).
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def label(self, locale: str) -> str:
        return self.label_zh if (locale or "").startswith("zh") else self.label_en


@dataclass(frozen=True)
class Limit:
    """A time limit: ``amount`` of ``unit`` (working_days, days or hours)."""

    amount: int
    unit: str
