"""Alembic environment: run with the app's connection (see api/migrate.py) or the DATABASE_URL setting."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from api.config import from_environment
from api.migrate import include_object
from api.models import Base
from api.models.base import UTCDateTime


def render_item(type_, obj, autogen_context):
    # Migrations must not import app code that may change later; the stored type is a plain zoned timestamp.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that for us
        render_item=render_item,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = engine_from_config({"url": from_environment()["DATABASE_URL"]}, prefix="", poolclass=pool.NullPool)
    with engine.connect() as connection:
        run_migrations(connection)
