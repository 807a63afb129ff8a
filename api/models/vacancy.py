from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import (
    Base,
    PublishableMixin,
    TimestampMixin,
    TranslatableMixin,
    TranslationMixin,
    VersionedMixin,
    str_enum,
    utcnow,
)
from api.models.country import Country
from api.models.links import vacancy_countries, vacancy_themes
from api.models.partner import Partner
from api.models.programme import Programme
from api.models.theme import Theme


class VacancyKind(StrEnum):
    VOLUNTEER = "volunteer"
    EMPLOYMENT = "employment"
    INTERNSHIP = "internship"


class VacancyStatus(StrEnum):
    """Derived from the deadline, never stored: a vacancy closes by itself when its deadline passes."""

    OPEN = "open"
    CLOSED = "closed"


class Vacancy(TimestampMixin, PublishableMixin, TranslatableMixin, VersionedMixin, Base):
    __tablename__ = "vacancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[VacancyKind] = mapped_column(str_enum(VacancyKind, "vacancy_kind"), index=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="RESTRICT"), index=True)
    positions: Mapped[int | None]
    # Stored in UTC; `deadline_timezone` keeps the zone the deadline was announced in, for display.
    deadline: Mapped[datetime | None] = mapped_column(index=True)
    deadline_timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    start_date: Mapped[date | None]
    start_date_flexible: Mapped[bool] = mapped_column(default=False)
    duration: Mapped[str | None] = mapped_column(String(32))  # ISO 8601, e.g. P12M
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"), index=True)
    programme_reference: Mapped[str | None] = mapped_column(String(120))
    apply_url: Mapped[str | None] = mapped_column(String(500))
    apply_email: Mapped[str | None] = mapped_column(String(254))
    host: Mapped[Partner] = relationship()
    programme: Mapped[Programme | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=vacancy_themes, order_by=Theme.position)
    countries: Mapped[list[Country]] = relationship(secondary=vacancy_countries, order_by=Country.code)
    translations: Mapped[list["VacancyTranslation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="VacancyTranslation.locale"
    )

    @property
    def status(self) -> VacancyStatus:
        return self.status_at(utcnow())

    def status_at(self, now: datetime) -> VacancyStatus:
        return VacancyStatus.OPEN if self.deadline is None or self.deadline > now else VacancyStatus.CLOSED

    @classmethod
    def is_open(cls, now: datetime):
        return or_(cls.deadline.is_(None), cls.deadline > now)

    @classmethod
    def owned_by(cls, partner_id):
        """A partner's own vacancies are those it hosts."""
        return cls.host_id == partner_id


class VacancyTranslation(TranslationMixin, Base):
    __tablename__ = "vacancy_translations"
    __item_table__ = "vacancies"
    searchable = ("title", "description", "location")

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(300))
    eligibility: Mapped[str | None] = mapped_column(Text)
    how_to_apply: Mapped[str | None] = mapped_column(Text)
    item: Mapped[Vacancy] = relationship(back_populates="translations")
