from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.models.token import Role
from api.serializers.args import CHOICES_ERROR, related_slug


class TokenOut(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.Enum(Role, by_value=True)
    partner = fields.Function(lambda token: token.partner.slug if token.partner else None, allow_none=True)
    prefix = fields.String(metadata={"description": "The token's first characters, to recognise it."})
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class TokenCreated(TokenOut):
    token = fields.String(metadata={"description": "The secret. It is shown this once and never stored."})


class TokenList(Schema):
    items = fields.List(fields.Nested(TokenOut))


class TokenIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    role = fields.String(required=True, validate=validate.OneOf([role.value for role in Role], error=CHOICES_ERROR))
    partner = related_slug("The partner organisation a partner token belongs to.")

    @validates_schema
    def partner_goes_with_role(self, data, **_kwargs) -> None:
        if (data.get("role") == Role.PARTNER.value) != bool(data.get("partner")):
            raise ValidationError(
                lazy_gettext("A partner token needs a partner, and only a partner token has one."), "partner"
            )
