from marshmallow import fields

from api.serializers.common import LocalizedSchema, Translated, page_schema


class ThemeOut(LocalizedSchema):
    id = fields.Integer()
    slug = fields.String()
    name = Translated()
    description = Translated(allow_none=True)


ThemePage = page_schema("ThemePage", ThemeOut)
