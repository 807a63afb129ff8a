from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, TimestampMixin, TranslatableMixin, TranslationMixin, VersionedMixin


class Theme(TimestampMixin, TranslatableMixin, VersionedMixin, Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    translations: Mapped[list["ThemeTranslation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ThemeTranslation.locale"
    )


class ThemeTranslation(TranslationMixin, Base):
    __tablename__ = "theme_translations"
    __item_table__ = "themes"
    searchable = ("name", "description")

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    item: Mapped[Theme] = relationship(back_populates="translations")
