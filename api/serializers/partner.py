from marshmallow import fields

from api import i18n
from api.serializers.common import CountryRef, LocalizedSchema, ProjectRef, Translated, page_schema


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
    logo = fields.Function(logo, metadata={"description": "{url, alt} or null."})
    projects = fields.List(fields.Nested(ProjectRef))
    updated_at = fields.DateTime()


PartnerPage = page_schema("PartnerPage", PartnerOut)
