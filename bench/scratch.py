"""A scratch PostgreSQL database for a benchmark: created empty, dropped afterwards."""
import uuid
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url


@contextmanager
def scratch_database(url: str, keep=False):
    """Yield the SQLAlchemy URL (psycopg 3) of a new database on the server of ``url``."""
    admin = make_url(url).set(drivername="postgresql")
    name = f"complaints_bench_{uuid.uuid4().hex[:8]}"
    admin_url = admin.render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
