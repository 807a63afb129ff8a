"""Preview links: an expiring URL that shows one unpublished item to whoever holds it (a frontend's preview page),
without giving them a token.

A key is a random secret kept only as its digest (api.models.PreviewKey). It ends when it expires, when the item
is archived or taken back to draft (api.editing.operations), when staff revoke it, or when the token that made it
is revoked. An ended key, a wrong one and one that never existed get the same answer, so a key tells its holder
nothing about the others, nor why it stopped working."""

import secrets
from datetime import timedelta

from flask import current_app, g
from flask_babel import gettext
from sqlalchemy import delete, select

from api.errors import ApiError, NotFound
from api.extensions import db
from api.models import PreviewKey, PublicationStatus
from api.models.base import utcnow
from api.models.token import ApiToken
from api.tokens import digest


class InvalidPreview(ApiError):
    status = 403
    code = "FORBIDDEN"
    type = "/problems/invalid-preview"


class ArchivedItem(ApiError):
    status = 409
    code = "CONFLICT"
    type = "/problems/archived"


def _ended() -> InvalidPreview:
    return InvalidPreview(gettext("The preview link is not valid: it may have expired or been revoked."))


def create(item, token: ApiToken) -> tuple[PreviewKey, str]:
    """A new key for the item and its secret, which is not stored and cannot be shown again."""
    if item.publication_status == PublicationStatus.ARCHIVED:
        raise ArchivedItem(gettext("An archived item has no preview: take it back to draft first."))
    _forget_expired(item)
    secret = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(seconds=current_app.config["PREVIEW_TTL"])
    item_type, item_id = _key_of(item)
    record = PreviewKey(
        id=secrets.token_urlsafe(12),
        item_type=item_type,
        item_id=item_id,
        digest=digest(secret),
        created_by=token,
        expires_at=expires_at,
    )
    db.session.add(record)
    return record, secret


def of(item) -> list[PreviewKey]:
    """The item's live keys, newest first."""
    stmt = _of_item(select(PreviewKey), item).where(PreviewKey.expires_at > utcnow())
    return list(db.session.scalars(stmt.order_by(PreviewKey.created_at.desc(), PreviewKey.id)))


def revoke(item, key_id: str) -> PreviewKey:
    """End one of the item's keys; a key of another item, or one already ended, is not found."""
    record = db.session.get(PreviewKey, key_id)
    if record is None or (record.item_type, record.item_id) != _key_of(item) or record.expires_at <= utcnow():
        raise NotFound(gettext("The item has no live preview link with this id."))
    db.session.delete(record)
    return record


def end_all(item) -> None:
    """End every key of the item, in the transaction that saves its change."""
    # Not flushed here: the item's change is flushed by the save, where a stale version is a 412.
    with db.session.no_autoflush:
        db.session.execute(_of_item(delete(PreviewKey), item))


def open_preview(key: str) -> tuple[str, int]:
    """Let this request see unpublished content, for the item the key names; returns (table, id)."""
    stmt = (
        select(PreviewKey.item_type, PreviewKey.item_id)
        .join(PreviewKey.created_by)
        .where(PreviewKey.digest == digest(key), PreviewKey.expires_at > utcnow(), ApiToken.revoked_at.is_(None))
    )
    previewed = db.session.execute(stmt).first()
    if previewed is None:
        raise _ended()
    db.session.info["include_private"] = True
    g.preview = True
    return tuple(previewed)


def check_previewed(item, previewed: tuple[str, int]) -> None:
    if _key_of(item) != tuple(previewed):
        raise InvalidPreview(gettext("The preview link is for another item."))
    if item.publication_status == PublicationStatus.ARCHIVED:  # however it was archived, its keys have ended
        raise _ended()


def _forget_expired(item) -> None:
    """Expired keys are ended keys: clearing the item's keeps the table to the keys that still work."""
    db.session.execute(_of_item(delete(PreviewKey), item).where(PreviewKey.expires_at <= utcnow()))


def _key_of(item) -> tuple[str, int]:
    return item.__tablename__, item.id


def _of_item(stmt, item):
    return stmt.where(PreviewKey.item_type == item.__tablename__, PreviewKey.item_id == item.id)
