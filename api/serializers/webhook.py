from flask_babel import lazy_gettext
from marshmallow import Schema, fields, validate

from api.serializers.args import choice, slug_field
from api.serializers.inputs import URL_SCHEMES

COLLECTIONS = ["posts", "projects", "vacancies", "partners", "themes", "authors"]
EVENT_PATTERN = r"^(\*|[a-z*]+\.[a-z_*]+)$"


class WebhookIn(Schema):
    url = fields.Url(required=True, schemes=URL_SCHEMES, validate=validate.Length(max=2000))
    events = fields.List(
        fields.String(validate=validate.Regexp(EVENT_PATTERN, error=lazy_gettext("Not an event pattern."))),
        metadata={"description": "Patterns such as post.published, post.* or *.deleted; all events when left out."},
    )
    types = fields.List(choice(COLLECTIONS), metadata={"description": "Collections; all when left out."})
    partner = slug_field("Only changes of this partner organisation's content.", allow_none=True)
    secret = fields.String(
        validate=validate.Length(16, 200), metadata={"description": "Signs deliveries; made for you when left out."}
    )


class WebhookOut(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    types = fields.List(fields.String())
    partner = fields.Function(lambda endpoint: endpoint.partner.slug if endpoint.partner else None, allow_none=True)
    position = fields.Integer(metadata={"description": "The last change-log id delivered (or skipped as unwanted)."})
    failures = fields.Integer(metadata={"description": "Failed attempts in a row at the next event."})
    active = fields.Function(lambda endpoint: endpoint.disabled_at is None)
    next_attempt_at = fields.DateTime(allow_none=True)
    disabled_at = fields.DateTime(allow_none=True)
    disabled_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class WebhookCreatedOut(WebhookOut):
    secret = fields.String(metadata={"description": "Shown this once: keep it to check signatures."})


class WebhookList(Schema):
    items = fields.List(fields.Nested(WebhookOut))


class WebhookAttemptOut(Schema):
    change_id = fields.Integer()
    attempt = fields.Integer()
    attempted_at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    delivered = fields.Boolean()
    error = fields.String(allow_none=True)
    duration_ms = fields.Integer()


class WebhookAttemptList(Schema):
    items = fields.List(fields.Nested(WebhookAttemptOut))


class WebhookItemOut(Schema):
    type = fields.String(metadata={"enum": COLLECTIONS})
    id = fields.Integer()
    slug = fields.String(metadata={"description": "Left out for sensitive items."})
    version = fields.Integer()
    api_path = fields.String()
    public_url = fields.String(metadata={"description": "Posts, projects and vacancies, unless deleted."})


class WebhookEventOut(Schema):
    """The body of every webhook delivery (POST, application/json), signed in X-CAG-Signature:
    t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>."""

    id = fields.String(metadata={"description": "evt_<change id>: the idempotency id, the same on every retry."})
    event = fields.String(
        metadata={
            "description": "<type>.<action>: created, updated, published, scheduled, went_live, unpublished, "
            "archived, deleted, unmarked_sensitive; any change of a sensitive item is <type>.removed."
        }
    )
    occurred_at = fields.DateTime()
    reason = fields.String(metadata={"description": "sensitive, on removed events."})
    item = fields.Nested(WebhookItemOut)
