"""Who is calling: bearer tokens, roles and the one permission check every write goes through."""

from collections.abc import Collection

from flask import g, request
from flask_babel import gettext

from api import tokens
from api.errors import ApiError
from api.extensions import db
from api.models.base import utcnow
from api.models.token import ApiToken, Role

STAFF = (Role.ADMIN, Role.EDITOR)


class Unauthenticated(ApiError):
    status = 401
    code = "UNAUTHENTICATED"
    type = "/problems/unauthenticated"
    headers = {"WWW-Authenticate": 'Bearer realm="cag-content-api"'}


class Forbidden(ApiError):
    status = 403
    code = "FORBIDDEN"
    type = "/problems/forbidden"


def current_token() -> ApiToken | None:
    """The request's token, checked once per request; a wrong, unknown or revoked one is a 401."""
    if "api_token" not in g:
        g.api_token = _authenticate(request.headers.get("Authorization", ""))
    return g.api_token


def bearer_secret(header: str) -> str | None:
    """The secret an `Authorization` header sends, however it is spelt (the scheme in any case, any whitespace
    around); None for no header, a 401 for one that is not a bearer token. The rate limits key on it too."""
    parts = header.split(None, 1)
    if not parts:
        return None
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise Unauthenticated(gettext("Send the token as “Authorization: Bearer <token>”."))
    return parts[1].strip()


def presents_token() -> bool:
    """Whether the request tries a token at all (a failed one is a failed login)."""
    return bool(request.headers.get("Authorization", "").strip())


def _authenticate(header: str) -> ApiToken | None:
    secret = bearer_secret(header)
    if secret is None:
        return None
    token = tokens.find_active(db.session, secret)
    if token is None:
        raise Unauthenticated(gettext("The token is not valid, or has been revoked."))
    token.last_used_at = utcnow()
    db.session.commit()
    return token


def see_private_content() -> None:
    """Editors and admins read drafts and scheduled items too, partners their own organisation's (see
    api.visibility); everyone else reads what is public."""
    if "Authorization" not in request.headers:
        return
    token = current_token()
    if token is not None and token.role in (Role.ADMIN, Role.EDITOR):
        db.session.info["include_private"] = True
    elif token is not None and token.role == Role.PARTNER:
        db.session.info["partner_id"] = token.partner_id


def is_staff() -> bool:
    """Whether the request carries an admin's or an editor's token (checked already, see see_private_content)."""
    token = g.get("api_token")
    return token is not None and token.role in STAFF


def require(*roles: Role, owners: Collection[int] | None = None) -> ApiToken:
    """The token, if its role is one of `roles`; a partner token, when `owners` names the organisations an item
    belongs to, only if its own organisation is among them."""
    token = current_token()
    if token is None:
        raise Unauthenticated(gettext("This needs a token: send “Authorization: Bearer <token>”."))
    if token.role not in roles:
        raise Forbidden(gettext("A token with the role %(role)s may not do this.", role=token.role.value))
    if token.role == Role.PARTNER and owners is not None and token.partner_id not in owners:
        raise Forbidden(gettext("A partner token may only change its own organisation's content."))
    return token
