"""Benchmark: notification delivery by RQ worker processes to a real SMTP server.

    .venv/bin/python bench/notify.py [--messages 2000] [--paced 300] [--rate 20] [--workers 2]

On a scratch PostgreSQL database and a Redis database of its own (default db 14, flushed):

1. throughput: registers ``--messages`` complaints with the workers stopped (each queues
   one "received" e-mail), then starts ``--workers`` ``complaints worker --burst``
   processes and times them until the queue is empty: notifications delivered per second;
2. latency: with the workers running, registers ``--paced`` complaints at ``--rate`` per
   second and reports the delay from the outbox row's creation (in the action's
   transaction, just before commit) to its delivery (``sent_at``): median and 99th
   percentile.

The SMTP server is aiosmtpd in this process; it accepts and counts every message.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from redis import Redis
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_database  # noqa: E402
from core import create_app  # noqa: E402
from core.extensions import db  # noqa: E402


class Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def register(tenant, n, pace=None):
    from core.cases.intake import register_case
    from core.notify.dispatch import flush_ready
    started = time.perf_counter()
    for i in range(n):
        register_case(tenant, None, {"channel": "web", "title": f"投诉 {i}", "description": "柜台等候时间过长",
                                     "complainant": {"name": f"客户{i}", "email": f"c{i}@bench.test"}})
        db.session.commit()
        flush_ready()
        if pace:
            delay = started + (i + 1) / pace - time.perf_counter()
            if delay > 0:
                time.sleep(delay)


def workers(count, env, burst):
    return [subprocess.Popen([sys.executable, "-m", "core.cli", "worker", *(["--burst"] if burst else [])],
                             env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(count)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--paced", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()

    with scratch_database(args.url) as database:
        run(args, database)


def run(args, database):
    Redis.from_url(args.redis).flushdb()
    inbox = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    smtp_url = f"smtp://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=database, REDIS_URL=args.redis, JOBS="rq", MAIL="smtp",
               SMTP_URL=smtp_url, SECRET_KEY="bench", INSTANCE_PATH="/tmp/complaints-bench")
    running = []
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database,
                          "PASSWORD_HASH_PROFILE": "test", "JOBS": "rq", "REDIS_URL": args.redis,
                          "MAIL": "smtp", "SMTP_URL": smtp_url})
        with app.app_context():
            from core.migrations import upgrade_database
            from core.outbox import OutboxMessage
            from core.tenancy import create_tenant
            upgrade_database()
            tenant = create_tenant("bench", "Bench bank", plugins=["bank"], reference_prefix="BENCH")
            db.session.commit()

            register(tenant, args.messages)
            started = time.perf_counter()
            for process in workers(args.workers, env, burst=True):
                process.wait()
            throughput_seconds = time.perf_counter() - started
            sent = db.session.scalar(select(db.func.count()).where(OutboxMessage.status == "sent"))
            db.session.rollback()

            running = workers(args.workers, env, burst=False)
            time.sleep(3)  # the workers are up
            since = db.session.scalar(select(db.func.max(OutboxMessage.id))) or 0
            db.session.rollback()
            register(tenant, args.paced, pace=args.rate)
            deadline = time.time() + 120
            while time.time() < deadline:
                rows = db.session.execute(select(OutboxMessage.created_at, OutboxMessage.sent_at).where(
                    OutboxMessage.id > since)).all()
                db.session.rollback()
                if rows and all(r.sent_at for r in rows):
                    break
                time.sleep(0.5)
            delays = [(r.sent_at - r.created_at).total_seconds() * 1000 for r in rows if r.sent_at]

        print(f"workers: {args.workers}  messages: {args.messages}  sent: {sent}  smtp received: {inbox.count}")
        print(f"throughput: {sent / throughput_seconds:.0f} notifications/s ({throughput_seconds:.1f} s)")
        print(f"commit to delivery at {args.rate:g} complaints/s ({len(delays)} of {args.paced} delivered): "
              f"p50 {statistics.median(delays):.0f} ms, p99 {percentile(delays, 0.99):.0f} ms")
    finally:
        for process in running:
            process.terminate()
        for process in running:
            process.wait(20)
        smtp.stop()


if __name__ == "__main__":
    main()
