from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, utcnow
from api.models.token import ApiToken


class PreviewKey(Base):
    """A preview link's key for one item. Only its SHA-256 is stored; the key itself is shown once, in the link.
    Ending a key deletes its row, so an ended key is indistinguishable from one that never existed."""

    __tablename__ = "preview_keys"
    __table_args__ = (Index("ix_preview_keys_item", "item_type", "item_id"),)

    # Random, not a sequence: a key's id names it in lists and revocations without telling how many there are.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_type: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[int]
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    # A key lives no longer than the token that made it: deleting the token deletes it, revoking it ends it.
    created_by_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    created_by: Mapped[ApiToken] = relationship()
