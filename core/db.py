"""Small helpers for statements whose spelling differs between PostgreSQL and SQLite, and
for letting go of a transaction whose database has gone away."""
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

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


def abandon_transaction():
    """Roll back what a vanished database was doing. The rollback can itself fail on the
    broken connection ("another command is already in progress"): then the session lets
    the connection go, and the pool discards it."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        try:
            db.session.close()
        except SQLAlchemyError:
            pass
