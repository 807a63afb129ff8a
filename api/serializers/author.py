from marshmallow import fields

from api.queries.authors import AUTHORS
from api.serializers.args import list_args
from api.serializers.common import LocalizedSchema, Translated, page_schema


class AuthorOut(LocalizedSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    is_pseudonym = fields.Boolean(metadata={"description": "The byline is a pseudonym, not a legal name."})
    role = Translated(allow_none=True)
    bio = Translated(allow_none=True)


AuthorPage = page_schema("AuthorPage", AuthorOut)

AuthorArgs = list_args("AuthorArgs", AUTHORS.sort_choices)
