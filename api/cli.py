"""flask --app wsgi <group> <command>; `openapi write` comes from flask-smorest."""

import signal

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from marshmallow import ValidationError
from sqlalchemy import select

from api import migrate, setup, tokens, webhooks
from api.errors import ApiError
from api.extensions import db
from api.models import ApiToken, Partner, Role, WebhookAttempt, WebhookEndpoint
from api.serializers.webhook import WebhookIn

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
content_cli = AppGroup("content", help="Content maintenance.")
tokens_cli = AppGroup("tokens", help="API tokens for the write API.")
webhooks_cli = AppGroup("webhooks", help="Webhook endpoints and the worker that delivers to them.")


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


@webhooks_cli.command("create")
@click.argument("url")
@click.option(
    "--event", "events", multiple=True, help="An event pattern (post.published, post.*, *.deleted); all by default."
)
@click.option("--type", "types", multiple=True, help="A collection (posts, projects …); all by default.")
@click.option("--partner", help="Only changes of this partner organisation's content (its slug).")
def create_webhook(url: str, events: tuple, types: tuple, partner: str | None) -> None:
    """Register an endpoint and print its signing secret (shown once)."""
    data = {"url": url, "events": list(events), "types": list(types), "partner": partner}
    try:
        endpoint = webhooks.register(db.session, WebhookIn().load(data))
    except (ValidationError, ApiError) as error:
        raise click.UsageError(str(getattr(error, "messages", None) or error.detail)) from error
    db.session.commit()
    click.echo(f"webhook {endpoint.id} → {endpoint.url}: secret {endpoint.secret}")


@webhooks_cli.command("list")
def list_webhooks() -> None:
    """List endpoints: filters, partner scope, position in the change log, failures, and why one was disabled."""
    for endpoint in db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)):
        state = f"disabled: {endpoint.disabled_reason}" if endpoint.disabled_at else "active"
        filters = ",".join(endpoint.events) + (" " + ",".join(endpoint.types) if endpoint.types else "")
        scope = f"partner {endpoint.partner.slug}" if endpoint.partner else "all partners"
        click.echo(
            f"{endpoint.id}\t{endpoint.url}\t{filters}\t{scope}\tat {endpoint.position}\t"
            f"{endpoint.failures} failures\t{state}"
        )


@webhooks_cli.command("attempts")
@click.argument("endpoint_id", type=int)
def list_attempts(endpoint_id: int) -> None:
    """The delivery log of one endpoint, newest first."""
    stmt = select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint_id).order_by(WebhookAttempt.id.desc())
    for attempt in db.session.scalars(stmt.limit(100)):
        outcome = "delivered" if attempt.delivered else f"failed: {attempt.error}"
        click.echo(
            f"{attempt.attempted_at.isoformat(timespec='seconds')}\tevt_{attempt.change_id}\t#{attempt.attempt}\t{outcome}"
        )


@webhooks_cli.command("enable")
@click.argument("endpoint_id", type=int)
def enable_webhook(endpoint_id: int) -> None:
    """Re-enable a disabled endpoint: delivery resumes where it stopped."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise click.BadParameter(f"no webhook has the id {endpoint_id}", param_hint="ENDPOINT_ID")
    webhooks.enable(endpoint)
    db.session.commit()
    click.echo(f"webhook {endpoint_id} enabled")


@webhooks_cli.command("delete")
@click.argument("endpoint_id", type=int)
def delete_webhook(endpoint_id: int) -> None:
    """Remove an endpoint and its delivery log."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise click.BadParameter(f"no webhook has the id {endpoint_id}", param_hint="ENDPOINT_ID")
    db.session.delete(endpoint)
    db.session.commit()
    click.echo(f"webhook {endpoint_id} deleted")


@webhooks_cli.command("worker")
@click.option("--once", is_flag=True, help="One delivery pass, then exit.")
@click.option("--interval", type=float, help="Seconds between passes (WEBHOOK_POLL_INTERVAL).")
def worker(once: bool, interval: float | None) -> None:
    """Deliver webhooks from the change log until stopped (run one beside the web servers)."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_args: stopping.append(True))
    sessions = current_app.extensions["database"]
    click.echo("webhook worker started", err=True)
    pause = interval if interval is not None else current_app.config["WEBHOOK_POLL_INTERVAL"]
    webhooks.run_worker(sessions, pause, once=once, should_stop=lambda: bool(stopping))


def register_cli(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(webhooks_cli)
