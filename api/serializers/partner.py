from marshmallow import Schema, fields

from api import i18n
from api.queries.partners import PARTNERS
from api.serializers.args import CountryCode, Moment, country, list_args
from api.serializers.common import CountryRef, DerivedNested, LocalizedSchema, ProjectRef, Translated, page_schema
from api.serializers.inputs import ContentIn, patch_schema, text, title, translations, url


class LogoOut(Schema):
    url = fields.String()
    alt = fields.String(allow_none=True)


def logo(partner) -> dict | None:
    if not partner.logo_url:
        return None
    return {"url": partner.logo_url, "alt": i18n.resolve(partner).logo_alt}


class PartnerOut(LocalizedSchema):
    id = fields.Integer()
    slug = fields.String()
    name = Translated()
    description = Translated(allow_none=True)
    country = fields.Nested(CountryRef, allow_none=True)
    city = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    logo = DerivedNested(LogoOut, getter=logo, allow_none=True)
    projects = fields.List(fields.Nested(ProjectRef))
    updated_at = fields.DateTime()


class PartnerSummary(PartnerOut):
    class Meta:
        exclude = ("history",)


PartnerPage = page_schema("PartnerPage", PartnerSummary)

PartnerArgs = list_args("PartnerArgs", PARTNERS.sort_choices, country=country(), updated_after=Moment())


class LogoIn(Schema):
    url = url(required=True)


class PartnerTextIn(Schema):
    name = title(200)
    description = text(5000, allow_none=True)
    logo_alt = text(300, allow_none=True, metadata={"description": "The logo's alt text."})


class PartnerIn(ContentIn):
    """A new partner organisation."""

    FLATTEN = {"logo": {"url": "logo_url"}}

    country = CountryCode(allow_none=True)
    city = text(200, allow_none=True)
    website = url(allow_none=True)
    logo = fields.Nested(LogoIn, allow_none=True)
    translations = translations(PartnerTextIn)


PartnerPatch = patch_schema(PartnerIn, "PartnerPatch")
