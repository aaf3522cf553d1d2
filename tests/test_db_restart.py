"""The database restarted under load (the hardening item "requests fail cleanly while it is
down and succeed after, with no half-written case"; see docs/RELIABILITY.md).

What a client of the API relies on when PostgreSQL goes away and comes back:

* while it is down every registration is answered at once with 503 ``unavailable`` (never
  500, never a hang), so the client knows to retry;
* once it is back, registrations succeed again without restarting the app (the pool drops
  its dead connections by itself);
* nothing is half written: every case has its one ``register`` event and its deadlines, and
  the tenant's audit chain is intact;
* a 503'd registration retried with the same ``Idempotency-Key`` is registered exactly once
  (201), or, if it had committed just before the connection died, is found (200) instead of
  being registered a second time.

The machine's PostgreSQL is shared, so the test restarts a server of its own.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from types import SimpleNamespace

import psycopg
import pytest
from sqlalchemy import func, select

from tests.notify_support import free_port
from tests.support import IsolatedClient, PASSWORD, complaint, login, make_app

pytestmark = pytest.mark.postgres

INITDBS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                 key=lambda path: int(path.split("/")[-3]))
WORKERS = 4
DOWN, AFTER = 1.5, 1.0  # seconds down; seconds of load once every client registers again
BACK_OFF = 0.05  # a client waits this long after a 503 (a real one would honour Retry-After)
SLOW = 5.0  # no answer may take longer than this: a request waiting on a dead server hangs


class OwnPostgres:
    """A PostgreSQL server of this test's own, on a free port, in a temporary directory."""

    def __init__(self, bindir, root):
        self.bindir, self.root = bindir, root
        self.data, self.sockets = os.path.join(root, "data"), os.path.join(root, "sockets")
        self.log = os.path.join(root, "server.log")
        self.port = free_port()
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program, *args, check=True):
        command = [os.path.join(self.bindir, program), *args]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
                               f"\n{self.server_log()}")
        return result

    def server_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as fh:
                return fh.read()[-3000:]
        except OSError:
            return ""

    def init(self):
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale=C")

    def start(self):
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "30", "-o",
                  f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off",
                  "start")

    def stop(self, mode="fast", check=True):
        return self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "30", "stop", check=check)

    def create_database(self, name):
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def own_postgres():
    """Started and stopped by this test alone: never the machine's shared server."""
    if not INITDBS:
        pytest.skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the server as")
    # Not pytest's tmp_path: it sits under a 0700 directory of root's that postgres cannot enter.
    root = tempfile.mkdtemp(prefix="complaints-pg-")
    server = OwnPostgres(os.path.dirname(INITDBS[-1]), root)
    try:
        os.mkdir(server.sockets)
        if os.geteuid() == 0:
            for path in (root, server.sockets):
                shutil.chown(path, "postgres", "postgres")
        server.init()
        server.start()
        yield server
    finally:
        server.stop("immediate", check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def restart_app(own_postgres, tmp_path):
    """The app on a migrated database of the own server; the API's rate limit is lifted, as
    the load would otherwise meet it instead of the outage."""
    from core.extensions import db
    from core.migrations import upgrade_database
    url = own_postgres.create_database("complaints")
    app = make_app(url, tmp_path, API_RATE_LIMIT="1000000/minute")
    app.test_client_class = IsolatedClient  # every request in an app context of its own
    with app.app_context():
        upgrade_database()
        db.engine.dispose()
    yield app
    with app.app_context():
        db.engine.dispose()


@dataclass
class Attempt:
    """One registration a client tried: when, with which key, and what it got back."""
    key: str
    worker: int
    started: float
    ended: float = 0.0
    status: int | None = None  # None: the request raised (a 500 outside of tests)
    body: dict | None = None
    retry_after: str | None = None
    error: str | None = None

    @property
    def code(self):
        return ((self.body or {}).get("error") or {}).get("code")


def where(exc):
    """The exception and where it came from: the product's outermost and innermost lines,
    else the last line before SQLAlchemy (such as Flask-SQLAlchemy's session teardown)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/core/" in f.filename]
    ours = [ours[0], ours[-1]] if len(ours) > 1 else ours or [
        f for f in frames if not f.filename.startswith("<") and "/sqlalchemy/" not in f.filename
        and "psycopg" not in f.filename][-1:]
    place = " → ".join(f"{'/'.join(f.filename.split('/')[-2:])}:{f.lineno} {f.name}" for f in ours)
    return f"{type(exc).__name__} at {place}: {str(exc).splitlines()[0][:160]}"


def registrar(app, headers, worker, stop, attempts, lock):
    """One client registering complaints one after another until told to stop, each
    attempt with an Idempotency-Key of its own; after a failure it backs off a little."""
    client = app.test_client()
    number = 0
    while not stop.is_set():
        number += 1
        attempt = Attempt(f"load-{worker}-{number}", worker, time.monotonic())
        try:
            response = client.post("/api/v1/cases", json=complaint(title=f"投诉 {worker}-{number}"),
                                   headers={**headers, "Idempotency-Key": attempt.key})
            attempt.status, attempt.body = response.status_code, response.get_json(silent=True)
            attempt.retry_after = response.headers.get("Retry-After")
        except Exception as exc:  # TESTING: what would be a 500 is raised to the client
            attempt.error = where(exc)
        attempt.ended = time.monotonic()
        with lock:
            attempts.append(attempt)
        if attempt.status != 201:
            time.sleep(BACK_OFF)


def wait_for(condition, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_database_restarted_under_load(restart_app, own_postgres, mode):
    """PostgreSQL is stopped (``fast``: its sessions are terminated; ``immediate``: a crash,
    recovered at the next start) while four clients register complaints, kept down, and
    started again. Throughout, every answer is 201 or a clean 503; after the start every
    client registers again; once the 503'd requests are retried with their keys, no case is
    lost, doubled or half written."""
    from core.audit import CaseEvent, verify_chain
    from core.auth.service import create_token, create_user
    from core.cases.models import Case
    from core.deadlines import Deadline
    from core.extensions import db
    from core.tenancy import create_department, create_tenant
    app = restart_app
    with app.app_context():
        tenant = create_tenant("restart", "Tenant restart", reference_prefix="RST")
        create_department(tenant, "GEN", "Department GEN")
        token = create_token(tenant, create_user(tenant, "intake@example.com", role="intake",
                                                 password=PASSWORD))
        db.session.commit()
        tenant_id = tenant.id
    headers = {"Authorization": f"Bearer {token}"}
    # One request before any thread starts: werkzeug compiles its routes on first use.
    warm = app.test_client().post("/api/v1/cases", json=complaint(),
                                  headers={**headers, "Idempotency-Key": "warm-up"})
    assert warm.status_code == 201, warm.get_data(as_text=True)
    staff = app.test_client()  # a clerk with the board open in a browser
    assert login(staff, SimpleNamespace(slug="restart"), "intake@example.com").status_code == 302

    stop, lock, attempts = threading.Event(), threading.Lock(), []

    def all_registered_since(moment):
        with lock:
            return len({a.worker for a in attempts if a.status == 201 and a.started >= moment}) == WORKERS
    threads = [threading.Thread(target=registrar, args=(app, headers, i, stop, attempts, lock), daemon=True)
               for i in range(WORKERS)]
    try:
        for thread in threads:
            thread.start()
        wait_for(lambda: all_registered_since(0.0), "every client to register before the stop")
        stopping = time.monotonic()
        own_postgres.stop(mode)
        down = time.monotonic()
        # The web's answer: the same clean 503, in the browser's language when the user's
        # stored one cannot be read.
        board = staff.get("/t/restart/", headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert board.status_code == 503, board.status_code
        assert "The database is not available" in board.get_data(as_text=True)
        board = staff.get("/t/restart/", headers={"Accept-Language": "zh-CN"})
        assert board.status_code == 503 and "数据库暂时不可用" in board.get_data(as_text=True)
        time.sleep(max(0.0, DOWN - (time.monotonic() - down)))
        starting = time.monotonic()
        own_postgres.start()
        up = time.monotonic()
        wait_for(lambda: all_registered_since(up), "every client to register after the start")
        assert staff.get("/t/restart/").status_code == 200  # still signed in
        time.sleep(AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(SLOW + 5)
    assert not any(thread.is_alive() for thread in threads), "a request hangs"

    # 201, or 503 "unavailable" with Retry-After; never a 500, never a hang.
    wrong = [(a.key, a.status, a.code, a.error) for a in attempts if not (
        a.status == 201 or (a.status == 503 and a.code == "unavailable" and a.retry_after))]
    assert not wrong, f"{len(wrong)} wrong answers, e.g. {wrong[:3]}"
    slow = [(a.key, round(a.ended - a.started, 1)) for a in attempts if a.ended - a.started > SLOW]
    assert not slow, slow[:5]
    assert any(a.status == 503 and down <= a.started and a.ended <= starting for a in attempts), \
        "no request met the server down"

    # Retried with its own key, a 503'd registration is registered now (201) or, if it did
    # commit before the connection died, found (200): never refused, never twice.
    client = app.test_client()
    registered = {a.key: a.body["reference"] for a in attempts if a.status == 201}
    committed_anyway = 0
    for attempt in (a for a in attempts if a.status == 503):
        retry = client.post("/api/v1/cases", json=complaint(),
                            headers={**headers, "Idempotency-Key": attempt.key})
        assert retry.status_code in (200, 201), (attempt.key, retry.status_code, retry.get_json())
        committed_anyway += retry.status_code == 200
        registered[attempt.key] = retry.get_json()["reference"]
    fresh = client.post("/api/v1/cases", json=complaint(), headers={**headers, "Idempotency-Key": "fresh"})
    assert fresh.status_code == 201, fresh.get_data(as_text=True)  # and a new one, plainly
    registered["warm-up"], registered["fresh"] = warm.get_json()["reference"], fresh.get_json()["reference"]

    with app.app_context():
        cases = db.session.execute(select(Case.id, Case.idempotency_key, Case.reference)
                                   .where(Case.tenant_id == tenant_id)).all()
        # Exactly the registrations answered with success: nothing lost, nothing twice.
        assert sorted((c.idempotency_key, c.reference) for c in cases) == sorted(registered.items())
        assert len({c.reference for c in cases}) == len(cases)
        # Nothing half written: each case has its one event and its two deadlines.
        events = dict(db.session.execute(select(CaseEvent.case_id, func.count()).where(
            CaseEvent.tenant_id == tenant_id, CaseEvent.type == "register").group_by(CaseEvent.case_id)).all())
        all_events = db.session.scalar(select(func.count()).select_from(CaseEvent)
                                       .where(CaseEvent.tenant_id == tenant_id))
        deadlines = dict(db.session.execute(select(Deadline.case_id, func.count()).where(
            Deadline.tenant_id == tenant_id).group_by(Deadline.case_id)).all())
        assert events == {c.id: 1 for c in cases} and all_events == len(cases)
        assert deadlines == {c.id: 2 for c in cases}
        assert verify_chain(tenant_id).ok
        db.session.remove()
    print(f"\n{mode}: {len(attempts)} attempts, {sum(a.status == 201 for a in attempts)} × 201, "
          f"{sum(a.status == 503 for a in attempts)} × 503 ({committed_anyway} had committed), "
          f"stop took {down - stopping:.2f} s, start {up - starting:.2f} s")
