from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, TimestampMixin


class Programme(TimestampMixin, Base):
    """A funding programme such as Erasmus+ or the European Solidarity Corps; its name is a proper noun."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
