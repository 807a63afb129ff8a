from datetime import date, datetime
from typing import Self

import strawberry

from api import i18n, models
from api.serializers.vacancy import deadline_local
from schema.types.base import Editorial, Localized, Node, StructuredData, global_id, locale_of, translated
from schema.types.partner import Partner
from schema.types.taxonomy import Filed, Programme

VacancyKind = strawberry.enum(models.VacancyKind, name="VacancyKind")
VacancyStatus = strawberry.enum(models.VacancyStatus, name="VacancyStatus")


@strawberry.type
class Eligibility:
    min_age: int | None
    max_age: int | None
    requirements: str | None = strawberry.field(description="Citizenship, residence and the like.")


@strawberry.type
class HowToApply:
    url: str | None
    email: str | None
    instructions: str | None


@strawberry.type(description="A volunteer place, job or internship; open until its deadline passes.")
class Vacancy(Localized, Editorial, Filed, StructuredData, Node):
    model: strawberry.Private[models.Vacancy]
    requested: strawberry.Private[str]
    database_id: int
    slug: str
    kind: VacancyKind
    positions: int | None
    deadline: datetime | None = strawberry.field(description="In UTC.")
    deadline_local: str | None = strawberry.field(description="ISO 8601 in the deadline's own time zone.")
    deadline_timezone: str
    start_date: date | None
    start_date_flexible: bool
    duration: str | None = strawberry.field(description="ISO 8601 duration, e.g. P12M.")
    programme_reference: str | None
    published_at: datetime | None
    updated_at: datetime
    sensitive: bool
    title: str = translated("title", required=True)
    description: str | None = translated("description", "Sanitised HTML.")
    location: str | None = translated("location")

    @strawberry.field
    def status(self) -> VacancyStatus:
        return self.model.status

    @strawberry.field
    def host(self) -> Partner:
        return Partner.from_model(self.model.host, self.requested)

    @strawberry.field
    def programme(self) -> Programme | None:
        return Programme.from_model(self.model.programme) if self.model.programme else None

    @strawberry.field
    def eligibility(self, lang: str | None = None) -> Eligibility:
        translation = i18n.resolve(self.model, locale_of(self, lang))
        return Eligibility(min_age=self.model.min_age, max_age=self.model.max_age, requirements=translation.eligibility)

    @strawberry.field
    def how_to_apply(self, lang: str | None = None) -> HowToApply:
        translation = i18n.resolve(self.model, locale_of(self, lang))
        return HowToApply(url=self.model.apply_url, email=self.model.apply_email, instructions=translation.how_to_apply)

    @classmethod
    def from_model(cls, vacancy: models.Vacancy, requested: str) -> Self:
        return cls(
            id=global_id("Vacancy", vacancy.id),
            database_id=vacancy.id,
            slug=vacancy.slug,
            kind=vacancy.kind,
            positions=vacancy.positions,
            deadline=vacancy.deadline,
            deadline_local=deadline_local(vacancy),
            deadline_timezone=vacancy.deadline_timezone,
            start_date=vacancy.start_date,
            start_date_flexible=vacancy.start_date_flexible,
            duration=vacancy.duration,
            programme_reference=vacancy.programme_reference,
            published_at=vacancy.published_at,
            updated_at=vacancy.updated_at,
            sensitive=vacancy.sensitive,
            model=vacancy,
            requested=requested,
        )
