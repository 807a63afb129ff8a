"""API tokens: made, found and revoked here; the CLI and the auth check both use these functions."""

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.base import utcnow
from api.models.partner import Partner
from api.models.token import ApiToken, Role

TOKEN_PREFIX = "cag_"


def digest(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, name: str, role: Role, partner: Partner | None = None) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not stored and cannot be shown again."""
    if (role == Role.PARTNER) != (partner is not None):
        raise ValueError("a partner token needs a partner organisation, and only a partner token has one")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, partner=partner, prefix=secret[:10], digest=digest(secret))
    session.add(token)
    session.flush()
    return token, secret


def find_active(session: Session, secret: str) -> ApiToken | None:
    token = session.scalar(select(ApiToken).where(ApiToken.digest == digest(secret)))
    return token if token is not None and token.active else None


def revoke(session: Session, token_id: int) -> ApiToken | None:
    token = session.get(ApiToken, token_id)
    if token is not None and token.active:
        token.revoked_at = utcnow()
    return token
