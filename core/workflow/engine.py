"""The action registry and ``perform``: load, check, apply, record."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError

from core import deadlines
from core.audit import append_event
from core.notify import webhooks
from core.definitions import Action
from core.cases.models import Case
from core.errors import Conflict, Forbidden, InvalidInput, NotAllowedNow, NotFound
from core.extensions import db
from core.plugins import hooks_for
from core.tenancy import scoped
from core.types import utcnow
from core.validation import refuse_nul

ANY_STATE = "*"
OPEN = "open"


ACTIONS: dict[str, Action] = {}


@dataclass(frozen=True)
class Complainant:
    """The complainant acting through the public status page (opened with the reference
    and access code): an actor with no staff identity."""

    role: str = "complainant"
    id: None = None
    locale: str | None = None
    name: str = "complainant"


@dataclass
class Context:
    tenant: object
    actor: object
    case: Case
    now: datetime
    event_type: str
    notices: list = field(default_factory=list)  # (fn, args) to run once the event exists

    @property
    def hooks(self):
        return hooks_for(self.tenant)

    def notify(self, fn, *args, **kwargs):
        """Queue an outbox write that needs the event (its id is the idempotency key)."""
        self.notices.append((fn, args, kwargs))


def action(name, schema, states, who):
    def register(fn):
        ACTIONS[name] = Action(name, schema, tuple(states), who, fn)
        return fn
    return register


def _state_ok(action_, case):
    if ANY_STATE in action_.states:
        return True
    if OPEN in action_.states and case.is_open:
        return True
    return case.status in action_.states


def load_case(tenant, actor, case_id) -> Case:
    """The case, or NotFound — also for the person it is about (Art. 5: 当事人不得参与)."""
    case = db.session.execute(scoped(Case, tenant).where(Case.id == case_id)).scalar_one_or_none()
    if case is None or (actor is not None and actor.id is not None
                        and actor.id == case.subject_user_id):
        raise NotFound(_l("No such case."))
    return case


def allowed_actions(tenant, actor, case) -> list[str]:
    """The actions ``actor`` could take on ``case`` now (for the UI's buttons)."""
    names = []
    for name, action_ in actions_for(tenant).items():
        if not _state_ok(action_, case):
            continue
        ctx = Context(tenant, actor, case, utcnow(), name)
        if actor.role != "auditor" and action_.who(ctx):
            names.append(name)
    return names


def perform(tenant, actor, case_id, name, params=None, version=None, now=None):
    """Perform action ``name`` on the case; return ``(case, event)``. The caller commits.

    ``version`` is the case version the actor saw; a different current version is a
    conflict (someone acted first). On any refusal the session is rolled back.
    """
    try:
        return _perform(tenant, actor, case_id, name, params or {}, version, now or utcnow())
    except StaleDataError as err:
        db.session.rollback()
        raise Conflict(_l("Someone else changed this case first; reload it and try again.")) from err
    except Exception:
        db.session.rollback()
        raise


def actions_for(tenant) -> dict[str, Action]:
    """The core's actions and those the tenant's plugins add."""
    found = dict(ACTIONS)
    for batch in hooks_for(tenant).register_actions(tenant=tenant):
        for extra in batch or ():
            if extra.name in found:
                raise RuntimeError(f"action {extra.name!r} defined twice for tenant {tenant.slug}")
            found[extra.name] = extra
    return found


def _perform(tenant, actor, case_id, name, params, version, now):
    action_ = actions_for(tenant).get(name)
    if action_ is None:
        raise InvalidInput(_l("Unknown action: %(name)s", name=name), {"action": [_l("Unknown action.")]})
    case = load_case(tenant, actor, case_id)
    if version is not None and int(version) != case.version:
        raise Conflict(_l("Someone else changed this case first; reload it and try again."),
                       {"version": [_l("Current version is %(v)d.", v=case.version)]})
    if not _state_ok(action_, case):
        raise NotAllowedNow(_l("“%(action)s” is not possible while the case is %(status)s.",
                               action=_l(name), status=_l(case.status)))
    refuse_nul(params)
    ctx = Context(tenant, actor, case, now, name)
    if actor is None or actor.role == "auditor" or not action_.who(ctx):
        who = getattr(action_.who, "label", None)
        if who is None:
            raise Forbidden(_l("You may not %(action)s this case.", action=_l(name)))
        raise Forbidden(_l("Only %(who)s may %(action)s this case.", who=who, action=_l(name)))
    try:
        data = action_.schema().load(params)
    except ValidationError as err:
        raise InvalidInput(_l("Check the marked fields."), err.messages)
    done = {flag.split(":", 1)[1] for flag in case.flags or [] if flag.startswith("checked:")}
    missing = sorted({c for batch in ctx.hooks.required_checks(tenant=tenant, case=case, action=name)
                      for c in (batch or ())} - done)
    if missing:
        raise NotAllowedNow(_l("Record these checks first: %(checks)s",
                               checks=", ".join(str(_l(c)) for c in missing)), {"checks": missing})
    refusals = [m for batch in ctx.hooks.validate_action(
        tenant=tenant, case=case, action=name, params=data, actor=actor) for m in (batch or ())]
    if refusals:
        raise NotAllowedNow("; ".join(str(m) for m in refusals))

    before = case.status
    # Take the row first: the version-checked UPDATE makes a concurrent action on the same
    # version fail here, before anything else is written.
    case.version, case.updated_at = case.version + 1, now
    db.session.flush()
    event_data = action_.apply(ctx, data) or {}
    db.session.flush()
    event_data = {"from": before, "to": case.status} | event_data
    if actor.id is None:
        event_data["by"] = actor.role  # the complainant, who has no staff id
    event = append_event(tenant.id, case.id, ctx.event_type, actor.id, event_data, at=now)
    for fn, args, kwargs in ctx.notices:
        fn(tenant, case, event, *args, **kwargs)
    webhooks.queue(tenant, case, [event])
    ctx.hooks.on_case_event(tenant=tenant, case=case, event=event)
    deadlines.refresh_next_due(tenant, case)
    db.session.flush()
    return case, event
