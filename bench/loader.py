"""Fill a database with N realistic cases across several tenants, quickly: COPY on
PostgreSQL, batched INSERTs on SQLite. Each case has its registration event (and the
acceptance for most), its acknowledge, decide and resolve deadlines (met, late or still
running) and a return visit when closed; received times spread over 2026, so reports
and sweeps have real work.

    .venv/bin/python bench/loader.py --url postgresql://…/db --cases 100000 --tenants 5

The events carry placeholder hashes: the audit chain of a loaded tenant does not verify
(`complaints audit verify` names the first loaded event), while events the app appends
afterwards continue from the head this loader sets.
"""
import argparse
import hashlib
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CATEGORIES = ("work_error", "service_attitude", "product", "fees", "facilities", "other")
CHANNELS = ("phone", "walk_in", "letter", "web", "email")
TITLES = ("柜员办理转账输错金额", "排队等候时间过长", "理财产品收益与宣传不符", "信用卡年费未告知即扣收",
          "ATM吞卡后无人处理", "客户经理服务态度冷淡", "手机银行转账失败", "网点设施损坏无人修理")
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
YEAR = timedelta(days=330)
CASE_COLUMNS = ("tenant_id", "reference", "status", "version", "channel", "anonymous", "confidential",
                "complainant_name", "complainant_phone", "category", "major", "major_reasons", "title",
                "description", "received_at", "registered_at", "fields", "routing", "access_code_hash",
                "updated_at", "repeat_count", "flags", "satisfaction", "department_id", "next_due_at")
DEADLINE_COLUMNS = ("tenant_id", "case_id", "kind", "amount", "unit", "starts_at", "due_at", "original_due_at",
                    "met_at", "breached_at", "paused_seconds", "extensions", "years_without_holidays")
EVENT_COLUMNS = ("tenant_id", "seq", "case_id", "type", "actor_id", "created_at", "data", "prev_hash", "hash")


def _naive(moment):
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def case_rows(tenant_id, department_id, prefix, count, rng):
    for n in range(1, count + 1):
        received = START + YEAR * (n / count) + timedelta(seconds=rng.randint(0, 3600))
        state = rng.random()
        status = "in_progress" if state < 0.1 else "rejected" if state < 0.15 else \
            "received" if state < 0.18 else "closed"
        due = received + timedelta(days=9) if status in ("in_progress", "received") else None
        yield {"tenant_id": tenant_id, "reference": f"{prefix}-2026-{n:06d}", "status": status, "version": 3,
               "channel": CHANNELS[n % len(CHANNELS)], "anonymous": False, "confidential": False,
               "complainant_name": f"客户{n}", "complainant_phone": f"138{n:08d}",
               "category": None if status == "received" else CATEGORIES[n % len(CATEGORIES)],
               "major": n % 97 == 0, "major_reasons": "[]", "title": TITLES[n % len(TITLES)],
               "description": "客户反映：" + TITLES[n % len(TITLES)] + "，要求尽快处理并答复。",
               "received_at": _naive(received), "registered_at": _naive(received), "fields": "{}",
               "routing": "{}", "access_code_hash": hashlib.sha256(str(n).encode()).hexdigest(),
               "updated_at": _naive(received), "repeat_count": 0, "flags": "[]",
               "satisfaction": ("satisfied", "basically_satisfied", "dissatisfied")[n % 3] if status == "closed" else None,
               "department_id": department_id, "next_due_at": _naive(due) if due else None}


def detail_rows(tenant_id, cases, actor_id, seq, rng, now):
    """Deadlines and events of ``cases`` (``(id, received_at, status)``); returns the
    rows and the tenant's last sequence number. Running deadlines that fell due more than
    a day before ``now`` are already escalated, as earlier sweeps would have done; the
    rest is the next sweep's work."""
    deadlines, events = [], []
    for case_id, received, status in cases:
        late = rng.random() < 0.2
        for kind, days in (("acknowledge", 1), ("decide", 3), ("resolve", 7)):
            if status == "rejected" and kind == "resolve":
                continue
            due = received + timedelta(days=days)
            running = (status in ("in_progress", "received") and kind == "resolve") or \
                (status == "received" and kind != "acknowledge")
            met = None if running else due + timedelta(hours=5) if late else received + timedelta(hours=2)
            breached = due if (met and met > due) or (met is None and due < now - timedelta(days=1)) else None
            deadlines.append((tenant_id, case_id, kind, days, "working_days", received, due, due, met,
                              breached, 0, 0, "[]"))
        if status == "closed":
            start = received + timedelta(days=2)
            deadlines.append((tenant_id, case_id, "follow_up", 2, "working_days", start, start + timedelta(days=2),
                              start + timedelta(days=2), start + timedelta(days=1), None, 0, 0, "[]"))
        for type_, at in (("register", received), ("accept", received + timedelta(hours=2))):
            if type_ == "accept" and status == "received":
                continue
            seq += 1
            data = json.dumps({"from": "received", "to": "accepted"} if type_ == "accept" else {"channel": "phone"})
            placeholder = hashlib.sha256(f"{tenant_id}:{seq}".encode()).hexdigest()
            events.append((tenant_id, seq, case_id, type_, actor_id, at, data, "0" * 64, placeholder))
    return deadlines, events, seq


def _copy(connection, table, columns, rows):
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert(connection, table, columns, rows):
    from sqlalchemy import text
    statement = text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})")
    batch = []
    for row in rows:
        batch.append(dict(zip(columns, row)) if not isinstance(row, dict) else row)
        if len(batch) == 5000:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)


def load(app, cases: int, tenants: int, seed=2026) -> dict:
    """Create ``tenants`` bank tenants with staff and fill them with ``cases`` cases in
    all; return ``{slug: {"id", "admin", "supervisor", "handler"}}``."""
    from sqlalchemy import select, text
    from core.audit import AuditHead
    from core.auth.service import create_user
    from core.cases.models import Case, CaseSequence
    from core.extensions import db
    from core.tenancy import create_department, create_tenant
    rng = random.Random(seed)
    made = {}
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        for index in range(tenants):
            slug = f"bench{index}"
            tenant = create_tenant(slug, f"压测银行{index}", plugins=["bank"], reference_prefix=f"B{index}")
            department = create_department(tenant, "OPS", "运营管理部")
            users = {role: create_user(tenant, f"{role}@{slug}.test", role=role, password="bench-password-2026",
                                       department="OPS" if role != "admin" else None)
                     for role in ("admin", "supervisor", "handler", "intake", "auditor")}
            db.session.commit()
            made[slug] = {"id": tenant.id, **{role: u.email for role, u in users.items()}}
            per = cases // tenants + (1 if index < cases % tenants else 0)
            rows = list(case_rows(tenant.id, department.id, tenant.reference_prefix, per, rng))
            connection = db.session.connection()
            if postgres:
                raw = connection.connection.driver_connection
                _copy(raw, "cases", CASE_COLUMNS, ([r[c] for c in CASE_COLUMNS] for r in rows))
            else:
                _insert(connection, "cases", CASE_COLUMNS, rows)
            loaded = db.session.execute(select(Case.id, Case.received_at, Case.status).where(
                Case.tenant_id == tenant.id).order_by(Case.id)).all()
            deadlines, events, last = detail_rows(tenant.id, [(i, _naive(r), s) for i, r, s in loaded],
                                                  users["intake"].id, 0, rng, _naive(datetime.now(timezone.utc)))
            if postgres:
                _copy(raw, "deadlines", DEADLINE_COLUMNS, deadlines)
                _copy(raw, "case_events", EVENT_COLUMNS, events)
            else:
                _insert(connection, "deadlines", DEADLINE_COLUMNS, deadlines)
                _insert(connection, "case_events", EVENT_COLUMNS, events)
            head = db.session.get(AuditHead, tenant.id) or AuditHead(tenant_id=tenant.id)
            head.last_seq, head.last_hash = last, events[-1][-1] if events else head.last_hash
            db.session.add(head)
            counter = db.session.get(CaseSequence, (tenant.id, 2026)) or CaseSequence(tenant_id=tenant.id, year=2026)
            counter.last_value = per
            db.session.add(counter)
            db.session.commit()
        if postgres:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return made


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="a database migrated by `complaints init`")
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--tenants", type=int, default=5)
    args = parser.parse_args()
    from core import create_app
    from core.config import normalise_database_url
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(args.url), "PASSWORD_HASH_PROFILE": "test"})
    started = time.perf_counter()
    made = load(app, args.cases, args.tenants)
    print(f"loaded {args.cases:,} cases into {len(made)} tenants in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
