from typing import TYPE_CHECKING, Annotated, Self

import strawberry

from api import i18n, models
from schema.types.base import Localized, Node, StructuredData, global_id, locale_of, translated
from schema.types.taxonomy import Country

if TYPE_CHECKING:
    from schema.types.project import Project
    from schema.types.vacancy import Vacancy


@strawberry.type
class Logo:
    url: str
    alt: str | None


@strawberry.type(description="A partner organisation (the organisation itself is one too).")
class Partner(Localized, StructuredData, Node):
    model: strawberry.Private[models.Partner]
    requested: strawberry.Private[str]
    database_id: int
    slug: str
    city: str | None
    website: str | None
    name: str = translated("name", required=True)
    description: str | None = translated("description")

    @strawberry.field
    def country(self) -> Country | None:
        return Country.from_model(self.model.country, self.requested) if self.model.country else None

    @strawberry.field
    def logo(self, lang: str | None = None) -> Logo | None:
        if not self.model.logo_url:
            return None
        return Logo(url=self.model.logo_url, alt=i18n.resolve(self.model, locale_of(self, lang)).logo_alt)

    @strawberry.field(description="Its public projects.")
    def projects(self) -> list[Annotated["Project", strawberry.lazy("schema.types.project")]]:
        from schema.types.project import Project

        return [Project.from_model(project, self.requested) for project in self.model.projects]

    @strawberry.field(description="The public vacancies it hosts.")
    def vacancies(self) -> list[Annotated["Vacancy", strawberry.lazy("schema.types.vacancy")]]:
        from schema.types.vacancy import Vacancy

        return [Vacancy.from_model(vacancy, self.requested) for vacancy in self.model.vacancies]

    @classmethod
    def from_model(cls, partner: models.Partner, requested: str) -> Self:
        return cls(
            id=global_id("Partner", partner.id),
            database_id=partner.id,
            slug=partner.slug,
            city=partner.city,
            website=partner.website,
            model=partner,
            requested=requested,
        )
