"""Plain definitions shared by the core and the plugins: categories, time limits and
lifecycle actions. No imports from the rest of the core, so anything may import them."""
from dataclasses import dataclass, field
from typing import Callable


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


@dataclass
class Action:
    """A lifecycle action: its parameter schema, the statuses it applies to (a status,
    ``"*"`` for any, ``"open"`` for any open one), who may take it (``who(ctx) -> bool``,
    optionally with a ``label`` saying who) and ``apply(ctx, params) -> event data``, which
    raises before writing anything when it refuses."""

    name: str
    schema: type
    states: tuple
    who: Callable
    apply: Callable
