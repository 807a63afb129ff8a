from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, TimestampMixin, TranslatableMixin, TranslationMixin, VersionedMixin
from api.models.country import Country

if TYPE_CHECKING:
    from api.models.post import Post
    from api.models.project import Project
    from api.models.vacancy import Vacancy


class Partner(TimestampMixin, TranslatableMixin, VersionedMixin, Base):
    """A partner organisation; the organisation itself is one too, so it can host vacancies and run projects."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    city: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    logo_url: Mapped[str | None] = mapped_column(String(500))
    country: Mapped[Country | None] = relationship()
    translations: Mapped[list["PartnerTranslation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="PartnerTranslation.locale"
    )
    # Read-only views of links owned by the other side; public filtering happens in the queries.
    projects: Mapped[list["Project"]] = relationship(secondary="project_partners", viewonly=True, order_by="Project.id")
    posts: Mapped[list["Post"]] = relationship(secondary="post_partners", viewonly=True, order_by="Post.id")
    vacancies: Mapped[list["Vacancy"]] = relationship(viewonly=True, order_by="Vacancy.id")


class PartnerTranslation(TranslationMixin, Base):
    __tablename__ = "partner_translations"
    __item_table__ = "partners"
    searchable = ("name", "description")

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    logo_alt: Mapped[str | None] = mapped_column(String(300))
    item: Mapped[Partner] = relationship(back_populates="translations")
