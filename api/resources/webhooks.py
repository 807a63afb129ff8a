"""Webhook endpoints, for admins: register, list, inspect the delivery log, re-enable, remove."""

from flask.views import MethodView
from sqlalchemy import select

from api import auth, webhooks
from api.errors import NotFound
from api.extensions import db
from api.models import Role, WebhookAttempt, WebhookEndpoint
from api.resources.base import ROW_ID, Blueprint
from api.serializers.webhook import (
    WebhookAttemptList,
    WebhookCreatedOut,
    WebhookIn,
    WebhookList,
    WebhookOut,
)

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1", description="Signed change notifications (admins).")


def endpoint_or_404(endpoint_id: int) -> WebhookEndpoint:
    auth.require(Role.ADMIN)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"webhook {endpoint_id}")
    return endpoint


@blp.route("/webhooks")
class Webhooks(MethodView):
    @blp.response(200, WebhookList)
    def get(self):
        """Every registered endpoint, with where its delivery stands."""
        auth.require(Role.ADMIN)
        return {"items": db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()}

    @blp.arguments(WebhookIn)
    @blp.response(201, WebhookCreatedOut)
    def post(self, data):
        """Register an endpoint; it receives the changes from now on. The secret is shown this once."""
        auth.require(Role.ADMIN)
        endpoint = webhooks.register(db.session, data)
        db.session.commit()
        return endpoint


@blp.route(f"/webhooks/<{ROW_ID}:endpoint_id>")
class WebhookById(MethodView):
    @blp.response(200, WebhookOut)
    def get(self, endpoint_id):
        """One endpoint and where its delivery stands (disabled ones say why)."""
        return endpoint_or_404(endpoint_id)

    @blp.response(204)
    def delete(self, endpoint_id):
        """Remove an endpoint and its delivery log."""
        db.session.delete(endpoint_or_404(endpoint_id))
        db.session.commit()


@blp.route(f"/webhooks/<{ROW_ID}:endpoint_id>/attempts")
class WebhookAttempts(MethodView):
    @blp.response(200, WebhookAttemptList)
    def get(self, endpoint_id):
        """The delivery log: the latest 100 attempts, newest first."""
        endpoint = endpoint_or_404(endpoint_id)
        stmt = (
            select(WebhookAttempt)
            .where(WebhookAttempt.endpoint_id == endpoint.id)
            .order_by(WebhookAttempt.id.desc())
            .limit(100)
        )
        return {"items": db.session.scalars(stmt).all()}


@blp.route(f"/webhooks/<{ROW_ID}:endpoint_id>/enable")
class EnableWebhook(MethodView):
    @blp.response(200, WebhookOut)
    def post(self, endpoint_id):
        """Re-enable a disabled endpoint: delivery resumes where it stopped."""
        endpoint = endpoint_or_404(endpoint_id)
        webhooks.enable(endpoint)
        db.session.commit()
        return endpoint
