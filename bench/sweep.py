"""Benchmark: the deadline sweep on PostgreSQL with many open cases and few due.

    .venv/bin/python bench/sweep.py [--cases 1000000] [--due 300] [--url postgresql://…]

Creates a scratch database, migrates it, fills it with SQL (``generate_series``), then
times ``core.sweep.sweep`` twice: the first run finds the due deadlines, the second finds
none (idempotence). Prints the timings and the query plan; drops the database after.
"""
import argparse
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import scratch_database  # noqa: E402
from core import create_app  # noqa: E402
from core.extensions import db  # noqa: E402

FILL = """
INSERT INTO cases (tenant_id, reference, status, version, channel, anonymous, confidential,
    complainant_name, complainant_phone, category, major, major_reasons, title, description,
    received_at, registered_at, fields, routing, access_code_hash, updated_at, repeat_count, flags)
SELECT :tenant, 'BENCH-2026-' || lpad(g::text, 7, '0'), 'in_progress', 1, 'phone', false, false,
    '客户' || g, '138' || lpad(g::text, 8, '0'), 'work_error', false, '[]', '投诉 ' || g, '描述',
    :received, :received, '{}', '{}', md5(g::text), :received, 0, '[]'
FROM generate_series(1, :n) AS g;

INSERT INTO deadlines (tenant_id, case_id, kind, amount, unit, starts_at, due_at,
    original_due_at, paused_seconds, extensions, years_without_holidays)
SELECT c.tenant_id, c.id, 'resolve', 7, 'working_days', c.received_at,
    CASE WHEN row_number() OVER (ORDER BY c.id) <= :due THEN :past ELSE :future END,
    CASE WHEN row_number() OVER (ORDER BY c.id) <= :due THEN :past ELSE :future END,
    0, 0, '[]'
FROM cases c WHERE c.tenant_id = :tenant;

INSERT INTO deadlines (tenant_id, case_id, kind, amount, unit, starts_at, due_at,
    original_due_at, met_at, paused_seconds, extensions, years_without_holidays)
SELECT c.tenant_id, c.id, 'decide', 3, 'working_days', c.received_at, :past, :past, :past, 0, 0, '[]'
FROM cases c WHERE c.tenant_id = :tenant;
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=300)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    with scratch_database(args.url, keep=args.keep) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_PROFILE": "test"})
        with app.app_context():
            from core.auth.service import create_user
            from core.migrations import upgrade_database
            from core.sweep import sweep
            from core.tenancy import create_department, create_tenant

            upgrade_database()
            tenant = create_tenant("bench", "Bench bank", plugins=["bank"], reference_prefix="BENCH")
            create_department(tenant, "OPS", "Operations")
            create_user(tenant, "supervisor@bench.test", role="supervisor", password="bench-password",
                        department="OPS")
            db.session.commit()
            now = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
            started = time.perf_counter()
            for statement in FILL.split(";\n"):
                if statement.strip():
                    db.session.execute(text(statement), {
                        "tenant": tenant.id, "n": args.cases, "due": args.due,
                        "received": now - timedelta(days=20), "past": now - timedelta(hours=1),
                        "future": now + timedelta(days=60)})
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            fill_seconds = time.perf_counter() - started

            plan = db.session.execute(text(
                "EXPLAIN SELECT * FROM deadlines WHERE tenant_id = :t AND met_at IS NULL "
                "AND breached_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL "
                "AND due_at <= :now ORDER BY due_at LIMIT 500"), {"t": tenant.id, "now": now}).scalars().all()
            db.session.commit()

            started = time.perf_counter()
            first = sweep(now=now)
            first_seconds = time.perf_counter() - started
            started = time.perf_counter()
            second = sweep(now=now)
            second_seconds = time.perf_counter() - started

        print(f"cases: {args.cases:,}  open deadlines: {args.cases:,}  due: {args.due}  "
              f"(fill {fill_seconds:.1f} s)")
        print(f"first sweep:  {first}  in {first_seconds * 1000:.0f} ms")
        print(f"second sweep: {second}  in {second_seconds * 1000:.0f} ms")
        print("plan of the breach query:")
        for line in plan:
            print("   ", line)


if __name__ == "__main__":
    main()
