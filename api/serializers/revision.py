from marshmallow import Schema, fields


class RevisionOut(Schema):
    version = fields.Integer()
    saved_at = fields.DateTime(attribute="created_at")
    saved_by = fields.Function(lambda revision: revision.token.name if revision.token else None, allow_none=True)
    snapshot = fields.Dict(metadata={"description": "The item's editable state as it was saved."})


class RevisionList(Schema):
    items = fields.List(fields.Nested(RevisionOut))
