"""Small helpers for statements whose spelling differs between PostgreSQL and SQLite."""
from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db


def insert_ignore(model):
    """``INSERT … ON CONFLICT DO NOTHING`` for the current database."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing()


def upsert_increment(model, keys: dict, column: str):
    """``INSERT … ON CONFLICT DO UPDATE SET column = column + 1 RETURNING column``: one
    statement that creates the counter row at 1 or adds one, and locks it until commit."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).values(**keys, **{column: 1})
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={column: getattr(model, column) + 1})
    return db.session.execute(statement.returning(getattr(model, column))).scalar_one()
