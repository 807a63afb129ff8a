from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, str_enum, utcnow
from api.models.partner import Partner


class Role(StrEnum):
    ADMIN = "admin"  # everything, tokens included
    EDITOR = "editor"  # all content
    PARTNER = "partner"  # its own organisation's profile, posts and vacancies


class ApiToken(Base):
    """A bearer token for the write API. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, "token_role"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    # The first characters, kept in clear so a token can be recognised in lists and logs.
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    partner: Mapped[Partner | None] = relationship(foreign_keys=[partner_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None
