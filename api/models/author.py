from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, TimestampMixin, TranslatableMixin, TranslationMixin, VersionedMixin


class Author(TimestampMixin, TranslatableMixin, VersionedMixin, Base):
    """A person behind a byline. The name may be a pseudonym, which protects activists in restrictive countries."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    is_pseudonym: Mapped[bool] = mapped_column(default=False)
    translations: Mapped[list["AuthorTranslation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="AuthorTranslation.locale"
    )


class AuthorTranslation(TranslationMixin, Base):
    __tablename__ = "author_translations"
    __item_table__ = "authors"
    searchable = ("role", "bio")

    role: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    item: Mapped[Author] = relationship(back_populates="translations")
