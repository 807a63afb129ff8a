"""flask --app wsgi <group> <command>; `openapi write` comes from flask-smorest."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from api import migrate, setup, tokens
from api.extensions import db
from api.models import ApiToken, Partner, Role

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
content_cli = AppGroup("content", help="Content maintenance.")
tokens_cli = AppGroup("tokens", help="API tokens for the write API.")


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


@tokens_cli.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--partner", "partner_slug", help="The organisation a partner token belongs to (its slug).")
def create_token(name: str, role: str, partner_slug: str | None) -> None:
    """Create a token and print its secret: it is stored only as a hash and cannot be shown again."""
    partner = None
    if partner_slug:
        partner = db.session.scalar(select(Partner).where(Partner.slug == partner_slug))
        if partner is None:
            raise click.BadParameter(f"no partner organisation has the slug {partner_slug!r}", param_hint="--partner")
    try:
        token, secret = tokens.create(db.session, name, Role(role), partner)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(f"token {token.id} ({token.role.value}) for {name}: {secret}")
    click.echo("Keep it now: it is stored only as a hash and cannot be shown again.", err=True)


@tokens_cli.command("list")
def list_tokens() -> None:
    """List tokens with their role, organisation, last use and whether they are revoked."""
    for token in db.session.scalars(select(ApiToken).order_by(ApiToken.id)):
        partner = token.partner.slug if token.partner else "-"
        last_used = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never"
        state = f"revoked {token.revoked_at.isoformat(timespec='seconds')}" if token.revoked_at else "active"
        click.echo(
            f"{token.id}\t{token.prefix}…\t{token.role.value}\t{partner}\t{token.name}\tused {last_used}\t{state}"
        )


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke a token by its id; it stops working at once."""
    if tokens.revoke(db.session, token_id) is None:
        raise click.BadParameter(f"no token has the id {token_id}", param_hint="TOKEN_ID")
    db.session.commit()
    click.echo(f"token {token_id} revoked")


def register_cli(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(tokens_cli)
