from marshmallow import fields

from api.queries.themes import THEMES
from api.serializers.args import list_args
from api.serializers.common import LocalizedSchema, Translated, page_schema


class ThemeOut(LocalizedSchema):
    id = fields.Integer()
    slug = fields.String()
    name = Translated()
    description = Translated(allow_none=True)


ThemePage = page_schema("ThemePage", ThemeOut)

ThemeArgs = list_args("ThemeArgs", THEMES.sort_choices)
