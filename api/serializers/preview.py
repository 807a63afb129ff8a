from marshmallow import Schema, fields


class PreviewOut(Schema):
    id = fields.String(metadata={"description": "Names the key in the item's list of keys, to revoke it."})
    url = fields.String(metadata={"description": "The item's API URL with its preview key; works without a token."})
    key = fields.String(metadata={"description": "Shown only now: it is stored as a hash."})
    expires_at = fields.DateTime()


class PreviewKeyOut(Schema):
    id = fields.String()
    created_at = fields.DateTime()
    created_by = fields.Function(lambda key: key.created_by.name, metadata={"description": "The token's name."})
    expires_at = fields.DateTime()


class PreviewKeyList(Schema):
    items = fields.List(fields.Nested(PreviewKeyOut))
