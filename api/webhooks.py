"""Signed webhooks from the change log: what an event looks like, how it is signed, and the worker that delivers.

Each endpoint reads the log in order from its `position`; the worker sends the next event that matches the
endpoint's filters and moves the position past it only once the receiver has answered 2xx. A worker killed
mid-delivery leaves the position where it was, so the event is sent again: at least once, in log order (and so in
order per item). A failure is retried after an exponential backoff; after WEBHOOK_MAX_ATTEMPTS failures in a row
the endpoint is disabled, which the log, the API and the CLI report. Every attempt is kept in the delivery log.
"""

import fnmatch
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from api import changes, syndication
from api.editing.operations import lookup
from api.models import Change, ChangeAction, Partner, WebhookAttempt, WebhookEndpoint
from api.models.base import utcnow
from api.sync import PUBLISHABLE
from api.syndication import public_url_of

log = logging.getLogger(__name__)

SINGULAR = {
    "posts": "post",
    "projects": "project",
    "vacancies": "vacancy",
    "partners": "partner",
    "themes": "theme",
    "authors": "author",
}
SIGNATURE_HEADER = "X-CAG-Signature"
BATCH = 100


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def event_name(change: Change, withheld: bool = False) -> str:
    """`post.published` and the like; any change of a sensitive item is only ever `….removed`."""
    action = "removed" if change.sensitive or withheld else change.action.value
    return f"{SINGULAR[change.item_type]}.{action}"


def event_body(change: Change, withheld: bool = False) -> dict:
    """What a receiver gets: which item changed and how, never its content (a sensitive item: not even its slug).

    `withheld`: the item is sensitive now, though it was not when the change was logged (the gate, asked at
    delivery time, for receivers that fall behind)."""
    hidden = change.sensitive or withheld
    item = {"type": change.item_type, "id": change.item_id}
    if not hidden:
        item.update(slug=change.slug, version=change.version, api_path=f"/api/v1/{change.item_type}/{change.slug}")
        if change.item_type in PUBLISHABLE and change.action is not ChangeAction.DELETED:
            item["public_url"] = public_url_of(change.item_type, change.slug, current_app.config["DEFAULT_LOCALE"])
    body = {
        "id": f"evt_{change.id}",
        "event": event_name(change, withheld),
        "occurred_at": change.occurred_at.isoformat(),
    }
    if hidden:
        body["reason"] = "sensitive"
    return {**body, "item": item}


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it and checks the time."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def matches(endpoint: WebhookEndpoint, change: Change, withheld: bool = False) -> bool:
    if endpoint.types and change.item_type not in endpoint.types:
        return False
    if endpoint.partner_id is not None and endpoint.partner_id not in (change.partner_ids or []):
        return False
    name = event_name(change, withheld)
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in endpoint.events or ["*"])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None  # a redirect is an answer other than 2xx: a failure


def send(endpoint: WebhookEndpoint, change: Change, withheld: bool = False) -> tuple[int | None, str | None]:
    """POST one event; returns the status code (None when there was none) and an error, if any."""
    body = json.dumps(event_body(change, withheld), ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "cag-content-api-webhooks/1",
        "X-CAG-Event": event_name(change, withheld),
        "X-CAG-Delivery": f"evt_{change.id}",  # the idempotency id: the same on every retry
        SIGNATURE_HEADER: signature(endpoint.secret, int(time.time()), body),
    }
    request = urllib.request.Request(endpoint.url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=current_app.config["WEBHOOK_TIMEOUT"]) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def deliver_due(session: Session) -> int:
    """One pass of the worker: log scheduled items that went live, then deliver what each endpoint is due.
    Returns how many events were delivered."""
    changes.note_went_live(session, PUBLISHABLE)
    now = utcnow()
    due = select(WebhookEndpoint.id).where(
        WebhookEndpoint.disabled_at.is_(None),
        or_(WebhookEndpoint.next_attempt_at.is_(None), WebhookEndpoint.next_attempt_at <= now),
    )
    delivered = 0
    for endpoint_id in session.scalars(due).all():
        if _lease(session, endpoint_id):
            try:
                delivered += _deliver_to(session, session.get(WebhookEndpoint, endpoint_id))
            finally:
                session.execute(
                    update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).values(lease_until=None)
                )
                session.commit()
    return delivered


def _lease(session: Session, endpoint_id: int) -> bool:
    """Take the endpoint for this worker, unless another holds it: one sender per endpoint keeps its order."""
    now = utcnow()
    taken = session.execute(
        update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            or_(WebhookEndpoint.lease_until.is_(None), WebhookEndpoint.lease_until < now),
        )
        .values(lease_until=now + timedelta(seconds=current_app.config["WEBHOOK_LEASE"]))
    )
    session.commit()
    return taken.rowcount == 1


def _deliver_to(session: Session, endpoint: WebhookEndpoint) -> int:
    delivered = 0
    while True:
        pending = session.scalars(
            select(Change).where(Change.id > endpoint.position).order_by(Change.id).limit(BATCH)
        ).all()
        if not pending:
            return delivered
        hidden = _withheld(session, pending)
        for change in pending:
            if not matches(endpoint, change, change.id in hidden):
                endpoint.position = change.id
                continue
            if not _attempt(session, endpoint, change, change.id in hidden):
                return delivered
            delivered += 1
        session.commit()


def _withheld(session: Session, pending: list[Change]) -> set[int]:
    """The changes whose items are sensitive now: their bodies name nothing (asked of the gate once per batch)."""
    ids_by_type: dict[str, set[int]] = {}
    for change in pending:
        ids_by_type.setdefault(change.item_type, set()).add(change.item_id)
    sensitive = {
        (kind, item_id) for kind, ids in ids_by_type.items() for item_id in syndication.withheld(session, kind, ids)
    }
    return {change.id for change in pending if (change.item_type, change.item_id) in sensitive}


def _attempt(session: Session, endpoint: WebhookEndpoint, change: Change, withheld: bool = False) -> bool:
    started = time.monotonic()
    status, error = send(endpoint, change, withheld)
    ok = status is not None and 200 <= status < 300
    attempt = WebhookAttempt(
        endpoint_id=endpoint.id,
        change_id=change.id,
        attempt=endpoint.failures + 1,
        status_code=status,
        error=None if ok else error or f"HTTP {status}",
        duration_ms=int((time.monotonic() - started) * 1000),
        delivered=ok,
    )
    session.add(attempt)
    if ok:
        endpoint.position, endpoint.failures, endpoint.next_attempt_at = change.id, 0, None
    else:
        _failed(endpoint, attempt)
    endpoint.lease_until = utcnow() + timedelta(seconds=current_app.config["WEBHOOK_LEASE"])  # still ours
    session.commit()
    return ok


def _failed(endpoint: WebhookEndpoint, attempt: WebhookAttempt) -> None:
    config = current_app.config
    endpoint.failures += 1
    if endpoint.failures >= config["WEBHOOK_MAX_ATTEMPTS"]:
        endpoint.disabled_at = utcnow()
        endpoint.disabled_reason = f"{endpoint.failures} failed attempts in a row; the last: {attempt.error}"
        # The host, not the URL: some receivers take their secret in the path.
        host = urlsplit(endpoint.url).netloc
        log.warning("webhook endpoint %s (%s) disabled: %s", endpoint.id, host, endpoint.disabled_reason)
        return
    delay = min(config["WEBHOOK_RETRY_BASE"] * 2 ** (endpoint.failures - 1), config["WEBHOOK_RETRY_MAX"])
    endpoint.next_attempt_at = utcnow() + timedelta(seconds=delay)


def register(session: Session, data: dict) -> WebhookEndpoint:
    """A new endpoint from validated input (WebhookIn); it starts with the changes logged from now on."""
    partner = lookup(Partner, [data["partner"]], "partner")[0] if data.get("partner") else None
    endpoint = WebhookEndpoint(
        url=data["url"],
        secret=data.get("secret") or new_secret(),
        events=data.get("events") or ["*"],
        types=data.get("types") or [],
        partner=partner,
        position=current_position(session),
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def enable(endpoint: WebhookEndpoint) -> None:
    """Deliver again from where it stopped."""
    endpoint.disabled_at, endpoint.disabled_reason, endpoint.failures, endpoint.next_attempt_at = None, None, 0, None


def current_position(session: Session) -> int:
    """A new endpoint starts with what happens from now on."""
    return session.scalar(select(Change.id).order_by(Change.id.desc()).limit(1)) or 0


def run_worker(session_factory, interval: float, once: bool = False, should_stop=lambda: False) -> None:
    """Deliver until stopped, a pass every `interval` seconds (or one pass with `once`)."""
    while not should_stop():
        session = session_factory()
        try:
            deliver_due(session)
        except Exception:
            log.exception("webhook delivery pass failed; retrying")
            session.rollback()
        finally:
            session.close()
        if once:
            return
        time.sleep(interval)
