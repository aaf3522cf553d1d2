"""Small helpers for statements whose spelling differs between PostgreSQL and SQLite."""
from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db


def insert_ignore(model):
    """``INSERT … ON CONFLICT DO NOTHING`` for the current database."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing()
