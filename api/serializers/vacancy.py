from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import i18n
from api.models import VacancyKind, VacancyStatus
from api.queries.vacancies import VACANCIES
from api.serializers.args import (
    CountryCode,
    Moment,
    choice,
    country,
    list_args,
    publication_status,
    related_slug,
    slug_field,
)
from api.serializers.common import (
    DerivedNested,
    DerivedString,
    PartnerRef,
    ProgrammeRef,
    PublishableSchema,
    Translated,
    page_schema,
)
from api.serializers.inputs import (
    ContentIn,
    Flag,
    duration,
    enum,
    html,
    patch_schema,
    slugs,
    text,
    time_zone,
    title,
    translations,
    url,
)


class EligibilityOut(Schema):
    min_age = fields.Integer(allow_none=True)
    max_age = fields.Integer(allow_none=True)
    requirements = fields.String(allow_none=True, metadata={"description": "Citizenship, residence and the like."})


class ApplyOut(Schema):
    url = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    instructions = fields.String(allow_none=True)


def deadline_local(vacancy) -> str | None:
    if vacancy.deadline is None:
        return None
    return vacancy.deadline.astimezone(ZoneInfo(vacancy.deadline_timezone)).isoformat()


def eligibility(vacancy) -> dict:
    translation = i18n.resolve(vacancy)
    return {"min_age": vacancy.min_age, "max_age": vacancy.max_age, "requirements": translation.eligibility}


def how_to_apply(vacancy) -> dict:
    translation = i18n.resolve(vacancy)
    return {"url": vacancy.apply_url, "email": vacancy.apply_email, "instructions": translation.how_to_apply}


class VacancyOut(PublishableSchema):
    id = fields.Integer()
    slug = fields.String()
    kind = fields.Enum(VacancyKind, by_value=True)
    title = Translated()
    description = Translated(allow_none=True)
    location = Translated(allow_none=True)
    status = DerivedString(
        getter=lambda vacancy: vacancy.status.value,
        validate=validate.OneOf([status.value for status in VacancyStatus]),
        metadata={"description": "open until the deadline has passed."},
    )
    host = fields.Nested(PartnerRef)
    positions = fields.Integer(allow_none=True)
    deadline = fields.DateTime(allow_none=True, metadata={"description": "In UTC."})
    deadline_local = DerivedString(
        getter=deadline_local, allow_none=True, metadata={"description": "In the deadline's own time zone."}
    )
    deadline_timezone = fields.String()
    start_date = fields.Date(allow_none=True)
    start_date_flexible = fields.Boolean()
    duration = fields.String(allow_none=True, metadata={"description": "ISO 8601 duration, e.g. P12M."})
    eligibility = DerivedNested(EligibilityOut, getter=eligibility)
    how_to_apply = DerivedNested(ApplyOut, getter=how_to_apply)
    programme = fields.Nested(ProgrammeRef, allow_none=True)
    programme_reference = fields.String(allow_none=True, metadata={"description": "E.g. the host's OID."})


class VacancySummary(VacancyOut):
    class Meta:
        exclude = ("description", "history")


VacancyPage = page_schema("VacancyPage", VacancySummary)

VacancyArgs = list_args(
    "VacancyArgs",
    VACANCIES.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Hosting organisation slug."),
    programme=related_slug("Funding programme slug, e.g. european-solidarity-corps."),
    country=country(),
    kind=choice(VacancyKind),
    publication_status=publication_status(),
    status=choice(VacancyStatus, metadata={"description": "open: the deadline has not passed (or there is none)."}),
    deadline_after=Moment(),
    deadline_before=Moment(),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


class EligibilityIn(Schema):
    min_age = fields.Integer(allow_none=True, validate=validate.Range(0, 120))
    max_age = fields.Integer(allow_none=True, validate=validate.Range(0, 120))

    @validates_schema
    def ages_in_order(self, data, **_kwargs) -> None:
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            raise ValidationError([lazy_gettext("The maximum age is below the minimum age.")], "max_age")


class ApplyIn(Schema):
    url = url(allow_none=True)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))


class VacancyTextIn(Schema):
    title = title()
    description = html(allow_none=True)
    location = text(300, allow_none=True)
    eligibility = text(5000, allow_none=True, metadata={"description": "Citizenship, residence and the like."})
    how_to_apply = text(5000, allow_none=True)


class VacancyIn(ContentIn):
    """A new vacancy (a draft until published); a partner's vacancy is hosted by its own organisation."""

    FLATTEN = {
        "eligibility": {"min_age": "min_age", "max_age": "max_age"},
        "how_to_apply": {"url": "apply_url", "email": "apply_email"},
    }

    kind = enum(VacancyKind, required=True)
    host = slug_field("Hosting organisation slug; a partner token's own organisation when left out.")
    positions = fields.Integer(allow_none=True, validate=validate.Range(1, 10_000))
    deadline = fields.DateTime(
        allow_none=True,
        metadata={"description": "Without an offset, it is read in deadline_timezone (Europe/Stockholm if unset)."},
    )
    deadline_timezone = time_zone()
    start_date = fields.Date(allow_none=True)
    start_date_flexible = Flag()
    duration = duration(allow_none=True)
    eligibility = fields.Nested(EligibilityIn, metadata={"description": "Replaced as a whole."})
    how_to_apply = fields.Nested(ApplyIn, metadata={"description": "Replaced as a whole."})
    programme = slug_field("Funding programme slug, e.g. european-solidarity-corps.", allow_none=True)
    programme_reference = text(120, allow_none=True)
    themes = slugs("Theme slug.")
    countries = fields.List(CountryCode())
    sensitive = Flag()
    translations = translations(VacancyTextIn)


VacancyPatch = patch_schema(VacancyIn, "VacancyPatch")
