"""The migrations are the only way the schema is made: they must build exactly the models
on an empty PostgreSQL and an empty SQLite database, and come down again."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from core.config import migrations_path
from core.extensions import db
from core.migrations import downgrade_database, upgrade_database
from tests.support import create_postgres_database, drop_postgres_database, is_postgres, make_app


def _fresh_url(tmp_path):
    return create_postgres_database("complaints_mig") if is_postgres() else f"sqlite:///{tmp_path / 'm.db'}"



def test_single_head():
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_matches_models_and_downgrade_empties(tmp_path):
    url = _fresh_url(tmp_path)
    try:
        app = make_app(url, tmp_path)
        with app.app_context():
            upgrade_database()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"

            downgrade_database("base")
            tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert tables == set()

            upgrade_database()  # and back up again, cleanly
            assert "case_events" in inspect(db.engine).get_table_names()
            db.engine.dispose()
    finally:
        if is_postgres():
            drop_postgres_database(url)
