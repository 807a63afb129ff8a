"""First start: an empty database is migrated and seeded, so the demo runs with one command."""

import logging

from flask import Flask

from api import migrate
from api.extensions import db
from api.seed import loader

log = logging.getLogger(__name__)


def prepare_database(app: Flask) -> None:
    with app.app_context():
        if migrate.current_revision(db.engine) is not None:
            return
        log.info("empty database: applying migrations and loading the demo content")
        migrate.upgrade(db.engine)
        seed()


def seed() -> dict[str, int]:
    # The loader matches existing items by slug, drafts included, or it would create them twice.
    db.session.info["include_private"] = True
    created = loader.load(db.session)
    db.session.commit()
    return created
