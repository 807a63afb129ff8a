from marshmallow import Schema, fields, validate

from api.queries.themes import THEMES
from api.serializers.args import list_args
from api.serializers.common import LocalizedSchema, Translated, page_schema
from api.serializers.inputs import ContentIn, patch_schema, text, title, translations


class ThemeOut(LocalizedSchema):
    id = fields.Integer()
    slug = fields.String()
    name = Translated()
    description = Translated(allow_none=True)
    position = fields.Integer(metadata={"description": "Editorial order."})


class ThemeSummary(ThemeOut):
    class Meta:
        exclude = ("history",)


ThemePage = page_schema("ThemePage", ThemeSummary)

ThemeArgs = list_args("ThemeArgs", THEMES.sort_choices)


class ThemeTextIn(Schema):
    name = title(200)
    description = text(5000, allow_none=True)


class ThemeIn(ContentIn):
    """A new theme."""

    position = fields.Integer(validate=validate.Range(0, 10_000), metadata={"description": "Editorial order."})
    translations = translations(ThemeTextIn)


ThemePatch = patch_schema(ThemeIn, "ThemePatch")
