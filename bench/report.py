"""Benchmark: the monthly core report on PostgreSQL with many cases across tenants.

    .venv/bin/python bench/report.py [--cases 1000000] [--tenants 10] [--url postgresql://…]

Creates a scratch database, migrates it, and fills it with SQL (``generate_series``):
``--cases`` cases spread evenly over ``--tenants`` tenants and over the twelve months of
2026, each with acknowledge, decide and resolve deadlines (a tenth still open, a fifth of
the met ones late), replies and return visits for the closed ones. Then times, for one
tenant and one month (with the previous month beside it, as the page shows it), the
``summary`` report and the four ``volume_by_*`` reports, cold and warm, and prints the
plans of the two heaviest queries. Drops the database after.
"""
import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import scratch_database  # noqa: E402
from core import create_app  # noqa: E402
from core.extensions import db  # noqa: E402

FILL = """
INSERT INTO cases (tenant_id, reference, status, version, channel, anonymous, confidential,
    complainant_name, complainant_phone, category, major, major_reasons, title, description,
    received_at, registered_at, fields, routing, access_code_hash, updated_at, repeat_count, flags,
    satisfaction, reply, department_id)
SELECT t.id, 'B' || t.id || '-2026-' || lpad(g::text, 7, '0'),
    CASE WHEN g % 10 = 0 THEN 'in_progress' WHEN g % 10 = 1 THEN 'rejected' ELSE 'closed' END,
    3, (ARRAY['phone','walk_in','letter','web','email'])[1 + g % 5], false, false,
    '客户' || g, '138' || lpad(g::text, 8, '0'),
    (ARRAY['work_error','service_attitude','product','fees','facilities','other'])[1 + g % 6],
    g % 97 = 0, '[]', '投诉 ' || g, '描述',
    timestamp '2026-01-01' + (g::float / :per * interval '364 days'),
    timestamp '2026-01-01' + (g::float / :per * interval '364 days'),
    '{}', '{}', md5(g::text), now(), 0, '[]',
    CASE WHEN g % 10 > 1 THEN (ARRAY['satisfied','basically_satisfied','dissatisfied'])[1 + g % 3] END,
    CASE WHEN g % 10 > 1 THEN '{"cause": "原因", "corrective_measures": "整改"}'::jsonb END,
    (SELECT d.id FROM departments d WHERE d.tenant_id = t.id ORDER BY d.id LIMIT 1)
FROM tenants t, generate_series(1, :per) AS g;

INSERT INTO deadlines (tenant_id, case_id, kind, amount, unit, starts_at, due_at, original_due_at,
    met_at, paused_seconds, extensions, years_without_holidays)
SELECT c.tenant_id, c.id, k.kind, k.days, 'working_days', c.received_at,
    c.received_at + k.days * interval '1 day', c.received_at + k.days * interval '1 day',
    CASE WHEN c.status = 'in_progress' AND k.kind = 'resolve' THEN NULL
         WHEN c.id % 5 = 0 THEN c.received_at + (k.days + 1) * interval '1 day'
         ELSE c.received_at + interval '1 hour' END,
    0, 0, '[]'
FROM cases c, (VALUES ('acknowledge', 1), ('decide', 3), ('resolve', 7)) AS k(kind, days)
WHERE NOT (c.status = 'rejected' AND k.kind = 'resolve');

INSERT INTO deadlines (tenant_id, case_id, kind, amount, unit, starts_at, due_at, original_due_at,
    met_at, paused_seconds, extensions, years_without_holidays)
SELECT c.tenant_id, c.id, 'follow_up', 2, 'working_days', c.received_at + interval '2 days',
    c.received_at + interval '4 days', c.received_at + interval '4 days',
    CASE WHEN c.id % 7 = 0 THEN NULL ELSE c.received_at + interval '3 days' END, 0, 0, '[]'
FROM cases c WHERE c.status = 'closed';
"""

REPORTS = ("summary", "volume_by_category", "volume_by_channel", "volume_by_department", "volume_by_handler")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--tenants", type=int, default=10)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    with scratch_database(args.url, keep=False) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_PROFILE": "test"})
        with app.app_context():
            from core.auth.service import create_user
            from core.migrations import upgrade_database
            from core.reports import reports_for, run
            from core.tenancy import create_department, create_tenant

            upgrade_database()
            tenants = []
            for i in range(args.tenants):
                tenant = create_tenant(f"bank{i}", f"Bench bank {i}", plugins=["bank"], reference_prefix=f"B{i}")
                create_department(tenant, "OPS", "Operations")
                tenants.append(tenant)
            viewer = create_user(tenants[0], "auditor@bench.test", role="auditor", password="bench-password")
            db.session.commit()
            started = time.perf_counter()
            for statement in FILL.split(";\n"):
                if statement.strip():
                    db.session.execute(text(statement), {"per": args.cases // args.tenants})
                    db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            fill_seconds = time.perf_counter() - started
            counts = db.session.execute(text("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM deadlines)")).one()

            tenant, reports = tenants[0], reports_for(tenants[0])
            timings = {}
            for attempt in ("cold", "warm"):
                for report in REPORTS:
                    started = time.perf_counter()
                    rows = run(tenant, reports[report], date(2026, 6, 1), date(2026, 6, 30), viewer=viewer, locale="zh_CN")
                    timings.setdefault(report, {})[attempt] = (time.perf_counter() - started) * 1000
                    db.session.rollback()
                    if report == "summary" and attempt == "warm":
                        received = next(r for r in rows if r["metric"] == "received")["current"]
            plans = {}
            for label, sql in (
                ("cases of a month", "EXPLAIN SELECT count(*) FROM cases WHERE tenant_id = :t "
                 "AND received_at >= '2026-05-31 16:00' AND received_at < '2026-06-30 16:00'"),
                ("deadlines due in a month", "EXPLAIN SELECT kind, count(*) FROM deadlines d JOIN cases c "
                 "ON c.tenant_id = d.tenant_id AND c.id = d.case_id WHERE d.tenant_id = :t "
                 "AND d.due_at >= '2026-05-31 16:00' AND d.due_at < '2026-06-30 16:00' GROUP BY kind")):
                plans[label] = db.session.execute(text(sql), {"t": tenant.id}).scalars().all()

        print(f"cases: {counts[0]:,} in {args.tenants} tenants; deadlines: {counts[1]:,} (fill {fill_seconds:.0f} s)")
        print(f"June 2026 of one tenant: {received:,} complaints received")
        total = {"cold": 0.0, "warm": 0.0}
        for report in REPORTS:
            t = timings[report]
            total["cold"] += t["cold"]
            total["warm"] += t["warm"]
            print(f"{report:22s} cold {t['cold']:7.0f} ms   warm {t['warm']:7.0f} ms")
        print(f"{'all five':22s} cold {total['cold']:7.0f} ms   warm {total['warm']:7.0f} ms")
        for label, plan in plans.items():
            print(f"plan, {label}:")
            for line in plan:
                print("   ", line)


if __name__ == "__main__":
    main()
