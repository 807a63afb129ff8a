from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, utcnow
from api.models.token import ApiToken


class Revision(Base):
    """One saved version of an editable item: its whole editable state, who saved it and when."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("item_type", "item_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[int] = mapped_column(index=True)
    version: Mapped[int]
    snapshot: Mapped[dict] = mapped_column(JSON)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    token: Mapped[ApiToken | None] = relationship()
