"""Filter inputs: the REST collections' filters, under the same names (camelCase), checked by the same schemas."""

from datetime import datetime

import strawberry

from schema.types.base import PublicationStatus
from schema.types.post import PostKind
from schema.types.project import ProjectStatus
from schema.types.vacancy import VacancyKind, VacancyStatus


@strawberry.input(description="Filters of /api/v1/posts.")
class PostFilter:
    theme: str | None = None
    partner: str | None = None
    country: str | None = None
    author: str | None = None
    project: str | None = None
    kind: PostKind | None = None
    publication_status: PublicationStatus | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    updated_after: datetime | None = None


@strawberry.input(description="Filters of /api/v1/projects.")
class ProjectFilter:
    theme: str | None = None
    partner: str | None = None
    programme: str | None = None
    country: str | None = None
    status: ProjectStatus | None = None
    publication_status: PublicationStatus | None = None
    start_after: datetime | None = None
    start_before: datetime | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    updated_after: datetime | None = None


@strawberry.input(description="Filters of /api/v1/vacancies.")
class VacancyFilter:
    theme: str | None = None
    partner: str | None = None
    programme: str | None = None
    country: str | None = None
    kind: VacancyKind | None = None
    status: VacancyStatus | None = None
    publication_status: PublicationStatus | None = None
    deadline_after: datetime | None = None
    deadline_before: datetime | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    updated_after: datetime | None = None


@strawberry.input(description="Filters of /api/v1/partners.")
class PartnerFilter:
    country: str | None = None
    updated_after: datetime | None = None


def as_query_parameters(filters: object | None) -> dict[str, str]:
    """The filter input as REST query parameters, so the REST argument schema validates it."""
    if filters is None:
        return {}
    parameters = {}
    for name, value in vars(filters).items():
        if value is None:
            continue
        if isinstance(value, datetime):
            parameters[name] = value.isoformat()
        else:
            parameters[name] = str(getattr(value, "value", value))
    return parameters
