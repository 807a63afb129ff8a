from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, String, text, true
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, str_enum, utcnow


class ChangeAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    WENT_LIVE = "went_live"  # a scheduled item's time came: written when first noticed (api.changes)
    UNPUBLISHED = "unpublished"
    ARCHIVED = "archived"
    DELETED = "deleted"
    MARKED_SENSITIVE = "marked_sensitive"
    UNMARKED_SENSITIVE = "unmarked_sensitive"


class Change(Base):
    """One entry of the change log, a transactional outbox: written in the same transaction as the change it
    records, so it exists exactly when the change does. Its id is the log's order (see api.changes.lock_log)."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_item_type_item_id", "item_type", "item_id"),
        # The last public change of a collection is one probe (api.caching reads it for every public validator).
        # Partial, with the predicate each database's planner matches to `public = true` as SQLAlchemy writes it:
        # PostgreSQL sees no order by id in (item_type, public, id) once it simplifies that to `public`.
        Index(
            "ix_changes_public_item_type_id",
            "item_type",
            "id",
            postgresql_where=text("public"),
            sqlite_where=text("public = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(String(32))  # the collection: posts, projects …
    item_id: Mapped[int]
    slug: Mapped[str] = mapped_column(String(120))
    action: Mapped[ChangeAction] = mapped_column(str_enum(ChangeAction, "change_action"))
    version: Mapped[int | None]
    # What the item was at that moment, for webhook filters and for keeping sensitive content out of them.
    sensitive: Mapped[bool] = mapped_column(default=False)
    partner_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Whether the change can have changed what the public sees (api.changes.touches_public): public validators move
    # only with these, so a draft's saves leave every public answer, cached copy and 304 as it was.
    public: Mapped[bool] = mapped_column(default=True, server_default=true())
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
