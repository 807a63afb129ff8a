"""Themes, countries and funding programmes: the small things content is filed under."""

from typing import Self

import strawberry

from api import models
from api.models.country import country_name
from schema.types.base import Localized, Node, global_id, locale_of, translated


@strawberry.type(description="A theme of the organisation's work, named in every configured locale.")
class Theme(Localized, Node):
    model: strawberry.Private[models.Theme]
    requested: strawberry.Private[str]
    database_id: int
    slug: str
    position: int
    name: str = translated("name", required=True)
    description: str | None = translated("description")

    @classmethod
    def from_model(cls, theme: models.Theme, requested: str) -> Self:
        return cls(
            id=global_id("Theme", theme.id),
            database_id=theme.id,
            slug=theme.slug,
            position=theme.position,
            model=theme,
            requested=requested,
        )


@strawberry.type(description="A country by its ISO 3166-1 alpha-2 code, named from CLDR.")
class Country:
    code: str
    requested: strawberry.Private[str]

    @strawberry.field
    def name(self, lang: str | None = None) -> str:
        return country_name(self.code, locale_of(self, lang))

    @classmethod
    def from_model(cls, country: models.Country, requested: str) -> Self:
        return cls(code=country.code, requested=requested)


@strawberry.type(description="A funding programme, e.g. Erasmus+ or the European Solidarity Corps.")
class Programme:
    slug: str
    name: str
    url: str | None

    @classmethod
    def from_model(cls, programme: models.Programme) -> Self:
        return cls(slug=programme.slug, name=programme.name, url=programme.url)


@strawberry.type
class Filed:
    """The themes and countries a post, project or vacancy is filed under."""

    @strawberry.field
    def themes(self) -> list[Theme]:
        return [Theme.from_model(theme, self.requested) for theme in self.model.themes]

    @strawberry.field
    def countries(self) -> list[Country]:
        return [Country.from_model(country, self.requested) for country in self.model.countries]
