"""The hooks an industry plugin implements. Each docstring is the hook's documentation.

Families, as in pytest and Datasette:
- ``register_*`` hooks return a list of things to add; every enabled plugin's list counts.
- ``firstresult`` hooks make one decision; the first plugin to answer (not None) wins,
  and the core's own default (registered ``trylast``) answers when none does.
- ``on_*`` hooks are events that every enabled plugin hears.

Every hook receives the ``tenant`` it is called for and reaches only the plugins that
tenant enabled (see :class:`core.plugins.PluginHost`). A plugin imports what it needs
from :mod:`core.toolkit`.
"""
import pluggy

hookspec = pluggy.HookspecMarker("complaints")
hookimpl = pluggy.HookimplMarker("complaints")


@hookspec
def settings_schema():
    """Return the marshmallow ``Schema`` class that validates this plugin's tenant settings.

    Called for one plugin at a time when a tenant enables it or changes its settings; the
    loaded (validated, defaulted) result is what the tenant stores. Return None when the
    plugin takes no settings.
    """


@hookspec
def register_categories(tenant):
    """Return a list of :class:`core.toolkit.Category` this plugin adds for ``tenant``.

    Codes must be unique across the tenant's plugins; a clash fails loudly.
    """


@hookspec
def case_fields(tenant):
    """Return ``{name: marshmallow field}`` for the extra fields a case of ``tenant`` has.

    The fields are validated at registration and stored in the case's ``fields``.
    A field name used by two enabled plugins fails loudly.
    """


@hookspec(firstresult=True)
def deadline_policy(tenant, case, kind):
    """Return the deadline of ``kind`` (acknowledge, decide, resolve, follow_up) for
    ``case``: a :class:`core.toolkit.Limit` (amount and unit), or None to defer."""


@hookspec(firstresult=True)
def route_case(tenant, case):
    """Return where a newly registered ``case`` goes: ``{"department": code, "reason":
    …}`` for one of the tenant's departments, or ``{"channel": …, "body": …, "address": …,
    "phone": …, "reason": …}`` for an external body it should be referred to; None to
    defer to the next plugin. The core records it on the case (``routing``) and, for a
    department, routes the case there; referral itself stays a staff action."""


@hookspec
def required_checks(tenant, case, action):
    """Return the checks (short codes) that must be recorded on ``case`` (core action
    ``record_check``) before ``action`` may be taken; with ``action`` None, every check
    that applies to the case. Example: the bank re-listens to a hotline recording before
    proposing a resolution on a major complaint (Art. 12 §10)."""


@hookspec
def prepare_case(tenant, case):
    """Called once when ``case`` is registered, before it is saved and before routing and
    severity: fill derived values (e.g. a transfer-order number for a hotline complaint).
    Change only ``case.fields``; return nothing."""


@hookspec
def case_warnings(tenant, case, now):
    """Return a list of ``{"code": …, "message": …}`` to show staff at intake and on the
    case page (e.g. the complainant's statutory window is closing). Pure: write nothing."""


@hookspec
def assess_severity(tenant, case):
    """Return a list of reasons (short codes) that make ``case`` a major complaint; an
    empty list when none apply."""


@hookspec
def compensation_rules(tenant):
    """Return ``{"menu": [...], "limits": {role: amount}}``: the remedies this plugin
    offers and the amount each role may approve on its own (tiered authority)."""


@hookspec
def register_actions(tenant):
    """Return a list of :class:`core.toolkit.PluginAction` this plugin adds to the case
    lifecycle (names must not clash with the core's). They run through the same engine as
    the core actions: version check, state and actor checks, one event, all or nothing."""


@hookspec
def validate_action(tenant, case, action, params, actor):
    """Return a list of messages why ``actor`` may not perform ``action`` with
    ``params`` on ``case``; an empty list allows it. Called before anything is written."""


@hookspec
def reply_requirements(tenant, case):
    """Return a list of reply element names that a reply to ``case`` must contain, in
    addition to the core's own (Art. 12 §12)."""


@hookspec
def register_reports(tenant):
    """Return a list of report definitions this plugin adds for ``tenant``."""


@hookspec
def notification_templates(tenant):
    """Return ``{template name: {locale: (subject, body)}}`` overriding or adding
    notification texts."""


@hookspec
def on_sweep(tenant, now):
    """Called by every sweep (each minute in production) for each tenant with the plugin:
    periodic work such as a monthly reminder. Must be idempotent (an outbox key per
    period does it); write through the toolkit; return nothing."""


@hookspec
def on_case_event(tenant, case, event):
    """Called after ``event`` was appended to ``case``, inside the same transaction.
    Return nothing; raise only to refuse the whole action."""
