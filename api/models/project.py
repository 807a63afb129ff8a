from datetime import date
from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import (
    Base,
    PublishableMixin,
    TimestampMixin,
    TranslatableMixin,
    TranslationMixin,
    VersionedMixin,
    str_enum,
)
from api.models.country import Country
from api.models.links import project_countries, project_partners, project_programmes, project_themes
from api.models.partner import Partner
from api.models.programme import Programme
from api.models.theme import Theme


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"


class Project(TimestampMixin, PublishableMixin, TranslatableMixin, VersionedMixin, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[ProjectStatus] = mapped_column(str_enum(ProjectStatus, "project_status"), index=True)
    start_date: Mapped[date | None] = mapped_column(index=True)
    end_date: Mapped[date | None]
    participants_count: Mapped[int | None]
    themes: Mapped[list[Theme]] = relationship(secondary=project_themes, order_by=Theme.position)
    countries: Mapped[list[Country]] = relationship(secondary=project_countries, order_by=Country.code)
    partners: Mapped[list[Partner]] = relationship(secondary=project_partners, order_by=Partner.slug)
    programmes: Mapped[list[Programme]] = relationship(secondary=project_programmes, order_by=Programme.slug)
    translations: Mapped[list["ProjectTranslation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ProjectTranslation.locale"
    )

    @classmethod
    def owned_by(cls, partner_id):
        return cls.partners.any(Partner.id == partner_id)


class ProjectTranslation(TranslationMixin, Base):
    __tablename__ = "project_translations"
    __item_table__ = "projects"
    searchable = ("title", "summary", "body", "location")

    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(300))
    item: Mapped[Project] = relationship(back_populates="translations")
