from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, utcnow
from api.models.partner import Partner


class WebhookEndpoint(Base):
    """A receiver of change events. It gets the change log in order from `position` on; the worker moves the
    position past an event only once the receiver has accepted it (at least once, in order)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    # Signs each delivery (HMAC-SHA256); kept because signing needs it, shown to the admin once.
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)  # patterns such as post.* or *.published
    types: Mapped[list[str]] = mapped_column(JSON, default=list)  # collections; empty means all
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)  # the last change id handled
    failures: Mapped[int] = mapped_column(default=0)  # consecutive failed attempts at the current event
    next_attempt_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[datetime | None]  # a worker delivering to it holds it until then
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    partner: Mapped[Partner | None] = relationship()


class WebhookAttempt(Base):
    """The delivery log: every attempt to deliver one event to one endpoint, and how it went."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    change_id: Mapped[int]
    attempt: Mapped[int]
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int]
    delivered: Mapped[bool]
