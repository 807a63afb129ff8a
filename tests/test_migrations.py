"""The Alembic migrations create exactly the schema the models declare, and can be undone, on either database."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.extensions import db
from api.migrate import downgrade, head_revision, include_object, upgrade
from api.models import Base
from api.models.base import utcnow
from tests.conftest import dispose, make_app


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_go_down_and_up_again(empty_database_url):

    from api.migrate import current_revision

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision()
        downgrade(db.engine, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(db.engine)
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    dispose(app)


def test_migrating_a_seeded_database_down_and_up_keeps_every_row(app):
    """On SQLite a migration may rebuild a table; the rows that refer to it must survive (no cascading drop)."""
    from sqlalchemy import func, select

    from api.models import Post, PostTranslation
    from api.models.links import post_themes

    def counts():
        with db.engine.connect() as connection:
            return [connection.scalar(select(func.count()).select_from(table)) for table in tables]

    tables = (Post.__table__, PostTranslation.__table__, post_themes)
    with app.app_context():
        before = counts()
        downgrade(db.engine, "0002")
        upgrade(db.engine)
        assert counts() == before
        assert before == [5, 5, 4]


def test_changes_logged_before_validators_were_scoped_count_as_public(app):
    """0008_validators: what every validator moved with until then stays something public validators move with."""
    from sqlalchemy import column, insert, select, table

    names = ("item_type", "item_id", "slug", "action", "sensitive", "partner_ids", "occurred_at")
    before = table("changes", *(column(name) for name in names))  # the log as 0007 left it
    with app.app_context():
        downgrade(db.engine, "0007")
        with db.engine.begin() as connection:
            row = ("posts", 1, "a", "updated", False, "[]", utcnow().replace(tzinfo=None))
            connection.execute(insert(before).values(dict(zip(names, row, strict=True))))
        upgrade(db.engine)
        with db.engine.connect() as connection:
            logged = table("changes", column("item_type"), column("public"))
            assert connection.execute(select(logged.c.item_type, logged.c.public)).all() == [("posts", True)]
