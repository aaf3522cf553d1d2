"""The benchmark harness: the platform against a minimal Flask app, side by side, at
several sizes, in one run; writes the results table.

    scripts/bench.sh                      # 10,000, 100,000 and 1,000,000 cases
    scripts/bench.sh --sizes 10000        # a quick run

For each size: a scratch PostgreSQL database is migrated and filled (``bench/loader.py``:
five bank tenants), the reference table gets the same rows, and both apps are served by
gunicorn on 127.0.0.1 with the same settings (2 sync workers). The load generator
(``bench/loadgen.py``) then drives, for each app in turn: registration (POST, JSON),
the list of one tenant (soonest due first / newest first for the reference, 50 rows) and
reading one case (with its events on the platform). In process it times the deadline
sweep and the monthly summary report. It reads the peak memory (VmHWM) of the web
workers and of an RQ worker that delivers the registrations' notifications. Results go to
``bench/results/latest.md`` (and are printed); docs/PERFORMANCE.md explains them.
"""
import argparse
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import psycopg
from redis import Redis
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import drive  # noqa: E402
from bench.loader import load  # noqa: E402

REDIS = "redis://127.0.0.1:6379/13"
SECONDS = 10.0
CONCURRENCY = 8


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def peak_kb(pid) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def gunicorn(app_path, port, env, log):
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                             "--timeout", "120", "--log-level", "warning", app_path], env=env, cwd=ROOT,
                            stdout=log, stderr=log)


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


def complaint(i):
    return {"channel": "phone", "title": f"压测投诉 {i}", "description": f"第{i}号客户反映柜台办理业务等候时间过长。",
            "complainant": {"name": f"客户{i}", "phone": f"139{i % 100000000:08d}"}}


def run_size(admin_url, size, reuse=None):
    """One size; ``reuse`` names a database ``bench/loader.py`` filled already (kept)."""
    name = reuse or f"complaints_bench_{uuid.uuid4().hex[:8]}"
    if not reuse:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    plain_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    results = {"size": size}
    started_procs = []
    try:
        from core import create_app
        from core.config import normalise_database_url
        from core.extensions import db
        app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(plain_url), "PASSWORD_HASH_PROFILE": "test",
                          "JOBS": "rq", "REDIS_URL": REDIS})
        t0 = time.perf_counter()
        if reuse:
            tenants = {"bench0": {"supervisor": "supervisor@bench0.test"}}
        else:
            with app.app_context():
                from core.migrations import upgrade_database
                upgrade_database()
            tenants = load(app, size, 5)
        results["load_s"] = time.perf_counter() - t0
        with app.app_context():
            from sqlalchemy import text
            from core.auth.service import create_token, user_by_email
            from core.tenancy import tenant_by_slug
            tenant = tenant_by_slug("bench0")
            token = create_token(tenant, user_by_email(tenant, tenants["bench0"]["supervisor"]))
            ids = db.session.execute(text("SELECT id FROM cases WHERE tenant_id = :t ORDER BY id"),
                                     {"t": tenant.id}).scalars().all()
            db.session.execute(text(
                "CREATE TABLE IF NOT EXISTS ref_cases (id bigserial PRIMARY KEY, tenant_id integer NOT NULL, "
                "title varchar(200) NOT NULL, description text NOT NULL, channel varchar(20) NOT NULL, "
                "received_at timestamp NOT NULL)"))
            db.session.execute(text("CREATE INDEX IF NOT EXISTS ix_ref_cases_tenant_received "
                                    "ON ref_cases (tenant_id, received_at)"))
            db.session.execute(text("TRUNCATE ref_cases"))
            db.session.execute(text("INSERT INTO ref_cases (tenant_id, title, description, channel, received_at) "
                                    "SELECT tenant_id, title, description, channel, received_at FROM cases"))
            ref_ids = db.session.execute(text("SELECT id FROM ref_cases WHERE tenant_id = :t ORDER BY id"),
                                         {"t": tenant.id}).scalars().all()
            db.session.commit()
            tenant_id = tenant.id
        # Settle the freshly loaded tables first, as a database in service would be: left
        # to autovacuum, the vacuum of millions of new rows ran during the scenarios.
        with psycopg.connect(plain_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        Redis.from_url(REDIS).flushdb()
        env = dict(os.environ, DATABASE_URL=plain_url, REDIS_URL=REDIS, JOBS="rq", MAIL="log",
                   SECRET_KEY="bench", INSTANCE_PATH="/tmp/complaints-bench", API_RATE_LIMIT="1000000/minute",
                   PASSWORD_HASH_PROFILE="test")
        platform_port, reference_port = free_port(), free_port()
        logs = ROOT / "bench" / "results"
        logs.mkdir(exist_ok=True)
        log = open(logs / f"servers-{size}.log", "w")
        web = gunicorn("core:create_app()", platform_port, env, log)
        ref = gunicorn("bench.reference_app:create()", reference_port, env, log)
        started_procs += [web, ref]
        wait_for(platform_port)
        wait_for(reference_port)
        auth = {"Authorization": f"Bearer {token}"}
        rng = random.Random(size)
        scenarios = {
            "register": (lambda i: ("POST", "/api/v1/cases", complaint(i), auth),
                         lambda i: ("POST", "/cases", complaint(i), {"X-Tenant": str(tenant_id)})),
            "list": (lambda i: ("GET", "/api/v1/cases?sort=due&per_page=50", None, auth),
                     lambda i: ("GET", "/cases", None, {"X-Tenant": str(tenant_id)})),
            "read": (lambda i: ("GET", f"/api/v1/cases/{rng.choice(ids)}", None, auth),
                     lambda i: ("GET", f"/cases/{rng.choice(ref_ids)}", None, {})),
        }
        for scenario, (mine, theirs) in scenarios.items():
            results[scenario] = {"platform": drive(platform_port, mine, SECONDS, CONCURRENCY),
                                 "reference": drive(reference_port, theirs, SECONDS, CONCURRENCY)}
        results["web_worker_kb"] = max([peak_kb(p) for p in children(web.pid)] or [0])
        results["reference_worker_kb"] = max([peak_kb(p) for p in children(ref.pid)] or [0])
        for process in (web, ref):
            stop(process)
        started_procs.clear()

        # An RQ worker delivers the registrations' notifications.
        queued = Redis.from_url(REDIS).llen("rq:queue:notifications")
        worker = subprocess.Popen([sys.executable, "-m", "core.cli", "worker"], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started_procs.append(worker)
        t0, worker_peak = time.time(), 0
        while time.time() - t0 < 120:
            worker_peak = max(worker_peak, peak_kb(worker.pid))
            if Redis.from_url(REDIS).llen("rq:queue:notifications") == 0 and time.time() - t0 > 3:
                break
            time.sleep(0.5)
        worker_peak = max(worker_peak, peak_kb(worker.pid))
        results["rq"] = {"queued": queued, "seconds": time.time() - t0, "peak_kb": worker_peak}
        stop(worker)
        started_procs.clear()

        with app.app_context():
            from core.reports import reports_for, run
            from core.sweep import sweep
            t0 = time.perf_counter()
            swept = sweep()
            results["sweep"] = {"ms": (time.perf_counter() - t0) * 1000, "result": str(swept)}
            t0 = time.perf_counter()
            again = sweep()
            results["sweep_again"] = {"ms": (time.perf_counter() - t0) * 1000, "result": str(again)}
            tenant = tenant_by_slug("bench0")
            today = datetime.now(timezone.utc).date()
            first = date(today.year, today.month, 1)
            end = date.fromordinal(first.toordinal() - 1)  # last month
            start = end.replace(day=1)
            timings = []
            for _attempt in range(3):
                t0 = time.perf_counter()
                run(tenant, reports_for(tenant)["summary"], start, end, locale="zh_CN")
                timings.append((time.perf_counter() - t0) * 1000)
                db.session.rollback()
            results["report"] = {"ms": statistics.median(timings), "period": f"{start}..{end}"}
    finally:
        for process in started_procs:
            stop(process)
        if not reuse:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return results


def ratio(mine, theirs, key):
    return (mine[key] / theirs[key]) if theirs[key] else float("nan")


def table(all_results) -> str:
    machine = f"{platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()}"
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as conn:
            machine += " · PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]
    except psycopg.Error:
        pass
    lines = [f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine}; "
             f"{CONCURRENCY} connections, {SECONDS:.0f} s per scenario, gunicorn 2 sync workers.", "",
             "| cases | scenario | platform | reference | ratio |", "|---|---|---|---|---|"]
    for r in all_results:
        n = f"{r['size']:,}"
        reg = r["register"]
        lines.append(f"| {n} | registration, requests/s | {reg['platform']['rps']:.0f} | {reg['reference']['rps']:.0f} | "
                     f"{ratio(reg['platform'], reg['reference'], 'rps'):.2f} |")
        for scenario, label in (("register", "registration"), ("list", "list, 50 soonest due"),
                                ("read", "read one case")):
            s = r[scenario]
            lines.append(f"| {n} | {label}, p50 / p95 ms | {s['platform']['p50_ms']:.1f} / {s['platform']['p95_ms']:.1f} | "
                         f"{s['reference']['p50_ms']:.1f} / {s['reference']['p95_ms']:.1f} | "
                         f"{ratio(s['platform'], s['reference'], 'p50_ms'):.2f} |")
        lines.append(f"| {n} | deadline sweep (first / second) | {r['sweep']['ms']:.0f} / {r['sweep_again']['ms']:.0f} ms "
                     f"({r['sweep']['result']}) | — | — |")
        lines.append(f"| {n} | monthly summary report ({r['report']['period']}) | {r['report']['ms']:.0f} ms | — | — |")
        lines.append(f"| {n} | peak memory of a web worker | {r['web_worker_kb'] / 1024:.0f} MB | "
                     f"{r['reference_worker_kb'] / 1024:.0f} MB | — |")
        lines.append(f"| {n} | peak memory of an RQ worker ({r['rq']['queued']} notifications) | "
                     f"{r['rq']['peak_kb'] / 1024:.0f} MB | — | — |")
        errors = sum(r[s][a]["errors"] for s in ("register", "list", "read") for a in ("platform", "reference"))
        if errors:
            lines.append(f"| {n} | failed requests | {errors} | | |")
    first, last = all_results[0], all_results[-1]
    if first is not last:
        lines += ["", f"Growth from {first['size']:,} to {last['size']:,} cases (p50): "
                  + ", ".join(f"{s} {last[s]['platform']['p50_ms'] / first[s]['platform']['p50_ms']:.2f}x"
                              for s in ("list", "read"))]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--reuse", help="a database bench/loader.py filled (one size; kept)")
    args = parser.parse_args()
    all_results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"== {size:,} cases", flush=True)
        result = run_size(args.url, size, args.reuse)
        print(json.dumps(result, default=str), flush=True)
        all_results.append(result)
    out = table(all_results)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(out)
    print(out)


if __name__ == "__main__":
    main()
