"""The case list and the board: filters, search, sorting and bounded counts, as ``SELECT``
statements over the cases a user may see. Free of request state; the web list and the
board build on it.

Every filter is an equality or a range on an indexed column with ``tenant_id`` first
(``status``, ``assignee_id``, ``department_id``, ``next_due_at``, ``received_at``).
Search is a substring match (Chinese has no spaces between words, so no word index
helps); on PostgreSQL it is served by the trigram index of the benchmarks issue.
Counts stop at ``COUNT_CAP``, so a board costs the same at a thousand cases or a million.
"""
from datetime import datetime, time, timedelta

from marshmallow import Schema, fields, validate
from sqlalchemy import func, or_, select

from core.cases.access import visible_cases
from core.cases.models import CHANNELS, OPEN_STATUSES, STATUSES, Case
from core.extensions import db
from core.tenancy import Department

PAGE_SIZE = 25
COUNT_CAP = 1000
DUE_SOON = timedelta(hours=24)
SORTS = ("received", "due")


class ListArgs(Schema):
    """The list's query string; anything else is refused by name."""
    status = fields.String(validate=validate.OneOf(STATUSES + ("open",)))
    category = fields.String(validate=validate.Length(max=64))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    department = fields.String(validate=validate.Length(max=32))
    handler = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    major = fields.Boolean()
    overdue = fields.Boolean()
    due_soon = fields.Boolean()
    mine = fields.Boolean()
    my_department = fields.Boolean()
    awaiting_approval = fields.Boolean()
    received_from = fields.Date()
    received_to = fields.Date()
    q = fields.String(validate=validate.Length(max=100))
    sort = fields.String(load_default="received", validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10000))


def like_pattern(text: str) -> str:
    """A substring ``LIKE`` pattern (escape ``\\``) in which ``%`` and ``_`` are literal."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _local_midnight(day, tenant):
    return datetime.combine(day, time.min, tenant.tz)


def filtered(tenant, user, args: dict, now: datetime):
    """``SELECT`` of the visible cases matching ``args`` (a loaded :class:`ListArgs`)."""
    query = visible_cases(tenant, user)
    status = args.get("status")
    if status == "open":
        query = query.where(Case.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Case.status == status)
    if args.get("category"):
        query = query.where(Case.category == args["category"])
    if args.get("channel"):
        query = query.where(Case.channel == args["channel"])
    if args.get("department"):
        query = query.where(Case.department_id.in_(select(Department.id).where(
            Department.tenant_id == tenant.id, Department.code == args["department"])))
    if args.get("handler"):
        query = query.where(Case.assignee_id == args["handler"])
    if args.get("major") is not None:
        query = query.where(Case.major.is_(args["major"]))
    if args.get("overdue"):
        query = query.where(Case.next_due_at <= now)
    if args.get("due_soon"):
        query = query.where(Case.next_due_at > now, Case.next_due_at <= now + DUE_SOON)
    if args.get("mine"):
        query = query.where(or_(Case.assignee_id == user.id, Case.deputy_id == user.id,
                                Case.owner_id == user.id), Case.status.in_(OPEN_STATUSES))
    if args.get("my_department"):
        query = query.where(Case.department_id == user.department_id, Case.status.in_(OPEN_STATUSES))
    if args.get("awaiting_approval"):
        query = query.where(Case.status == "proposed")
        if user.role != "admin":
            query = query.where(or_(Case.department_id == user.department_id, Case.department_id.is_(None)))
    if args.get("received_from"):
        query = query.where(Case.received_at >= _local_midnight(args["received_from"], tenant))
    if args.get("received_to"):
        query = query.where(Case.received_at < _local_midnight(args["received_to"] + timedelta(days=1), tenant))
    if args.get("q"):
        pattern = like_pattern(args["q"].strip())
        query = query.where(or_(Case.reference.ilike(pattern, escape="\\"),
                                Case.title.ilike(pattern, escape="\\"),
                                Case.description.ilike(pattern, escape="\\"),
                                Case.subject_name.ilike(pattern, escape="\\")))
    return query


def page_of(tenant, user, args: dict, now: datetime):
    """``(cases, has_next)`` for the page ``args["page"]``, sorted by due time (soonest
    first, cases with no running deadline last) or by time received (newest first)."""
    query = filtered(tenant, user, args, now)
    if args.get("sort") == "due":
        query = query.order_by(Case.next_due_at.asc().nulls_last(), Case.id)
    else:
        query = query.order_by(Case.received_at.desc(), Case.id.desc())
    page = args.get("page", 1)
    rows = db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def bounded_count(query) -> int:
    """How many rows ``query`` has, counting no further than ``COUNT_CAP``."""
    capped = query.with_only_columns(Case.id).limit(COUNT_CAP).subquery()
    return db.session.scalar(select(func.count()).select_from(capped))


BOARD = ("mine", "my_department", "due_soon", "overdue", "awaiting_approval", "major")


def board(tenant, user, now) -> dict:
    """The board's tiles: each a filter of the case list and its bounded count."""
    tiles = {}
    for name in BOARD:
        if name == "awaiting_approval" and user.role not in ("admin", "supervisor"):
            continue
        if name == "my_department" and user.department_id is None:
            continue
        args = {"major": True, "status": "open"} if name == "major" else {name: True}
        if name in ("due_soon", "overdue"):
            args["status"] = "open"
        tiles[name] = (args, bounded_count(filtered(tenant, user, args, now)))
    return tiles
