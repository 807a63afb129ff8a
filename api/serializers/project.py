from marshmallow import fields

from api.models import ProjectStatus
from api.queries.projects import PROJECTS
from api.serializers.args import Moment, choice, country, list_args, related_slug
from api.serializers.common import (
    PartnerRef,
    ProgrammeRef,
    PublishableSchema,
    Translated,
    page_schema,
)


class ProjectOut(PublishableSchema):
    id = fields.Integer()
    slug = fields.String()
    title = Translated()
    summary = Translated(allow_none=True)
    body = Translated(allow_none=True, metadata={"description": "Sanitised HTML."})
    location = Translated(allow_none=True)
    status = fields.Enum(ProjectStatus, by_value=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    participants_count = fields.Integer(allow_none=True)
    partners = fields.List(fields.Nested(PartnerRef))
    programmes = fields.List(fields.Nested(ProgrammeRef))


class ProjectSummary(ProjectOut):
    class Meta:
        exclude = ("body",)


ProjectPage = page_schema("ProjectPage", ProjectSummary)

ProjectArgs = list_args(
    "ProjectArgs",
    PROJECTS.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Partner organisation slug."),
    programme=related_slug("Funding programme slug, e.g. erasmus-plus."),
    country=country(),
    status=choice(ProjectStatus),
    start_after=Moment(),
    start_before=Moment(),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)
