"""Tiered authority (分级授权, DOMAIN.md "Remedy and compensation"; Art. 4, 5): the amount
each role may grant on its own, from tenant settings, else the plugins, else the core."""
from decimal import Decimal

from core.plugins import hooks_for

UNLIMITED = None


def approval_limits(tenant) -> dict:
    """``{role: Decimal or None}``; tenant ``settings["approval_limits"]`` win, then the
    first plugin that names the role, then the core default."""
    limits = {}
    for rules in hooks_for(tenant).compensation_rules(tenant=tenant):  # plugins first
        for role, amount in ((rules or {}).get("limits") or {}).items():
            limits.setdefault(role, amount)
    limits.update((tenant.settings or {}).get("approval_limits", {}))
    return {role: (None if amount is None else Decimal(str(amount))) for role, amount in limits.items()}


def limit_of(tenant, user):
    return approval_limits(tenant).get(user.role, Decimal(0))


def covers(limit, amount) -> bool:
    return limit is UNLIMITED or Decimal(str(amount)) <= limit


def compensation_menu(tenant) -> list:
    menu = []
    for rules in hooks_for(tenant).compensation_rules(tenant=tenant):
        for item in (rules or {}).get("menu") or ():
            if item not in menu:
                menu.append(item)
    return menu
