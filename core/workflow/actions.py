"""The actions of DESIGN.md's lifecycle table, each citing the rule it carries out."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from core import deadlines
from core.auth.models import User
from core.converters import as_id
from core.errors import Forbidden, InvalidInput, NotAllowedNow
from core.extensions import db
from core.outbox import notify_complainant, notify_users
from core.plugins import categories_for, hooks_for
from core.tenancy import department_by_code, scoped
from core.workflow import schemas
from core.workflow.authority import approval_limits, compensation_menu, covers, limit_of
from core.workflow.engine import ANY_STATE, OPEN, action

MANAGERS = ("admin", "supervisor")
STAFF = ("admin", "supervisor", "handler", "intake")
SUPERVISOR_FANOUT = 50  # at most this many supervisors are told of one case


# --- who may act ---------------------------------------------------------------------------

def _is(ctx, user_id):
    """The actor is this staff member (never true for the complainant, who has no id)."""
    return ctx.actor.id is not None and ctx.actor.id == user_id


def managers(ctx):
    return ctx.actor.role in MANAGERS


def owner_or_assignee(ctx):
    return _is(ctx, ctx.case.owner_id) or _is(ctx, ctx.case.assignee_id) or _is(ctx, ctx.case.deputy_id)


def workers(ctx):
    """The first responder or assignee (首问负责制, Art. 12 §3), and managers."""
    return managers(ctx) or owner_or_assignee(ctx)


def handlers(ctx):
    return managers(ctx) or _is(ctx, ctx.case.assignee_id) or _is(ctx, ctx.case.deputy_id)


def staff(ctx):
    return ctx.actor.role in STAFF


def assigners(ctx):
    """Managers, and the first responder handing the case over explicitly (Art. 12 §3)."""
    return managers(ctx) or _is(ctx, ctx.case.owner_id)


def complainant(ctx):
    return ctx.actor.role == "complainant"


def workers_or_complainant(ctx):
    return workers(ctx) or complainant(ctx)


def follow_up_staff(ctx):
    """Return visits are often made by a call centre (Art. 17 6.5.2): intake staff too."""
    return workers(ctx) or ctx.actor.role == "intake"


# What a refusal tells the user about who may act instead.
managers.label = _l("supervisors and admins")
workers.label = _l("the case's first responder or assignee, supervisors and admins")
complainant.label = _l("the complainant")
workers_or_complainant.label = _l("the complainant, the case's first responder or assignee, supervisors and admins")
handlers.label = _l("the case's assignee, supervisors and admins")
staff.label = _l("staff (not auditors)")
assigners.label = _l("the case's first responder, supervisors and admins")
follow_up_staff.label = _l("the case's first responder or assignee, intake staff, supervisors and admins")


# --- helpers --------------------------------------------------------------------------------

def supervisors_of(tenant, case, at_least=None):
    """The managers to tell about ``case``: those of its department, else all of the
    tenant's. With ``at_least``, only managers whose authority covers that amount — from
    the department when one there does, else from the whole tenant."""
    query = scoped(User, tenant).where(User.role.in_(MANAGERS), User.active.is_(True))
    if at_least is not None:
        limits = approval_limits(tenant)
        roles = [role for role in MANAGERS if covers(limits.get(role, Decimal(0)), at_least)]
        query = query.where(User.role.in_(roles))
    if case.department_id is not None:
        in_department = db.session.scalars(query.where(User.department_id == case.department_id)
                                           .order_by(User.id).limit(SUPERVISOR_FANOUT)).all()
        if in_department:
            return in_department
    return db.session.scalars(query.order_by(User.id).limit(SUPERVISOR_FANOUT)).all()


def find_user(tenant, ident):
    """A staff member of ``tenant`` named by id or e-mail, or None."""
    ident = str(ident).strip()
    if ident.isdigit():
        query = scoped(User, tenant).where(User.id == as_id(ident))
    else:
        query = scoped(User, tenant).where(User.email == ident.lower())
    return db.session.execute(query).scalar_one_or_none()


def route_by_category(tenant, case):
    """Once the category is known (or changed at acceptance), the routing hooks answer again
    (谁的客户谁负责, Art. 12 §4): the suggestion is replaced; a department applies when the
    case has none yet. Severity is assessed again too."""
    route = hooks_for(tenant).route_case(tenant=tenant, case=case)
    case.routing = dict(route) if route else {}
    department = department_by_code(tenant, route["department"]) if route and route.get("department") else None
    if department is not None and case.department_id is None:
        case.department_id = department.id
    reasons = {r for batch in hooks_for(tenant).assess_severity(tenant=tenant, case=case) for r in (batch or ())}
    if reasons - set(case.major_reasons or []):
        case.major = True
        case.major_reasons = sorted(set(case.major_reasons or []) | reasons)


def compensation_amount(case):
    return (case.compensation or {}).get("amount", "0")


# --- intake review (Art. 1 §8, Art. 8 (二), Art. 17 5.2.1) ---------------------------------

@action("request_info", schemas.RequestInfo, ("received",), workers)
def request_info(ctx, params):
    """Missing evidence: ask for it; the clock stops meanwhile."""
    ctx.case.status = "pending_info"
    deadlines.pause(ctx.tenant, ctx.case, ctx.now, "pending_info")
    deadlines.meet(ctx.tenant, ctx.case, ("acknowledge",), ctx.now)
    ctx.notify(notify_complainant, "info_requested", {"missing": params["missing"]})
    return {"missing": params["missing"]}


@action("provide_info", schemas.ProvideInfo, ("pending_info",), workers_or_complainant)
def provide_info(ctx, params):
    """The missing information arrives (from staff on the complainant's behalf, or from the
    complainant on the status page); the clock runs again."""
    ctx.case.status = "received"
    deadlines.resume(ctx.tenant, ctx.case, ctx.now)
    return {"text": params["text"], "attachments": params.get("attachments", [])}


@action("add_information", schemas.AddInformation, (OPEN,), complainant)
def add_information(ctx, params):
    """More facts or evidence from the complainant on the status page: an event on the
    case for the handler to read."""
    return {"text": params["text"], "attachments": params.get("attachments", [])}


@action("accept", schemas.Accept, ("received",), workers)
def accept(ctx, params):
    codes = {c.code for c in categories_for(ctx.tenant)}
    if params["category"] not in codes:
        raise InvalidInput(_l("Check the marked fields."), {"category": [_l("Unknown category.")]})
    case = ctx.case
    case.status, case.category = "accepted", params["category"]
    if params.get("severity"):
        case.severity = params["severity"]
    route_by_category(ctx.tenant, case)
    met = deadlines.meet(ctx.tenant, case, ("acknowledge", "decide"), ctx.now)
    # Counted from receipt, less the time spent waiting for the complainant's information.
    waited = max((d.paused_seconds for d in met if d.kind == "decide"), default=0)
    resolve = deadlines.start(ctx.tenant, case, "resolve", case.received_at, paused_seconds=waited)
    ctx.notify(notify_complainant, "case_accepted", {"due_at": resolve.due_at.isoformat()})
    return {"category": case.category, "severity": case.severity}


@action("reject", schemas.Reject, ("received",), workers)
def reject(ctx, params):
    """Refuse with the reason told to the complainant (Art. 1 §8 (二))."""
    ctx.case.status = "rejected"
    deadlines.meet(ctx.tenant, ctx.case, ("acknowledge", "decide"), ctx.now)
    deadlines.cancel(ctx.tenant, ctx.case, ctx.now)
    ctx.notify(notify_complainant, "case_rejected", {"reason": params["reason"]})
    return {"reason": params["reason"]}


# --- handling ------------------------------------------------------------------------------

@action("assign", schemas.Assign, ("accepted", "in_progress"), assigners)
def assign(ctx, params):
    """Route to the responsible unit (谁的客户谁负责, Art. 12 §4); never to the person
    complained about (当事人不得直接参与, Art. 5; Art. 12 §11)."""
    case, errors = ctx.case, {}
    department = assignee = None
    if params.get("department"):
        department = department_by_code(ctx.tenant, params["department"])
        if department is None:
            errors["department"] = [_l("Unknown department.")]
    if params.get("assignee"):
        assignee = find_user(ctx.tenant, params["assignee"])
        if assignee is None or not assignee.active:
            errors["assignee"] = [_l("No such staff member.")]
        elif assignee.role not in ("admin", "supervisor", "handler"):
            errors["assignee"] = [_l("Only handlers, supervisors and admins can handle a case.")]
    deputy = None
    if params.get("deputy"):
        deputy = find_user(ctx.tenant, params["deputy"])
        if deputy is None or not deputy.active or deputy.role not in ("admin", "supervisor", "handler"):
            errors["deputy"] = [_l("No such staff member.")]
        elif deputy.id == (assignee.id if assignee else case.assignee_id):
            errors["deputy"] = [_l("The deputy must be someone other than the assignee.")]
    if errors:
        raise InvalidInput(_l("Check the marked fields."), errors)
    if deputy is not None and deputy.id == case.subject_user_id:
        raise Forbidden(_l("The person complained about cannot handle the complaint."),
                        {"deputy": [_l("The person complained about cannot handle the complaint.")]})
    if deputy is not None:
        case.deputy_id = deputy.id
    if assignee is not None and assignee.id == case.subject_user_id:
        raise Forbidden(_l("The person complained about cannot handle the complaint."),
                        {"assignee": [_l("The person complained about cannot handle the complaint.")]})
    if department is not None:
        case.department_id = department.id
    if assignee is not None:
        case.assignee_id = assignee.id
        case.owner_id = assignee.id  # ownership passes with the explicit hand-over
        ctx.notify(notify_users, "case_assigned", [assignee])
    case.status = "in_progress"
    return {"department": params.get("department"), "assignee": assignee.id if assignee else None,
            "deputy": deputy.id if deputy else None}


@action("determine", schemas.Determine, ("in_progress",), handlers)
def determine(ctx, params):
    """Responsibility determination (责任认定, Art. 5, 8): facts and who is responsible."""
    ctx.case.responsibility, ctx.case.findings = params["responsibility"], params["findings"]
    return dict(params)


@action("propose", schemas.Propose, ("in_progress",), handlers)
def propose(ctx, params):
    """A handling plan for a manager's approval (主管领导批示, Art. 8 step 6)."""
    case = ctx.case
    if case.responsibility is None:
        raise NotAllowedNow(_l("Determine responsibility before proposing a resolution."))
    compensation = params.get("compensation")
    if compensation:
        menu = compensation_menu(ctx.tenant)
        if menu and compensation["kind"] not in menu:
            raise InvalidInput(_l("Check the marked fields."),
                               {"compensation": {"kind": [_l("Not on this organisation's compensation menu.")]}})
    case.status, case.resolution = "proposed", params["resolution"]
    case.compensation = ({"kind": compensation["kind"], "amount": str(compensation["amount"])}
                         if compensation else None)
    case.proposed_by_id = ctx.actor.id
    amount = compensation_amount(case)
    if not covers(limit_of(ctx.tenant, ctx.actor), amount):
        ctx.notify(notify_users, "approval_needed", supervisors_of(ctx.tenant, case, at_least=amount),
                   {"amount": str(amount)})
    return {"resolution": case.resolution, "compensation": case.compensation}


@action("approve", schemas.Approve, ("proposed",), managers)
def approve(ctx, params):
    """Tiered authority: the approver's limit must cover the amount (分级授权)."""
    case = ctx.case
    if _is(ctx, case.proposed_by_id):
        raise Forbidden(_l("Someone other than the proposer must approve."))
    amount = compensation_amount(case)
    if not covers(limit_of(ctx.tenant, ctx.actor), amount):
        raise Forbidden(_l("Amount %(amount)s is above your approval limit.", amount=amount))
    case.status = "approved"
    return {"note": params.get("note"), "amount": str(amount)}


@action("send_back", schemas.SendBack, ("proposed",), managers)
def send_back(ctx, params):
    ctx.case.status = "in_progress"
    return {"note": params["note"]}


@action("reply", schemas.Reply, ("approved", "proposed"), handlers)
def reply(ctx, params):
    """The answer states cause and findings, what was done about the staff, the lesson
    and corrective measures, and a contact (Art. 12 §12). From ``proposed`` only when the
    proposer's own authority covers the compensation (DESIGN.md)."""
    case = ctx.case
    if case.status == "proposed":
        proposer = find_user(ctx.tenant, case.proposed_by_id) if case.proposed_by_id else None
        if proposer is None or not covers(limit_of(ctx.tenant, proposer), compensation_amount(case)):
            raise NotAllowedNow(_l("This proposal needs approval before the reply."))
    required = [r for batch in ctx.hooks.reply_requirements(tenant=ctx.tenant, case=case)
                for r in (batch or ())]
    missing = [r for r in required if not (params["extra"].get(r) or "").strip()]
    if missing:
        raise InvalidInput(_l("Check the marked fields."),
                           {"extra": {r: [_l("Missing data for required field.")] for r in missing}})
    case.status = "replied"
    case.reply = dict(params) | {"by": ctx.actor.id, "at": ctx.now.isoformat()}
    deadlines.meet(ctx.tenant, case, ("resolve",), ctx.now)
    deadlines.start(ctx.tenant, case, "follow_up", ctx.now)
    ctx.notify(notify_complainant, "case_replied", {"text": params["text"], "contact": params["contact"]})
    return dict(params)


@action("follow_up", schemas.FollowUp, ("replied",), follow_up_staff)
def follow_up(ctx, params):
    """Return visit (回访, Art. 17 6.5.2): satisfied closes; dissatisfied goes back to
    handling with a new resolve deadline."""
    case = ctx.case
    case.satisfaction = params["satisfaction"]
    deadlines.meet(ctx.tenant, case, ("follow_up",), ctx.now)
    if params["satisfaction"] == "dissatisfied":
        case.status = "in_progress"
        resolve = deadlines.start(ctx.tenant, case, "resolve", ctx.now)
        ctx.notify(notify_complainant, "case_handled_again", {"due_at": resolve.due_at.isoformat()})
    else:
        case.status = "closed"
        ctx.notify(notify_complainant, "case_closed")
    return dict(params)


# --- leaving the normal path ----------------------------------------------------------------

@action("refer", schemas.Refer, (OPEN,), handlers)
def refer(ctx, params):
    """Hand over to an external channel (e.g. labour arbitration, Art. 11; external
    review, Art. 4)."""
    case = ctx.case
    suggested = case.routing or {}
    if not suggested.get("body"):
        suggested = {}  # a department route is no external body
    params = {key: params.get(key) or suggested.get(key)
              for key in ("channel", "body", "address", "phone", "basis")} | {"note": params.get("note")}
    missing = [key for key in ("channel", "body") if not params[key]]
    if missing:
        raise InvalidInput(_l("Check the marked fields."),
                           {key: [_l("Missing data for required field.")] for key in missing})
    case.status = "referred"
    case.routing = {key: params[key] for key in ("channel", "body", "address", "phone", "basis")}
    deadlines.meet(ctx.tenant, case, ("acknowledge", "decide"), ctx.now)
    deadlines.cancel(ctx.tenant, case, ctx.now)
    ctx.notify(notify_complainant, "case_referred", {
        key: params[key] for key in ("body", "channel", "address", "phone", "basis") if params[key]})
    return {key: value for key, value in params.items() if value}


@action("withdraw", schemas.Withdraw, (OPEN,), workers)
def withdraw(ctx, params):
    """Withdrawal (撤诉, Art. 12 §19): archived with its reason; one that was not
    voluntary is flagged for supervisors to investigate."""
    case = ctx.case
    case.status = "withdrawn"
    deadlines.cancel(ctx.tenant, case, ctx.now)
    if not params["voluntary"]:
        case.flags = sorted(set(case.flags or []) | {"involuntary_withdrawal"})
        ctx.notify(notify_users, "withdrawal_flagged", supervisors_of(ctx.tenant, case),
                   {"reason": params["reason"]})
    return dict(params)


@action("extend", schemas.Extend, (OPEN,), handlers)
def extend(ctx, params):
    """Cannot be done in time: record why and tell the complainant (Art. 12 §11)."""
    deadline = deadlines.extend(ctx.tenant, ctx.case, params["kind"], params["due_at"])
    ctx.notify(notify_complainant, "case_extended",
               {"due_at": deadline.due_at.isoformat(), "reason": params["reason"]})
    return {"kind": params["kind"], "due_at": deadline.due_at.isoformat(), "reason": params["reason"]}


@action("escalate", schemas.Escalate, (OPEN,), staff)
def escalate(ctx, params):
    """Major complaints reach senior management at once (Art. 17, Art. 12 §10, §22)."""
    case = ctx.case
    case.major = True
    case.major_reasons = sorted(set(case.major_reasons or []) | {"escalated"})
    ctx.notify(notify_users, "case_major", supervisors_of(ctx.tenant, case), {"reason": params["reason"]})
    return {"reason": params["reason"], "major_reasons": case.major_reasons}


@action("reopen", schemas.Reopen, ("closed",), managers)
def reopen(ctx, params):
    """Counts as a repeat complaint (Art. 12 §18): re-verify and track."""
    case = ctx.case
    case.status = "in_progress"
    case.repeat_count = (case.repeat_count or 0) + 1
    case.satisfaction = None
    deadlines.start(ctx.tenant, case, "resolve", ctx.now)
    assignee = find_user(ctx.tenant, case.assignee_id) if case.assignee_id else None
    recipients = ([assignee] if assignee else []) + supervisors_of(ctx.tenant, case)
    ctx.notify(notify_users, "case_reopened", recipients, {"reason": params["reason"]})
    return {"reason": params["reason"], "repeat_count": case.repeat_count}


@action("record_check", schemas.RecordCheck, (OPEN,), handlers)
def record_check(ctx, params):
    """A check the plugins require before some action, recorded with who and when (e.g.
    the bank's re-listening of a hotline recording, Art. 12 §10)."""
    applicable = {c for batch in ctx.hooks.required_checks(tenant=ctx.tenant, case=ctx.case, action=None)
                  for c in (batch or ())}
    if params["check"] not in applicable:
        raise InvalidInput(_l("Check the marked fields."), {"check": [_l("No such check applies to this case.")]})
    ctx.case.flags = sorted(set(ctx.case.flags or []) | {f"checked:{params['check']}"})
    return dict(params)


@action("stop_clock", schemas.StopClock, (OPEN,), handlers)
def stop_clock(ctx, params):
    """Time for an external appraisal, test or the like does not count, and the
    complainant is told (DESIGN.md "Deadlines"; 银行业保险业消费投诉处理管理办法)."""
    if any(d.paused_at is not None for d in deadlines.running(ctx.tenant, ctx.case)):
        raise NotAllowedNow(_l("The clock is already stopped."))
    deadlines.pause(ctx.tenant, ctx.case, ctx.now, params["reason"])
    ctx.notify(notify_complainant, "clock_stopped", {"reason": params["reason"]})
    return dict(params)


@action("restart_clock", schemas.RestartClock, (OPEN,), handlers)
def restart_clock(ctx, params):
    running = deadlines.running(ctx.tenant, ctx.case)
    if ctx.case.status == "pending_info" or not any(d.paused_at is not None for d in running):
        raise NotAllowedNow(_l("The clock is not stopped for an external reason."))
    deadlines.resume(ctx.tenant, ctx.case, ctx.now)
    return dict(params)


@action("note", schemas.Note, (ANY_STATE,), staff)
def note(ctx, params):
    return {"text": params["text"]}
