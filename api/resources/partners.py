from flask.views import MethodView

from api.editing.partners import PARTNER_EDITOR
from api.queries.partners import PARTNERS
from api.resources.base import Blueprint, collection, item
from api.resources.json_ld import register_json_ld
from api.resources.writes import register_writes
from api.serializers.args import ItemArgs
from api.serializers.partner import PartnerArgs, PartnerOut, PartnerPage

blp = Blueprint("partners", __name__, url_prefix="/api/v1", description="Partner organisations.")


@blp.route("/partners")
class Partners(MethodView):
    @blp.arguments(PartnerArgs, location="query")
    @blp.response(200, PartnerPage)
    def get(self, args):
        """List partner organisations by name."""
        return collection(PARTNERS, args)


@blp.route("/partners/<slug:slug>")
class PartnerBySlug(MethodView):
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, PartnerOut)
    def get(self, _args, slug):
        """One partner organisation by its slug, with its public projects."""
        return item(PARTNERS, slug)


register_writes(blp, PARTNER_EDITOR, PartnerOut, "partner organisation")
register_json_ld(blp, PARTNERS, "partners", "partner organisation")
