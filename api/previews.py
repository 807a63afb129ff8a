"""Preview links: a signed, expiring URL that shows one unpublished item to whoever holds it (a frontend's
preview page), without giving them a token."""

from datetime import timedelta

from flask import current_app, g
from flask_babel import gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from api.errors import ApiError
from api.extensions import db
from api.models.base import utcnow


class InvalidPreview(ApiError):
    status = 403
    code = "FORBIDDEN"
    type = "/problems/invalid-preview"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="preview")


def sign(item) -> tuple[str, object]:
    """A preview key for this item and when it expires."""
    key = _serializer().dumps([item.__tablename__, item.id])
    return key, utcnow() + timedelta(seconds=current_app.config["PREVIEW_TTL"])


def open_preview(key: str) -> tuple[str, int]:
    """Let this request see unpublished content, for the item the key names; returns (table, id)."""
    try:
        table, item_id = _serializer().loads(key, max_age=current_app.config["PREVIEW_TTL"])
    except SignatureExpired as error:
        raise InvalidPreview(gettext("The preview link has expired: ask for a new one.")) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidPreview(gettext("The preview link is not valid.")) from error
    db.session.info["include_private"] = True
    g.preview = True
    return table, item_id


def check_previewed(item, previewed: tuple[str, int]) -> None:
    if (item.__tablename__, item.id) != tuple(previewed):
        raise InvalidPreview(gettext("The preview link is for another item."))
