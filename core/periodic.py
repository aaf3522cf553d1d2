"""Periodic work, run once a minute: by ``complaints scheduler`` (RQ's cron scheduler
enqueues it for ``complaints worker``), by the ``serve`` command's own timer on the
embedded default (``JOBS=inline``), or by hand with ``complaints sweep``.

Each run is idempotent and safe beside another one (the sweep locks rows with SKIP
LOCKED), so a second scheduler or a late run does no harm."""
import logging
import threading
import time

from core.notify.dispatch import flush_ready, redispatch_pending
from core.sweep import sweep

log = logging.getLogger("complaints.periodic")
INTERVAL = 60  # seconds


def every_minute() -> str:
    """Sweep the deadlines, queue the scheduled reports whose period has ended, deliver
    what was queued, and hand over again the notifications nobody delivered in time."""
    from core.scheduled_reports import send_due
    from core.types import utcnow
    result = sweep()
    reports = send_due(utcnow())
    flush_ready()
    return (f"Sweep done: {result}; {reports} scheduled reports queued; "
            f"{redispatch_pending()} pending notifications handed over")


def start_timer(app, interval=INTERVAL):
    """Run ``every_minute`` in a daemon thread of this process (the embedded default)."""
    def loop():
        while True:
            time.sleep(interval)
            with app.app_context():
                try:
                    log.info(every_minute())
                except Exception:  # the next run tries again; nothing is half-done
                    log.exception("periodic work failed")
    thread = threading.Thread(target=loop, name="complaints-periodic", daemon=True)
    thread.start()
    return thread
