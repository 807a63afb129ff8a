from marshmallow import Schema, fields, validate

from api.queries.authors import AUTHORS
from api.serializers.args import list_args, locale_field
from api.serializers.common import LocalizedSchema, Translated, page_schema
from api.serializers.inputs import ContentIn, Flag, patch_schema, text, translations


class AuthorOut(LocalizedSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    is_pseudonym = fields.Boolean(metadata={"description": "The byline is a pseudonym, not a legal name."})
    role = Translated(allow_none=True)
    bio = Translated(allow_none=True)


class AuthorSummary(AuthorOut):
    class Meta:
        exclude = ("history",)


AuthorPage = page_schema("AuthorPage", AuthorSummary)

AuthorArgs = list_args("AuthorArgs", AUTHORS.sort_choices)


class AuthorTextIn(Schema):
    role = text(200, allow_none=True)
    bio = text(5000, allow_none=True)


class AuthorIn(ContentIn):
    """A new author; the name is a byline, the same in every language, and role and bio are optional."""

    text_required = False

    original_locale = locale_field(load_default="en")
    name = fields.String(required=True, validate=validate.Length(1, 200))
    is_pseudonym = Flag(metadata={"description": "Protects activists in restrictive countries."})
    translations = translations(AuthorTextIn)


AuthorPatch = patch_schema(AuthorIn, "AuthorPatch")
