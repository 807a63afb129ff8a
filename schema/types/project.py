from datetime import date, datetime
from typing import Self

import strawberry

from api import models
from schema.types.base import Editorial, Localized, Node, StructuredData, global_id, translated
from schema.types.partner import Partner
from schema.types.taxonomy import Filed, Programme

ProjectStatus = strawberry.enum(models.ProjectStatus, name="ProjectStatus")


@strawberry.type(description="A project with partner organisations.")
class Project(Localized, Editorial, Filed, StructuredData, Node):
    model: strawberry.Private[models.Project]
    requested: strawberry.Private[str]
    database_id: int
    slug: str
    status: ProjectStatus
    start_date: date | None
    end_date: date | None
    participants_count: int | None
    published_at: datetime | None
    updated_at: datetime
    sensitive: bool
    title: str = translated("title", required=True)
    summary: str | None = translated("summary")
    body: str | None = translated("body", "Sanitised HTML.")
    location: str | None = translated("location")

    @strawberry.field
    def partners(self) -> list[Partner]:
        return [Partner.from_model(partner, self.requested) for partner in self.model.partners]

    @strawberry.field
    def programmes(self) -> list[Programme]:
        return [Programme.from_model(programme) for programme in self.model.programmes]

    @classmethod
    def from_model(cls, project: models.Project, requested: str) -> Self:
        return cls(
            id=global_id("Project", project.id),
            database_id=project.id,
            slug=project.slug,
            status=project.status,
            start_date=project.start_date,
            end_date=project.end_date,
            participants_count=project.participants_count,
            published_at=project.published_at,
            updated_at=project.updated_at,
            sensitive=project.sensitive,
            model=project,
            requested=requested,
        )
