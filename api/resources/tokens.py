from flask.views import MethodView
from flask_babel import gettext
from sqlalchemy import select

from api import auth, tokens
from api.errors import InvalidParameters, NotFound
from api.extensions import db
from api.models import ApiToken, Partner, Role
from api.resources.base import ROW_ID, Blueprint
from api.serializers.token import TokenCreated, TokenIn, TokenList, TokenOut

blp = Blueprint("tokens", __name__, url_prefix="/api/v1", description="API tokens for the write API (admins).")


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.response(200, TokenList)
    def get(self):
        """List every token, revoked ones included (admin)."""
        auth.require(Role.ADMIN)
        return {"items": db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()}

    @blp.arguments(TokenIn)
    @blp.response(201, TokenCreated)
    def post(self, data):
        """Create a token; its secret is in this response only (admin)."""
        auth.require(Role.ADMIN)
        partner = None
        if data.get("partner"):
            partner = db.session.scalar(select(Partner).where(Partner.slug == data["partner"]))
            if partner is None:
                reason = gettext("Nothing is known by the slug “%(slug)s”.", slug=data["partner"])
                raise InvalidParameters([{"name": "partner", "reason": reason}], status=422)
        token, secret = tokens.create(db.session, data["name"], Role(data["role"]), partner)
        db.session.commit()
        token.token = secret
        return token


@blp.route(f"/tokens/<{ROW_ID}:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    def delete(self, token_id: int):
        """Revoke a token; it stops working at once (admin)."""
        auth.require(Role.ADMIN)
        if tokens.revoke(db.session, token_id) is None:
            raise NotFound(gettext("No token has the id %(id)s.", id=token_id))
        db.session.commit()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, TokenOut)
    def get(self):
        """The token this request was made with, to check a token works."""
        return auth.require(*Role)
