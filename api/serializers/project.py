from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.models import ProjectStatus
from api.queries.projects import PROJECTS
from api.serializers.args import CountryCode, Moment, choice, country, list_args, publication_status, related_slug
from api.serializers.common import (
    PartnerRef,
    ProgrammeRef,
    PublishableSchema,
    Translated,
    page_schema,
)
from api.serializers.inputs import ContentIn, Flag, enum, html, patch_schema, slugs, text, title, translations


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
        exclude = ("body", "history")


ProjectPage = page_schema("ProjectPage", ProjectSummary)

ProjectArgs = list_args(
    "ProjectArgs",
    PROJECTS.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Partner organisation slug."),
    programme=related_slug("Funding programme slug, e.g. erasmus-plus."),
    country=country(),
    status=choice(ProjectStatus),
    publication_status=publication_status(),
    start_after=Moment(),
    start_before=Moment(),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


class ProjectTextIn(Schema):
    title = title()
    summary = text(5000, allow_none=True)
    body = html(allow_none=True)
    location = text(300, allow_none=True)


class ProjectIn(ContentIn):
    """A new project (a draft until published)."""

    status = enum(ProjectStatus, required=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    participants_count = fields.Integer(allow_none=True, validate=validate.Range(0, 1_000_000))
    themes = slugs("Theme slug.")
    countries = fields.List(CountryCode())
    partners = slugs("Partner organisation slug.")
    programmes = slugs("Funding programme slug, e.g. erasmus-plus.")
    sensitive = Flag()
    translations = translations(ProjectTextIn)

    @validates_schema
    def ends_after_it_starts(self, data, **_kwargs) -> None:
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError([lazy_gettext("The end date is before the start date.")], "end_date")


ProjectPatch = patch_schema(ProjectIn, "ProjectPatch")
