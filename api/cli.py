"""flask --app wsgi <group> <command>; `openapi write` comes from flask-smorest."""

import click
from flask import Flask
from flask.cli import AppGroup

from api import migrate, setup
from api.extensions import db

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
content_cli = AppGroup("content", help="Content maintenance.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    migrate.upgrade(db.engine, revision)
    click.echo(f"database at {migrate.current_revision(db.engine)}")


@db_cli.command("current")
def current() -> None:
    """Show the database's migration revision."""
    click.echo(migrate.current_revision(db.engine) or "empty")


@content_cli.command("seed")
def seed() -> None:
    """Load the demo content; what exists already is left alone."""
    created = setup.seed()
    summary = ", ".join(f"{count} {kind}" for kind, count in created.items()) or "nothing new"
    click.echo(f"seeded: {summary}")


def register_cli(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(content_cli)
