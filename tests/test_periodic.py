"""Periodic work on RQ: the cron scheduler enqueues the minute sweep for a real worker;
a Redis of the test's own, stopped and started again empty, loses no notification."""
import subprocess
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from redis import Redis

from core.extensions import db
from core.notify.dispatch import redispatch_pending
from core.outbox import REDISPATCH_AFTER
from core.types import utcnow
from tests.support import complaint
from tests.notify_support import free_port, process_env, rows, run_worker, token_for
from tests.workflow_support import deadline

MONDAY = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_scheduler_runs_the_sweep_on_a_worker(office, redis_url, database_url, tmp_path):
    case = office.register(now=MONDAY)  # its deadlines passed long ago
    db.session.commit()
    env = process_env(database_url, redis_url, tmp_path, MAIL="log")
    started = [subprocess.Popen([sys.executable, "-m", "core.cli", *command], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for command in (["scheduler", "--interval", "2"], ["worker"])]
    try:
        breached = None
        for _ in range(120):
            time.sleep(0.5)
            db.session.expire_all()
            breached = deadline(case, "acknowledge").breached_at
            if breached is not None:
                break
        assert breached is not None, [p.poll() for p in started]
        assert Redis.from_url(redis_url).zcard("rq:cron_job:core.notify.jobs.periodic_job:jobs") >= 1
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(20)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, which keeps nothing on disk (like this machine's)."""
    port = free_port()

    class Server:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
            for _ in range(100):
                try:
                    if Redis.from_url(self.url).ping():
                        return
                except Exception:
                    time.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        def stop(self):
            self.process.kill()
            self.process.wait(10)

    server = Server()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_a_redis_restarted_empty_loses_no_notification(app, client, smtp, own_redis, database_url,
                                                       tmp_path, make_tenant, make_user):
    app.config.update(JOBS="rq", REDIS_URL=own_redis.url, MAIL="smtp", SMTP_URL=smtp.url)
    tenant = make_tenant()
    headers = token_for(tenant, make_user(tenant, "intake"))
    client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "陈平", "email": "queued@example.com"}))
    assert Redis.from_url(own_redis.url).llen("rq:queue:notifications") == 1
    own_redis.stop()  # the queued job is gone with it
    during = client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "李红", "email": "during@example.com"}))
    assert during.status_code == 201  # the action does not need Redis
    own_redis.start()
    assert Redis.from_url(own_redis.url).llen("rq:queue:notifications") == 0
    assert {r.status for r in rows(tenant, "case_received")} == {"pending"}
    # Once their grace has passed, the periodic run hands both over again.
    later = utcnow() + REDISPATCH_AFTER + timedelta(seconds=1)
    redispatch_pending(now=later)
    leases = {r.id: r.next_attempt_at for r in rows(tenant, "case_received")}
    assert all(at > later for at in leases.values())
    redispatch_pending(now=later)  # a second run in the same minute leaves queued rows alone
    assert {r.id: r.next_attempt_at for r in rows(tenant, "case_received")} == leases
    result = run_worker(database_url, own_redis.url, smtp.url, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {r.status for r in rows(tenant, "case_received")} == {"sent"}
    delivered = sorted(to[0] for to, _m in smtp.messages if to[0] in ("queued@example.com", "during@example.com"))
    assert delivered == ["during@example.com", "queued@example.com"]
