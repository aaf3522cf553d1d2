"""Running the Alembic revisions in ``migrations/`` from code (CLI, tests)."""
from flask_migrate import downgrade, upgrade


def upgrade_database(revision="head"):
    upgrade(revision=revision)


def downgrade_database(revision="base"):
    downgrade(revision=revision)
