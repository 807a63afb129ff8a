"""The Alembic migrations create exactly the schema the models declare, and can be undone, on either database."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.extensions import db
from api.migrate import head_revision, include_object, upgrade
from api.models import Base
from tests.conftest import dispose, make_app


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_go_down_and_up_again(empty_database_url):
    from alembic import command

    from api.migrate import alembic_config, current_revision

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision()
        with db.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(db.engine)
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    dispose(app)
